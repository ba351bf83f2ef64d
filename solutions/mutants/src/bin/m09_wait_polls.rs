//! mutant-of: 09
//! must-fail: woken_promptly
//!
//! "Check the flag every quarter of a second." The waiter polls with `thread::sleep` instead of
//! sleeping in the condition variable: it sees the set up to 250 ms late.
//!
//! ```find
//!         let flag = self.flag.lock().unwrap();
//!         let (flag, _) = self
//!             .changed
//!             .wait_timeout_while(flag, timeout, |set| !*set)
//!             .unwrap();
//!         *flag
//! ```
//! ```replace
//!         let start = std::time::Instant::now();
//!         loop {
//!             if *self.flag.lock().unwrap() {
//!                 return true;
//!             }
//!             if start.elapsed() >= timeout {
//!                 return false;
//!             }
//!             thread::sleep(Duration::from_millis(250));
//!         }
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
