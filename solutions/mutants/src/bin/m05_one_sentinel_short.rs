//! mutant-of: 05
//! must-fail: exactly_once, per_producer_order, consumers_end, bounded
//!
//! One stop message short: the parent sends `consumers - 1` sentinels, as if the last consumer
//! would notice the queue is empty (a message queue has no end-of-file). That consumer waits in
//! `mq_receive` forever and the parent waits for it. The timeout's verdict must name it: the
//! consumer waits on a queue nobody alive will send to, "one stop message per consumer?".
//!
//! ```find
//!     for _ in 0..consumers {
//! ```
//! ```replace
//!     for _ in 0..consumers - 1 {
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
