//! mutant-of: 12
//! must-fail: replies_exact, rounds_alternate, eof_exit, one_child
//!
//! After `fork` the child holds a copy of both ends; the student closes the child's end in the
//! parent but leaves the parent's end open in the child. The parent closes its own copy and
//! waits, but the channel stays open through the child's copy: the child waits for an
//! end-of-file that only it could cause.
//!
//! ```find
//!             // The parent's end is not the child's to keep: while a copy of it is open here,
//!             // end-of-file never comes.
//!             drop(parent_end);
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
