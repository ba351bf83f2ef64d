//! mutant-of: 02
//! must-fail: results_exact, clean_end
//!
//! Counts instead of reading to end-of-file, and counts wrong: it stops one message early, so
//! the last result to arrive is never printed and `results=` is one short.
//!
//! ```find
//!     let received = collect(reader, writer, &workers)?;
//! ```
//! ```replace
//!     let expected = workers.len();
//!     let received = collect(reader, writer, &workers, expected)?;
//! ```
//! ```find
//! fn collect(reader: File, writer: File, workers: &[Pid]) -> io::Result<usize> {
//! ```
//! ```replace
//! fn collect(reader: File, writer: File, workers: &[Pid], expected: usize) -> io::Result<usize> {
//! ```
//! ```find
//!     while let Some(payload) = recv(&mut reader)? {
//! ```
//! ```replace
//!     // Stop after the last message: one per worker.
//!     while received + 1 < expected {
//!         let Some(payload) = recv(&mut reader)? else {
//!             break;
//!         };
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
