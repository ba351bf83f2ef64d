//! Running one program once, under the supervisor: the plan (arguments and limits the grader
//! chose), the outcome (how it ended, what it printed, what the kernel saw, what it left
//! behind), and the health verdict every check starts from.

use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use crate::observe::exit_words;
use crate::observe::stall::Stall;
use crate::observe::{Exit, Observation};
use crate::parse::{self, Line, Panic};
use crate::t;
use crate::verdict::{Failure, Problem};

pub mod capture;
pub mod isolation;
pub mod setup;
pub mod stalled;
pub mod supervisor;

/// One run the grader will make: a label for the report, the arguments, the time limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunPlan {
    /// Shown in reports: `defaults`, `random`, `stress 2/3`…
    pub label: String,
    /// `--name value` pairs; a flag has an empty value and is passed as `--name` alone.
    pub params: Vec<(String, String)>,
    /// Wall-clock limit; the whole process group is killed after it.
    pub timeout_ms: u64,
    /// What the grader prepares before the program starts: files in its scratch directory, a
    /// loopback server (`{port}` in an argument value stands for its port).
    #[serde(default, skip_serializing_if = "setup::Setup::is_empty")]
    pub setup: setup::Setup,
    /// A signal the grader sends the program's process group during the run (a user's
    /// Ctrl-C), and what triggers it; `None`: the run is left alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal: Option<SignalStep>,
}

/// A step of a run plan: send `signal` to the program's whole process group, once, when
/// `trigger` fires — what a terminal does on Ctrl-C.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignalStep {
    pub signal: StepSignal,
    pub trigger: Trigger,
}

/// The signals a plan may send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum StepSignal {
    /// Ctrl-C.
    Sigint,
    /// What `kill` and service managers send.
    Sigterm,
}

impl StepSignal {
    pub fn nix(self) -> nix::sys::signal::Signal {
        match self {
            StepSignal::Sigint => nix::sys::signal::Signal::SIGINT,
            StepSignal::Sigterm => nix::sys::signal::Signal::SIGTERM,
        }
    }

    /// How a user sends it: `Ctrl-C`, `SIGTERM`.
    pub fn words(self) -> &'static str {
        match self {
            StepSignal::Sigint => "Ctrl-C (SIGINT)",
            StepSignal::Sigterm => "SIGTERM",
        }
    }
}

/// When a [`SignalStep`] fires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// Once the `count`-th stdout line that starts with `prefix` has arrived (`count` ≥ 1).
    AfterLines { prefix: String, count: usize },
    /// `ms` milliseconds after the program started.
    AfterMs { ms: u64 },
}

impl Trigger {
    /// Whether a stdout line counts towards an [`Trigger::AfterLines`] trigger.
    pub fn matches(&self, line: &[u8]) -> bool {
        match self {
            Trigger::AfterLines { prefix, .. } => line.starts_with(prefix.as_bytes()),
            Trigger::AfterMs { .. } => false,
        }
    }
}

/// What became of a plan's [`SignalStep`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalOutcome {
    /// Sent at `at_us` (µs since the start, the clock of [`Captured::line_us`]), when `lines`
    /// stdout lines had arrived: lines `1..=lines` were printed before it.
    Sent { at_us: u64, lines: usize },
    /// Never sent: the program ended first; `matching` lines of the trigger's kind arrived.
    NotSent { matching: usize },
}

impl RunPlan {
    /// A plan with no parameters (the program's own defaults) and a 3 s limit.
    pub fn new(label: impl Into<String>) -> Self {
        RunPlan {
            label: label.into(),
            params: Vec::new(),
            timeout_ms: 3_000,
            setup: setup::Setup::default(),
            signal: None,
        }
    }

    /// Sends `signal` to the program's process group once `trigger` fires.
    pub fn signal(mut self, signal: StepSignal, trigger: Trigger) -> Self {
        self.signal = Some(SignalStep { signal, trigger });
        self
    }

