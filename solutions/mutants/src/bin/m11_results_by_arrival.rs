//! mutant-of: 11
//! must-fail: results_exact
//!
//! Python's `results.append(f.result())` inside the `as_completed` loop: main appends each
//! completion to the results as it arrives and prints them by position. The i-th result line is
//! the i-th task to complete, not task i: the "input order" is the completion order again.
//!
//! ```find
//!         results[i as usize] = Some(completion);
//! ```
//! ```replace
//!         results.remove(0);
//!         results.push(Some(completion));
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
