//! End to end, as a teacher types it: `cargo xtask grade --solutions …`. Teacher only (see
//! `grader::tamper::TEACHER_ONLY`): a student repo has no solutions, so
//! `cargo xtask export-student` leaves this file and its snapshots out.

use assert_cmd::Command;
use predicates::prelude::*;

mod common {
    pub mod env;
}

use common::env::serial;

fn xtask() -> Command {
    Command::from_std(common::env::xtask())
}

#[test]
fn solutions_score_full_marks() {
    let _serial = serial();
    let out = xtask()
        .args(["grade", "--solutions", "--seed", "7", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(report["score"], report["max_score"], "{report:#}");
    assert_eq!(
        report["exercises"].as_array().unwrap().len(),
        grader::catalog::all().len()
    );
    for e in report["exercises"].as_array().unwrap() {
        assert_eq!(e["status"], "pass", "{e:#}");
    }
}

#[test]
fn human_report_of_a_solution() {
    let _serial = serial();
    let out = xtask()
        .args(["grade", "shared_counter", "--solutions", "--seed", "7"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    insta::with_settings!({filters => vec![(r"\d+\.\d s\b", "[time]"), (r"Note: [^\n]*\n", "")]}, {
        insta::assert_snapshot!("solution_06", text);
    });
}

#[test]
fn without_ptrace_a_solution_keeps_full_marks_and_says_what_was_not_verified() {
    let _serial = serial();
    xtask()
        .args(["grade", "06", "--solutions", "--seed", "7"])
        .env("FORKLINGS_NO_PTRACE", "1")
        .assert()
        .success()
        .stdout(predicate::str::contains("13/13"))
        .stdout(predicate::str::contains(
            "not verified here: ptrace is turned off",
        ));
}

#[test]
fn gradescope_report_of_a_solution_written_to_a_file() {
    let _serial = serial();
    let dir = std::env::temp_dir().join(format!("forklings-gradescope-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let results = dir.join("results.json");
    xtask()
        .args([
            "grade",
            "06",
            "--solutions",
            "--seed",
            "7",
            "--format",
            "gradescope",
        ])
        .arg("--output")
        .arg(&results)
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&results).unwrap()).unwrap();
    assert_eq!(json["score"], 13);
    let tests = json["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 5);
    for t in tests {
        for key in [
            "name",
            "score",
            "max_score",
            "status",
            "output",
            "visibility",
        ] {
            assert!(t.get(key).is_some(), "{key} missing in {t}");
        }
        assert_eq!(t["status"], "passed");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
