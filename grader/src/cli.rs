//! Command-line options both grading binaries share (`forklings-grader` and `cargo xtask`):
//! how to grade, how to report, and the exit policy.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::catalog;
use crate::check::Variant;
use crate::grade::{self, Options};
use crate::report::{self, Format, Report};

/// What a `grade` command grades: which exercises, the students' or the reference solutions,
/// and the template the repo must match.
#[derive(clap::Args, Debug)]
pub struct Selection {
    /// Exercises to grade: all, or those named (`06`, `shared_counter`).
    pub ids: Vec<String>,
    /// Grade the reference solutions instead of the exercises (teachers).
    #[arg(long)]
    pub solutions: bool,
    /// The teacher's template repo: if the grader's files here differ from it, grade
    /// nothing and list the changes.
    #[arg(long)]
    pub template: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct GradeArgs {
    /// Seed for the randomized runs (printed in every report, to replay a failure).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Grade each exercise this many times; a check passes only if it passes every time.
    #[arg(long, default_value_t = 1)]
    pub repeat: u32,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Exit with success when the score reaches this percentage of the maximum (default: only
    /// when every exercise passes).
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub min_score: Option<u32>,
    /// Language of the messages (default: from LC_ALL, LC_MESSAGES or LANG).
    #[arg(long, value_enum)]
    pub lang: Option<crate::i18n::Lang>,
    /// The teacher's hidden variants (a TOML file that never reaches a student repo; example in
    /// the teacher's hidden/example.toml): graded too, reported under their own names.
    #[arg(long, value_name = "FILE")]
    pub hidden: Option<PathBuf>,
}

impl GradeArgs {
    /// Grading options for the workspace at `root`; this executable is the supervisor.
    pub fn options(&self, root: PathBuf, variant: Variant) -> anyhow::Result<Options> {
        Options::new(
            root,
            variant,
            self.seed,
            self.repeat,
            self.hidden.as_deref(),
        )
    }

    /// Grades what `selection` names in the workspace at `root`, with a progress line on a
    /// terminal.
    pub fn grade(&self, root: PathBuf, selection: &Selection) -> anyhow::Result<Report> {
        let exercises = catalog::select(&selection.ids)?;
        let variant = if selection.solutions {
            Variant::Solution
        } else {
            Variant::Exercise
        };
        let mut opts = self.options(root, variant)?;
        opts.template = selection.template.clone();
        let mut status = report::progress::StatusLine::for_format(self.format);
        let report = grade::grade(&exercises, &opts, |p| status.update(p))?;
        status.finish();
        Ok(report)
    }

    /// Writes the report as asked and turns it into the exit code of the policy.
    pub fn finish(&self, report: &Report) -> anyhow::Result<ExitCode> {
        report::emit(report, self.format, self.output.as_deref())?;
        Ok(if report.passes(self.min_score) {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        })
    }
}
