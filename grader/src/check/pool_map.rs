//! 04 pool_map: `Pool(W).map(f, inputs)` with worker processes created once and reused, tasks
//! handed out dynamically, results in input order.
//!
//! Output of the program:
//!
//! ```text
//! task index=<i> input=<x> output=<x*x> worker=<pid>     (a worker, when it finishes task i)
//! map results=<outputs in input order> sum=<sum>          (the parent, last line)
//! ```
//!
//! Runs: the course's defaults (3 workers, 1..10, 20 ms each), one random run, one "cores" run
//! with more workers than the grading machine has cores (a pool capped at the cores has fewer
//! processes than asked, whatever the machine), and three "skew" runs where two heavy tasks sit
//! in the first chunk and on the same residue mod W, so that any split decided up front gives
//! both to one worker while a dynamic pool runs them side by side. Every run has more tasks than
//! workers.

use std::collections::{BTreeMap, BTreeSet};

use crate::check::invariants::{exactly_once, pids_are_child_processes, summary_is_last};
use crate::check::{
    Check, Exercise, Failure, MAX_QUOTES, Outcome, Problem, any_run, each_healthy_run,
};
use crate::parse::Line;
use crate::rng::Rng;
use crate::run::{Run, RunPlan};
use crate::t;

pub static EXERCISE: Exercise = Exercise {
    id: "04",
    slug: "pool_map",
    plan,
    checks: CHECKS,
};

/// The program's own defaults (the course's example).
const DEFAULT_WORKERS: usize = 3;
const DEFAULT_COST_MS: u64 = 20;
fn default_inputs() -> Vec<u64> {
    (1..=10).collect()
}

/// Skew runs: the two heavy tasks and the light ones, in milliseconds.
const HEAVY_MS: u64 = 300;
const LIGHT_MS: u64 = 15;
/// How many skew attempts; the check passes if any one is fast enough or handed out dynamically.
const SKEW_ATTEMPTS: usize = 3;

/// At most this many workers in the "cores" run: a pool of W processes with one reader thread
/// each (as the reference solution has) is 2·W + 1 tasks, and the supervisor allows 256.
const MAX_WORKERS: usize = 100;

/// The grading machine's cores as a program sees them (`available_parallelism`: the CPUs this
/// process may run on, and the cgroup's CPU quota).
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn join<T: ToString>(items: &[T]) -> String {
    items.iter().map(T::to_string).collect::<Vec<_>>().join(",")
}

fn plan(rng: &mut Rng) -> Vec<RunPlan> {
    let mut runs = vec![RunPlan::new("defaults")];

    // Random: W in 2..=4, 8..=16 inputs, each with its own cost in 5..=20 ms.
    let workers = rng.range(2, 4);
    let n = rng.range(8, 16);
    let inputs: Vec<u64> = (0..n).map(|_| rng.range(1, 999)).collect();
    let costs: Vec<u64> = (0..n).map(|_| rng.range(5, 20)).collect();
    runs.push(
        RunPlan::new("random")
            .param("workers", workers)
            .param("inputs", join(&inputs))
            .param("costs-ms", join(&costs)),
    );

    runs.push(cores_plan(rng, cores()));

    for k in 1..=SKEW_ATTEMPTS {
        runs.push(skew_plan(rng, &format!("skew {k}/{SKEW_ATTEMPTS}")));
    }
    runs
}

/// More workers than the machine has `cores` (one or two more, at most [`MAX_WORKERS`]), 2W to
/// 3W tasks of 5 to 15 ms. A pool is W processes whatever the machine: its workers mostly wait,
/// and W is the caller's choice. One capped at the cores has fewer here, on any machine.
fn cores_plan(rng: &mut Rng, cores: usize) -> RunPlan {
    let w = (cores + rng.range(1, 2) as usize).min(MAX_WORKERS);
    let n = 2 * w + rng.range(0, w as u64) as usize;
    let inputs: Vec<u64> = (0..n).map(|_| rng.range(1, 999)).collect();
    let costs: Vec<u64> = (0..n).map(|_| rng.range(5, 15)).collect();
    RunPlan::new("cores")
        .param("workers", w)
        .param("inputs", join(&inputs))
        .param("costs-ms", join(&costs))
}

