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

use crate::check::invariants::{PoolShape, exactly_once, pool_of_threads};
use crate::check::{Check, Exercise, Failure, Problem, each_healthy_run, ms};
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
    if let Some(bad) = [wrong_value(&done)?, wrong_value(&results)?]
        .into_iter()
        .flatten()
        .next()
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
        (Some(a), Some(b)) => ms(b.saturating_sub(a)),
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
    let threads = pool_of_threads(obs, w).map_err(|shape| {
        Failure::new(match shape {
            PoolShape::Processes(count) => t!("check.thread_pool.processes", count = count),
            PoolShape::Threads(count) => t!(
                "check.thread_pool.thread_count",
                count = count,
                workers = w,
                tasks = n
            ),
        })
    })?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Outcome;
    use crate::check::testing::failure;
    use crate::observe::{Observation, Task};
    use crate::run::fixture::{self, observed, process, run};

    const ROOT: i32 = 100;

    fn tid(k: u64) -> i32 {
        201 + k as i32
    }

    fn thread(pid: i32, killed: bool) -> Task {
        Task {
            killed: Some(killed),
            ..fixture::thread(pid, ROOT, 10, 9_000)
        }
    }

    /// The kernel's view of a pool of `w` threads that all ended by themselves.
    fn kernel(w: u64) -> Observation {
        let mut tasks = vec![process(ROOT, 1, 0, 10_000, 0)];
        tasks.extend((0..w).map(|k| thread(tid(k), false)));
        observed(tasks)
    }

    /// A correct run without failure: W threads; tasks 0..W start; the cheap ones complete and
    /// the rest start as threads free up; task 0 completes last; results in input order.
    fn good_output(w: u64, n: u64) -> String {
        let mut s = String::new();
        for i in 0..w.min(n) {
            s += &format!("start i={i} tid={}\n", tid(i));
        }
        for i in 1..n {
            s += &format!("done i={i} value={}\n", i * i);
            if i + w - 1 < n {
                s += &format!("start i={} tid={}\n", i + w - 1, tid(1 + i % (w - 1)));
            }
        }
        s += "done i=0 value=0\n";
        for i in 0..n {
            s += &format!("result i={i} value={}\n", i * i);
        }
        s + &format!("summary done={n} failed=0 cancelled=0\n")
    }

    fn fail_plan() -> RunPlan {
        RunPlan::new("fail 1/2")
            .param("workers", 3)
            .param("tasks", 8)
            .param("fail-at", 2)
    }

    /// A correct run of `fail_plan`: tasks 0, 1, 2 start; 2 fails; 3 had started before it; the
    /// other four are cancelled.
    const GOOD_FAIL: &str = "start i=0 tid=201\nstart i=1 tid=202\nstart i=2 tid=203\n\
        done i=1 value=1\nstart i=3 tid=202\nfailed i=2\ndone i=3 value=9\ndone i=0 value=0\n\
        result i=0 value=0\nresult i=1 value=1\nresult i=3 value=9\n\
        summary done=3 failed=1 cancelled=4\n";

    fn good_runs() -> Vec<Run> {
        vec![
            run(
                RunPlan::new("defaults"),
                &good_output(3, 12),
                Some(kernel(3)),
            ),
            run(
                RunPlan::new("random").param("workers", 2).param("tasks", 9),
                &good_output(2, 9),
                Some(kernel(2)),
            ),
            run(fail_plan(), GOOD_FAIL, Some(kernel(3))),
        ]
    }

    fn check(id: &str) -> &'static Check {
        CHECKS.iter().find(|c| c.id == id).expect("no such check")
    }

    fn fail_with(id: &str, index: usize, output: &str, kernel: Observation) -> Failure {
        let mut runs = good_runs();
        let plan = runs[index].plan.clone();
        runs[index] = run(plan, output, Some(kernel));
        failure((check(id).eval)(&runs))
    }

    #[test]
    fn correct_runs_pass_every_check() {
        for c in CHECKS {
            assert_eq!((c.eval)(&good_runs()), Outcome::Pass, "{}", c.id);
        }
        assert_eq!(EXERCISE.max_points(), 14);
    }

    #[test]
    fn the_plan_keeps_the_cheap_tasks_far_ahead_of_task_0() {
        let runs = plan(&mut Rng::new(7));
        for r in &runs {
            let (w, n, fail) = spec(r);
            assert!(w >= 2 && n > w, "{}", r.describe());
            if fail.is_none() && r.label != "defaults" {
                let fast: u64 = r.get("fast-ms").unwrap();
                let slow: u64 = r.get("slow-ms").unwrap();
                assert!(slow >= (n - 1).div_ceil(w - 1) * fast + 200);
            }
            if let Some(k) = fail {
                assert!(k >= 1 && k < w);
            }
        }
    }

    #[test]
    fn a_wrong_value_or_unordered_results_fail_results_exact() {
        let bad = good_output(3, 12).replace("done i=5 value=25", "done i=5 value=26");
        assert!(
            fail_with("results_exact", 0, &bad, kernel(3))
                .message
                .contains("i²")
        );
        let swapped = good_output(3, 12).replace(
            "result i=3 value=9\nresult i=4 value=16",
            "result i=4 value=16\nresult i=3 value=9",
        );
        fail_with("results_exact", 0, &swapped, kernel(3));
    }

    /// Task 0 printed first: the input order (m11_input_order).
    #[test]
    fn input_order_fails_as_completed_and_printed_when_done() {
        let mut s = String::new();
        for i in 0..12 {
            s += &format!("start i={i} tid={}\n", tid(i % 3));
        }
        for i in 0..12 {
            s += &format!("done i={i} value={}\n", i * i);
        }
        for i in 0..12 {
            s += &format!("result i={i} value={}\n", i * i);
        }
        s += "summary done=12 failed=0 cancelled=0\n";
        fail_with("as_completed", 0, &s, kernel(3));
        fail_with("printed_when_done", 0, &s, kernel(3));
        let held = s.replacen("done i=0 value=0\n", "", 1).replace(
            "done i=11 value=121\n",
            "done i=11 value=121\ndone i=0 value=0\n",
        );
        assert_eq!(
            (check("as_completed").eval)(&[run(RunPlan::new("defaults"), &held, Some(kernel(3)))]),
            Outcome::Pass
        );
        fail_with("printed_when_done", 0, &held, kernel(3));
    }

    #[test]
    fn more_threads_than_workers_fail_pool_threads() {
        let f = fail_with("pool_threads", 0, &good_output(3, 12), kernel(12));
        assert!(f.message.contains("12"), "{}", f.message);
        let stranger = good_output(3, 12).replace("tid=202", "tid=999");
        fail_with("pool_threads", 0, &stranger, kernel(3));
    }

    #[test]
    fn a_start_after_the_failure_fails_cancel_stops_queue() {
        let late = GOOD_FAIL.replace(
            "failed i=2\n",
            "failed i=2\nstart i=4 tid=203\ndone i=4 value=16\n",
        );
        let f = fail_with("cancel_stops_queue", 2, &late, kernel(3));
        assert!(f.message.contains("task 4"), "{}", f.message);
        let wrong_sum = GOOD_FAIL.replace("cancelled=4", "cancelled=0");
        fail_with("cancel_stops_queue", 2, &wrong_sum, kernel(3));
        let unfinished = GOOD_FAIL.replace("done i=3 value=9\n", "");
        fail_with("cancel_stops_queue", 2, &unfinished, kernel(3));
    }

    #[test]
    fn a_thread_killed_by_the_exit_fails_clean_shutdown() {
        let mut k = kernel(3);
        k.tasks[2].killed = Some(true);
        let f = fail_with("clean_shutdown", 0, &good_output(3, 12), k);
        assert!(f.message.contains(&tid(1).to_string()), "{}", f.message);
    }
}
