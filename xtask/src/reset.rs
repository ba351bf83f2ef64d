//! `cargo xtask reset ID [--yes]`: puts an exercise's `src/` back as it was shipped, after
//! saving the student's version to `.forklings/backup/`.
//!
//! Where "as shipped" comes from, in order:
//!
//! 1. the pristine copy the repo keeps, `.stubs/NN_slug/src/` (a student repo made by
//!    `export-student` should carry one: see [`write_pristine`]);
//! 2. git: the stub as committed at `HEAD`.
//!
//! Neither is perfect alone: git's first commit holds whatever the kit looked like when it was
//! started (a skeleton, in the teacher's repo), and `HEAD` holds the student's own last commit
//! once they commit their work (GitHub Classroom has them push to be graded). The pristine copy
//! is exactly what was shipped, whatever the history; git `HEAD` is right in the teacher's repo
//! and in a fresh clone, and the message says which source was used.

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::Context;
use grader::check::{Exercise, Variant};
use grader::i18n::Lang;
use grader::state;
use grader::tr;

/// The folder of pristine stubs, relative to the workspace root.
pub const PRISTINE_DIR: &str = ".stubs";

#[derive(clap::Args)]
pub struct Args {
    /// The exercise: its number (01) or name (two_processes).
    pub id: String,
    /// Do not ask for confirmation (for scripts: without a terminal, reset refuses without it).
    #[arg(long, short)]
    pub yes: bool,
}

/// Where the shipped stub was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Pristine(PathBuf),
    /// A git revision and its short commit id.
    Git {
        commit: String,
    },
}

/// The shipped files of `src/`: path relative to the exercise folder → contents.
pub type Files = BTreeMap<PathBuf, Vec<u8>>;

pub fn run(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    let root = crate::root();
    let e = crate::hint::one_exercise(&args.id)?;
    let (files, source) = shipped(&root, e, lang)?;
    let dir = e.dir(Variant::Exercise);
    let from = match &source {
        Source::Pristine(path) => tr!(
            lang,
            "reset.from_pristine",
            path = path.strip_prefix(&root).unwrap_or(path).display()
        ),
        Source::Git { commit } => tr!(lang, "reset.from_git", commit = commit),
    };
    let changed = differs(&root.join(&dir), &files);
    if changed.is_empty() {
        println!("{}", tr!(lang, "reset.already", dir = dir, from = from));
        return Ok(ExitCode::SUCCESS);
    }
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            anyhow::bail!(tr!(lang, "reset.no_terminal", id = e.id));
        }
        let list: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
        eprint!(
            "{} ",
            tr!(
                lang,
                "reset.confirm",
                dir = dir,
                files = list.join(", "),
                from = from
            )
        );
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut answer)
            .context(tr!(lang, "reset.no_answer"))?;
        let yes_words = tr!(lang, "reset.yes_words");
        let answer = answer.trim().to_lowercase();
        if answer.is_empty() || !yes_words.split(',').any(|w| w.trim() == answer) {
            println!("{}", tr!(lang, "reset.cancelled"));
            return Ok(ExitCode::FAILURE);
        }
    }
    let backup = restore(&root, e, &files, &changed, lang)?;
    println!(
        "{}",
        tr!(
            lang,
            "reset.done",
            dir = dir,
            from = from,
            backup = backup.strip_prefix(&root).unwrap_or(&backup).display()
        )
    );
    let extra = extra_files(&root.join(&dir), &files);
    if !extra.is_empty() {
        let list: Vec<String> = extra.iter().map(|p| p.display().to_string()).collect();
        println!("{}", tr!(lang, "reset.kept_extra", files = list.join(", ")));
    }
    Ok(ExitCode::SUCCESS)
}

/// The shipped `src/` of `e`: from the pristine copy, else from git `HEAD`.
pub fn shipped(root: &Path, e: &Exercise, lang: Lang) -> anyhow::Result<(Files, Source)> {
    let pristine = root.join(PRISTINE_DIR).join(e.dir_name());
    if pristine.join("src").is_dir() {
        let mut files = Files::new();
        read_tree(&pristine, Path::new("src"), &mut files)
            .with_context(|| tr!(lang, "reset.unreadable", path = pristine.display()))?;
        return Ok((files, Source::Pristine(pristine)));
    }
    from_git(root, e, lang)
}

fn read_tree(base: &Path, rel: &Path, files: &mut Files) -> std::io::Result<()> {
    for entry in std::fs::read_dir(base.join(rel))? {
        let entry = entry?;
        let rel = rel.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            read_tree(base, &rel, files)?;
        } else {
            files.insert(rel.clone(), std::fs::read(base.join(&rel))?);
        }
    }
    Ok(())
}

