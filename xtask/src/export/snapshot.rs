//! The teacher's repo as committed: what `export-student` and the Gradescope bundle take. The
//! contents come from git's `HEAD`, never from the working tree, so a solution copied into
//! `exercises/` to try it, an edit not yet committed, or an untracked file (`my-variants.toml`)
//! never reaches students. What differs in the working tree is listed, so the teacher sees
//! what did not go.

use std::io::{Read as _, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, bail};
use grader::t;

/// One committed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Relative, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
    /// Committed with mode 100755.
    pub executable: bool,
}

/// A working-tree path that is not as committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Uncommitted {
    /// Changed since the commit (staged or not): the committed version is taken.
    Modified,
    /// Deleted from the working tree: the committed version is taken all the same.
    Deleted,
    /// Added to the index, never committed: not taken.
    Added,
    /// Not known to git: never taken.
    Untracked,
}

/// The repo at `HEAD`.
#[derive(Debug)]
pub struct Snapshot {
    /// `HEAD`, abbreviated.
    pub commit: String,
    /// Every committed regular file, in path order.
    pub files: Vec<File>,
    /// Committed entries that are not regular files (symbolic links, submodules): never taken.
    pub skipped: Vec<String>,
    /// Paths of the working tree that are not as committed (ignored files are not listed).
    pub uncommitted: Vec<(String, Uncommitted)>,
}

