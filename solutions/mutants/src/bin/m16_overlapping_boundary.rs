//! mutant-of: 16
//! must-fail: sum_exact, chunks_cover
//!
//! Python's `range(a, b)` leaves `b` out; the student translated `range(start, start + size)`
//! into an inclusive `start..=start + size`: each chunk ends one number too late, on the first
//! number of the next chunk, whose square is then counted twice (and the last chunk goes past N).
//!
//! ```find
//!     (from, from + len - 1)
//! ```
//! ```replace
//!     (from, from + len)
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
