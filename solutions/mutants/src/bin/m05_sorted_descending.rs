//! mutant-of: 05
//! must-fail: per_producer_order
//!
//! Each consumer keeps the items it takes and prints them at the end, sorted newest first: every
//! item arrives, but no longer in the order the queue delivered it.
//!
//! ```find
//!     let mut consumed: u64 = 0;
//!     loop {
//! ```
//! ```replace
//!     let mut consumed: u64 = 0;
//!     // Collects first, prints at the end "newest first".
//!     let mut taken = Vec::new();
//!     loop {
//! ```
//! ```find
//!             Message::Item { producer, seq } => {
//!                 println!(
//! ```
//! ```replace
//!             Message::Item { producer, seq } => {
//!                 taken.push((producer, seq));
//!                 consumed += 1;
//!                 sleep(Duration::from_millis(consume_ms));
//!             }
//!         }
//!     }
//!     taken.sort_by(|a, b| b.cmp(a));
//!     for (producer, seq) in taken {
//!                 println!(
//! ```
//! ```find
//!                 );
//!                 consumed += 1;
//!                 sleep(Duration::from_millis(consume_ms));
//!             }
//!         }
//!     }
//! ```
//! ```replace
//!                 );
//!     }
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
