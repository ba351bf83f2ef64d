//! The one result model every report renders: per exercise its status, score and checks; per
//! check its points and outcome (with quoted lines and a hint); per run what the kernel saw.
//! Renderers live beside it (`report/human.rs`, `report/json.rs`) and never grade anything.

use std::fmt::Write;

use serde::Serialize;

use crate::check::{Outcome, Variant};
use crate::observe::Exit;
use crate::run::{Ending, Run};
use crate::t;

pub mod github;
pub mod gradescope;
pub mod human;
pub mod json;
pub mod junit;
pub mod progress;

/// The formats a report is rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: a line per exercise, the first failing check with its lines and a hint.
    Human,
    /// forklings' own schema (`schema_version`), everything the grader knows.
    Json,
    /// JUnit XML: a testsuite per exercise, a testcase per check.
    Junit,
    /// Gradescope's results.json.
    Gradescope,
    /// GitHub Classroom's result JSON; also appends a score table to `$GITHUB_STEP_SUMMARY`
    /// and prints one annotation per failed check on standard error.
    Github,
}

/// Renders `report` in `format`, as plain text (no terminal styles).
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Human => human::render(report),
        Format::Json => json::render(report) + "\n",
        Format::Junit => junit::render(report),
        Format::Gradescope => gradescope::render(report) + "\n",
        Format::Github => github::render(report),
    }
}

/// Writes `report` in `format` to `output` (or stdout); for `github`, also publishes the job
/// summary and the annotations.
///
/// The human report goes to standard output with colours when it is a terminal that shows
/// them (not with `NO_COLOR`, not into a pipe: `anstream` strips the styles then); a file
/// always gets plain text, and so does every other format.
pub fn emit(
    report: &Report,
    format: Format,
    output: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    use std::io::Write as _;

    use anyhow::Context;
    match output {
        Some(path) => std::fs::write(path, render(report, format))
            .with_context(|| t!("report.write_failed", path = path.display()))?,
        None => {
            let written = if format == Format::Human {
                let mut out = anstream::stdout().lock();
                out.write_all(human::render_styled(report).as_bytes())
                    .and_then(|()| out.flush())
            } else {
                let mut out = std::io::stdout().lock();
                out.write_all(render(report, format).as_bytes())
                    .and_then(|()| out.flush())
            };
            written.with_context(|| t!("report.write_stdout_failed"))?;
        }
    }
    if format == Format::Github {
        github::publish(report).with_context(|| t!("report.github_summary_failed"))?;
    }
    Ok(())
}

/// Version of the JSON schema of [`Report`]; bump on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    /// Base seed: repetition `r` of an exercise used `seed + r`.
    pub seed: u64,
    pub repeat: u32,
    pub variant: Variant,
    pub exercises: Vec<ExerciseReport>,
    pub score: u32,
    pub max_score: u32,
    pub elapsed_ms: u64,
    /// What the reader should know about how the programs ran (isolation off, …), once each.
    pub notes: Vec<String>,
}

impl Report {
    pub fn all_passed(&self) -> bool {
        self.exercises.iter().all(|e| e.status == Status::Pass)
    }

