//! `cargo xtask …`: the commands students and teachers type. One module per command; this file
//! only parses the command line and dispatches.
//!
//! Students: `grade`, `watch`, `hint`, `list`, `reset`.
//! Teachers: `verify`, `grade-class`, `merge-class`, `init-ci`, `export-student`, `bench`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use grader::catalog;
use grader::check::Variant;
use grader::cli::{GradeArgs, Selection};
use grader::grade::Options;
use grader::i18n::Lang;
use grader::tr;

mod bench;
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
    /// Language of the messages: en, it (default: from LC_ALL, LC_MESSAGES or LANG).
    #[arg(long, global = true, value_enum)]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Grade your exercises (all, or those named: `06`, `shared_counter`).
    Grade {
        #[command(flatten)]
        selection: Selection,
        #[command(flatten)]
        common: GradeArgs,
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
    /// Teachers: join the gradebooks of `grade-class --shard K/N` into the class's.
    MergeClass(class::MergeArgs),
    /// Teachers: write a ready-made CI setup (GitHub Classroom, GitLab, Gradescope).
    InitCi(init_ci::Args),
    /// Teachers: write the student template (no solutions, no hidden variants).
    ExportStudent(export::Args),
    /// What things cost: the solutions at size, bare and supervised, a raw pipe copy beside
    /// them, and the grader's own times; a table and an SVG chart.
    Bench(bench::Args),
}

/// The workspace root: xtask lives in `<root>/xtask`. `FORKLINGS_ROOT` overrides it (the tests
/// drive scratch copies of the workspace with this same binary).
fn root() -> PathBuf {
    if let Some(dir) = std::env::var_os("FORKLINGS_ROOT").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the workspace")
        .to_path_buf()
}

fn main() -> ExitCode {
    grader::run::supervisor::enter_if_requested();
    let cli = Cli::parse();
    // `grade` also takes `--lang` among its grading options; either one decides.
    let asked = match &cli.command {
        Command::Grade { common, .. } => common.lang.or(cli.lang),
        _ => cli.lang,
    };
    let lang = Lang::resolve(asked);
    // Every message the grader makes (reports, checks, the supervisor's notes) is in it too.
    grader::i18n::set_current(lang);
    match real_main(cli.command, lang) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", tr!(lang, "xtask.error", error = format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

/// Grading options for this workspace, as `grade --seed S --repeat R` would make them.
fn options(variant: Variant, seed: Option<u64>, repeat: u32) -> anyhow::Result<Options> {
    Options::new(root(), variant, seed, repeat, None)
}

fn real_main(command: Command, lang: Lang) -> anyhow::Result<ExitCode> {
    match command {
        Command::Grade { selection, common } => {
            if selection.solutions
                && let Some(e) = catalog::select(&selection.ids)?
                    .into_iter()
                    .find(|e| !root().join(e.dir(Variant::Solution)).is_dir())
            {
                anyhow::bail!(tr!(
                    lang,
                    "xtask.solutions_missing",
                    dir = e.dir(Variant::Solution)
                ));
            }
            let report = common.grade(root(), &selection)?;
            if selection.template.is_none()
                && let Err(e) = grader::state::record_report(&root(), &report)
            {
                eprintln!(
                    "{}",
                    tr!(lang, "xtask.state_not_saved", error = format!("{e:#}"))
                );
            }
            common.finish(&report)
        }
        Command::Watch(args) => watch::run(args, lang),
        Command::Hint(args) => hint::run(args, lang),
        Command::List(args) => list::run(args, lang),
        Command::Reset(args) => reset::run(args, lang),
        Command::Verify { repeat, seed } => verify::run(repeat, seed),
        Command::GradeClass(args) => class::run(args),
        Command::MergeClass(args) => class::merge(args),
        Command::InitCi(args) => init_ci::run(args),
        Command::ExportStudent(args) => export::run(args),
        Command::Bench(args) => bench::run(args),
    }
}
