//! mutant-of: 03
//! must-fail: blocks_whole
//!
//! No lock at all: the stub's line that silences the "unused" warnings stays, the lock is never
//! taken. Every writer prints its block as soon as it starts, and during each pause the others
//! cut in.
//!
//! ```find
//!     // The critical section is the whole block: the lock is taken before the first line and
//!     // released after the last, so no other writer can print in between.
//!     let lock = take_lock(lock_path);
//! ```
//! ```replace
//!     let _ = (lock_path, take_lock);
//! ```
//! ```find
//!     // Dropping the Flock unlocks the file. (`process::exit` runs no destructors; the kernel
//!     // would release the lock anyway when the process dies, but say it where it happens.)
//!     drop(lock);
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
