//! `cargo xtask export-student DIR`: the student template. Every file of the teacher's repo but
//! the teacher-only ones (`grader::tamper::TEACHER_ONLY`: solutions and mutants, the tests that
//! need them, the teacher's CI, hidden variants), plus the student repo's own CI. The result is a
//! working workspace: `cargo xtask grade` grades the stubs (0 points), `cargo test --workspace`
//! passes, and its protected files are byte for byte the teacher's, so `--template` accepts it.
//!
//! The workspace manifest lists `solutions/*` as members, and cargo refuses a member glob that
//! matches nothing; it skips matches that are files. So the student repo keeps a
//! `solutions/README.md` (saying where the solutions are) and `Cargo.toml` stays unchanged.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context, bail};
use grader::t;
use grader::tamper::{TEACHER_ONLY, matches_pattern, teacher_only};

use crate::init_ci;

/// The file that keeps the `solutions/*` member glob of the workspace matching something.
pub const SOLUTIONS_PLACEHOLDER: &str = "solutions/README.md";
pub const SOLUTIONS_PLACEHOLDER_TEXT: &str = "\
# Solutions

Your teacher keeps the reference solutions: this repo has only the exercises, in `exercises/`.
This file stays so that the workspace's `solutions/*` members in `Cargo.toml` match something
(cargo refuses a pattern that matches nothing): please do not delete it.
";

#[derive(clap::Args)]
pub struct Args {
    /// Where to write the student repo: a new or empty folder, outside this repo.
    dir: PathBuf,
    /// Write into DIR even if it holds files: DIR is made to match the export (files the export
    /// does not have are removed, except `.git/` and `target/`; unchanged files are left alone).
    #[arg(long)]
    force: bool,
    /// Do not make DIR a git repo with one commit.
    #[arg(long)]
    no_git: bool,
    /// The CI of the student repo, as `cargo xtask init-ci` writes it (unless this repo already
    /// has that file, which is then copied as it is).
    #[arg(long, value_enum, default_value_t = StudentCi::Github)]
    ci: StudentCi,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum StudentCi {
    /// `.github/workflows/classroom.yml`: GitHub Classroom, points per exercise.
    Github,
    /// `.gitlab-ci.yml`: a job with the JUnit test report.
    Gitlab,
    /// No CI file.
    None,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let root = crate::root();
    let dir = destination(&root, &args.dir, args.force)?;

    let all = repo_files(&root)?;
    let (files, left_out): (Vec<String>, Vec<String>) =
        all.into_iter().partition(|f| !teacher_only(f));
    let mut written = BTreeSet::new();
    let mut changed = 0;
    for f in &files {
        if crate::reset::is_stub_file(f) {
            continue;
        }
        let text = std::fs::read(root.join(f))
            .with_context(|| t!("io.reading_in", path = f, dir = root.display()))?;
        changed += usize::from(write_if_changed(&dir.join(f), &text)?);
        written.insert(f.clone());
    }
    changed += usize::from(write_if_changed(
        &dir.join(SOLUTIONS_PLACEHOLDER),
        SOLUTIONS_PLACEHOLDER_TEXT.as_bytes(),
    )?);
    written.insert(SOLUTIONS_PLACEHOLDER.to_string());
    // The stubs as shipped, from the teacher's .stubs/ (`verify` checks it agrees with
    // exercises/): in exercises/, and in .stubs/ for `cargo xtask reset` (git HEAD is the
    // student's own work later).
    let pristine = crate::reset::write_pristine(&root, &dir).with_context(|| {
        t!(
            "io.writing",
            path = dir.join(crate::reset::PRISTINE_DIR).display()
        )
    })?;
    written.extend(pristine);

    let ci = match args.ci {
        StudentCi::Github => Some((init_ci::GITHUB_PATH, init_ci::github_workflow())),
        StudentCi::Gitlab => Some((init_ci::GITLAB_PATH, init_ci::gitlab_ci().to_string())),
        StudentCi::None => None,
    };
    let ci_note = match ci {
        Some((path, _)) if written.contains(path) => t!("export.ci_copied", path = path),
        Some((path, text)) => {
            changed += usize::from(write_if_changed(&dir.join(path), text.as_bytes())?);
            written.insert(path.to_string());
            t!("export.ci_written", path = path)
        }
        None => t!("export.ci_none"),
    };
    let removed = if args.force {
        remove_stale(&dir, Path::new(""), &written)?
    } else {
        0
    };
    let lock_note = prune_lockfile(&dir);

    println!(
        "{}",
        t!(
            "export.done",
            files = written.len(),
            dir = dir.display(),
            written = changed,
            removed = removed
        )
    );
    println!("  {}", t!("export.left_out", files = summarize(&left_out)));
    println!("  {}", t!("export.ci", note = ci_note));
    if let Some(note) = lock_note {
        println!("  {note}");
    }
    let git = if args.no_git {
        t!("export.git_not_asked")
    } else {
        git_commit(&dir)
    };
    println!("  {}", t!("export.git", note = git));
    println!("{}", t!("export.next", dir = dir.display()));
    Ok(ExitCode::SUCCESS)
}

/// Checks and creates the destination; returns it canonical.
fn destination(root: &Path, dir: &Path, force: bool) -> anyhow::Result<PathBuf> {
    let existed = dir.exists();
    if existed {
        if !dir.is_dir() {
            bail!(t!("export.not_a_folder", dir = dir.display()));
        }
        let empty = std::fs::read_dir(dir)
            .with_context(|| t!("io.reading", path = dir.display()))?
            .next()
            .is_none();
        if !empty && !force {
            bail!(t!("export.not_empty", dir = dir.display()));
        }
    } else {
        std::fs::create_dir_all(dir).with_context(|| t!("io.creating", path = dir.display()))?;
    }
    let canonical = dir.canonicalize()?;
    let root = root.canonicalize()?;
    let inside_repo = canonical.starts_with(&root) && !canonical.starts_with(root.join("target"));
    if inside_repo || root.starts_with(&canonical) {
        if !existed {
            let _ = std::fs::remove_dir(&canonical);
        }
        let (dir, repo) = (canonical.display(), root.display());
        bail!(if inside_repo {
            t!("export.inside_repo", dir = dir, repo = repo)
        } else {
            t!("export.around_repo", dir = dir, repo = repo)
        });
    }
    Ok(canonical)
}

/// The files of the repo at `root` (relative, `/`-separated, sorted): those git tracks and the
/// untracked ones it does not ignore; without git, every file outside `target/` and `.git/`.
pub fn repo_files(root: &Path) -> anyhow::Result<Vec<String>> {
    let git = Command::new("git")
        .current_dir(root)
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    let mut files = BTreeSet::new();
    match git {
        Ok(out) if out.status.success() => {
            for name in out.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
                files.insert(String::from_utf8_lossy(name).into_owned());
            }
        }
        _ => walk(root, "", &mut files)
            .with_context(|| t!("export.list_failed", dir = root.display()))?,
    }
    // Files deleted from the work tree but still in git's index are not there to copy.
    files.retain(|f| root.join(f).is_file());
    Ok(files.into_iter().collect())
}

