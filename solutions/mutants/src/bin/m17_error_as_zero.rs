//! mutant-of: 17
//! must-fail: errors_exact
//!
//! The course notes' `except: return (filepath, 0)`: a file that cannot be read counts as
//! zero words. Nothing stops, the total's words are even right, but the unreadable file and
//! the one that is not UTF-8 look like empty files, and nobody learns that they were skipped.
//!
//! ```find
//!         Err(e) => Count::Error(e.to_string().replace('\n', " ")),
//! ```
//! ```replace
//!         Err(_) => Count::Words(0),
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
