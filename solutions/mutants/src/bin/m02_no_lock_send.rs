//! mutant-of: 02
//! must-fail: big_message
//!
//! No write lock, but the whole frame (length and payload) in one `write_all`, "so it is
//! atomic". It is not: only writes of at most `PIPE_BUF` (4096 bytes) are. A 1 MB frame goes
//! into the 64 KiB pipe in pieces as the reader empties it, and the frames of the other workers
//! blocked on the same pipe land between the pieces.
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
//!     let mut writer = queue;
//!     writer.write_all(&len.to_le_bytes())?;
//!     writer.write_all(payload)?;
//!     // Dropping the guard releases the lock (and the kernel would release it if we died).
//!     drop(guard);
//! ```
//! ```replace
//!     let _ = lock_path;
//!     let mut frame = len.to_le_bytes().to_vec();
//!     frame.extend_from_slice(payload);
//!     let mut writer = queue;
//!     writer.write_all(&frame)?;
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
