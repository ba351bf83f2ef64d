//! mutant-of: 09
//! must-fail: waits_without_polling
//!
//! "In Python I wrote `while not flag: time.sleep(0.01)`." The waiter polls the flag every
//! 10 ms instead of sleeping in the condition variable: it sees the set at most 10 ms late, so
//! no clock catches it, but the kernel counts a wakeup for every poll.
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
//!             thread::sleep(Duration::from_millis(10));
//!         }
//!         true
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
