//! mutant-of: 08
//! must-fail: consumers_end
//!
//! The consumer checks its condition with `if` instead of `while`, as if waking up meant the
//! item were there. Between the `notify_one` and the moment the woken consumer gets the lock
//! back, another consumer may take the item (a stolen wakeup): the woken one then finds the
//! buffer empty, takes it for closed, and leaves while producers are still producing.
//!
//! ```find
//!         while buf.items.is_empty() && !buf.closed {
//! ```
//! ```replace
//!         if buf.items.is_empty() && !buf.closed {
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
