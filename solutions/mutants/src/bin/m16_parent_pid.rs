//! mutant-of: 16
//! must-fail: worker_processes
//!
//! In Python the student printed `os.getpid()` next to each partial, in the parent's loop over
//! the results: that is the parent's pid, the same on every line, not the worker that computed
//! the partial. The kernel knows which processes the program forked; the parent is not one.
//!
//! ```find
//!         println!("partial worker={i} pid={pid} sum={partial}");
//! ```
//! ```replace
//!         let _ = pid;
//!         println!("partial worker={i} pid={} sum={partial}", std::process::id());
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