/// A skew run: W in 3..=4, N = W·(W+3) tasks (chunks of W+3), all light but two heavy ones at
/// `a` and `a + W` (a in 0..=2): both in the first contiguous chunk and on the same residue mod
/// W, so round-robin and chunked splits both hand them to one worker (≥ 2·HEAVY_MS), while a
/// dynamic pool runs them in parallel (≈ HEAVY_MS + LIGHT_MS). Inputs are distinct, so a
/// reordering of the results always shows.
fn skew_plan(rng: &mut Rng, label: &str) -> RunPlan {
    let w = rng.range(3, 4) as usize;
    let n = w * (w + 3);
    let a = rng.range(0, 2) as usize;
    let mut costs = vec![LIGHT_MS; n];
    costs[a] = HEAVY_MS;
    costs[a + w] = HEAVY_MS;
    let mut pool: Vec<u64> = (1..=99).collect();
    rng.shuffle(&mut pool);
    RunPlan::new(label)
        .param("workers", w)
        .param("inputs", join(&pool[..n]))
        .param("costs-ms", join(&costs))
}

/// What a run was asked to do, read back from its plan (or the program's defaults).
struct Spec {
    workers: usize,
    inputs: Vec<u64>,
    costs_ms: Vec<u64>,
}

impl Spec {
    fn of(plan: &RunPlan) -> Spec {
        let list = |name: &str| -> Option<Vec<u64>> {
            let raw: String = plan.get(name)?;
            raw.split(',').map(|v| v.parse().ok()).collect()
        };
        let inputs = list("inputs").unwrap_or_else(default_inputs);
        let costs = list("costs-ms").unwrap_or_else(|| vec![DEFAULT_COST_MS]);
        let costs_ms = if costs.len() == 1 {
            vec![costs[0]; inputs.len()]
        } else {
            costs
        };
        Spec {
            workers: plan.get("workers").unwrap_or(DEFAULT_WORKERS),
            inputs,
            costs_ms,
        }
    }

    fn expected(&self) -> Vec<u64> {
        self.inputs.iter().map(|x| x * x).collect()
    }
}

/// One `task …` line.
struct TaskLine<'a> {
    index: usize,
    input: u64,
    output: u64,
    worker: i32,
    line: &'a Line,
}

fn task_lines(lines: &[Line]) -> Result<Vec<TaskLine<'_>>, Failure> {
    lines
        .iter()
        .filter(|l| l.tag() == "task")
        .map(|l| {
            Ok(TaskLine {
                index: l.require("index")?,
                input: l.require("input")?,
                output: l.require("output")?,
                worker: l.require("worker")?,
                line: l,
            })
        })
        .collect()
}

/// Every index in exactly one task line, with the right input and output.
fn tasks_done_once<'a>(spec: &Spec, lines: &'a [Line]) -> Result<Vec<TaskLine<'a>>, Failure> {
    let tasks = task_lines(lines)?;
    let got: Vec<(usize, &Line)> = tasks.iter().map(|t| (t.index, t.line)).collect();
    exactly_once(
        &t!("check.pool_map.task_index"),
        &t!("check.pool_map.task_indices"),
        0..spec.inputs.len(),
        &got,
    )?;
    for t in &tasks {
        let x = spec.inputs[t.index];
        if t.input != x {
            return Err(Failure::new(t!(
                "check.pool_map.wrong_input",
                task = t.index,
                input = t.input,
                expected = x
            ))
            .quote(t.line));
        }
        if t.output != x * x {
            return Err(Failure::new(t!(
                "check.pool_map.wrong_output",
                task = t.index,
                x = x,
                expected = x * x,
                output = t.output
            ))
            .quote(t.line));
        }
    }
    Ok(tasks)
}

