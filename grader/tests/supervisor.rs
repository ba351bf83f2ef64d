//! The supervisor against small shell programs: what the kernel saw, time limits, escapes,
//! floods and leftovers. Each asserts the verdict, the time taken and that nothing survives.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use grader::observe::Exit;
use grader::run::setup::Setup;
use grader::run::supervisor::{NO_PTRACE_ENV, supervise_args, supervise_with};
use grader::run::{Ending, FileKind, RunOutcome, SignalOutcome, SignalStep, StepSignal, Trigger};

/// Where the test scripts are written (in the temp dir, normally under /tmp).
fn p_dir() -> PathBuf {
    std::env::temp_dir().join(format!("forklings-sup-test-{}", std::process::id()))
}

fn script(name: &str, body: &str) -> PathBuf {
    let dir = p_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/bash\n{body}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn supervise(program: &Path, timeout_ms: u64) -> RunOutcome {
    supervise_args(
        Path::new(env!("CARGO_BIN_EXE_forklings-grader")),
        program,
        &[],
        timeout_ms,
        "test",
    )
    .unwrap()
}

fn alive(pid: i32) -> bool {
    // A zombie is not alive: it only waits to be reaped.
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| !s.contains(") Z "))
        .unwrap_or(false)
}

#[test]
fn sees_every_fork_with_parents_times_and_statuses() {
    let p = script(
        "forks.sh",
        "echo start\n( sleep 0.1; exit 3 ) &\nsleep 0.05 &\nwait\necho done",
    );
    let o = supervise(&p, 5_000);
    assert_eq!(o.ending, Ending::Finished(grader::observe::Exit::Code(0)));
    assert_eq!(o.stdout.text, "start\ndone\n");
    let obs = o.observation.expect("ptrace works here");
    let kids: Vec<_> = obs.children_of(obs.root).collect();
    assert!(kids.len() >= 2, "{obs:?}");
    assert!(
        kids.iter()
            .any(|t| t.exit == Some(grader::observe::Exit::Code(3)))
    );
    for t in &obs.tasks {
        assert!(t.end_us.is_some_and(|e| e >= t.start_us), "{t:?}");
    }
    assert!(o.leftover_processes.is_empty());
}

/// A task that ends by itself is not marked killed; one that dies of a signal is not marked
/// as ending by itself (the kernel's `PF_SIGNALED`, read at the exit stop: how exercise 07
/// tells a daemon thread killed by its process's exit from one that was stopped and joined).
#[test]
fn tells_a_task_that_ended_from_one_that_was_killed() {
    let p = script(
        "killed.sh",
        "( sleep 0.02; exit 0 ) &\n( kill -9 $BASHPID ) &\nwait\necho done",
    );
    let o = supervise(&p, 5_000);
    assert_eq!(o.ending, Ending::Finished(grader::observe::Exit::Code(0)));
    let obs = o.observation.expect("ptrace works here");
    assert_eq!(obs.root_task().unwrap().killed, Some(false), "{obs:?}");
    let kids: Vec<_> = obs.children_of(obs.root).collect();
    let ended = kids
        .iter()
        .find(|t| t.exit == Some(grader::observe::Exit::Code(0)))
        .expect("the child that exits");
    assert_eq!(ended.killed, Some(false), "{obs:?}");
    let killed = kids
        .iter()
        .find(|t| t.exit == Some(grader::observe::Exit::Signal("SIGKILL".into())))
        .expect("the child that kills itself");
    assert_ne!(killed.killed, Some(false), "{obs:?}");
}

