//! mutant-of: 17
//! must-fail: sorted_by_name
//!
//! `for name, words in pool.imap_unordered(...): print(...)`: each file's line is printed as
//! its answer arrives, in the order the workers finish. The counts are right, but a large file
//! near the top of the list arrives long after the small files behind it.
//!
//! ```find
//!         counted[index] = Some((count, pool[slot].pid));
//! ```
//! ```replace
//!         match &count {
//!             Count::Words(n) => println!(
//!                 "file name={} words={n} worker={}",
//!                 names[index], pool[slot].pid
//!             ),
//!             Count::Error(reason) => println!(
//!                 "error name={} worker={} reason={reason}",
//!                 names[index], pool[slot].pid
//!             ),
//!         }
//!         counted[index] = Some((count, pool[slot].pid));
//! ```
//! ```find
//!                 println!("file name={name} words={n} worker={worker}");
//! ```
//! ```replace
//!                 let _ = (name, worker);
//! ```
//! ```find
//!                 println!("error name={name} worker={worker} reason={reason}");
//! ```
//! ```replace
//!                 let _ = (name, worker, reason);
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
