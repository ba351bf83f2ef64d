//! A program that hangs gets a verdict that says who was stuck and where, and names the cause
//! when it is a known one: the mutants that hang the way students' programs do (02 `let _ =
//! writer;`, 04 task pipes open at the join, 05 one stop message short, 10 a mutex locked twice
//! by a self-transfer and locks taken in the transfer's direction), graded end to end with a
//! shorter time limit, and a snapshot of one such verdict in the human report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use grader::check::{Failure, Outcome, Variant};
use grader::grade::{Options, grade_program};
use grader::report::{self, ExerciseReport, Format, Report};
use grader::{catalog, i18n};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn mutants() -> BTreeMap<String, PathBuf> {
    let built = grader::build::build(&root(), &["mutants".to_string()]).expect("cargo runs");
    assert!(built.errors.is_empty(), "{:?}", built.errors);
    built.programs
}

/// Grades `program` as exercise `id` with seed 1, every run's limit cut to 1.5 s: these
/// programs hang in every run (m10_argument_order at least in the widened one), and a deadlock
/// is reached in milliseconds.
fn graded(id: &str, program: &Path, name: &str) -> ExerciseReport {
    let e = catalog::select(&[id.to_string()]).unwrap()[0];
    let opts = Options {
        root: root(),
        variant: Variant::Exercise,
        seed: 1,
        repeat: 1,
        supervisor: PathBuf::from(env!("CARGO_BIN_EXE_forklings-grader")),
        max_timeout_ms: Some(1_500),
        template: None,
        hidden: Vec::new(),
    };
    i18n::with_lang(i18n::Lang::En, || {
        grade_program(e, program, &opts, name, name)
    })
}

/// At the time limit, before anything is signalled, the supervisor reads where every live task
/// waits: here a shell waits for its pipeline, `cat` reads a pipe whose write end `sleep` holds.
#[test]
fn the_supervisor_reads_where_each_task_waits_at_the_limit() {
    use grader::observe::stall::Wait;
    let dir = std::env::temp_dir().join(format!("forklings-timeouts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("pipeline.sh");
    std::fs::write(&script, "#!/bin/bash\nsleep 30 | cat\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let o = grader::run::supervisor::supervise_args(
        Path::new(env!("CARGO_BIN_EXE_forklings-grader")),
        &script,
        &[],
        1_000,
        "test",
    )
    .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(o.ending, grader::run::Ending::TimedOut);
    let stall = o.stall.expect("a timed-out run has its stall");
    let by_comm = |comm: &str| {
        stall
            .tasks
            .iter()
            .find(|t| t.comm == comm)
            .unwrap_or_else(|| panic!("no {comm} in {stall:#?}"))
    };
    let (bash, cat, sleep) = (by_comm("pipeline.sh"), by_comm("cat"), by_comm("sleep"));
    assert_eq!(bash.pid, stall.root);
    assert!(matches!(bash.wait, Wait::Child { .. }), "{bash:?}");
    assert_eq!(sleep.wait, Wait::Sleep, "{sleep:?}");
    let Wait::Read {
        fd: 0,
        pipe: Some(pipe),
    } = cat.wait
    else {
        panic!("cat reads its stdin pipe: {cat:?}");
    };
    assert!(stall.holders(pipe, true).contains(&sleep.pid), "{stall:#?}");
    assert!(
        o.stdout.text.is_empty() && o.observation.is_ok(),
        "traced, silent"
    );
}

fn first_failure(r: &ExerciseReport) -> &Failure {
    r.checks
        .iter()
        .find_map(|c| match &c.outcome {
            Outcome::Fail(f) => Some(f),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{} failed no check", r.slug))
}

#[test]
fn hangs_name_who_was_stuck_and_the_cause() {
    let programs = mutants();
    let cases = [
        (
            "02",
            "m02_let_underscore_writer",
            "parent (pid ",
            "in Rust `let _ = writer;` drops nothing",
        ),
        (
            "04",
            "m04_pipes_open_at_join",
            "waiting to read a pipe (fd 3); its write end is open in: the parent [read]",
            "close (drop) the task pipes before joining the workers",
        ),
        (
            "05",
            "m05_one_sentinel_short",
            "waiting to receive from an empty message queue [mq_timedreceive]",
            "One stop message per consumer?",
        ),
        (
            "10",
            "m10_relock_self",
            "the parent, thread 1 (tid ",
            "a std Mutex is not re-entrant (no RLock)",
        ),
        (
            "10",
            "m10_argument_order",
            "waiting on a lock, a condition variable or the end of a thread [futex]",
            "two threads each hold one account's lock and wait for the other's: worker ",
        ),
        (
            "12",
            "m12_parent_keeps_end",
            "waiting to read a socket (fd 4); its other end is open in: the parent [recvfrom]",
            "close (drop) your end of the channel before you wait for the other process",
        ),
        (
            "12",
            "m12_child_keeps_parent_end",
            "waiting to read a socket (fd 4); its other end is open in: child 1 [recvfrom]",
            "the parent's end in the child",
        ),
        (
            "12",
            "m12_unflushed_request",
            "- parent (pid ",
            "the parent and child 1 both wait to read the channel between them",
        ),
        (
            "13",
            "m13_never_stopped",
            "waiting in accept for a connection on its listening socket (fd ",
            "a server stops only when it is told to",
        ),
        (
            "15",
            "m15_fork_while_locked",
            "waiting on a lock, a condition variable or the end of a thread [futex]",
            "it was forked while the helper thread held the lock",
        ),
    ];
    std::thread::scope(|s| {
        for (id, name, listed, cause) in cases {
            let program = &programs[name];
            s.spawn(move || {
                let r = graded(id, program, name);
                let f = first_failure(&r);
                assert!(
                    f.message.starts_with(
                        "did not finish within 1.5 s and was stopped: deadlock or infinite loop?\n\
                         still alive when it was stopped, and where each waited:\n"
                    ),
                    "{name}: {}",
                    f.message
                );
                assert!(f.message.contains(listed), "{name}: {}", f.message);
                let hint = f.hint.as_deref().unwrap_or_default();
                assert!(hint.contains(cause), "{name}: the hint is {hint:?}");
            });
        }
    });
}

/// The human report of a timeout, PIDs and times redacted. The order in which the three
/// workers' results arrive varies, so the quoted result lines are redacted too.
#[test]
fn snapshot_of_a_timeout_verdict() {
    let programs = mutants();
    let e = graded(
        "02",
        &programs["m02_let_underscore_writer"],
        "m02_let_underscore_writer",
    );
    let report = Report {
        schema_version: report::SCHEMA_VERSION,
        seed: 1,
        repeat: 1,
        variant: Variant::Exercise,
        score: e.score,
        max_score: e.max_score,
        exercises: vec![e],
        elapsed_ms: 0,
        notes: Vec::new(),
    };
    let text = i18n::with_lang(i18n::Lang::En, || report::render(&report, Format::Human));
    insta::with_settings!({filters => vec![
        (r"\b(pid|tid) \d+", "$1 [pid]"),
        (r"\bworker=\d+", "worker=[pid]"),
        (r"\d+ │ result id=.*", "[line] │ result id=…"),
    ]}, {
        insta::assert_snapshot!("timeout_02_let_underscore_writer", text);
    });
}
