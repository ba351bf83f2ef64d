//! mutant-of: 14
//! must-fail: stops_handing_out
//!
//! The Python version had one `try: jobs.join() except KeyboardInterrupt:` around the wait,
//! so the flag is read once, when the wait begins. A Ctrl-C that comes while the parent puts
//! jobs is seen; one that comes later, once every job is put and the parent only waits, is
//! not: the queued jobs are all started after the signal.
//!
//! ```find
//!     let mut drained = false;
//!     loop {
//!         if cancelled() && !drained {
//! ```
//! ```replace
//!     let mut drained = false;
//!     let stop = cancelled();
//!     loop {
//!         if stop && !drained {
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
