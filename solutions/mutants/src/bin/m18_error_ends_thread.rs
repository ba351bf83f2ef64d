//! mutant-of: 18
//! must-fail: each_reported
//!
//! "An exception ends the thread." As an uncaught exception ends a Python thread quietly, the
//! pool thread returns on the first failed fetch: that URL is never reported, the summary does
//! not count it, and one thread fewer fetches the rest.
//!
//! ```find
//!         let fetched = fetch(port, &url);
//! ```
//! ```replace
//!         let Ok(bytes) = fetch(port, &url) else {
//!             return;
//!         };
//!         let fetched = Ok(bytes);
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
