//! mutant-of: 03
//! must-fail: concurrent
//!
//! Each writer is forked and waited for before the next one starts. The blocks come out whole,
//! but only because the writers never run at the same time: the lock is never put to the test.
//!
//! ```find
//!     // Start every writer first, then wait for all: they run at the same time and the lock alone
//!     // decides who writes when.
//!     let writers: Vec<Pid> = (1..=args.writers)
//!         .map(|i| start_writer(i, &args, &lock_path))
//!         .collect();
//!     for pid in writers {
//! ```
//! ```replace
//!     for i in 1..=args.writers {
//!         let pid = start_writer(i, &args, &lock_path);
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
