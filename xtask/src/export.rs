//! `cargo xtask export-student DIR`: the student template. Every file of the teacher's repo as
//! committed at `HEAD` (never the working tree: see [`snapshot`]) but the teacher-only ones
//! (`grader::tamper::TEACHER_ONLY`: solutions and mutants, the tests that need them, the
//! teacher's CI, hidden variants), plus the student repo's own CI and README. The result is a
//! working workspace: `cargo xtask grade` grades the stubs (0 points), `cargo test --workspace`
//! passes, and its protected files are byte for byte the teacher's, so `--template` accepts it.
//!
//! Hidden variants live in `hidden/` or in files named `*.hidden.toml`; a committed TOML file
//! elsewhere with `[[variant]]` tables stops the export (and the Gradescope bundle), naming it.
//!
//! The workspace manifest lists `solutions/*` as members, and cargo refuses a member glob that
//! matches nothing; it skips matches that are files. So the student repo keeps a
//! `solutions/README.md` (saying where the solutions are) and `Cargo.toml` stays unchanged.

pub mod readme;
pub mod snapshot;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context, bail};
use grader::t;
use grader::tamper::{TEACHER_ONLY, matches_pattern, teacher_only};

use crate::init_ci;
use snapshot::{Snapshot, Uncommitted};

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

/// What of the teacher's repo may reach students: the committed files but the teacher-only
/// ones.
pub struct StudentSide {
    pub snapshot: Snapshot,
    /// The files that go, in path order.
    pub files: Vec<snapshot::File>,
    /// The committed files that stay with the teacher.
    pub left_out: Vec<String>,
}

impl StudentSide {
    /// The student side of the repo at `root`, as committed. Refuses a committed TOML file
    /// outside the teacher-only paths that holds hidden variants.
    pub fn of(root: &Path) -> anyhow::Result<StudentSide> {
        let mut snapshot = snapshot::head(root)?;
        let (files, left_out): (Vec<_>, Vec<_>) = std::mem::take(&mut snapshot.files)
            .into_iter()
            .partition(|f| !teacher_only(&f.path));
        let stray: Vec<&str> = files
            .iter()
            .filter(|f| {
                f.path.ends_with(".toml")
                    && std::str::from_utf8(&f.bytes).is_ok_and(grader::hidden::looks_like_variants)
            })
            .map(|f| f.path.as_str())
            .collect();
        if !stray.is_empty() {
            bail!(t!("export.stray_variants", files = stray.join(", ")));
        }
        Ok(StudentSide {
            snapshot,
            files,
            left_out: left_out.into_iter().map(|f| f.path).collect(),
        })
    }

    /// `from commit abc1234` and, when the working tree differs, what did not go.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = vec![t!("export.from_commit", commit = self.snapshot.commit)];
        let differs: Vec<String> = self
            .snapshot
            .uncommitted
            .iter()
            .filter(|(path, _)| !teacher_only(path))
            .map(|(path, state)| {
                let state = match state {
                    Uncommitted::Modified => t!("export.state_modified"),
                    Uncommitted::Deleted => t!("export.state_deleted"),
                    Uncommitted::Added => t!("export.state_added"),
                    Uncommitted::Untracked => t!("export.state_untracked"),
                };
                format!("{path} ({state})")
            })
            .collect();
        if !differs.is_empty() {
            notes.push(t!("export.uncommitted", files = differs.join(", ")));
        }
        if !self.snapshot.skipped.is_empty() {
            notes.push(t!(
                "export.not_files",
                files = self.snapshot.skipped.join(", ")
            ));
        }
        notes
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let root = crate::root();
    let side = StudentSide::of(&root)?;
    let dir = destination(&root, &args.dir, args.force)?;

