//! The ptrace loop that fills an [`Observation`], run inside the supervisor.
//!
//! The program is started with `PTRACE_TRACEME`; once it stops at its `execve`, the options
//! `TRACEFORK | TRACEVFORK | TRACECLONE | TRACEEXEC | TRACEEXIT | EXITKILL` make the kernel stop
//! it (and every descendant, which is traced automatically) only at those events. Each stop is
//! resumed at once, so the cost is a few microseconds per fork and per exit, and the tracer
//! records who created whom, when, and how each ended, and which image each `execve` loaded
//! (`Task::exe`: a "spawn" re-executes the program's own binary, a fork does not exec). At a
//! task's exit stop it reads whether the kernel marked the task as dying of a signal
//! (`PF_SIGNALED`): the only way to tell a thread killed by its process's exit from one that
//! returned, since both report the process's exit code; and what the scheduler recorded of it (`Task::sched`: CPU time, time waiting for a
//! CPU, context switches), which tells a thread that slept in a wait from one that polled.
//! `EXITKILL` kills every tracee if the supervisor dies.
//!
//! Without ptrace (refused by the system, or turned off) the same loop only reaps: the run
//! still works, and the checks that need the kernel's view say "not verified here".

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use nix::errno::Errno;
use nix::sys::ptrace::{self, Event, Options};
use nix::sys::signal::Signal;
use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
use nix::unistd::Pid;

use super::{Exit, Observation, Sched, Task};

/// Pids of the run's processes that are alive as far as the tracer knows, shared with the
/// watchdog that kills them at the time limit.
pub type LivePids = Arc<Mutex<HashSet<i32>>>;

/// What one wait brought.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    /// Something was handled; wait again.
    Continue,
    /// The program's main process ended.
    RootExited(Exit),
    /// No child is left to wait for: the run is over.
    Done,
}

pub struct Tracer {
    t0: Instant,
    root: i32,
    traced: bool,
    tasks: Vec<Task>,
    index: HashMap<i32, usize>,
    /// Tasks created by a fork/clone event whose first (attach) SIGSTOP has not come yet.
    awaiting_first_stop: HashSet<i32>,
    /// Tasks whose first SIGSTOP came before their parent's fork event.
    stopped_early: HashSet<i32>,
    live: LivePids,
}

fn exit_of(status: WaitStatus) -> Option<(i32, Exit)> {
    match status {
        WaitStatus::Exited(pid, code) => Some((pid.as_raw(), Exit::Code(code))),
        WaitStatus::Signaled(pid, sig, _) => {
            Some((pid.as_raw(), Exit::Signal(sig.as_str().into())))
        }
        _ => None,
    }
}

/// `PF_SIGNALED` in a task's flags (`include/linux/sched.h`): it is exiting because of a fatal
/// signal — for a thread, also its process's `exit_group` while it still ran.
const PF_SIGNALED: u64 = 0x400;

/// Whether task `pid`, stopped at its exit, is dying of a signal: field 9 (`flags`) of
/// `/proc/<pid>/stat`. `None` when it cannot be read.
fn dying_of_a_signal(pid: i32) -> Option<bool> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces and parentheses: count from the last `)`.
    let after_name = &stat[stat.rfind(')')? + 1..];
    let flags: u64 = after_name.split_whitespace().nth(6)?.parse().ok()?;
    Some(flags & PF_SIGNALED != 0)
}

/// What the scheduler recorded of task `tid`, stopped at its exit (see [`Sched`]): the
/// task's own `schedstat` (CPU and run-queue time, in nanoseconds) and the context switches of
/// its `status`. The `task/<tid>` paths give the thread's own figures; `/proc/<tid>/stat` would
/// sum its whole thread group. Without `schedstat` the CPU time comes from `stat` (clock ticks).
fn sched_of(tid: i32) -> Option<Sched> {
    let dir = format!("/proc/{tid}/task/{tid}");
    let status = std::fs::read_to_string(format!("{dir}/status")).ok()?;
    let count = |key: &str| -> Option<u64> {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))?
            .trim()
            .parse()
            .ok()
    };
    let voluntary = count("voluntary_ctxt_switches:")?;
    let involuntary = count("nonvoluntary_ctxt_switches:")?;
    let schedstat = std::fs::read_to_string(format!("{dir}/schedstat")).ok();
    let (cpu_us, queued_us) = match schedstat.as_deref().and_then(parse_schedstat) {
        Some((cpu_ns, queued_ns)) => (cpu_ns / 1000, Some(queued_ns / 1000)),
        None => (stat_cpu_us(&dir)?, None),
    };
    Some(Sched {
        cpu_us,
        queued_us,
        voluntary,
        involuntary,
    })
}

