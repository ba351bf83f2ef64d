//! The grader in Italian, end to end: the human report of the stub of 06 and of a wrong program
//! (the mutant that keeps its counter in private memory), with `--lang it` and with the locale
//! alone. Snapshots pin the words; the assertions below say that no English is left in them.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "support/shipped.rs"]
mod shipped;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A workspace of the stub of 06 as shipped (from `.stubs/`: `exercises/` may hold the
/// student's solution), built in the scratch target folder.
fn stubs() -> PathBuf {
    let root = scratch_target().join("workspaces/italian");
    shipped::workspace(&root, &["06_shared_counter"], &scratch_target());
    root
}

fn scratch_target() -> PathBuf {
    shipped::scratch_target(Path::new(env!("CARGO_BIN_EXE_forklings-grader")))
}

fn grader() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_forklings-grader"));
    cmd.env("CARGO_TARGET_DIR", scratch_target());
    // The language comes from the test, never from the machine running it.
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    cmd
}

/// Standard output of a grading that fails (exit code 1), as text.
fn failing_report(cmd: &mut Command) -> String {
    let out = cmd.output().expect("forklings-grader runs");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 report");
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failing grading exits with 1\nstdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Words of the English report that must not survive in the Italian one.
const ENGLISH: &[&str] = &[
    "hint:",
    "replay:",
    "also failing",
    "Total:",
    "points",
    "Next:",
    "not done yet",
    "grading the",
    "exercises pass",
    "default arguments",
    "run '",
    "with the defaults",
    "the parent",
    "must give",
];

fn assert_italian(text: &str) {
    for word in ENGLISH {
        assert!(!text.contains(word), "English {word:?} in:\n{text}");
    }
}

/// The same filters as the English snapshots: times, and the notes about how isolated the runs
/// were (which depend on the machine: root or not).
macro_rules! snapshot {
    ($name:literal, $text:expr) => {
        insta::with_settings!({filters => vec![(r"\d+\.\d s\b", "[time]"), (r"Nota: [^\n]*\n", "")]}, {
            insta::assert_snapshot!($name, $text);
        })
    };
}

#[test]
fn the_stub_of_06_in_italian() {
    let stubs = stubs();
    let text = failing_report(
        grader()
            .args(["grade", "06", "--seed", "7", "--lang", "it", "--root"])
            .arg(&stubs),
    );
    assert_italian(&text);
    assert!(text.contains("non ancora svolto"), "{text}");
    // The stub's todo!() text, in Italian too (i18n::todo_text).
    assert!(
        text.contains("non ancora svolto: crea un segmento condiviso di size_of::<Shared>() byte"),
        "{text}"
    );
    assert!(!text.contains("create a shared segment"), "{text}");
    assert!(
        text.contains("suggerimento: questa parte tocca a te"),
        "{text}"
    );
    assert!(
        text.contains("Prossimo passo: leggi exercises/06_shared_counter/README.it.md"),
        "{text}"
    );

    // The locale alone chooses Italian too, and `--lang en` wins over it.
    let by_locale = failing_report(
        grader()
            .args(["grade", "06", "--seed", "7", "--root"])
            .arg(&stubs)
            .env("LANG", "it_IT.UTF-8"),
    );
    assert_eq!(without_times(&by_locale), without_times(&text));
    let english = failing_report(
        grader()
            .args(["grade", "06", "--seed", "7", "--lang", "en", "--root"])
            .arg(&stubs)
            .env("LC_ALL", "it_IT.UTF-8"),
    );
    assert!(english.contains("not done yet"), "{english}");
    snapshot!("stub_06_it", text);
}

/// `text` with its durations (`1.2 s`) and notes taken out, to compare two gradings.
fn without_times(text: &str) -> String {
    text.lines()
        .filter(|l| !l.starts_with("Nota: "))
        .map(|l| match l.rfind(" · ") {
            Some(i) if l.ends_with(" s") => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_wrong_program_in_italian() {
    // A student repo (`cargo xtask export-student`) has no mutants, and that is as it should
    // be; the teacher's repo always has them (`mutants.rs` fails without).
    if !root().join("solutions/mutants").is_dir() {
        eprintln!("note: no solutions/mutants here (a student repo): skipping the mutant's report");
        return;
    }
    let built = grader::build::build(&root(), &["mutants".to_string()]).expect("cargo runs");
    let program = built
        .programs
        .get("m06_private_counter")
        .expect("the mutant m06_private_counter is built");
    let text = failing_report(
        grader()
            .args([
                "grade-binary",
                "--exercise",
                "06",
                "--seed",
                "7",
                "--lang",
                "it",
                "--program",
            ])
            .arg(program),
    );
    // The program's path is the crate's name in the report: the same on every machine.
    let text = text.replace(&program.display().to_string(), "[m06_private_counter]");
    assert_italian(&text);
    assert!(
        text.contains("il padre non ha visto nemmeno un incremento"),
        "{text}"
    );
    assert!(
        text.contains("nell'esecuzione 'defaults' (argomenti predefiniti)"),
        "{text}"
    );
    snapshot!("m06_private_counter_it", text);
}

/// The supervisor is a process of its own with a scrubbed environment: the grader's language
/// reaches it in the run spec, and what it writes in the outcome (here, why the kernel's view is
/// missing) is in that language.
#[test]
fn the_supervisor_speaks_the_graders_language() {
    let outcome = |lang: &str| {
        let out = grader()
            .args(["run", "--timeout-ms", "5000", "/bin/true"])
            .env("LANG", lang)
            .env("FORKLINGS_NO_PTRACE", "1")
            .output()
            .expect("forklings-grader runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON outcome");
        json["observation"]["Err"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        outcome("it_IT.UTF-8"),
        "ptrace è disattivato (FORKLINGS_NO_PTRACE è impostata)"
    );
    assert_eq!(
        outcome("C.UTF-8"),
        "ptrace is turned off (FORKLINGS_NO_PTRACE is set)"
    );
}
