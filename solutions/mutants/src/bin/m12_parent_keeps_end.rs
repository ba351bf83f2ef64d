//! mutant-of: 12
//! must-fail: replies_exact, rounds_alternate, eof_exit, one_child
//!
//! Python closes a connection when it is garbage-collected, so the student never closes the
//! parent's end: `finish` takes it as `_parent_end` (to silence the warning) and waits for the
//! child. Unlike `_`, a `_name` binding lives to the end of the function: the end is still
//! open while the parent waits, the child never reads end-of-file, and both wait forever. The
//! timeout's verdict must name the child reading and the parent waiting for it.
//!
//! ```find
//! fn finish(parent_end: UnixStream, child: Pid) -> io::Result<()> {
//!     drop(parent_end);
//! ```
//! ```replace
//! fn finish(_parent_end: UnixStream, child: Pid) -> io::Result<()> {
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
