//! 11 thread_pool: a pool of W threads, created once, runs N tasks of skewed costs (task 0 slow,
//! the others cheap); `main` prints each result as it completes, then all of them in input
//! order; with `--fail-at K`, task K fails and the tasks not yet started are cancelled.
//!
//! Output of the program:
//!
//! ```text
//! start i=<i> tid=<tid>     (a pool thread, under the pool's state lock, as task i begins)
//! failed i=<i>              (a pool thread, under the same lock, when task i failed)
//! done i=<i> value=<i²>     (main, the moment task i's result arrives)
//! result i=<i> value=<i²>   (main, after every task, in input order, the tasks that succeeded)
//! summary done=<d> failed=<f> cancelled=<c>
//! ```
//!
//! Runs: the defaults (3 threads, 12 tasks), one random run, one stress run (6 threads, 41
//! tasks), all without failures; two runs with a failing task among the first W. The costs are
//! chosen so that every cheap task completes long before task 0 (hundreds of ms apart): the
//! completion order differs from the input order whatever the load.
//!
//! What is checked by order, not by time: a `start` printed after the `failed` line means a
//! task started after the failure (both are printed under the one lock); a first `done` printed
//! after the last `start` means the results were held back until everything was under way. The
//! kernel tells the pool's size (exactly W threads besides main) and whether each pool thread
//! ended by itself (joined) or was killed by the process's exit (never shut down).

use crate::check::invariants::exactly_once;
use crate::check::{Check, Exercise, Failure, Problem, each_healthy_run};
use crate::parse::Line;
use crate::rng::Rng;
use crate::run::{Run, RunPlan};
use crate::t;

pub static EXERCISE: Exercise = Exercise {
    id: "11",
    slug: "thread_pool",
    plan,
    checks: CHECKS,
};

/// The program's own defaults.
const DEFAULT_WORKERS: u64 = 3;
const DEFAULT_TASKS: u64 = 12;

/// The cost of task 0 in a run of `tasks` tasks on `workers` threads, each other task costing
/// `fast` ms: the cheap ones, shared by the other W − 1 threads, are all done 200 ms before it.
fn slow_ms(workers: u64, tasks: u64, fast: u64) -> u64 {
    (tasks - 1).div_ceil(workers - 1) * fast + 200
}

fn plan(rng: &mut Rng) -> Vec<RunPlan> {
    let mut runs = vec![RunPlan::new("defaults")];
    let w = rng.range(2, 4);
    let n = 8 * (w - 1) + 1 + rng.range(0, 3);
    runs.push(
        RunPlan::new("random")
            .param("workers", w)
            .param("tasks", n)
            .param("fast-ms", 30)
            .param("slow-ms", slow_ms(w, n, 30)),
    );
    runs.push(
        RunPlan::new("stress")
            .param("workers", 6)
            .param("tasks", 41)
            .param("fast-ms", 20)
            .param("slow-ms", slow_ms(6, 41, 20)),
    );
    for k in 1..=2 {
        let w = rng.range(3, 4);
        runs.push(
            RunPlan::new(format!("fail {k}/2"))
                .param("workers", w)
                .param("tasks", 20)
                .param("fast-ms", 30)
                .param("slow-ms", 300)
                .param("fail-at", rng.range(1, w - 1)),
        );
    }
    runs
}

/// What a run asked for: W threads, N tasks, the failing task.
fn spec(plan: &RunPlan) -> (u64, u64, Option<u64>) {
    (
        plan.get("workers").unwrap_or(DEFAULT_WORKERS),
        plan.get("tasks").unwrap_or(DEFAULT_TASKS),
        plan.get("fail-at"),
    )
}

