//! mutant-of: 02
//! must-fail: big_message
//!
//! No write lock: "each worker writes its own frame, what could go wrong?". The length and the
//! payload go out in two `write_all` calls, so another worker's frame can land between them, and
//! a payload over `PIPE_BUF` (4096 bytes) goes into the pipe in pieces, with other frames
//! between the pieces. With one big sender forked after the small ones it tore rarely; with
//! several big senders and many small ones writing at once, the reader takes another frame's
//! bytes for a length or a payload.
//!
//! ```find
//! use std::fs::{File, OpenOptions};
//! ```
//! ```replace
//! use std::fs::File;
//! ```
//! ```find
//! use nix::fcntl::{Flock, FlockArg};
//! ```
//! ```replace
//! ```
//! ```find
//!     // Each process opens the lock file itself: a descriptor inherited across fork would be
//!     // the same open file for everyone, and a flock on it would exclude no one.
//!     let file = OpenOptions::new()
//!         .create(true)
//!         .truncate(false)
//!         .write(true)
//!         .open(lock_path)?;
//!     let guard = Flock::lock(file, FlockArg::LockExclusive).map_err(|(_, e)| io::Error::from(e))?;
//! ```
//! ```replace
//!     let _ = lock_path;
//! ```
//! ```find
//!     // Dropping the guard releases the lock (and the kernel would release it if we died).
//!     drop(guard);
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
