//! `cargo xtask export-student DIR`: the student template has none of the teacher's side and
//! nothing uncommitted, its README is the student's, its grader files are the teacher's byte for
//! byte, and it is a working workspace: `cargo xtask grade` grades the stubs to 0, `cargo test
//! --workspace` passes, and `verify` says it needs the teacher's repo. Each test exports a clone
//! of this repo's `HEAD` (the export takes committed files only). Teacher only (the student repo
//! has no export of its own to test).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use grader::catalog;
use grader::tamper;

mod common {
    pub mod env;
}

use common::env::{have, repo, target_root, text, without_cargo_env};

/// This xtask, working on the teacher's repo at `teacher`.
fn xtask(teacher: &Path, args: &[&std::ffi::OsStr]) -> Output {
    common::env::xtask()
        .env("FORKLINGS_ROOT", teacher)
        .args(args)
        .output()
        .unwrap()
}

/// A fresh clone of this repo's `HEAD`, named after the test; `None` (with a note) without git.
fn teacher_clone(name: &str) -> Option<PathBuf> {
    if !have("git") {
        return None;
    }
    let dir = std::env::temp_dir().join(format!("forklings-teacher-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new("git")
        .args(["clone", "-q"])
        .arg(repo())
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git clone: {}", text(&out));
    Some(dir)
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

/// The relative links of a Markdown text: `[…](target)`, without `#anchor`s and web links.
fn relative_links(markdown: &str) -> Vec<String> {
    markdown
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .filter(|t| !t.starts_with('#') && !t.contains("://"))
        .map(|t| t.split('#').next().unwrap().to_string())
        .collect()
}

#[test]
fn the_export_leaves_out_the_teachers_side_and_keeps_the_grader_files() {
    let Some(teacher) = teacher_clone("side") else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("forklings-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = xtask(&teacher, &["export-student".as_ref(), dir.as_os_str()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("left out (teacher only): solutions/"));
    assert!(text(&out).contains("from commit"), "{}", text(&out));
    assert!(
        !text(&out).contains("not taken"),
        "a fresh clone: {}",
        text(&out)
    );

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
        "hidden",
        "ARCHITECTURE.md",
    ] {
        assert!(!dir.join(gone).exists(), "{gone} was exported");
    }
    // The student's README says what a student has: no teacher's section, no solutions to
    // clone, no mutants, no hidden variants, and every file it links to is there.
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    for teachers in [
        "## For teachers",
        "mutants",
        "hidden/",
        "export-student",
        "teacher-only",
        "student-only",
    ] {
        assert!(
            !readme.contains(teachers),
            "README.md has '{teachers}':\n{readme}"
        );
    }
    assert!(readme.contains("Your teacher keeps the reference solutions"));
    assert!(readme.contains("## For students") && readme.contains("## Safety"));
    for link in relative_links(&readme) {
        assert!(
            dir.join(&link).exists(),
            "README.md links to {link}, not exported"
        );
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
        // The stub as shipped (the committed pristine copy, not exercises/, which may hold
        // work), and the pristine copy `cargo xtask reset` restores from.
        let pristine = format!(".stubs/{}/src/main.rs", e.dir_name());
        let stub = format!("exercises/{}/src/main.rs", e.dir_name());
        for exported in [&stub, &pristine] {
            assert_eq!(
                std::fs::read(dir.join(exported)).unwrap(),
                std::fs::read(teacher.join(&pristine)).unwrap(),
                "{exported}"
            );
        }
    }
    // The workspace manifest is the teacher's, and so is every protected file: grading the
    // student repo with the teacher's repo as template finds no change.
    assert_eq!(
        std::fs::read(dir.join("Cargo.toml")).unwrap(),
        std::fs::read(teacher.join("Cargo.toml")).unwrap()
    );
    assert_eq!(tamper::compare(&dir, &teacher), []);
    // The lock file no longer lists the solutions' packages.
    let lock = std::fs::read_to_string(dir.join("Cargo.lock")).unwrap();
    assert!(lock.contains("\"ex06_shared_counter\""));
    assert!(
        !lock.contains("\"sol06_shared_counter\""),
        "Cargo.lock keeps the solutions"
    );

    assert_eq!(git(&dir, &["rev-list", "--count", "HEAD"]).trim(), "1");
    assert_eq!(git(&dir, &["status", "--porcelain"]), "", "all committed");

    // A folder that holds files is not written into without --force.
    let again = xtask(&teacher, &["export-student".as_ref(), dir.as_os_str()]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    assert!(text(&again).contains("not empty"), "{}", text(&again));
    // With --force, the export replaces what is there, and files it does not have go.
    std::fs::write(dir.join("exercises/stale.txt"), "old").unwrap();
    let forced = xtask(
        &teacher,
        &[
            "export-student".as_ref(),
            dir.as_os_str(),
            "--force".as_ref(),
        ],
    );
    assert!(forced.status.success(), "{}", text(&forced));
    assert!(!dir.join("exercises/stale.txt").exists());
    assert!(dir.join(".git").exists(), ".git is kept");
    let _ = std::fs::remove_dir_all(&dir);

    // A folder inside the teacher's repo is refused, and not left behind.
    let inside = teacher.join(format!("student-export-test-{}", std::process::id()));
    let refused = xtask(&teacher, &["export-student".as_ref(), inside.as_os_str()]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("outside"), "{}", text(&refused));
    assert!(!inside.exists());
    let _ = std::fs::remove_dir_all(&teacher);
}

#[test]
fn uncommitted_work_and_stray_variants_never_reach_students() {
    let Some(teacher) = teacher_clone("dirty") else {
        return;
    };
    let e = catalog::all()[0];
    let stub = format!("exercises/{}/src/main.rs", e.dir_name());
    let committed_stub = std::fs::read(teacher.join(&stub)).unwrap();
    // The teacher tries the solution in the exercise's folder, and keeps variants at the top.
    let solution = std::fs::read(
        teacher
            .join("solutions")
            .join(e.dir_name())
            .join("src/main.rs"),
    )
    .unwrap();
    assert_ne!(solution, committed_stub);
    std::fs::write(teacher.join(&stub), &solution).unwrap();
    let variants = std::fs::read(teacher.join("hidden/example.toml")).unwrap();
    std::fs::write(teacher.join("my-variants.toml"), &variants).unwrap();

    let base = std::env::temp_dir().join(format!("forklings-export-dirty-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let dir = base.join("student");
    let out = xtask(
        &teacher,
        &[
            "export-student".as_ref(),
            dir.as_os_str(),
            "--no-git".as_ref(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(std::fs::read(dir.join(&stub)).unwrap(), committed_stub);
    let pristine = format!(".stubs/{}/src/main.rs", e.dir_name());
    assert_eq!(std::fs::read(dir.join(&pristine)).unwrap(), committed_stub);
    assert!(!dir.join("my-variants.toml").exists());
    // And the teacher is told.
    let said = text(&out);
    assert!(said.contains(&format!("{stub} (modified")), "{said}");
    assert!(said.contains("my-variants.toml (untracked"), "{said}");

    // Committed at the top, the variants stop the export and the Gradescope bundle, which
    // name the file and write nothing.
    git(&teacher, &["add", "my-variants.toml"]);
    git(
        &teacher,
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@localhost",
            "commit",
            "-q",
            "-m",
            "variants",
        ],
    );
    let elsewhere = base.join("again");
    let bundle = base.join("gradescope");
    for args in [
        vec!["export-student".as_ref(), elsewhere.as_os_str()],
        vec![
            "init-ci".as_ref(),
            "gradescope".as_ref(),
            "--out".as_ref(),
            bundle.as_os_str(),
        ],
    ] {
        let refused = xtask(&teacher, &args);
        assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
        let said = text(&refused);
        assert!(
            said.contains("my-variants.toml") && said.contains("*.hidden.toml"),
            "{said}"
        );
    }
    assert!(!elsewhere.exists() && !bundle.exists());

    // Named by the rule, they are left out, and the export says so.
    git(&teacher, &["mv", "my-variants.toml", "my.hidden.toml"]);
    git(
        &teacher,
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@localhost",
            "commit",
            "-q",
            "-m",
            "renamed",
        ],
    );
    let out = xtask(
        &teacher,
        &[
            "export-student".as_ref(),
            elsewhere.as_os_str(),
            "--no-git".as_ref(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("*.hidden.toml (1 file)"),
        "{}",
        text(&out)
    );
    assert!(!elsewhere.join("my.hidden.toml").exists());
    let _ = std::fs::remove_dir_all(&base);
    let _ = std::fs::remove_dir_all(&teacher);
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
    let Some(teacher) = teacher_clone("workspace") else {
        return;
    };
    // Kept between runs (in the target folder), so that its builds are warm the next time.
    let base = target_root().join("export-test");
    let (dir, target) = (base.join("student"), base.join("target"));
    let out = xtask(
        &teacher,
        &[
            "export-student".as_ref(),
            dir.as_os_str(),
            "--force".as_ref(),
            "--no-git".as_ref(),
        ],
    );
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
            teacher.to_str().unwrap(),
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
    let _ = std::fs::remove_dir_all(&teacher);
}
