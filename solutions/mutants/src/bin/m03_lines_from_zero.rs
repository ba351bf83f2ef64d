//! mutant-of: 03
//! must-fail: all_lines
//!
//! Counts lines the way a `for` over `0..k` does: `line=0/K` to `line=K-1/K`. Locking and
//! concurrency are right; the numbering is not.
//!
//! ```find
//!     for j in 1..=args.lines {
//! ```
//! ```replace
//!     for j in 0..args.lines {
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
