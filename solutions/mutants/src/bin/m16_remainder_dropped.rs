//! mutant-of: 16
//! must-fail: sum_exact, chunks_cover
//!
//! `size = n // w` and `range(i * size + 1, (i + 1) * size + 1)`, the split a Python student
//! writes first: when N is not a multiple of W, the last N % W numbers are in no chunk and
//! their squares are never summed.
//!
//! ```find
//!     let len = base + u64::from(i < extra);
//! ```
//! ```replace
//!     let len = base;
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
