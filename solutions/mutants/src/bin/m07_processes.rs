//! mutant-of: 07
//! must-fail: threads_not_processes, tids_are_threads
//!
//! "As in exercise 01: one process per worker", with a small thread per child that waits for it
//! so that join_all still has handles to join. The workers are processes, not threads: the
//! kernel sees child processes, and the tids the workers print are their pids. (And `fork` in a
//! process whose heartbeat thread already runs: the child may inherit a lock that thread held.)
//!
//! ```find
//!             thread::Builder::new()
//!                 .name(format!("worker-{id}"))
//!                 .spawn(move || worker(id, count, work))
//!                 .expect("cannot start a worker thread")
//! ```
//! ```replace
//!             // SAFETY: not really: the heartbeat thread already runs (the mistake shown here).
//!             match unsafe { nix::unistd::fork() }.expect("cannot fork a worker") {
//!                 nix::unistd::ForkResult::Child => {
//!                     worker(id, count, work);
//!                     std::process::exit(0)
//!                 }
//!                 nix::unistd::ForkResult::Parent { child } => thread::spawn(move || {
//!                     nix::sys::wait::waitpid(child, None).expect("waitpid");
//!                     count
//!                 }),
//!             }
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