/// Runs `body` on the runs without a failing task (`failing == false`) or with one.
fn runs_where(
    failing: bool,
    body: fn(&Run) -> Result<(), Problem>,
) -> impl Fn(&Run) -> Result<(), Problem> {
    move |run| {
        if spec(&run.plan).2.is_some() == failing {
            body(run)
        } else {
            Ok(())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the output

/// `(i, line)` for every line tagged `tag`, `i` read from `i=`.
fn indexed<'a>(lines: &'a [Line], tag: &str) -> Result<Vec<(u64, &'a Line)>, Failure> {
    lines
        .iter()
        .filter(|l| l.tag() == tag)
        .map(|l| Ok((l.require("i")?, l)))
        .collect()
}

/// The one `summary done=… failed=… cancelled=…` line, as its three counts.
fn summary(lines: &[Line]) -> Result<(&Line, u64, u64, u64), Failure> {
    let found: Vec<&Line> = lines.iter().filter(|l| l.tag() == "summary").collect();
    match found[..] {
        [one] => Ok((
            one,
            one.require("done")?,
            one.require("failed")?,
            one.require("cancelled")?,
        )),
        [] => Err(Failure::new(t!(
            "check.thread_pool.summary_missing",
            line = "summary done=… failed=… cancelled=…"
        ))
        .quote_all(lines.iter().rev().take(3))),
        _ => Err(Failure::new(t!(
            "check.thread_pool.summary_repeated",
            count = found.len()
        ))
        .quote_all(found)),
    }
}

/// The first line of `got` whose value is not i².
fn wrong_value<'a>(got: &[(u64, &'a Line)]) -> Result<Option<&'a Line>, Failure> {
    for (i, line) in got {
        let value: u64 = line.require("value")?;
        if value != i * i {
            return Ok(Some(line));
        }
    }
    Ok(None)
}

// ---------------------------------------------------------------------------------------------
// Checks

/// (runs without failure) Every task printed one `done` with i², then one `result` each, in
/// input order, after the last `done`; the summary says N done.
fn results_exact(run: &Run) -> Result<(), Problem> {
    let (_, n, _) = spec(&run.plan);
    let lines = run.lines();
    let done = indexed(&lines, "done")?;
    exactly_once(
        &t!("check.thread_pool.task"),
        &t!("check.thread_pool.tasks"),
        0..n,
        &done,
    )?;
    let results = indexed(&lines, "result")?;
    exactly_once(
        &t!("check.thread_pool.task"),
        &t!("check.thread_pool.tasks"),
        0..n,
        &results,
    )?;
    for bad in [wrong_value(&done)?, wrong_value(&results)?]
        .into_iter()
        .flatten()
    {
        return Err(Failure::new(t!("check.thread_pool.wrong_value"))
            .quote(bad)
            .into());
    }
    if let Some(w) = results.windows(2).find(|w| w[1].0 < w[0].0) {
        return Err(Failure::new(t!("check.thread_pool.results_unordered"))
            .quote(w[0].1)
            .quote(w[1].1)
            .into());
    }
    let last_done = done.iter().map(|(_, l)| l.no).max().unwrap_or(0);
    if let Some((_, early)) = results.iter().find(|(_, l)| l.no < last_done) {
        return Err(Failure::new(t!("check.thread_pool.result_before_done"))
            .quote(early)
            .into());
    }
    let (line, d, f, c) = summary(&lines)?;
    if (d, f, c) != (n, 0, 0) {
        return Err(
            Failure::new(t!("check.thread_pool.summary_no_failure", tasks = n))
                .quote(line)
                .into(),
        );
    }
    Ok(())
}

/// (runs without failure) Task 0, the slow one, is not printed before every cheap task
/// submitted after it: the `done` lines follow completion, not input order.
fn as_completed(run: &Run) -> Result<(), Problem> {
    let lines = run.lines();
    let done = indexed(&lines, "done")?;
    match done.first() {
        Some((0, line)) if done.len() > 1 => Err(Failure::new(t!("check.thread_pool.input_order"))
            .quote(line)
            .quote_all(done.iter().skip(1).take(2).map(|(_, l)| *l))
            .into()),
        _ => Ok(()),
    }
}

/// (runs without failure) The first `done` line was printed before the last `start` line: main
/// printed results while the pool was still starting tasks, not after collecting them all.
fn printed_when_done(run: &Run) -> Result<(), Problem> {
    let lines = run.lines();
    let done = indexed(&lines, "done")?;
    let starts = indexed(&lines, "start")?;
    let (Some((_, first_done)), Some((_, last_start))) = (done.first(), starts.last()) else {
        return Err(Failure::new(t!("check.thread_pool.nothing_printed")).into());
    };
    if first_done.no < last_start.no {
        return Ok(());
    }
    let spread = match (
        run.arrival_us(first_done),
        done.last().and_then(|(_, l)| run.arrival_us(l)),
    ) {
        (Some(a), Some(b)) => format!("{:.1}", b.saturating_sub(a) as f64 / 1000.0),
        _ => "?".to_string(),
    };
    Err(Failure::new(t!("check.thread_pool.held_back", ms = spread))
        .quote(last_start)
        .quote(first_done)
        .into())
}

