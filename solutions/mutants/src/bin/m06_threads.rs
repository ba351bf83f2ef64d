//! mutant-of: 06
//! must-fail: workers_are_processes
//!
//! Threads instead of processes: one `std::thread` per worker on the same segment and lock (the
//! pointer passed as a number, since a raw pointer cannot be sent to a thread), each printing its
//! thread id as its "pid". The numbers come out right (each thread opens the lock file itself, and
//! flock excludes open file descriptions, not processes), but the exercise is about processes
//! sharing memory: the kernel sees threads of one process, not W child processes.
//!
//! ```find
//! use nix::sys::wait::{WaitStatus, waitpid};
//! use nix::unistd::{ForkResult, Pid, fork};
//! use shared_memory::{Shmem, ShmemConf};
//! ```
//! ```replace
//! use shared_memory::ShmemConf;
//! ```
//! ```find
//!     let mut shmem = match ShmemConf::new().size(size_of::<Shared>()).create() {
//! ```
//! ```replace
//!     let shmem = match ShmemConf::new().size(size_of::<Shared>()).create() {
//! ```
//! ```find
//!     let mut children = Vec::with_capacity(args.workers);
//!     for index in 0..args.workers {
//!         // What worker `index` does, in its own process; returns its exit code.
//!         let work = || match count(index, shared, &lock_path, args.increments, args.widen) {
//!             Ok(()) => {
//!                 println!("worker index={index} pid={} finished", std::process::id());
//! ```
//! ```replace
//!     // Threads are lighter than processes and share memory anyway. A raw pointer cannot be
//!     // sent to a thread: pass its address.
//!     let address = shared as usize;
//!     let mut children = Vec::with_capacity(args.workers);
//!     for index in 0..args.workers {
//!         let lock_path = lock_path.clone();
//!         let (increments, widen) = (args.increments, args.widen);
//!         // What worker `index` does, in its own thread; returns its exit code.
//!         let work = move || match count(
//!             index,
//!             address as *mut Shared,
//!             &lock_path,
//!             increments,
//!             widen,
//!         ) {
//!             Ok(()) => {
//!                 println!("worker index={index} pid={} finished", nix::unistd::gettid());
//! ```
//! ```find
//!         match start_worker(&mut shmem, work) {
//!             Ok(child) => children.push(child),
//!             Err(e) => {
//!                 eprintln!("fork failed: {e}");
//!                 break;
//!             }
//!         }
//! ```
//! ```replace
//!         children.push(std::thread::spawn(work));
//! ```
//! ```find
//!     let all_ok = wait_all(&children) && children.len() == args.workers;
//! ```
//! ```replace
//!     let mut all_ok = true;
//!     for child in children {
//!         all_ok &= matches!(child.join(), Ok(0));
//!     }
//! ```
//! ```find
//! /// Forks one worker process. The child gives up ownership of the segment, runs `work`, and
//! /// leaves with its exit code; the parent gets the child's pid.
//! fn start_worker(shmem: &mut Shmem, work: impl FnOnce() -> i32) -> nix::Result<Pid> {
//!     // SAFETY: the program has a single thread here (no thread is ever started), so the child
//!     // may run any code, not just async-signal-safe functions.
//!     match unsafe { fork() }? {
//!         ForkResult::Parent { child } => Ok(child),
//!         ForkResult::Child => {
//!             // After fork the child holds a copy of the parent's `Shmem`, owner flag included:
//!             // were it dropped as owner, the segment would be unlinked under the parent.
//!             shmem.set_owner(false);
//!             let code = work();
//!             // `exit` runs no destructors of this stack: the child never returns into the
//!             // parent's loop in `main`.
//!             std::process::exit(code)
//!         }
//!     }
//! }
//!
//! ```
//! ```replace
//! ```
//! ```find
//! /// Waits for every child; true when all exited with code 0.
//! fn wait_all(children: &[Pid]) -> bool {
//!     let mut all_ok = true;
//!     for &child in children {
//!         match waitpid(child, None) {
//!             Ok(WaitStatus::Exited(_, 0)) => {}
//!             Ok(status) => {
//!                 eprintln!("worker {child} ended badly: {status:?}");
//!                 all_ok = false;
//!             }
//!             Err(e) => {
//!                 eprintln!("waitpid({child}): {e}");
//!                 all_ok = false;
//!             }
//!         }
//!     }
//!     all_ok
//! }
//!
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
