//! mutant-of: 14
//! must-fail: exit_status
//!
//! `except KeyboardInterrupt:` swallows the interrupt, and the program ends normally: status
//! 0 after a Ctrl-C. A shell script (or `make`) that ran it believes the work is complete.
//!
//! ```find
//!     if cancelled() {
//!         exit(INTERRUPTED);
//!     }
//! ```
//! ```replace
//!     let _ = INTERRUPTED;
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
