//! Tampering: the files a student must not change (the grader, xtask, the workspace manifest,
//! the exercises' manifests) compared with the teacher's template. A grade run given
//! `--template DIR` refuses to grade a repo where they differ, and says which files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Top-level files that are protected.
const FILES: &[&str] = &["Cargo.toml", ".cargo/config.toml"];
/// Folders that are protected whole.
const DIRS: &[&str] = &["grader", "xtask"];

/// The teacher's side of the kit, which a student repo does not have (`cargo xtask
/// export-student` leaves it out, and the comparison with a template ignores it): solutions and
/// mutants, the tests that need them (a test that reads `solutions/` goes here, or the student
/// repo's `cargo test --workspace` fails), the teacher's CI, hidden variants (the rule: in
/// `hidden/` or named `*.hidden.toml`; `export-student` refuses a committed TOML file elsewhere
/// that holds `[[variant]]` tables), the architecture notes of the whole kit. A pattern
/// ending in `/` is a top-level folder; one with a `/` is a path from the root; one without is a
/// file name at any depth; `*` stands for any characters but `/`.
pub const TEACHER_ONLY: &[&str] = &[
    "solutions/",
    ".ci/",
    "hidden/",
    "*.hidden.toml",
    "ARCHITECTURE.md",
    "scripts/demo-class.sh",
    ".github/workflows/grade-class.yml",
    ".gitlab/grade-class.yml",
    "grader/tests/mutants.rs",
    "grader/tests/hidden.rs",
    "grader/tests/timeouts.rs",
    "grader/tests/snapshots/timeouts__*",
    "grader/tests/snapshots/hidden__*",
    "grader/tests/snapshots/italian__m06_*",
    "xtask/tests/teacher.rs",
    "xtask/tests/class.rs",
    "xtask/tests/export.rs",
    "xtask/tests/init_ci.rs",
    "xtask/tests/snapshots/teacher__*",
    "xtask/tests/snapshots/class__*",
    "xtask/tests/snapshots/export__*",
    "xtask/tests/snapshots/init_ci__*",
];

/// Whether `path` (relative, `/`-separated) is on the teacher's side: see [`TEACHER_ONLY`].
pub fn teacher_only(path: &str) -> bool {
    TEACHER_ONLY.iter().any(|p| matches_pattern(p, path))
}

/// Whether `path` matches one pattern of [`TEACHER_ONLY`].
pub fn matches_pattern(pattern: &str, path: &str) -> bool {
    fn wildcard(pattern: &[u8], text: &[u8]) -> bool {
        match pattern.split_first() {
            None => text.is_empty(),
            Some((b'*', rest)) => (0..=text.len())
                .take_while(|&i| i == 0 || text[i - 1] != b'/')
                .any(|i| wildcard(rest, &text[i..])),
            Some((c, rest)) => text.first() == Some(c) && wildcard(rest, &text[1..]),
        }
    }
    if let Some(dir) = pattern.strip_suffix('/') {
        path.split('/').next() == Some(dir) && path.len() > dir.len()
    } else if pattern.contains('/') {
        wildcard(pattern.as_bytes(), path.as_bytes())
    } else {
        let name = path.rsplit('/').next().unwrap_or(path);
        wildcard(pattern.as_bytes(), name.as_bytes())
    }
}

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
            Change::Modified(p) => f.write_str(&crate::t!("tamper.modified", path = p)),
            Change::Missing(p) => f.write_str(&crate::t!("tamper.missing", path = p)),
            Change::Added(p) => f.write_str(&crate::t!("tamper.added", path = p)),
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

/// The protected files present under `root`, as relative paths (the teacher-only ones left
/// out, so a student repo compares equal to the teacher's own repo).
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
    files.retain(|f| !teacher_only(f));
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

/// Macros that read a file at compile time, and the attribute that picks a module's file.
const READERS: &[&str] = &["include!", "include_str!", "include_bytes!", "#[path"];

/// Compile-time reads must name a plain relative path that stays inside `src/`: anything else
/// (an absolute path, `..`, a path built by `concat!`/`env!`) could read the teacher's files.
pub fn check_includes(text: &str) -> Result<(), String> {
    for reader in READERS {
        let mut rest = text;
        while let Some(at) = rest.find(reader) {
            let after = rest[at + reader.len()..].trim_start();
            let after = after
                .strip_prefix('(')
                .or_else(|| after.strip_prefix('='))
                .map(str::trim_start)
                .unwrap_or(after);
            let literal = after
                .strip_prefix('"')
                .and_then(|s| s.split_once('"'))
                .map(|(lit, _)| lit);
            match literal {
                Some(lit) if !lit.starts_with('/') && !lit.split('/').any(|p| p == "..") => {}
                Some(lit) => {
                    return Err(crate::t!(
                        "tamper.include_outside",
                        reader = reader,
                        path = lit
                    ));
                }
                None => {
                    return Err(crate::t!("tamper.include_not_literal", reader = reader));
                }
            }
            rest = &rest[at + reader.len()..];
        }
    }
    Ok(())
}

