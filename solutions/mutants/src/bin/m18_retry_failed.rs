//! mutant-of: 18
//! must-fail: each_fetched_once
//!
//! "Try again once when a fetch fails." A retry the exercise did not ask for: the server gets a
//! second request for every URL that failed, and a real server (or a payment) would count it
//! twice. Report the failure instead.
//!
//! ```find
//!         let fetched = fetch(port, &url);
//! ```
//! ```replace
//!         let fetched = fetch(port, &url).or_else(|_| fetch(port, &url));
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