fn walk(root: &Path, rel: &str, out: &mut BTreeSet<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(root.join(rel))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if rel.is_empty() && (name == "target" || name == ".git") {
            continue;
        }
        let path = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        if entry.file_type()?.is_dir() {
            walk(root, &path, out)?;
        } else {
            out.insert(path);
        }
    }
    Ok(())
}

/// Writes `bytes` to `path` (creating its folder) unless it already holds them, so that files
/// that did not change keep their time stamps (and cargo does not rebuild them). Returns whether
/// it wrote.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> anyhow::Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| t!("io.creating", path = parent.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| t!("io.writing", path = path.display()))?;
    Ok(true)
}

/// Removes the files under `dir` that are not in `keep` (and the folders left empty), except
/// `.git/` and `target/` at the top. Returns how many files it removed.
fn remove_stale(dir: &Path, rel: &Path, keep: &BTreeSet<String>) -> anyhow::Result<usize> {
    let mut removed = 0;
    let here = dir.join(rel);
    for entry in
        std::fs::read_dir(&here).with_context(|| t!("io.reading", path = here.display()))?
    {
        let entry = entry?;
        let name = entry.file_name();
        if rel.as_os_str().is_empty() && (name == ".git" || name == "target") {
            continue;
        }
        let path = rel.join(&name);
        if entry.file_type()?.is_dir() {
            removed += remove_stale(dir, &path, keep)?;
            let _ = std::fs::remove_dir(dir.join(&path)); // only if now empty
        } else if !keep.contains(path.to_string_lossy().as_ref()) {
            std::fs::remove_file(dir.join(&path))
                .with_context(|| t!("io.removing", path = dir.join(&path).display()))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Lets cargo drop the solutions' packages from the exported `Cargo.lock`, so the student's
/// first build does not change it. Returns a note when it could not.
fn prune_lockfile(dir: &Path) -> Option<String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut last_error = String::new();
    for offline in [true, false] {
        let mut cmd = Command::new(&cargo);
        cmd.current_dir(dir)
            .args(["metadata", "--format-version", "1"])
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        if offline {
            cmd.arg("--offline");
        }
        match cmd.output() {
            Ok(out) if out.status.success() => return None,
            Ok(out) => last_error = String::from_utf8_lossy(&out.stderr).trim().to_string(),
            Err(e) => last_error = e.to_string(),
        }
    }
    Some(t!("export.lock_not_pruned", error = last_error))
}

/// Makes `dir` a git repo with one commit; says what it did.
fn git_commit(dir: &Path) -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .current_dir(dir)
            .args(args)
            .stdin(Stdio::null())
            .output()
    };
    if dir.join(".git").exists() {
        return t!("export.git_already");
    }
    if git(&["--version"]).is_err() {
        return t!("export.git_missing");
    }
    let init = git(&["init", "-q", "--initial-branch=main"]);
    if !init.is_ok_and(|o| o.status.success())
        && !git(&["init", "-q"]).is_ok_and(|o| o.status.success())
    {
        return t!("export.git_init_failed");
    }
    let identity = git(&["config", "user.email"]).is_ok_and(|o| o.status.success());
    let mut commit = vec!["-c", "commit.gpgsign=false"];
    if !identity {
        commit.extend([
            "-c",
            "user.name=forklings",
            "-c",
            "user.email=forklings@localhost",
        ]);
    }
    commit.extend(["commit", "-q", "-m", "forklings: the student template"]);
    match git(&["add", "-A"]).and_then(|_| git(&commit)) {
        Ok(out) if out.status.success() => t!("export.git_committed"),
        Ok(out) => t!(
            "export.git_commit_failed",
            error = String::from_utf8_lossy(&out.stderr).trim()
        ),
        Err(e) => t!("export.git_failed", error = e),
    }
}

