//! mutant-of: 13
//! must-fail: final_exact, replies_consistent
//!
//! The server's `incr` locks the map to read the counter, lets the lock go, then locks it again
//! to write the new value: each access is "protected", the increment is not. Two connection
//! threads read the same value between the two locks and one update is lost: the lock is one
//! line too short.
//!
//! ```find
//!             nap(widen);
//!             store.counters.insert(key.to_string(), value);
//! ```
//! ```replace
//!             drop(store);
//!             nap(widen);
//!             let mut store = lock(shared);
//!             store.counters.insert(key.to_string(), value);
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
