//! mutant-of: 09
//! must-fail: woken_promptly
//!
//! "notify wakes the waiters." `notify_one` wakes one waiter; the others sleep on until their
//! own timeout (a second or more after the set here), then find the flag set: they say woken,
//! that much late.
//!
//! ```find
//!         println!("event set");
//!         self.changed.notify_all();
//! ```
//! ```replace
//!         println!("event set");
//!         self.changed.notify_one();
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
