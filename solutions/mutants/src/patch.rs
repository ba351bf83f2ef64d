//! A mutant is its solution plus exact edits. This module reads a mutant file
//! (`src/bin/mNN_name.rs`: `//!` header lines, a story, then ```` ```find ```` / ```` ```replace ````
//! blocks) and applies its edits to `solutions/NN_slug/src/main.rs`.
//!
//! Used by `build.rs` (which writes each mutant's program into `OUT_DIR`) and by the `mutants`
//! binary (`cargo run -p mutants -- write-sources DIR`, for tests and scripts that need a
//! mutant's source as a student would submit it). Plain std: a build script can include it.

use std::fmt;
use std::path::{Path, PathBuf};

/// One mutant as its file describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mutant {
    /// The binary's name, from the file name: `m02_reads_one_fewer`.
    pub name: String,
    /// `mutant-of:` — the exercise id, `02`.
    pub of: String,
    /// `must-fail:` — the checks it must fail.
    pub must_fail: Vec<String>,
    pub edits: Vec<Edit>,
}

/// Replace the one occurrence of `find` by `replace`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub find: String,
    pub replace: String,
}

/// What went wrong, naming the mutant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchError {
    pub mutant: String,
    pub what: String,
}

impl fmt::Display for PatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "mutant {}: {}", self.mutant, self.what)
    }
}

impl std::error::Error for PatchError {}

fn error(mutant: &str, what: impl Into<String>) -> PatchError {
    PatchError {
        mutant: mutant.to_string(),
        what: what.into(),
    }
}

/// Reads a mutant file. Its `//!` lines hold `mutant-of:`, `must-fail:`, the story, and the
/// edits: a ```` ```find ```` block (the text to find, with the `//! ` prefix removed, exact
/// indentation kept) followed by a ```` ```replace ```` block.
pub fn parse(name: &str, text: &str) -> Result<Mutant, PatchError> {
    let doc: Vec<&str> = text
        .lines()
        .filter_map(|l| {
            l.strip_prefix("//! ")
                .or_else(|| (l == "//!").then_some(""))
        })
        .collect();
    let header = |key: &str| {
        doc.iter()
            .find_map(|l| l.strip_prefix(&format!("{key}:")))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| error(name, format!("no `//! {key}:` line")))
    };
    let of = header("mutant-of")?;
    let must_fail = header("must-fail")?
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();

    let mut edits = Vec::new();
    let mut pending_find: Option<String> = None;
    let mut lines = doc.iter();
    while let Some(line) = lines.next() {
        let kind = match line.trim_end() {
            "```find" => "find",
            "```replace" => "replace",
            _ => continue,
        };
        let mut block = String::new();
        let mut closed = false;
        for l in lines.by_ref() {
            if l.trim_end() == "```" {
                closed = true;
                break;
            }
            block.push_str(l);
            block.push('\n');
        }
        if !closed {
            return Err(error(name, format!("a ```{kind} block is never closed")));
        }
        match (kind, pending_find.take()) {
            ("find", None) => {
                if block.trim().is_empty() {
                    return Err(error(name, "an empty ```find block"));
                }
                pending_find = Some(block);
            }
            ("find", Some(_)) => {
                return Err(error(name, "a ```find block without its ```replace"));
            }
            ("replace", Some(find)) => edits.push(Edit {
                find,
                replace: block,
            }),
            _ => {
                return Err(error(
                    name,
                    "a ```replace block without a ```find before it",
                ));
            }
        }
    }
    if pending_find.is_some() {
        return Err(error(name, "the last ```find block has no ```replace"));
    }
    if edits.is_empty() {
        return Err(error(
            name,
            "no edits: a mutant needs at least one ```find / ```replace pair",
        ));
    }
    Ok(Mutant {
        name: name.to_string(),
        of,
        must_fail,
        edits,
    })
}

/// The mutant's program: `solution` with every edit applied in order, each `find` required to
/// occur exactly once in the text as it stands. The solution's own `//!` doc block goes (the
/// program is `include!`d); a comment says where the program comes from.
pub fn apply(m: &Mutant, solution_file: &str, solution: &str) -> Result<String, PatchError> {
    let mut text = solution.to_string();
    for (i, edit) in m.edits.iter().enumerate() {
        let found: Vec<usize> = text.match_indices(&edit.find).map(|(at, _)| at).collect();
        if found.len() != 1 {
            let first = edit
                .find
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            return Err(error(
                &m.name,
                format!(
                    "edit {} of {}: its find text occurs {} times in {solution_file} (it must \
                     occur exactly once; was the solution changed?). It begins: `{}`",
                    i + 1,
                    m.edits.len(),
                    found.len(),
                    first.trim()
                ),
            ));
        }
        text.replace_range(found[0]..found[0] + edit.find.len(), &edit.replace);
    }
    let body: Vec<&str> = text
        .lines()
        .skip_while(|l| l.starts_with("//!") || l.starts_with("#!["))
        .collect();
    Ok(format!(
        "// Mutant {name}: {solution_file} with the edits of solutions/mutants/src/bin/{name}.rs.\n\
         // Generated by solutions/mutants/build.rs: edit that file, not this one.\n{}\n",
        body.join("\n").trim_start_matches('\n'),
        name = m.name,
    ))
}

