//! The supervisor: a small process of its own between the grader and the program.
//!
//! The grader re-executes its own binary with [`SUPERVISE_ARG`] (every binary that grades calls
//! [`enter_if_requested`] first thing in `main`). The supervisor reads a [`Spec`] on stdin,
//! becomes a child subreaper (orphans of the program are re-parented to it, not to init), gives
//! the run its own namespaces ([`super::isolation`]: private `/dev/shm`, `/tmp` and IPC),
//! starts the program in its own process group with closed stdin, captured output, a scrubbed
//! environment and a scratch TMPDIR, traces it ([`crate::observe::tracer`]), enforces the time
//! limit (SIGTERM, then SIGKILL to the group and to every traced process), removes what the run
//! left behind, and prints one JSON [`RunOutcome`] on stdout.
//!
//! Keeping this in a separate process means the grader's own waits never race with the
//! tracer's `waitpid(-1)`, and whatever the program does to its parent hits the supervisor.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::fs::FileTypeExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use nix::sys::signal::{Signal, kill, killpg};
use nix::unistd::{Gid, Pid, Uid, User, geteuid};
use serde::{Deserialize, Serialize};

use super::capture::{Capture, HEAD_BYTES, TAIL_BYTES};
use super::isolation::{self, Isolation, names_in};
use super::setup::{self, Setup, http};
use super::{Ending, FileKind, FileLeft, RunOutcome, RunPlan, SignalOutcome, SignalStep, Trigger};
use crate::i18n::{self, Lang};
use crate::observe::stall::{self, Stall};
use crate::observe::tracer::{LivePids, Step, Tracer};
use crate::t;

/// The first argument that turns a grading binary into a supervisor.
pub const SUPERVISE_ARG: &str = "__forklings-supervise";

/// Set (to anything) in the grader's environment to run without ptrace, e.g. to test the
/// "not verified here" path.
pub const NO_PTRACE_ENV: &str = "FORKLINGS_NO_PTRACE";

/// Set (to anything) in the grader's environment to run without namespaces (shared /tmp,
/// /dev/shm and IPC), e.g. to test how a grader that is refused them reports it.
pub const NO_NAMESPACES_ENV: &str = "FORKLINGS_NO_NAMESPACES";

/// How long a program gets between SIGTERM and SIGKILL.
const GRACE: Duration = Duration::from_millis(200);

/// Address space of each process of a run (`RLIMIT_AS`).
pub const MEMORY_LIMIT_MIB: u64 = 1024;
/// Largest file a run may write (`RLIMIT_FSIZE`).
pub const FILE_LIMIT_MIB: u64 = 64;
/// Processes and threads a run may create in all, counted by the tracer (`RLIMIT_NPROC` does
/// not bind root, and counts per user rather than per run).
pub const MAX_TASKS: usize = 256;
/// Files of the scratch dir listed in [`RunOutcome::files`], at most.
pub const MAX_FILES_LISTED: usize = 1000;

/// What the supervisor is asked to do.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Spec {
    pub program: PathBuf,
    pub args: Vec<String>,
    pub timeout_ms: u64,
    pub trace: bool,
    /// Give the run its own namespaces (private /dev/shm, /tmp, IPC) where the system allows.
    #[serde(default = "yes")]
    pub isolate: bool,
    /// The grader's language: the words the supervisor puts in the outcome (why a run was
    /// stopped, how isolated it was) are in it.
    #[serde(default)]
    pub lang: Lang,
    /// Files and a loopback server to have ready before the program starts.
    #[serde(default)]
    pub setup: Setup,
    /// A signal to send the program's process group during the run, and its trigger.
    #[serde(default)]
    pub signal: Option<SignalStep>,
}

fn yes() -> bool {
    true
}

/// Call first thing in `main` of every binary that grades: when started as a supervisor, this
/// does the supervisor's work and exits; otherwise it returns at once.
pub fn enter_if_requested() {
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == SUPERVISE_ARG)
    {
        let code = match supervisor_main() {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("forklings supervisor: {e:#}");
                2
            }
        };
        std::process::exit(code);
    }
}