/// The image each `execve` loaded is recorded (`Task::exe`), the root's too: a child that
/// re-executes the program itself (what Python's "spawn" does, exercise 15) runs the root's
/// image; another program's exec names that program; a forked child that never execs has none.
#[test]
fn records_the_image_each_exec_loaded() {
    let p = script(
        "execs.sh",
        "if [ \"$1\" = again ]; then exit 4; fi\n\
         ( exit 3 ) &\n\
         ( exec \"$0\" again ) &\n\
         ( exec sleep 0.01 ) &\n\
         wait\necho done",
    );
    let o = supervise(&p, 5_000);
    assert_eq!(o.ending, Ending::Finished(grader::observe::Exit::Code(0)));
    let obs = o.observation.expect("ptrace works here");
    let root = obs.root_task().unwrap();
    let root_exe = root
        .exe
        .clone()
        .expect("the root's image is read at its first stop");
    assert!(root_exe.ends_with("bash"), "{obs:?}");
    let child = |code: i32| {
        obs.children_of(obs.root)
            .find(|t| t.exit == Some(grader::observe::Exit::Code(code)))
            .unwrap_or_else(|| panic!("no child exiting {code}: {obs:?}"))
    };
    let forked = child(3);
    assert_eq!((forked.execs, forked.exe.as_deref()), (0, None), "{obs:?}");
    let again = child(4);
    assert_eq!(again.execs, 1, "{obs:?}");
    assert_eq!(again.exe.as_deref(), Some(root_exe.as_str()), "{obs:?}");
    let sleeper = obs
        .children_of(obs.root)
        .find(|t| t.exe.as_deref().is_some_and(|e| e.ends_with("sleep")))
        .unwrap_or_else(|| panic!("no child exec'd sleep: {obs:?}"));
    assert_eq!(sleeper.execs, 1, "{obs:?}");
}

/// What the scheduler recorded of each task is read at its exit stop. A child that computes is
/// runnable (on a CPU or queued for one) for most of its life, however busy the machine; one
/// that sleeps is runnable for a small part of it and gave up the CPU to wait. That is how the
/// threads exercises tell a thread that waits from one that polls.
#[test]
fn reads_what_the_scheduler_recorded_of_each_task() {
    let p = script(
        "sched.sh",
        "( i=0; while [ $i -lt 60000 ]; do i=$((i+1)); done; exit 3 ) &\n\
         ( sleep 0.3; exit 4 ) &\nwait\necho done",
    );
    let o = supervise(&p, 20_000);
    assert_eq!(o.ending, Ending::Finished(grader::observe::Exit::Code(0)));
    let obs = o.observation.expect("ptrace works here");
    let child = |code: i32| {
        let task = obs
            .children_of(obs.root)
            .find(|t| t.exit == Some(grader::observe::Exit::Code(code)))
            .unwrap_or_else(|| panic!("no child exiting {code}: {obs:?}"));
        let sched = task.sched.unwrap_or_else(|| {
            panic!("no scheduler figures for the child exiting {code}: {obs:?}")
        });
        (sched, task.lifetime_us().expect("it ended"))
    };
    let (busy, busy_life) = child(3);
    let (asleep, asleep_life) = child(4);
    assert!(
        busy.runnable_us() * 2 >= busy_life,
        "the computing child was runnable {} of its {busy_life} µs: {busy:?}",
        busy.runnable_us()
    );
    assert!(busy.cpu_us > asleep.cpu_us, "{busy:?} {asleep:?}");
    assert!(
        asleep.runnable_us() * 2 < asleep_life,
        "the sleeping child was runnable {} of its {asleep_life} µs: {asleep:?}",
        asleep.runnable_us()
    );
    assert!(
        asleep.voluntary >= 1,
        "it waited for its own child: {asleep:?}"
    );
    // The CPUs the run could use: the supervisor's own, which the program inherits.
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get() as u32)
        .ok();
    assert_eq!(o.cpus, cpus);
}

