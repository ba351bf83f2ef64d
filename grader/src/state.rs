//! The student's progress: a small JSON file in the workspace (`.forklings/state.json`, ignored
//! by git) that `cargo xtask grade` and `watch` update after grading the student's exercises,
//! and that `list`, `watch` and `hint` read.
//!
//! Per exercise (keyed by its slug, so renumbering keeps the history): best and last score, the
//! maximum, when it was last graded, whether it ever passed, and how many hint levels were
//! shown. The file is a convenience, never a source of truth: a missing or unreadable file is a
//! fresh start, and it is written whole to a temporary file and renamed, so a crash or a
//! concurrent grading never leaves half a file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::catalog;
use crate::check::{Exercise, Variant};
use crate::report::{ExerciseReport, Report, Status};

/// Where the state lives, relative to the workspace root.
pub const STATE_FILE: &str = ".forklings/state.json";

/// Version of the file's schema.
pub const STATE_VERSION: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    #[serde(default)]
    pub version: u32,
    /// Exercise slug (`shared_counter`) → its progress.
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseState>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExerciseState {
    pub best_score: u32,
    /// The maximum when it was last graded.
    pub max_score: u32,
    pub last_score: u32,
    /// When it was last graded (seconds since the Unix epoch); `None`: never graded.
    pub last_graded: Option<u64>,
    /// Passed every check at least once.
    pub passed: bool,
    /// The last grading passed every check.
    pub last_passed: bool,
    /// The highest hint level shown (0: none).
    pub hints_seen: u8,
}

/// Where an exercise stands, for `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Never graded, or never earned a point.
    NotStarted,
    /// Earned points, has not passed yet.
    InProgress,
    /// Passed every check at least once.
    Done,
}

impl ExerciseState {
    pub fn standing(&self) -> Standing {
        if self.passed {
            Standing::Done
        } else if self.best_score > 0 {
            Standing::InProgress
        } else {
            Standing::NotStarted
        }
    }
}

/// Seconds since the Unix epoch, now.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl State {
    /// The state file of the workspace at `root`.
    pub fn path(root: &Path) -> PathBuf {
        root.join(STATE_FILE)
    }

    /// Reads the state of the workspace at `root`; a missing file is a fresh state, and so is
    /// an unreadable one (the next save replaces it).
    pub fn load(root: &Path) -> State {
        Self::read(root).unwrap_or_default()
    }

    /// Reads the state, saying why it could not: `Ok(fresh)` when there is no file yet.
    pub fn read(root: &Path) -> anyhow::Result<State> {
        let path = Self::path(root);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(State::default()),
            Err(e) => {
                return Err(e).with_context(|| crate::t!("io.reading", path = path.display()));
            }
        };
        serde_json::from_str(&text).with_context(|| crate::t!("io.parsing", path = path.display()))
    }

    /// Writes the state atomically: a temporary file beside it, then a rename.
    pub fn save(&self, root: &Path) -> anyhow::Result<()> {
        let path = Self::path(root);
        let dir = path.parent().expect("the state file is inside a folder");
        std::fs::create_dir_all(dir)
            .with_context(|| crate::t!("io.creating", path = dir.display()))?;
        let tmp = dir.join(format!(
            ".state.json.{}.{}.tmp",
            std::process::id(),
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos())
        ));
        let mut state = self.clone();
        state.version = STATE_VERSION;
        let text = serde_json::to_string_pretty(&state).expect("the state serializes") + "\n";
        std::fs::write(&tmp, text)
            .with_context(|| crate::t!("io.writing", path = tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| {
            let _ = std::fs::remove_file(&tmp);
            crate::t!("io.replacing", path = path.display())
        })
    }

    pub fn get(&self, e: &Exercise) -> Option<&ExerciseState> {
        self.exercises.get(e.slug)
    }

    pub fn entry(&mut self, e: &Exercise) -> &mut ExerciseState {
        self.exercises.entry(e.slug.to_string()).or_default()
    }

    pub fn standing(&self, e: &Exercise) -> Standing {
        self.get(e)
            .map_or(Standing::NotStarted, ExerciseState::standing)
    }

    pub fn passed(&self, e: &Exercise) -> bool {
        self.get(e).is_some_and(|s| s.passed)
    }

    /// The next exercise to do: the first, in course order, that never passed.
    pub fn next_to_do(&self) -> Option<&'static Exercise> {
        catalog::all().into_iter().find(|e| !self.passed(e))
    }

    /// Records one grading of an exercise (a teacher's hidden variant is not the student's
    /// exercise and is ignored). `at`: seconds since the epoch.
    pub fn record(&mut self, report: &ExerciseReport, at: u64) {
        if report.hidden.is_some() {
            return;
        }
        let Some(e) = catalog::all().into_iter().find(|e| e.slug == report.slug) else {
            return;
        };
        let passed = report.status == Status::Pass;
        let s = self.entry(e);
        s.last_score = report.score;
        s.max_score = report.max_score;
        s.best_score = s.best_score.max(report.score);
        s.last_graded = Some(at);
        s.last_passed = passed;
        s.passed |= passed;
    }

    /// Forgets the scores of `e` (after a reset: the stub is back, so nothing is done yet); the
    /// hints seen are kept. Returns whether there was a score to forget.
    pub fn forget_scores(&mut self, e: &Exercise) -> bool {
        let Some(s) = self.exercises.get_mut(e.slug) else {
            return false;
        };
        let had = s.last_graded.is_some() || s.best_score > 0 || s.passed;
        *s = ExerciseState {
            hints_seen: s.hints_seen,
            ..ExerciseState::default()
        };
        had
    }

    /// Remembers that hint `level` of `e` was shown.
    pub fn saw_hint(&mut self, e: &Exercise, level: u8) {
        let s = self.entry(e);
        s.hints_seen = s.hints_seen.max(level);
    }
}

