//! mutant-of: 15
//! must-fail: spawn_args
//!
//! The job written once, the way it works with fork: `result = n * SCALE`, the module-level
//! setting `main` changed before starting the children. Under spawn the module is imported
//! afresh, so the child computes with the initial value 1 (in Python: a global assigned under
//! `if __name__ == "__main__":` is not there in a spawned worker). The scale passed on the
//! command line is printed but not used.
//!
//! ```find
//!         args.n * args.scale
//! ```
//! ```replace
//!         args.n * global
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
