//! mutant-of: 12
//! must-fail: rounds_alternate
//!
//! To save round trips the parent sends every request at once — it knows `next_step`, so it
//! computes the next request itself instead of waiting for the reply — and reads the replies
//! afterwards. The child still computes every reply and the values are right, but the rounds
//! no longer alternate: the conversation became a batch. In the stress run it also hangs: the
//! socket fills up in both directions after a few hundred lines, and both processes wait to
//! write while neither reads.
//!
//! ```find
//!     let mut x = args.start;
//!     for round in 0..args.rounds {
//!         println!("sent round={round} x={x}");
//!         send(&mut writer, x)?;
//! ```
//! ```replace
//!     let mut x = args.start;
//!     for round in 0..args.rounds {
//!         println!("sent round={round} x={x}");
//!         send(&mut writer, x)?;
//!         x = next_step(x);
//!     }
//!     for round in 0..args.rounds {
//! ```
//! ```find
//!         println!("got round={round} reply={reply}");
//!         x = reply;
//! ```
//! ```replace
//!         println!("got round={round} reply={reply}");
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
