//! mutant-of: 14
//! must-fail: workers_end, output_files
//!
//! "KeyboardInterrupt is caught in main, so that's where Ctrl-C is handled": the parent
//! installs its handler once the workers are started, and the workers keep SIGINT's default
//! action. But the terminal (and the grader) sends Ctrl-C to the whole process group: every
//! worker dies mid-job, its job never acknowledged, its half-written temporary file left
//! behind.
//!
//! ```find
//!     catch_sigint()?;
//!     let mut workers = Vec::new();
//! ```
//! ```replace
//!     let mut workers = Vec::new();
//! ```
//! ```find
//!     drop(ack_writer);
//! ```
//! ```replace
//!     drop(ack_writer);
//!     catch_sigint()?;
//! ```
//! ```find
//!     unsafe { nix::sys::signal::signal(Signal::SIGINT, SigHandler::SigIgn) }?;
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
