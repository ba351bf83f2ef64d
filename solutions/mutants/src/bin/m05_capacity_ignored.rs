//! mutant-of: 05
//! must-fail: bounded
//!
//! Ignores --capacity: the queue always holds 10 messages, so producers rarely block and finish
//! long before slow consumers could have made room in a queue of the size asked for.
//!
//! ```find
//!     let attr = MqAttr::new(0, capacity as _, MSG_SIZE as _, 0);
//! ```
//! ```replace
//!     // "Bigger is faster": the system's maximum instead of the capacity asked for.
//!     let _ = capacity;
//!     let attr = MqAttr::new(0, 10, MSG_SIZE as _, 0);
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
