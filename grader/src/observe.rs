//! What the kernel saw of a run: every process and thread the program created, when each began
//! and ended, and how it ended.
//!
//! The model lives here; `observe/tracer.rs` fills it from ptrace events inside the supervisor.
//! Checks ask this model instead of trusting what the program printed about itself.

use serde::{Deserialize, Serialize};

use crate::t;

pub mod stall;
pub mod tracer;

/// How a process ended, as `waitpid` reported it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exit {
    /// `exit(code)` / return from `main`.
    Code(i32),
    /// Killed by a signal, by name (`SIGKILL`, `SIGSEGV`, …).
    Signal(String),
}

/// `exit code 3`, `killed by SIGSEGV`, in the current language: the words of
/// [`exit_words`], which fit into "ended with …".
impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&exit_words(self))
    }
}

/// How a process ended, in words: `exit code 3`, `killed by SIGSEGV`.
pub fn exit_words(exit: &Exit) -> String {
    match exit {
        Exit::Code(c) => t!("run.exit.code", code = c),
        Exit::Signal(s) => t!("run.exit.signal", signal = s),
    }
}

/// One task (process or thread) the kernel reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub pid: i32,
    /// The task that created it (for the root: the supervisor).
    pub parent: i32,
    /// A thread of its parent's process (`clone` with `CLONE_THREAD`), not a process.
    pub thread: bool,
    /// Microseconds since the run started, when the task was created.
    pub start_us: u64,
    /// Microseconds since the run started, when the task was reaped (`None`: never seen ending).
    pub end_us: Option<u64>,
    pub exit: Option<Exit>,
    /// How many times it called `execve` successfully.
    pub execs: u32,
    /// The program image it runs, `/proc/<pid>/exe` read by the tracer: for the root at its
    /// first stop (the grader's own `execve` of the program), for any other task at its last
    /// successful `execve`. `None` for a task that never exec'd (a fork runs its parent's
    /// image: compare `execs`), or when it could not be read.
    #[serde(default)]
    pub exe: Option<String>,
    /// Whether the kernel marked it as ending by a fatal signal (`PF_SIGNALED`, read at its
    /// exit stop). A thread still running when its process exits (`exit_group`: `main`
    /// returned, `std::process::exit`) is killed that way; a thread that returns is not, though
    /// both report the process's exit code. `None`: not seen at its exit stop (untraced).
    #[serde(default)]
    pub killed: Option<bool>,
    /// How the scheduler treated it over its whole life, read at its exit stop. `None`: not
    /// seen at its exit stop (untraced, or the kernel keeps no such figures).
    #[serde(default)]
    pub sched: Option<Sched>,
}

/// What the scheduler recorded of one task, read at its exit stop from
/// `/proc/<tid>/task/<tid>/schedstat` and `…/status`. A thread asleep in a wait (a `Condvar`,
/// a `join`, a blocking read) is neither running nor waiting for a CPU, and gives up the CPU once
/// per wait; a thread that polls is always runnable, whatever the load: either it runs (CPU
/// time) or it waits for its turn (`queued_us`), and a `yield_now` loop is switched out
/// involuntarily over and over. These are counts and sums, not thresholds: on a busy machine a
/// poller gets less CPU but waits longer in the queue, so `runnable_us` stays near its lifetime.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sched {
    /// Time spent on a CPU (user + system), microseconds.
    pub cpu_us: u64,
    /// Time spent runnable but waiting for a CPU, microseconds. `None` where the kernel keeps
    /// no scheduler statistics (`schedstat` missing: then `cpu_us` comes from `stat`, in ticks).
    pub queued_us: Option<u64>,
    /// Times it gave up the CPU to wait (`voluntary_ctxt_switches`): a sleep, a futex, a read.
    pub voluntary: u64,
    /// Times it was switched out while still runnable (`nonvoluntary_ctxt_switches`): preempted
    /// at the end of its time slice, or after a `sched_yield` that found another task to run.
    pub involuntary: u64,
}

impl Sched {
    /// Time it could have run: on a CPU or in the run queue. Near its lifetime for a task that
    /// never sleeps (a poller, a computation), near zero for one that waits.
    pub fn runnable_us(&self) -> u64 {
        self.cpu_us + self.queued_us.unwrap_or(0)
    }
}

impl Task {
    /// Whether the two lifetimes overlap: each began before the other ended.
    pub fn overlaps(&self, other: &Task) -> bool {
        let a_end = self.end_us.unwrap_or(u64::MAX);
        let b_end = other.end_us.unwrap_or(u64::MAX);
        self.start_us < b_end && other.start_us < a_end
    }

    /// Lifetime in microseconds, if it ended.
    pub fn lifetime_us(&self) -> Option<u64> {
        self.end_us.map(|e| e.saturating_sub(self.start_us))
    }
}

/// Every task of one run, in creation order; the first is the program itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation {
    pub root: i32,
    pub tasks: Vec<Task>,
}

impl Observation {
    pub fn get(&self, pid: i32) -> Option<&Task> {
        self.tasks.iter().find(|t| t.pid == pid)
    }

    pub fn root_task(&self) -> Option<&Task> {
        self.get(self.root)
    }

    /// Every process the program created (threads and the program itself excluded), at any depth.
    pub fn processes(&self) -> impl Iterator<Item = &Task> {
        self.tasks
            .iter()
            .filter(|t| !t.thread && t.pid != self.root)
    }

    /// The processes created directly by `pid` (threads excluded).
    pub fn children_of(&self, pid: i32) -> impl Iterator<Item = &Task> {
        self.tasks
            .iter()
            .filter(move |t| !t.thread && t.parent == pid && t.pid != pid)
    }

    /// Threads created inside the program's processes.
    pub fn threads(&self) -> impl Iterator<Item = &Task> {
        self.tasks.iter().filter(|t| t.thread)
    }

    /// Whether `pid` is a process the program created (not the program itself, not a thread).
    pub fn is_child_process(&self, pid: i32) -> bool {
        self.processes().any(|t| t.pid == pid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(pid: i32, parent: i32, start: u64, end: u64) -> Task {
        Task {
            pid,
            parent,
            thread: false,
            start_us: start,
            end_us: Some(end),
            exit: Some(Exit::Code(0)),
            execs: 0,
            exe: None,
            killed: Some(false),
            sched: None,
        }
    }

    #[test]
    fn overlap_is_symmetric_and_strict() {
        let a = task(2, 1, 0, 100);
        let b = task(3, 1, 50, 150);
        let c = task(4, 1, 100, 200);
        assert!(a.overlaps(&b) && b.overlaps(&a));
        assert!(!a.overlaps(&c) && !c.overlaps(&a));
        let mut open = task(5, 1, 10, 0);
        open.end_us = None;
        assert!(open.overlaps(&c));
    }

    #[test]
    fn queries() {
        let mut thread = task(5, 1, 1, 2);
        thread.thread = true;
        let obs = Observation {
            root: 1,
            tasks: vec![
                task(1, 0, 0, 300),
                task(2, 1, 5, 100),
                task(3, 2, 6, 90),
                thread,
            ],
        };
        assert_eq!(obs.processes().map(|t| t.pid).collect::<Vec<_>>(), [2, 3]);
        assert_eq!(obs.children_of(1).map(|t| t.pid).collect::<Vec<_>>(), [2]);
        assert_eq!(obs.threads().count(), 1);
        assert!(obs.is_child_process(3));
        assert!(!obs.is_child_process(1));
        assert!(!obs.is_child_process(5));
    }
}