fn results_in_order(runs: &[Run]) -> Outcome {
    each_healthy_run(runs, "", |run| {
        let spec = Spec::of(&run.plan);
        let lines = run.lines();
        let map = summary_is_last(&lines, "`map results=… sum=…`", |l| l.tag() == "map")?;
        let got: Vec<u64> = map.require_list("results")?;
        let want = spec.expected();
        if got.len() != want.len() {
            return Err(Failure::new(t!(
                "check.pool_map.result_count",
                count = got.len(),
                inputs = want.len()
            ))
            .quote(map)
            .into());
        }
        if let Some(i) = (0..want.len()).find(|&i| got[i] != want[i]) {
            let mut sorted_got = got.clone();
            let mut sorted_want = want.clone();
            sorted_got.sort_unstable();
            sorted_want.sort_unstable();
            let mut f = if sorted_got == sorted_want {
                Failure::new(t!(
                    "check.pool_map.out_of_order",
                    i = i,
                    got = got[i],
                    input = spec.inputs[i],
                    want = want[i]
                ))
            } else {
                Failure::new(t!(
                    "check.pool_map.wrong_result",
                    i = i,
                    got = got[i],
                    input = spec.inputs[i],
                    want = want[i]
                ))
            };
            // Show where the misplaced value came from and where the expected one went.
            for t in task_lines(&lines).unwrap_or_default() {
                if t.index == i || t.output == got[i] {
                    f = f.quote(t.line);
                }
            }
            return Err(f.quote(map).into());
        }
        let sum: u64 = map.require("sum")?;
        let want_sum: u64 = want.iter().sum();
        if sum != want_sum {
            return Err(
                Failure::new(t!("check.pool_map.wrong_sum", sum = sum, total = want_sum))
                    .quote(map)
                    .into(),
            );
        }
        Ok(())
    })
}

fn exactly_w_workers(runs: &[Run]) -> Outcome {
    each_healthy_run(runs, "", |run| {
        let spec = Spec::of(&run.plan);
        let obs = run.observation()?;
        let lines = run.lines();
        let tasks = task_lines(&lines)?;
        let procs: Vec<i32> = obs.processes().map(|t| t.pid).collect();
        if procs.len() != spec.workers {
            let mut by_worker: BTreeMap<i32, &Line> = BTreeMap::new();
            for t in &tasks {
                by_worker.entry(t.worker).or_insert(t.line);
            }
            let how = if procs.len() > spec.workers {
                t!(
                    "check.pool_map.too_many",
                    count = procs.len(),
                    tasks = spec.inputs.len()
                )
            } else if procs.len() == cores() {
                t!(
                    "check.pool_map.capped",
                    count = procs.len(),
                    workers = spec.workers
                )
            } else {
                t!(
                    "check.pool_map.too_few",
                    count = procs.len(),
                    workers = spec.workers
                )
            };
            return Err(Failure::new(t!(
                "check.pool_map.worker_count",
                workers = spec.workers,
                how = how
            ))
            .quote_all(by_worker.values().copied())
            .into());
        }
        if let Some(p) = obs.processes().find(|t| t.parent != obs.root) {
            return Err(Failure::new(t!(
                "check.pool_map.grandchild",
                pid = p.pid,
                parent = p.parent
            ))
            .quote_all(
                tasks
                    .iter()
                    .filter(|t| t.worker == p.pid || t.worker == p.parent)
                    .map(|t| t.line),
            )
            .into());
        }
        let task_refs: Vec<&Line> = tasks.iter().map(|t| t.line).collect();
        pids_are_child_processes(obs, "worker", &task_refs)?;
        Ok(())
    })
}

fn each_task_once(runs: &[Run]) -> Outcome {
    each_healthy_run(runs, "", |run| {
        let spec = Spec::of(&run.plan);
        tasks_done_once(&spec, &run.lines())?;
        Ok(())
    })
}

/// Tasks went to more than one worker: in every run, or — when every run is healthy — in at
/// least one. One run is enough: on a busy machine one worker can take every tiny task of a run
/// before the others are scheduled, while a pool of one, or a program that gives everything to
/// its first worker, does it in every run.
fn spread(runs: &[Run]) -> Outcome {
    let every_run = spread_in_each(runs);
    if every_run.passed() {
        return every_run;
    }
    let healthy = runs.iter().all(|r| r.healthy().is_ok());
    if healthy
        && runs
            .iter()
            .any(|r| spread_in_each(std::slice::from_ref(r)) == Outcome::Pass)
    {
        return Outcome::Pass;
    }
    every_run
}

