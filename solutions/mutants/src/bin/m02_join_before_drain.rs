//! mutant-of: 02
//! must-fail: big_message
//!
//! Joins before draining, like the course's first example: it waits for every worker, then reads
//! the queue. Fine while everything fits in the pipe's 64 KiB; with a big message the worker
//! blocks in write() forever and so does the parent in waitpid().
//!
//! ```find
//!     let mut reader = BufReader::new(reader);
//!     let mut received = 0;
//!     while let Some(payload) = recv(&mut reader)? {
//!         let msg =
//!             Message::decode(&payload).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
//!         print_message(&msg);
//!         received += 1;
//!     }
//!
//!     // Every worker has closed its write end (EOF), so they are ending or ended: reaping them
//!     // now cannot block for long. Doing this BEFORE draining deadlocks on big messages.
//! ```
//! ```replace
//!     // Like the course's example: wait for every worker, then read what they sent.
//! ```
//! ```find
//!     }
//!     Ok(received)
//! ```
//! ```replace
//!     }
//!
//!     let mut reader = BufReader::new(reader);
//!     let mut received = 0;
//!     while let Some(payload) = recv(&mut reader)? {
//!         let msg =
//!             Message::decode(&payload).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
//!         print_message(&msg);
//!         received += 1;
//!     }
//!     Ok(received)
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
