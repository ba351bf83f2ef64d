//! Build: one `cargo build` of the chosen crates. A crate that does not compile becomes a
//! verdict (`error`, with its first error shown short), and the others are still built
//! (`--keep-going`) and graded.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::Context;
use serde::Deserialize;

use crate::t;

/// What came out of one build.
#[derive(Debug, Default)]
pub struct Built {
    /// Package (= binary) name → the executable.
    pub programs: BTreeMap<String, PathBuf>,
    /// Package name → why it did not compile.
    pub errors: BTreeMap<String, BuildError>,
}

impl Built {
    /// The executable of `package`, or why there is none (the verdict's words).
    pub fn program(&self, package: &str) -> Result<PathBuf, String> {
        match (self.programs.get(package), self.errors.get(package)) {
            (_, Some(err)) => Err(t!("build.does_not_compile", error = err.summary)),
            (Some(program), None) => Ok(program.clone()),
            (None, None) => Err(t!("build.no_program")),
        }
    }
}

/// A crate that did not compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// The first error, short: `error[E0425]: cannot find value `x` in this scope (src/main.rs:12:9)`.
    pub summary: String,
    /// The first error as rustc rendered it.
    pub rendered: String,
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    target: Option<Target>,
    executable: Option<PathBuf>,
    message: Option<Diagnostic>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
    kind: Vec<String>,
}

#[derive(Deserialize)]
struct Diagnostic {
    level: String,
    rendered: Option<String>,
}

/// The cargo to call: the one running us (`$CARGO`) or `cargo` from PATH.
fn cargo() -> PathBuf {
    std::env::var_os("CARGO")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("cargo"))
}

/// `error[E0425]: cannot find value (src/main.rs:12:9)` from a rendered diagnostic.
pub fn summarize(rendered: &str) -> String {
    let mut lines = rendered.lines();
    let head = lines.next().unwrap_or("error").trim().to_string();
    match rendered
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))
    {
        Some(location) => format!("{head} ({})", location.trim()),
        None => head,
    }
}

/// Builds `packages` in the workspace at `root`.
pub fn build(root: &Path, packages: &[String]) -> anyhow::Result<Built> {
    let mut cmd = Command::new(cargo());
    cmd.current_dir(root)
        .args(["build", "--keep-going", "--message-format=json"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for p in packages {
        cmd.args(["--package", p]);
    }
    let output = cmd
        .output()
        .with_context(|| t!("build.no_cargo", dir = root.display()))?;
    let mut built = Built::default();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<Message>(line) else {
            continue;
        };
        let Some(target) = msg.target else { continue };
        match msg.reason.as_str() {
            "compiler-artifact" if target.kind.iter().any(|k| k == "bin") => {
                if let Some(exe) = msg.executable {
                    built.programs.insert(target.name, exe);
                }
            }
            "compiler-message" => {
                let Some(diag) = msg.message else { continue };
                if diag.level != "error" || built.errors.contains_key(&target.name) {
                    continue;
                }
                let rendered = diag.rendered.unwrap_or_default();
                built.errors.insert(
                    target.name,
                    BuildError {
                        summary: summarize(&rendered),
                        rendered,
                    },
                );
            }
            _ => {}
        }
    }
    // A package that neither built nor reported a compiler error failed some other way
    // (a bad manifest, a missing dependency): say what cargo said.
    let stderr = String::from_utf8_lossy(&output.stderr);
    for p in packages {
        if !output.status.success()
            && !built.programs.contains_key(p)
            && !built.errors.contains_key(p)
        {
            let first = stderr
                .lines()
                .find(|l| l.trim_start().starts_with("error"))
                .map(|l| l.trim().to_string())
                .unwrap_or_else(|| t!("build.no_message"));
            built.errors.insert(
                p.clone(),
                BuildError {
                    summary: first,
                    rendered: stderr.clone().into_owned(),
                },
            );
        }
    }
    Ok(built)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_names_error_and_place() {
        let rendered = "error[E0425]: cannot find value `x` in this scope\n  --> exercises/06_shared_counter/src/main.rs:12:9\n   |\n12 |     x\n";
        assert_eq!(
            summarize(rendered),
            "error[E0425]: cannot find value `x` in this scope (exercises/06_shared_counter/src/main.rs:12:9)"
        );
        assert_eq!(summarize("error: linking failed"), "error: linking failed");
    }
}
