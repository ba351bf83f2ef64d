//! mutant-of: 11
//! must-fail: as_completed, printed_when_done
//!
//! The Python habit `[f.result() for f in futures]`: main waits for task 0, then task 1, …, and
//! prints each result in input order. Every result is right, but the slow task 0 holds back the
//! cheap ones that completed long before it: nothing is printed "as completed".
//!
//! ```find
//!         if let Completion::Done(value) = completion {
//!             println!("done i={i} value={value}");
//!         }
//!         results[i as usize] = Some(completion);
//!     }
//! ```
//! ```replace
//!         results[i as usize] = Some(completion);
//!     }
//!     for (i, r) in results.iter().enumerate() {
//!         if let Some(Completion::Done(value)) = r {
//!             println!("done i={i} value={value}");
//!         }
//!     }
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
