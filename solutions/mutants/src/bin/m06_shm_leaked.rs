//! mutant-of: 06
//! must-fail: no_shm_left
//!
//! "The child must not be the owner": so the parent gives up ownership BEFORE forking, and the
//! children inherit a non-owner `Shmem`. Then nobody owns the segment and nobody unlinks it: every
//! run leaves a segment behind in /dev/shm.
//!
//! ```find
//!     let mut children = Vec::with_capacity(args.workers);
//! ```
//! ```replace
//!     // The children must not own the segment: give ownership up before forking them.
//!     shmem.set_owner(false);
//!     let mut children = Vec::with_capacity(args.workers);
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
