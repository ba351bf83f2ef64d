//! mutant-of: 14
//! must-fail: accounting, workers_end
//!
//! Python's default Ctrl-C raises KeyboardInterrupt wherever the program is, and a quick
//! `sys.exit(130)` ends it: so the handler exits at once. The parent is gone before the
//! workers finish their jobs, with no summary, and the workers are left running.
//!
//! ```find
//!     CANCELLED.store(true, Ordering::SeqCst);
//! ```
//! ```replace
//!     exit(INTERRUPTED);
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
