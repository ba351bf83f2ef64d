//! Grading: the pipeline for a set of exercises. Build them once, then for each exercise and
//! each repetition plan the runs from the seed, run them under the supervisor, judge every
//! check, and fold the repetitions: a check earns its points only if it passed every time.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::build;
use crate::check::{Exercise, Outcome, Variant};
use crate::hidden;
pub use crate::report::progress::Progress;
use crate::report::{CheckReport, ExerciseReport, Report, RunSummary, SCHEMA_VERSION, Status};
use crate::rng::Rng;
use crate::run::{self, Run, RunPlan};

/// How to grade.
#[derive(Debug, Clone)]
pub struct Options {
    /// The workspace root (where `Cargo.toml`, `exercises/` and `solutions/` are).
    pub root: PathBuf,
    pub variant: Variant,
    pub seed: u64,
    /// Full gradings per exercise; a check must pass in all of them.
    pub repeat: u32,
    /// A binary that calls `run::supervisor::enter_if_requested` first in `main`.
    pub supervisor: PathBuf,
    /// Caps every run's time limit (tests of hostile programs use short ones).
    pub max_timeout_ms: Option<u64>,
    /// The teacher's template: when the repo's protected files differ from it, nothing is
    /// graded and the report says which files changed.
    pub template: Option<PathBuf>,
    /// The teacher's hidden variants (`--hidden FILE`): each is graded after its exercise and
    /// reported under its own name.
    pub hidden: Vec<hidden::Variant>,
}

impl Options {
    /// Options for the workspace at `root`, graded `repeat` times from `seed` (a fresh one when
    /// `None`), with the hidden variants of the file `hidden`; this executable is the supervisor.
    pub fn new(
        root: PathBuf,
        variant: Variant,
        seed: Option<u64>,
        repeat: u32,
        hidden: Option<&Path>,
    ) -> anyhow::Result<Options> {
        use anyhow::Context;
        Ok(Options {
            root,
            variant,
            seed: seed.unwrap_or_else(crate::rng::fresh_seed),
            repeat: repeat.max(1),
            supervisor: std::env::current_exe().with_context(|| crate::t!("io.current_exe"))?,
            max_timeout_ms: None,
            template: None,
            hidden: match hidden {
                Some(path) => hidden::load(path)?,
                None => Vec::new(),
            },
        })
    }
}

