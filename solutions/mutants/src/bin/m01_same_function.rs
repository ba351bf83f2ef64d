//! mutant-of: 01
//! must-fail: own_function
//!
//! A copy-paste slip: both children run sum_of_squares, so beta prints alpha's result.
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
//! /// Python's `p.join()` followed by `p.exitcode`.
//! fn wait_for(pid: Pid) -> String {
//! ```
//! ```replace
//! /// Python's `p.join()` followed by `p.exitcode`.
//! fn sum_of_squares(n: u64) -> u64 {
//!     (1..=n).map(|i| i * i).sum()
//! }
//! fn wait_for(pid: Pid) -> String {
//! ```
//! ```find
//!         other => unreachable!("waitpid without flags reported {other:?}"),
//! ```
//! ```replace
//!         other => unreachable!("{other:?}"),
//! ```
//! ```find
//! /// alpha: 1² + 2² + … + n².
//! fn sum_of_squares(n: u64) -> u64 {
//!     (1..=n).map(|i| i * i).sum()
//! }
//! ```
//! ```replace
//! /// alpha: 1² + 2² + … + n².
//! fn main() {
//!     let args = Args::parse();
//!     println!("parent pid={} started", getpid());
//!
//!     let children = [
//!         ("alpha", start_child("alpha", sum_of_squares, &args, 0)),
//!         (
//!             "beta",
//!             start_child("beta", sum_of_squares, &args, args.exit_code),
//!         ),
//!     ];
//!     for (name, pid) in children {
//!         let status = wait_for(pid);
//!         println!("parent reaped {name} pid={pid} status={status}");
//! }
//! ```
//! ```find
//! fn fibonacci(n: u64) -> u64 {
//!     let (mut a, mut b) = (0u64, 1u64);
//!     for _ in 0..n {
//!         (a, b) = (b, a + b);
//! ```
//! ```replace
//!     println!("parent done");
//! ```
//! ```find
//!     a
//! }
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
