//! mutant-of: 13
//! must-fail: clean_end
//!
//! Python's `Listener` and `Manager` remove their socket file when they shut down, so the
//! student never thought about it: the server stops without `remove_file`. Every value is
//! right, but the socket's name stays in the file system, and the next run's `bind` fails with
//! "address already in use".
//!
//! ```find
//!     std::fs::remove_file(path)
//! ```
//! ```replace
//!     let _ = path;
//!     Ok(())
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