fn spread_in_each(runs: &[Run]) -> Outcome {
    each_healthy_run(runs, "", |run| {
        let lines = run.lines();
        let tasks = task_lines(&lines)?;
        let workers: BTreeSet<i32> = tasks.iter().map(|t| t.worker).collect();
        match workers.len() {
            0 => Err(Failure::new(t!("check.pool_map.no_tasks"))
                .quote_all(lines.iter().take(3))
                .into()),
            1 => Err(Failure::new(t!(
                "check.pool_map.one_worker",
                count = tasks.len(),
                pid = workers.first().copied().unwrap_or_default()
            ))
            .quote_all(tasks.iter().map(|t| t.line))
            .into()),
            _ => Ok(()),
        }
    })
}

/// How long a plan takes at best, in ms, for three ways of handing out tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Figures {
    /// Greedy list scheduling in index order: the next task to the first worker free.
    dynamic_ms: u64,
    /// The best of the two splits decided up front (round-robin `i % W`, contiguous chunks).
    static_ms: u64,
}

impl Figures {
    fn of(costs: &[u64], workers: usize) -> Figures {
        let w = workers.max(1);
        let mut free = vec![0u64; w];
        for &c in costs {
            let first_free = (0..w).min_by_key(|&k| free[k]).unwrap_or(0);
            free[first_free] += c;
        }
        let dynamic_ms = free.into_iter().max().unwrap_or(0);
        let round_robin = (0..w)
            .map(|k| costs.iter().skip(k).step_by(w).sum::<u64>())
            .max()
            .unwrap_or(0);
        let chunk = costs.len().div_ceil(w).max(1);
        let chunked = costs
            .chunks(chunk)
            .map(|c| c.iter().sum::<u64>())
            .max()
            .unwrap_or(0);
        Figures {
            dynamic_ms,
            static_ms: round_robin.min(chunked),
        }
    }

    /// Halfway between the two: a static program can never get under it (sleeps only last
    /// longer), a dynamic one has half the gap to spend on overhead.
    fn limit_ms(&self) -> u64 {
        (self.dynamic_ms + self.static_ms) / 2
    }
}

/// One skew attempt: healthy, every task done once, and either the kernel's lifetime of the
/// main process within the limit, or no worker given more work than the limit.
///
/// The second is the invariant: which worker did which task (each task line names its worker)
/// is decided by the program, not by the machine's speed. A split decided up front gives both
/// heavy tasks to one worker (at least `static_ms` of sleep) on any machine; a dynamic pool
/// gives them to two. On a busy machine a dynamic pool's run can take longer than the limit
/// (measured: 595 ms for a limit of 495 at a load average of 17, its busiest worker given
/// 330 ms of work), and must still pass.
fn skew_attempt(run: &Run) -> Result<(), Problem> {
    run.healthy()?;
    let spec = Spec::of(&run.plan);
    let lines = run.lines();
    let tasks = tasks_done_once(&spec, &lines)?;
    let obs = run.observation()?;
    let Some(elapsed_us) = obs.root_task().and_then(|t| t.lifetime_us()) else {
        return Err(Problem::NotVerified(t!("check.pool_map.no_end")));
    };
    let fig = Figures::of(&spec.costs_ms, spec.workers);
    let elapsed_ms = elapsed_us / 1000;
    // The bottleneck: the worker whose tasks add up to the most time.
    let mut load: BTreeMap<i32, u64> = BTreeMap::new();
    for t in &tasks {
        *load.entry(t.worker).or_default() += spec.costs_ms[t.index];
    }
    let (busiest, busiest_ms) = load
        .iter()
        .max_by_key(|(_, ms)| **ms)
        .map(|(p, ms)| (*p, *ms))
        .unwrap_or_default();
    if elapsed_ms <= fig.limit_ms() || busiest_ms <= fig.limit_ms() {
        return Ok(());
    }
    let heavy: Vec<usize> = (0..spec.costs_ms.len())
        .filter(|&i| spec.costs_ms[i] == HEAVY_MS)
        .collect();
    let and = format!(" {} ", t!("check.pool_map.and"));
    let f = Failure::new(t!(
        "check.pool_map.too_slow",
        elapsed = elapsed_ms,
        dynamic = fig.dynamic_ms,
        fixed = fig.static_ms,
        limit = fig.limit_ms(),
        worker = busiest,
        load = busiest_ms,
        heavy = heavy
            .iter()
            .map(|i| format!("{i}"))
            .collect::<Vec<_>>()
            .join(&and)
    ));
    let quotes = tasks
        .iter()
        .filter(|t| t.worker == busiest || heavy.contains(&t.index))
        .take(MAX_QUOTES)
        .map(|t| t.line);
    Err(f.quote_all(quotes).into())
}