/// A run plan's setup: its files are in the scratch directory before the program starts (the
/// unreadable one unreadable to it), the loopback server's port replaces `{port}` in the
/// arguments, and the server's log comes back with the outcome.
#[test]
fn prepares_files_and_a_loopback_server_and_reports_what_the_server_saw() {
    use grader::run::RunPlan;
    use grader::run::setup::{Content, FileSpec, HttpSpec};
    let p = script(
        "setup.sh",
        "echo \"words $(cat in/a.txt | wc -w)\"\n\
         cat in/secret.txt >/dev/null 2>&1 && echo secret-read || echo secret-refused\n\
         for path in /one /two; do\n\
           exec 3<>/dev/tcp/127.0.0.1/$2\n\
           printf 'GET %s HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n' \"$path\" >&3\n\
           head -n 1 <&3 | tr -d '\\r'\n\
           exec 3<&-\n\
         done",
    );
    let plan = RunPlan::new("setup")
        .param("port", "{port}")
        .file(FileSpec::new(
            "in/a.txt",
            Content::Words { words: 37, seed: 5 },
        ))
        .file(FileSpec::new("in/secret.txt", Content::Unreadable))
        .http(HttpSpec {
            delay_ms: 30,
            fail: vec!["/two".into()],
            hang_up: Vec::new(),
        });
    let o = grader::run::supervisor::supervise(
        Path::new(env!("CARGO_BIN_EXE_forklings-grader")),
        &p,
        &plan,
    )
    .unwrap();
    assert_eq!(
        o.ending,
        Ending::Finished(grader::observe::Exit::Code(0)),
        "{o:?}"
    );
    let lines: Vec<&str> = o.stdout.text.lines().collect();
    assert_eq!(
        lines,
        [
            "words 37",
            "secret-refused",
            "HTTP/1.1 200 OK",
            "HTTP/1.1 500 Internal Server Error"
        ],
        "{o:?}"
    );
    let log = o.http.expect("a server was asked for").expect("it started");
    let paths: Vec<&str> = log.requests.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths, ["/one", "/two"]);
    assert_eq!(log.max_in_flight, 1, "one request at a time");
    for r in &log.requests {
        assert!(r.answered_us >= r.arrived_us + 30_000, "{r:?}");
        assert!(
            r.answered_us <= o.elapsed_ms * 1000 + 1000,
            "on the run's clock: {r:?}"
        );
    }
}

#[test]
fn time_limit_kills_the_whole_run_even_when_sigterm_is_ignored() {
    let p = script(
        "hang.sh",
        "trap '' TERM\necho waiting\n( trap '' TERM; sleep 30 ) &\nsleep 30",
    );
    let started = Instant::now();
    let o = supervise(&p, 400);
    let took = started.elapsed();
    assert_eq!(o.ending, Ending::TimedOut);
    assert!(took < Duration::from_secs(3), "took {took:?}");
    assert_eq!(o.stdout.text, "waiting\n");
    let obs = o.observation.unwrap();
    for t in &obs.tasks {
        assert!(!alive(t.pid), "{} survived", t.pid);
    }
}

#[test]
fn escaped_processes_are_reported_and_killed() {
    let p = script("escape.sh", "( setsid sleep 30 & )\nsleep 0.05\necho bye");
    let o = supervise(&p, 5_000);
    assert_eq!(o.ending, Ending::Finished(grader::observe::Exit::Code(0)));
    assert_eq!(o.leftover_processes.len(), 1, "{o:?}");
    std::thread::sleep(Duration::from_millis(50));
    assert!(!alive(o.leftover_processes[0]));
}

#[test]
fn floods_are_cut_to_head_and_tail() {
    let p = script(
        "flood.sh",
        "head -c 30000000 /dev/zero | tr '\\0' 'x'\necho\necho END",
    );
    let o = supervise(&p, 10_000);
    assert_eq!(o.stdout.total_bytes, 30_000_005);
    assert!(o.stdout.cut_bytes > 28_000_000);
    assert!(o.stdout.text.len() < 2_000_000);
    assert!(o.stdout.text.ends_with("END\n"));
}

#[test]
fn shared_memory_left_behind_is_listed_and_removed() {
    let p = script("shm.sh", "echo x > /dev/shm/forklings-test-leak");
    let o = supervise(&p, 5_000);
    assert_eq!(o.leftover_shm, ["forklings-test-leak"]);
    assert!(!Path::new("/dev/shm/forklings-test-leak").exists());
}

#[test]
fn without_ptrace_the_run_still_works_and_says_why() {
    let p = script("plain.sh", "echo hi");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_forklings-grader"))
        .args(["run", p.to_str().unwrap()])
        .env(NO_PTRACE_ENV, "1")
        .output()
        .unwrap();
    let o: RunOutcome = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(o.stdout.text, "hi\n");
    assert!(o.observation.unwrap_err().contains("turned off"));
}

