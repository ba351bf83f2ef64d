//! mutant-of: 07
//! must-fail: summary_from_joins
//!
//! "Every worker counted into COUNTED, so after joining them main reads the total from it." But
//! a thread-local is one per thread: main's own COUNTED was never touched, and main prints
//! total=0. The workers' counts come back through `join()`, not through the thread-local.
//!
//! ```find
//!     workers
//!         .into_iter()
//!         .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
//!         .sum()
//! ```
//! ```replace
//!     for w in workers {
//!         w.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
//!     }
//!     counted()
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
