//! mutant-of: 17
//! must-fail: counts_exact
//!
//! `len(content)` instead of `len(content.split())`: the worker reports the length of the text,
//! which in Rust is its size in bytes (and with accents, not even its characters).
//!
//! ```find
//!         Ok(text) => Count::Words(text.split_whitespace().count() as u64),
//! ```
//! ```replace
//!         Ok(text) => Count::Words(text.len() as u64),
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
