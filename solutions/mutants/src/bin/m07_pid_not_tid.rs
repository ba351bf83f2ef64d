//! mutant-of: 07
//! must-fail: tids_are_threads
//!
//! "The id of the thread? std::process::id()." Every thread of a process shares its process id
//! (Python's `os.getpid()` next to `threading.get_native_id()`): every worker prints the same
//! number, which is main's thread.
//!
//! ```find
//!     println!("worker id={id} tid={} counted={counted}", os_tid());
//! ```
//! ```replace
//!     println!("worker id={id} tid={} counted={counted}", std::process::id());
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
