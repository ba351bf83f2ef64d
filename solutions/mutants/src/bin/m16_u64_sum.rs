//! mutant-of: 16
//! must-fail: sum_exact
//!
//! Python's integers never overflow, so the student kept the sum in a u64 and converted it at
//! the end. 1² + … + N² passes u64::MAX near N = 3.8 million: a debug build panics with
//! "attempt to add with overflow", a release build wraps around and prints a wrong sum.
//!
//! ```find
//!     (from..=to).map(|k| u128::from(k) * u128::from(k)).sum()
//! ```
//! ```replace
//!     let mut sum: u64 = 0;
//!     for k in from..=to {
//!         sum += k * k;
//!     }
//!     u128::from(sum)
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