/// Grades `exercises` (built from the workspace), telling `progress` what it is doing.
pub fn grade(
    exercises: &[&Exercise],
    opts: &Options,
    mut progress: impl FnMut(Progress<'_>),
) -> anyhow::Result<Report> {
    let started = Instant::now();
    if let Some(template) = &opts.template {
        let changes = crate::tamper::compare(&opts.root, template);
        if !changes.is_empty() {
            let list: Vec<String> = changes.iter().map(ToString::to_string).collect();
            let why = crate::t!("grade.tampered", changes = list.join(", "));
            let reports: Vec<ExerciseReport> = exercises
                .iter()
                .map(|e| {
                    let source = format!("{}/src/main.rs", e.dir(opts.variant));
                    errored(e, &e.package(opts.variant), &source, why.clone())
                })
                .collect();
            reports.iter().for_each(|r| progress(Progress::Graded(r)));
            let mut report = assemble(reports, opts, started);
            report.notes.extend(list);
            return Ok(report);
        }
    }
    // Sources that read files outside their `src/` at compile time (the teacher's hidden
    // variants, a solution) are refused before anything is built.
    let refused: Vec<Option<String>> = exercises
        .iter()
        .map(|e| {
            crate::tamper::scan_sources(&opts.root.join(e.dir(opts.variant)).join("src")).err()
        })
        .collect();
    let packages: Vec<String> = exercises
        .iter()
        .zip(&refused)
        .filter(|(_, why)| why.is_none())
        .map(|(e, _)| e.package(opts.variant))
        .collect();
    progress(Progress::Building {
        crates: packages.len(),
    });
    let built = if packages.is_empty() {
        build::Built::default()
    } else {
        build::build_with(&opts.root, &packages, |event| {
            progress(match event {
                build::BuildEvent::WaitingForLock { .. } => Progress::WaitingForLock,
                build::BuildEvent::Compiling { done, total } => Progress::Compiling { done, total },
            })
        })?
    };
    let targets: Vec<Target> = exercises
        .iter()
        .zip(refused)
        .map(|(e, refused)| {
            let package = e.package(opts.variant);
            Target {
                program: match refused {
                    Some(why) => Err(why),
                    None => built.program(&package),
                },
                name: package,
                source: format!("{}/src/main.rs", e.dir(opts.variant)),
            }
        })
        .collect();
    let reports = grade_targets(exercises, &targets, opts, progress);
    Ok(assemble(reports, opts, started))
}

/// One exercise's program as the build left it: where it is, or why there is none.
#[derive(Debug, Clone)]
pub struct Target {
    /// The crate (or program) name shown in reports.
    pub name: String,
    /// Where the student edits it, shown in reports.
    pub source: String,
    pub program: Result<PathBuf, String>,
}

/// Grades built programs, `targets[i]` being `exercises[i]`'s, each followed by its hidden
/// variants.
pub fn grade_targets(
    exercises: &[&Exercise],
    targets: &[Target],
    opts: &Options,
    mut progress: impl FnMut(Progress<'_>),
) -> Vec<ExerciseReport> {
    let mut reports = Vec::new();
    for (index, (e, target)) in exercises.iter().zip(targets).enumerate() {
        let (name, source) = (&target.name, &target.source);
        let report = match &target.program {
            Ok(program) => {
                progress(Progress::Grading {
                    exercise: e,
                    index,
                    total: exercises.len(),
                });
                grade_program(e, program, opts, name, source)
            }
            Err(why) => errored(e, name, source, why.clone()),
        };
        progress(Progress::Graded(&report));
        reports.push(report);
        for variant in opts.hidden.iter().filter(|v| v.exercise.id == e.id) {
            let mut report = match &target.program {
                Ok(program) => grade_variant(variant, program, opts, name, source),
                Err(why) => errored(e, name, source, why.clone()),
            };
            report.hidden = Some(variant.hidden());
            progress(Progress::Graded(&report));
            reports.push(report);
        }
    }
    reports
}

/// Puts exercise reports together into one report.
pub fn assemble(exercises: Vec<ExerciseReport>, opts: &Options, started: Instant) -> Report {
    Report {
        schema_version: SCHEMA_VERSION,
        seed: opts.seed,
        repeat: opts.repeat,
        variant: opts.variant,
        score: exercises.iter().map(|e| e.score).sum(),
        max_score: exercises.iter().map(|e| e.max_score).sum(),
        notes: exercises.iter().fold(Vec::new(), |mut notes, e| {
            for n in &e.notes {
                if !notes.contains(n) {
                    notes.push(n.clone());
                }
            }
            notes
        }),
        exercises,
        elapsed_ms: started.elapsed().as_millis() as u64,
    }
}

/// The report of an exercise that could not be graded: every check failed, `error` says why.
pub fn errored(e: &Exercise, program: &str, source: &str, error: String) -> ExerciseReport {
    ExerciseReport {
        id: e.id.into(),
        slug: e.slug.into(),
        title: e.title().into(),
        program: program.into(),
        source: source.into(),
        status: Status::Error,
        score: 0,
        max_score: e.max_points(),
        error: Some(crate::verdict::cut(&error, crate::verdict::MAX_ERROR_CHARS)),
        checks: e
            .checks
            .iter()
            .map(|c| CheckReport {
                id: c.id.into(),
                title: e.check_title(c).into(),
                points: 0,
                max_points: c.points,
                outcome: Outcome::Fail(crate::check::Failure::new(crate::t!("grade.not_graded"))),
                hint: e.check_hint(c),
                seed: 0,
                elapsed_us: 0,
            })
            .collect(),
        runs: Vec::new(),
        notes: Vec::new(),
        hidden: None,
        elapsed_ms: 0,
    }
}

/// The seed of repetition `rep` of exercise `e`: each exercise gets its own parameters.
pub fn repetition_seed(base: u64, rep: u32) -> u64 {
    base.wrapping_add(u64::from(rep))
}

fn exercise_rng(e: &Exercise, seed: u64) -> Rng {
    let salt: u64 = e.id.parse().unwrap_or(0);
    Rng::new(seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// Grades one built program of exercise `e` (also used for mutants and student binaries).
pub fn grade_program(
    e: &Exercise,
    program: &Path,
    opts: &Options,
    name: &str,
    source: &str,
) -> ExerciseReport {
    grade_with(e, e.plan, opts.repeat, program, opts, name, source)
}

/// Grades one built program of `variant`'s exercise with the variant's runs.
pub fn grade_variant(
    variant: &hidden::Variant,
    program: &Path,
    opts: &Options,
    name: &str,
    source: &str,
) -> ExerciseReport {
    let repeat = variant.repeat.unwrap_or(opts.repeat);
    let plan = |rng: &mut Rng| variant.plan(rng);
    let mut report = grade_with(variant.exercise, plan, repeat, program, opts, name, source);
    report.hidden = Some(variant.hidden());
    report
}

/// The grading loop: `repeat` times, plan the runs from the repetition's seed, run them, judge
/// every check; a check keeps the first failure.
fn grade_with(
    e: &Exercise,
    plan: impl Fn(&mut Rng) -> Vec<RunPlan>,
    repeat: u32,
    program: &Path,
    opts: &Options,
    name: &str,
    source: &str,
) -> ExerciseReport {
    let started = Instant::now();
    let mut checks: Vec<CheckReport> = e
        .checks
        .iter()
        .map(|c| CheckReport {
            id: c.id.into(),
            title: e.check_title(c).into(),
            points: c.points,
            max_points: c.points,
            outcome: Outcome::Pass,
            hint: e.check_hint(c),
            seed: opts.seed,
            elapsed_us: 0,
        })
        .collect();
    let mut shown_runs: Vec<Run> = Vec::new();
    let mut showing_failure = false;
    let mut notes: Vec<String> = Vec::new();
    for rep in 0..repeat.max(1) {
        let seed = repetition_seed(opts.seed, rep);
        let plans = plan(&mut exercise_rng(e, seed));
        let mut runs = Vec::with_capacity(plans.len());
        for plan in &plans {
            let mut plan = plan.clone();
            if let Some(cap) = opts.max_timeout_ms {
                plan.timeout_ms = plan.timeout_ms.min(cap);
            }
            match run::execute(&opts.supervisor, program, &plan) {
                Ok(r) => runs.push(r),
                Err(err) => {
                    let error = format!("{err:#}");
                    let mut report =
                        errored(e, name, source, crate::t!("grade.failed", error = error));
                    report.elapsed_ms = started.elapsed().as_millis() as u64;
                    return report;
                }
            }
        }
        for run in &runs {
            if let Some(note) = &run.outcome.isolation_note
                && !notes.contains(note)
            {
                notes.push(note.clone());
            }
        }
        let mut failed_now = false;
        for (report, check) in checks.iter_mut().zip(e.checks) {
            if matches!(report.outcome, Outcome::Fail(_)) {
                continue; // keep the first failure
            }
            let judging = Instant::now();
            let outcome = (check.eval)(&runs);
            report.elapsed_us += judging.elapsed().as_micros() as u64;
            match outcome {
                Outcome::Fail(_) => {
                    report.points = 0;
                    report.outcome = outcome;
                    report.seed = seed;
                    failed_now = true;
                }
                Outcome::NotVerified { .. } => {
                    report.outcome = outcome;
                    report.seed = seed;
                }
                Outcome::Pass => {}
            }
        }
        // Show the runs of the first repetition that failed, else of the last one.
        if !showing_failure {
            shown_runs = runs;
            showing_failure = failed_now;
        }
        // A stub or a broken program fails the same way every time: stop early.
        if checks.iter().all(|c| matches!(c.outcome, Outcome::Fail(_))) {
            break;
        }
    }
    let score = checks.iter().map(|c| c.points).sum();
    let max_score = e.max_points();
    ExerciseReport {
        id: e.id.into(),
        slug: e.slug.into(),
        title: e.title().into(),
        program: name.into(),
        source: source.into(),
        status: if checks.iter().all(|c| c.outcome.passed()) {
            Status::Pass
        } else {
            Status::Fail
        },
        score,
        max_score,
        error: None,
        checks,
        runs: shown_runs.iter().map(RunSummary::of).collect(),
        notes,
        hidden: None,
        elapsed_ms: started.elapsed().as_millis() as u64,
    }
}
