//! mutant-of: 01
//! must-fail: own_function
//!
//! A copy-paste slip: both children run sum_of_squares, so beta prints alpha's result (and
//! fibonacci, now unused, was deleted to silence the warning).
//!
//! ```find
//!             start_child("beta", fibonacci, &args, args.exit_code),
//! ```
//! ```replace
//!             start_child("beta", sum_of_squares, &args, args.exit_code),
//! ```
//! ```find
//!
//! /// beta: the n-th Fibonacci number, fib(0) = 0, fib(1) = 1 (fits in u64 up to n = 93).
//! fn fibonacci(n: u64) -> u64 {
//!     let (mut a, mut b) = (0u64, 1u64);
//!     for _ in 0..n {
//!         (a, b) = (b, a + b);
//!     }
//!     a
//! }
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
