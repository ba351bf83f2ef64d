//! mutant-of: 05
//! must-fail: bounded
//!
//! "One more slot, for the sentinel": the queue is created with room for --capacity + 1
//! messages. Producers block one item later than they should; with slow consumers that shifts
//! their end by less than the clock's margin, but the kernel knows the queue's real size.
//!
//! ```find
//!     let attr = MqAttr::new(0, capacity as _, MSG_SIZE as _, 0);
//! ```
//! ```replace
//!     let attr = MqAttr::new(0, (capacity + 1) as _, MSG_SIZE as _, 0);
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
