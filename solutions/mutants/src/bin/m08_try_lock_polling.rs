//! mutant-of: 08
//! must-fail: no_busy_wait
//!
//! The consumer does not wait on the condition variable: it polls, grabbing the lock with
//! `try_lock` and calling `yield_now` until an item is there. Every item is still taken exactly
//! once, but a waiting consumer burns a whole core doing nothing.
//!
//! ```find
//!         let mut buf = shared.state.lock().unwrap();
//!         // `while`, not `if`: another consumer may have taken the item this thread was woken
//!         // for (a stolen wakeup), and a wait may also return for no reason at all.
//!         while buf.items.is_empty() && !buf.closed {
//!             buf = shared.not_empty.wait(buf).unwrap();
//!         }
//! ```
//! ```replace
//!         let mut buf = loop {
//!             if let Ok(buf) = shared.state.try_lock()
//!                 && (!buf.items.is_empty() || buf.closed)
//!             {
//!                 break buf;
//!             }
//!             thread::yield_now();
//!         };
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