/// `solutions/NN_slug/src/main.rs` for exercise `of` under `solutions`.
pub fn solution_of(solutions: &Path, of: &str) -> Result<PathBuf, String> {
    let prefix = format!("{of}_");
    let mut found = Vec::new();
    for entry in
        std::fs::read_dir(solutions).map_err(|e| format!("{}: {e}", solutions.display()))?
    {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(&prefix) && entry.path().join("src/main.rs").is_file() {
            found.push(entry.path().join("src/main.rs"));
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        n => Err(format!(
            "{n} solutions of exercise {of} under {} (expected exactly one `{of}_*/src/main.rs`)",
            solutions.display()
        )),
    }
}

/// One generated mutant.
pub struct Generated {
    pub mutant: Mutant,
    /// The mutant file, `solutions/mutants/src/bin/NAME.rs`.
    pub file: PathBuf,
    /// The solution it patches.
    pub solution: PathBuf,
    /// The whole program.
    pub source: String,
}

/// Every mutant in `bin_dir` (`solutions/mutants/src/bin`), generated from `solutions`
/// (`solutions/`), sorted by name. All errors are collected, one line each.
pub fn generate_all(bin_dir: &Path, solutions: &Path) -> Result<Vec<Generated>, Vec<String>> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(bin_dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .collect(),
        Err(e) => return Err(vec![format!("{}: {e}", bin_dir.display())]),
    };
    files.sort();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        let name = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let result = std::fs::read_to_string(&file)
            .map_err(|e| format!("{}: {e}", file.display()))
            .and_then(|text| parse(&name, &text).map_err(|e| e.to_string()))
            .and_then(|mutant| {
                let solution = solution_of(solutions, &mutant.of)
                    .map_err(|e| format!("mutant {name}: {e}"))?;
                let shown = solution
                    .strip_prefix(solutions.parent().unwrap_or(solutions))
                    .unwrap_or(&solution)
                    .display()
                    .to_string();
                let text = std::fs::read_to_string(&solution)
                    .map_err(|e| format!("{}: {e}", solution.display()))?;
                let source = apply(&mutant, &shown, &text).map_err(|e| e.to_string())?;
                Ok(Generated {
                    mutant,
                    file: file.clone(),
                    solution,
                    source,
                })
            });
        match result {
            Ok(g) => out.push(g),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOLUTION: &str =
        "//! the solution\n//!\n\nfn main() {\n    let n = 3;\n    println!(\"{n}\");\n}\n";

    fn mutant(edits: &str) -> String {
        format!(
            "//! mutant-of: 01\n//! must-fail: a, b\n//!\n//! A story.\n//!\n{edits}include!(concat!(env!(\"OUT_DIR\"), \"/\", env!(\"CARGO_BIN_NAME\"), \".rs\"));\n"
        )
    }

    #[test]
    fn parses_header_and_edits_with_their_indentation() {
        let m = parse(
            "m01_x",
            &mutant("//! ```find\n//!     let n = 3;\n//! ```\n//! ```replace\n//!     let n = 4;\n//!\n//! ```\n"),
        )
        .unwrap();
        assert_eq!(m.of, "01");
        assert_eq!(m.must_fail, ["a", "b"]);
        assert_eq!(m.edits[0].find, "    let n = 3;\n");
        assert_eq!(m.edits[0].replace, "    let n = 4;\n\n");
    }

    #[test]
    fn applies_edits_and_drops_the_solution_doc() {
        let m = parse(
            "m01_x",
            &mutant("//! ```find\n//!     let n = 3;\n//! ```\n//! ```replace\n//!     let n = 4;\n//! ```\n"),
        )
        .unwrap();
        let out = apply(&m, "solutions/01_x/src/main.rs", SOLUTION).unwrap();
        assert!(out.contains("    let n = 4;\n"), "{out}");
        assert!(!out.contains("let n = 3"));
        assert!(!out.contains("//!"), "{out}");
        assert!(out.starts_with("// Mutant m01_x: solutions/01_x/src/main.rs"));
    }

    #[test]
    fn a_find_that_is_missing_or_repeated_names_the_mutant_and_the_text() {
        let m = parse(
            "m01_gone",
            &mutant("//! ```find\n//!     let n = 5;\n//! ```\n//! ```replace\n//! ```\n"),
        )
        .unwrap();
        let e = apply(&m, "sol.rs", SOLUTION).unwrap_err().to_string();
        assert!(
            e.contains("m01_gone") && e.contains("0 times") && e.contains("let n = 5;"),
            "{e}"
        );
        let m = parse(
            "m01_twice",
            &mutant("//! ```find\n//! n\n//! ```\n//! ```replace\n//! ```\n"),
        )
        .unwrap();
        let e = apply(&m, "sol.rs", "n\nn\n").unwrap_err().to_string();
        assert!(e.contains("m01_twice") && e.contains("2 times"), "{e}");
    }

    #[test]
    fn malformed_files_are_refused() {
        for (edits, why) in [
            ("", "no edits"),
            ("//! ```find\n//! x\n//! ```\n", "has no ```replace"),
            ("//! ```replace\n//! x\n//! ```\n", "without a ```find"),
            ("//! ```find\n//! x\n", "never closed"),
        ] {
            let e = parse("m01_bad", &mutant(edits)).unwrap_err().to_string();
            assert!(e.contains(why), "{edits:?}: {e}");
        }
        let e = parse("m01_bad", "//! must-fail: a\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("mutant-of"), "{e}");
    }
}
