//! mutant-of: 15
//! must-fail: fork_thread_ends, reaped
//!
//! A fork while a logging thread runs, as Python programs did for years before 3.12 started to
//! warn: nothing special is done about the helper's lock. The helper holds it at the instant of
//! fork, so the child's copy of the mutex is locked and no thread in the child will ever unlock
//! it: the child's first `lock()` waits forever, and the parent waits for the child forever.
//!
//! ```find
//!     // Take the lock in this thread before forking: at the instant of fork no other thread holds
//!     // it, and each process releases its own copy right after (what pthread_atfork does).
//!     let before_fork = LOG.lock().expect("the log's lock");
//! ```
//! ```replace
//! ```
//! ```find
//!             drop(before_fork); // the child's copy
//! ```
//! ```replace
//! ```
//! ```find
//!             drop(before_fork); // the parent's copy: the helper goes on
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