fn git(root: &Path, args: &[&str]) -> anyhow::Result<Vec<u8>> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .stdin(Stdio::null())
        .output()?;
    if !out.status.success() {
        anyhow::bail!("{}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(out.stdout)
}

fn from_git(root: &Path, e: &Exercise, lang: Lang) -> anyhow::Result<(Files, Source)> {
    let dir = e.dir(Variant::Exercise);
    let no_source = || tr!(lang, "reset.no_source", dir = dir, pristine = PRISTINE_DIR);
    let commit = git(root, &["rev-parse", "--short", "HEAD"]).with_context(no_source)?;
    let commit = String::from_utf8_lossy(&commit).trim().to_string();
    let listing = git(
        root,
        &[
            "ls-tree",
            "-r",
            "-z",
            "--name-only",
            "HEAD",
            "--",
            &format!("{dir}/src"),
        ],
    )
    .with_context(no_source)?;
    let mut files = Files::new();
    for path in listing.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let path = String::from_utf8_lossy(path).into_owned();
        let bytes = git(root, &["show", &format!("HEAD:{path}")]).with_context(no_source)?;
        let rel = Path::new(&path)
            .strip_prefix(&dir)
            .expect("git lists paths under the folder asked")
            .to_path_buf();
        files.insert(rel, bytes);
    }
    if files.is_empty() {
        anyhow::bail!(no_source());
    }
    Ok((files, Source::Git { commit }))
}

/// The shipped files that are missing or different in `exercise_dir`.
fn differs(exercise_dir: &Path, files: &Files) -> Vec<PathBuf> {
    files
        .iter()
        .filter(|(rel, bytes)| std::fs::read(exercise_dir.join(rel)).ok().as_ref() != Some(*bytes))
        .map(|(rel, _)| rel.clone())
        .collect()
}

/// Files in `exercise_dir/src` that the stub does not have (kept: a reset never deletes).
fn extra_files(exercise_dir: &Path, files: &Files) -> Vec<PathBuf> {
    let mut now = Files::new();
    let _ = read_tree(exercise_dir, Path::new("src"), &mut now);
    now.into_keys().filter(|p| !files.contains_key(p)).collect()
}

/// Saves the student's versions of `changed` under `.forklings/backup/`, then writes the
/// shipped ones. Returns the backup folder.
fn restore(
    root: &Path,
    e: &Exercise,
    files: &Files,
    changed: &[PathBuf],
    lang: Lang,
) -> anyhow::Result<PathBuf> {
    let exercise_dir = root.join(e.dir(Variant::Exercise));
    let backup = root
        .join(".forklings/backup")
        .join(format!("{}-{}", e.dir_name(), state::now()));
    for rel in changed {
        let current = exercise_dir.join(rel);
        if current.exists() {
            let saved = backup.join(rel);
            std::fs::create_dir_all(saved.parent().expect("a file has a folder"))
                .and_then(|()| std::fs::copy(&current, &saved).map(|_| ()))
                .with_context(|| tr!(lang, "reset.backup_failed", path = saved.display()))?;
        }
    }
    for rel in changed {
        let target = exercise_dir.join(rel);
        std::fs::create_dir_all(target.parent().expect("a file has a folder"))
            .and_then(|()| std::fs::write(&target, &files[rel]))
            .with_context(|| tr!(lang, "reset.write_failed", path = target.display()))?;
    }
    Ok(backup)
}

/// Copies every exercise's `src/` from the workspace at `from` into the pristine folder of the
/// workspace at `to` (`.stubs/NN_slug/src/`), so that a student's `reset` restores exactly what
/// was shipped, whatever they commit. Returns the files written, relative to `to`.
pub fn write_pristine(from: &Path, to: &Path) -> std::io::Result<Vec<String>> {
    let mut written = Vec::new();
    for e in grader::catalog::all() {
        let mut files = Files::new();
        read_tree(
            &from.join(e.dir(Variant::Exercise)),
            Path::new("src"),
            &mut files,
        )?;
        for (rel, bytes) in files {
            let rel = Path::new(PRISTINE_DIR).join(e.dir_name()).join(rel);
            let target = to.join(&rel);
            std::fs::create_dir_all(target.parent().expect("a file has a folder"))?;
            std::fs::write(target, bytes)?;
            written.push(rel.to_string_lossy().into_owned());
        }
    }
    Ok(written)
}
