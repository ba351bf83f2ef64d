//! mutant-of: 06
//! must-fail: exact_defaults, exact_random, exact_under_stress
//!
//! The counter lives in ordinary memory (a `Box`), like a Python global: "all the workers see the
//! same variable". After fork each child has its own copy-on-write copy of it, so every worker
//! counts in its copy and the parent's stays at 0, whatever the parameters.
//!
//! ```find
//! use shared_memory::{Shmem, ShmemConf};
//! ```
//! ```replace
//! /// At most this many workers: one slot each in the segment.
//! ```
//! ```find
//!     let mut shmem = match ShmemConf::new().size(size_of::<Shared>()).create() {
//!         Ok(shmem) => shmem,
//!         Err(e) => {
//!             eprintln!("cannot create the shared segment: {e}");
//!             return ExitCode::FAILURE;
//!         }
//!     };
//!     let shared = shmem.as_ptr().cast::<Shared>();
//! ```
//! ```replace
//!     // The counter and the slots in ordinary memory: "every worker sees this variable" (wrong:
//!     // after fork each child has its own copy).
//!     let mut memory = Box::new(Shared {
//!         counter: 0,
//!         slots: [0; MAX_WORKERS],
//!     });
//!     let shared: *mut Shared = &mut *memory;
//! ```
//! ```find
//!         match start_worker(&mut shmem, work) {
//! ```
//! ```replace
//!         match start_worker(work) {
//! ```
//! ```find
//!     drop(shmem);
//! ```
//! ```replace
//!     // Clean up: the parent is the owner, so dropping `shmem` unlinks the segment; the lock
//!     // file is ours to remove too (a child that never ran may not have created it).
//!     drop(memory);
//! ```
//! ```find
//! fn start_worker(shmem: &mut Shmem, work: impl FnOnce() -> i32) -> nix::Result<Pid> {
//! ```
//! ```replace
//! /// Forks one worker process. The child gives up ownership of the segment, runs `work`, and
//! /// leaves with its exit code; the parent gets the child's pid.
//! fn start_worker(work: impl FnOnce() -> i32) -> nix::Result<Pid> {
//! ```
//! ```find
//!             shmem.set_owner(false);
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
