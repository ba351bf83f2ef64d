//! mutant-of: 13
//! must-fail: final_exact, replies_consistent, server_talked
//!
//! In Python, leaving `with Manager() as manager:` shuts the server down; the student put the
//! `join()` loop after the `with` block. Here the parent asks the server to stop right after
//! forking the clients, then waits for them: the server prints a map the clients have hardly
//! touched and goes away, and the clients find the server gone (refused, or their connection
//! closed mid-way).
//!
//! ```find
//!     join_clients(&clients)?;
//!     stop_server(&path)?;
//! ```
//! ```replace
//!     stop_server(&path)?;
//!     join_clients(&clients)?;
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