    pub fn param(mut self, name: &str, value: impl ToString) -> Self {
        self.params.push((name.to_string(), value.to_string()));
        self
    }

    pub fn flag(mut self, name: &str) -> Self {
        self.params.push((name.to_string(), String::new()));
        self
    }

    /// Asks for a file in the run's scratch directory.
    pub fn file(mut self, file: setup::FileSpec) -> Self {
        self.setup.files.push(file);
        self
    }

    /// Asks for a loopback HTTP server for the run.
    pub fn http(mut self, server: setup::HttpSpec) -> Self {
        self.setup.http = Some(server);
        self
    }

    pub fn timeout(mut self, limit: Duration) -> Self {
        self.timeout_ms = limit.as_millis() as u64;
        self
    }

    /// A parameter's value, parsed. `None` when the plan does not set it (the program's
    /// default applies) or it does not parse.
    pub fn get<T: std::str::FromStr>(&self, name: &str) -> Option<T> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.parse().ok())
    }

    pub fn has_flag(&self, name: &str) -> bool {
        self.params.iter().any(|(k, v)| k == name && v.is_empty())
    }

    /// The command-line arguments this plan gives the program.
    pub fn args(&self) -> Vec<String> {
        let mut args = Vec::new();
        for (k, v) in &self.params {
            args.push(format!("--{k}"));
            if !v.is_empty() {
                args.push(v.clone());
            }
        }
        args
    }

    /// `label (args: --workers 3 …)`, to say which run failed and how to replay it by hand;
    /// with a signal step, also when to send it (`then Ctrl-C after the 3rd 'done' line`).
    pub fn describe(&self) -> String {
        let args = self.args();
        let run = if args.is_empty() {
            t!("run.describe.defaults", label = self.label)
        } else {
            t!(
                "run.describe.args",
                label = self.label,
                args = args.join(" ")
            )
        };
        match &self.signal {
            None => run,
            Some(step) => format!("{run}, {}", step.describe()),
        }
    }
}

impl SignalStep {
    /// `then Ctrl-C (SIGINT) after the 3rd line starting with 'done'`.
    pub fn describe(&self) -> String {
        let signal = self.signal.words();
        match &self.trigger {
            Trigger::AfterLines { prefix, count } => t!(
                "run.describe.signal_lines",
                signal = signal,
                count = count,
                prefix = prefix
            ),
            Trigger::AfterMs { ms } => t!("run.describe.signal_time", signal = signal, ms = ms),
        }
    }
}

/// Output of one stream, bounded: the head in full up to the cap, then a tail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Captured {
    /// The kept text (invalid UTF-8 replaced); when bytes were cut, head and tail are joined
    /// by a marker line.
    pub text: String,
    /// Total bytes the program wrote on this stream.
    pub total_bytes: u64,
    /// Bytes not kept (0 when everything was kept).
    pub cut_bytes: u64,
    /// stdout only: when each line of the kept head arrived (its newline was read), in µs
    /// since the run started — the clock of [`crate::observe::Task::start_us`]. Line `n`
    /// (1-based) arrived at `line_us[n - 1]`; at most [`capture::MAX_LINE_TIMES`] lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub line_us: Vec<u64>,
}

/// How the run ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ending {
    /// The program's main process ended by itself.
    Finished(Exit),
    /// The time limit passed; the whole run was killed.
    TimedOut,
    /// The run was stopped by the supervisor for breaking a limit (what, in words).
    Killed(String),
}

