//! mutant-of: 02
//! must-fail: results_exact, workers_are_processes, big_message, clean_end
//!
//! The stub's `let _ = (reader, writer, …);` line makes `let _ = writer;` look like the way to
//! get rid of the parent's write end. In Rust it drops nothing: `_` binds no value, so `writer`
//! lives on to the end of the function. The parent then reads the queue while holding a write
//! end itself, every worker ends, and end-of-file never comes. The timeout's verdict must say
//! so: "a writer end is still open in the parent … use `drop(writer)`".
//!
//! ```find
//!     drop(writer);
//! ```
//! ```replace
//!     let _ = writer;
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