/// Runs `program` under a supervisor started from `supervisor_exe`; returns what it reported.
pub fn supervise(exe: &Path, program: &Path, plan: &RunPlan) -> anyhow::Result<RunOutcome> {
    supervise_with(
        exe,
        program,
        &plan.args(),
        plan.timeout_ms,
        plan.signal.as_ref(),
        &plan.describe(),
        &plan.setup,
    )
}

/// Like [`supervise`], with the arguments as given and no signal step; `what` names the run
/// in errors.
pub fn supervise_args(
    exe: &Path,
    program: &Path,
    args: &[String],
    timeout_ms: u64,
    what: &str,
) -> anyhow::Result<RunOutcome> {
    supervise_with(
        exe,
        program,
        args,
        timeout_ms,
        None,
        what,
        &Setup::default(),
    )
}

/// Like [`supervise_args`], with what the run needs ready before it starts (`setup`) and a
/// signal step: `signal`'s signal goes to the program's process group when its trigger fires.
pub fn supervise_with(
    exe: &Path,
    program: &Path,
    args: &[String],
    timeout_ms: u64,
    signal: Option<&SignalStep>,
    what: &str,
    setup: &Setup,
) -> anyhow::Result<RunOutcome> {
    // The program starts in its scratch dir: a relative path would point nowhere.
    let program = std::fs::canonicalize(program)
        .with_context(|| t!("supervisor.no_program", program = program.display()))?;
    let spec = Spec {
        program,
        args: args.to_vec(),
        timeout_ms,
        trace: std::env::var_os(NO_PTRACE_ENV).is_none(),
        isolate: std::env::var_os(NO_NAMESPACES_ENV).is_none(),
        lang: i18n::current(),
        setup: setup.clone(),
        signal: signal.cloned(),
    };
    let mut child = Command::new(exe)
        .arg(SUPERVISE_ARG)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| t!("supervisor.cannot_start", exe = exe.display()))?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    stdin.write_all(&serde_json::to_vec(&spec)?)?;
    drop(stdin);
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let out_reader = thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    let err_reader = thread::spawn(move || {
        let mut buf = String::new();
        let _ = stderr.read_to_string(&mut buf);
        buf
    });
    // Backstop: the supervisor enforces the limit itself; this only guards against a
    // supervisor that hangs (its death kills the traced program through PTRACE_O_EXITKILL).
    let deadline = Instant::now() + Duration::from_millis(timeout_ms) + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            bail!(t!("supervisor.hung", what = what));
        }
        thread::sleep(Duration::from_millis(2));
    };
    let out = out_reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    if !status.success() {
        // A supervisor that did not finish its work did not clean up either.
        let _ = std::fs::remove_dir_all(scratch_dir(child.id()));
    }
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        // Only the program runs beside the supervisor: a signal that killed it came from the
        // program (its tracees died with it, through PTRACE_O_EXITKILL and the death signal).
        let name = Signal::try_from(signal).map_or_else(|_| signal.to_string(), |s| s.to_string());
        return Ok(RunOutcome {
            ending: Ending::Killed(t!("supervisor.parent_killed", signal = name)),
            elapsed_ms: 0,
            stdout: Default::default(),
            stderr: Default::default(),
            observation: Err(t!("supervisor.killed_by_program")),
            leftover_processes: Vec::new(),
            leftover_shm: Vec::new(),
            isolation_note: None,
            stall: None,
            ipc: Err(t!("supervisor.killed_by_program")),
            http: None,
            signal: None,
            files: Vec::new(),
            cpus: None,
        });
    }
    if !status.success() {
        bail!(t!(
            "supervisor.failed",
            status = status,
            what = what,
            error = err.trim()
        ));
    }
    serde_json::from_slice(&out)
        .with_context(|| t!("supervisor.bad_report", what = what, bytes = out.len()))
}

