//! End to end, as a student types it: `cargo xtask grade …` on the stubs as shipped (a scratch
//! copy from `.stubs/`: the student's own `exercises/` may be solved). These tests are part of
//! the student repo (`cargo xtask export-student`); the ones that need the solutions are in
//! `teacher.rs`.

use std::sync::OnceLock;

use assert_cmd::Command;
use predicates::prelude::*;

mod common {
    pub mod env;
    pub mod scratch;
}

use common::env::serial;
use common::scratch::Scratch;

/// `cargo xtask` on one scratch copy of the shipped stubs, shared by this file's tests.
fn xtask() -> Command {
    static STUBS: OnceLock<Scratch> = OnceLock::new();
    let stubs = STUBS.get_or_init(|| Scratch::shared("grade"));
    Command::from_std(stubs.xtask())
}

#[test]
fn stubs_score_zero_and_say_where_to_start() {
    let _serial = serial();
    let out = xtask()
        .args(["grade", "--seed", "7"])
        .assert()
        .failure()
        .stdout(predicate::str::contains("not done yet"))
        .stdout(predicate::str::contains(
            "Next: read exercises/01_two_processes/README.md",
        ))
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let total = text.lines().find(|l| l.starts_with("Total: ")).unwrap();
    assert!(total.starts_with("Total: 0/"), "{total}");
}

#[test]
fn human_report_of_a_stub() {
    let _serial = serial();
    let out = xtask()
        .args(["grade", "06", "--seed", "7"])
        .assert()
        .failure();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    insta::with_settings!({filters => vec![(r"\d+\.\d s\b", "[time]"), (r"Note: [^\n]*\n", "")]}, {
        insta::assert_snapshot!("stub_06", text);
    });
}

#[test]
fn unknown_exercise_is_an_error_that_says_what_to_do() {
    xtask()
        .args(["grade", "99"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no exercise is called '99'"))
        .stderr(predicate::str::contains("cargo xtask list"));
}

#[test]
fn junit_report_written_to_a_file() {
    let _serial = serial();
    let dir = std::env::temp_dir().join(format!("forklings-junit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let junit = dir.join("report.xml");
    xtask()
        .args([
            "grade", "06", "--seed", "7", "--format", "junit", "--output",
        ])
        .arg(&junit)
        .assert()
        .failure()
        .stdout(predicate::str::is_empty());
    let xml = std::fs::read_to_string(&junit).unwrap();
    insta::with_settings!({filters => vec![(r#"time="[0-9.]+""#, r#"time="[time]""#)]}, {
        insta::assert_snapshot!("junit_stub_06", xml);
    });
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn min_score_sets_the_exit_policy() {
    let _serial = serial();
    xtask()
        .args(["grade", "06", "--seed", "7", "--min-score", "0"])
        .assert()
        .success();
    xtask()
        .args(["grade", "06", "--seed", "7", "--min-score", "1"])
        .assert()
        .failure();
}

#[test]
fn github_format_gives_classroom_json_a_summary_and_escaped_annotations() {
    let _serial = serial();
    let dir = std::env::temp_dir().join(format!("forklings-github-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let summary = dir.join("summary.md");
    let out = xtask()
        .args(["grade", "06", "--seed", "7", "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .assert()
        .failure();
    let output = out.get_output();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["status"], "fail");
    assert_eq!(json["max_score"], 13);
    // One test per point (5 checks, 13 points): the reporter's log then agrees with Classroom.
    assert_eq!(json["tests"].as_array().unwrap().len(), 13);
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    let annotations: Vec<&str> = stderr.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(annotations.len(), 5, "{stderr}");
    assert!(
        annotations
            .iter()
            .all(|l| l.starts_with("::error file=exercises/06_shared_counter/src/main.rs,title="))
    );
    let table = std::fs::read_to_string(&summary).unwrap();
    assert!(
        table.contains("| 06 shared_counter | 0/13 | ❌ fail |"),
        "{table}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
