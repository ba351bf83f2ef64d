//! mutant-of: 06
//! must-fail: exact_under_stress
//!
//! The lock covers the read of the counter but not the write: lock, read, unlock, then write
//! value + 1. Two workers still read the same value one after the other and both write value + 1;
//! the lock's span must cover the whole read-modify-write.
//!
//! ```find
//!         unsafe { increment(counter, widen) };
//! ```
//! ```replace
//!         // SAFETY: `counter` points into the segment.
//!         let value = unsafe { counter.read_volatile() };
//! ```
//! ```find
//!         // SAFETY: `slot` points into the segment.
//!         unsafe { increment(slot, false) };
//! ```
//! ```replace
//!         // SAFETY: `slot` points into the segment.
//!         // ...and write it back outside the lock (wrong: the span is too short).
//!         if widen {
//!             std::thread::sleep(Duration::from_micros(1));
//!         }
//!         // SAFETY: `counter` points into the segment.
//!         unsafe { counter.write_volatile(value + 1) };
//!         unsafe { increment(slot, false) };
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
