//! mutant-of: 04
//! must-fail: dynamic
//!
//! Splits the tasks up front, round-robin (task i to worker i % W), like a hand-made
//! `Pool.map` with one big chunk per worker. Results are stored by index, the pool has W
//! workers, every task is done once: only the timing gives it away. When the two slow tasks land
//! on one worker, that worker does both one after the other while the others sit idle. (Nothing
//! is handed out as workers finish, so the answers no longer say which worker sent them.)
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
//! ```
//! ```replace
//!     // 3. The map: task i goes to worker i % W.
//!     let mut results: Vec<Option<u64>> = vec![None; tasks.len()];
//!     for task in tasks {
//!         let worker = task.index % pool.len();
//!         pool[worker].send(task);
//!     }
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
