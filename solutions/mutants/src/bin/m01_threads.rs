//! mutant-of: 01
//! must-fail: two_children, own_function, exit_status
//!
//! Threads instead of processes: std::thread::spawn is what `threading.Thread` would be, not
//! `multiprocessing.Process`. Both "children" are threads of the main process, so they print
//! its pid; the exit code is faked from what the thread returned, as no process ever exits.
//!
//! ```find
//! use nix::sys::wait::{WaitStatus, waitpid};
//! use nix::unistd::{ForkResult, Pid, fork, getpid};
//! ```
//! ```replace
//! use nix::unistd::getpid;
//! ```
//! ```find
//! #[derive(Parser, Debug)]
//! ```
//! ```replace
//! #[derive(Parser, Debug, Clone)]
//! ```
//! ```find
//! fn start_child(name: &str, work: fn(u64) -> u64, args: &Args, exit_code: i32) -> Pid {
//!     // SAFETY: this program never starts a thread, so the child is an exact copy of a
//!     // single-threaded process and may run any code, not only async-signal-safe functions.
//!     match unsafe { fork() }.expect("fork failed") {
//!         ForkResult::Child => child_body(name, work, args, exit_code),
//!         ForkResult::Parent { child } => child,
//!     }
//! }
//! ```
//! ```replace
//! fn start_child(
//!     name: &'static str,
//!     work: fn(u64) -> u64,
//!     args: &Args,
//!     exit_code: i32,
//! ) -> thread::JoinHandle<i32> {
//!     let args = args.clone();
//!     thread::spawn(move || child_body(name, work, &args, exit_code))
//! }
//! ```
//! ```find
//! fn child_body(name: &str, work: fn(u64) -> u64, args: &Args, exit_code: i32) -> ! {
//! ```
//! ```replace
//! fn child_body(name: &str, work: fn(u64) -> u64, args: &Args, exit_code: i32) -> i32 {
//! ```
//! ```find
//!     std::process::exit(exit_code)
//! ```
//! ```replace
//!     exit_code
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
//! fn wait_for(child: thread::JoinHandle<i32>) -> String {
//!     let code = child.join().expect("thread panicked");
//!     format!("exited:{code}")
//! }
//! ```
//! ```find
//!     for (name, pid) in children {
//!         let status = wait_for(pid);
//! ```
//! ```replace
//!     for (name, child) in children {
//!         let pid = getpid();
//!         let status = wait_for(child);
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
