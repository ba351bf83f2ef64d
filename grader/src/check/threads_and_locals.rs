//! 07 threads_and_locals: W worker threads, each started with a function and its arguments,
//! count N times into thread-local storage and report their own count; `main` joins them and
//! prints the total; a heartbeat thread beats meanwhile and is never joined.
//!
//! Output of the program:
//!
//! ```text
//! heartbeat tid=<tid> beat=<k>          (the heartbeat thread, every --beat-ms from k = 0; may
//!                                        also come after the summary, until the process ends)
//! worker id=<i> tid=<tid> counted=<n>   (each worker, after its N counts)
//! main total=<sum> workers=<W>          (main, after joining every worker)
//! ```
//!
//! Runs: the course's defaults (2 workers × 100 counts), one random run (W in 3..=6, N in
//! 50..=150) and two stress runs (8 workers, more than the cores of a small machine, N in
//! 1000..=2000 with short pauses, a heartbeat every 2 ms). Every worker pauses after each count
//! (`--work-us`), so the workers live at least N pauses each and run at the same time.
//!
//! What the kernel tells (the tracer): every thread of the program, when it began and ended, and
//! whether it ended by itself or was killed by its process's exit (`Task::killed`). That is how
//! the heartbeat is shown to be a daemon — still running when `main` returned — and the workers
//! to have been joined. A shared counter (even an atomic one) read by each worker as "its" count
//! fails in every run: the worker that finishes last reads everybody's counts, W × N > N.

use std::collections::BTreeMap;

use crate::check::invariants::exactly_once;
use crate::check::{Check, Exercise, Failure, Problem, each_healthy_run};
use crate::observe::{Observation, Task};
use crate::parse::Line;
use crate::rng::Rng;
use crate::run::{Run, RunPlan};
use crate::t;

pub static EXERCISE: Exercise = Exercise {
    id: "07",
    slug: "threads_and_locals",
    plan,
    checks: CHECKS,
};

/// The program's own defaults (the course's `threading.local()` example has two threads).
const DEFAULT_WORKERS: u64 = 2;
const DEFAULT_COUNT: u64 = 100;

/// Stress runs: more worker threads than the 2 cores of a small machine.
const STRESS_WORKERS: u64 = 8;
const STRESS_COUNT: (u64, u64) = (1000, 2000);
const STRESS_RUNS: usize = 2;

fn plan(rng: &mut Rng) -> Vec<RunPlan> {
    let mut runs = vec![
        RunPlan::new("defaults"),
        RunPlan::new("random")
            .param("workers", rng.range(3, 6))
            .param("count", rng.range(50, 150))
            .param("work-us", rng.range(1000, 2000))
            .param("beat-ms", rng.range(5, 30)),
    ];
    for k in 1..=STRESS_RUNS {
        runs.push(
            RunPlan::new(format!("stress {k}/{STRESS_RUNS}"))
                .param("workers", STRESS_WORKERS)
                .param("count", rng.range(STRESS_COUNT.0, STRESS_COUNT.1))
                .param("work-us", 100)
                .param("beat-ms", 2)
                .timeout(std::time::Duration::from_secs(8)),
        );
    }
    runs
}

/// What a run asked for: W workers × N counts.
fn spec(plan: &RunPlan) -> (u64, u64) {
    (
        plan.get("workers").unwrap_or(DEFAULT_WORKERS),
        plan.get("count").unwrap_or(DEFAULT_COUNT),
    )
}

// ---------------------------------------------------------------------------------------------
// Reading the output

/// One `worker id=… tid=… counted=…` line.
struct WorkerLine<'a> {
    id: u64,
    tid: i32,
    counted: u64,
    line: &'a Line,
}

/// One `heartbeat tid=… beat=…` line (only its tid matters to the checks).
struct BeatLine<'a> {
    tid: i32,
    line: &'a Line,
}

fn worker_lines(lines: &[Line]) -> Result<Vec<WorkerLine<'_>>, Failure> {
    lines
        .iter()
        .filter(|l| l.tag() == "worker")
        .map(|line| {
            Ok(WorkerLine {
                id: line.require("id")?,
                tid: line.require("tid")?,
                counted: line.require("counted")?,
                line,
            })
        })
        .collect()
}