/// `solutions/ (45 files), .ci/ (1 file), grader/tests/mutants.rs, …`: each path counted under
/// the first pattern of `TEACHER_ONLY` it matches.
fn summarize(left_out: &[String]) -> String {
    let mut parts = Vec::new();
    for pattern in TEACHER_ONLY {
        let n = left_out
            .iter()
            .filter(|f| TEACHER_ONLY.iter().find(|p| matches_pattern(p, f)) == Some(pattern))
            .count();
        match n {
            0 => {}
            1 if !pattern.ends_with('/') && !pattern.contains('*') => {
                parts.push(pattern.to_string())
            }
            1 => parts.push(t!("export.one_file", pattern = pattern)),
            n => parts.push(t!("export.files", pattern = pattern, count = n)),
        }
    }
    if parts.is_empty() {
        t!("export.nothing")
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "forklings-export-unit-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn tree(dir: &Path, files: &[&str]) {
        for f in files {
            write_if_changed(&dir.join(f), f.as_bytes()).unwrap();
        }
    }

    #[test]
    fn without_git_every_file_but_target_is_listed_and_the_teachers_side_is_left_out() {
        let root = scratch("walk");
        tree(
            &root,
            &[
                "Cargo.toml",
                "exercises/06_x/src/main.rs",
                "solutions/06_x/src/main.rs",
                "grader/tests/mutants.rs",
                "grader/src/hidden.rs",
                "class.hidden.toml",
                "hidden/variants.toml",
                ".ci/run",
                "target/debug/junk",
            ],
        );
        let files = repo_files(&root).unwrap();
        assert!(!files.iter().any(|f| f.starts_with("target/")), "{files:?}");
        let kept: Vec<&String> = files.iter().filter(|f| !teacher_only(f)).collect();
        assert_eq!(
            kept,
            [
                "Cargo.toml",
                "exercises/06_x/src/main.rs",
                "grader/src/hidden.rs"
            ]
        );
        let left_out: Vec<String> = files.into_iter().filter(|f| teacher_only(f)).collect();
        assert_eq!(
            summarize(&left_out),
            "solutions/ (1 file), .ci/ (1 file), hidden/ (1 file), *.hidden.toml (1 file), \
             grader/tests/mutants.rs"
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn stale_files_go_but_git_target_and_kept_files_stay() {
        let dir = scratch("stale");
        tree(
            &dir,
            &[
                "a/kept.rs",
                "a/stale.rs",
                "b/only/stale.rs",
                ".git/HEAD",
                "target/x",
            ],
        );
        let keep = BTreeSet::from(["a/kept.rs".to_string()]);
        assert_eq!(remove_stale(&dir, Path::new(""), &keep).unwrap(), 2);
        assert!(dir.join("a/kept.rs").is_file());
        assert!(!dir.join("a/stale.rs").exists());
        assert!(!dir.join("b").exists(), "emptied folders go too");
        assert!(dir.join(".git/HEAD").is_file() && dir.join("target/x").is_file());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn unchanged_files_are_not_rewritten() {
        let dir = scratch("unchanged");
        let path = dir.join("f.txt");
        assert!(write_if_changed(&path, b"one").unwrap());
        assert!(!write_if_changed(&path, b"one").unwrap());
        assert!(write_if_changed(&path, b"two").unwrap());
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_destination_must_be_new_or_empty_and_outside_the_repo() {
        let base = scratch("destination");
        let root = base.join("repo");
        std::fs::create_dir_all(root.join("target")).unwrap();
        // New, or empty: fine.
        assert!(destination(&root, &base.join("new"), false).is_ok());
        assert!(destination(&root, &base.join("new"), false).is_ok());
        // Not empty: only with --force.
        tree(&base, &["full/x"]);
        let err = destination(&root, &base.join("full"), false).unwrap_err();
        assert!(err.to_string().contains("--force"), "{err}");
        assert!(destination(&root, &base.join("full"), true).is_ok());
        // Inside the repo (but for target/), or around it: never, and nothing is left behind.
        let err = destination(&root, &root.join("student"), true).unwrap_err();
        assert!(err.to_string().contains("inside"), "{err}");
        assert!(!root.join("student").exists());
        assert!(destination(&root, &root.join("target/student"), false).is_ok());
        let err = destination(&root, &base, true).unwrap_err();
        assert!(err.to_string().contains("around"), "{err}");
        let _ = std::fs::remove_dir_all(&base);
    }
}