/// Everything the supervisor reports about one run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunOutcome {
    pub ending: Ending,
    pub elapsed_ms: u64,
    pub stdout: Captured,
    pub stderr: Captured,
    /// What the kernel saw, or why it could not be seen (ptrace refused, …).
    pub observation: Result<Observation, String>,
    /// Processes of the run still alive when its main process ended (then killed).
    pub leftover_processes: Vec<i32>,
    /// Shared-memory segments (`/dev/shm` names) the run created and did not remove
    /// (removed by the supervisor afterwards).
    pub leftover_shm: Vec<String>,
    /// Why the program did not run as an unprivileged user (`None`: it did).
    #[serde(default)]
    pub isolation_note: Option<String>,
    /// At the time limit, before anything was signalled: every task still alive and where it
    /// waited (`None` when the run did not time out).
    #[serde(default)]
    pub stall: Option<Stall>,
    /// What the run did in its own IPC namespace (message queues it created, what it left
    /// there), or why the grader could not look.
    #[serde(default = "ipc_not_observed")]
    pub ipc: Result<IpcReport, String>,
    /// What the run's loopback server saw (`None`: the plan asked for none), or why it could
    /// not be started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<Result<setup::HttpLog, String>>,
    /// What became of the plan's signal step (`None`: the plan had none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal: Option<SignalOutcome>,
    /// Regular files and Unix sockets in the run's scratch dir (its cwd, HOME and TMPDIR) when it
    /// ended, those the plan's setup put there included; removed afterwards: at most
    /// [`supervisor::MAX_FILES_LISTED`], in path order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileLeft>,
    /// How many CPUs the run could use (`available_parallelism` in the supervisor: its
    /// affinity mask and cgroup quota, which the program inherits). `None`: not known.
    #[serde(default)]
    pub cpus: Option<u32>,
}

/// A regular file or a Unix socket a run left in its scratch dir.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileLeft {
    /// Relative to the scratch dir, `/`-separated: `out/job-3.txt`.
    pub path: String,
    pub bytes: u64,
    /// What it is (outcomes stored before sockets were listed hold only regular files).
    #[serde(default)]
    pub kind: FileKind,
}

/// The kind of a [`FileLeft`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// A regular file.
    #[default]
    File,
    /// A Unix socket's name in the file system (`bind` made it; only `remove_file` removes it).
    Socket,
}

fn ipc_not_observed() -> Result<IpcReport, String> {
    Err(t!("isolation.not_observed"))
}

/// The run's IPC namespace, as the supervisor saw it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpcReport {
    /// Every POSIX message queue the run created, in the order they appeared.
    pub queues: Vec<QueueSeen>,
    /// What was still there when the run ended (`mqueue /name`, `sysv-shm key=… id=…`,
    /// `sysv-sem …`, `sysv-msg …`); gone with the namespace afterwards.
    pub leftover: Vec<String>,
}

/// One POSIX message queue the run created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueSeen {
    /// `/name`, as given to `mq_open`.
    pub name: String,
    /// Its real attributes; `None` when it was gone before the grader could open it.
    pub attr: Option<QueueAttr>,
}

/// A message queue's attributes, as `mq_getattr` gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueAttr {
    /// `mq_maxmsg`: how many messages it holds before a send blocks.
    pub max_messages: i64,
    /// `mq_msgsize`: the largest message, in bytes.
    pub message_size: i64,
}

/// A plan and what came of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub plan: RunPlan,
    pub outcome: RunOutcome,
}

impl Run {
    /// The program's stdout, tokenized.
    pub fn lines(&self) -> Vec<Line> {
        parse::lines(&self.outcome.stdout.text)
    }

    /// What the kernel saw, or `NotVerified` with the reason it could not look.
    pub fn observation(&self) -> Result<&Observation, Problem> {
        self.outcome
            .observation
            .as_ref()
            .map_err(|why| Problem::NotVerified(t!("run.not_verified", why = why)))
    }

    /// The last `n` lines of stdout, to show what a program printed before it stopped.
    /// When `line` of stdout arrived at the grader, in µs since the run started (the clock of
    /// the observation): the supervisor's view of "when the program printed it", not the
    /// program's word. `None` for lines it did not time (past the head, or a crafted run).
    /// (Unit tests craft timed runs with `fixture::timed`.)
    pub fn arrival_us(&self, line: &Line) -> Option<u64> {
        line.no
            .checked_sub(1)
            .and_then(|i| self.outcome.stdout.line_us.get(i))
            .copied()
    }

