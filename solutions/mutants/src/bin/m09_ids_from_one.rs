//! mutant-of: 09
//! must-fail: each_enters_once
//!
//! "Threads are numbered from 1, like in the slides' printout." The ids run 1..=T instead of
//! 0..T: thread 0 never enters and a thread T that nobody asked for does.
//!
//! ```find
//!     let handles: Vec<_> = (0..threads)
//! ```
//! ```replace
//!     let handles: Vec<_> = (1..=threads)
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
