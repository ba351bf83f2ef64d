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
//! }
//!
//! fn main() {
//!     let args = Args::parse();
//!     println!("parent pid={} started", getpid());
//!
//!     // Start BOTH children before waiting for either: while the parent forks beta, alpha is
//!     // already running. Waiting for alpha before forking beta would run them one after the other.
//!     let children = [
//!         ("alpha", start_child("alpha", sum_of_squares, &args, 0)),
//!         (
//!             "beta",
//!             start_child("beta", fibonacci, &args, args.exit_code),
//!         ),
//!     ];
//!
//!     // Only now wait: `waitpid` blocks until that child has ended and collects its status (the
//!     // kernel keeps a finished child as a zombie until its parent does this).
//!     for (name, pid) in children {
//!         let status = wait_for(pid);
//!         println!("parent reaped {name} pid={pid} status={status}");
//!     }
//!     println!("parent done");
//! ```
//! ```replace
//! ```
//! ```find
//! fn wait_for(pid: Pid) -> String {
//!     match waitpid(pid, None).expect("waitpid failed") {
//!         WaitStatus::Exited(_, code) => format!("exited:{code}"),
//!         WaitStatus::Signaled(_, signal, _) => format!("signaled:{}", signal.as_str()),
//!         // Without WUNTRACED/WCONTINUED flags waitpid reports only the two endings above.
//!         other => unreachable!("waitpid without flags reported {other:?}"),
//!     }
//! }
//! ```
//! ```replace
//! ```
//! ```find
//!     a
//! }
//! ```
//! ```replace
//!     a
//! }
//! fn main() {
//!     let args = Args::parse();
//!     println!("parent pid={} started", getpid());
//!
//!     let children = [
//!         ("alpha", start_child("alpha", sum_of_squares, &args, 0), 0),
//!         (
//!             "beta",
//!             start_child("beta", fibonacci, &args, args.exit_code),
//!             args.exit_code,
//!         ),
//!     ];
//!     for (name, pid, code) in children {
//!         println!("parent reaped {name} pid={pid} status=exited:{code}");
//!     }
//!     println!("parent done");
//! }
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
