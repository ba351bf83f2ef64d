//! mutant-of: 13
//! must-fail: final_exact, replies_consistent
//!
//! `d[k] += 1` on a Manager's dict proxy reads the value, then writes it back: two calls, each
//! atomic on the server, the pair not. The student wrote it the same way here: `get key`, add
//! one, `set key value`. Two clients that read the same value both write value + 1, and an
//! increment is lost; the replies repeat a value another client already printed.
//!
//! ```find
//!             let value = ask_number(&stream, &mut reader, &format!("incr {key}"))?;
//! ```
//! ```replace
//!             let value = ask_number(&stream, &mut reader, &format!("get {key}"))? + 1;
//!             ask(&stream, &mut reader, &format!("set {key} {value}"))?;
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
