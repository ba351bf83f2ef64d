//! mutant-of: 05
//! must-fail: exactly_once, consumers_end
//!
//! Each consumer silently drops every third item it takes: those items are lost, and the counts
//! add up to less than what was produced.
//!
//! ```find
//!     let mut consumed: u64 = 0;
//!     loop {
//! ```
//! ```replace
//!     let mut consumed: u64 = 0;
//!     let mut taken: u64 = 0;
//!     loop {
//! ```
//! ```find
//!             Message::Item { producer, seq } => {
//!                 println!(
//! ```
//! ```replace
//!             Message::Item { producer, seq } => {
//!                 taken += 1;
//!                 // A bug in the bookkeeping: every third item taken is silently dropped.
//!                 if taken.is_multiple_of(3) {
//!                     continue;
//!                 }
//!                 println!(
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