fn git(root: &Path, args: &[&str]) -> anyhow::Result<Vec<u8>> {
    let out = Command::new("git")
        .current_dir(root)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .with_context(|| t!("snapshot.no_git", dir = root.display()))?;
    if !out.status.success() {
        bail!(t!(
            "snapshot.git_failed",
            command = args.join(" "),
            dir = root.display(),
            error = String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out.stdout)
}

/// The repo at `root` as committed at `HEAD`.
pub fn head(root: &Path) -> anyhow::Result<Snapshot> {
    // The top of a work tree, and this one: a folder inside another repo is not a repo.
    let top = Command::new("git")
        .current_dir(root)
        .args(["rev-parse", "--show-toplevel"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    let is_top = top.is_ok_and(|o| {
        o.status.success()
            && Path::new(String::from_utf8_lossy(&o.stdout).trim())
                .canonicalize()
                .ok()
                == root.canonicalize().ok()
    });
    if !is_top {
        bail!(t!("snapshot.not_a_repo", dir = root.display()));
    }
    let commit = git(
        root,
        &["rev-parse", "--verify", "--quiet", "--short", "HEAD"],
    )
    .map_err(|_| anyhow::anyhow!(t!("snapshot.no_commit", dir = root.display())))?;
    let commit = String::from_utf8_lossy(&commit).trim().to_string();

    // `<mode> <type> <object>\t<path>\0`, every entry of the tree, recursively.
    let listing = git(root, &["ls-tree", "-r", "-z", "--full-tree", "HEAD"])?;
    let mut wanted = Vec::new();
    let mut skipped = Vec::new();
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let meta: Vec<&str> = meta.split(' ').collect();
        match meta.as_slice() {
            [mode @ ("100644" | "100755"), "blob", object] => {
                wanted.push((path.to_string(), object.to_string(), *mode == "100755"))
            }
            _ => skipped.push(path.to_string()),
        }
    }
    let contents = blobs(root, wanted.iter().map(|(_, object, _)| object.as_str()))?;
    let files = wanted
        .into_iter()
        .zip(contents)
        .map(|((path, _, executable), bytes)| File {
            path,
            bytes,
            executable,
        })
        .collect();

    // `XY <path>\0` per path that differs (no renames: a rename is a deletion and an addition).
    let status = git(
        root,
        &[
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--no-renames",
        ],
    )?;
    let mut uncommitted = Vec::new();
    for entry in status.split(|b| *b == 0).filter(|e| e.len() > 3) {
        let (xy, path) = (
            &entry[..2],
            String::from_utf8_lossy(&entry[3..]).into_owned(),
        );
        let state = match xy {
            b"??" => Uncommitted::Untracked,
            [b'A', _] => Uncommitted::Added,
            [_, b'D'] | [b'D', _] => Uncommitted::Deleted,
            _ => Uncommitted::Modified,
        };
        uncommitted.push((path, state));
    }
    Ok(Snapshot {
        commit,
        files,
        skipped,
        uncommitted,
    })
}

/// The contents of the `objects` (blob ids), in order, through one `git cat-file --batch`.
fn blobs<'a>(root: &Path, objects: impl Iterator<Item = &'a str>) -> anyhow::Result<Vec<Vec<u8>>> {
    let request: String = objects.map(|o| format!("{o}\n")).collect();
    let mut child = Command::new("git")
        .current_dir(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| t!("snapshot.no_git", dir = root.display()))?;
    let mut stdin = child.stdin.take().expect("piped");
    // Written from another thread: git answers while it reads, and a full pipe would block both.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut answer = Vec::new();
    child
        .stdout
        .take()
        .expect("piped")
        .read_to_end(&mut answer)
        .context("git cat-file")?;
    let _ = writer.join();
    let status = child.wait().context("git cat-file")?;
    if !status.success() {
        bail!(t!(
            "snapshot.git_failed",
            command = "cat-file --batch",
            dir = root.display(),
            error = status
        ));
    }
    // `<object> <type> <size>\n<contents>\n` per object.
    let mut out = Vec::new();
    let mut rest = answer.as_slice();
    while !rest.is_empty() {
        let newline = rest.iter().position(|b| *b == b'\n').unwrap_or(rest.len());
        let header = String::from_utf8_lossy(&rest[..newline]).into_owned();
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .with_context(|| format!("git cat-file: unexpected answer '{header}'"))?;
        let body = rest
            .get(newline + 1..newline + 1 + size)
            .with_context(|| format!("git cat-file: '{header}' is cut short"))?;
        out.push(body.to_vec());
        rest = rest.get(newline + 2 + size..).unwrap_or_default();
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A scratch git repo, or `None` (with a note) where git is missing.
    pub(crate) fn repo(name: &str) -> Option<PathBuf> {
        if Command::new("git").arg("--version").output().is_err() {
            eprintln!("note: git is not installed here: this test is skipped");
            return None;
        }
        let dir =
            std::env::temp_dir().join(format!("forklings-snapshot-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        git(&dir, &["init", "-q"]).unwrap();
        Some(dir)
    }

    pub(crate) fn commit(dir: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        git(dir, &["add", "-A"]).unwrap();
        git(
            dir,
            &[
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@localhost",
                "-c",
                "commit.gpgsign=false",
                "commit",
                "-q",
                "-m",
                "c",
            ],
        )
        .unwrap();
    }

    #[test]
    fn committed_contents_are_taken_and_the_working_tree_is_only_listed() {
        let Some(dir) = repo("head") else { return };
        let err = head(&dir).unwrap_err().to_string();
        assert!(err.contains("no commit"), "{err}");
        std::fs::write(dir.join("run.sh"), "#!/bin/sh").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.join("run.sh"), std::fs::Permissions::from_mode(0o755))
            .unwrap();
        commit(
            &dir,
            &[
                ("exercises/01_x/src/main.rs", "stub"),
                ("gone.txt", "committed"),
            ],
        );
        // A solution copied over the stub, a deleted file, a staged new one, an untracked one.
        std::fs::write(dir.join("exercises/01_x/src/main.rs"), "solution").unwrap();
        std::fs::remove_file(dir.join("gone.txt")).unwrap();
        std::fs::write(dir.join("staged.txt"), "staged").unwrap();
        git(&dir, &["add", "staged.txt"]).unwrap();
        std::fs::write(dir.join("my-variants.toml"), "[[variant]]").unwrap();

        let snap = head(&dir).unwrap();
        assert!(!snap.commit.is_empty());
        let files: Vec<(&str, &[u8], bool)> = snap
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.bytes.as_slice(), f.executable))
            .collect();
        assert_eq!(
            files,
            [
                ("exercises/01_x/src/main.rs", &b"stub"[..], false),
                ("gone.txt", b"committed", false),
                ("run.sh", b"#!/bin/sh", true),
            ]
        );
        let mut uncommitted = snap.uncommitted.clone();
        uncommitted.sort();
        assert_eq!(
            uncommitted,
            [
                (
                    "exercises/01_x/src/main.rs".to_string(),
                    Uncommitted::Modified
                ),
                ("gone.txt".to_string(), Uncommitted::Deleted),
                ("my-variants.toml".to_string(), Uncommitted::Untracked),
                ("staged.txt".to_string(), Uncommitted::Added),
            ]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_folder_that_is_not_the_top_of_a_git_repo_is_refused_with_what_to_do() {
        let dir =
            std::env::temp_dir().join(format!("forklings-snapshot-none-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let err = head(&dir).unwrap_err().to_string();
        assert!(err.contains("git init"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
        // Nor is a folder inside one.
        let Some(repo) = repo("inside") else { return };
        commit(&repo, &[("sub/a.txt", "a")]);
        let err = head(&repo.join("sub")).unwrap_err().to_string();
        assert!(err.contains("git init"), "{err}");
        let _ = std::fs::remove_dir_all(&repo);
    }
}
