//! mutant-of: 04
//! must-fail: exactly_w_workers
//!
//! "More processes than cores only slows things down": the pool is capped at
//! `available_parallelism()`. It asks for fewer workers than `--workers` says whenever W is over
//! the machine's cores, so on a 2-core machine the default W = 3 already shows it, and on 8
//! cores only W > 8 does. A pool's workers mostly wait (here they sleep, elsewhere on I/O), and
//! W is the caller's choice: the grader runs W over the grading machine's cores, whatever they
//! are.
//!
//! ```find
//!     let (mut pool, result_pipes) = start_pool(workers);
//! ```
//! ```replace
//!     let cores = thread::available_parallelism().map_or(1, |n| n.get());
//!     let (mut pool, result_pipes) = start_pool(workers.min(cores));
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
