//! `cargo xtask reset ID [--yes]`: puts an exercise's `src/` back as it was shipped, after
//! saving the student's version to `.forklings/backup/`, and forgets the exercise's scores in
//! `.forklings/state.json` (so `list` says "not started" again; the hints seen are kept).
//!
//! Where "as shipped" comes from, in order:
//!
//! 1. the pristine copy the repo keeps, `.stubs/NN_slug/src/`: committed in the teacher's repo
//!    beside `exercises/` (`cargo xtask verify` fails when the two differ) and written by
//!    `export-student` (from the committed `.stubs/`), so every clone has it;
//! 2. git, when a repo has no pristine copy: the folder as the *first* commit that touched it
//!    has it (`git log --reverse -- exercises/NN_slug/src`).
//!
//! Git `HEAD` is never the source: once a student commits their work (GitHub Classroom has them
//! push to be graded), `HEAD` holds their solution, and reset would find nothing to do. The
//! first commit is what a student repo was created with (one commit by `export-student`, or
//! the template's history); in the teacher's own history it may be an older draft, which is
//! why the teacher's repo keeps `.stubs/`. The message says which source was used.

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
        forget_scores(&root, e, lang);
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
    forget_scores(&root, e, lang);
    Ok(ExitCode::SUCCESS)
}

/// The stub is back: the exercise's recorded scores go, so `list` and `watch` say it is not
/// started. A state file that cannot be written is a warning, not a failed reset.
fn forget_scores(root: &Path, e: &Exercise, lang: Lang) {
    let Ok(mut state) = state::State::read(root) else {
        return;
    };
    if state.forget_scores(e) {
        match state.save(root) {
            Ok(()) => println!("{}", tr!(lang, "reset.scores_forgotten", id = e.id)),
            Err(err) => eprintln!(
                "{}",
                tr!(lang, "reset.state_not_saved", error = format!("{err:#}"))
            ),
        }
    }
}

/// The shipped `src/` of `e`: from the pristine copy, else from the first commit of git that
/// touched it.
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
    let src = format!("{dir}/src");
    // The first commit that touched the folder: what the repo was created with.
    let history =
        git(root, &["log", "--reverse", "--format=%H", "--", &src]).with_context(no_source)?;
    let history = String::from_utf8_lossy(&history);
    let Some(first) = history.lines().next().map(str::to_string) else {
        anyhow::bail!(no_source());
    };
    let listing = git(
        root,
        &["ls-tree", "-r", "-z", "--name-only", &first, "--", &src],
    )
    .with_context(no_source)?;
    let mut files = Files::new();
    for path in listing.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let path = String::from_utf8_lossy(path).into_owned();
        let bytes = git(root, &["show", &format!("{first}:{path}")]).with_context(no_source)?;
        let rel = Path::new(&path)
            .strip_prefix(&dir)
            .expect("git lists paths under the folder asked")
            .to_path_buf();
        files.insert(rel, bytes);
    }
    if files.is_empty() {
        anyhow::bail!(no_source());
    }
    let commit = first.chars().take(7).collect();
    Ok((files, Source::Git { commit }))
}

/// For `verify` in the teacher's repo: the files in which the pristine copy of `e` and its
/// stub in `exercises/` differ (missing on either side, or changed), `None` when they agree.
pub fn pristine_differs(root: &Path, e: &Exercise) -> Option<String> {
    let mut pristine = Files::new();
    let _ = read_tree(
        &root.join(PRISTINE_DIR).join(e.dir_name()),
        Path::new("src"),
        &mut pristine,
    );
    let mut stub = Files::new();
    let _ = read_tree(
        &root.join(e.dir(Variant::Exercise)),
        Path::new("src"),
        &mut stub,
    );
    if pristine == stub {
        return None;
    }
    let mut names: Vec<String> = pristine
        .keys()
        .chain(stub.keys())
        .filter(|k| pristine.get(*k) != stub.get(*k))
        .map(|k| k.display().to_string())
        .collect();
    names.sort();
    names.dedup();
    Some(names.join(", "))
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
