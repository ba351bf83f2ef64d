//! mutant-of: 09
//! must-fail: at_most_k
//!
//! "Python's `with cond: if not ok: cond.wait()` worked once." With `if` instead of `while`,
//! every waiter woken by a release enters without looking again: more than K get inside.
//!
//! ```find
//!         while *inside == self.permits {
//! ```
//! ```replace
//!         if *inside == self.permits {
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
