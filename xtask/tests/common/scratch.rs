//! A scratch copy of the student's side of the workspace as shipped (the exercises with their
//! stubs from `.stubs/`, never the student's own `src/`; the manifest, the lock file), driven by
//! this build of xtask through `FORKLINGS_ROOT`. Its builds go to a target folder of their own
//! inside the shared one: the exercises' binaries of a scratch copy must not replace those of
//! the real workspace while another test grades them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Scratch {
    pub root: PathBuf,
    /// Left in place when dropped (a copy shared by the tests of one file, see [`Scratch::shared`]).
    keep: bool,
}

#[path = "../../../grader/tests/support/shipped.rs"]
pub mod shipped;

/// The real workspace.
pub fn workspace() -> PathBuf {
    shipped::repo()
}

/// The target folder the scratch copies build in: `<the target of this test>/student-test`.
pub fn scratch_target() -> PathBuf {
    shipped::scratch_target(Path::new(env!("CARGO_BIN_EXE_xtask")))
}

impl Scratch {
    /// A fresh copy named after `name` (one per test).
    pub fn new(name: &str) -> Scratch {
        let root = std::env::temp_dir().join(format!("forklings-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        shipped::workspace(&root, &[], &scratch_target());
        Scratch { root, keep: false }
    }

    /// A copy that the tests of one file share and do not change, kept in the scratch target
    /// folder (`<target>/student-test/workspaces/NAME`) at the same path from run to run, so
    /// its exercises compile again only when they changed.
    pub fn shared(name: &str) -> Scratch {
        let root = scratch_target().join("workspaces").join(name);
        shipped::workspace(&root, &[], &scratch_target());
        Scratch { root, keep: true }
    }

    /// `xtask ARGS` on this copy, in English unless the test says otherwise.
    pub fn xtask(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_xtask"));
        self.environment(&mut cmd);
        cmd
    }

    /// The environment an xtask of this copy runs with.
    pub fn environment(&self, cmd: &mut Command) {
        cmd.env("FORKLINGS_ROOT", &self.root)
            .env("CARGO_TARGET_DIR", scratch_target())
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .current_dir(&self.root);
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn state(&self) -> Option<serde_json::Value> {
        let text = std::fs::read_to_string(self.path(".forklings/state.json")).ok()?;
        Some(serde_json::from_str(&text).expect("the state file is JSON"))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !self.keep && !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

/// Whether an external tool runs; when it does not, a test skips with a note, except under
/// `FORKLINGS_CI=1`, where it fails.
pub fn tool_available(program: &str, arg: &str, package: &str) -> bool {
    let ok = Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var("FORKLINGS_CI").is_ok_and(|v| v == "1") {
            panic!("{program} is required under FORKLINGS_CI=1 (apt package: {package})");
        }
        eprintln!("note: skipped: {program} is not installed (apt package: {package})");
    }
    ok
}

/// Polls `probe` every 100 ms until it returns `Some`, or panics after `limit` saying `what`
/// and showing the last thing seen.
pub fn wait_for<T>(
    what: &str,
    limit: Duration,
    mut probe: impl FnMut() -> (Option<T>, String),
) -> T {
    let started = Instant::now();
    loop {
        let (found, seen) = probe();
        if let Some(found) = found {
            return found;
        }
        if started.elapsed() > limit {
            panic!("waited {limit:?} for {what}; last seen:\n{seen}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The stub's main.rs of exercise 01, relative to the root.
pub const STUB_01: &str = "exercises/01_two_processes/src/main.rs";

/// A program that is not written yet: it scores 0 whatever the student did to the real stub.
pub const TODO_PROGRAM: &str = "fn main() {\n    todo!(\"write the program\")\n}\n";

/// Three levels of hints.
pub const HINTS: &str = "# Hints\n\n## Hint 1\n\nfirst nudge\n\n## Hint 2\n\nthe idea\n\n## Hint 3\n\nthe API: waitpid\n";

impl Scratch {
    /// Exercises 01 and 02 as not started, with three levels of hints: tests do not depend on
    /// what a student did to their own copy.
    pub fn not_started(self) -> Scratch {
        for dir in ["01_two_processes", "02_queue_exchange"] {
            self.write(&format!("exercises/{dir}/src/main.rs"), TODO_PROGRAM);
            self.write(&format!("exercises/{dir}/hints.md"), HINTS);
            let _ = std::fs::remove_file(self.path(&format!("exercises/{dir}/hints.it.md")));
        }
        self
    }
}

/// A line that breaks the build.
pub const BROKEN: &str = "\nfn broken() -> u32 { \"not a number\" }\n";
