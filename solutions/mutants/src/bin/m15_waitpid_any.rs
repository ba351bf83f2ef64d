//! mutant-of: 15
//! must-fail: reaped
//!
//! `os.wait()` instead of `p.join()`: the parent waits for "a child", twice, and reports them
//! in the order it started them. The forked child, started second, ends long before the spawned
//! one (which has a program to load first), so the first wait returns the fork child and the
//! `reaped method=spawn` line names the wrong process.
//!
//! ```find
//! fn reap(method: &str, child: Pid) -> Result<(), Box<dyn Error>> {
//!     match waitpid(child, None)? {
//! ```
//! ```replace
//! fn reap(method: &str, _child: Pid) -> Result<(), Box<dyn Error>> {
//!     match waitpid(None, None)? {
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
