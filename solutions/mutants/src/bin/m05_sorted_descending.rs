//! mutant-of: 05
//! must-fail: per_producer_order
//!
//! Each consumer keeps the items it takes and prints them at the end, sorted newest first: every
//! item arrives, but no longer in the order the queue delivered it.
//!
//! ```find
//!     let mut consumed: u64 = 0;
//! ```
//! ```replace
//!     let mut consumed: u64 = 0;
//!     // Collects first, prints at the end "newest first".
//!     let mut taken = Vec::new();
//! ```
//! ```find
//!                 println!(
//!                     "got consumer={c} producer={producer} seq={seq} pid={}",
//!                     getpid()
//!                 );
//!                 consumed += 1;
//! ```
//! ```replace
//!                 taken.push((producer, seq));
//!                 consumed += 1;
//! ```
//! ```find
//!     println!("consumer {c} pid={} done consumed={consumed}", getpid());
//! ```
//! ```replace
//!     taken.sort_by(|a, b| b.cmp(a));
//!     for (producer, seq) in taken {
//!         println!(
//!             "got consumer={c} producer={producer} seq={seq} pid={}",
//!             getpid()
//!         );
//!     }
//!     println!("consumer {c} pid={} done consumed={consumed}", getpid());
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
