//! Mutants live in `src/bin/m<NN>_<what_is_wrong>.rs`. Each starts with two header lines read by
//! `grader/tests/mutants.rs`:
//!
//! ```text
//! //! mutant-of: 06
//! //! must-fail: exact_under_stress, another_check_id
//! ```