#[test]
fn environment_is_scrubbed_and_stdin_closed() {
    let p = script("env.sh", "env | sort\nread -r line && echo \"read: $line\"");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_forklings-grader"))
        .args(["run", p.to_str().unwrap()])
        .env("GITHUB_TOKEN", "secret-token")
        .output()
        .unwrap();
    let o: RunOutcome = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!o.stdout.text.contains("secret-token"), "{}", o.stdout.text);
    assert!(o.stdout.text.contains("TMPDIR="));
    assert!(!o.stdout.text.contains("read:"));
}

#[test]
fn fork_storms_are_stopped_at_the_task_cap() {
    let p = script(
        "storm.sh",
        "for i in $(seq 1 2000); do sleep 5 & done\nwait",
    );
    let started = Instant::now();
    let o = supervise(&p, 10_000);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    match &o.ending {
        Ending::Killed(why) => assert!(why.contains("created more than 256"), "{why}"),
        other => panic!("expected the run to be stopped, got {other:?}"),
    }
    for t in &o.observation.unwrap().tasks {
        assert!(!alive(t.pid), "{} survived", t.pid);
    }
}

#[test]
fn files_are_capped_in_size() {
    let p = script(
        "fill.sh",
        "head -c 100000000 /dev/zero > big\necho \"status $?\"\nstat -c %s big",
    );
    let o = supervise(&p, 10_000);
    let limit = grader::run::supervisor::FILE_LIMIT_MIB * 1024 * 1024;
    // 128 + SIGXFSZ (25): the writer was stopped at the limit.
    assert_eq!(o.stdout.text, format!("status 153\n{limit}\n"));
}

#[test]
fn a_program_that_kills_its_parent_gets_a_verdict_not_a_grader_crash() {
    let p = script(
        "parricide.sh",
        "echo hi\nkill -9 $PPID 2>/dev/null || echo denied\nsleep 30",
    );
    let started = Instant::now();
    let o = supervise(&p, 1_000);
    assert!(started.elapsed() < Duration::from_secs(4));
    if nix::unistd::geteuid().is_root() {
        // Run as `nobody`, it may not signal the supervisor at all.
        assert_eq!(o.stdout.text, "hi\ndenied\n");
        assert_eq!(o.ending, Ending::TimedOut);
    } else {
        match &o.ending {
            Ending::Killed(why) => {
                assert!(why.contains("killed the process that started it"), "{why}")
            }
            other => panic!("expected a verdict, got {other:?}"),
        }
    }
}

#[test]
fn a_crashing_child_is_named_by_its_signal() {
    let p = script("crash.sh", "bash -c 'kill -SEGV $$'\necho after");
    let o = supervise(&p, 5_000);
    let obs = o.observation.as_ref().unwrap();
    assert!(
        obs.processes()
            .any(|t| t.exit == Some(grader::observe::Exit::Signal("SIGSEGV".into()))),
        "{obs:?}"
    );
    let run = grader::run::Run {
        plan: grader::run::RunPlan::new("crash"),
        outcome: o,
    };
    let f = run.healthy().unwrap_err();
    assert!(f.message.contains("killed by SIGSEGV"), "{}", f.message);
}

#[test]
fn as_root_programs_run_as_nobody_and_cannot_touch_the_repo() {
    if !nix::unistd::geteuid().is_root() {
        return; // the isolation only exists for a root grader; its absence is reported instead
    }
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("forklings-should-not-exist");
    let p = script(
        "whoami.sh",
        &format!(
            "id -un\ntouch {} 2>/dev/null || echo denied",
            target.display()
        ),
    );
    let o = supervise(&p, 5_000);
    assert_eq!(o.isolation_note, None);
    assert_eq!(o.stdout.text, "nobody\ndenied\n");
    assert!(!target.exists());
}

/// Whether this run had its own namespaces (root, or user namespaces allowed); says so if not.
/// A root grader always has them.
fn isolated(o: &RunOutcome) -> bool {
    if let Err(why) = &o.ipc {
        assert!(!nix::unistd::geteuid().is_root(), "root, yet: {why}");
        eprintln!("no namespaces here, nothing to test: {why}");
        return false;
    }
    true
}

