//! build: cargo build of the chosen crates.
