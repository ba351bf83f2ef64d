//! mutant-of: 16
//! must-fail: fair_share
//!
//! To try the pipes first, the student gave worker 0 the whole of 1..=N and the other workers
//! empty chunks, and left it so. Every number is summed once, the sums are exact, W processes
//! are forked and alive together: only the kernel's CPU times show that one process did all
//! the work and the speedup is about 1.
//!
//! ```find
//!     let len = base + u64::from(i < extra);
//! ```
//! ```replace
//!     let len = if i == 0 { n } else { 0 };
//!     let _ = (base, extra);
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
