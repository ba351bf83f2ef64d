//! mutant-of: 01
//! must-fail: summary_last
//!
//! "The parent's own work is done once both children are started": `parent done` is printed
//! right after the forks, before the children are waited for and reported.
//!
//! ```find
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
//! }
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
//! fn wait_for(pid: Pid) -> String {
//!     match waitpid(pid, None).expect("waitpid failed") {
//!         WaitStatus::Exited(_, code) => format!("exited:{code}"),
//!         WaitStatus::Signaled(_, signal, _) => format!("signaled:{}", signal.as_str()),
//!         other => unreachable!("{other:?}"),
//!     }
//! }
//!
//! fn main() {
//!     let args = Args::parse();
//!     println!("parent pid={} started", getpid());
//!
//!     let children = [
//!         ("alpha", start_child("alpha", sum_of_squares, &args, 0)),
//!         (
//!             "beta",
//!             start_child("beta", fibonacci, &args, args.exit_code),
//!         ),
//!     ];
//!     println!("parent done");
//!     for (name, pid) in children {
//!         let status = wait_for(pid);
//!         println!("parent reaped {name} pid={pid} status={status}");
//!     }
//! }
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