#[test]
fn tmp_is_private_and_a_program_under_tmp_still_runs() {
    let leak = std::env::temp_dir().join(format!("forklings-sup-tmp-{}", std::process::id()));
    let leak = Path::new("/tmp").join(leak.file_name().unwrap());
    // The script itself lives under the temp dir (normally /tmp), hidden by the private /tmp.
    let p = script(
        "tmp.sh",
        &format!(
            "echo left > {0}\ncat {0}\ncat /proc/$$/comm\nls {1} | wc -l",
            leak.display(),
            p_dir().display()
        ),
    );
    let o = supervise(&p, 5_000);
    assert_eq!(
        o.ending,
        Ending::Finished(grader::observe::Exit::Code(0)),
        "{o:?}"
    );
    if !isolated(&o) {
        let _ = std::fs::remove_file(&leak);
        return;
    }
    // It wrote its file and read it back, ran under its own name, and saw only itself in its
    // folder: in its /tmp, the grader's files are not.
    assert_eq!(o.stdout.text, "left\ntmp.sh\n1\n");
    assert!(
        !leak.exists(),
        "{} reached the machine's /tmp",
        leak.display()
    );
}

#[test]
fn system_v_ipc_stays_in_the_run_and_what_is_left_is_listed() {
    if std::process::Command::new("ipcmk")
        .arg("--help")
        .output()
        .is_err()
    {
        eprintln!("no ipcmk here (util-linux): skipped");
        return;
    }
    let before = std::fs::read_to_string("/proc/sysvipc/shm").unwrap_or_default();
    let p = script(
        "sysv.sh",
        "ipcmk -M 4096 >/dev/null && ipcmk -S 2 >/dev/null && ipcmk -Q >/dev/null && echo made",
    );
    let o = supervise(&p, 5_000);
    assert_eq!(o.stdout.text, "made\n", "{o:?}");
    if !isolated(&o) {
        return;
    }
    let ipc = o.ipc.unwrap();
    let kinds: Vec<&str> = ipc
        .leftover
        .iter()
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(kinds, ["sysv-shm", "sysv-sem", "sysv-msg"], "{ipc:?}");
    assert!(ipc.queues.is_empty());
    // Made in the run's namespace: the machine's own list did not change.
    let after = std::fs::read_to_string("/proc/sysvipc/shm").unwrap_or_default();
    assert_eq!(before.lines().count(), after.lines().count(), "{after}");
}

#[test]
fn without_namespaces_the_run_still_works_and_ipc_is_not_observed() {
    let p = script("plain-ns.sh", "echo hi");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_forklings-grader"))
        .args(["run", p.to_str().unwrap()])
        .env(grader::run::supervisor::NO_NAMESPACES_ENV, "1")
        .output()
        .unwrap();
    let o: RunOutcome = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(o.stdout.text, "hi\n");
    assert!(o.ipc.unwrap_err().contains("turned off"));
}

/// Each stdout line carries when it reached the supervisor, on the observation's clock: a line
/// printed after a pause arrives after the pause, and every line within the program's lifetime.
#[test]
fn stdout_lines_are_timed_on_the_observation_clock() {
    let p = script("timed.sh", "echo first\nsleep 0.3\necho second\necho third");
    let o = supervise(&p, 5_000);
    assert_eq!(o.stdout.text, "first\nsecond\nthird\n");
    let t = &o.stdout.line_us;
    assert_eq!(t.len(), 3, "{t:?}");
    assert!(
        t[1] >= t[0] + 250_000,
        "the pause shows between the lines: {t:?}"
    );
    assert!(t[2] >= t[1], "{t:?}");
    assert!(o.stderr.line_us.is_empty(), "stderr is not timed");
    if let Ok(obs) = &o.observation {
        let root = obs.tasks.iter().find(|k| k.pid == obs.root).unwrap();
        assert!(t[0] >= root.start_us, "{t:?} {root:?}");
        if let Some(end) = root.end_us {
            // The last line is read right after the write; allow the reader thread a moment.
            assert!(t[2] <= end + 1_000_000, "{t:?} {root:?}");
        }
    }
}

fn supervise_signal(program: &Path, timeout_ms: u64, step: SignalStep) -> RunOutcome {
    supervise_with(
        Path::new(env!("CARGO_BIN_EXE_forklings-grader")),
        program,
        &[],
        timeout_ms,
        Some(&step),
        "test",
        &Setup::default(),
    )
    .unwrap()
}

