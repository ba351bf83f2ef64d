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
//! ```
//! ```find
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
//! ```
//! ```replace
//!     // The counter and the slots, like Python globals: every worker sees this variable.
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
//!     // Clean up: the parent is the owner, so dropping `shmem` unlinks the segment; the lock
//!     // file is ours to remove too (a child that never ran may not have created it).
//!     drop(shmem);
//! ```
//! ```replace
//!     // Clean up: the lock file is ours to remove (a child that never ran may not have created it).
//!     drop(memory);
//! ```
//! ```find
//! fn start_worker(shmem: &mut Shmem, work: impl FnOnce() -> i32) -> nix::Result<Pid> {
//! ```
//! ```replace
//! fn start_worker(work: impl FnOnce() -> i32) -> nix::Result<Pid> {
//! ```
//! ```find
//!             // After fork the child holds a copy of the parent's `Shmem`, owner flag included:
//!             // were it dropped as owner, the segment would be unlinked under the parent.
//!             shmem.set_owner(false);
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
