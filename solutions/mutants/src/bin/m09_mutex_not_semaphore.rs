//! mutant-of: 09
//! must-fail: k_reached
//!
//! "A lock around the section is enough." The student lets one thread in at a time, whatever
//! K is: the semaphore behaves as a mutex, and K threads are never inside together.
//!
//! ```find
//!         while *inside == self.permits {
//! ```
//! ```replace
//!         while *inside == self.permits.min(1) {
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
