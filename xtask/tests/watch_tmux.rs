//! `cargo xtask watch` in a real terminal, as a student uses it: tmux runs it in a 100×40
//! pane; the test reads the screen, saves the stub, presses keys, and checks that the terminal
//! is left as it was found. Needs tmux (apt package `tmux`): skipped with a note when it is
//! missing, failed under `FORKLINGS_CI=1`.

mod common {
    pub mod scratch;
}

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::scratch::{BROKEN, STUB_01, Scratch, tool_available, wait_for};

/// A tmux server of its own (`-L`), killed when the test ends however it ends.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.args(["-L", &self.socket]);
        cmd
    }

    fn run(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "watch"])
    }

    fn keys(&self, keys: &str) {
        self.run(&["send-keys", "-t", "watch", keys]);
    }

    fn wait_screen(&self, what: &str, limit: Duration, test: impl Fn(&str) -> bool) -> String {
        wait_for(what, limit, || {
            let screen = self.screen();
            (test(&screen).then(|| screen.clone()), screen)
        })
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").output();
    }
}

fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[test]
fn watch_in_a_terminal_regrades_on_save_shows_a_hint_moves_on_and_quits() {
    if !tool_available("tmux", "-V", "tmux") {
        return;
    }
    let s = Scratch::new("watch-tmux").not_started();
    let stty_after = s.path("stty-after.txt");
    let mut env = Command::new("true");
    s.environment(&mut env);
    let vars: Vec<String> = env
        .get_envs()
        .filter_map(|(k, v)| Some(format!("{}={}", k.to_str()?, quote(v?.to_str()?))))
        .collect();
    // After watch quits, record the terminal's settings, then linger so the pane can be read.
    let script = format!(
        "cd {root} && env -u LC_ALL -u LC_MESSAGES {vars} {xtask} watch 01; echo \"watch exited $?\"; stty -a > {stty}; sleep 30",
        root = quote(&s.root.display().to_string()),
        vars = vars.join(" "),
        xtask = quote(env!("CARGO_BIN_EXE_xtask")),
        stty = quote(&stty_after.display().to_string()),
    );
    let tmux = Tmux {
        socket: format!("forklings-test-{}", std::process::id()),
    };
    let out = tmux
        .cmd()
        .args([
            "new-session",
            "-d",
            "-x",
            "100",
            "-y",
            "40",
            "-s",
            "watch",
            "sh",
            "-c",
            &script,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "tmux new-session: {out:?}");

    // The first verdict (the first build of the scratch copy may compile its dependencies).
    let screen = tmux.wait_screen("the stub's verdict", Duration::from_secs(600), |s| {
        s.contains("✗ 01 two_processes · 0/") && s.contains("graded #1")
    });
    assert!(
        screen.contains("forklings watch · 01 two_processes"),
        "{screen}"
    );
    assert!(screen.contains("keys: h hint"), "{screen}");
    assert!(
        screen.contains("Next: read exercises/01_two_processes/README.md"),
        "{screen}"
    );

    // Save a change: graded again.
    let stub = s.read(STUB_01);
    s.write(STUB_01, &format!("{stub}{BROKEN}"));
    tmux.wait_screen(
        "the re-grade of a broken save",
        Duration::from_secs(180),
        |s| s.contains("could not be graded") && s.contains("graded #2"),
    );
    s.write(STUB_01, &stub);
    tmux.wait_screen("the re-grade of the fix", Duration::from_secs(180), |s| {
        s.contains("✗ 01 two_processes · 0/") && s.contains("graded #3")
    });

    tmux.keys("h");
    tmux.wait_screen("hint 1", Duration::from_secs(10), |s| {
        s.contains("Hint 1 of 3 · 01 two_processes")
    });

    tmux.keys("n");
    let screen = tmux.wait_screen("exercise 02", Duration::from_secs(180), |s| {
        s.contains("forklings watch · 02 queue_exchange") && s.contains("✗ 02 queue_exchange")
    });
    assert!(
        !screen.contains("Hint 1 of 3"),
        "the hint belonged to 01: {screen}"
    );

    tmux.keys("q");
    tmux.wait_screen("watch to exit", Duration::from_secs(10), |s| {
        s.contains("watch exited 0")
    });
    let stty = wait_for("stty's report", Duration::from_secs(10), || {
        let text = std::fs::read_to_string(&stty_after).unwrap_or_default();
        ((!text.is_empty()).then(|| text.clone()), text)
    });
    let flags: Vec<&str> = stty.split_whitespace().collect();
    for flag in ["icanon", "echo", "isig"] {
        assert!(
            flags.contains(&flag),
            "the terminal was not restored ({flag}): {stty}"
        );
    }
    assert!(Path::new(&s.root).exists());
}
