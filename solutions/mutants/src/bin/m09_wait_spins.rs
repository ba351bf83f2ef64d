//! mutant-of: 09
//! must-fail: waits_without_polling
//!
//! "Sleeping wastes time: I just yield until the flag is set." The waiter spins on the flag
//! with `thread::yield_now()`: it reacts at once, but it never sleeps, and takes a CPU (or its
//! turn in the run queue) for its whole wait.
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
//!         while !*self.flag.lock().unwrap() {
//!             if start.elapsed() >= timeout {
//!                 return false;
//!             }
//!             thread::yield_now();
//!         }
//!         true
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
