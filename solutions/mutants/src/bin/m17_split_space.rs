//! mutant-of: 17
//! must-fail: counts_exact
//!
//! `len(content.split(' '))`: split on one space, as the words "look" separated. Tabs and
//! newlines then join two words into one, and a double space adds an empty word.
//!
//! ```find
//!         Ok(text) => Count::Words(text.split_whitespace().count() as u64),
//! ```
//! ```replace
//!         Ok(text) => Count::Words(text.split(' ').count() as u64),
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
