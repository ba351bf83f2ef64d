//! mutant-of: 10
//! must-fail: workers_overlap
//!
//! Each worker is joined right after it is spawned: the next one starts only when the previous
//! one has made all its transfers. Nothing can deadlock or race, because nothing runs at the same
//! time: the threads are there, the concurrency is not.
//!
//! ```find
//!             s.spawn(move || worker(bank, w as u64, plan, widen));
//! ```
//! ```replace
//!             s.spawn(move || worker(bank, w as u64, plan, widen))
//!                 .join()
//!                 .expect("a worker panicked");
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
