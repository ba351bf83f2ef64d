//! mutant-of: 04
//! must-fail: results_in_order
//!
//! A real pool with dynamic hand-out, but it keeps each result as it arrives, with its index, and
//! never puts them back in input order: the results come out in the order the tasks FINISHED.
//!
//! ```find
//!     let mut results: Vec<Option<u64>> = vec![None; tasks.len()];
//! ```
//! ```replace
//!     let mut results: Vec<(usize, u64)> = Vec::with_capacity(tasks.len());
//! ```
//! ```find
//!         // Results arrive in COMPLETION order; storing each at its task's index gives them back
//!         // in INPUT order, as Pool.map does.
//!         results[done.index] = Some(done.output);
//! ```
//! ```replace
//!         results.push((done.index, done.output));
//! ```
//! ```find
//!     results
//!         .into_iter()
//!         .enumerate()
//!         .map(|(i, r)| r.unwrap_or_else(|| panic!("no result for task {i}")))
//!         .collect()
//! ```
//! ```replace
//!     results.into_iter().map(|(_, output)| output).collect()
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
