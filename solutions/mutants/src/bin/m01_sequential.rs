//! mutant-of: 01
//! must-fail: overlap
//!
//! `p.start(); p.join()` for one child, then the same for the other: every line is right, but
//! alpha has ended before beta is even forked, so the two never run at the same time.
//!
//! ```find
//!     // Start BOTH children before waiting for either: while the parent forks beta, alpha is
//!     // already running. Waiting for alpha before forking beta would run them one after the other.
//!     let children = [
//!         ("alpha", start_child("alpha", sum_of_squares, &args, 0)),
//!         (
//!             "beta",
//!             start_child("beta", fibonacci, &args, args.exit_code),
//!         ),
//!     ];
//!
//!     // Only now wait: `waitpid` blocks until that child has ended and collects its status (the
//!     // kernel keeps a finished child as a zombie until its parent does this).
//!     for (name, pid) in children {
//!         let status = wait_for(pid);
//!         println!("parent reaped {name} pid={pid} status={status}");
//!     }
//! ```
//! ```replace
//!     let alpha = start_child("alpha", sum_of_squares, &args, 0);
//!     let status = wait_for(alpha);
//!     println!("parent reaped alpha pid={alpha} status={status}");
//!
//!     let beta = start_child("beta", fibonacci, &args, args.exit_code);
//!     let status = wait_for(beta);
//!     println!("parent reaped beta pid={beta} status={status}");
//!
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
