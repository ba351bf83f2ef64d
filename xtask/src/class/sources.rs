//! A student's sources, as grade-class takes them: only `exercises/NN_slug/src/**`, regular files
//! only (a symlink could point at the teacher's solutions), bounded in size, and with no
//! compile-time reads outside that folder (`include_str!("/…")`, `#[path = "../…"]`).

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;

use grader::t;

/// Largest total size of one exercise's sources.
const MAX_BYTES: u64 = 1 << 20;

/// One exercise's sources: relative path → contents.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sources {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Symlinks found and left out (shown as a note).
    pub skipped: Vec<String>,
}

impl Sources {
    /// Reads `src` (a student's `exercises/NN_slug/src`), or says why it cannot be graded.
    pub fn read(src: &Path) -> Result<Sources, String> {
        if !src.is_dir() {
            return Err(t!("class.src_missing", path = shown(src)));
        }
        let mut sources = Sources {
            files: BTreeMap::new(),
            skipped: Vec::new(),
        };
        let mut total = 0;
        walk(src, "", &mut sources, &mut total)?;
        if !sources.files.contains_key("main.rs") {
            if sources.skipped.iter().any(|s| s == "src/main.rs") {
                return Err(t!("class.main_symlink", dir = shown(src)));
            }
            return Err(t!("class.main_missing", dir = shown(src)));
        }
        for (path, text) in &sources.files {
            if path.ends_with(".rs") {
                grader::tamper::check_includes(&String::from_utf8_lossy(text))
                    .map_err(|why| format!("src/{path}: {why}"))?;
            }
        }
        Ok(sources)
    }

    /// A 128-bit digest of the exercise id and the sources: equal sources build once.
    pub fn digest(&self, exercise: &str) -> String {
        let half = |salt: u64| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            salt.hash(&mut h);
            exercise.hash(&mut h);
            self.files.hash(&mut h);
            h.finish()
        };
        format!("{:016x}{:016x}", half(1), half(2))
    }

    /// Writes the sources under `dir` (which must not exist yet).
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        for (path, bytes) in &self.files {
            let target = dir.join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(target, bytes)?;
        }
        Ok(())
    }
}

fn shown(p: &Path) -> String {
    let parts: Vec<_> = p.components().rev().take(3).collect();
    parts
        .into_iter()
        .rev()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn walk(dir: &Path, rel: &str, out: &mut Sources, total: &mut u64) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| t!("class.cannot_read", path = rel, error = e))?;
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        let meta = std::fs::symlink_metadata(entry.path())
            .map_err(|e| t!("class.cannot_read", path = path, error = e))?;
        if meta.file_type().is_symlink() {
            out.skipped.push(format!("src/{path}"));
        } else if meta.is_dir() {
            walk(&entry.path(), &path, out, total)?;
        } else if meta.is_file() {
            *total += meta.len();
            if *total > MAX_BYTES {
                return Err(t!("class.too_large", kib = MAX_BYTES / 1024));
            }
            let bytes = std::fs::read(entry.path())
                .map_err(|e| t!("class.cannot_read", path = path, error = e))?;
            out.files.insert(path, bytes);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_skip_symlinks_and_digest_by_content() {
        let dir = std::env::temp_dir().join(format!("forklings-sources-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("a/src/sub")).unwrap();
        std::fs::write(dir.join("a/src/main.rs"), "fn main() {}").unwrap();
        std::fs::write(dir.join("a/src/sub/x.rs"), "// x").unwrap();
        std::os::unix::fs::symlink("/etc/hostname", dir.join("a/src/link.rs")).unwrap();
        let s = Sources::read(&dir.join("a/src")).unwrap();
        assert_eq!(s.files.keys().collect::<Vec<_>>(), ["main.rs", "sub/x.rs"]);
        assert_eq!(s.skipped, ["src/link.rs"]);
        assert_eq!(s.digest("06"), s.clone().digest("06"));
        assert_ne!(s.digest("06"), s.digest("05"));
        let mut other = s.clone();
        other
            .files
            .insert("main.rs".into(), b"fn main() { }".to_vec());
        assert_ne!(s.digest("06"), other.digest("06"));
        assert!(Sources::read(&dir.join("missing")).is_err());
        std::fs::remove_file(dir.join("a/src/main.rs")).unwrap();
        std::os::unix::fs::symlink(dir.join("a/src/sub/x.rs"), dir.join("a/src/main.rs")).unwrap();
        assert!(
            Sources::read(&dir.join("a/src"))
                .unwrap_err()
                .contains("main.rs is a symlink")
        );
        std::fs::remove_file(dir.join("a/src/main.rs")).unwrap();
        assert!(
            Sources::read(&dir.join("a/src"))
                .unwrap_err()
                .contains("main.rs is missing")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
