//! `cargo xtask …`: the commands students and teachers type. One module per command; this file
//! only parses the command line and dispatches.
//!
//! Students: `grade`, `watch`, `hint`, `list`, `reset`.
//! Teachers: `verify`, `grade-class`, `init-ci`, `export-student`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use grader::catalog;
use grader::check::Variant;
use grader::cli::GradeArgs;
use grader::grade::{self, Options};
use grader::report::Format;

mod class;
mod export;
mod hint;
mod init_ci;
mod list;
mod reset;
mod verify;
mod watch;

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
    /// Re-grade an exercise every time you save it.
    Watch(watch::Args),
    /// Show the hints of an exercise, one level at a time.
    Hint(hint::Args),
    /// List the exercises with your progress.
    List(list::Args),
    /// Put an exercise back as it was shipped.
    Reset(reset::Args),
    /// Teachers' self-test: every solution passes every check on repeated gradings, and every
    /// stub scores zero quickly.
    Verify {
        /// Gradings of each solution.
        #[arg(long, default_value_t = 20)]
        repeat: u32,
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Teachers: grade a folder of student repos into a gradebook.
    GradeClass(class::Args),
    /// Teachers: write a ready-made CI setup (GitHub Classroom, GitLab, Gradescope).
    InitCi(init_ci::Args),
    /// Teachers: write the student template (no solutions, no hidden variants).
    ExportStudent(export::Args),
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
        Command::Watch(args) => watch::run(args),
        Command::Hint(args) => hint::run(args),
        Command::List(args) => list::run(args),
        Command::Reset(args) => reset::run(args),
        Command::Verify { repeat, seed } => verify::run(repeat, seed),
        Command::GradeClass(args) => class::run(args),
        Command::InitCi(args) => init_ci::run(args),
        Command::ExportStudent(args) => export::run(args),
    }
}