    pub fn last_lines(&self, n: usize) -> Vec<Line> {
        let all = self.lines();
        let from = all.len().saturating_sub(n);
        all[from..].to_vec()
    }

    /// Whether the run ended normally: main process exited 0 in time, no panic.
    ///
    /// Every check calls this first, so a stub's `todo!()` or a deadlock is reported once,
    /// in words a student understands, instead of as a wrong value.
    pub fn healthy(&self) -> Result<(), Failure> {
        let o = &self.outcome;
        let limit = format!("{:.1}", self.plan.timeout_ms as f64 / 1000.0);
        match &o.ending {
            Ending::TimedOut if o.stdout.cut_bytes > 0 => {
                return Err(Failure::new(t!(
                    "run.timed_out_printing",
                    secs = limit,
                    mb = o.stdout.total_bytes / 1_000_000
                ))
                .quote_all(&self.last_lines(2)));
            }
            Ending::TimedOut => return Err(self.timed_out(&limit)),
            Ending::Killed(why) => {
                return Err(
                    Failure::new(t!("run.killed", why = why)).quote_all(&self.last_lines(5))
                );
            }
            Ending::Finished(_) => {}
        }
        if o.stderr.text.contains("memory allocation of") {
            return Err(
                Failure::new(t!("run.out_of_memory", mib = supervisor::MEMORY_LIMIT_MIB))
                    .quote_all(&self.last_lines(3)),
            );
        }
        if o.ending == Ending::Finished(Exit::Signal("SIGXFSZ".into())) {
            return Err(Failure::new(t!(
                "run.file_too_large",
                mib = supervisor::FILE_LIMIT_MIB
            )));
        }
        if let Some(panic) = parse::find_panic(&o.stderr.text) {
            return Err(match panic {
                Panic::Todo { message, location } => {
                    let message = crate::i18n::todo_text(crate::i18n::current(), &message);
                    Failure::new(t!("run.todo", message = message, location = location))
                        .hint(t!("run.todo.hint"))
                }
                Panic::Other { message, location } => {
                    Failure::new(t!("run.panicked", message = message, location = location))
                }
            });
        }
        if let Ok(obs) = &o.observation
            && let Some(t) = obs.processes().find(|t| {
                // A crash, not a kill: SIGKILL/SIGTERM come from the grader's clean-up or from
                // the program's own decision to stop a child.
                matches!(&t.exit, Some(Exit::Signal(s)) if s != "SIGKILL" && s != "SIGTERM")
                    && !o.leftover_processes.contains(&t.pid)
            })
        {
            return Err(Failure::new(t!(
                "run.child_crashed",
                pid = t.pid,
                how = exit_words(t.exit.as_ref().expect("matched above"))
            ))
            .quote_all(&self.last_lines(3)));
        }
        // The program's own error comes first: processes left running are often its
        // consequence (a parent that returned early with an error never waited for them).
        let pids = o
            .leftover_processes
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        if let Ending::Finished(exit) = &o.ending
            && *exit != Exit::Code(0)
        {
            let last_error = o
                .stderr
                .text
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .map(parse::sanitize);
            let mut message = match (exit, last_error) {
                (Exit::Code(c), None) => t!("run.exit_code", code = c),
                (Exit::Code(c), Some(l)) => t!("run.exit_code.stderr", code = c, stderr = l),
                (Exit::Signal(s), None) => t!("run.signal", signal = s),
                (Exit::Signal(s), Some(l)) => t!("run.signal.stderr", signal = s, stderr = l),
            };
            if !o.leftover_processes.is_empty() {
                message.push(' ');
                message += &t!(
                    "run.also_leftovers",
                    count = o.leftover_processes.len(),
                    pids = pids
                );
            }
            return Err(Failure::new(message).quote_all(&self.last_lines(5)));
        }
        if !o.leftover_processes.is_empty() {
            return Err(Failure::new(t!(
                "run.leftovers",
                count = o.leftover_processes.len(),
                pids = pids
            ))
            .hint(t!("run.leftovers.hint")));
        }
        Ok(())
    }
}

