//! mutant-of: 11
//! must-fail: pool_threads
//!
//! "More threads, more speed": the pool is sized by the number of tasks, one thread for each,
//! instead of --workers threads reused for every task. With no GIL every thread runs, and W is
//! no longer the limit on how many tasks run at once.
//!
//! ```find
//!     let pool = Pool::new(args.workers);
//! ```
//! ```replace
//!     let pool = Pool::new(args.tasks);
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
