//! mutant-of: 08
//! must-fail: producer_order
//!
//! The consumer takes the newest item (`pop_back`) instead of the oldest: a stack, not a queue.
//! Every item still arrives once, but a producer's items come out of order whenever two of them
//! are in the buffer at once.
//!
//! ```find
//!         let Some((producer, item)) = buf.items.pop_front() else {
//! ```
//! ```replace
//!         let Some((producer, item)) = buf.items.pop_back() else {
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
