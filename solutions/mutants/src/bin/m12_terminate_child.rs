//! mutant-of: 12
//! must-fail: eof_exit
//!
//! Python's `p.terminate()` ends a child at once, so after the last round the parent sends the
//! child SIGTERM instead of letting it see end-of-file, and counts "killed by SIGTERM" as done.
//! Every reply is right, but the child never ended by itself.
//!
//! ```find
//!     drop(parent_end);
//!     reap(child)
//! ```
//! ```replace
//!     nix::sys::signal::kill(child, nix::sys::signal::Signal::SIGTERM).map_err(io::Error::from)?;
//!     drop(parent_end);
//!     reap(child)
//! ```
//! ```find
//!         other => Err(io::Error::other(format!(
//! ```
//! ```replace
//!         WaitStatus::Signaled(pid, _, _) => {
//!             println!("reaped child={pid} code=0");
//!             Ok(())
//!         }
//!         other => Err(io::Error::other(format!(
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