impl Run {
    /// For a run stopped at its time limit: who was still alive, where each waited, and the
    /// cause when it is a known deadlock (`None` when the supervisor did not look).
    pub fn stall_diagnosis(&self) -> Option<stalled::Diagnosis> {
        let stall = self.outcome.stall.as_ref()?;
        Some(stalled::diagnose(
            stall,
            self.outcome.observation.as_ref().ok(),
            &self.lines(),
        ))
    }

    /// The verdict of a run stopped at its time limit: who was still alive and where each
    /// waited (when the supervisor could look), the last lines printed, and the cause as the
    /// hint when the kernel's facts show a known deadlock.
    fn timed_out(&self, limit: &str) -> Failure {
        let last = self.last_lines(5);
        let mut message = vec![t!("run.timed_out", secs = limit)];
        let mut hint = t!("run.timed_out.hint");
        match self.stall_diagnosis() {
            Some(d) => {
                message.extend(d.lines);
                if let Some((_, cause)) = d.cause {
                    hint = cause;
                }
            }
            None => message[0] = format!("{} {}", message[0], t!("run.timed_out.blind")),
        }
        message.push(if last.is_empty() {
            t!("run.timed_out.printed_nothing")
        } else {
            t!("run.timed_out.last_lines")
        });
        Failure::new(message.join("\n")).quote_all(&last).hint(hint)
    }
}

/// Runs `program` once under the supervisor found at `supervisor_exe` (a binary that calls
/// [`supervisor::enter_if_requested`] first thing in `main`).
pub fn execute(supervisor_exe: &Path, program: &Path, plan: &RunPlan) -> anyhow::Result<Run> {
    let outcome = supervisor::supervise(supervisor_exe, program, plan)?;
    Ok(Run {
        plan: plan.clone(),
        outcome,
    })
}

#[cfg(test)]
pub mod fixture {
    //! Crafted runs for unit tests of checks.
    use super::*;
    use crate::observe::{Observation, Task};

    /// A healthy run of `plan` that printed `stdout`, with the given kernel observation.
    pub fn run(plan: RunPlan, stdout: &str, observation: Option<Observation>) -> Run {
        Run {
            plan,
            outcome: RunOutcome {
                ending: Ending::Finished(Exit::Code(0)),
                elapsed_ms: 10,
                stdout: Captured {
                    text: stdout.to_string(),
                    total_bytes: stdout.len() as u64,
                    cut_bytes: 0,
                    line_us: Vec::new(),
                },
                stderr: Captured::default(),
                observation: observation.ok_or_else(|| "ptrace refused (test)".to_string()),
                leftover_processes: Vec::new(),
                leftover_shm: Vec::new(),
                isolation_note: None,
                stall: None,
                ipc: Ok(IpcReport::default()),
                http: None,
                signal: None,
                files: Vec::new(),
                cpus: Some(2),
            },
        }
    }

    /// Gives the stdout lines of `run` their arrival times (µs since the start), in order.
    pub fn timed(mut run: Run, line_us: &[u64]) -> Run {
        run.outcome.stdout.line_us = line_us.to_vec();
        run
    }

    /// A process task that lived from `start_us` to `end_us` and exited with `code`.
    pub fn process(pid: i32, parent: i32, start_us: u64, end_us: u64, code: i32) -> Task {
        Task {
            pid,
            parent,
            thread: false,
            start_us,
            end_us: Some(end_us),
            exit: Some(Exit::Code(code)),
            execs: 0,
            exe: None,
            killed: Some(false),
            sched: None,
        }
    }

