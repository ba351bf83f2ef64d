//! mutant-of: 13
//! must-fail: final_exact, replies_consistent, server_talked, clean_end
//!
//! In Python, `with Manager() as manager:` stops the server when the block ends, so the student
//! never asked for it: the parent joins the clients and then waits for the server, which was
//! never told to stop. The server waits in `accept` for a connection nobody will make, the
//! parent waits for the server, and the run hangs until the grader's time limit.
//!
//! ```find
//!     join_clients(&clients)?;
//!     stop_server(&path)?;
//! ```
//! ```replace
//!     join_clients(&clients)?;
//!     let _ = stop_server;
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
