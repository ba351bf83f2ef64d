//! mutant-of: 18
//! must-fail: each_reported
//!
//! "The length of what came back." The whole answer is counted, head included: the status line
//! and the headers are not the document fetched.
//!
//! ```find
//!     Ok(answer.len() - head_end - 4)
//! ```
//! ```replace
//!     Ok(answer.len())
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
