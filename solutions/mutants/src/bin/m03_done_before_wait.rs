//! mutant-of: 03
//! must-fail: summary
//!
//! The parent prints its `done` line as soon as every writer is started, then waits for them:
//! the writers' lines come after the summary.
//!
//! ```find
//!         .collect();
//! ```
//! ```replace
//!         .collect();
//!     println!(
//!         "done writers={} lines={}",
//!         args.writers,
//!         args.writers * args.lines
//!     );
//! ```
//! ```find
//!     let _ = std::fs::remove_file(&lock_path);
//!
//!     println!(
//!         "done writers={} lines={}",
//!         args.writers,
//!         args.writers * args.lines
//!     );
//! ```
//! ```replace
//!     let _ = std::fs::remove_file(&lock_path);
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