    let mut written = BTreeSet::new();
    let mut changed = 0;
    // The stubs as shipped: the committed `.stubs/` when the repo keeps one (`verify` checks
    // it agrees with exercises/), written to exercises/ and to .stubs/ for `cargo xtask reset`
    // (git HEAD is the student's own work later); else the committed exercises/*/src.
    let has_pristine = side.files.iter().any(|f| {
        f.path
            .starts_with(&format!("{}/", crate::reset::PRISTINE_DIR))
    });
    let stub_dirs: Vec<String> = grader::catalog::all()
        .iter()
        .map(|e| format!("exercises/{}/src/", e.dir_name()))
        .collect();
    for f in &side.files {
        let is_stub = stub_dirs.iter().any(|d| f.path.starts_with(d.as_str()));
        if has_pristine && is_stub {
            continue;
        }
        let bytes = if f.path == "README.md" {
            let text = String::from_utf8_lossy(&f.bytes);
            readme::student(&text)
                .with_context(|| t!("export.readme", path = f.path))?
                .into_bytes()
        } else {
            f.bytes.clone()
        };
        changed += usize::from(write_file(&dir.join(&f.path), &bytes, f.executable)?);
        written.insert(f.path.clone());
        let also = if let Some(rel) = f
            .path
            .strip_prefix(&format!("{}/", crate::reset::PRISTINE_DIR))
        {
            Some(format!("exercises/{rel}"))
        } else if is_stub {
            Some(format!(
                "{}/{}",
                crate::reset::PRISTINE_DIR,
                f.path.trim_start_matches("exercises/")
            ))
        } else {
            None
        };
        if let Some(also) = also {
            changed += usize::from(write_file(&dir.join(&also), &f.bytes, false)?);
            written.insert(also);
        }
    }
    changed += usize::from(write_if_changed(
        &dir.join(SOLUTIONS_PLACEHOLDER),
        SOLUTIONS_PLACEHOLDER_TEXT.as_bytes(),
    )?);
    written.insert(SOLUTIONS_PLACEHOLDER.to_string());

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
    for note in side.notes() {
        println!("  {note}");
    }
    println!(
        "  {}",
        t!("export.left_out", files = summarize(&side.left_out))
    );
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

/// [`write_if_changed`], then the mode: 0755 for a file committed executable, else 0644.
fn write_file(path: &Path, bytes: &[u8], executable: bool) -> anyhow::Result<bool> {
    use std::os::unix::fs::PermissionsExt;
    let wrote = write_if_changed(path, bytes)?;
    let mode = if executable { 0o755 } else { 0o644 };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .with_context(|| t!("io.writing", path = path.display()))?;
    Ok(wrote)
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
    fn the_committed_files_go_but_the_teachers_side_and_stray_variants_do_not() {
        use snapshot::tests::{commit, repo};
        let Some(root) = repo("side") else { return };
        let variants = "[[variant]]\nexercise = \"06\"\nname = \"v\"\n";
        commit(
            &root,
            &[
                ("Cargo.toml", "[workspace]"),
                ("exercises/06_x/src/main.rs", "stub"),
                ("solutions/06_x/src/main.rs", "solution"),
                ("grader/tests/mutants.rs", "mutants"),
                ("grader/src/hidden.rs", "code"),
                ("class.hidden.toml", variants),
                ("hidden/variants.toml", variants),
                (".ci/run", "ci"),
            ],
        );
        // Neither an edit nor an untracked file goes; both are named.
        std::fs::write(root.join("exercises/06_x/src/main.rs"), "solution").unwrap();
        std::fs::write(root.join("my-variants.toml"), variants).unwrap();
        let side = StudentSide::of(&root).unwrap();
        let kept: Vec<(&str, &[u8])> = side
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.bytes.as_slice()))
            .collect();
        assert_eq!(
            kept,
            [
                ("Cargo.toml", &b"[workspace]"[..]),
                ("exercises/06_x/src/main.rs", b"stub"),
                ("grader/src/hidden.rs", b"code"),
            ]
        );
        assert_eq!(
            summarize(&side.left_out),
            "solutions/ (1 file), .ci/ (1 file), hidden/ (1 file), *.hidden.toml (1 file), \
             grader/tests/mutants.rs"
        );
        let notes = side.notes().join("\n");
        assert!(
            notes.contains("exercises/06_x/src/main.rs (modified")
                && notes.contains("my-variants.toml (untracked"),
            "{notes}"
        );

        // Committed under another name, variants stop the export, named.
        std::fs::rename(root.join("my-variants.toml"), root.join("docs.toml")).unwrap();
        commit(&root, &[]);
        let err = StudentSide::of(&root).err().unwrap().to_string();
        assert!(
            err.contains("docs.toml") && err.contains("*.hidden.toml"),
            "{err}"
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