    /// A thread of process `process` that lived from `start_us` to `end_us` and returned.
    pub fn thread(tid: i32, process: i32, start_us: u64, end_us: u64) -> Task {
        Task {
            thread: true,
            ..self::process(tid, process, start_us, end_us, 0)
        }
    }

    /// An observation whose root is `tasks[0]`.
    pub fn observed(tasks: Vec<Task>) -> Observation {
        Observation {
            root: tasks[0].pid,
            tasks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::run;
    use super::*;

    #[test]
    fn args_from_params_and_flags() {
        let plan = RunPlan::new("stress")
            .param("workers", 6)
            .flag("widen")
            .timeout(Duration::from_secs(9));
        assert_eq!(plan.args(), ["--workers", "6", "--widen"]);
        assert_eq!(plan.get::<u32>("workers"), Some(6));
        assert!(plan.has_flag("widen"));
        assert_eq!(plan.timeout_ms, 9000);
        assert!(plan.describe().contains("--workers 6 --widen"));
    }

    #[test]
    fn a_signal_step_is_described_and_optional_in_stored_plans() {
        let plan = RunPlan::new("cancel").param("jobs", 8).signal(
            StepSignal::Sigint,
            Trigger::AfterLines {
                prefix: "done".into(),
                count: 3,
            },
        );
        assert_eq!(
            plan.describe(),
            "run 'cancel' (arguments: --jobs 8), then Ctrl-C (SIGINT) once 3 line(s) \
             starting with 'done' are printed"
        );
        let timed = RunPlan::new("t").signal(StepSignal::Sigterm, Trigger::AfterMs { ms: 250 });
        assert!(
            timed
                .describe()
                .ends_with("then SIGTERM 250 ms after the start")
        );
        let json = serde_json::to_string(&plan).unwrap();
        assert_eq!(serde_json::from_str::<RunPlan>(&json).unwrap(), plan);
        // Plans and outcomes stored before the step existed still load.
        let old: RunPlan =
            serde_json::from_str(r#"{"label":"x","params":[],"timeout_ms":5}"#).unwrap();
        assert_eq!(old.signal, None);
        let mut outcome = run(RunPlan::new("x"), "", None).outcome;
        let mut value = serde_json::to_value(&outcome).unwrap();
        assert!(value.get("signal").is_none() && value.get("files").is_none());
        value.as_object_mut().unwrap().remove("ipc");
        let back: RunOutcome = serde_json::from_value(value).unwrap();
        outcome.ipc = back.ipc.clone();
        assert_eq!(back, outcome);
    }

    #[test]
    fn health_verdicts() {
        let mut r = run(RunPlan::new("defaults"), "a\nb\n", None);
        assert!(r.healthy().is_ok());

        r.outcome.stderr.text =
            "thread 'main' panicked at src/main.rs:3:5:\nnot yet implemented: fork\n".into();
        r.outcome.ending = Ending::Finished(Exit::Code(101));
        let f = r.healthy().unwrap_err();
        assert!(f.message.starts_with("not done yet: fork"), "{}", f.message);
        assert!(f.hint.unwrap().contains("hints.md"));

        r.outcome.stderr.text.clear();
        let f = r.healthy().unwrap_err();
        assert!(f.message.contains("exit code 101"), "{}", f.message);

        r.outcome.ending = Ending::TimedOut;
        let f = r.healthy().unwrap_err();
        assert!(
            f.message.contains("deadlock or infinite loop?"),
            "{}",
            f.message
        );
        assert_eq!(f.quotes.len(), 2, "quotes the last lines printed");

        r.outcome.ending = Ending::Finished(Exit::Signal("SIGSEGV".into()));
        let f = r.healthy().unwrap_err();
        assert!(f.message.contains("killed by SIGSEGV"), "{}", f.message);

        r.outcome.ending = Ending::Finished(Exit::Signal("SIGXFSZ".into()));
        let f = r.healthy().unwrap_err();
        assert!(f.message.contains("file larger than"), "{}", f.message);

        r.outcome.ending = Ending::Finished(Exit::Signal("SIGABRT".into()));
        r.outcome.stderr.text = "memory allocation of 4294967296 bytes failed\n".into();
        let f = r.healthy().unwrap_err();
        assert!(f.message.contains("ran out of memory"), "{}", f.message);

        r.outcome.ending = Ending::Killed("it created more than 256 processes".into());
        let f = r.healthy().unwrap_err();
        assert!(f.message.contains("created more than 256"), "{}", f.message);
    }

    #[test]
    fn health_verdicts_in_italian() {
        use crate::i18n::{Lang, with_lang};
        let mut r = run(RunPlan::new("defaults"), "a\nb\n", None);
        r.outcome.ending = Ending::TimedOut;
        let f = with_lang(Lang::It, || r.healthy()).unwrap_err();
        assert!(
            f.message
                .starts_with("non è terminato entro 3.0 s ed è stato fermato: deadlock"),
            "{}",
            f.message
        );
        assert!(f.hint.unwrap().contains("un lock mai rilasciato"));
        r.outcome.ending = Ending::Finished(Exit::Signal("SIGSEGV".into()));
        r.outcome.stderr.text = "Segmentation fault\n".into();
        let f = with_lang(Lang::It, || r.healthy()).unwrap_err();
        assert_eq!(
            f.message,
            "il programma è stato terminato dal segnale SIGSEGV invece di uscire con codice 0; \
             l'ultima riga del suo output di errore era: Segmentation fault"
        );
        let plan = RunPlan::new("random").param("workers", 3);
        assert_eq!(
            with_lang(Lang::It, || plan.describe()),
            "esecuzione 'random' (argomenti: --workers 3)"
        );
        assert_eq!(
            with_lang(Lang::It, || exit_words(&Exit::Code(3))),
            "con codice di uscita 3"
        );
        assert_eq!(
            exit_words(&Exit::Signal("SIGKILL".into())),
            "killed by SIGKILL"
        );
    }

    #[test]
    fn crashed_children_and_leftovers_are_unhealthy() {
        use super::fixture::{observed, process};
        let mut crashed = process(11, 10, 1, 5, 0);
        crashed.exit = Some(Exit::Signal("SIGSEGV".into()));
        let obs = observed(vec![process(10, 1, 0, 9, 0), crashed]);
        let r = run(RunPlan::new("defaults"), "x\n", Some(obs.clone()));
        let f = r.healthy().unwrap_err();
        assert!(
            f.message.contains("child process 11 was killed by SIGSEGV"),
            "{}",
            f.message
        );

        let mut obs = obs;
        obs.tasks[1].exit = Some(Exit::Code(0));
        let mut r = run(RunPlan::new("defaults"), "x\n", Some(obs));
        assert!(r.healthy().is_ok());
        r.outcome.leftover_processes = vec![12, 13];
        let f = r.healthy().unwrap_err();
        assert!(
            f.message.contains("left 2 process(es) running"),
            "{}",
            f.message
        );
        assert!(f.message.contains("12, 13"), "{}", f.message);

        // The program's own error comes before what it left running: here the parent returned
        // early with an error and never waited for its children.
        r.outcome.ending = Ending::Finished(Exit::Code(1));
        r.outcome.stderr.text = "Error: a frame of 7 bytes is cut short\n".into();
        let f = r.healthy().unwrap_err();
        assert!(
            f.message.starts_with("the program ended with exit code 1")
                && f.message.contains("a frame of 7 bytes is cut short")
                && f.message
                    .contains("also left 2 process(es) running, pids 12, 13"),
            "{}",
            f.message
        );
    }

    #[test]
    fn observation_missing_is_not_verified() {
        let r = run(RunPlan::new("defaults"), "", None);
        assert!(matches!(r.observation(), Err(Problem::NotVerified(_))));
    }
}
