//! The grader against programs that misbehave on purpose (`grader/tests/hostile/src/bin/`):
//! endless loops, fork storms, memory and disk hogs, output floods, forged reports, crashes,
//! escapes, an attack on the supervisor, leaked shared memory. Each is graded as exercise 01
//! with a 1 s limit, and must get a verdict in words (its header's `expect:`), in bounded time,
//! without the grader failing, and without leaving a process, a /dev/shm name, a file in /tmp,
//! an IPC object on the machine or a scratch dir.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use grader::catalog;
use grader::check::{Outcome, Variant};
use grader::grade::{self, Options, grade_program};
use grader::report::ExerciseReport;
use grader::run::supervisor::supervise_args;

#[path = "support/headers.rs"]
mod headers;
use headers::described_programs;

/// The time limit of every run (instead of the exercise's own, which is longer).
const LIMIT_MS: u64 = 1_000;
/// Most a whole grading (3 runs of exercise 01, each at most 1 s + clean-up) may take.
const GRADING_BOUND: Duration = Duration::from_secs(10);
/// Most bytes a human report of one exercise may take, whatever the program printed.
const HUMAN_REPORT_BOUND: usize = 32 * 1024;
/// How long a killed process may take to disappear before it counts as a survivor.
const DYING: Duration = Duration::from_secs(2);

struct Hostile {
    name: String,
    /// What the verdict must say.
    expect: String,
}

/// What one program did, for the summary printed at the end.
struct Measured {
    verdict: String,
    grading: Duration,
    direct: Duration,
    /// Size of the human report.
    report_bytes: usize,
    /// Size of the github result (the JSON GitHub Classroom's reporter gets).
    github_bytes: usize,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn supervisor() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_forklings-grader"))
}

fn hostiles() -> Vec<Hostile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/src/bin");
    let as_root = nix::unistd::geteuid().is_root();
    let found: Vec<Hostile> = described_programs(&dir)
        .into_iter()
        .map(|p| {
            p.required("hostile");
            let expect = match p.header("expect-as-root") {
                Some(v) if as_root => v,
                _ => p.required("expect"),
            };
            Hostile {
                name: p.name,
                expect,
            }
        })
        .collect();
    assert!(found.len() >= 18, "only {} hostile programs", found.len());
    found
}

fn options() -> Options {
    Options {
        root: root(),
        variant: Variant::Exercise,
        seed: 1,
        repeat: 1,
        supervisor: supervisor(),
        max_timeout_ms: Some(LIMIT_MS),
        template: None,
        hidden: Vec::new(),
    }
}

/// Whether `pid` is alive; a zombie is not (it only waits to be reaped).
fn alive(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let state = stat[stat.rfind(')')? + 2..].chars().next()?;
            Some(state != 'Z' && state != 'X')
        })
        .unwrap_or(false)
}

/// Live processes running `program` (found through /proc/<pid>/exe).
fn running(program: &Path) -> Vec<i32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == program)
        })
        .filter(|pid| alive(*pid))
        .collect()
}

