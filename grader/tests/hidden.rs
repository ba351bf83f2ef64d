//! Hidden variants end to end: a teacher's file of extra runs is graded by the same checks,
//! reported under its own name with its visibility, and catches what the usual runs let pass.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

/// The programs these tests grade, built once (a test run does not build other packages'
/// binaries by itself).
fn program(name: &str) -> PathBuf {
    static BUILT: std::sync::OnceLock<grader::build::Built> = std::sync::OnceLock::new();
    let built = BUILT.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let packages = ["sol06_shared_counter", "ex06_shared_counter", "mutants"].map(String::from);
        grader::build::build(&root, &packages).expect("cargo runs")
    });
    built
        .program(name)
        .unwrap_or_else(|why| panic!("{name} could not be built: {why}"))
}

fn grade_binary(exercise: &str, bin: &str, hidden: &Path) -> serde_json::Value {
    let path = program(bin);
    let out = Command::cargo_bin("forklings-grader")
        .unwrap()
        .args(["grade-binary", "--exercise", exercise, "--seed", "11"])
        .arg("--program")
        .arg(&path)
        .arg("--hidden")
        .arg(hidden)
        .args(["--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn write(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("forklings-{name}-{}.toml", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_variant_is_graded_and_named_and_a_solution_passes_it() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../hidden/example.toml");
    let report = grade_binary("06", "sol06_shared_counter", &file);
    let exercises = report["exercises"].as_array().unwrap();
    assert_eq!(exercises.len(), 2, "{report:#}");
    assert!(exercises[0]["hidden"].is_null());
    assert_eq!(exercises[1]["hidden"]["name"], "many-workers");
    assert_eq!(exercises[1]["hidden"]["visibility"], "after_published");
    for e in exercises {
        assert_eq!(e["score"], e["max_score"], "{e:#}");
    }
    assert_eq!(
        report["max_score"],
        2 * exercises[0]["max_score"].as_u64().unwrap()
    );
    // The variant's stress runs really had its parameters.
    let runs = exercises[1]["runs"].as_array().unwrap();
    let stress: Vec<_> = runs
        .iter()
        .filter(|r| r["label"].as_str().unwrap().starts_with("stress"))
        .collect();
    assert!(!stress.is_empty());
    for r in stress {
        let args: Vec<&str> = r["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert!(args.windows(2).any(|w| w == ["--workers", "8"]), "{args:?}");
    }
}

#[test]
fn a_variant_catches_what_the_usual_runs_miss() {
    // Without a lock, 3 workers × 100 increments usually come out right: the usual default run
    // passes. A variant that makes the default run a stress run (6 workers, the widener) shows
    // the lost updates in the variant's own `exact_defaults`.
    let file = write(
        "hidden-defaults",
        r#"
[[variant]]
exercise = "06"
name = "stressed-defaults"
[[variant.runs]]
match = "defaults"
set = { workers = 6, increments = 200, widen = true }
"#,
    );
    let sol = grade_binary("06", "sol06_shared_counter", &file);
    assert_eq!(sol["score"], sol["max_score"], "{sol:#}");
    let wrong = grade_binary("06", "m06_no_lock", &file);
    let variant = &wrong["exercises"][1];
    assert_eq!(variant["hidden"]["name"], "stressed-defaults");
    let defaults = variant["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "exact_defaults")
        .unwrap();
    assert_eq!(defaults["outcome"]["status"], "fail", "{variant:#}");
    let stub = grade_binary("06", "ex06_shared_counter", &file);
    assert_eq!(stub["score"], 0, "{stub:#}");
    let _ = std::fs::remove_file(file);
}

#[test]
fn a_broken_file_is_an_error_that_names_the_mistake() {
    let file = write(
        "hidden-broken",
        "[[variant]]\nexercise = \"06\"\nname = \"x\"\n[[variant.runs]]\nmatch = \"stress\"\nset = { wrkers = 3 }\n",
    );
    Command::cargo_bin("forklings-grader")
        .unwrap()
        .args(["grade-binary", "--exercise", "06", "--program", "/bin/true"])
        .arg("--hidden")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has no parameter 'wrkers'"))
        .stderr(predicate::str::contains("workers"));
    let _ = std::fs::remove_file(file);
}
