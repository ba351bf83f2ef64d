//! Programs kept one per file in a `src/bin/` folder that describe themselves in header lines
//! (`//! key: value`): the mutants and the hostile programs.

use std::path::Path;

pub struct Described {
    /// The binary's name (the file stem).
    pub name: String,
    text: String,
    file: String,
}

impl Described {
    /// The value of `//! key: …`, if the file has that line.
    pub fn header(&self, key: &str) -> Option<String> {
        self.text
            .lines()
            .find_map(|l| l.strip_prefix(&format!("//! {key}:")))
            .map(|v| v.trim().to_string())
    }

    /// The value of `//! key: …`; a missing or empty line fails the test, naming the file.
    pub fn required(&self, key: &str) -> String {
        self.header(key)
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| panic!("{} has no `//! {key}:` line", self.file))
    }
}

/// Every `*.rs` in `dir`, by name.
pub fn described_programs(dir: &Path) -> Vec<Described> {
    let mut found: Vec<Described> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .map(|path| Described {
            name: path.file_stem().unwrap().to_string_lossy().into_owned(),
            text: std::fs::read_to_string(&path).unwrap(),
            file: path.display().to_string(),
        })
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found
}
