//! mutant-of: 04
//! must-fail: each_task_once, dynamic
//!
//! Misreads map as "give the inputs to the workers": sends EVERY task to EVERY worker. Each
//! task is done W times; the parent keeps the last answer for each index, so the map line looks
//! right, but the work is multiplied by W. (Nothing is handed out as workers finish, so the
//! answers no longer say which worker sent them.)
//!
//! ```find
//! struct Done {
//!     worker: usize,
//! ```
//! ```replace
//! struct Done {
//! ```
//! ```find
//!     // 3. The map. Hand out tasks dynamically: one to each worker to start with, then the next
//!     //    one to whichever worker just finished. A slow task holds up one worker, not the rest.
//!     let mut results: Vec<Option<u64>> = vec![None; tasks.len()];
//!     let mut pending = tasks.iter();
//!     for worker in pool.iter_mut() {
//!         match pending.next() {
//!             Some(task) => worker.send(task),
//!             None => break, // fewer tasks than workers
//!         }
//!     }
//!     for _ in 0..tasks.len() {
//! ```
//! ```replace
//!     // 3. The map: every worker gets the inputs.
//!     let mut results: Vec<Option<u64>> = vec![None; tasks.len()];
//!     for worker in pool.iter_mut() {
//!         for task in tasks {
//!             worker.send(task);
//!         }
//!     }
//!     for _ in 0..tasks.len() * pool.len() {
//! ```
//! ```find
//!         if let Some(task) = pending.next() {
//!             pool[done.worker].send(task);
//!         }
//! ```
//! ```replace
//! ```
//! ```find
//!             .send(Done {
//!                 worker,
//!                 index,
//! ```
//! ```replace
//!             .send(Done {
//!                 index,
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