fn beat_lines(lines: &[Line]) -> Result<Vec<BeatLine<'_>>, Failure> {
    lines
        .iter()
        .filter(|l| l.tag() == "heartbeat")
        .map(|line| {
            Ok(BeatLine {
                tid: line.require("tid")?,
                line,
            })
        })
        .collect()
}

/// The one `main total=… workers=…` line.
fn summary_line(lines: &[Line]) -> Result<&Line, Failure> {
    let found: Vec<&Line> = lines.iter().filter(|l| l.tag() == "main").collect();
    match found[..] {
        [one] => Ok(one),
        [] => Err(Failure::new(t!(
            "check.threads_and_locals.summary_missing",
            line = "main total=… workers=…"
        ))
        .quote_all(lines.iter().rev().take(3))),
        _ => Err(Failure::new(t!(
            "check.threads_and_locals.summary_repeated",
            count = found.len()
        ))
        .quote_all(found)),
    }
}

/// The worker lines, after checking that each worker 0..W reported exactly once.
fn every_worker_once<'a>(run: &Run, lines: &'a [Line]) -> Result<Vec<WorkerLine<'a>>, Problem> {
    let (w, _) = spec(&run.plan);
    let workers = worker_lines(lines)?;
    let got: Vec<(u64, &Line)> = workers.iter().map(|wl| (wl.id, wl.line)).collect();
    exactly_once(
        &t!("check.threads_and_locals.worker"),
        &t!("check.threads_and_locals.workers"),
        0..w,
        &got,
    )?;
    Ok(workers)
}

// ---------------------------------------------------------------------------------------------
// What the kernel saw

/// Milliseconds, for messages.
fn ms(us: u64) -> String {
    format!("{:.1}", us as f64 / 1000.0)
}

/// The thread task with id `tid`, if the kernel saw one in this program.
fn thread_of(obs: &Observation, tid: i32) -> Option<&Task> {
    obs.threads().find(|t| t.pid == tid)
}

