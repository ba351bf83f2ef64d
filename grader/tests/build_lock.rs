//! While another cargo holds the build lock (a `cargo test` of the same workspace, an editor's
//! check), a grading says it waits, and grades once the lock is free. The test holds cargo's
//! lock on the build folder itself, as a second cargo would.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

#[path = "support/shipped.rs"]
mod shipped;

#[test]
fn a_grading_says_it_waits_for_the_build_lock_then_grades() {
    let target = shipped::scratch_target(Path::new(env!("CARGO_BIN_EXE_forklings-grader")));
    let root = target.join("workspaces/build-lock");
    shipped::workspace(&root, &["01_two_processes"], &target);
    std::fs::create_dir_all(target.join("debug")).unwrap();
    let lock = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(target.join("debug/.cargo-lock"))
        .unwrap();
    lock.lock().unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_forklings-grader"))
        .args(["grade", "01", "--seed", "1", "--root"])
        .arg(&root)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, lines) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    // Cargo says it is blocked within a second; a very busy machine gets a minute.
    let said = lines
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_default();
    lock.unlock().unwrap();
    let out = child.wait_with_output().unwrap();
    reader.join().unwrap();
    let rest: Vec<String> = lines.try_iter().collect();
    assert!(
        said.contains("waiting for another cargo") && said.contains("release the build lock"),
        "the first line on standard error: {said:?}; then: {rest:?}"
    );
    assert_eq!(
        rest.iter()
            .filter(|l| l.contains("waiting for another cargo"))
            .count(),
        0,
        "said once: {rest:?}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("✗ 01 two_processes") && stdout.contains("not done yet"),
        "graded once the lock was free: {stdout}"
    );
    assert_eq!(out.status.code(), Some(1), "{stdout}");
}
