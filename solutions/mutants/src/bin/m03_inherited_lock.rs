//! mutant-of: 03
//! must-fail: blocks_whole
//!
//! The parent opens the lock file once, before forking, and every writer locks (a duplicate of)
//! the descriptor it inherited. They all share ONE open file description, hence one flock: each
//! writer's `Flock::lock` succeeds at once and the lock excludes nobody.
//!
//! ```find
//!     // One lock file per run of this program (the pid makes it unique). The parent only decides
//!     // the name: each child opens the file itself, see `take_lock`.
//!     let lock_path = std::env::temp_dir().join(format!("forklings-03-{}.lock", getpid()));
//! ```
//! ```replace
//!     // One lock file per run of this program (the pid makes it unique), opened once for everyone.
//!     let lock_path = std::env::temp_dir().join(format!("forklings-03-{}.lock", getpid()));
//!     let lock_file = OpenOptions::new()
//!         .create(true)
//!         .truncate(false)
//!         .write(true)
//!         .open(&lock_path)
//!         .expect("cannot open the lock file");
//! ```
//! ```find
//!         .map(|i| start_writer(i, &args, &lock_path))
//! ```
//! ```replace
//!         .map(|i| start_writer(i, &args, &lock_file))
//! ```
//! ```find
//! fn start_writer(i: u32, args: &Args, lock_path: &Path) -> Pid {
//! ```
//! ```replace
//! fn start_writer(i: u32, args: &Args, lock_file: &File) -> Pid {
//! ```
//! ```find
//!         ForkResult::Child => writer(i, args, lock_path),
//! ```
//! ```replace
//!         ForkResult::Child => writer(i, args, lock_file),
//! ```
//! ```find
//! fn writer(i: u32, args: &Args, lock_path: &Path) -> ! {
//! ```
//! ```replace
//! fn writer(i: u32, args: &Args, lock_file: &File) -> ! {
//! ```
//! ```find
//!     let lock = take_lock(lock_path);
//! ```
//! ```replace
//!     let lock = take_lock(lock_file);
//! ```
//! ```find
//! /// Opens the lock file in THIS process and blocks until it holds the exclusive lock.
//! ///
//! /// `flock` locks belong to an open file description, the kernel object `open` creates. A file
//! /// opened once by the parent before `fork` is shared by all children (they inherit the same
//! /// description), so they would all "hold" the same lock at once. Each writer opens its own.
//! fn take_lock(lock_path: &Path) -> Flock<File> {
//!     let file = OpenOptions::new()
//!         .create(true)
//!         .truncate(false)
//!         .write(true)
//!         .open(lock_path)
//!         .unwrap_or_else(|e| panic!("cannot open lock file {}: {e}", lock_path.display()));
//!     Flock::lock(file, FlockArg::LockExclusive)
//!         .unwrap_or_else(|(_, errno)| panic!("cannot lock {}: {errno}", lock_path.display()))
//! ```
//! ```replace
//! /// Blocks until this process holds the lock, and returns it (dropping it unlocks).
//! fn take_lock(lock_file: &File) -> Flock<File> {
//!     let file = lock_file.try_clone().expect("cannot duplicate the lock file");
//!     Flock::lock(file, FlockArg::LockExclusive)
//!         .unwrap_or_else(|(_, errno)| panic!("cannot lock the lock file: {errno}"))
//! ```
//! ```find
//! use std::path::Path;
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
