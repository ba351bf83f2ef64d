//! ptrace: filled in below.
