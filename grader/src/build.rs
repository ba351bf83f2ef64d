//! Build: one `cargo build` of the chosen crates. A crate that does not compile becomes a
//! verdict (`error`, with its first error shown short), and the others are still built
//! (`--keep-going`) and graded.
//!
//! While it builds, what cargo says on standard error becomes [`BuildEvent`]s: "Blocking
//! waiting for file lock" (another cargo, often a `cargo test`, holds the build folder) and
//! cargo's own progress bar (`Building [==>  ] 12/37: nix`, asked for with
//! `CARGO_TERM_PROGRESS_WHEN=always`: crates compiled and the total of this build).

use std::collections::BTreeMap;
use std::io::{BufReader, Read};
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

/// What a build is doing, from cargo's standard error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildEvent {
    /// Cargo waits for a lock another cargo holds: `what` it waits for, in cargo's words
    /// (`build directory`, `package cache`).
    WaitingForLock { what: String },
    /// `done` of the build's `total` units are compiled.
    Compiling { done: usize, total: usize },
}

/// The event one piece of cargo's standard error (a line, or one redraw of its progress bar)
/// says, if any.
pub fn event_of(piece: &str) -> Option<BuildEvent> {
    let piece = piece.trim();
    if let Some(rest) = piece.strip_prefix("Blocking waiting for file lock on ") {
        return Some(BuildEvent::WaitingForLock {
            what: rest.trim().to_string(),
        });
    }
    // `Building [=====>     ] 12/37: nix, libc`
    let rest = piece.strip_prefix("Building [")?;
    let counts = rest.split_once(']')?.1.trim_start();
    let counts = counts.split(':').next()?.trim();
    let (done, total) = counts.split_once('/')?;
    Some(BuildEvent::Compiling {
        done: done.trim().parse().ok()?,
        total: total.trim().parse().ok()?,
    })
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
    build_with(root, packages, |_| {})
}

/// Builds `packages` in the workspace at `root`, telling `on` what the build is doing.
pub fn build_with(
    root: &Path,
    packages: &[String],
    mut on: impl FnMut(BuildEvent),
) -> anyhow::Result<Built> {
    let mut cmd = Command::new(cargo());
    cmd.current_dir(root)
        .args(["build", "--keep-going", "--message-format=json"])
        // Cargo's progress bar on a pipe too: the only place it says how many units to build.
        .env("CARGO_TERM_PROGRESS_WHEN", "always")
        .env("CARGO_TERM_PROGRESS_WIDTH", "100")
        .env("CARGO_TERM_COLOR", "never")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for p in packages {
        cmd.args(["--package", p]);
    }
    let mut child = cmd
        .spawn()
        .with_context(|| t!("build.no_cargo", dir = root.display()))?;
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stdout.read_to_end(&mut text);
        text
    });
    // Standard error, read here as it comes: progress bar redraws end with `\r`, lines with
    // `\n`. The bar's redraws are left out of the text kept for error messages.
    let mut stderr_text = String::new();
    let mut err = BufReader::new(child.stderr.take().expect("stderr is piped"));
    let mut piece = Vec::new();
    loop {
        piece.clear();
        let mut byte = [0u8; 1];
        let mut ended = false;
        loop {
            match err.read(&mut byte) {
                Ok(0) | Err(_) => {
                    ended = true;
                    break;
                }
                Ok(_) if byte[0] == b'\n' || byte[0] == b'\r' => break,
                Ok(_) => piece.push(byte[0]),
            }
        }
        let text = String::from_utf8_lossy(&piece);
        let event = event_of(&text);
        if !matches!(event, Some(BuildEvent::Compiling { .. })) && !text.trim().is_empty() {
            stderr_text.push_str(text.trim_end());
            stderr_text.push('\n');
        }
        if let Some(event) = event {
            on(event);
        }
        if ended {
            break;
        }
    }
    let stdout = reader.join().unwrap_or_default();
    let status = child
        .wait()
        .with_context(|| t!("build.no_cargo", dir = root.display()))?;
    let output = std::process::Output {
        status,
        stdout,
        stderr: stderr_text.into_bytes(),
    };
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
    fn cargo_waiting_for_a_lock_and_its_progress_bar_are_events() {
        assert_eq!(
            event_of("    Blocking waiting for file lock on build directory"),
            Some(BuildEvent::WaitingForLock {
                what: "build directory".into()
            })
        );
        assert_eq!(
            event_of("    Building [========>                    ] 12/37: nix, libc(build)   "),
            Some(BuildEvent::Compiling {
                done: 12,
                total: 37
            })
        );
        assert_eq!(
            event_of("    Building [                             ] 0/3: ryu, itoa"),
            Some(BuildEvent::Compiling { done: 0, total: 3 })
        );
        for other in [
            "   Compiling nix v0.30.1",
            "    Finished `dev` profile [unoptimized + debuginfo] target(s) in 1.52s",
            "error: could not compile `ex01_two_processes` (bin \"ex01_two_processes\")",
            "    Building [==>  ] not/counts",
        ] {
            assert_eq!(event_of(other), None, "{other}");
        }
    }

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
