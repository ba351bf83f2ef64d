//! mutant-of: 08
//! must-fail: items_exactly_once
//!
//! The consumer stops as soon as the buffer is closed, without taking what is still in it: the
//! items the producers put just before the close are never consumed.
//!
//! ```find
//!         let Some((producer, item)) = buf.items.pop_front() else {
//! ```
//! ```replace
//!         let next = if buf.closed { None } else { buf.items.pop_front() };
//!         let Some((producer, item)) = next else {
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
