//! mutant-of: 06
//! must-fail: no_shm_left
//!
//! "The child must not be the owner": so the parent gives up ownership BEFORE forking, and the
//! children inherit a non-owner `Shmem`. Then nobody owns the segment and nobody unlinks it: every
//! run leaves a segment behind in /dev/shm.
//!
//! ```find
//!
//!     let mut children = Vec::with_capacity(args.workers);
//! ```
//! ```replace
//!
//!     // Give up ownership before forking, so the children do not unlink it (and neither does
//!     // anybody else: wrong).
//!     shmem.set_owner(false);
//!     let mut children = Vec::with_capacity(args.workers);
//! ```
//! ```find
//!             shmem.set_owner(false);
//! ```
//! ```replace
//!             // Ownership was already given up in `main`.
//!             let _ = &shmem;
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
