//! mutant-of: 06
//! must-fail: exact_under_stress
//!
//! The lock file is opened once, in the parent, before forking, and every worker locks (a clone of)
//! the descriptor it inherited. All of them then share ONE open file description, hence one flock:
//! each worker's `Flock::lock` succeeds at once, and the lock excludes nobody.
//!
//! ```find
//!
//!     let mut children = Vec::with_capacity(args.workers);
//! ```
//! ```replace
//!
//!     // One lock file for all: opened here, once, and inherited by every worker (wrong).
//!     let lock_file = match File::create(&lock_path) {
//!         Ok(file) => file,
//!         Err(e) => {
//!             eprintln!("cannot create {}: {e}", lock_path.display());
//!             return ExitCode::FAILURE;
//!         }
//!     };
//!     let mut children = Vec::with_capacity(args.workers);
//! ```
//! ```find
//!         let work = || match count(index, shared, &lock_path, args.increments, args.widen) {
//! ```
//! ```replace
//!         // What worker `index` does, in its own process; returns its exit code.
//!         let work = || match count(
//!             index,
//!             shared,
//!             &lock_path,
//!             &lock_file,
//!             args.increments,
//!             args.widen,
//!         ) {
//! ```
//! ```find
//!     lock_path: &Path,
//!     increments: u64,
//! ```
//! ```replace
//!     lock_path: &Path,
//!     lock_file: &File,
//!     increments: u64,
//! ```
//! ```find
//!     let mut file = File::options()
//!         .read(true)
//!         .write(true)
//!         .create(true)
//!         .truncate(false)
//!         .open(lock_path)?;
//! ```
//! ```replace
//!     // The descriptor the parent opened, inherited through fork.
//!     let mut file = lock_file.try_clone()?;
//!     let _ = lock_path;
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
