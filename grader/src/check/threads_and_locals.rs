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

use crate::check::invariants::{exactly_once, latest_start_earliest_end};
use crate::check::{Check, Exercise, Failure, Problem, each_healthy_run, ms};
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

/// The program's lines, without a heartbeat line cut by the process's end. When `main`
/// returns, Rust's runtime makes stdout unbuffered; a daemon thread that prints in the few
/// microseconds before the process ends then writes each piece of its line separately
/// (`heartbeat tid=`, the number, …) and may be killed between two pieces. That leaves an
/// unfinished last line (no `\n`) which no correct program can avoid; it is not the
/// program's mistake. Any other unfinished line is still judged.
fn program_lines(run: &Run) -> Vec<Line> {
    let mut lines = run.lines();
    let text = &run.outcome.stdout.text;
    let unfinished = !text.is_empty() && !text.ends_with('\n');
    if unfinished
        && lines
            .last()
            .is_some_and(|l| !l.tag().is_empty() && "heartbeat".starts_with(l.tag()))
    {
        lines.pop();
    }
    lines
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

/// The thread task with id `tid`, if the kernel saw one in this program.
fn thread_of(obs: &Observation, tid: i32) -> Option<&Task> {
    obs.threads().find(|t| t.pid == tid)
}

/// The workers' tasks, by the tids the workers printed: `NotVerified` when those tids are not
/// distinct tasks of this program (`tids_are_threads` fails for that, and says why), since the
/// kernel's record cannot then tell which task is which worker.
fn worker_tasks<'a>(
    obs: &'a Observation,
    workers: &[WorkerLine<'_>],
) -> Result<Vec<&'a Task>, Problem> {
    let mut tasks: Vec<&Task> = Vec::with_capacity(workers.len());
    for wl in workers {
        match obs.get(wl.tid) {
            Some(task) if task.pid != obs.root && !tasks.iter().any(|t| t.pid == task.pid) => {
                tasks.push(task)
            }
            _ => {
                return Err(Problem::NotVerified(t!(
                    "check.threads_and_locals.unknown_worker",
                    tid = wl.tid
                )));
            }
        }
    }
    Ok(tasks)
}

// ---------------------------------------------------------------------------------------------
// Checks

