//! mutant-of: 10
//! must-fail: no_deadlock
//!
//! The locks are taken in the transfer's own order: `from` first, then `to`. Two threads
//! transferring in opposite directions between the same two accounts each take their first
//! lock and wait for the other's second: a deadlock. Rare without a pause; the widened run (a
//! pause between the two locks, four threads over three accounts) hangs.
//!
//! ```find
//!     let (lo, hi) = (t.from.min(t.to), t.from.max(t.to));
//! ```
//! ```replace
//!     let (lo, hi) = (t.from, t.to);
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
