//! mutant-of: 13
//! must-fail: final_exact, replies_consistent, server_talked
//!
//! "Each process has its own memory, so each client keeps its own dict and counts there": the
//! clients connect, append their items through the server, but count in a local map and print
//! their own totals. Every client's replies look fine alone; the server's map never saw an
//! increment, and all clients printed the same values 1, 2, 3…
//!
//! ```find
//!     let keys = key_names(args.keys);
//! ```
//! ```replace
//!     let keys = key_names(args.keys);
//!     let mut local: BTreeMap<String, u64> = BTreeMap::new();
//! ```
//! ```find
//!             let value = ask_number(&stream, &mut reader, &format!("incr {key}"))?;
//! ```
//! ```replace
//!             let counter = local.entry(key.clone()).or_default();
//!             *counter += 1;
//!             let value = *counter;
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
