//! mutant-of: 07
//! must-fail: heartbeat_is_daemon
//!
//! The heartbeat is started after the workers have been joined, "once the real work is done":
//! it never beats while the workers work, which is what a heartbeat is for.
//!
//! ```find
//!     start_heartbeat(period);
//!     let workers = start_workers(args.workers, args.count, work);
//!     let total = join_all(workers);
//! ```
//! ```replace
//!     let workers = start_workers(args.workers, args.count, work);
//!     let total = join_all(workers);
//!     start_heartbeat(period);
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