/// Every worker 0..W reported once, and each counted exactly N: its own count, in its own
/// thread-local counter.
fn each_counts_n(run: &Run) -> Result<(), Problem> {
    let (_, n) = spec(&run.plan);
    let lines = program_lines(run);
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
    let lines = program_lines(run);
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
    let lines = program_lines(run);
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
    let lines = program_lines(run);
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
    let lines = program_lines(run);
    let workers = every_worker_once(run, &lines)?;
    if workers.len() < 2 {
        return Ok(());
    }
    let obs = run.observation()?;
    let tasks = worker_tasks(obs, &workers)?;
    let (last_start, first_end) = latest_start_earliest_end(&tasks).expect("two workers or more");
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
    let lines = program_lines(run);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Outcome;
    use crate::check::testing::{failure, quoted};
    use crate::run::fixture::{self, observed, process, run};

    const ROOT: i32 = 100;
    /// The heartbeat's tid; workers are 201, 202, ….
    const BEAT: i32 = 150;

    fn worker_tid(i: u64) -> i32 {
        201 + i as i32
    }

    /// The output of a correct run with `w` workers and `n` counts: beats, the workers in
    /// reverse order, the summary, one more beat after it.
    fn good_output(w: u64, n: u64) -> String {
        let mut s = format!("heartbeat tid={BEAT} beat=0\nheartbeat tid={BEAT} beat=1\n");
        for i in (0..w).rev() {
            s += &format!("worker id={i} tid={} counted={n}\n", worker_tid(i));
        }
        s += &format!("main total={} workers={w}\n", w * n);
        s + &format!("heartbeat tid={BEAT} beat=2\n")
    }

    fn thread(tid: i32, start: u64, end: u64, killed: bool) -> Task {
        Task {
            killed: Some(killed),
            ..fixture::thread(tid, ROOT, start, end)
        }
    }

    /// What the kernel saw of a correct run: main, the heartbeat (started first, killed by the
    /// exit at 10 000 µs), `w` workers alive together from 100 + i to 5 000 + i µs.
    fn kernel(w: u64) -> Observation {
        let mut tasks = vec![
            process(ROOT, 1, 0, 10_000, 0),
            thread(BEAT, 10, 9_990, true),
        ];
        for i in 0..w {
            tasks.push(thread(worker_tid(i), 100 + i, 5_000 + i, false));
        }
        observed(tasks)
    }

    fn random() -> RunPlan {
        RunPlan::new("random")
            .param("workers", 4)
            .param("count", 77)
            .param("work-us", 1500)
            .param("beat-ms", 9)
    }

    fn stress(k: usize) -> RunPlan {
        RunPlan::new(format!("stress {k}/2"))
            .param("workers", 8)
            .param("count", 1234)
            .param("work-us", 100)
            .param("beat-ms", 2)
    }

    fn good_runs() -> Vec<Run> {
        vec![
            run(
                RunPlan::new("defaults"),
                &good_output(2, 100),
                Some(kernel(2)),
            ),
            run(random(), &good_output(4, 77), Some(kernel(4))),
            run(stress(1), &good_output(8, 1234), Some(kernel(8))),
            run(stress(2), &good_output(8, 1234), Some(kernel(8))),
        ]
    }

    fn check(id: &str) -> &'static Check {
        CHECKS.iter().find(|c| c.id == id).expect("no such check")
    }

    /// The failure of check `id` when the defaults run is replaced by `output` and `kernel`.
    fn fail_defaults(id: &str, output: &str, kernel: Option<Observation>) -> Failure {
        let mut runs = good_runs();
        runs[0] = run(RunPlan::new("defaults"), output, kernel);
        failure((check(id).eval)(&runs))
    }

    #[test]
    fn plan_has_defaults_random_and_stress() {
        let runs = plan(&mut Rng::new(7));
        assert_eq!(runs.len(), 4);
        assert_eq!(runs[0].label, "defaults");
        assert!(runs[0].params.is_empty());
        let (w, n) = spec(&runs[1]);
        assert!((3..=6).contains(&w) && (50..=150).contains(&n), "{w} {n}");
        assert!((1000..=2000).contains(&runs[1].get::<u64>("work-us").unwrap()));
        for (k, r) in runs[2..].iter().enumerate() {
            assert_eq!(r.label, format!("stress {}/2", k + 1));
            let (w, n) = spec(r);
            assert_eq!(w, STRESS_WORKERS);
            assert!((STRESS_COUNT.0..=STRESS_COUNT.1).contains(&n));
        }
        assert_eq!(spec(&RunPlan::new("defaults")), (2, 100));
    }

    /// Measured (sol07, seed 118, 1 grading in about 400 on a loaded machine): after `main`
    /// returned, stdout was unbuffered and the heartbeat was killed between two pieces of its
    /// line. The unfinished last line is not the program's doing; a finished one still counts.
    #[test]
    fn a_heartbeat_line_cut_by_the_exit_is_not_judged() {
        for cut in ["heartbeat tid=", "heartbeat tid=150 beat=", "heart"] {
            let mut runs = good_runs();
            for r in &mut runs {
                r.outcome.stdout.text.push_str(cut);
            }
            for c in CHECKS {
                assert_eq!((c.eval)(&runs), Outcome::Pass, "{cut:?}: {}", c.id);
            }
        }
        let f = fail_defaults(
            "tids_are_threads",
            &(good_output(2, 100) + "heartbeat tid=\n"),
            Some(kernel(2)),
        );
        assert!(f.message.contains("not a valid"), "{}", f.message);
        let f = fail_defaults(
            "each_counts_n",
            &(good_output(2, 100).replace("worker id=0 tid=201 counted=100\n", "")
                + "worker id=0 tid="),
            Some(kernel(2)),
        );
        assert!(!f.message.is_empty());
    }

    #[test]
    fn good_runs_pass_every_check() {
        let runs = good_runs();
        for c in CHECKS {
            assert_eq!((c.eval)(&runs), Outcome::Pass, "{}", c.id);
        }
        assert_eq!(EXERCISE.max_points(), 13);
    }

    #[test]
    fn a_stub_fails_every_check() {
        let mut runs = good_runs();
        for r in &mut runs {
            r.outcome.stdout.text.clear();
            r.outcome.stderr.text = "thread 'main' panicked at src/main.rs:9:5:\n\
                                     not yet implemented: start the heartbeat\n"
                .into();
            r.outcome.ending = crate::run::Ending::Finished(crate::observe::Exit::Code(101));
        }
        for c in CHECKS {
            assert!(!(c.eval)(&runs).passed(), "{}", c.id);
        }
    }

    #[test]
    fn a_shared_counter_is_caught_with_its_lines() {
        // The last worker to finish reads everybody's counts.
        let text = "worker id=0 tid=201 counted=170\nworker id=1 tid=202 counted=200\n\
                    main total=370 workers=2\n";
        let f = fail_defaults("each_counts_n", text, Some(kernel(2)));
        assert!(
            f.message.starts_with(
                "worker 0 counted=170, but each worker counts exactly 100 times (2 worker(s) are wrong)"
            ),
            "{}",
            f.message
        );
        assert!(f.message.contains("shared"), "{}", f.message);
        assert_eq!(
            quoted(&f),
            [
                "worker id=0 tid=201 counted=170",
                "worker id=1 tid=202 counted=200"
            ]
        );
        let f = fail_defaults("summary_from_joins", text, Some(kernel(2)));
        assert!(
            f.message
                .contains("2 workers × 100 counts must give 200: the workers' lines add up to 370"),
            "{}",
            f.message
        );
        // Too few counts say so.
        let short =
            good_output(2, 100).replace("id=1 tid=202 counted=100", "id=1 tid=202 counted=99");
        let f = fail_defaults("each_counts_n", &short, Some(kernel(2)));
        assert!(f.message.contains("counted=99"), "{}", f.message);
        assert!(
            f.message.contains("then read it in the same thread"),
            "{}",
            f.message
        );
    }

    #[test]
    fn random_hard_coded_output_fails() {
        let mut runs = good_runs();
        runs[1] = run(random(), &good_output(2, 100), Some(kernel(2)));
        let f = failure((check("each_counts_n").eval)(&runs));
        assert!(f.message.contains("never arrived: 2, 3"), "{}", f.message);
        assert!(f.run.unwrap().contains("--workers 4 --count 77"));
    }

    #[test]
    fn the_summary_must_come_from_the_joins() {
        let zero = good_output(2, 100).replace("main total=200", "main total=0");
        let f = fail_defaults("summary_from_joins", &zero, Some(kernel(2)));
        assert!(
            f.message.contains("main's own thread-local one is 0"),
            "{}",
            f.message
        );
        assert_eq!(quoted(&f), ["main total=0 workers=2"]);

        let early = "worker id=0 tid=201 counted=100\nmain total=200 workers=2\n\
                     worker id=1 tid=202 counted=100\n";
        let f = fail_defaults("summary_from_joins", early, Some(kernel(2)));
        assert!(
            f.message.contains("worker 1 printed its line after"),
            "{}",
            f.message
        );

        let wrong_w = good_output(2, 100).replace("workers=2", "workers=3");
        let f = fail_defaults("summary_from_joins", &wrong_w, Some(kernel(2)));
        assert!(f.message.contains("--workers 2"), "{}", f.message);

        let twice = format!("{}main total=200 workers=2\n", good_output(2, 100));
        let f = fail_defaults("summary_from_joins", &twice, Some(kernel(2)));
        assert!(f.message.contains("printed 2 times"), "{}", f.message);
        assert_eq!(f.quotes.len(), 2);

        let none = good_output(2, 100).replace("main total=200 workers=2\n", "");
        let f = fail_defaults("summary_from_joins", &none, Some(kernel(2)));
        assert!(f.message.contains("never printed"), "{}", f.message);

        // A worker the exit cut off was never joined.
        let mut obs = kernel(2);
        obs.tasks[3].killed = Some(true);
        let f = fail_defaults("summary_from_joins", &good_output(2, 100), Some(obs));
        assert!(
            f.message
                .contains("worker 1 (thread 202) was still running when the process ended"),
            "{}",
            f.message
        );
    }

    #[test]
    fn processes_and_extra_threads_are_seen() {
        let c = "threads_not_processes";
        let mut forked = kernel(0);
        for i in 0..2 {
            forked
                .tasks
                .push(process(worker_tid(i), ROOT, 100, 5_000, 0));
        }
        let f = fail_defaults(c, &good_output(2, 100), Some(forked));
        assert!(
            f.message.contains("create 2 child process(es) (201, 202)"),
            "{}",
            f.message
        );
        assert_eq!(f.quotes.len(), 2, "quotes the lines that printed them");

        let mut extra = kernel(2);
        extra.tasks.push(thread(300, 50, 9_000, true));
        let f = fail_defaults(c, &good_output(2, 100), Some(extra));
        assert!(
            f.message
                .contains("saw 4 thread(s) besides main, for 2 worker(s) + 1 heartbeat = 3"),
            "{}",
            f.message
        );
    }

    #[test]
    fn printed_tids_must_be_the_workers_own_threads() {
        let c = "tids_are_threads";
        let same = good_output(2, 100).replace("tid=202", "tid=201");
        let f = fail_defaults(c, &same, Some(kernel(2)));
        assert!(
            f.message.contains("2 workers printed the same tid=201"),
            "{}",
            f.message
        );
        assert_eq!(f.quotes.len(), 2);

        let pid = good_output(2, 100).replace("tid=201", &format!("tid={ROOT}"));
        let f = fail_defaults(c, &pid, Some(kernel(2)));
        assert!(
            f.message.contains("tid=100 is main's thread"),
            "{}",
            f.message
        );

        let made_up = good_output(2, 100).replace("tid=202", "tid=999");
        let f = fail_defaults(c, &made_up, Some(kernel(2)));
        assert!(
            f.message.contains(
                "tid=999 is not a thread this program created (the kernel saw: 150, 201, 202)"
            ),
            "{}",
            f.message
        );

        let mut forked = kernel(1);
        forked.tasks.push(process(202, ROOT, 100, 5_000, 0));
        let f = fail_defaults(c, &good_output(2, 100), Some(forked));
        assert!(
            f.message.contains("tid=202 is a child process"),
            "{}",
            f.message
        );

        let two_beats = good_output(2, 100).replace("tid=150 beat=1", "tid=151 beat=1");
        let f = fail_defaults(c, &two_beats, Some(kernel(2)));
        assert!(f.message.contains("tid=150, then tid=151"), "{}", f.message);

        let beat_is_worker = good_output(2, 100).replace("tid=150", "tid=201");
        let f = fail_defaults(c, &beat_is_worker, Some(kernel(2)));
        assert!(f.message.contains("the tid of worker 0"), "{}", f.message);

        // Without the kernel, what the output shows still counts; the rest is not verified.
        let mut runs = good_runs();
        for r in &mut runs {
            r.outcome.observation = Err("ptrace refused (test)".into());
        }
        assert!(matches!(
            (check(c).eval)(&runs),
            Outcome::NotVerified { .. }
        ));
        runs[0] = run(RunPlan::new("defaults"), &same, None);
        assert!(!(check(c).eval)(&runs).passed());
    }

    #[test]
    fn workers_one_after_the_other_do_not_overlap() {
        let c = "workers_overlap";
        let mut sequential = kernel(3);
        for (i, t) in sequential.tasks[2..].iter_mut().enumerate() {
            t.start_us = 100 + 2_000 * i as u64;
            t.end_us = Some(2_000 + 2_000 * i as u64);
        }
        let mut runs = good_runs();
        runs[1] = run(
            RunPlan::new("random")
                .param("workers", 3)
                .param("count", 77),
            &good_output(3, 77),
            Some(sequential),
        );
        let f = failure((check(c).eval)(&runs));
        assert_eq!(
            f.message,
            "worker thread 201 ended at 2.0 ms, before worker thread 203 started at 4.1 ms: the \
             workers ran one after the other; start them all, then join them"
        );
        assert_eq!(
            quoted(&f),
            [
                "worker id=2 tid=203 counted=77",
                "worker id=0 tid=201 counted=77"
            ]
        );
        // Two that overlap only in part still ran at the same time.
        let mut partly = kernel(2);
        partly.tasks[2].end_us = Some(200);
        partly.tasks[3].start_us = 150;
        let mut runs = good_runs();
        runs[0] = run(RunPlan::new("defaults"), &good_output(2, 100), Some(partly));
        assert_eq!((check(c).eval)(&runs), Outcome::Pass);
        // Tids that are not the workers' threads: the kernel cannot say, and says so.
        let same = good_output(2, 100).replace("tid=202", "tid=201");
        runs[0] = run(RunPlan::new("defaults"), &same, Some(kernel(2)));
        assert!(matches!(
            (check(c).eval)(&runs),
            Outcome::NotVerified { .. }
        ));
    }

    #[test]
    fn the_heartbeat_must_be_a_daemon() {
        let c = "heartbeat_is_daemon";
        // Stopped and joined: it ended by itself.
        let mut joined = kernel(2);
        joined.tasks[1].killed = Some(false);
        joined.tasks[1].end_us = Some(3_000);
        let f = fail_defaults(c, &good_output(2, 100), Some(joined));
        assert_eq!(
            f.message,
            "the heartbeat thread 150 ended by itself at 3.0 ms (the process ended at 10.0 ms): \
             it was stopped and joined, or its function returned; a daemon beats until the \
             process ends, and main returns without waiting for it"
        );
        assert_eq!(quoted(&f), ["heartbeat tid=150 beat=0"]);

        // Started after the workers.
        let mut late = kernel(2);
        late.tasks[1].start_us = 6_000;
        let f = fail_defaults(c, &good_output(2, 100), Some(late));
        assert!(
            f.message
                .contains("started at 6.0 ms, after worker thread 201 (started at 0.1 ms)"),
            "{}",
            f.message
        );

        // No heartbeat thread at all; or two candidates and no line to tell them apart.
        let mut none = kernel(2);
        none.tasks.remove(1);
        let no_beats: String = good_output(2, 100)
            .lines()
            .filter(|l| !l.starts_with("heartbeat"))
            .map(|l| format!("{l}\n"))
            .collect();
        let f = fail_defaults(c, &no_beats, Some(none));
        assert!(
            f.message.contains("no thread besides the workers"),
            "{}",
            f.message
        );
        let mut two = kernel(2);
        two.tasks.push(thread(151, 20, 9_990, true));
        let f = fail_defaults(c, &no_beats, Some(two.clone()));
        assert!(
            f.message.contains("2 threads that are not workers"),
            "{}",
            f.message
        );
        // With its line printed, the heartbeat is known even among extra threads.
        let mut runs = good_runs();
        runs[0] = run(RunPlan::new("defaults"), &good_output(2, 100), Some(two));
        assert_eq!((check(c).eval)(&runs), Outcome::Pass);
        // Without its line, the one thread that is no worker is the heartbeat.
        runs[0] = run(RunPlan::new("defaults"), &no_beats, Some(kernel(2)));
        assert_eq!((check(c).eval)(&runs), Outcome::Pass);

        // No exit record, or no kernel at all: not verified.
        let mut unknown = kernel(2);
        unknown.tasks[1].killed = None;
        runs[0] = run(
            RunPlan::new("defaults"),
            &good_output(2, 100),
            Some(unknown),
        );
        assert!(matches!(
            (check(c).eval)(&runs),
            Outcome::NotVerified { .. }
        ));
        for r in &mut runs {
            r.outcome.observation = Err("ptrace refused (test)".into());
        }
        for id in [c, "workers_overlap", "threads_not_processes"] {
            assert!(
                matches!((check(id).eval)(&runs), Outcome::NotVerified { .. }),
                "{id}"
            );
        }
        // The output checks still judge without the kernel.
        assert_eq!((check("summary_from_joins").eval)(&runs), Outcome::Pass);
    }

    #[test]
    fn a_failure_in_italian() {
        use crate::i18n::{Lang, with_lang};
        let text = "worker id=0 tid=201 counted=170\nworker id=1 tid=202 counted=200\n\
                    main total=370 workers=2\n";
        let mut runs = good_runs();
        runs[0] = run(RunPlan::new("defaults"), text, Some(kernel(2)));
        let f = failure(with_lang(Lang::It, || (check("each_counts_n").eval)(&runs)));
        assert_eq!(
            f.message,
            "il worker 0 ha counted=170, ma ogni worker conta esattamente 100 volte (worker \
             sbagliati: 2): un conteggio sopra 100 include i conteggi di altri thread; il \
             contatore è condiviso (una static, un atomico) invece che locale al thread"
        );
        let title = with_lang(Lang::It, || {
            EXERCISE.check_title(check("heartbeat_is_daemon"))
        });
        assert!(
            title.starts_with("l'heartbeat parte prima dei worker"),
            "{title}"
        );
    }
}