fn after_lines(prefix: &str, count: usize) -> SignalStep {
    SignalStep {
        signal: StepSignal::Sigint,
        trigger: Trigger::AfterLines {
            prefix: prefix.into(),
            count,
        },
    }
}

/// The signal step's line trigger: SIGINT reaches the whole process group once the 3rd `done`
/// line has arrived, never before (the `start` lines do not count); the outcome says when
/// and after how many lines, on the clock of the line times.
#[test]
fn a_line_trigger_signals_the_group_after_the_kth_matching_line() {
    let p = script(
        "ctrl_c.sh",
        "trap 'echo interrupted; exit 130' INT\n\
         for i in 1 2 3 4 5 6 7 8; do echo \"start $i\"; sleep 0.2; echo \"done $i\"; done\n\
         echo finished",
    );
    let o = supervise_signal(&p, 10_000, after_lines("done", 3));
    assert_eq!(o.ending, Ending::Finished(Exit::Code(130)), "{o:?}");
    let Some(SignalOutcome::Sent { at_us, lines }) = o.signal else {
        panic!("the signal was not sent: {o:?}");
    };
    let printed: Vec<&str> = o.stdout.text.lines().collect();
    let before = &printed[..lines];
    assert_eq!(
        before.iter().filter(|l| l.starts_with("done")).count(),
        3,
        "sent after the 3rd done line, not before: {printed:?} (signal after {lines})"
    );
    assert_eq!(printed.last(), Some(&"interrupted"), "{printed:?}");
    assert!(!printed.contains(&"finished"), "{printed:?}");
    // The 3rd `done` line arrived before the signal, on the same clock.
    let third = printed.iter().position(|l| *l == "done 3").unwrap();
    assert!(o.stdout.line_us[third] <= at_us, "{o:?}");
    assert!(o.stdout.line_us[lines - 1] <= at_us, "{o:?}");
}

/// The signal goes to the process group, as a terminal's Ctrl-C does: a child that was
/// running when it came dies of it too.
#[test]
fn the_signal_reaches_every_process_of_the_group() {
    let p = script(
        "group.sh",
        "trap 'exit 130' INT
sleep 30 | ( sleep 0.1; echo 'done 1' )",
    );
    let o = supervise_signal(&p, 10_000, after_lines("done", 1));
    assert_eq!(o.ending, Ending::Finished(Exit::Code(130)), "{o:?}");
    let obs = o.observation.expect("ptrace works here");
    assert!(
        obs.processes()
            .any(|t| t.exit == Some(Exit::Signal("SIGINT".into()))),
        "{obs:?}"
    );
}

/// A grader started as a shell's background job inherits SIGINT ignored (and passes that on
/// through fork and exec); the program must still start with Ctrl-C's default action, or a
/// program that never handles it would pass for one that does.
#[test]
fn the_program_starts_with_default_signal_actions_whatever_the_grader_inherited() {
    use nix::sys::signal::{SigHandler, Signal, signal};
    // SAFETY: ignoring SIGINT installs no handler; this test binary is never sent Ctrl-C.
    unsafe { signal(Signal::SIGINT, SigHandler::SigIgn) }.unwrap();
    let p = script(
        "untrapped.sh",
        "for i in 1 2 3 4 5; do echo \"done $i\"; sleep 0.2; done\necho survived",
    );
    let o = supervise_signal(&p, 10_000, after_lines("done", 1));
    assert_eq!(
        o.ending,
        Ending::Finished(Exit::Signal("SIGINT".into())),
        "{o:?}"
    );
    assert!(!o.stdout.text.contains("survived"), "{o:?}");
}

