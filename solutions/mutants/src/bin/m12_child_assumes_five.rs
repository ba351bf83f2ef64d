//! mutant-of: 12
//! must-fail: replies_exact, eof_exit
//!
//! The course's example talks for `range(5)`, so the child serves five requests and stops,
//! leaving at the first end-of-file if it comes earlier. With the defaults nothing shows; with
//! more rounds the child is gone when the parent sends the sixth request, and the parent fails.
//!
//! ```find
//!     while let Some(x) = recv(&mut reader)? {
//! ```
//! ```replace
//!     for _ in 0..5 {
//!         let Some(x) = recv(&mut reader)? else {
//!             break;
//!         };
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
