//! The exercises as shipped, for tests that build or grade a stub: a scratch workspace whose
//! `src/` folders come from the pristine copies in `.stubs/`, never from `exercises/*/src`,
//! which is the student's to change (a test that graded it would fail once they solve it).
//! The lessons, hints and manifests come from `exercises/` (students do not edit those).
//!
//! Used by the grader's tests and, through `#[path]`, by xtask's.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repo these tests belong to.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("a crate of the workspace")
        .to_path_buf()
}

/// The folder of every exercise, as in `exercises/` (`01_two_processes`, …).
pub fn exercise_dirs() -> Vec<String> {
    let mut dirs: Vec<String> = std::fs::read_dir(repo().join("exercises"))
        .expect("exercises/ is readable")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("Cargo.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    dirs
}

/// The shipped `src/` of exercise `dir`: `.stubs/<dir>/src`.
pub fn stub_src(dir: &str) -> PathBuf {
    let src = repo().join(".stubs").join(dir).join("src");
    assert!(
        src.is_dir(),
        "{} is missing: the tests take the shipped stubs from .stubs/ (copy exercises/{dir}/src \
         there as it is shipped)",
        src.display()
    );
    src
}

/// The shipped `main.rs` of exercise `dir`.
pub fn stub_main(dir: &str) -> String {
    std::fs::read_to_string(stub_src(dir).join("main.rs")).expect("the stub's main.rs is readable")
}

/// Writes `bytes` to `path` unless it holds them already (an unchanged file keeps its time, so
/// cargo does not compile it again).
fn put(path: &Path, bytes: &[u8]) {
    if std::fs::read(path).ok().as_deref() != Some(bytes) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// Copies the folder `from` to `to`, leaving out `target/` folders.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            put(&target, &std::fs::read(entry.path()).unwrap());
        }
    }
}

/// Writes at `to` a workspace of the exercises `dirs` (every exercise when empty) as shipped:
/// the workspace manifest with `exercises/*` as its only members, the lock file, each
/// exercise's manifest, lessons and hints, and its stub from `.stubs/`. A workspace already
/// there is brought up to date (its `exercises/` and progress file replaced, files that are
/// already right left alone). `target` is the target folder its builds go to: see
/// [`forget_builds`].
pub fn workspace(to: &Path, dirs: &[&str], target: &Path) {
    forget_builds(target);
    let _ = std::fs::remove_dir_all(to.join(".forklings"));
    if let Ok(old) = std::fs::read_dir(to.join("exercises")) {
        // Folders of exercises not asked for go; the others are overwritten below.
        for entry in old.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && !(dirs.is_empty() || dirs.contains(&name.as_str())) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    exercises(to, dirs);
    let ws = repo();
    let manifest = std::fs::read_to_string(ws.join("Cargo.toml")).unwrap();
    let start = manifest
        .find("members = [")
        .expect("the manifest lists its members");
    let end = start + manifest[start..].find(']').unwrap() + 1;
    let manifest = format!(
        "{}members = [\"exercises/*\"]{}",
        &manifest[..start],
        &manifest[end..]
    );
    put(&to.join("Cargo.toml"), manifest.as_bytes());
    put(
        &to.join("Cargo.lock"),
        &std::fs::read(ws.join("Cargo.lock")).unwrap(),
    );
}

/// Makes the next build in `target` compile the exercises again. Cargo keys a workspace
/// member's build by its name, not its path, and judges it fresh when the files its last build
/// read are older than the result: after a build from another scratch copy that still exists,
/// it would hand over that copy's binary. Dependencies stay compiled.
pub fn forget_builds(target: &Path) {
    let names: Vec<String> = exercise_dirs()
        .iter()
        .filter_map(|dir| {
            let manifest =
                std::fs::read_to_string(repo().join("exercises").join(dir).join("Cargo.toml"))
                    .ok()?;
            manifest.lines().find_map(|l| {
                let value = l.trim().strip_prefix("name")?.trim().strip_prefix('=')?;
                Some(value.trim().trim_matches('"').to_string())
            })
        })
        .collect();
    for profile in ["debug", "release"] {
        let Ok(entries) = std::fs::read_dir(target.join(profile).join(".fingerprint")) else {
            continue;
        };
        // Cargo's own lock on the build folder: no build of another test is half-way there.
        let lock = std::fs::File::open(target.join(profile).join(".cargo-lock"));
        let _held = lock.as_ref().ok().map(|f| f.lock());
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            let package = file.rsplit_once('-').map_or(file.as_str(), |(p, _)| p);
            if names
                .iter()
                .any(|n| n.replace('-', "_") == package.replace('-', "_"))
            {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// The target folder scratch workspaces build in, inside the one of this build
/// (`<target>/student-test`), given an executable of this build (`<target>/debug/NAME`): the
/// dependencies compile once for every scratch copy, and the real workspace's binaries are
/// never replaced by a scratch copy's.
pub fn scratch_target(exe: &Path) -> PathBuf {
    exe.parent()
        .and_then(Path::parent)
        .map(|t| t.join("student-test"))
        .unwrap_or_else(|| repo().join("target/student-test"))
}

/// Writes the exercises `dirs` (every exercise when empty) as shipped into `to/exercises/`:
/// each exercise's manifest, lessons and hints from `exercises/`, its `src/` from `.stubs/`,
/// and the course's `README.md` files.
pub fn exercises(to: &Path, dirs: &[&str]) {
    let ws = repo();
    let all = exercise_dirs();
    let dirs: Vec<&str> = if dirs.is_empty() {
        all.iter().map(String::as_str).collect()
    } else {
        dirs.to_vec()
    };
    for dir in dirs {
        let from = ws.join("exercises").join(dir);
        let into = to.join("exercises").join(dir);
        for entry in std::fs::read_dir(&from).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                put(
                    &into.join(entry.file_name()),
                    &std::fs::read(entry.path()).unwrap(),
                );
            }
        }
        copy_dir(&stub_src(dir), &into.join("src"));
    }
    for file in ["README.md", "README.it.md"] {
        let from = ws.join("exercises").join(file);
        if from.is_file() {
            put(
                &to.join("exercises").join(file),
                &std::fs::read(from).unwrap(),
            );
        }
    }
}
