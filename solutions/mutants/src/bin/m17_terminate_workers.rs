//! mutant-of: 17
//! must-fail: clean_end
//!
//! `with Pool(w) as pool:` ends with `pool.terminate()`: Python's context manager kills the
//! workers instead of closing the pool and joining it. Written here as a SIGTERM to every
//! worker, then waitpid: every count is in, but the workers die of a signal instead of
//! reading the end of their task pipe and exiting by themselves.
//!
//! ```find
//!     let pids: Vec<Pid> = pool.into_iter().map(|w| w.pid).collect();
//! ```
//! ```replace
//!     for worker in &pool {
//!         let _ = nix::sys::signal::kill(worker.pid, nix::sys::signal::Signal::SIGTERM);
//!     }
//!     let pids: Vec<Pid> = pool.into_iter().map(|w| w.pid).collect();
//! ```
//! ```find
//!             Ok(WaitStatus::Exited(_, 0)) => {}
//! ```
//! ```replace
//!             Ok(WaitStatus::Exited(_, 0) | WaitStatus::Signaled(..)) => {}
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
