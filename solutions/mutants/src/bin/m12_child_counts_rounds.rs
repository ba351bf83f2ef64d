//! mutant-of: 12
//! must-fail: eof_exit
//!
//! The child is a copy of the parent, arguments included, so it reads `--rounds` and serves
//! exactly that many requests, then prints its `eof` line and exits without ever reading
//! end-of-file. Every reply is right; only the order gives it away: its `eof` line can come
//! before the parent's `closing`, which no end-of-file can precede.
//!
//! ```find
//!     let mut served = 0u32;
//!     while let Some(x) = recv(&mut reader)? {
//! ```
//! ```replace
//!     let mut served = 0u32;
//!     let rounds = Args::parse().rounds;
//!     while served < rounds {
//!         let Some(x) = recv(&mut reader)? else {
//!             break;
//!         };
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
