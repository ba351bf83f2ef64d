//! mutant-of: 10
//! must-fail: each_transfer_once
//!
//! "A transfer from an account to itself changes nothing, so skip it": that avoids locking the
//! account twice, and every balance is still right, but the transfer was never made: it is not
//! in the program's record of what it did.
//!
//! ```find
//!         let mut account = bank[t.from].lock().expect("an account's lock is poisoned");
//!         withdraw(&mut account, t.amount);
//!         deposit(&mut account, t.amount);
//!         line();
//!         return;
//! ```
//! ```replace
//!         let _ = line;
//!         return;
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
