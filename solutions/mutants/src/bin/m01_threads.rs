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
//!
//! /// Forks a child that runs `work` and exits with `exit_code`; returns its pid to the parent.
//! /// Python's `Process(target=work).start()`.
//! fn start_child(name: &str, work: fn(u64) -> u64, args: &Args, exit_code: i32) -> Pid {
//!     // SAFETY: this program never starts a thread, so the child is an exact copy of a
//!     // single-threaded process and may run any code, not only async-signal-safe functions.
//!     match unsafe { fork() }.expect("fork failed") {
//!         ForkResult::Child => child_body(name, work, args, exit_code),
//!         ForkResult::Parent { child } => child,
//!     }
//! }
//!
//! /// Everything a child does. It never returns: returning would let the child carry on with the
//! /// parent's code (fork the second child itself, wait, print `parent done`…).
//! fn child_body(name: &str, work: fn(u64) -> u64, args: &Args, exit_code: i32) -> ! {
//! ```
//! ```replace
//! fn body(name: &'static str, work: fn(u64) -> u64, input: u64, work_ms: u64, code: i32) -> i32 {
//! ```
//! ```find
//!     let result = work(args.input);
//!     // Stand-in for real work that takes time.
//!     thread::sleep(Duration::from_millis(args.work_ms));
//! ```
//! ```replace
//!     let result = work(input);
//!     thread::sleep(Duration::from_millis(work_ms));
//! ```
//! ```find
//!     std::process::exit(exit_code)
//! }
//!
//! /// Waits for `pid` to end and describes how: `exited:<code>` or `signaled:<SIGNAME>`.
//! /// Python's `p.join()` followed by `p.exitcode`.
//! fn wait_for(pid: Pid) -> String {
//!     match waitpid(pid, None).expect("waitpid failed") {
//!         WaitStatus::Exited(_, code) => format!("exited:{code}"),
//!         WaitStatus::Signaled(_, signal, _) => format!("signaled:{}", signal.as_str()),
//!         // Without WUNTRACED/WCONTINUED flags waitpid reports only the two endings above.
//!         other => unreachable!("waitpid without flags reported {other:?}"),
//!     }
//! ```
//! ```replace
//!     code
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
//!     let (input, ms, code) = (args.input, args.work_ms, args.exit_code);
//!     let alpha = thread::spawn(move || body("alpha", sum_of_squares, input, ms, 0));
//!     let beta = thread::spawn(move || body("beta", fibonacci, input, ms, code));
//!     let pid = getpid();
//!     for (name, handle) in [("alpha", alpha), ("beta", beta)] {
//!         let code = handle.join().expect("thread panicked");
//!         println!("parent reaped {name} pid={pid} status=exited:{code}");
//!     }
//!     println!("parent done");
//! }
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
