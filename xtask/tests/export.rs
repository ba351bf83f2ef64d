//! `cargo xtask export-student DIR`: the student template has none of the teacher's side, its
//! grader files are the teacher's byte for byte, and it is a working workspace: `cargo xtask
//! grade` grades the stubs to 0, `cargo test --workspace` passes, and `verify` says it needs the
//! teacher's repo. Teacher only (the student repo has no export of its own to test).

use std::path::Path;
use std::process::{Command, Output};
use std::time::Instant;

use grader::catalog;
use grader::tamper;

mod common {
    pub mod env;
}

use common::env::{have, repo, target_root, text, without_cargo_env};

fn xtask(args: &[&std::ffi::OsStr]) -> Output {
    common::env::xtask().args(args).output().unwrap()
}

/// Every file under `dir` but `.git/` and `target/`, relative and `/`-separated.
fn files(dir: &Path, rel: &str, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir.join(rel)).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if rel.is_empty() && (name == ".git" || name == "target") {
            continue;
        }
        let path = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        if entry.file_type().unwrap().is_dir() {
            files(dir, &path, out);
        } else {
            out.push(path);
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", text(&out));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_export_leaves_out_the_teachers_side_and_keeps_the_grader_files() {
    let dir = std::env::temp_dir().join(format!("forklings-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = xtask(&["export-student".as_ref(), dir.as_os_str()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("left out (teacher only): solutions/"));

    let mut exported = Vec::new();
    files(&dir, "", &mut exported);
    for f in &exported {
        // solutions/README.md only keeps the workspace's `solutions/*` members matching.
        assert!(
            !tamper::teacher_only(f) || f == "solutions/README.md",
            "{f} is the teacher's"
        );
    }
    for gone in [
        "solutions/06_shared_counter",
        "solutions/mutants",
        "grader/tests/mutants.rs",
        "xtask/tests/teacher.rs",
        "xtask/tests/export.rs",
        "xtask/tests/init_ci.rs",
        ".ci/run",
    ] {
        assert!(!dir.join(gone).exists(), "{gone} was exported");
    }
    for kept in [
        "solutions/README.md",
        ".github/workflows/classroom.yml",
        "xtask/tests/grade.rs",
        "grader/tests/hostile/Cargo.toml",
    ] {
        assert!(dir.join(kept).is_file(), "{kept} is missing");
    }
    for e in catalog::all() {
        // The stub as shipped (this repo's pristine copy, not its exercises/, which may hold
        // work), and the pristine copy `cargo xtask reset` restores from.
        let pristine = format!(".stubs/{}/src/main.rs", e.dir_name());
        let stub = format!("exercises/{}/src/main.rs", e.dir_name());
        for exported in [&stub, &pristine] {
            assert_eq!(
                std::fs::read(dir.join(exported)).unwrap(),
                std::fs::read(repo().join(&pristine)).unwrap(),
                "{exported}"
            );
        }
    }
    // The workspace manifest is the teacher's, and so is every protected file: grading the
    // student repo with the teacher's repo as template finds no change.
    assert_eq!(
        std::fs::read(dir.join("Cargo.toml")).unwrap(),
        std::fs::read(repo().join("Cargo.toml")).unwrap()
    );
    assert_eq!(tamper::compare(&dir, &repo()), []);
    // The lock file no longer lists the solutions' packages.
    let lock = std::fs::read_to_string(dir.join("Cargo.lock")).unwrap();
    assert!(lock.contains("\"ex06_shared_counter\""));
    assert!(
        !lock.contains("\"sol06_shared_counter\""),
        "Cargo.lock keeps the solutions"
    );

    if have("git") {
        assert_eq!(git(&dir, &["rev-list", "--count", "HEAD"]).trim(), "1");
        assert_eq!(git(&dir, &["status", "--porcelain"]), "", "all committed");
    }

    // A folder that holds files is not written into without --force.
    let again = xtask(&["export-student".as_ref(), dir.as_os_str()]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    assert!(text(&again).contains("not empty"), "{}", text(&again));
    // With --force, the export replaces what is there, and files it does not have go.
    std::fs::write(dir.join("exercises/stale.txt"), "old").unwrap();
    let forced = xtask(&[
        "export-student".as_ref(),
        dir.as_os_str(),
        "--force".as_ref(),
    ]);
    assert!(forced.status.success(), "{}", text(&forced));
    assert!(!dir.join("exercises/stale.txt").exists());
    assert!(dir.join(".git").exists(), ".git is kept");
    let _ = std::fs::remove_dir_all(&dir);

    // A folder inside the teacher's repo is refused, and not left behind.
    let inside = repo().join(format!("student-export-test-{}", std::process::id()));
    let refused = xtask(&["export-student".as_ref(), inside.as_os_str()]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("outside"), "{}", text(&refused));
    assert!(!inside.exists());
}

/// `cargo` run in the export, with nothing of what `cargo test` set for this test but
/// `CARGO_HOME`, building into `target`.
fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    without_cargo_env(&mut cmd);
    let started = Instant::now();
    let out = cmd
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .args(args)
        .output()
        .unwrap();
    eprintln!(
        "cargo {} in the export: {:.1} s",
        args.join(" "),
        started.elapsed().as_secs_f64()
    );
    out
}

#[test]
fn the_export_is_a_working_workspace() {
    // Kept between runs (in the target folder), so that its builds are warm the next time.
    let base = target_root().join("export-test");
    let (dir, target) = (base.join("student"), base.join("target"));
    let out = xtask(&[
        "export-student".as_ref(),
        dir.as_os_str(),
        "--force".as_ref(),
        "--no-git".as_ref(),
    ]);
    assert!(out.status.success(), "{}", text(&out));

    // The stubs are graded, to 0.
    let out = cargo(&dir, &target, &["xtask", "grade", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["score"], 0, "{report:#}");
    let graded = report["exercises"].as_array().unwrap();
    assert_eq!(graded.len(), catalog::all().len());
    for e in graded {
        assert_ne!(e["status"], "error", "{e:#}");
        assert!(e["error"].is_null(), "{e:#}");
    }

    // The teacher's repo is the template the student repo agrees with.
    let out = cargo(
        &dir,
        &target,
        &[
            "xtask",
            "grade",
            "06",
            "--template",
            repo().to_str().unwrap(),
        ],
    );
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("not graded"),
        "{}",
        text(&out)
    );

    // verify is the teacher's.
    let out = cargo(&dir, &target, &["xtask", "verify"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("verify needs the teacher's repo"),
        "{}",
        text(&out)
    );

    // So is grading the solutions.
    let out = cargo(&dir, &target, &["xtask", "grade", "--solutions"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--solutions needs the teacher's repo"),
        "{}",
        text(&out)
    );

    // The student's test suite passes.
    let out = cargo(&dir, &target, &["test", "--workspace"]);
    assert!(out.status.success(), "{}", text(&out));
}
