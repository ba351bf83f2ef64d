//! forklings' grader, laid out as its pipeline:
//!
//! ```text
//! catalog ─► build ─► run (supervisor) ─► observe (ptrace) ─► parse ─► check ─► report
//! ```
//!
//! `grade` drives the pipeline for a set of exercises; every report format renders the one
//! result model in `report`.

pub mod build;
pub mod catalog;
pub mod check;
pub mod cli;
pub mod grade;
pub mod hidden;
pub mod i18n;
pub mod observe;
pub mod parse;
pub mod report;
pub mod rng;
pub mod run;
pub mod state;
pub mod tamper;
pub mod verdict;
