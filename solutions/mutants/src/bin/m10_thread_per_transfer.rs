//! mutant-of: 10
//! must-fail: worker_threads
//!
//! "More threads, more concurrency": every transfer gets a thread of its own, joined at once.
//! The balances are right, but the program starts T × N threads instead of T workers, each
//! paying a thread's start-up for one small transfer.
//!
//! ```find
//!         transfer(bank, thread, k, t, widen);
//! ```
//! ```replace
//!         std::thread::scope(|s| {
//!             s.spawn(|| transfer(bank, thread, k, t, widen));
//!         });
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
