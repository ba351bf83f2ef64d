//! mutant-of: 16
//! must-fail: speedup
//!
//! `t0 = time.time(); for p in ps: p.start()`, then `t_par = time.time() - t0` before the joins:
//! the clock measured only the forks, not the work. Everything else is right; the speedup it
//! prints is in the hundreds, and the kernel's CPU times show the workers computed far longer
//! than the "parallel" time.
//!
//! ```find
//!     let partials = collect(workers);
//!     let parallel_ms = ms(started);
//! ```
//! ```replace
//!     let parallel_ms = ms(started);
//!     let partials = collect(workers);
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
