//! `cargo xtask …`: the commands students and teachers type.
//!
//! - `grade [IDS…] [--solutions] [--seed N] [--repeat N] [--format human|json]`
//! - `list`: the exercises in course order.
//! - `verify [--repeat N]`: every solution passes every check N times; every stub scores 0.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use grader::catalog;
use grader::check::Variant;
use grader::cli::GradeArgs;
use grader::grade::{self, Options};
use grader::report::{self, Format, Status};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "forklings: learn process-level concurrency in Rust"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Grade your exercises (all, or those named: `06`, `shared_counter`).
    Grade {
        ids: Vec<String>,
        /// Grade the reference solutions instead (teachers).
        #[arg(long)]
        solutions: bool,
        #[command(flatten)]
        common: GradeArgs,
        /// The teacher's template repo: if the grader's files here differ from it, grade
        /// nothing and list the changes.
        #[arg(long)]
        template: Option<PathBuf>,
    },
    /// List the exercises in course order.
    List,
    /// Teachers' self-test: every solution passes every check on repeated gradings, and every
    /// stub scores zero quickly.
    Verify {
        /// Gradings of each solution.
        #[arg(long, default_value_t = 20)]
        repeat: u32,
        #[arg(long)]
        seed: Option<u64>,
    },
}

/// The workspace root: xtask lives in `<root>/xtask`.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the workspace")
        .to_path_buf()
}

fn main() -> ExitCode {
    grader::run::supervisor::enter_if_requested();
    match real_main() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Grading options for this workspace, as `grade --seed S --repeat R` would make them.
fn options(variant: Variant, seed: Option<u64>, repeat: u32) -> anyhow::Result<Options> {
    GradeArgs {
        seed,
        repeat,
        format: Format::Human,
        output: None,
        min_score: None,
    }
    .options(root(), variant)
}

fn real_main() -> anyhow::Result<ExitCode> {
    match Cli::parse().command {
        Command::Grade {
            ids,
            solutions,
            common,
            template,
        } => {
            let exercises = catalog::select(&ids)?;
            let variant = if solutions {
                Variant::Solution
            } else {
                Variant::Exercise
            };
            let mut opts = common.options(root(), variant)?;
            opts.template = template;
            let report = grade::grade(&exercises, &opts, |_| {})?;
            common.finish(&report)
        }
        Command::Verify { repeat, seed } => verify(repeat, seed),
        Command::List => {
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
    }
}

/// A stub must be graded (to zero) within this time, or it counts as hanging.
const STUB_BUDGET: Duration = Duration::from_secs(15);

fn verify(repeat: u32, seed: Option<u64>) -> anyhow::Result<ExitCode> {
    let exercises = catalog::all();
    let sol_opts = options(Variant::Solution, seed, repeat)?;
    eprintln!(
        "verify: grading every solution {} times (seed {}), then every stub once…",
        sol_opts.repeat, sol_opts.seed
    );
    let solutions = grade::grade(&exercises, &sol_opts, |e| {
        eprintln!(
            "  solution {} {}: {}/{} in {:.1} s",
            e.id,
            e.slug,
            e.score,
            e.max_score,
            e.elapsed_ms as f64 / 1000.0
        );
    })?;
    let stub_opts = options(Variant::Exercise, Some(sol_opts.seed), 1)?;
    let started = Instant::now();
    let stubs = grade::grade(&exercises, &stub_opts, |_| {})?;
    let stub_time = started.elapsed();

    let mut ok = true;
    println!(
        "\n{:<28} {:>10} {:>9} {:>8} {:>9}  verdict",
        "exercise", "solution", "time", "stub", "time"
    );
    for (sol, stub) in solutions.exercises.iter().zip(&stubs.exercises) {
        let mut problems = Vec::new();
        if sol.status != Status::Pass {
            problems.push(format!("solution lost points: {}", first_problem(sol)));
        }
        if stub.score != 0 {
            problems.push(format!("stub scored {} instead of 0", stub.score));
        }
        if stub.status == Status::Error {
            problems.push(format!(
                "stub does not build: {}",
                stub.error.clone().unwrap_or_default()
            ));
        }
        if Duration::from_millis(stub.elapsed_ms) > STUB_BUDGET {
            problems.push(format!(
                "stub took {:.1} s to grade",
                stub.elapsed_ms as f64 / 1000.0
            ));
        }
        ok &= problems.is_empty();
        println!(
            "{:<28} {:>10} {:>8.1}s {:>8} {:>8.1}s  {}",
            format!("{} {}", sol.id, sol.slug),
            format!("{}/{}", sol.score, sol.max_score),
            sol.elapsed_ms as f64 / 1000.0,
            format!("{}/{}", stub.score, stub.max_score),
            stub.elapsed_ms as f64 / 1000.0,
            if problems.is_empty() {
                "ok".to_string()
            } else {
                problems.join("; ")
            }
        );
    }
    println!(
        "\nsolutions: {} gradings each, {:.1} s · stubs: {:.1} s · seed {}",
        sol_opts.repeat,
        solutions.elapsed_ms as f64 / 1000.0,
        stub_time.as_secs_f64(),
        sol_opts.seed
    );
    if ok {
        println!("verify: every solution passes every check, every stub scores 0.");
        Ok(ExitCode::SUCCESS)
    } else {
        println!(
            "verify: FAILED (replay a solution with `cargo xtask grade --solutions --seed N`)."
        );
        Ok(ExitCode::FAILURE)
    }
}

fn first_problem(e: &report::ExerciseReport) -> String {
    if let Some(err) = &e.error {
        return err.clone();
    }
    e.checks
        .iter()
        .find_map(|c| match &c.outcome {
            grader::check::Outcome::Fail(f) => {
                Some(format!("{} — {} (seed {})", c.id, f.message, c.seed))
            }
            _ => None,
        })
        .unwrap_or_default()
}
