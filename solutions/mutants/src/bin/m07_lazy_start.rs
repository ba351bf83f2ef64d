//! mutant-of: 07
//! must-fail: workers_overlap
//!
//! "No need to collect the handles into a Vec: return the iterator and let join_all consume
//! it." Iterators are lazy: a worker is spawned only when join_all asks for the next handle,
//! that is, after it has joined the previous one. The workers run one after the other, each
//! started only once the one before has finished.
//!
//! ```find
//! fn start_workers(workers: u64, count: u64, work: Duration) -> Vec<JoinHandle<u64>> {
//! ```
//! ```replace
//! fn start_workers(
//!     workers: u64,
//!     count: u64,
//!     work: Duration,
//! ) -> impl Iterator<Item = JoinHandle<u64>> {
//! ```
//! ```find
//!         .map(|id| {
//! ```
//! ```replace
//!         .map(move |id| {
//! ```
//! ```find
//!         })
//!         .collect()
//! ```
//! ```replace
//!         })
//! ```
//! ```find
//! fn join_all(workers: Vec<JoinHandle<u64>>) -> u64 {
//! ```
//! ```replace
//! fn join_all(workers: impl Iterator<Item = JoinHandle<u64>>) -> u64 {
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
