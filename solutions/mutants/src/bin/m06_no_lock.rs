//! mutant-of: 06
//! must-fail: exact_under_stress
//!
//! No lock at all: "each worker is its own process, they cannot collide". The increment is
//! read-modify-write on memory all of them share, so under stress (more workers than cores, a nap
//! between read and write) updates are lost. The defaults usually come out right: the stress runs
//! show it.
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
//!         let locked = Flock::lock(file, FlockArg::LockExclusive).map_err(|(_, e)| e)?;
//! ```
//! ```replace
//!         // Each worker is its own process: no lock needed (wrong).
//!         // SAFETY: `counter` points into the segment.
//! ```
//! ```find
//!         file = locked.unlock().map_err(|(_, e)| e)?;
//! ```
//! ```replace
//!         // Nobody else writes this worker's slot: no lock needed.
//!         // SAFETY: `slot` points into the segment.
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
