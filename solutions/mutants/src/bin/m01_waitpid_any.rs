//! mutant-of: 01
//! must-fail: exit_status, summary_last
//!
//! The parent waits with `waitpid(None)`, "any child", once per name in call order, and prints
//! what it got under that name. `waitpid(None)` returns whichever child ended first: when beta
//! ends before alpha, beta's status is reported as alpha's (and alpha's as beta's). With equal
//! work times alpha usually ends first and the output looks right. When beta ends first, the
//! `reaped alpha` line also comes before alpha has printed its result.
//!
//! ```find
//!     match waitpid(pid, None).expect("waitpid failed") {
//! ```
//! ```replace
//!     let _ = pid;
//!     match waitpid(None::<Pid>, None).expect("waitpid failed") {
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
