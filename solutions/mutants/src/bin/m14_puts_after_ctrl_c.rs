//! mutant-of: 14
//! must-fail: stops_at_ctrl_c
//!
//! The Python program catches `KeyboardInterrupt` around the `join` only: the loop that puts
//! the jobs never looks at the flag. A Ctrl-C interrupts a blocked put, which is simply tried
//! again, so every job goes into the queue; only the last few, still queued when the parent
//! reaches the join, are taken back. The summary adds up, the exit status is 130, and yet
//! nearly every job was started after the user asked to stop.
//!
//! ```find
//!     while put < jobs && !cancelled() {
//! ```
//! ```replace
//!     while put < jobs {
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
