//! mutant-of: 17
//! must-fail: work_spread
//!
//! `pool.map(count_chunk, chunks)` with the list of files cut into W equal chunks, one per
//! worker: the split is decided before any file is opened. Counts, errors and order are all
//! right, but the worker whose chunk holds both large files counts them one after the other
//! while the others, done with their small files, wait.
//!
//! ```find
//!     let mut next = 0;
//!     for worker in pool.iter_mut() {
//!         if next < names.len() {
//!             worker.send(next);
//!             next += 1;
//!         }
//!     }
//! ```
//! ```replace
//!     let chunk = names.len().div_ceil(pool.len());
//!     for index in 0..names.len() {
//!         pool[index / chunk].send(index);
//!     }
//! ```
//! ```find
//!         if next < names.len() {
//!             pool[slot].send(next);
//!             next += 1;
//!         }
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
