//! mutant-of: 16
//! must-fail: sum_exact, chunks_cover
//!
//! The course notes pass each partial back in a `Value('d', 0.0)`, a double: the student sent
//! the partial as an f64. A double keeps 53 bits, the partial sums here need up to 66: each one
//! arrives rounded, and so does the total.
//!
//! ```find
//!             let partial = sum_squares(from, to);
//! ```
//! ```replace
//!             let partial = sum_squares(from, to) as f64 as u128;
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
