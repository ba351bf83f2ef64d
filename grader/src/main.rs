//! `forklings-grader`: the grader on its own, for CI and for teachers.
//!
//! `grade` grades the workspace's exercises (or solutions); `grade-binary` grades one built
//! program as a given exercise (mutants, a student's binary); `run` runs one program under the
//! supervisor and prints what the kernel saw.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use grader::catalog;
use grader::check::Variant;
use grader::cli::{GradeArgs, Selection};
use grader::grade;
use grader::i18n::{self, Lang};
use grader::run;
use grader::tr;

#[derive(Parser)]
#[command(
    name = "forklings-grader",
    version,
    about = "Grade forklings exercises"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Grade exercises of the workspace: all, or those named (`06`, `shared_counter`).
    Grade {
        #[command(flatten)]
        selection: Selection,
        /// The workspace root (default: the current directory).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[command(flatten)]
        common: GradeArgs,
    },
    /// Grade one already-built program as the given exercise.
    GradeBinary {
        #[arg(long)]
        exercise: String,
        #[arg(long)]
        program: PathBuf,
        #[command(flatten)]
        common: GradeArgs,
    },
    /// Run one program under the supervisor and print the outcome as JSON.
    Run {
        #[arg(long, default_value_t = 5000)]
        timeout_ms: u64,
        program: PathBuf,
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

fn main() -> ExitCode {
    run::supervisor::enter_if_requested();
    let cli = Cli::parse();
    let lang = Lang::resolve(match &cli.command {
        Command::Grade { common, .. } | Command::GradeBinary { common, .. } => common.lang,
        Command::Run { .. } => None,
    });
    i18n::set_current(lang);
    match real_main(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", tr!(lang, "grader.error", error = format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

fn real_main(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Grade {
            selection,
            root,
            common,
        } => {
            let report = common.grade(root, &selection)?;
            common.finish(&report)
        }
        Command::GradeBinary {
            exercise,
            program,
            common,
        } => {
            let exercises = catalog::select(&[exercise])?;
            let e = exercises[0];
            let opts = common.options(PathBuf::from("."), Variant::Exercise)?;
            let started = std::time::Instant::now();
            let name = program.display().to_string();
            let mut reports = vec![grade::grade_program(e, &program, &opts, &name, &name)];
            for v in opts.hidden.iter().filter(|v| v.exercise.id == e.id) {
                reports.push(grade::grade_variant(v, &program, &opts, &name, &name));
            }
            let report = grade::assemble(reports, &opts, started);
            common.finish(&report)
        }
        Command::Run {
            timeout_ms,
            program,
            args,
        } => {
            let what = format!("{} {}", program.display(), args.join(" "));
            let supervisor =
                std::env::current_exe().context("finding the grader's own executable")?;
            let outcome =
                run::supervisor::supervise_args(&supervisor, &program, &args, timeout_ms, &what)?;
            println!("{}", serde_json::to_string_pretty(&outcome)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}
