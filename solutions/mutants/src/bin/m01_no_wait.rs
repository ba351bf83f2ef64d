//! mutant-of: 01
//! must-fail: summary_last, exit_status
//!
//! The parent never waits: it prints the statuses it expects the children to end with and
//! leaves. Its `reaped` lines come before the children have even finished, and nobody reaps
//! them.
//!
//! ```find
//! use nix::sys::wait::{WaitStatus, waitpid};
//! ```
//! ```replace
//! ```
//! ```find
//!         ("alpha", start_child("alpha", sum_of_squares, &args, 0)),
//!         (
//!             "beta",
//!             start_child("beta", fibonacci, &args, args.exit_code),
//!         ),
//! ```
//! ```replace
//!         ("alpha", start_child("alpha", sum_of_squares, &args, 0), 0),
//!         (
//!             "beta",
//!             start_child("beta", fibonacci, &args, args.exit_code),
//!             args.exit_code,
//!         ),
//! ```
//! ```find
//!     for (name, pid) in children {
//!         let status = wait_for(pid);
//!         println!("parent reaped {name} pid={pid} status={status}");
//!     }
//! ```
//! ```replace
//!     for (name, pid, code) in children {
//!         println!("parent reaped {name} pid={pid} status=exited:{code}");
//!     }
//! ```
//! ```find
//! /// Waits for `pid` to end and describes how: `exited:<code>` or `signaled:<SIGNAME>`.
//! /// Python's `p.join()` followed by `p.exitcode`.
//! fn wait_for(pid: Pid) -> String {
//!     match waitpid(pid, None).expect("waitpid failed") {
//!         WaitStatus::Exited(_, code) => format!("exited:{code}"),
//!         WaitStatus::Signaled(_, signal, _) => format!("signaled:{}", signal.as_str()),
//!         // Without WUNTRACED/WCONTINUED flags waitpid reports only the two endings above.
//!         other => unreachable!("waitpid without flags reported {other:?}"),
//!     }
//! }
//!
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