/// Checks every `.rs` file under an exercise's `src` (links are not followed) with
/// [`check_includes`]; the error names the file.
pub fn scan_sources(src: &Path) -> Result<(), String> {
    fn walk(dir: &Path, rel: &str) -> Result<(), String> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(()); // a missing src is the build's verdict to give
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{rel}/{name}");
            let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
                continue;
            };
            if meta.is_dir() {
                walk(&entry.path(), &rel)?;
            } else if meta.is_file() && name.ends_with(".rs") {
                let text = std::fs::read(entry.path()).unwrap_or_default();
                check_includes(&String::from_utf8_lossy(&text))
                    .map_err(|why| format!("{rel}: {why}"))?;
            }
        }
        Ok(())
    }
    walk(src, "src")
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

    #[test]
    fn teacher_only_paths() {
        for p in [
            "solutions/06_shared_counter/src/main.rs",
            ".ci/run",
            "hidden/variants.toml",
            "class.hidden.toml",
            "docs/06.hidden.toml",
            "hidden/example.toml",
            "ARCHITECTURE.md",
            "grader/tests/mutants.rs",
            "xtask/tests/teacher.rs",
            "xtask/tests/snapshots/teacher__solution_06.snap",
        ] {
            assert!(teacher_only(p), "{p}");
        }
        for p in [
            "solutions",
            "solutions.md",
            "exercises/06_shared_counter/src/main.rs",
            "grader/src/hidden.rs",
            "grader/src/hidden/parse.rs",
            "grader/tests/hostile.rs",
            "xtask/tests/grade.rs",
            "xtask/tests/snapshots/grade__stub_06.snap",
            "docs/variants.toml",
            "a.hidden.toml/x",
        ] {
            assert!(!teacher_only(p), "{p}");
        }
    }

    #[test]
    fn a_student_repo_compares_equal_to_the_teachers_repo() {
        let base =
            std::env::temp_dir().join(format!("forklings-tamper-teacher-{}", std::process::id()));
        let (teacher, student) = (base.join("teacher"), base.join("student"));
        let common = [
            ("Cargo.toml", "[workspace]"),
            ("grader/src/check.rs", "fn check() {}"),
            ("xtask/tests/grade.rs", "#[test] fn t() {}"),
        ];
        tree(&teacher, &common);
        tree(
            &teacher,
            &[
                ("grader/tests/mutants.rs", "mutants"),
                ("xtask/tests/teacher.rs", "solutions"),
                ("xtask/tests/snapshots/teacher__solution_06.snap", "snap"),
            ],
        );
        tree(&student, &common);
        assert_eq!(compare(&student, &teacher), []);
        let _ = std::fs::remove_dir_all(&base);
    }

    #[test]
    fn includes_inside_src_are_fine() {
        assert!(check_includes("fn main() {}").is_ok());
        assert!(check_includes(r#"const T: &str = include_str!("data/table.txt");"#).is_ok());
        assert!(check_includes("#[path = \"helpers/io.rs\"]\nmod io;").is_ok());
    }

    #[test]
    fn includes_outside_src_are_refused() {
        for bad in [
            r#"include!("/work/main/solutions/06_shared_counter/src/main.rs");"#,
            r#"const S: &str = include_str!("../../../solutions/06_shared_counter/src/main.rs");"#,
            r#"include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/x"))"#,
            "#[path = \"/etc/passwd\"]\nmod p;",
            "#[path = \"a/../../b.rs\"]\nmod p;",
        ] {
            assert!(check_includes(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sources_are_scanned_file_by_file() {
        let dir = std::env::temp_dir().join(format!("forklings-scan-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src/sub")).unwrap();
        std::fs::write(dir.join("src/main.rs"), "mod sub;\nfn main() {}").unwrap();
        std::fs::write(dir.join("src/sub/mod.rs"), "// fine").unwrap();
        assert_eq!(scan_sources(&dir.join("src")), Ok(()));
        std::fs::write(
            dir.join("src/sub/mod.rs"),
            "const S: &str = include_str!(\"/etc/hostname\");",
        )
        .unwrap();
        let err = scan_sources(&dir.join("src")).unwrap_err();
        assert!(err.starts_with("src/sub/mod.rs: include_str!"), "{err}");
        assert_eq!(scan_sources(&dir.join("missing")), Ok(()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
