//! mutant-of: 11
//! must-fail: clean_shutdown
//!
//! shutdown forgets the job Sender instead of dropping it and lets the JoinHandles go: the
//! channel is never closed, so every pool thread waits for a job for ever, and nobody joins them. The program still
//! exits 0, because returning from main kills the threads: the pool was never shut down.
//!
//! ```find
//!         drop(self.jobs.take());
//!         for t in self.threads.drain(..) {
//!             t.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
//!         }
//! ```
//! ```replace
//!         std::mem::forget(self.jobs.take());
//!         self.threads.clear();
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
