//! mutant-of: 14
//! must-fail: accounting
//!
//! The Python program's `todo = add_jobs(...)` counts the jobs put on the queue, so the summary
//! says done = the jobs put. After a Ctrl-C the jobs taken back from the queue were put but
//! never done: the summary claims them anyway.
//!
//! ```find
//!     println!("summary done={done} cancelled={}", args.jobs - done);
//! ```
//! ```replace
//!     let _ = done;
//!     println!("summary done={put} cancelled={}", args.jobs - put);
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
