//! mutant-of: 15
//! must-fail: spawn_is_exec, globals_by_method, spawn_args, fork_thread_ends, reaped
//!
//! The spawned program is started without `--child`, the flag that tells `main` to run only the
//! child's job: Python's spawn with the `if __name__ == "__main__":` guard left out. The new run
//! of the program does what `main` does — sets the global, spawns itself again, which spawns
//! itself again… — until the grader stops the chain (Python stops it sooner, with its
//! RuntimeError about the bootstrapping phase).
//!
//! ```find
//!         .arg("--child")
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
