//! mutant-of: 09
//! must-fail: timeouts_classified
//!
//! "Wait until it is set." The waiter ignores its timeout (Python's `ev.wait()` without the
//! argument): a waiter whose timeout ended long before the set still says woken.
//!
//! ```find
//!             .wait_timeout_while(flag, timeout, |set| !*set)
//! ```
//! ```replace
//!             .wait_timeout_while(flag, timeout.max(Duration::from_secs(3600)), |set| !*set)
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
