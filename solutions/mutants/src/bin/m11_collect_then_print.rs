//! mutant-of: 11
//! must-fail: printed_when_done
//!
//! main collects every completion first (in the order they arrived) and prints them afterwards:
//! the done lines are in completion order, but all of them come at the end, once the slowest
//! task is over, instead of the moment each result arrives.
//!
//! ```find
//!     for _ in 0..args.tasks {
//!         let (i, completion) = pool.next_completed();
//! ```
//! ```replace
//!     let arrived: Vec<(u64, Completion)> = (0..args.tasks).map(|_| pool.next_completed()).collect();
//!     for (i, completion) in arrived {
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