/// The pids of `pids` still alive after giving killed ones [`DYING`] to go.
fn survivors(pids: impl IntoIterator<Item = i32>) -> Vec<i32> {
    let pids: Vec<i32> = pids.into_iter().collect();
    let deadline = Instant::now() + DYING;
    loop {
        let left: Vec<i32> = pids.iter().copied().filter(|p| alive(*p)).collect();
        if left.is_empty() || Instant::now() > deadline {
            return left;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn names_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Every failure message of the report, with the run it names.
fn verdicts(report: &ExerciseReport) -> Vec<String> {
    report
        .checks
        .iter()
        .filter_map(|c| match &c.outcome {
            Outcome::Fail(f) => Some(match &f.run {
                Some(run) => format!("{}: {} (in {run})", c.id, f.message),
                None => format!("{}: {}", c.id, f.message),
            }),
            _ => None,
        })
        .collect()
}

/// The human report must not let program output drive a terminal or a CI log, and neither it
/// nor the github result may grow with what the program printed. Returns the human report's
/// size and the github result's.
///
/// GitHub's runner takes a line as a workflow command when it starts with `::` after leading
/// blanks are trimmed (`ActionCommand.TryParseV2`), and in the legacy form when `##[` appears
/// anywhere in it (`ActionCommand.TryParse`), so indentation alone does not defuse either.
fn check_rendering(report: &ExerciseReport) -> Result<(usize, usize), String> {
    let whole = grade::assemble(vec![report.clone()], &options(), Instant::now());
    let text = grader::report::human::render(&whole);
    let mut bad = Vec::new();
    if text.contains('\x1b') {
        bad.push("an ESC byte".to_string());
    }
    if text.contains('\0') {
        bad.push("a NUL byte".to_string());
    }
    if text.contains('\r') {
        bad.push("a carriage return".to_string());
    }
    for line in text.lines() {
        if line.trim_start().starts_with("::") {
            bad.push(format!("a workflow command at line start: {line:?}"));
        }
        if line.contains("##[") {
            bad.push(format!("a legacy workflow command (`##[`): {line:?}"));
        }
    }
    if text.len() > HUMAN_REPORT_BOUND {
        bad.push(format!("{} bytes (bound {HUMAN_REPORT_BOUND})", text.len()));
    }
    // What GitHub Classroom's reporter gets in one environment variable, in base64.
    let github = grader::report::github::render(&whole);
    let variable = "EX01_RESULTS=".len() + github.len().div_ceil(3) * 4;
    if github.len() > grader::report::github::MAX_RESULT_BYTES
        || variable >= grader::report::github::ENV_STRING_LIMIT
    {
        bad.push(format!(
            "a github result of {} bytes ({variable} in its variable)",
            github.len()
        ));
    }
    let totals = text.lines().filter(|l| l.starts_with("Total:")).count();
    if totals != 1 {
        bad.push(format!("{totals} lines starting with `Total:`"));
    }
    if bad.is_empty() {
        Ok((text.len(), github.len()))
    } else {
        let head: String = text.chars().take(4000).collect();
        Err(format!("the reports hold {}:\n{head}", bad.join(", ")))
    }
}

/// Grades `program` as exercise 01: the verdict, how long it took, the reports' sizes.
fn graded(h: &Hostile, program: &Path) -> Result<(String, Duration, (usize, usize)), String> {
    let e = catalog::select(&["01".into()]).map_err(|e| e.to_string())?[0];
    let started = Instant::now();
    let report = grade_program(e, program, &options(), &h.name, &h.name);
    let grading = started.elapsed();
    if let Some(err) = &report.error {
        return Err(format!("the grader failed: {err}"));
    }
    if report.score >= report.max_score {
        return Err(format!("scored {}/{}", report.score, report.max_score));
    }
    let all = verdicts(&report);
    if !all.iter().any(|v| v.contains(&h.expect)) {
        return Err(format!(
            "no failure says {:?}; the failures were:\n{}",
            h.expect,
            all.join("\n")
        ));
    }
    if grading > GRADING_BOUND {
        return Err(format!(
            "grading took {grading:?} (bound {GRADING_BOUND:?})"
        ));
    }
    let sizes = check_rendering(&report)?;
    Ok((all[0].clone(), grading, sizes))
}

/// Runs `program` once directly under the supervisor, to see every process it made, and checks
/// that none survives (nor any other process of this binary, from the gradings before).
fn run_directly(h: &Hostile, program: &Path) -> Result<Duration, String> {
    let started = Instant::now();
    let outcome = supervise_args(&supervisor(), program, &[], LIMIT_MS, "hostile")
        .map_err(|e| format!("the supervisor failed: {e:#}"))?;
    let took = started.elapsed();
    let mut pids: BTreeSet<i32> = outcome.leftover_processes.iter().copied().collect();
    if let Ok(obs) = &outcome.observation {
        pids.extend(obs.tasks.iter().map(|t| t.pid));
    }
    let left = survivors(pids);
    if !left.is_empty() {
        return Err(format!("processes {left:?} survived the run"));
    }
    let left = survivors(running(program));
    if !left.is_empty() {
        return Err(format!(
            "processes {left:?} of {} are still running",
            h.name
        ));
    }
    if h.name == "h_shm_leak" && outcome.leftover_shm.is_empty() {
        return Err("the leaked /dev/shm segment was not reported".into());
    }
    if h.name == "h_ipc_leak" {
        ipc_stayed_in_the_run(&outcome)?;
    }
    Ok(took)
}

/// The System V key `h_ipc_leak` uses (as printed in /proc/sysvipc/shm, in decimal).
const HOSTILE_SHM_KEY: &str = "252452357";

/// `h_ipc_leak`'s queue and segment were reported, with the queue's real size, and neither is
/// on the machine (they lived in the run's IPC namespace).
fn ipc_stayed_in_the_run(outcome: &grader::run::RunOutcome) -> Result<(), String> {
    let Ok(ipc) = &outcome.ipc else {
        if nix::unistd::geteuid().is_root() {
            return Err(format!("no IPC namespace as root: {:?}", outcome.ipc));
        }
        return Ok(()); // refused here: said so in the outcome, nothing more to look at
    };
    let name = outcome
        .stdout
        .text
        .split_whitespace()
        .nth(1)
        .ok_or_else(|| format!("h_ipc_leak printed {:?}", outcome.stdout.text))?;
    let want = [
        format!("mqueue {name}"),
        format!("sysv-shm key={HOSTILE_SHM_KEY}"),
    ];
    for w in &want {
        if !ipc.leftover.iter().any(|l| l.starts_with(w.as_str())) {
            return Err(format!("{w} was not reported as left: {ipc:?}"));
        }
    }
    let read: Vec<_> = ipc.queues.iter().filter(|q| q.name == name).collect();
    if read.len() != 1 || read[0].attr.is_none_or(|a| a.max_messages != 3) {
        return Err(format!(
            "the queue was not listed once with its real size (3): {ipc:?}"
        ));
    }
    use nix::mqueue::{MQ_OFlag, mq_open};
    match mq_open(
        name,
        MQ_OFlag::O_RDONLY,
        nix::sys::stat::Mode::empty(),
        None,
    ) {
        Err(nix::errno::Errno::ENOENT) => {}
        other => return Err(format!("{name} on the machine: mq_open gave {other:?}")),
    }
    Ok(())
}

fn check_hostile(h: &Hostile, program: &Path) -> Result<Measured, String> {
    // The direct run happens even when grading went wrong: survivors matter all the more then.
    let grading = graded(h, program);
    let direct = run_directly(h, program);
    match (grading, direct) {
        (Ok((verdict, grading, (report_bytes, github_bytes))), Ok(direct)) => Ok(Measured {
            verdict,
            grading,
            direct,
            report_bytes,
            github_bytes,
        }),
        (Err(a), Err(b)) => Err(format!("{a}\nand then: {b}")),
        (Err(why), _) | (_, Err(why)) => Err(why),
    }
}

#[test]
fn every_hostile_program_gets_a_verdict_and_leaves_nothing_behind() {
    // A private temp dir: the supervisors make their scratch dirs in it, so any left behind
    // are surely theirs (other gradings may run beside this test).
    let tmp = std::env::temp_dir().join(format!("forklings-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    use std::os::unix::fs::PermissionsExt;
    // Programs run as `nobody` under a root grader must reach their scratch dir inside it.
    std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755)).unwrap();
    // SAFETY: this is the only test of this binary, and no other thread has been started by it
    // yet, so nothing reads the environment while it changes.
    unsafe { std::env::set_var("TMPDIR", &tmp) };

    let built = grader::build::build(&root(), &["hostile".to_string()]).expect("cargo runs");
    assert!(
        built.errors.is_empty(),
        "hostile programs do not build: {:?}",
        built.errors
    );
    let shm_before = names_in(Path::new("/dev/shm"));
    let tmp_before = names_in(Path::new("/tmp"));
    let started = Instant::now();
    let results = Mutex::new(BTreeMap::new());
    let queue = Mutex::new(hostiles());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let Some(h) = queue.lock().unwrap().pop() else {
                        break;
                    };
                    let result = match built.programs.get(&h.name) {
                        Some(program) => check_hostile(&h, program),
                        None => Err(format!("no binary {} was built", h.name)),
                    };
                    results.lock().unwrap().insert(h.name.clone(), result);
                }
            });
        }
    });
    let total = started.elapsed();
    let results = results.into_inner().unwrap();

    let mut failures = BTreeMap::new();
    let mut worst: Option<(&str, Duration)> = None;
    eprintln!("hostile programs, graded as exercise 01 with a {LIMIT_MS} ms limit per run:");
    for (name, result) in &results {
        match result {
            Ok(m) => {
                eprintln!(
                    "  {name:18} grading {:>5.2} s  direct {:>5.2} s  report {:>6} B  github {:>6} B  {}",
                    m.grading.as_secs_f64(),
                    m.direct.as_secs_f64(),
                    m.report_bytes,
                    m.github_bytes,
                    m.verdict.chars().take(120).collect::<String>()
                );
                if worst.is_none_or(|(_, w)| m.grading > w) {
                    worst = Some((name, m.grading));
                }
            }
            Err(why) => {
                eprintln!("  {name:18} FAILED: {why}");
                failures.insert(name.clone(), why.clone());
            }
        }
    }
    if let Some((name, took)) = worst {
        eprintln!(
            "worst grading: {name} in {:.2} s (3 runs × {:.1} s limit); all done in {:.1} s",
            took.as_secs_f64(),
            LIMIT_MS as f64 / 1000.0,
            total.as_secs_f64()
        );
    }

    let shm_new: Vec<String> = names_in(Path::new("/dev/shm"))
        .difference(&shm_before)
        .cloned()
        .collect();
    if !shm_new.is_empty() {
        failures.insert(
            "/dev/shm".into(),
            format!("new names in the host's /dev/shm: {shm_new:?}"),
        );
    }
    // Files the programs wrote straight into /tmp stayed in each run's private /tmp.
    let tmp_new: Vec<String> = names_in(Path::new("/tmp"))
        .difference(&tmp_before)
        .filter(|n| n.starts_with("forklings-hostile-tmp-"))
        .cloned()
        .collect();
    if !tmp_new.is_empty() {
        failures.insert(
            "/tmp".into(),
            format!("files left in the machine's /tmp: {tmp_new:?}"),
        );
        for name in tmp_new {
            let _ = std::fs::remove_file(Path::new("/tmp").join(name));
        }
    }
    let sysv = std::fs::read_to_string("/proc/sysvipc/shm").unwrap_or_default();
    if sysv
        .lines()
        .any(|l| l.split_whitespace().next() == Some(HOSTILE_SHM_KEY))
    {
        failures.insert(
            "System V".into(),
            format!("a segment with key {HOSTILE_SHM_KEY} is on the machine:\n{sysv}"),
        );
    }
    let scratch: Vec<String> = names_in(&tmp)
        .into_iter()
        .filter(|n| n.starts_with("forklings-run-"))
        .collect();
    if !scratch.is_empty() {
        failures.insert(
            "scratch".into(),
            format!("scratch dirs left in {}: {scratch:?}", tmp.display()),
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(failures.is_empty(), "{failures:#?}");
}
