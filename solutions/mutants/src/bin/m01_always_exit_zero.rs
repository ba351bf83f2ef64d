//! mutant-of: 01
//! must-fail: exit_status
//!
//! The parent waits for each child but never reads the WaitStatus: "it ended, so it went well".
//! It reports `exited:0` for beta, whose real exit code is --exit-code.
//!
//! ```find
//! use nix::sys::wait::{WaitStatus, waitpid};
//! ```
//! ```replace
//! use nix::sys::wait::waitpid;
//! ```
//! ```find
//!     exit_code: i32,
//! }
//! ```
//! ```replace
//!     exit_code: i32,
//! }
//!
//! fn start_child(name: &str, work: fn(u64) -> u64, args: &Args, exit_code: i32) -> Pid {
//!     // SAFETY: no thread was started, the child may run any code.
//!     match unsafe { fork() }.expect("fork failed") {
//!         ForkResult::Child => child_body(name, work, args, exit_code),
//!         ForkResult::Parent { child } => child,
//!     }
//! }
//!
//! fn child_body(name: &str, work: fn(u64) -> u64, args: &Args, exit_code: i32) -> ! {
//!     println!("child {name} pid={} begin", getpid());
//!     let result = work(args.input);
//!     thread::sleep(Duration::from_millis(args.work_ms));
//!     println!("child {name} pid={} result={result}", getpid());
//!     std::process::exit(exit_code)
//! }
//!
//! fn sum_of_squares(n: u64) -> u64 {
//!     (1..=n).map(|i| i * i).sum()
//! }
//!
//! fn fibonacci(n: u64) -> u64 {
//!     let (mut a, mut b) = (0u64, 1u64);
//!     for _ in 0..n {
//!         (a, b) = (b, a + b);
//!     }
//!     a
//! }
//!
//! fn wait_for(pid: Pid) -> String {
//!     waitpid(pid, None).expect("waitpid failed");
//!     "exited:0".to_string()
//! }
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
//!
//! /// Everything a child does. It never returns: returning would let the child carry on with the
//! /// parent's code (fork the second child itself, wait, print `parent done`…).
//! fn child_body(name: &str, work: fn(u64) -> u64, args: &Args, exit_code: i32) -> ! {
//!     println!("child {name} pid={} begin", getpid());
//!     let result = work(args.input);
//!     // Stand-in for real work that takes time.
//!     thread::sleep(Duration::from_millis(args.work_ms));
//!     println!("child {name} pid={} result={result}", getpid());
//!     // The exit code is how a child tells its parent how it went (`exitcode` in Python).
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
//! }
//!
//! /// alpha: 1² + 2² + … + n².
//! fn sum_of_squares(n: u64) -> u64 {
//!     (1..=n).map(|i| i * i).sum()
//! }
//!
//! /// beta: the n-th Fibonacci number, fib(0) = 0, fib(1) = 1 (fits in u64 up to n = 93).
//! fn fibonacci(n: u64) -> u64 {
//!     let (mut a, mut b) = (0u64, 1u64);
//!     for _ in 0..n {
//!         (a, b) = (b, a + b);
//!     }
//!     a
//! }
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
