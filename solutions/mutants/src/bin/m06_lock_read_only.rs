//! mutant-of: 06
//! must-fail: exact_under_stress
//!
//! The lock covers the read of the counter but not the write: lock, read, unlock, then write
//! value + 1. Two workers still read the same value one after the other and both write value + 1;
//! the lock's span must cover the whole read-modify-write.
//!
//! ```find
//!         unsafe { increment(counter, widen) };
//!         file = locked.unlock().map_err(|(_, e)| e)?;
//! ```
//! ```replace
//!         let value = unsafe { counter.read_volatile() };
//!         file = locked.unlock().map_err(|(_, e)| e)?;
//!         if widen {
//!             std::thread::sleep(Duration::from_micros(1));
//!         }
//!         // SAFETY: `counter` points into the segment.
//!         unsafe { counter.write_volatile(value + 1) };
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
