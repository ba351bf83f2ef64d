//! mutant-of: 10
//! must-fail: total_conserved, balances_exact
//!
//! Both balances are read first (each under its lock, briefly), then both locks are taken and
//! the balances computed from the values read are written. Between the read and the write
//! another thread may move money in or out of either account: its update is overwritten (a lost
//! update), and money appears or vanishes.
//!
//! ```find
//!     let mut first = bank[lo].lock().expect("an account's lock is poisoned");
//! ```
//! ```replace
//!     let seen_from = *bank[t.from].lock().expect("an account's lock is poisoned");
//!     let seen_to = *bank[t.to].lock().expect("an account's lock is poisoned");
//!     let mut first = bank[lo].lock().expect("an account's lock is poisoned");
//! ```
//! ```find
//!     withdraw(from, t.amount);
//!     deposit(to, t.amount);
//! ```
//! ```replace
//!     *from = seen_from - t.amount;
//!     *to = seen_to + t.amount;
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
