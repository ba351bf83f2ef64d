//! Tampering: the files a student must not change (the grader, xtask, the workspace manifest,
//! the exercises' manifests) compared with the teacher's template. A grade run given
//! `--template DIR` refuses to grade a repo where they differ, and says which files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Top-level files that are protected.
const FILES: &[&str] = &["Cargo.toml", ".cargo/config.toml"];
/// Folders that are protected whole.
const DIRS: &[&str] = &["grader", "xtask"];

/// How a protected file differs from the template.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Modified(String),
    Missing(String),
    Added(String),
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Modified(p) => write!(f, "modified: {p}"),
            Change::Missing(p) => write!(f, "missing: {p}"),
            Change::Added(p) => write!(f, "added: {p}"),
        }
    }
}

fn walk(root: &Path, rel: &Path, out: &mut BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(root.join(rel)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name == "target" || name.to_string_lossy().ends_with(".snap.new") {
            continue;
        }
        let path = rel.join(&name);
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(root, &path, out),
            Ok(_) => {
                out.insert(path.to_string_lossy().into_owned());
            }
            Err(_) => {}
        }
    }
}

/// The protected files present under `root`, as relative paths.
pub fn protected_files(root: &Path) -> BTreeSet<String> {
    let mut files = BTreeSet::new();
    for f in FILES {
        if root.join(f).is_file() {
            files.insert(f.to_string());
        }
    }
    for d in DIRS {
        walk(root, Path::new(d), &mut files);
    }
    if let Ok(exercises) = std::fs::read_dir(root.join("exercises")) {
        for e in exercises.flatten() {
            let manifest: PathBuf = Path::new("exercises")
                .join(e.file_name())
                .join("Cargo.toml");
            if root.join(&manifest).is_file() {
                files.insert(manifest.to_string_lossy().into_owned());
            }
        }
    }
    files
}

/// Every protected file of `repo` that differs from `template`, in path order.
pub fn compare(repo: &Path, template: &Path) -> Vec<Change> {
    let mine = protected_files(repo);
    let theirs = protected_files(template);
    let mut changes = Vec::new();
    for path in theirs.union(&mine) {
        match (theirs.contains(path), mine.contains(path)) {
            (true, false) => changes.push(Change::Missing(path.clone())),
            (false, true) => changes.push(Change::Added(path.clone())),
            _ => {
                let a = std::fs::read(template.join(path)).ok();
                let b = std::fs::read(repo.join(path)).ok();
                if a != b {
                    changes.push(Change::Modified(path.clone()));
                }
            }
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(dir: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
    }

    #[test]
    fn finds_modified_missing_and_added_protected_files_only() {
        let base = std::env::temp_dir().join(format!("forklings-tamper-{}", std::process::id()));
        let (template, repo) = (base.join("template"), base.join("repo"));
        let common = [
            ("Cargo.toml", "[workspace]"),
            ("grader/src/check.rs", "fn check() {}"),
            ("xtask/src/main.rs", "fn main() {}"),
            ("exercises/06_x/Cargo.toml", "[package]"),
            ("exercises/06_x/src/main.rs", "stub"),
        ];
        tree(&template, &common);
        tree(&template, &[("grader/src/gone.rs", "x")]);
        tree(&repo, &common);
        tree(&repo, &[("grader/src/gone.rs", "x")]);
        assert!(compare(&repo, &template).is_empty());
        std::fs::remove_file(repo.join("grader/src/gone.rs")).unwrap();

        tree(
            &repo,
            &[
                ("grader/src/check.rs", "fn check() { /* always pass */ }"),
                ("exercises/06_x/src/main.rs", "the student's work"),
                ("exercises/06_x/Cargo.toml", "[package] # more deps"),
                ("xtask/src/extra.rs", "x"),
                ("grader/target/debug/junk", "built"),
            ],
        );
        let changes: Vec<String> = compare(&repo, &template)
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(
            changes,
            [
                "modified: exercises/06_x/Cargo.toml",
                "modified: grader/src/check.rs",
                "missing: grader/src/gone.rs",
                "added: xtask/src/extra.rs",
            ]
        );
        let _ = std::fs::remove_dir_all(&base);
    }
}
