//! mutant-of: 07
//! must-fail: each_counts_n, summary_from_joins
//!
//! One counter for the whole program instead of one per thread: "an atomic is thread-safe, so
//! every worker can count in it and read what it counted". It is thread-safe — and shared: each
//! worker reads everybody's counts, and the last one to finish reads W × N. Python's module-level
//! global next to `threading.local()`.
//!
//! ```find
//! use std::cell::Cell;
//! ```
//! ```replace
//! use std::sync::atomic::{AtomicU64, Ordering};
//! ```
//! ```find
//! thread_local! {
//!     /// This thread's own count (Python's `threading.local()` attribute). Every thread that
//!     /// touches `COUNTED` gets its own `Cell`, starting at 0; no other thread can see it, so no
//!     /// lock is needed and `Cell` (not `Sync`) is enough.
//!     static COUNTED: Cell<u64> = const { Cell::new(0) };
//! }
//! ```
//! ```replace
//! /// The count: an atomic, so that threads can add to it safely.
//! static COUNTED: AtomicU64 = AtomicU64::new(0);
//! ```
//! ```find
//!     COUNTED.set(COUNTED.get() + 1);
//! ```
//! ```replace
//!     COUNTED.fetch_add(1, Ordering::Relaxed);
//! ```
//! ```find
//!     COUNTED.get()
//! ```
//! ```replace
//!     COUNTED.load(Ordering::Relaxed)
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
