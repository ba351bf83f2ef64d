//! mutant-of: 01
//! must-fail: exit_status
//!
//! The parent waits for each child but never reads the WaitStatus: "it ended, so it went well".
//! It reports `exited:0` for beta, whose real exit code is --exit-code.
//!
//! ```find
//! use nix::sys::wait::{WaitStatus, waitpid};
//! ```
//! ```replace
//! use nix::sys::wait::waitpid;
//! ```
//! ```find
//!     match waitpid(pid, None).expect("waitpid failed") {
//!         WaitStatus::Exited(_, code) => format!("exited:{code}"),
//!         WaitStatus::Signaled(_, signal, _) => format!("signaled:{}", signal.as_str()),
//!         // Without WUNTRACED/WCONTINUED flags waitpid reports only the two endings above.
//!         other => unreachable!("waitpid without flags reported {other:?}"),
//!     }
//! ```
//! ```replace
//!     waitpid(pid, None).expect("waitpid failed");
//!     "exited:0".to_string()
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