#[test]
fn a_time_trigger_signals_after_its_delay() {
    let p = script(
        "ctrl_c_later.sh",
        "trap 'echo stopped; exit 143' TERM\necho ready\nsleep 5 & wait\necho late",
    );
    let step = SignalStep {
        signal: StepSignal::Sigterm,
        trigger: Trigger::AfterMs { ms: 300 },
    };
    let started = Instant::now();
    let o = supervise_signal(&p, 10_000, step);
    assert!(started.elapsed() < Duration::from_secs(4), "{o:?}");
    assert_eq!(o.ending, Ending::Finished(Exit::Code(143)), "{o:?}");
    assert_eq!(o.stdout.text, "ready\nstopped\n");
    let Some(SignalOutcome::Sent { at_us, lines }) = o.signal else {
        panic!("the signal was not sent: {o:?}");
    };
    assert!(at_us >= 300_000, "{at_us}");
    assert_eq!(lines, 1, "only `ready` had arrived");
}

/// A program that ignores the signal (as its children then do) runs on until the time limit
/// kills it; the outcome still says the signal was sent.
#[test]
fn a_program_that_ignores_the_signal_is_stopped_by_the_time_limit() {
    let p = script(
        "deaf.sh",
        "trap '' INT\necho 'done 1'\n( sleep 30 ) &\nsleep 30",
    );
    let started = Instant::now();
    let o = supervise_signal(&p, 800, after_lines("done", 1));
    assert!(started.elapsed() < Duration::from_secs(4));
    assert_eq!(o.ending, Ending::TimedOut, "{o:?}");
    assert!(
        matches!(o.signal, Some(SignalOutcome::Sent { lines: 1, .. })),
        "{o:?}"
    );
    for t in &o.observation.unwrap().tasks {
        assert!(!alive(t.pid), "{} survived", t.pid);
    }
}

/// A trigger that never fires is reported with how far the program got; a run without a
/// signal step says nothing of signals.
#[test]
fn a_trigger_that_never_fires_says_how_many_lines_matched() {
    let p = script("short.sh", "echo 'done 1'\necho 'start 2'\necho 'done 2'");
    let o = supervise_signal(&p, 5_000, after_lines("done", 3));
    assert_eq!(o.ending, Ending::Finished(Exit::Code(0)));
    assert_eq!(o.signal, Some(SignalOutcome::NotSent { matching: 2 }));
    assert_eq!(supervise(&p, 5_000).signal, None);
}

/// What a run leaves in its scratch dir (its cwd) is listed, with sizes, then removed.
#[test]
fn files_left_in_the_scratch_dir_are_listed() {
    let p = script(
        "files.sh",
        "mkdir -p out/deep\nprintf 'abc' > out/job-1.txt\nprintf '' > out/deep/.job-2.tmp\n\
         ln -s /etc/passwd out/link\npwd",
    );
    let o = supervise(&p, 5_000);
    assert_eq!(o.ending, Ending::Finished(Exit::Code(0)));
    let files: Vec<(&str, u64)> = o.files.iter().map(|f| (f.path.as_str(), f.bytes)).collect();
    assert_eq!(files, [("out/deep/.job-2.tmp", 0), ("out/job-1.txt", 3)]);
    assert!(!Path::new(o.stdout.text.trim()).exists(), "scratch removed");
}

/// A Unix socket a run bound and never removed is listed too, as a socket (13
/// `manager_server` names it).
#[test]
fn a_socket_left_in_the_scratch_dir_is_listed_as_a_socket() {
    // A socket needs a program that binds one: a Rust one, the one compiler sure to be here.
    let dir = p_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let source = dir.join("bind.rs");
    std::fs::write(
        &source,
        "fn main() {\n\
             std::fs::write(\"notes.txt\", \"x\").unwrap();\n\
             let l = std::os::unix::net::UnixListener::bind(\"manager.sock\").unwrap();\n\
             std::mem::forget(l);\n\
         }\n",
    )
    .unwrap();
    let p = dir.join("bind");
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let built = std::process::Command::new(rustc)
        .arg("--edition=2021")
        .arg("-o")
        .arg(&p)
        .arg(&source)
        .output()
        .expect("rustc runs");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let o = supervise(&p, 10_000);
    assert_eq!(o.ending, Ending::Finished(Exit::Code(0)), "{:?}", o.stderr);
    let files: Vec<(&str, FileKind, u64)> = o
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.kind, f.bytes))
        .collect();
    assert_eq!(
        files,
        [
            ("manager.sock", FileKind::Socket, 0),
            ("notes.txt", FileKind::File, 1)
        ]
    );
}
