//! mutant-of: 14
//! must-fail: accounting, workers_end
//!
//! Python's workers were daemons: "they die with the parent". So on Ctrl-C the parent prints
//! its summary and leaves at once, without waiting for the running jobs or for the workers. In
//! Rust nothing kills them: they outlive the parent, still writing their files, and their
//! `done` lines come after the summary.
//!
//! ```find
//!         if cancelled() && !drained {
//!             taken_back = take_back(name)?;
//!             drained = true;
//!         }
//! ```
//! ```replace
//!         if cancelled() && !drained {
//!             take_back(name)?;
//!             taken_back = put - done;
//!             drained = true;
//!         }
//! ```
//! ```find
//!     stop_workers(&queue, workers)?;
//! ```
//! ```replace
//!     if !cancelled() {
//!         stop_workers(&queue, workers)?;
//!     }
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