fn dynamic(runs: &[Run]) -> Outcome {
    any_run(
        runs,
        "skew",
        |r| r.plan.label.starts_with("skew"),
        skew_attempt,
        |count, message| t!("check.pool_map.none_fast", count = count, message = message),
    )
}

static CHECKS: &[Check] = &[
    Check {
        id: "results_in_order",
        points: 3,
        eval: results_in_order,
    },
    Check {
        id: "exactly_w_workers",
        points: 3,
        eval: exactly_w_workers,
    },
    Check {
        id: "each_task_once",
        points: 2,
        eval: each_task_once,
    },
    Check {
        id: "spread",
        points: 1,
        eval: spread,
    },
    Check {
        id: "dynamic",
        points: 3,
        eval: dynamic,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::failure;
    use crate::observe::Observation;
    use crate::run::fixture::{observed, process, run};

    const ROOT: i32 = 100;

    /// An observation of a root and `workers` children 101, 102, … alive for `total_us`.
    fn obs(workers: usize, total_us: u64) -> Observation {
        let mut tasks = vec![process(ROOT, 1, 0, total_us, 0)];
        for w in 0..workers {
            tasks.push(process(ROOT + 1 + w as i32, ROOT, 10, total_us - 10, 0));
        }
        observed(tasks)
    }

    /// The output of a correct pool: tasks assigned by greedy hand-out over `spec`, printed in
    /// completion order, then the map line.
    fn good_output(spec: &Spec) -> String {
        let mut free = vec![0u64; spec.workers];
        let mut done: Vec<(u64, usize, usize)> = Vec::new();
        for (i, c) in spec.costs_ms.iter().enumerate() {
            let w = (0..spec.workers).min_by_key(|&k| free[k]).unwrap();
            free[w] += c;
            done.push((free[w], i, w));
        }
        done.sort();
        let mut out = String::new();
        for (_, i, w) in done {
            let x = spec.inputs[i];
            out += &format!(
                "task index={i} input={x} output={} worker={}\n",
                x * x,
                ROOT + 1 + w as i32
            );
        }
        let results = spec.expected();
        out += &format!(
            "map results={} sum={}\n",
            join(&results),
            results.iter().sum::<u64>()
        );
        out
    }

    fn defaults() -> RunPlan {
        RunPlan::new("defaults")
    }

    fn skew(label: &str) -> RunPlan {
        skew_plan(&mut Rng::new(7), label)
    }

    fn good_run(plan: RunPlan, total_us: u64) -> Run {
        let spec = Spec::of(&plan);
        let out = good_output(&spec);
        let o = obs(spec.workers, total_us);
        run(plan, &out, Some(o))
    }

    fn good_runs() -> Vec<Run> {
        let mut runs = vec![good_run(defaults(), 90_000)];
        let mut rng = Rng::new(3);
        for p in plan(&mut rng).into_iter().skip(1) {
            runs.push(good_run(p, 340_000));
        }
        runs
    }

    #[test]
    fn plan_has_more_tasks_than_workers_and_skew_is_skewed() {
        for seed in 0..50 {
            let runs = plan(&mut Rng::new(seed));
            assert_eq!(runs.len(), 3 + SKEW_ATTEMPTS);
            let cores_run = runs.iter().find(|r| r.label == "cores").unwrap();
            assert!(Spec::of(cores_run).workers > cores());
            for r in &runs {
                let spec = Spec::of(r);
                assert!(spec.inputs.len() > spec.workers, "{}", r.label);
                assert_eq!(spec.costs_ms.len(), spec.inputs.len());
                if r.label.starts_with("skew") {
                    let fig = Figures::of(&spec.costs_ms, spec.workers);
                    assert!(fig.dynamic_ms <= HEAVY_MS + 2 * LIGHT_MS, "{fig:?}");
                    assert!(fig.static_ms >= 2 * HEAVY_MS, "{fig:?}");
                    assert!(fig.limit_ms() >= fig.dynamic_ms + 150, "{fig:?}");
                    let distinct: BTreeSet<u64> = spec.inputs.iter().copied().collect();
                    assert_eq!(distinct.len(), spec.inputs.len());
                }
            }
        }
    }

    #[test]
    fn the_cores_run_has_more_workers_than_any_machine_has_cores() {
        for cores in [1, 2, 3, 4, 8, 16, 64, 98] {
            for seed in 0..20 {
                let spec = Spec::of(&cores_plan(&mut Rng::new(seed), cores));
                assert!(
                    (cores + 1..=cores + 2).contains(&spec.workers),
                    "{cores} cores: W = {}",
                    spec.workers
                );
                assert!(spec.inputs.len() >= 2 * spec.workers);
                assert!(spec.inputs.len() <= 3 * spec.workers);
                assert!(spec.costs_ms.iter().all(|c| (5..=15).contains(c)));
            }
        }
        // Within the supervisor's 256 processes and threads even on a big machine.
        let spec = Spec::of(&cores_plan(&mut Rng::new(1), 512));
        assert_eq!(spec.workers, MAX_WORKERS);
    }

    #[test]
    fn a_pool_capped_at_the_cores_fails_exactly_w_workers() {
        let plan = cores_plan(&mut Rng::new(5), cores());
        let spec = Spec::of(&plan);
        let out = good_output(&Spec {
            workers: cores(),
            inputs: spec.inputs.clone(),
            costs_ms: spec.costs_ms.clone(),
        });
        let r = run(plan, &out, Some(obs(cores(), 90_000)));
        let f = failure(exactly_w_workers(&[r]));
        assert!(
            f.message.contains("as many as this machine has cores"),
            "{}",
            f.message
        );
        assert!(f.message.contains("available_parallelism"), "{}", f.message);
        assert!(!f.quotes.is_empty());
    }

    #[test]
    fn figures_of_the_brief_example() {
        let mut costs = vec![30; 12];
        costs[0] = 300;
        costs[3] = 300;
        let fig = Figures::of(&costs, 3);
        assert_eq!(fig.dynamic_ms, 330);
        assert_eq!(fig.static_ms, 660);
        assert_eq!(fig.limit_ms(), 495);
    }

    #[test]
    fn good_runs_pass_every_check() {
        let runs = good_runs();
        for c in CHECKS {
            assert_eq!((c.eval)(&runs), Outcome::Pass, "{}", c.id);
        }
    }

    #[test]
    fn kernel_checks_without_observation_are_not_verified() {
        let mut runs = good_runs();
        for r in &mut runs {
            r.outcome.observation = Err("ptrace refused (test)".into());
        }
        for c in CHECKS {
            let o = (c.eval)(&runs);
            match c.id {
                "exactly_w_workers" | "dynamic" => {
                    assert!(matches!(o, Outcome::NotVerified { .. }), "{}: {o:?}", c.id)
                }
                _ => assert_eq!(o, Outcome::Pass, "{}", c.id),
            }
        }
    }

    #[test]
    fn results_in_completion_order_fail() {
        let plan = skew("skew 1/3");
        let spec = Spec::of(&plan);
        let good = good_output(&spec);
        // Results in the order the task lines were printed (completion order).
        let outputs: Vec<u64> = parse_outputs(&good);
        let bad = good.replace(
            &format!("map results={}", join(&spec.expected())),
            &format!("map results={}", join(&outputs)),
        );
        assert_ne!(bad, good);
        let r = run(plan, &bad, Some(obs(spec.workers, 340_000)));
        let f = failure(results_in_order(&[r]));
        assert!(f.message.contains("not in input order"), "{}", f.message);
        assert!(f.quotes.iter().any(|q| q.text.starts_with("map ")));
        assert!(f.quotes.iter().any(|q| q.text.starts_with("task ")));
    }

    fn parse_outputs(out: &str) -> Vec<u64> {
        crate::parse::lines(out)
            .iter()
            .filter(|l| l.tag() == "task")
            .map(|l| l.get("output").unwrap())
            .collect()
    }

    #[test]
    fn wrong_sum_missing_or_misplaced_map_line_fail() {
        let spec = Spec::of(&defaults());
        let good = good_output(&spec);
        let bad = good.replace("sum=385", "sum=384");
        let f = failure(results_in_order(&[run(defaults(), &bad, None)]));
        assert!(f.message.contains("sum=384"), "{}", f.message);
        assert_eq!(
            f.quotes[0].text,
            "map results=1,4,9,16,25,36,49,64,81,100 sum=384"
        );

        let bad = good.replace("1,4,9,", "1,4,10,");
        let f = failure(results_in_order(&[run(defaults(), &bad, None)]));
        assert!(
            f.message.contains("wrong result at position 2"),
            "{}",
            f.message
        );

        let bad = good.replace("1,4,9,", "1,4,");
        let f = failure(results_in_order(&[run(defaults(), &bad, None)]));
        assert!(
            f.message.contains("9 results for 10 inputs"),
            "{}",
            f.message
        );

        let mut lines: Vec<&str> = good.lines().collect();
        let map = lines.pop().unwrap();
        lines.insert(3, map);
        let bad = lines.join("\n") + "\n";
        let f = failure(results_in_order(&[run(defaults(), &bad, None)]));
        assert!(f.message.contains("must come last"), "{}", f.message);
    }

    #[test]
    fn one_process_per_task_fails_exactly_w_workers() {
        let spec = Spec::of(&defaults());
        // Ten processes, each printing one task.
        let mut out = String::new();
        for (i, x) in spec.inputs.iter().enumerate() {
            out += &format!(
                "task index={i} input={x} output={} worker={}\n",
                x * x,
                ROOT + 1 + i as i32
            );
        }
        out += "map results=1,4,9,16,25,36,49,64,81,100 sum=385\n";
        let r = run(defaults(), &out, Some(obs(10, 90_000)));
        let f = failure(exactly_w_workers(&[r]));
        assert!(
            f.message.contains("10 processes for 10 tasks"),
            "{}",
            f.message
        );
        assert!(!f.quotes.is_empty());
    }

    #[test]
    fn too_few_workers_or_grandchildren_or_fake_pids_fail_exactly_w_workers() {
        let spec = Spec::of(&defaults());
        let out = good_output(&spec);
        let r = run(defaults(), &out, Some(obs(1, 90_000)));
        let f = failure(exactly_w_workers(&[r]));
        assert!(f.message.contains("only 1"), "{}", f.message);

        let mut o = obs(3, 90_000);
        o.tasks[3].parent = 101;
        let f = failure(exactly_w_workers(&[run(defaults(), &out, Some(o))]));
        assert!(
            f.message.contains("created by process 101"),
            "{}",
            f.message
        );

        let bad = out.replacen("worker=101", "worker=100", 1);
        let f = failure(exactly_w_workers(&[run(
            defaults(),
            &bad,
            Some(obs(3, 90_000)),
        )]));
        assert!(f.message.contains("main process itself"), "{}", f.message);
        assert!(f.quotes[0].text.contains("worker=100"));
    }

    #[test]
    fn duplicated_missing_or_wrong_tasks_fail_each_task_once() {
        let spec = Spec::of(&defaults());
        let good = good_output(&spec);
        let lines: Vec<&str> = good.lines().collect();
        let dup = format!("{}\n{good}", lines[0]);
        let f = failure(each_task_once(&[run(defaults(), &dup, None)]));
        assert!(f.message.contains("reported 2 times"), "{}", f.message);
        assert_eq!(f.quotes.len(), 2);

        let missing = good.replacen(&format!("{}\n", lines[0]), "", 1);
        let f = failure(each_task_once(&[run(defaults(), &missing, None)]));
        assert!(f.message.contains("never arrived"), "{}", f.message);

        let wrong = good.replacen("input=3 output=9", "input=3 output=6", 1);
        let f = failure(each_task_once(&[run(defaults(), &wrong, None)]));
        assert!(f.message.contains("should be 9"), "{}", f.message);
        assert!(f.quotes[0].text.contains("output=6"));

        let swapped = good.replacen("index=2 input=3", "index=2 input=4", 1);
        let f = failure(each_task_once(&[run(defaults(), &swapped, None)]));
        assert!(f.message.contains("travelled apart"), "{}", f.message);
    }

    #[test]
    fn one_worker_doing_everything_fails_spread() {
        let spec = Spec::of(&defaults());
        let good = good_output(&spec);
        let bad = good
            .replace("worker=102", "worker=101")
            .replace("worker=103", "worker=101");
        let f = failure(spread(&[run(defaults(), &bad, None)]));
        assert!(
            f.message
                .contains("one worker did all the tasks (here all 10"),
            "{}",
            f.message
        );
        assert_eq!(f.quotes.len(), MAX_QUOTES);

        let f = failure(spread(&[run(defaults(), "map results= sum=0\n", None)]));
        assert!(f.message.contains("no `task"), "{}", f.message);

        // One run where one worker took everything is forgiven when another run spread the
        // tasks; every run taken by one worker is not.
        let mixed = [run(defaults(), &bad, None), run(defaults(), &good, None)];
        assert_eq!(spread(&mixed), Outcome::Pass);
        let all_bad = [run(defaults(), &bad, None), run(defaults(), &bad, None)];
        assert!(!spread(&all_bad).passed());
    }

    #[test]
    fn slow_skew_runs_fail_dynamic_and_one_fast_attempt_passes() {
        let plans: Vec<RunPlan> = (1..=3).map(|k| skew(&format!("skew {k}/3"))).collect();
        // A static round-robin program: the heavy tasks share a worker; 700 ms each time.
        let static_runs: Vec<Run> = plans
            .iter()
            .map(|p| {
                let spec = Spec::of(p);
                let mut out = String::new();
                for (i, x) in spec.inputs.iter().enumerate() {
                    out += &format!(
                        "task index={i} input={x} output={} worker={}\n",
                        x * x,
                        ROOT + 1 + (i % spec.workers) as i32
                    );
                }
                let results = spec.expected();
                out += &format!(
                    "map results={} sum={}\n",
                    join(&results),
                    results.iter().sum::<u64>()
                );
                run(p.clone(), &out, Some(obs(spec.workers, 700_000)))
            })
            .collect();
        let f = failure(dynamic(&static_runs));
        assert!(f.message.contains("none of the 3"), "{}", f.message);
        assert!(f.message.contains("took 700 ms"), "{}", f.message);
        assert!(f.run.as_deref().unwrap().contains("skew 1/3"));
        // The two heavy tasks, on the same worker, are quoted.
        let spec = Spec::of(&plans[0]);
        let heavy: Vec<usize> = (0..spec.costs_ms.len())
            .filter(|&i| spec.costs_ms[i] == HEAVY_MS)
            .collect();
        for i in heavy {
            assert!(
                f.quotes
                    .iter()
                    .any(|q| q.text.starts_with(&format!("task index={i} "))),
                "{f:?}"
            );
        }

        // A dynamic pool on a busy machine: every attempt slower than the limit, but no
        // worker was given more than the limit's worth of tasks: the handout was dynamic.
        let busy: Vec<Run> = plans.iter().map(|p| good_run(p.clone(), 900_000)).collect();
        assert_eq!(dynamic(&busy), Outcome::Pass);

        // Two slow attempts and one fast one: pass.
        let mut mixed = static_runs.clone();
        mixed[2] = good_run(plans[2].clone(), 340_000);
        assert_eq!(dynamic(&mixed), Outcome::Pass);

        // A fast run that skipped the work does not count.
        let mut lazy = good_run(plans[0].clone(), 5_000);
        lazy.outcome.stdout.text = "map results= sum=0\n".into();
        let f = failure(dynamic(&[lazy]));
        assert!(f.message.contains("never arrived"), "{}", f.message);

        // No skew run at all is a grader bug, not a pass.
        assert!(!dynamic(&[good_run(defaults(), 90_000)]).passed());
    }
}