fn supervisor_main() -> anyhow::Result<()> {
    let mut input = Vec::new();
    std::io::stdin().read_to_end(&mut input)?;
    let spec: Spec = serde_json::from_slice(&input).context("reading the run spec on stdin")?;
    i18n::set_current(spec.lang);
    // Orphans of the program come to us, so nothing escapes by double-forking.
    nix::sys::prctl::set_child_subreaper(true).context("PR_SET_CHILD_SUBREAPER")?;
    // The program is opened before /tmp is replaced: it may live there (tests, a teacher's
    // scratch build).
    let mut program = Program::open(&spec.program)?;
    // Private /dev/shm, /tmp and IPC where the system allows them: what the run leaves there is
    // surely its own, even while other gradings run beside it, and vanishes with it.
    let isolation = if spec.isolate {
        isolation::isolate(&spec.program)
    } else {
        Isolation::none(t!("isolation.off", variable = NO_NAMESPACES_ENV))
    };
    program.reach(&isolation);
    let outcome = run(&spec, &program, &isolation)?;
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer(&mut stdout, &outcome)?;
    stdout.flush()?;
    Ok(())
}

/// The program to run, opened before the namespaces. One that lives under `/tmp` (tests, a
/// teacher's scratch build) is hidden by the private `/tmp`: [`isolation::isolate`] puts it back
/// at its path; where that fails, it is executed from this descriptor.
struct Program {
    path: PathBuf,
    fd: OwnedFd,
    /// A `#!` script: its interpreter opens the path it was given after the exec.
    script: bool,
    /// Executed as `/proc/self/fd/N`, where its path could not be put back (the kernel then
    /// names the process after the number).
    by_fd: bool,
}

impl Program {
    fn open(path: &Path) -> anyhow::Result<Program> {
        use nix::fcntl::{OFlag, open};
        let fd = open(
            path,
            OFlag::O_PATH | OFlag::O_CLOEXEC,
            nix::sys::stat::Mode::empty(),
        )
        .with_context(|| t!("supervisor.no_program", program = path.display()))?;
        let mut magic = [0u8; 2];
        let script = std::fs::File::open(path)
            .and_then(|mut f| f.read_exact(&mut magic))
            .is_ok()
            && &magic == b"#!";
        Ok(Program {
            path: path.to_path_buf(),
            fd,
            script,
            by_fd: false,
        })
    }

    /// After the namespaces: a program that could not be put back at its path under the
    /// private `/tmp` runs from the descriptor.
    fn reach(&mut self, isolation: &Isolation) {
        self.by_fd = !isolation.program_at_path;
    }

    fn exec_path(&self) -> PathBuf {
        if self.by_fd {
            PathBuf::from(format!("/proc/self/fd/{}", self.fd.as_raw_fd()))
        } else {
            self.path.clone()
        }
    }
}

/// Names in /dev/shm now (POSIX shared memory segments).
fn shm_names() -> BTreeSet<String> {
    names_in(Path::new("/dev/shm"))
}

/// Processes whose process group is `pgid` (found in /proc), to catch any the tracer missed.
fn group_members(pgid: i32) -> Vec<i32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|stat| {
                    // Fields after the command name, which is in parentheses and may hold spaces.
                    let rest = &stat[stat.rfind(')')? + 2..];
                    rest.split(' ').nth(2)?.parse::<i32>().ok()
                })
                == Some(pgid)
        })
        .collect()
}

/// Where every live task of the run waits, read before anything is signalled: the tracer's
/// live tasks and, for an untraced run, the members of its process group.
fn stall_at_limit(pgid: i32, live: &LivePids) -> Stall {
    let mut pids: BTreeSet<i32> = live.lock().expect("live pids").iter().copied().collect();
    pids.extend(group_members(pgid));
    stall::take(pgid, pids)
}

fn kill_all(pgid: i32, live: &LivePids, signal: Signal) {
    let _ = killpg(Pid::from_raw(pgid), signal);
    for pid in live.lock().expect("live pids").iter() {
        let _ = kill(Pid::from_raw(*pid), signal);
    }
}

fn scrubbed_env(scratch: &Path) -> Vec<(String, String)> {
    let dir = scratch.to_string_lossy().into_owned();
    vec![
        ("PATH".into(), "/usr/local/bin:/usr/bin:/bin".into()),
        ("HOME".into(), dir.clone()),
        ("TMPDIR".into(), dir),
        ("LANG".into(), "C.UTF-8".into()),
        ("RUST_BACKTRACE".into(), "0".into()),
        // glibc gives each thread that allocates a malloc arena of its own, up to 8 per CPU,
        // each reserving 64 MiB of address space: with the run's 1 GiB limit, a program of a
        // few dozen threads could not start one more (EAGAIN from pthread_create). Four arenas
        // reserve 256 MiB and change nothing a program can see but its address space.
        ("MALLOC_ARENA_MAX".into(), "4".into()),
    ]
}

