//! mutant-of: 08
//! must-fail: size_within_capacity
//!
//! The producer never waits for room: the `VecDeque` grows as needed, so nothing breaks, but the
//! buffer is no longer bounded and fast producers pile up items far beyond the capacity.
//!
//! ```find
//!         while buf.items.len() >= shared.capacity {
//!             buf = shared.not_full.wait(buf).unwrap();
//!         }
//! ```
//! ```replace
//!         let _ = shared.capacity; // "a VecDeque grows as needed"
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