/// (kernel, every run) No child process; exactly W threads besides main; every printed tid is
/// one of them. With N > W tasks, W threads means they were reused.
fn pool_threads(run: &Run) -> Result<(), Problem> {
    let (w, n, _) = spec(&run.plan);
    let lines = run.lines();
    let obs = run.observation()?;
    let processes = obs.processes().count();
    if processes > 0 {
        return Err(Failure::new(t!("check.thread_pool.processes", count = processes)).into());
    }
    let threads: Vec<i32> = obs.threads().map(|t| t.pid).collect();
    if threads.len() as u64 != w {
        return Err(Failure::new(t!(
            "check.thread_pool.thread_count",
            count = threads.len(),
            workers = w,
            tasks = n
        ))
        .into());
    }
    for (_, line) in indexed(&lines, "start")? {
        let tid: i32 = line.require("tid")?;
        if !threads.contains(&tid) {
            return Err(
                Failure::new(t!("check.thread_pool.tid_stranger", tid = tid))
                    .quote(line)
                    .into(),
            );
        }
    }
    Ok(())
}

/// (runs with a failing task) One `failed i=K`; no `start` after it; every started task but K
/// printed one `done`, no other task did; the summary adds up: done lines, 1 failed, the tasks
/// never started cancelled, N in all.
fn cancel_stops_queue(run: &Run) -> Result<(), Problem> {
    let (_, n, fail_at) = spec(&run.plan);
    let k = fail_at.unwrap_or(0);
    let lines = run.lines();
    let failed = indexed(&lines, "failed")?;
    let [(i, failed_line)] = failed[..] else {
        return Err(Failure::new(t!(
            "check.thread_pool.failed_count",
            count = failed.len(),
            task = k
        ))
        .quote_all(failed.iter().map(|(_, l)| *l))
        .into());
    };
    if i != k {
        return Err(
            Failure::new(t!("check.thread_pool.failed_count", count = 1, task = k))
                .quote(failed_line)
                .into(),
        );
    }
    let starts = indexed(&lines, "start")?;
    if let Some((late, line)) = starts.iter().find(|(_, l)| l.no > failed_line.no) {
        return Err(Failure::new(t!(
            "check.thread_pool.started_after_failure",
            task = late,
            failed = k
        ))
        .quote(failed_line)
        .quote(line)
        .into());
    }
    let started: Vec<u64> = starts.iter().map(|(i, _)| *i).collect();
    let done = indexed(&lines, "done")?;
    if let Some((i, line)) = done.iter().find(|(i, _)| !started.contains(i) || *i == k) {
        return Err(
            Failure::new(t!("check.thread_pool.done_not_started", task = i))
                .quote(line)
                .into(),
        );
    }
    exactly_once(
        &t!("check.thread_pool.task"),
        &t!("check.thread_pool.tasks"),
        started.iter().copied().filter(|i| *i != k),
        &done,
    )?;
    let (line, d, f, c) = summary(&lines)?;
    let never = n - started.len().min(n as usize) as u64;
    if (d, f, c) != (done.len() as u64, 1, never) {
        return Err(Failure::new(t!(
            "check.thread_pool.summary_failure",
            done = done.len(),
            cancelled = never,
            tasks = n
        ))
        .quote(line)
        .into());
    }
    Ok(())
}

/// (every run) The summary adds up to N; (kernel) every pool thread ended by itself before the
/// process did: the pool was shut down and joined, not cut off by the exit.
fn clean_shutdown(run: &Run) -> Result<(), Problem> {
    let (_, n, _) = spec(&run.plan);
    let lines = run.lines();
    let (line, d, f, c) = summary(&lines)?;
    if d + f + c != n {
        return Err(Failure::new(t!("check.thread_pool.summary_sum", tasks = n))
            .quote(line)
            .into());
    }
    let obs = run.observation()?;
    if let Some(t) = obs.threads().find(|t| t.killed == Some(true)) {
        return Err(
            Failure::new(t!("check.thread_pool.thread_cut_off", tid = t.pid))
                .quote(line)
                .into(),
        );
    }
    Ok(())
}

static CHECKS: &[Check] = &[
    Check {
        id: "results_exact",
        points: 3,
        eval: |runs| each_healthy_run(runs, "", runs_where(false, results_exact)),
    },
    Check {
        id: "as_completed",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", runs_where(false, as_completed)),
    },
    Check {
        id: "printed_when_done",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", runs_where(false, printed_when_done)),
    },
    Check {
        id: "pool_threads",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", pool_threads),
    },
    Check {
        id: "cancel_stops_queue",
        points: 3,
        eval: |runs| each_healthy_run(runs, "fail", cancel_stops_queue),
    },
    Check {
        id: "clean_shutdown",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", clean_shutdown),
    },
];