/// The worker threads, by the tids the workers printed. A failure when a printed tid is not a
/// thread of the program (`tids_are_threads` says which and why).
fn worker_threads<'a>(
    obs: &'a Observation,
    workers: &[WorkerLine<'_>],
) -> Result<Vec<&'a Task>, Failure> {
    workers
        .iter()
        .map(|wl| {
            thread_of(obs, wl.tid).ok_or_else(|| {
                Failure::new(t!("check.threads_and_locals.unknown_worker", tid = wl.tid))
                    .quote(wl.line)
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Checks

/// Every worker 0..W reported once, and each counted exactly N: its own count, in its own
/// thread-local counter.
fn each_counts_n(run: &Run) -> Result<(), Problem> {
    let (_, n) = spec(&run.plan);
    let lines = run.lines();
    let workers = every_worker_once(run, &lines)?;
    let wrong: Vec<&WorkerLine> = workers.iter().filter(|wl| wl.counted != n).collect();
    let Some(first) = wrong.first() else {
        return Ok(());
    };
    let message = if wrong.iter().any(|wl| wl.counted > n) {
        t!(
            "check.threads_and_locals.counted_more",
            id = first.id,
            counted = first.counted,
            count = n,
            wrong = wrong.len()
        )
    } else {
        t!(
            "check.threads_and_locals.counted_less",
            id = first.id,
            counted = first.counted,
            count = n,
            wrong = wrong.len()
        )
    };
    Err(Failure::new(message)
        .quote_all(wrong.iter().map(|wl| wl.line))
        .into())
}

/// `main total=W×N workers=W` once, after every worker's line; and (kernel) every worker thread
/// ended by itself before the process did: it was joined, not cut off by the exit.
fn summary_from_joins(run: &Run) -> Result<(), Problem> {
    let (w, n) = spec(&run.plan);
    let lines = run.lines();
    let summary = summary_line(&lines)?;
    let workers = worker_lines(&lines)?;
    if let Some(late) = workers.iter().find(|wl| wl.line.no > summary.no) {
        return Err(
            Failure::new(t!("check.threads_and_locals.late_worker", id = late.id))
                .quote(summary)
                .quote(late.line)
                .into(),
        );
    }
    let total: u64 = summary.require("total")?;
    let said_workers: u64 = summary.require("workers")?;
    if said_workers != w {
        return Err(Failure::new(t!(
            "check.threads_and_locals.wrong_workers",
            said = said_workers,
            workers = w
        ))
        .quote(summary)
        .into());
    }
    if total != w * n {
        let why = if total == 0 {
            t!("check.threads_and_locals.total_zero")
        } else {
            t!(
                "check.threads_and_locals.total_sum",
                sum = workers.iter().map(|wl| wl.counted).sum::<u64>()
            )
        };
        return Err(Failure::new(t!(
            "check.threads_and_locals.wrong_total",
            total = total,
            workers = w,
            count = n,
            expected = w * n,
            why = why
        ))
        .quote(summary)
        .into());
    }
    // Without the kernel's view, what the output shows is all there is to judge.
    let Ok(obs) = &run.outcome.observation else {
        return Ok(());
    };
    for wl in &workers {
        if let Some(task) = thread_of(obs, wl.tid)
            && task.killed == Some(true)
        {
            return Err(Failure::new(t!(
                "check.threads_and_locals.worker_cut_off",
                id = wl.id,
                tid = wl.tid
            ))
            .quote(wl.line)
            .quote(summary)
            .into());
        }
    }
    Ok(())
}

/// (kernel) One process: no child process at all, and exactly W + 1 threads besides `main`.
fn threads_not_processes(run: &Run) -> Result<(), Problem> {
    let (w, _) = spec(&run.plan);
    let lines = run.lines();
    let obs = run.observation()?;
    let processes: Vec<i32> = obs.processes().map(|t| t.pid).collect();
    if !processes.is_empty() {
        let quoted: Vec<&Line> = lines
            .iter()
            .filter(|l| {
                l.get::<i32>("tid")
                    .is_some_and(|tid| processes.contains(&tid))
            })
            .collect();
        return Err(Failure::new(t!(
            "check.threads_and_locals.processes",
            count = processes.len(),
            pids = processes
                .iter()
                .take(6)
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .quote_all(quoted)
        .into());
    }
    let threads = obs.threads().count() as u64;
    if threads != w + 1 {
        return Err(Failure::new(t!(
            "check.threads_and_locals.thread_count",
            count = threads,
            workers = w,
            expected = w + 1
        ))
        .into());
    }
    Ok(())
}

/// The printed tids: one per worker, all different; (kernel) each a thread of this program,
/// neither `main` nor a process; the heartbeat's, if printed, one thread that is no worker.
fn tids_are_threads(run: &Run) -> Result<(), Problem> {
    let lines = run.lines();
    let workers = every_worker_once(run, &lines)?;
    let beats = beat_lines(&lines)?;

    let mut by_tid: BTreeMap<i32, Vec<&WorkerLine>> = BTreeMap::new();
    for wl in &workers {
        by_tid.entry(wl.tid).or_default().push(wl);
    }
    if let Some((tid, same)) = by_tid.iter().find(|(_, v)| v.len() > 1) {
        return Err(Failure::new(t!(
            "check.threads_and_locals.same_tid",
            count = same.len(),
            tid = tid
        ))
        .quote_all(same.iter().map(|wl| wl.line))
        .into());
    }
    if let Some(b) = beats.iter().find(|b| b.tid != beats[0].tid) {
        return Err(Failure::new(t!(
            "check.threads_and_locals.heartbeat_tids",
            first = beats[0].tid,
            other = b.tid
        ))
        .quote(beats[0].line)
        .quote(b.line)
        .into());
    }
    if let Some(b) = beats.first()
        && let Some(wl) = by_tid.get(&b.tid).and_then(|v| v.first())
    {
        return Err(Failure::new(t!(
            "check.threads_and_locals.heartbeat_is_worker",
            tid = b.tid,
            id = wl.id
        ))
        .quote(b.line)
        .quote(wl.line)
        .into());
    }

    let obs = run.observation()?;
    let printed = workers
        .iter()
        .map(|wl| (wl.tid, wl.line))
        .chain(beats.first().map(|b| (b.tid, b.line)));
    for (tid, line) in printed {
        let message = if tid == obs.root {
            t!("check.threads_and_locals.tid_main", tid = tid)
        } else if obs.is_child_process(tid) {
            t!("check.threads_and_locals.tid_process", tid = tid)
        } else if thread_of(obs, tid).is_none() {
            t!(
                "check.threads_and_locals.tid_stranger",
                tid = tid,
                seen = obs
                    .threads()
                    .take(8)
                    .map(|t| t.pid.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            continue;
        };
        return Err(Failure::new(message).quote(line).into());
    }
    Ok(())
}

/// (kernel) There was a moment when every worker thread was alive: each one started before any
/// of them ended.
fn workers_overlap(run: &Run) -> Result<(), Problem> {
    let lines = run.lines();
    let workers = every_worker_once(run, &lines)?;
    if workers.len() < 2 {
        return Ok(());
    }
    let obs = run.observation()?;
    let tasks = worker_threads(obs, &workers)?;
    let last_start = tasks
        .iter()
        .max_by_key(|t| t.start_us)
        .expect("two workers or more");
    let first_end = tasks
        .iter()
        .min_by_key(|t| t.end_us.unwrap_or(u64::MAX))
        .expect("two workers or more");
    let Some(end) = first_end.end_us else {
        return Ok(()); // none was seen ending: all alive together at the end
    };
    if last_start.start_us < end {
        return Ok(());
    }
    let line_of = |tid: i32| workers.iter().find(|wl| wl.tid == tid).map(|wl| wl.line);
    let mut f = Failure::new(t!(
        "check.threads_and_locals.one_after_another",
        first = first_end.pid,
        end = ms(end),
        second = last_start.pid,
        start = ms(last_start.start_us)
    ));
    for tid in [first_end.pid, last_start.pid] {
        if let Some(line) = line_of(tid) {
            f = f.quote(line);
        }
    }
    Err(f.into())
}

/// (kernel) The heartbeat thread — the one thread that is not a worker — was started before the
/// workers and was still running when the process ended: the exit killed it; nobody stopped or
/// joined it.
fn heartbeat_is_daemon(run: &Run) -> Result<(), Problem> {
    let lines = run.lines();
    let workers = worker_lines(&lines)?;
    let beats = beat_lines(&lines)?;
    let obs = run.observation()?;
    let worker_tids: Vec<i32> = workers.iter().map(|wl| wl.tid).collect();
    let others: Vec<&Task> = obs
        .threads()
        .filter(|t| !worker_tids.contains(&t.pid))
        .collect();
    let printed = beats.first().map(|b| b.tid);
    let heartbeat = match (
        printed.and_then(|tid| others.iter().find(|t| t.pid == tid)),
        &others[..],
    ) {
        (Some(t), _) => *t,
        (None, [one]) => *one,
        (None, []) => {
            return Err(Failure::new(t!("check.threads_and_locals.no_heartbeat")).into());
        }
        (None, many) => {
            return Err(Failure::new(t!(
                "check.threads_and_locals.which_heartbeat",
                count = many.len()
            ))
            .into());
        }
    };
    let beat_line = beats
        .iter()
        .find(|b| b.tid == heartbeat.pid)
        .map(|b| b.line);
    let quote = |f: Failure| match beat_line {
        Some(l) => f.quote(l),
        None => f,
    };
    if let Some(first) = obs
        .threads()
        .filter(|t| worker_tids.contains(&t.pid))
        .min_by_key(|t| t.start_us)
        && first.start_us < heartbeat.start_us
    {
        return Err(quote(Failure::new(t!(
            "check.threads_and_locals.heartbeat_late",
            tid = heartbeat.pid,
            start = ms(heartbeat.start_us),
            worker = first.pid,
            worker_start = ms(first.start_us)
        )))
        .into());
    }
    match heartbeat.killed {
        Some(true) => Ok(()),
        Some(false) => {
            let end = obs.root_task().and_then(|t| t.end_us).unwrap_or(0);
            Err(quote(Failure::new(t!(
                "check.threads_and_locals.heartbeat_ended",
                tid = heartbeat.pid,
                end = ms(heartbeat.end_us.unwrap_or(0)),
                process_end = ms(end)
            )))
            .into())
        }
        None => Err(Problem::NotVerified(t!(
            "check.threads_and_locals.no_exit_record",
            tid = heartbeat.pid
        ))),
    }
}

static CHECKS: &[Check] = &[
    Check {
        id: "each_counts_n",
        points: 3,
        eval: |runs| each_healthy_run(runs, "", each_counts_n),
    },
    Check {
        id: "summary_from_joins",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", summary_from_joins),
    },
    Check {
        id: "threads_not_processes",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", threads_not_processes),
    },
    Check {
        id: "tids_are_threads",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", tids_are_threads),
    },
    Check {
        id: "workers_overlap",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", workers_overlap),
    },
    Check {
        id: "heartbeat_is_daemon",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", heartbeat_is_daemon),
    },
];
