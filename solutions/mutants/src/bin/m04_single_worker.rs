//! mutant-of: 04
//! must-fail: exactly_w_workers, spread
//!
//! Ignores --workers: the pool always has a single worker, which gets every task. The output is
//! right and in order, but there is no pool to speak of.
//!
//! ```find
//!     let results = pool_map(args.workers, &tasks);
//! ```
//! ```replace
//!     let results = pool_map(1, &tasks);
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
