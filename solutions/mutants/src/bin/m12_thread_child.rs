//! mutant-of: 12
//! must-fail: eof_exit, one_child
//!
//! `threading.Thread(target=serve, args=(child_conn,))` instead of `Process`: the "child" is a
//! thread of the parent, so the conversation works, but no process is ever created, the
//! `served` lines carry the parent's own pid, and "reaping" it is only a printed line.
//!
//! ```find
//! use std::process::exit;
//! ```
//! ```replace
//! ```
//! ```find
//! use nix::sys::wait::{WaitStatus, waitpid};
//! use nix::unistd::{ForkResult, Pid, fork, getpid};
//! ```
//! ```replace
//! use nix::unistd::{Pid, getpid};
//! ```
//! ```find
//!     // SAFETY: this program starts no thread, so the child is an exact copy of a
//!     // single-threaded process and may run any code.
//!     match unsafe { fork() }.map_err(io::Error::from)? {
//!         ForkResult::Child => {
//!             // The parent's end is not the child's to keep: while a copy of it is open here,
//!             // end-of-file never comes.
//!             drop(parent_end);
//!             let code = match serve(child_end) {
//!                 Ok(()) => 0,
//!                 Err(err) => {
//!                     eprintln!("child: {err}");
//!                     1
//!                 }
//!             };
//!             exit(code)
//!         }
//!         ForkResult::Parent { child } => {
//!             drop(child_end);
//!             Ok((parent_end, child))
//!         }
//!     }
//! ```
//! ```replace
//!     std::thread::spawn(move || serve(child_end));
//!     Ok((parent_end, getpid()))
//! ```
//! ```find
//!     match waitpid(child, None).map_err(io::Error::from)? {
//!         WaitStatus::Exited(pid, code) => {
//!             println!("reaped child={pid} code={code}");
//!             if code == 0 {
//!                 Ok(())
//!             } else {
//!                 Err(io::Error::other(format!(
//!                     "the child exited with code {code}"
//!                 )))
//!             }
//!         }
//!         other => Err(io::Error::other(format!(
//!             "the child ended abnormally: {other:?}"
//!         ))),
//!     }
//! ```
//! ```replace
//!     println!("reaped child={child} code=0");
//!     Ok(())
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