/// The first two fields of a `schedstat` line: nanoseconds on a CPU, nanoseconds waiting in
/// the run queue.
fn parse_schedstat(line: &str) -> Option<(u64, u64)> {
    let mut fields = line.split_whitespace().map(|f| f.parse::<u64>().ok());
    Some((fields.next()??, fields.next()??))
}

/// `utime + stime` (fields 14 and 15 of `<dir>/stat`, in clock ticks), in microseconds.
fn stat_cpu_us(dir: &str) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("{dir}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    let ticks = nix::unistd::sysconf(nix::unistd::SysconfVar::CLK_TCK)
        .ok()
        .flatten()
        .filter(|&t| t > 0)? as u64;
    Some((utime + stime) * 1_000_000 / ticks)
}

/// The program image task `pid` runs (`/proc/<pid>/exe`), read while it is stopped at an exec.
fn exe_of(pid: i32) -> Option<String> {
    std::fs::read_link(format!("/proc/{pid}/exe"))
        .ok()
        .map(|p| p.to_string_lossy().into_owned())
}

/// Whether `pid` is a thread (its thread group id differs from its id).
fn is_thread(pid: i32) -> Option<bool> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let tgid = status
        .lines()
        .find_map(|l| l.strip_prefix("Tgid:"))?
        .trim()
        .parse::<i32>()
        .ok()?;
    Some(tgid != pid)
}

impl Tracer {
    /// Takes charge of the freshly spawned `root`. When `traced`, the root was started with
    /// `PTRACE_TRACEME` and is about to stop at its exec; this sets the options and resumes it.
    pub fn start(root: i32, t0: Instant, traced: bool, live: LivePids) -> Result<Tracer, String> {
        let mut tracer = Tracer {
            t0,
            root,
            traced,
            tasks: Vec::new(),
            index: HashMap::new(),
            awaiting_first_stop: HashSet::new(),
            stopped_early: HashSet::new(),
            live,
        };
        tracer.add(root, 0, false);
        if traced {
            let pid = Pid::from_raw(root);
            match waitpid(pid, Some(WaitPidFlag::__WALL)) {
                Ok(WaitStatus::Stopped(_, Signal::SIGTRAP)) => {}
                other => {
                    return Err(crate::t!(
                        "tracer.no_exec_stop",
                        status = format!("{other:?}")
                    ));
                }
            }
            let options = Options::PTRACE_O_TRACEFORK
                | Options::PTRACE_O_TRACEVFORK
                | Options::PTRACE_O_TRACECLONE
                | Options::PTRACE_O_TRACEEXEC
                | Options::PTRACE_O_TRACEEXIT
                | Options::PTRACE_O_EXITKILL;
            // Stopped at the exec of the program: the image every "spawn" of itself execs.
            tracer.tasks[0].exe = exe_of(root);
            ptrace::setoptions(pid, options).map_err(|e| {
                crate::t!("tracer.call_failed", call = "PTRACE_SETOPTIONS", error = e)
            })?;
            ptrace::cont(pid, None)
                .map_err(|e| crate::t!("tracer.call_failed", call = "PTRACE_CONT", error = e))?;
        }
        Ok(tracer)
    }

    fn now_us(&self) -> u64 {
        self.t0.elapsed().as_micros() as u64
    }

    fn add(&mut self, pid: i32, parent: i32, thread: bool) {
        let start_us = self.now_us();
        self.index.insert(pid, self.tasks.len());
        self.tasks.push(Task {
            pid,
            parent,
            thread,
            start_us,
            end_us: None,
            exit: None,
            execs: 0,
            exe: None,
            killed: None,
            sched: None,
        });
        self.live.lock().expect("live pids").insert(pid);
    }

