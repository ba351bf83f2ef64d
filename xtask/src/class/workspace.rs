//! The class workspace: one Cargo workspace (under the teacher's target dir) holding one crate per
//! distinct submission of an exercise. Its manifest is the teacher's, so every crate has the
//! teacher's dependencies and lock file; only `src/` comes from the student. One `cargo build`
//! compiles them all, the dependencies once, equal sources once, and a crate that does not
//! compile stops no other.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use grader::build::{self, Built};
use grader::check::{Exercise, Variant};
use grader::t;

use super::sources::Sources;

pub struct ClassWorkspace {
    pub dir: PathBuf,
    /// Package name → sources, for the crates of this grading.
    crates: BTreeMap<String, Sources>,
    /// Held while the workspace is in use: two class gradings never share it.
    _lock: nix::fcntl::Flock<std::fs::File>,
}

/// The teacher's target dir (`CARGO_TARGET_DIR`, else `<root>/target`).
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

impl ClassWorkspace {
    /// Opens (creating it if needed) the class workspace of the teacher's repo at `root`.
    pub fn open(root: &Path) -> anyhow::Result<ClassWorkspace> {
        let dir = target_dir(root).join("forklings-class");
        std::fs::create_dir_all(dir.join("crates"))
            .with_context(|| t!("class.workspace_create", dir = dir.display()))?;
        let lock_file = std::fs::File::create(dir.join(".lock"))
            .with_context(|| t!("io.creating", path = dir.join(".lock").display()))?;
        let lock = nix::fcntl::Flock::lock(lock_file, nix::fcntl::FlockArg::LockExclusiveNonblock)
            .map_err(|(_, e)| {
                anyhow::anyhow!(t!("class.workspace_busy", dir = dir.display(), error = e))
            })?;
        let manifest = std::fs::read_to_string(root.join("Cargo.toml"))
            .with_context(|| t!("class.read_manifest"))?;
        std::fs::write(dir.join("Cargo.toml"), class_manifest(&manifest)?)
            .with_context(|| t!("class.write_manifest"))?;
        if let Ok(lock) = std::fs::read(root.join("Cargo.lock")) {
            std::fs::write(dir.join("Cargo.lock"), lock).with_context(|| t!("class.copy_lock"))?;
        }
        Ok(ClassWorkspace {
            dir,
            crates: BTreeMap::new(),
            _lock: lock,
        })
    }

    /// Adds one submission of `e` and returns its package name (equal sources: one crate).
    pub fn add(&mut self, root: &Path, e: &Exercise, sources: &Sources) -> anyhow::Result<String> {
        let package = format!("c{}_{}", e.id, &sources.digest(e.id)[..20]);
        if self.crates.contains_key(&package) {
            return Ok(package);
        }
        let crate_dir = self.dir.join("crates").join(&package);
        let manifest_path = root.join(e.dir(Variant::Exercise)).join("Cargo.toml");
        let manifest = std::fs::read_to_string(&manifest_path)
            .with_context(|| t!("io.reading", path = manifest_path.display()))?;
        let original = format!("name = \"{}\"", e.package(Variant::Exercise));
        anyhow::ensure!(
            manifest.contains(&original),
            t!(
                "class.manifest_without_name",
                path = manifest_path.display(),
                name = original
            )
        );
        let manifest = manifest.replacen(&original, &format!("name = \"{package}\""), 1);
        // Rewrite every time: a crate left by an earlier grading may be incomplete.
        let _ = std::fs::remove_dir_all(&crate_dir);
        sources
            .write(&crate_dir.join("src"))
            .with_context(|| t!("class.write_sources", dir = crate_dir.display()))?;
        std::fs::write(crate_dir.join("Cargo.toml"), manifest)
            .with_context(|| t!("io.writing", path = crate_dir.join("Cargo.toml").display()))?;
        self.crates.insert(package.clone(), sources.clone());
        Ok(package)
    }

    /// Removes crates of earlier gradings, then builds every crate added.
    pub fn build(&self) -> anyhow::Result<Built> {
        if let Ok(entries) = std::fs::read_dir(self.dir.join("crates")) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if !self.crates.contains_key(&name) {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
        let packages: Vec<String> = self.crates.keys().cloned().collect();
        if packages.is_empty() {
            return Ok(Built::default());
        }
        build::build(&self.dir, &packages)
    }

    pub fn crates(&self) -> usize {
        self.crates.len()
    }
}

/// The teacher's workspace manifest with the class crates as its members, and no debug info
/// (faster links, binaries a tenth the size; panics still name file and line).
pub fn class_manifest(teacher: &str) -> anyhow::Result<String> {
    let members = teacher
        .lines()
        .find(|l| l.trim_start().starts_with("members"))
        .with_context(|| t!("class.no_members"))?;
    let mut manifest = teacher.replacen(members, "members = [\"crates/*\"]", 1);
    if !manifest.contains("[profile.dev]") {
        manifest.push_str("\n[profile.dev]\ndebug = false\n");
    }
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_class_manifest_keeps_the_teachers_dependencies() {
        let teacher = include_str!("../../../Cargo.toml");
        let m = class_manifest(teacher).unwrap();
        assert!(m.contains("members = [\"crates/*\"]"));
        assert!(!m.contains("solutions/*"));
        assert!(m.contains("[workspace.dependencies]"));
        assert!(m.contains("shared_memory"));
        assert!(m.contains("debug = false"));
        assert!(class_manifest("[package]\nname = \"x\"\n").is_err());
    }
}
