//! mutant-of: 06
//! must-fail: exact_under_stress
//!
//! The lock file is opened once, in the parent, before forking, and every worker locks (a clone of)
//! the descriptor it inherited. All of them then share ONE open file description, hence one flock:
//! each worker's `Flock::lock` succeeds at once, and the lock excludes nobody.
//!
//! ```find
//! use std::path::Path;
//! ```
//! ```replace
//! ```
//! ```find
//!     let mut children = Vec::with_capacity(args.workers);
//! ```
//! ```replace
//!     // One lock file for all the workers, opened once.
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
//!         let work = || match count(index, shared, &lock_file, args.increments, args.widen) {
//! ```
//! ```find
//!     lock_path: &Path,
//! ```
//! ```replace
//!     lock_file: &File,
//! ```
//! ```find
//!     // Opened here, after fork: this process gets its own open file description, so its flock
//!     // excludes the other workers'. A descriptor inherited from the parent would be one shared
//!     // description: one lock for everybody, excluding nobody.
//!     let mut file = File::options()
//!         .read(true)
//!         .write(true)
//!         .create(true)
//!         .truncate(false)
//!         .open(lock_path)?;
//! ```
//! ```replace
//!     let mut file = lock_file.try_clone()?;
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
