//! mutant-of: 14
//! must-fail: stops_handing_out
//!
//! "Stop putting jobs" is all the parent does on Ctrl-C: the jobs already in the queue stay
//! there, the parent waits for them as for any other, and the workers go on taking them after
//! the signal — up to six more jobs started by a program that was asked to stop.
//!
//! ```find
//!     let mut taken_back = 0;
//!     let mut drained = false;
//!     loop {
//!         if cancelled() && !drained {
//!             taken_back = take_back(name)?;
//!             drained = true;
//!         }
//! ```
//! ```replace
//!     let (taken_back, _) = (0, name);
//!     loop {
//! ```
//! ```find
//! /// Removes every job still in the queue, without blocking; returns how many.
//! ```
//! ```replace
//! /// Removes every job still in the queue, without blocking; returns how many.
//! #[allow(dead_code)]
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