    /// The exit policy: with `min_percent`, whether the score reaches that share of the
    /// maximum; without, whether every exercise passed.
    pub fn passes(&self, min_percent: Option<u32>) -> bool {
        match min_percent {
            Some(p) => u64::from(self.score) * 100 >= u64::from(p) * u64::from(self.max_score),
            None => self.all_passed(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every check passed.
    Pass,
    /// It ran, and some check failed.
    Fail,
    /// It could not be graded: it does not compile, or the grader could not run it.
    Error,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExerciseReport {
    pub id: String,
    pub slug: String,
    pub title: String,
    /// The crate graded (`ex06_shared_counter`, or a program path for `grade-binary`).
    pub program: String,
    /// Where the student edits: `exercises/06_shared_counter/src/main.rs`.
    pub source: String,
    pub status: Status,
    pub score: u32,
    pub max_score: u32,
    /// Why it could not be graded (`status: error`).
    pub error: Option<String>,
    pub checks: Vec<CheckReport>,
    /// The runs of the last repetition (or of the first one that failed).
    pub runs: Vec<RunSummary>,
    /// How its programs ran, where that is worth knowing (isolation off, …), once each.
    pub notes: Vec<String>,
    /// Set when this is one of the teacher's hidden variants (`--hidden FILE`).
    pub hidden: Option<Hidden>,
    pub elapsed_ms: u64,
}

/// A teacher's hidden variant of an exercise: extra runs, graded by the same checks and
/// reported under their own name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hidden {
    /// The variant's name in the teacher's file: `many-workers`.
    pub name: String,
    pub visibility: Visibility,
}

/// Who may see a result, in Gradescope's terms. While any test of a submission is not shown,
/// Gradescope hides the student's total too ("Controlling Test Case Visibility"): `hidden`
/// hides it for good, so the default of a hidden variant is `after_due_date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Visible,
    /// Never shown to the student (nor, then, their total score).
    Hidden,
    /// Shown once the due date (the late due date, if any) has passed.
    #[default]
    AfterDueDate,
    /// Shown once the teacher publishes the grades.
    AfterPublished,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub id: String,
    pub title: String,
    pub points: u32,
    pub max_points: u32,
    pub outcome: Outcome,
    pub hint: String,
    /// The seed of the repetition whose outcome is shown (replay with `--seed`).
    pub seed: u64,
    /// Time spent judging the runs, all repetitions together, in microseconds: the check's own
    /// work, not the runs' (those are timed in [`RunSummary`] and the exercise's `elapsed_ms`).
    pub elapsed_us: u64,
}

/// What one run was and what the kernel saw of it.
#[derive(Debug, Clone, Serialize)]
pub struct RunSummary {
    pub label: String,
    pub args: Vec<String>,
    pub ending: String,
    pub elapsed_ms: u64,
    /// Processes the program created (null: not observed).
    pub processes: Option<usize>,
    pub threads: Option<usize>,
    pub leftover_processes: usize,
    pub stdout_bytes: u64,
}

impl RunSummary {
    pub fn of(run: &Run) -> RunSummary {
        let o = &run.outcome;
        let obs = o.observation.as_ref().ok();
        RunSummary {
            label: run.plan.label.clone(),
            args: run.plan.args(),
            ending: match &o.ending {
                Ending::Finished(Exit::Code(c)) => t!("report.ending.exit", code = c),
                Ending::Finished(Exit::Signal(s)) => t!("report.ending.signal", signal = s),
                Ending::TimedOut => t!("report.ending.timed_out"),
                Ending::Killed(why) => t!("report.ending.stopped", why = why),
            },
            elapsed_ms: o.elapsed_ms,
            processes: obs.map(|ob| ob.processes().count()),
            threads: obs.map(|ob| ob.threads().count()),
            leftover_processes: o.leftover_processes.len(),
            stdout_bytes: o.stdout.total_bytes,
        }
    }
}

/// The failure text of a check: message, the run, the quoted lines, the hint, in the current
/// language ([`crate::i18n::current`]), with the words of the human report.
/// (Every machine-readable format shows a failure this way.)
pub fn failure_text(check: &CheckReport) -> Option<(String, String)> {
    let Outcome::Fail(f) = &check.outcome else {
        return None;
    };
    let mut body = String::new();
    if let Some(run) = &f.run {
        let _ = writeln!(body, "{}", t!("report.in_run", run = run));
    }
    let _ = writeln!(body, "{}", f.message);
    for q in &f.quotes {
        let _ = writeln!(body, "{:>5} | {}", q.line, q.text);
    }
    let hint = f.hint.as_deref().unwrap_or(&check.hint);
    let _ = writeln!(body, "{}", t!("report.hint", hint = hint));
    let _ = writeln!(body, "{}", t!("report.replay", seed = check.seed));
    // The short message is the verdict, the first line; details follow it in the body.
    Some((f.headline().to_string(), body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Failure;
    use crate::i18n::{Lang, with_lang};
    use crate::parse::Line;

    /// A failed check as the grader makes it in `lang`: the run's description is in it too.
    fn failing_check(lang: Lang) -> CheckReport {
        let mut failure =
            Failure::new("counter value=299").quote(&Line::parse(4, "counter value=299"));
        failure.run = Some(crate::tr!(
            lang,
            "run.describe.args",
            label = "stress 2/3",
            args = "--workers 6"
        ));
        CheckReport {
            id: "exact_defaults".into(),
            title: "t".into(),
            points: 0,
            max_points: 2,
            outcome: Outcome::Fail(failure),
            hint: "lock the whole increment".into(),
            seed: 7,
            elapsed_us: 0,
        }
    }

    #[test]
    fn failure_text_speaks_the_current_language() {
        let (message, en) = failure_text(&failing_check(Lang::En)).unwrap();
        assert_eq!(message, "counter value=299");
        assert_eq!(
            en,
            "in run 'stress 2/3' (arguments: --workers 6)\n\
             counter value=299\n    \
             4 | counter value=299\n\
             hint: lock the whole increment\n\
             replay: --seed 7\n"
        );
        let (_, it) = with_lang(Lang::It, || failure_text(&failing_check(Lang::It))).unwrap();
        assert_eq!(
            it,
            "nell'esecuzione 'stress 2/3' (argomenti: --workers 6)\n\
             counter value=299\n    \
             4 | counter value=299\n\
             suggerimento: lock the whole increment\n\
             per ripetere: --seed 7\n"
        );
        let mut pass = failing_check(Lang::En);
        pass.outcome = Outcome::Pass;
        assert_eq!(failure_text(&pass), None);
    }
}
