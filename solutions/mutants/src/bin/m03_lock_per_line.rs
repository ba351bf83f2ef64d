//! mutant-of: 03
//! must-fail: blocks_whole
//!
//! The lock is real (each writer opens the file itself) but guards each line, not the block:
//! every single write is protected, yet during each pause another writer takes the lock and
//! prints in the middle of the block.
//!
//! ```find
//!     // The critical section is the whole block: the lock is taken before the first line and
//!     // released after the last, so no other writer can print in between.
//!     let lock = take_lock(lock_path);
//!     for j in 1..=args.lines {
//!         println!("writer {i} pid={pid} line={j}/{}", args.lines);
//! ```
//! ```replace
//!     for j in 1..=args.lines {
//!         let lock = take_lock(lock_path);
//!         println!("writer {i} pid={pid} line={j}/{}", args.lines);
//!         drop(lock);
//! ```
//! ```find
//!     // Dropping the Flock unlocks the file. (`process::exit` runs no destructors; the kernel
//!     // would release the lock anyway when the process dies, but say it where it happens.)
//!     drop(lock);
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
