//! mutant-of: 05
//! must-fail: no_queue_left
//!
//! "Closing is enough, the kernel cleans up after the last process": the queue is closed but
//! never `mq_unlink`ed. The output is perfect, and every run leaves a message queue in the
//! kernel (`/dev/mqueue`) until the machine reboots.
//!
//! ```find
//!     mq_close(queue)?;
//!     mq_unlink(name)?;
//! ```
//! ```replace
//!     let _ = name;
//!     mq_close(queue)?;
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
