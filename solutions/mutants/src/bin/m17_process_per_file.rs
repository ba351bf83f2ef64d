//! mutant-of: 17
//! must-fail: worker_processes
//!
//! `for f in files: Process(target=count_words, args=(f,)).start()`: one process per file,
//! all started at once. Every count is right, but with hundreds of files that is hundreds of
//! processes, not a pool of W reused for every file.
//!
//! ```find
//!     let (mut pool, results) = start_pool(dir, names, workers);
//! ```
//! ```replace
//!     let _ = workers;
//!     let (mut pool, results) = start_pool(dir, names, names.len());
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