    /// Waits for the next event of any task of the run and handles it.
    pub fn step(&mut self) -> Step {
        let status = match waitpid(Pid::from_raw(-1), Some(WaitPidFlag::__WALL)) {
            Ok(s) => s,
            Err(Errno::EINTR) => return Step::Continue,
            Err(_) => return Step::Done, // ECHILD: nobody left
        };
        if let Some((pid, exit)) = exit_of(status) {
            return self.ended(pid, exit);
        }
        if !self.traced {
            return Step::Continue;
        }
        match status {
            WaitStatus::PtraceEvent(pid, _, event) => {
                let raw = pid.as_raw();
                if event == Event::PTRACE_EVENT_FORK as i32
                    || event == Event::PTRACE_EVENT_VFORK as i32
                    || event == Event::PTRACE_EVENT_CLONE as i32
                {
                    if let Ok(new) = ptrace::getevent(pid) {
                        let new = new as i32;
                        let thread = event == Event::PTRACE_EVENT_CLONE as i32
                            && is_thread(new).unwrap_or(true);
                        self.born(new, raw, thread);
                    }
                } else if event == Event::PTRACE_EVENT_EXEC as i32
                    && let Some(&i) = self.index.get(&raw)
                {
                    self.tasks[i].execs += 1;
                    self.tasks[i].exe = exe_of(raw);
                } else if event == Event::PTRACE_EVENT_EXIT as i32
                    && let Some(&i) = self.index.get(&raw)
                {
                    self.tasks[i].killed = dying_of_a_signal(raw);
                    self.tasks[i].sched = sched_of(raw);
                }
                let _ = ptrace::cont(pid, None);
            }
            WaitStatus::Stopped(pid, sig) => {
                let raw = pid.as_raw();
                if sig == Signal::SIGSTOP && self.awaiting_first_stop.remove(&raw) {
                    let _ = ptrace::cont(pid, None);
                } else if sig == Signal::SIGSTOP && !self.index.contains_key(&raw) {
                    // A new task's attach stop, before its parent's fork event.
                    self.stopped_early.insert(raw);
                    let _ = ptrace::cont(pid, None);
                } else if ptrace::getsiginfo(pid).is_err() {
                    // A group-stop (SIGSTOP/SIGTSTP took effect): resume rather than leave a
                    // traced process frozen where SIGCONT could not wake it.
                    let _ = ptrace::cont(pid, None);
                } else {
                    // An ordinary signal on its way: deliver it.
                    let _ = ptrace::cont(pid, sig);
                }
            }
            _ => {}
        }
        Step::Continue
    }

    fn born(&mut self, pid: i32, parent: i32, thread: bool) {
        if let Some(&i) = self.index.get(&pid) {
            // Seen already (its exit can even come first); fill in who made it.
            self.tasks[i].parent = parent;
            self.tasks[i].thread = thread;
            return;
        }
        self.add(pid, parent, thread);
        if !self.stopped_early.remove(&pid) {
            self.awaiting_first_stop.insert(pid);
        }
    }

    fn ended(&mut self, pid: i32, exit: Exit) -> Step {
        let now = self.now_us();
        if !self.index.contains_key(&pid) {
            // An exit before the fork event that announces it: record it now, parent unknown.
            self.add(pid, 0, false);
        }
        let task = &mut self.tasks[self.index[&pid]];
        task.end_us.get_or_insert(now);
        task.exit.get_or_insert(exit.clone());
        self.live.lock().expect("live pids").remove(&pid);
        self.awaiting_first_stop.remove(&pid);
        if pid == self.root {
            Step::RootExited(exit)
        } else {
            Step::Continue
        }
    }

    /// How many processes and threads the program has created so far (itself not counted).
    pub fn created(&self) -> usize {
        self.tasks.len().saturating_sub(1)
    }

    /// Processes (not threads) of the run still alive, as far as the tracer saw.
    pub fn live_processes(&self) -> Vec<i32> {
        self.tasks
            .iter()
            .filter(|t| !t.thread && t.end_us.is_none())
            .map(|t| t.pid)
            .collect()
    }

    pub fn finish(self) -> Observation {
        Observation {
            root: self.root,
            tasks: self.tasks,
        }
    }
}
