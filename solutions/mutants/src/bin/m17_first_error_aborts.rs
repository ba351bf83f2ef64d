//! mutant-of: 17
//! must-fail: every_file_once, errors_exact
//!
//! In Python, `pool.map(count_words, files)` raises in the parent as soon as one worker raised:
//! the whole count is lost for one bad file. Written the same way here, the parent stops at the
//! first answer that is an error (`?` on the worker's result): the files after it are never
//! printed, the total never comes, and the program ends with an error.
//!
//! ```find
//!         counted[index] = Some((count, pool[slot].pid));
//! ```
//! ```replace
//!         if let Count::Error(reason) = &count {
//!             eprintln!("error: {}: {reason}", names[index]);
//!             std::process::exit(1);
//!         }
//!         counted[index] = Some((count, pool[slot].pid));
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