/// Sends a plan's signal step to the run's process group, once, from whichever thread sees its
/// trigger first: the stdout capture (a line trigger) or a timer (a time trigger).
struct Signaller {
    pgid: i32,
    step: SignalStep,
    t0: Instant,
    state: Mutex<SignalState>,
}

#[derive(Default)]
struct SignalState {
    /// stdout lines arrived so far, and those of the trigger's kind.
    lines: usize,
    matching: usize,
    /// When it was sent (µs) and how many lines had arrived then.
    sent: Option<(u64, usize)>,
    /// The main process has ended: its group id may soon belong to someone else.
    over: bool,
}

impl Signaller {
    fn new(pgid: i32, step: SignalStep, t0: Instant) -> Arc<Self> {
        Arc::new(Signaller {
            pgid,
            step,
            t0,
            state: Mutex::default(),
        })
    }

    /// The lines completed by one read of stdout, and how many have arrived in all. Every line
    /// of the read arrived before the signal, so all of them count as printed before it.
    fn lines(&self, lines: &[Vec<u8>], total: usize) {
        let mut s = self.state.lock().expect("signal state");
        s.lines = total;
        if let Trigger::AfterLines { count, .. } = &self.step.trigger {
            s.matching += lines
                .iter()
                .filter(|l| self.step.trigger.matches(l))
                .count();
            if s.matching >= *count {
                self.send(&mut s);
            }
        }
    }

    fn time_up(&self) {
        let mut s = self.state.lock().expect("signal state");
        self.send(&mut s);
    }

    fn send(&self, s: &mut SignalState) {
        if s.sent.is_some() || s.over {
            return;
        }
        let at_us = self.t0.elapsed().as_micros() as u64;
        let _ = killpg(Pid::from_raw(self.pgid), self.step.signal.nix());
        s.sent = Some((at_us, s.lines));
    }

    /// The main process has ended: no signal from now on.
    fn close(&self) {
        self.state.lock().expect("signal state").over = true;
    }

    fn outcome(&self) -> SignalOutcome {
        let s = self.state.lock().expect("signal state");
        match s.sent {
            Some((at_us, lines)) => SignalOutcome::Sent { at_us, lines },
            None => SignalOutcome::NotSent {
                matching: s.matching,
            },
        }
    }
}

