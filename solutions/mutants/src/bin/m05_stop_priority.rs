//! mutant-of: 05
//! must-fail: exactly_once, consumers_end
//!
//! "Consumers should stop at once": the sentinels are sent with a higher priority than the
//! items. A message queue delivers higher priorities first, so a sentinel overtakes the items
//! still waiting in the queue; its consumer stops, and those items are never taken.
//!
//! ```find
//!         match mq_send(queue, &msg.encode(), 0) {
//! ```
//! ```replace
//!         let priority = if msg == Message::Stop { 1 } else { 0 };
//!         match mq_send(queue, &msg.encode(), priority) {
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
