//! mutant-of: 11
//! must-fail: cancel_stops_queue
//!
//! Each pool thread reads the `cancelled` flag once, when it starts, into a local (Python's
//! `cancelled = self.cancelled`), and checks that copy before every job: the copy never changes,
//! so after a failure every queued task still runs.
//!
//! ```find
//!     for (index, task) in jobs {
//! ```
//! ```replace
//!     let cancelled = state.lock().expect("a pool thread panicked").cancelled;
//!     for (index, task) in jobs {
//! ```
//! ```find
//!             if state.cancelled {
//! ```
//! ```replace
//!             if cancelled {
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
