//! mutant-of: 10
//! must-fail: total_conserved, balances_exact, each_transfer_once, no_deadlock
//!
//! No case for a transfer from an account to itself, as with Python's `RLock`, where taking the
//! same lock twice in one thread is fine. A `std::sync::Mutex` is not re-entrant: the second
//! `lock()` of the same account waits for the guard the thread itself holds, forever. Every
//! run has self-transfers, so every run hangs.
//!
//! ```find
//!     if t.from == t.to {
//!         // One account, one lock, taken once: locking it a second time in this thread would
//!         // wait for ourselves forever. The guard's `&mut` goes to both helpers instead.
//!         let mut account = bank[t.from].lock().expect("an account's lock is poisoned");
//!         withdraw(&mut account, t.amount);
//!         deposit(&mut account, t.amount);
//!         line();
//!         return;
//!     }
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
