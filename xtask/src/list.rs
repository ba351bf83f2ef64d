//! `cargo xtask list`: the exercises in course order.

use std::process::ExitCode;

use grader::catalog;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    for e in catalog::all() {
        println!(
            "{} {:<26} {:>3} pts  {}  ({})",
            e.id,
            e.slug,
            e.max_points(),
            e.title,
            e.topic
        );
    }
    Ok(ExitCode::SUCCESS)
}
