//! A crate that does not compile is a verdict (`error`, first error shown short), and the
//! other exercises are still graded. Uses a scratch copy of the workspace with one stub broken.
//! A repo whose protected files differ from the teacher's template is not graded.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

#[path = "support/shipped.rs"]
mod shipped;

/// The target folder scratch workspaces build in (their dependencies compile once).
fn scratch_target() -> PathBuf {
    shipped::scratch_target(Path::new(env!("CARGO_BIN_EXE_forklings-grader")))
}

#[test]
fn a_compile_error_is_reported_short_and_the_rest_is_graded() {
    let scratch: PathBuf =
        std::env::temp_dir().join(format!("forklings-build-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    // The stubs as shipped: the student's own exercises/ may not compile, or be solved.
    shipped::workspace(
        &scratch,
        &["01_two_processes", "03_lock_protected_resource"],
        &scratch_target(),
    );
    let main = scratch.join("exercises/01_two_processes/src/main.rs");
    let broken = std::fs::read_to_string(&main).unwrap() + "\nfn broken() -> u32 { \"nope\" }\n";
    std::fs::write(&main, broken).unwrap();
    // A compile-time read outside src/ is refused before the build.
    let sneaky = scratch.join("exercises/03_lock_protected_resource/src/main.rs");
    let text = std::fs::read_to_string(&sneaky).unwrap()
        + "\nconst _PEEK: &str = include_str!(\"/etc/hostname\");\n";
    std::fs::write(&sneaky, text).unwrap();

    Command::cargo_bin("forklings-grader")
        .unwrap()
        .args(["grade", "--seed", "3", "--root"])
        .arg(&scratch)
        .args(["01", "03"])
        // Reuse compiled dependencies between test runs.
        .env("CARGO_TARGET_DIR", scratch_target())
        .assert()
        .failure()
        .stdout(predicate::str::contains("! 01 two_processes"))
        .stdout(predicate::str::contains(
            "does not compile: error[E0308]: mismatched types",
        ))
        .stdout(predicate::str::contains("src/main.rs:"))
        .stdout(predicate::str::contains("! 03 lock_protected_resource"))
        .stdout(predicate::str::contains(
            "src/main.rs: include_str! \"/etc/hostname\" reads outside the exercise's src/ folder",
        ));
    let _ = std::fs::remove_dir_all(&scratch);
}

#[test]
fn a_repo_whose_grader_files_differ_from_the_template_is_not_graded() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let template: PathBuf =
        std::env::temp_dir().join(format!("forklings-template-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&template);
    // The template: the protected files of this repo, one of them changed.
    for dir in ["grader/src", "xtask/src"] {
        shipped::copy_dir(&root.join(dir), &template.join(dir));
    }
    for file in [
        "Cargo.toml",
        ".cargo/config.toml",
        "grader/Cargo.toml",
        "xtask/Cargo.toml",
    ] {
        std::fs::create_dir_all(template.join(file).parent().unwrap()).unwrap();
        std::fs::copy(root.join(file), template.join(file)).unwrap();
    }
    for entry in std::fs::read_dir(root.join("exercises")).unwrap() {
        let name = entry.unwrap().file_name();
        let manifest = Path::new("exercises").join(&name).join("Cargo.toml");
        if root.join(&manifest).is_file() {
            std::fs::create_dir_all(template.join(&manifest).parent().unwrap()).unwrap();
            std::fs::copy(root.join(&manifest), template.join(&manifest)).unwrap();
        }
    }
    for dir in ["grader", "xtask"] {
        for sub in std::fs::read_dir(root.join(dir)).unwrap() {
            let sub = sub.unwrap();
            let name = sub.file_name();
            if name != "src" && name != "target" && sub.file_type().unwrap().is_dir() {
                shipped::copy_dir(&sub.path(), &template.join(dir).join(&name));
            }
        }
    }
    // The repo graded: the template's files, and the exercises as shipped (not the student's
    // own, which may be solved), with the placeholder that keeps `solutions/*` matching.
    let repo: PathBuf =
        std::env::temp_dir().join(format!("forklings-template-repo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&repo);
    shipped::copy_dir(&template, &repo);
    shipped::exercises(&repo, &[]);
    shipped::forget_builds(&scratch_target());
    std::fs::create_dir_all(repo.join("solutions")).unwrap();
    std::fs::write(repo.join("solutions/README.md"), "placeholder\n").unwrap();
    std::fs::copy(root.join("Cargo.lock"), repo.join("Cargo.lock")).unwrap();
    let grade = |template: &Path| {
        Command::cargo_bin("forklings-grader")
            .unwrap()
            .args(["grade", "06", "--seed", "1", "--root"])
            .arg(&repo)
            .arg("--template")
            .arg(template)
            .env("CARGO_TARGET_DIR", scratch_target())
            .assert()
            .failure()
    };
    // Same files: graded as usual (the stub scores 0).
    grade(&template).stdout(predicate::str::contains("not done yet"));
    // A changed check: nothing graded, the change named.
    let check = template.join("grader/src/check.rs");
    let text = std::fs::read_to_string(&check).unwrap();
    std::fs::write(&check, text + "\n// the template differs\n").unwrap();
    grade(&template)
        .stdout(predicate::str::contains(
            "not graded: files the grader relies on differ",
        ))
        .stdout(predicate::str::contains("modified: grader/src/check.rs"))
        .stdout(predicate::str::contains("not done yet").not());
    let _ = std::fs::remove_dir_all(&template);
    let _ = std::fs::remove_dir_all(&repo);
}
