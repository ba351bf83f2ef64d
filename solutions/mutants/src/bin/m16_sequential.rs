//! mutant-of: 16
//! must-fail: workers_overlap
//!
//! `p.start(); p.join()` in one loop: each worker is forked, read and reaped before the next one
//! is forked. The sums, the chunks and the pids are all right, but the workers never run at the
//! same time, and the "parallel" phase takes as long as the sequential one.
//!
//! ```find
//!     let mut workers = Vec::with_capacity(chunks.len());
//!     for &(from, to) in &chunks {
//!         workers.push(start_worker(from, to));
//!     }
//!     let partials = collect(workers);
//! ```
//! ```replace
//!     let mut partials = Vec::with_capacity(chunks.len());
//!     for &(from, to) in &chunks {
//!         partials.extend(collect(vec![start_worker(from, to)]));
//!     }
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
