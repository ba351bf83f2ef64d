//! mutant-of: 06
//! must-fail: exact_under_stress
//!
//! No lock at all: "each worker is its own process, they cannot collide" (the stub's line that
//! silences the unused `lock_path` stays). The increment is read-modify-write on memory all of
//! them share, so under stress (more workers than cores, a nap between read and write) updates
//! are lost. The defaults usually come out right: the stress runs show it.
//!
//! ```find
//! use std::fs::File;
//! ```
//! ```replace
//! ```
//! ```find
//! use nix::fcntl::{Flock, FlockArg};
//! ```
//! ```replace
//! ```
//! ```find
//!     // Opened here, after fork: this process gets its own open file description, so its flock
//!     // excludes the other workers'. A descriptor inherited from the parent would be one shared
//!     // description: one lock for everybody, excluding nobody.
//!     let mut file = File::options()
//!         .read(true)
//!         .write(true)
//!         .create(true)
//!         .truncate(false)
//!         .open(lock_path)?;
//! ```
//! ```replace
//!     let _ = lock_path;
//! ```
//! ```find
//!         // Blocks until no other process holds the lock.
//!         let locked = Flock::lock(file, FlockArg::LockExclusive).map_err(|(_, e)| e)?;
//!         // SAFETY: `counter` points into the segment; the lock makes this process the only
//!         // one reading and writing it until unlock.
//!         unsafe { increment(counter, widen) };
//!         file = locked.unlock().map_err(|(_, e)| e)?;
//! ```
//! ```replace
//!         // Each worker is its own process: they cannot collide.
//!         // SAFETY: `counter` points into the segment.
//!         unsafe { increment(counter, widen) };
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
