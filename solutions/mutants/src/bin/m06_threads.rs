//! mutant-of: 06
//! must-fail: workers_are_processes
//!
//! Threads instead of processes: an `Arc<AtomicU64>` counter and atomic slots, one
//! `std::thread` per worker, each printing its thread id as its "pid". The numbers come out
//! right (atomics are exact), but the exercise is about processes sharing memory: the kernel
//! sees threads of one process, not W child processes.
//!
//! ```find
//! use std::fs::File;
//! use std::io;
//! use std::path::Path;
//! use std::process::ExitCode;
//! use std::time::Duration;
//! ```
//! ```replace
//! use std::sync::Arc;
//! use std::sync::atomic::{AtomicU64, Ordering};
//! ```
//! ```find
//! use nix::fcntl::{Flock, FlockArg};
//! use nix::sys::wait::{WaitStatus, waitpid};
//! use nix::unistd::{ForkResult, Pid, fork};
//! use shared_memory::{Shmem, ShmemConf};
//! ```
//! ```replace
//! ```
//! ```find
//! #[repr(C)]
//! struct Shared {
//!     counter: u64,
//!     slots: [u64; MAX_WORKERS],
//! ```
//! ```replace
//! fn main() {
//!     let args = Args::parse();
//!     let counter = Arc::new(AtomicU64::new(0));
//!     let slots: Arc<Vec<AtomicU64>> =
//!         Arc::new((0..args.workers).map(|_| AtomicU64::new(0)).collect());
//!
//!     let handles: Vec<_> = (0..args.workers)
//!         .map(|index| {
//!             let counter = Arc::clone(&counter);
//!             let slots = Arc::clone(&slots);
//!             let (increments, widen) = (args.increments, args.widen);
//!             std::thread::spawn(move || {
//!                 for _ in 0..increments {
//!                     if widen {
//!                         std::thread::yield_now();
//! ```
//! ```find
//! unsafe fn increment(cell: *mut u64, widen: bool) {
//!     // SAFETY: the caller guarantees `cell` is valid for reads and writes. Volatile: the compiler
//!     // must really read and write the memory, which other processes change behind its back.
//!     let value = unsafe { cell.read_volatile() };
//!     if widen {
//!         std::thread::sleep(Duration::from_micros(1));
//! ```
//! ```replace
//!                     counter.fetch_add(1, Ordering::SeqCst);
//!                     slots[index].fetch_add(1, Ordering::Relaxed);
//! ```
//! ```find
//!     unsafe { cell.write_volatile(value + 1) };
//! ```
//! ```replace
//!                 println!(
//!                     "worker index={index} pid={} finished",
//!                     nix::unistd::gettid()
//!                 );
//!             })
//!         })
//!         .collect();
//!     for handle in handles {
//!         handle.join().expect("a worker thread panicked");
//! ```
//! ```find
//! fn main() -> ExitCode {
//!     let args = Args::parse();
//!     // The lock file's path is decided before forking; each child opens the file itself.
//!     let lock_path = std::env::temp_dir().join(format!("forklings-06-{}.lock", std::process::id()));
//!
//!     // The segment: `shm_open` + `ftruncate` + `mmap(MAP_SHARED)`. The kernel fills it with
//!     // zeros, so the counter and every slot start at 0. Its creator is its owner: when the
//!     // owner drops its `Shmem`, the segment is unlinked from /dev/shm.
//!     let mut shmem = match ShmemConf::new().size(size_of::<Shared>()).create() {
//!         Ok(shmem) => shmem,
//!         Err(e) => {
//!             eprintln!("cannot create the shared segment: {e}");
//!             return ExitCode::FAILURE;
//!         }
//!     };
//!     let shared = shmem.as_ptr().cast::<Shared>();
//!
//!     let mut children = Vec::with_capacity(args.workers);
//!     for index in 0..args.workers {
//!         // What worker `index` does, in its own process; returns its exit code.
//!         let work = || match count(index, shared, &lock_path, args.increments, args.widen) {
//!             Ok(()) => {
//!                 println!("worker index={index} pid={} finished", std::process::id());
//!                 0
//!             }
//!             Err(e) => {
//!                 eprintln!("worker {index}: {e}");
//!                 1
//!             }
//!         };
//!         match start_worker(&mut shmem, work) {
//!             Ok(child) => children.push(child),
//!             Err(e) => {
//!                 eprintln!("fork failed: {e}");
//!                 break;
//!             }
//!         }
//!     }
//!
//!     // Wait for every child that was started, even when one failed: no zombies, no orphans.
//!     let all_ok = wait_all(&children) && children.len() == args.workers;
//!
//!     // Every worker has ended (waitpid returned for each), so nothing writes any more: read.
//!     let (counter, slots) = read_result(shared, args.workers);
//!     println!("counter value={counter}");
//! ```
//! ```replace
//!     let values: Vec<u64> = slots.iter().map(|s| s.load(Ordering::SeqCst)).collect();
//!     println!("counter value={}", counter.load(Ordering::SeqCst));
//! ```
//! ```find
//!         slots
//! ```
//! ```replace
//!         values
//! ```
//! ```find
//!         slots.iter().sum::<u64>()
//! ```
//! ```replace
//!         values.iter().sum::<u64>()
//! ```
//! ```find
//!     drop(shmem);
//!     match std::fs::remove_file(&lock_path) {
//!         Ok(()) => {}
//!         Err(e) if e.kind() == io::ErrorKind::NotFound => {}
//!         Err(e) => eprintln!("cannot remove {}: {e}", lock_path.display()),
//! ```
//! ```replace
//! ```
//! ```find
//!     if all_ok {
//!         ExitCode::SUCCESS
//!     } else {
//!         eprintln!("a worker failed: the counter above is not to be trusted");
//!         ExitCode::FAILURE
//!     }
//! }
//!
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
//! /// A worker's job, in its own process: N increments of the counter under the lock, and N of
//! /// its own slot without one.
//! fn count(
//!     index: usize,
//!     shared: *mut Shared,
//!     lock_path: &Path,
//!     increments: u64,
//!     widen: bool,
//! ) -> io::Result<()> {
//!     // Opened here, after fork: this process gets its own open file description, so its flock
//!     // excludes the other workers'. A descriptor inherited from the parent would be one shared
//!     // description: one lock for everybody, excluding nobody.
//!     let mut file = File::options()
//!         .read(true)
//!         .write(true)
//!         .create(true)
//!         .truncate(false)
//!         .open(lock_path)?;
//!     // SAFETY: `shared` points to the segment mapped before fork (and still mapped in this
//!     // process); `index < MAX_WORKERS` (clap limits --workers). `&raw mut` makes no reference.
//!     let (counter, slot) = unsafe { (&raw mut (*shared).counter, &raw mut (*shared).slots[index]) };
//!     for _ in 0..increments {
//!         // Blocks until no other process holds the lock.
//!         let locked = Flock::lock(file, FlockArg::LockExclusive).map_err(|(_, e)| e)?;
//!         // SAFETY: `counter` points into the segment; the lock makes this process the only
//!         // one reading and writing it until unlock.
//!         unsafe { increment(counter, widen) };
//!         file = locked.unlock().map_err(|(_, e)| e)?;
//!         // Nobody else writes this worker's slot: no lock needed.
//!         // SAFETY: `slot` points into the segment.
//!         unsafe { increment(slot, false) };
//!     }
//!     Ok(())
//! }
//!
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
//! /// The counter and the first `workers` slots, read from the segment.
//! fn read_result(shared: *const Shared, workers: usize) -> (u64, Vec<u64>) {
//!     // SAFETY: `shared` points to the mapped segment, and every writer has ended.
//!     unsafe {
//!         let counter = (&raw const (*shared).counter).read_volatile();
//!         let slots = (0..workers)
//!             .map(|i| (&raw const (*shared).slots[i]).read_volatile())
//!             .collect();
//!         (counter, slots)
//!     }
//! }
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
