//! mutant-of: 12
//! must-fail: replies_exact, rounds_alternate, eof_exit, one_child
//!
//! The parent writes through a `BufWriter` (fewer system calls) and `send` no longer flushes:
//! the first request stays in the parent's buffer while the parent waits for its reply, and
//! the child waits for the request. Python's `conn.send` writes at once; a Rust buffer does not.
//!
//! ```find
//!     let mut writer = stream;
//! ```
//! ```replace
//!     let mut writer = io::BufWriter::new(stream);
//! ```
//! ```find
//!     writeln!(writer, "{value}")?;
//!     writer.flush()
//! ```
//! ```replace
//!     writeln!(writer, "{value}")
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