/// After a grading of the workspace at `root`: records the student's exercises in the state
/// file. Gradings of the reference solutions are not the student's progress and change nothing.
pub fn record_report(root: &Path, report: &Report) -> anyhow::Result<()> {
    if report.variant != Variant::Exercise {
        return Ok(());
    }
    let mut state = State::load(root);
    let at = now();
    for e in &report.exercises {
        state.record(e, at);
    }
    state.save(root)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Variant;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "forklings-state-{name}-{}-{}",
            std::process::id(),
            now()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn exercise_report(slug: &str, score: u32, max: u32, status: Status) -> ExerciseReport {
        ExerciseReport {
            id: "01".into(),
            slug: slug.into(),
            title: "t".into(),
            program: "p".into(),
            source: "s".into(),
            status,
            score,
            max_score: max,
            error: None,
            checks: Vec::new(),
            runs: Vec::new(),
            notes: Vec::new(),
            hidden: None,
            elapsed_ms: 0,
        }
    }

    fn report(variant: Variant, exercises: Vec<ExerciseReport>) -> Report {
        Report {
            schema_version: 1,
            seed: 1,
            repeat: 1,
            variant,
            score: 0,
            max_score: 0,
            elapsed_ms: 0,
            notes: Vec::new(),
            exercises,
        }
    }

    #[test]
    fn best_last_and_passed() {
        let mut state = State::default();
        state.record(&exercise_report("two_processes", 5, 20, Status::Fail), 10);
        state.record(&exercise_report("two_processes", 12, 20, Status::Fail), 11);
        state.record(&exercise_report("two_processes", 3, 20, Status::Fail), 12);
        let s = state.exercises["two_processes"].clone();
        assert_eq!(
            (s.best_score, s.last_score, s.max_score, s.last_graded),
            (12, 3, 20, Some(12))
        );
        assert!(!s.passed);
        assert_eq!(s.standing(), Standing::InProgress);
        state.record(&exercise_report("two_processes", 20, 20, Status::Pass), 13);
        state.record(&exercise_report("two_processes", 0, 20, Status::Error), 14);
        let s = &state.exercises["two_processes"];
        assert!(s.passed && !s.last_passed, "passing once is done: {s:?}");
        assert_eq!((s.best_score, s.last_score), (20, 0));
        assert_eq!(s.standing(), Standing::Done);
    }

    #[test]
    fn forgetting_the_scores_makes_it_not_started_and_keeps_the_hints() {
        let mut state = State::default();
        let e = catalog::all()[0];
        assert!(
            !state.forget_scores(e),
            "nothing recorded, nothing forgotten"
        );
        state.record(&exercise_report(e.slug, 20, 20, Status::Pass), 10);
        state.saw_hint(e, 2);
        assert_eq!(state.standing(e), Standing::Done);
        assert!(state.forget_scores(e));
        assert_eq!(state.standing(e), Standing::NotStarted);
        assert_eq!(state.get(e).unwrap().hints_seen, 2);
        assert_eq!(state.get(e).unwrap().last_graded, None);
        assert_eq!(state.next_to_do().map(|x| x.id), Some(e.id));
    }

    #[test]
    fn a_stub_at_zero_is_not_started_and_hidden_variants_do_not_count() {
        let mut state = State::default();
        state.record(&exercise_report("queue_exchange", 0, 20, Status::Fail), 1);
        let e = catalog::all()[1];
        assert_eq!(state.standing(e), Standing::NotStarted);
        let mut hidden = exercise_report("pool_map", 30, 30, Status::Pass);
        hidden.hidden = Some(crate::report::Hidden {
            name: "many".into(),
            visibility: Default::default(),
        });
        state.record(&hidden, 1);
        assert!(!state.exercises.contains_key("pool_map"));
        state.record(&exercise_report("no_such_exercise", 1, 1, Status::Pass), 1);
        assert!(!state.exercises.contains_key("no_such_exercise"));
    }

    #[test]
    fn next_to_do_is_the_first_not_passed() {
        let mut state = State::default();
        let all = catalog::all();
        assert_eq!(state.next_to_do().unwrap().id, all[0].id);
        state.record(&exercise_report(all[0].slug, 1, 1, Status::Pass), 1);
        state.record(&exercise_report(all[2].slug, 1, 1, Status::Pass), 1);
        assert_eq!(state.next_to_do().unwrap().id, all[1].id);
        for e in all {
            state.record(&exercise_report(e.slug, 1, 1, Status::Pass), 1);
        }
        assert!(state.next_to_do().is_none());
    }

    #[test]
    fn saved_state_reads_back_and_no_temporary_file_stays() {
        let root = scratch("roundtrip");
        let mut state = State::default();
        state.record(&exercise_report("pool_map", 7, 9, Status::Fail), 42);
        state.saw_hint(catalog::all()[3], 2);
        state.saw_hint(catalog::all()[3], 1);
        state.save(&root).unwrap();
        let back = State::read(&root).unwrap();
        assert_eq!(back.version, STATE_VERSION);
        assert_eq!(back.exercises, state.exercises);
        assert_eq!(back.exercises["pool_map"].hints_seen, 2);
        let names: Vec<String> = std::fs::read_dir(root.join(".forklings"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["state.json"]);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn missing_or_corrupt_file_starts_afresh() {
        let root = scratch("corrupt");
        assert_eq!(State::read(&root).unwrap(), State::default());
        std::fs::create_dir_all(root.join(".forklings")).unwrap();
        std::fs::write(State::path(&root), "{ not json").unwrap();
        assert!(State::read(&root).is_err());
        assert_eq!(State::load(&root), State::default());
        // Recording over a corrupt file replaces it.
        let r = report(
            Variant::Exercise,
            vec![exercise_report("two_processes", 4, 20, Status::Fail)],
        );
        record_report(&root, &r).unwrap();
        assert_eq!(
            State::read(&root).unwrap().exercises["two_processes"].best_score,
            4
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn grading_the_solutions_records_nothing() {
        let root = scratch("solutions");
        let r = report(
            Variant::Solution,
            vec![exercise_report("two_processes", 20, 20, Status::Pass)],
        );
        record_report(&root, &r).unwrap();
        assert!(!State::path(&root).exists());
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn unknown_fields_and_missing_fields_are_tolerated() {
        let root = scratch("tolerant");
        std::fs::create_dir_all(root.join(".forklings")).unwrap();
        std::fs::write(
            State::path(&root),
            r#"{"version": 1, "future": true, "exercises": {"pool_map": {"best_score": 3}}}"#,
        )
        .unwrap();
        let s = State::read(&root).unwrap();
        assert_eq!(s.exercises["pool_map"].best_score, 3);
        assert_eq!(s.exercises["pool_map"].last_graded, None);
        let _ = std::fs::remove_dir_all(&root);
    }
}
