//! mutant-of: 04
//! must-fail: results_in_order, exactly_w_workers, each_task_once, spread, dynamic
//!
//! The shutdown takes the workers' pids by reference and keeps the pool, so the parent still
//! holds every task pipe's write end while it joins its reader threads: no worker ever reads
//! end-of-file, none exits, no result pipe closes, and the join waits forever. The timeout's
//! verdict must name it: the workers wait to read pipes whose write ends the parent holds while
//! it waits itself, "close the task pipes before joining".
//!
//! ```find
//!     let pids: Vec<Pid> = pool.into_iter().map(|w| w.pid).collect();
//! ```
//! ```replace
//!     let pids: Vec<Pid> = pool.iter().map(|w| w.pid).collect();
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
