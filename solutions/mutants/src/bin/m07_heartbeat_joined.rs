//! mutant-of: 07
//! must-fail: heartbeat_is_daemon
//!
//! "Every thread must be joined": the heartbeat beats three times and returns, so that main can
//! join it before printing the total. The program ends cleanly, but the heartbeat is no daemon:
//! it stopped beating long before the work was done (and a heartbeat that beat until the end
//! would have kept the process alive for ever).
//!
//! ```find
//!     for beat in 0u64.. {
//! ```
//! ```replace
//!     for beat in 0u64..3 {
//! ```
//! ```find
//!     start_heartbeat(period);
//! ```
//! ```replace
//!     let heartbeat = start_heartbeat(period);
//! ```
//! ```find
//!     let total = join_all(workers);
//! ```
//! ```replace
//!     let total = join_all(workers);
//!     heartbeat.join().expect("the heartbeat panicked");
//! ```
//! ```find
//! fn start_heartbeat(period: Duration) {
//! ```
//! ```replace
//! fn start_heartbeat(period: Duration) -> JoinHandle<()> {
//! ```
//! ```find
//!         .expect("cannot start the heartbeat thread");
//! ```
//! ```replace
//!         .expect("cannot start the heartbeat thread")
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
