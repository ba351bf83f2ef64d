//! mutant-of: 05
//! must-fail: exactly_once, consumers_end
//!
//! Each consumer silently drops every third item it takes: those items are lost, and the counts
//! add up to less than what was produced.
//!
//! ```find
//!     let mut consumed: u64 = 0;
//! ```
//! ```replace
//!     let mut consumed: u64 = 0;
//!     let mut taken: u64 = 0;
//! ```
//! ```find
//!             Message::Item { producer, seq } => {
//! ```
//! ```replace
//!             Message::Item { producer, seq } => {
//!                 taken += 1;
//!                 if taken.is_multiple_of(3) {
//!                     continue;
//!                 }
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
