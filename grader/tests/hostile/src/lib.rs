//! Hostile programs live in `src/bin/h_<behaviour>.rs`; see `grader/tests/hostile.rs`.
