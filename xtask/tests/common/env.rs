//! What every end-to-end test of xtask needs: where the repo and the target folder are, the
//! xtask binary speaking English, and a lock so that gradings run one at a time.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The repo these tests belong to.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The target folder these tests were built in, from the path of the xtask binary.
pub fn target_root() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_xtask"))
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .to_path_buf()
}

/// Makes `cmd` speak English whatever the machine's locale: the tests read English words.
pub fn english(cmd: &mut std::process::Command) -> &mut std::process::Command {
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
}

/// This build's xtask, in English.
pub fn xtask() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"));
    english(&mut cmd);
    cmd
}

/// Gradings run one at a time: a solution's timing checks are built to survive a busy
/// machine, but the tests need not make it busier than a student's laptop.
pub fn serial() -> MutexGuard<'static, ()> {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether `tool` is here; a test that needs it is skipped with a note when it is not, unless
/// `FORKLINGS_CI=1` says it must run.
pub fn have(tool: &str) -> bool {
    let found = std::process::Command::new(tool)
        .arg("--version")
        .output()
        .is_ok();
    if !found {
        assert!(
            std::env::var_os("FORKLINGS_CI").is_none_or(|v| v != "1"),
            "{tool} is needed by this test (FORKLINGS_CI=1)"
        );
        eprintln!("note: {tool} is not installed here: this part is skipped");
    }
    found
}

/// Removes what `cargo test` set for this test (`CARGO_*` but `CARGO_HOME`) from `cmd`, so a
/// cargo it runs works on its own workspace.
pub fn without_cargo_env(cmd: &mut std::process::Command) -> &mut std::process::Command {
    for (key, _) in std::env::vars_os() {
        if key
            .to_str()
            .is_some_and(|k| k.starts_with("CARGO_") && k != "CARGO_HOME")
        {
            cmd.env_remove(key);
        }
    }
    cmd
}

/// Status, stdout and stderr of a finished command, for assertion messages.
pub fn text(out: &std::process::Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
