//! mutant-of: 04
//! must-fail: exactly_w_workers
//!
//! Each of the W workers forks a fresh process for every task it receives and waits for it: at
//! most W tasks run at a time, the results come back in order, the work is handed out as workers
//! finish, but every task runs in a new process. It is not a pool: a pool creates its W workers
//! once and reuses them.
//!
//! ```find
//!         let output = run_task(task);
//!         // Print first (inside run_task), answer second: by the time the parent has every
//!         // answer, every task line is already in stdout, before the parent's summary.
//!         let msg = format!("{} {}\n", task.index, output);
//!         results
//!             .write_all(msg.as_bytes())
//!             .expect("sending a result to the parent");
//! ```
//! ```replace
//!         // SAFETY: the worker process has a single thread.
//!         match unsafe { fork() }.expect("fork") {
//!             ForkResult::Child => {
//!                 let output = run_task(task);
//!                 let msg = format!("{} {}\n", task.index, output);
//!                 results
//!                     .write_all(msg.as_bytes())
//!                     .expect("sending a result to the parent");
//!                 std::process::exit(0);
//!             }
//!             ForkResult::Parent { child } => {
//!                 waitpid(child, None).expect("waitpid");
//!             }
//!         }
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
