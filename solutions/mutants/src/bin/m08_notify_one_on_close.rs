//! mutant-of: 08
//! must-fail: consumers_end
//!
//! `main` closes the buffer with `notify_one`, as after each item: one waiting consumer wakes,
//! sees the buffer closed and ends; the others sleep on, nobody will ever notify them again,
//! and `main` waits for them forever.
//!
//! ```find
//!     shared.not_empty.notify_all();
//! ```
//! ```replace
//!     shared.not_empty.notify_one();
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
