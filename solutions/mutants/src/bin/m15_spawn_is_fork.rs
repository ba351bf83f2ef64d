//! mutant-of: 15
//! must-fail: spawn_is_exec, globals_by_method
//!
//! "Spawn" done the way the fork start method does it: fork, and call the spawned child's job
//! in the copy. The job runs and prints, but no new program image was ever started: the child
//! inherited the parent's memory, so it sees the global the parent changed, where a real spawn
//! (Python's default on macOS and Windows) starts from the initial value.
//!
//! ```find
//! use std::process::{Command, exit};
//! ```
//! ```replace
//! use std::process::exit;
//! ```
//! ```find
//!     let me = std::env::current_exe()?;
//!     let child = Command::new(me)
//!         .arg("--child")
//!         .args(["--scale", &args.scale.to_string()])
//!         .args(["--n", &args.n.to_string()])
//!         .spawn()?;
//!     Ok(Pid::from_raw(child.id() as i32))
//! ```
//! ```replace
//!     // SAFETY: no thread has been started yet.
//!     match unsafe { fork() }? {
//!         ForkResult::Child => {
//!             spawned_job(args);
//!             exit(0)
//!         }
//!         ForkResult::Parent { child } => Ok(child),
//!     }
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