/// The regular files and Unix sockets under `dir` (relative paths, `/`-separated), in path
/// order, at most [`MAX_FILES_LISTED`]; symbolic links are not followed.
fn files_under(dir: &Path) -> Vec<FileLeft> {
    fn walk(root: &Path, dir: &Path, depth: usize, out: &mut Vec<FileLeft>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            if out.len() >= MAX_FILES_LISTED {
                return;
            }
            let Ok(meta) = e.path().symlink_metadata() else {
                continue;
            };
            if meta.is_dir() && depth < 8 {
                walk(root, &e.path(), depth + 1, out);
            } else if meta.is_file() || meta.file_type().is_socket() {
                let path = e.path();
                let rel = path.strip_prefix(root).unwrap_or(&path);
                out.push(FileLeft {
                    path: rel.to_string_lossy().into_owned(),
                    bytes: meta.len(),
                    kind: if meta.is_file() {
                        FileKind::File
                    } else {
                        FileKind::Socket
                    },
                });
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, 0, &mut out);
    out
}

/// The unprivileged account a root grader runs programs as.
pub const RUN_AS: &str = "nobody";

/// Who to run the program as: `RUN_AS` when we are root, else nobody else is possible.
fn unprivileged() -> Result<(Uid, Gid), String> {
    if !geteuid().is_root() {
        return Err(t!("supervisor.not_root", user = RUN_AS));
    }
    match User::from_name(RUN_AS) {
        Ok(Some(user)) => Ok((user.uid, user.gid)),
        _ => Err(t!("supervisor.no_user", user = RUN_AS)),
    }
}

fn spawn(
    spec: &Spec,
    args: &[String],
    program: &Program,
    scratch: &Path,
    trace: bool,
    user: Option<(Uid, Gid)>,
) -> std::io::Result<std::process::Child> {
    let mut cmd = Command::new(program.exec_path());
    // The interpreter of a script run from the descriptor opens `/proc/self/fd/N`: keep it.
    let (fd, keep_fd) = (program.fd.as_raw_fd(), program.by_fd && program.script);
    cmd.arg0(&spec.program)
        .args(args)
        .env_clear()
        .envs(scrubbed_env(scratch))
        .current_dir(scratch)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    // SAFETY: the closure runs in the forked child before exec and only makes raw system calls
    // (sigaction, sigprocmask, fcntl, setgroups, setgid, setuid, prctl, setrlimit, ptrace),
    // which are async-signal-safe; it allocates nothing and takes no lock.
    unsafe {
        cmd.pre_exec(move || {
            // Every program starts with every signal's default action and none blocked, however
            // the grader was started: a shell runs a background job (`cargo test &`, a CI
            // step) with SIGINT and SIGQUIT ignored, and ignored signals survive fork and exec.
            // A program whose workers forget to ignore Ctrl-C would then pass for one that
            // does.
            for sig in Signal::iterator() {
                if sig != Signal::SIGKILL && sig != Signal::SIGSTOP {
                    // SAFETY: restoring the default action installs no handler.
                    let _ = nix::sys::signal::signal(sig, nix::sys::signal::SigHandler::SigDfl);
                }
            }
            nix::sys::signal::sigprocmask(
                nix::sys::signal::SigmaskHow::SIG_SETMASK,
                Some(&nix::sys::signal::SigSet::empty()),
                None,
            )?;
            if keep_fd {
                // SAFETY: `fd` is the supervisor's open descriptor of the program, inherited.
                let fd = std::os::fd::BorrowedFd::borrow_raw(fd);
                nix::fcntl::fcntl(
                    fd,
                    nix::fcntl::FcntlArg::F_SETFD(nix::fcntl::FdFlag::empty()),
                )?;
            }
            if let Some((uid, gid)) = user {
                nix::unistd::setgroups(&[gid])?;
                nix::unistd::setgid(gid)?;
                nix::unistd::setuid(uid)?;
            }
            // Die with the supervisor even when not traced (set after setuid, which clears it).
            nix::sys::prctl::set_pdeathsig(Signal::SIGKILL)?;
            use nix::sys::resource::{Resource, setrlimit};
            let mib = 1024 * 1024;
            setrlimit(
                Resource::RLIMIT_AS,
                MEMORY_LIMIT_MIB * mib,
                MEMORY_LIMIT_MIB * mib,
            )?;
            setrlimit(
                Resource::RLIMIT_FSIZE,
                FILE_LIMIT_MIB * mib,
                FILE_LIMIT_MIB * mib,
            )?;
            setrlimit(Resource::RLIMIT_CORE, 0, 0)?;
            if trace {
                nix::sys::ptrace::traceme()?;
            }
            Ok(())
        });
    }
    cmd.spawn()
}

/// The scratch dir (the program's cwd, HOME and TMPDIR) of the supervisor with this pid.
fn scratch_dir(supervisor_pid: u32) -> PathBuf {
    std::env::temp_dir().join(format!("forklings-run-{supervisor_pid}"))
}

/// Removes the scratch dir however `run` ends.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(spec: &Spec, program: &Program, isolation: &Isolation) -> anyhow::Result<RunOutcome> {
    let scratch = scratch_dir(std::process::id());
    std::fs::create_dir_all(&scratch)
        .with_context(|| t!("supervisor.no_scratch", dir = scratch.display()))?;
    let _cleanup = Scratch(scratch.clone());
    let shm_before = shm_names();

    // As root, run the program as an unprivileged user, so it cannot touch the grader, the
    // solutions or anyone's files; fall back to our own user when that cannot work here (no
    // such user, or the program is not reachable by it).
    let mut isolation_note = None;
    let mut user = match unprivileged() {
        Ok(ids) => Some(ids),
        Err(why) => {
            isolation_note = Some(why);
            None
        }
    };
    if let Some((uid, gid)) = user
        && let Err(e) = nix::unistd::chown(&scratch, Some(uid), Some(gid))
    {
        isolation_note = Some(t!("supervisor.chown_failed", user = RUN_AS, error = e));
        user = None;
    }
    let program_is_root = user.is_none() && geteuid().is_root();
    setup::files::write_all(&scratch, &spec.setup.files, program_is_root)
        .with_context(|| t!("supervisor.no_setup_files", dir = scratch.display()))?;

    let t0 = Instant::now();
    // The server is up before the program starts, and its port is in the program's arguments.
    let server = spec
        .setup
        .http
        .as_ref()
        .map(|h| http::Server::start(h, t0).map_err(|e| t!("supervisor.no_server", error = e)));
    let args = match &server {
        Some(Ok(s)) => setup::with_port(&spec.args, s.port()),
        _ => spec.args.clone(),
    };
    let first = match spawn(spec, &args, program, &scratch, spec.trace, user) {
        Err(e) if user.is_some() && e.kind() == std::io::ErrorKind::PermissionDenied => {
            isolation_note = Some(t!(
                "supervisor.user_may_not_run",
                user = RUN_AS,
                program = spec.program.display(),
                error = e
            ));
            spawn(spec, &args, program, &scratch, spec.trace, None)
        }
        other => other,
    };
    let (mut child, mut traced, mut refused) = match first {
        Ok(child) => (child, spec.trace, None),
        Err(e) if spec.trace && e.raw_os_error().is_some_and(|c| c == nix::libc::EPERM) => {
            let child = spawn(spec, &args, program, &scratch, false, None)
                .with_context(|| t!("supervisor.cannot_run", program = spec.program.display()))?;
            (
                child,
                false,
                Some(t!("supervisor.ptrace_refused", error = e)),
            )
        }
        Err(e) => {
            return Err(e)
                .with_context(|| t!("supervisor.cannot_run", program = spec.program.display()));
        }
    };
    if !spec.trace {
        refused = Some(t!("supervisor.ptrace_off", variable = NO_PTRACE_ENV));
    }
    let root = child.id() as i32;
    let signaller = spec
        .signal
        .clone()
        .map(|step| Signaller::new(root, step, t0));
    let stdout = child.stdout.take().expect("piped stdout");
    let stderr = child.stderr.take().expect("piped stderr");
    let (cap_tx, cap_rx) = mpsc::channel();
    for (i, stream) in [Box::new(stdout) as Box<dyn Read + Send>, Box::new(stderr)]
        .into_iter()
        .enumerate()
    {
        let tx = cap_tx.clone();
        // stdout's lines are timed on the observation's clock (checks compare the two).
        let capture = match i {
            0 => Capture::new(HEAD_BYTES, TAIL_BYTES).timed(t0),
            _ => Capture::new(HEAD_BYTES, TAIL_BYTES),
        };
        // A line trigger watches stdout as it arrives; a time trigger has its own timer.
        let capture = match &signaller {
            Some(s) if i == 0 => {
                let s = s.clone();
                capture.watched(Box::new(move |lines, total| s.lines(lines, total)))
            }
            _ => capture,
        };
        thread::spawn(move || {
            let _ = tx.send((i, capture.read_to_end(stream)));
        });
    }
    drop(cap_tx);

    let live: LivePids = LivePids::default();
    let mut tracer = match Tracer::start(root, t0, traced, live.clone()) {
        Ok(t) => t,
        Err(why) => {
            // Could not take hold of it: let it run untraced rather than fail the student.
            traced = false;
            refused = Some(why);
            let _ = nix::sys::ptrace::detach(Pid::from_raw(root), None);
            Tracer::start(root, t0, false, live.clone()).map_err(anyhow::Error::msg)?
        }
    };

    // The watchdog: at the limit, SIGTERM everything, then SIGKILL after a grace period.
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let timed_out = Arc::new(Mutex::new(false));
    let stall = Arc::new(Mutex::new(None));
    let watchdog = {
        let live = live.clone();
        let timed_out = timed_out.clone();
        let stall = stall.clone();
        let limit = Duration::from_millis(spec.timeout_ms);
        thread::spawn(move || {
            if done_rx.recv_timeout(limit) != Err(mpsc::RecvTimeoutError::Timeout) {
                return;
            }
            *timed_out.lock().expect("flag") = true;
            *stall.lock().expect("stall") = Some(stall_at_limit(root, &live));
            kill_all(root, &live, Signal::SIGTERM);
            if done_rx.recv_timeout(GRACE) == Err(mpsc::RecvTimeoutError::Timeout) {
                kill_all(root, &live, Signal::SIGKILL);
            }
        })
    };

    let (timer_tx, timer_rx) = mpsc::channel::<()>();
    let timer = match signaller.as_ref().map(|s| (s, &s.step.trigger)) {
        Some((s, Trigger::AfterMs { ms })) => {
            let (s, wait) = (s.clone(), Duration::from_millis(*ms));
            Some(thread::spawn(move || {
                if timer_rx.recv_timeout(wait) == Err(mpsc::RecvTimeoutError::Timeout) {
                    s.time_up();
                }
            }))
        }
        _ => None,
    };

    let mut root_exit = None;
    let mut elapsed = Duration::ZERO;
    let mut leftovers: Vec<i32> = Vec::new();
    let mut broke_limit = None;
    loop {
        let step = tracer.step();
        if tracer.created() > MAX_TASKS {
            // A fork storm: stop it at once, and keep stopping what it still spawns.
            broke_limit.get_or_insert_with(|| t!("supervisor.fork_storm", max = MAX_TASKS));
            kill_all(root, &live, Signal::SIGKILL);
        }
        match step {
            Step::Continue => {}
            Step::RootExited(exit) => {
                elapsed = t0.elapsed();
                if let Some(s) = &signaller {
                    s.close();
                }
                root_exit = Some(exit);
                let mut left: BTreeSet<i32> = tracer.live_processes().into_iter().collect();
                left.extend(group_members(root));
                leftovers = left.into_iter().collect();
                kill_all(root, &live, Signal::SIGKILL);
                for pid in &leftovers {
                    let _ = kill(Pid::from_raw(*pid), Signal::SIGKILL);
                }
            }
            Step::Done => break,
        }
    }
    let _ = done_tx.send(());
    let _ = watchdog.join();
    if let Some(s) = &signaller {
        s.close();
    }
    let _ = timer_tx.send(());
    if let Some(timer) = timer {
        let _ = timer.join();
    }
    let timed_out = *timed_out.lock().expect("flag");
    let stall = stall.lock().expect("stall").take();

    // Every process is gone, so the pipes are closed; bound the wait all the same.
    let mut captured = [None, None];
    while let Ok((i, cap)) = cap_rx.recv_timeout(Duration::from_secs(2)) {
        captured[i] = Some(cap);
        if captured.iter().all(Option::is_some) {
            break;
        }
    }
    let [stdout, stderr] = captured.map(Option::unwrap_or_default);

    let http = server.map(|s| s.map(http::Server::stop));

    let leftover_shm: Vec<String> = shm_names().difference(&shm_before).cloned().collect();
    if !isolation.private_shm {
        for name in &leftover_shm {
            let _ = std::fs::remove_file(Path::new("/dev/shm").join(name));
        }
    }
    let ipc = match &isolation.ipc {
        Ok(watch) => Ok(watch.report()),
        Err(why) => Err(why.clone()),
    };

    let stopped_early = timed_out || broke_limit.is_some();
    let ending = match (broke_limit, timed_out, root_exit) {
        (Some(why), _, _) => Ending::Killed(why),
        (None, true, _) => Ending::TimedOut,
        (None, false, Some(exit)) => Ending::Finished(exit),
        (None, false, None) => Ending::Killed(t!("supervisor.vanished")),
    };
    if stopped_early {
        elapsed = t0.elapsed();
        leftovers.clear();
    }
    let observation = match refused {
        Some(why) if !traced => Err(why),
        _ => Ok(tracer.finish()),
    };
    let files = files_under(&scratch);
    Ok(RunOutcome {
        ending,
        elapsed_ms: elapsed.as_millis() as u64,
        stdout,
        stderr,
        observation,
        leftover_processes: leftovers,
        leftover_shm,
        isolation_note,
        stall,
        ipc,
        http,
        signal: signaller.map(|s| s.outcome()),
        files,
        cpus: thread::available_parallelism()
            .ok()
            .and_then(|n| u32::try_from(n.get()).ok()),
    })
}
