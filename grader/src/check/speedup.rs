//! 16 speedup: the sum of the squares of 1..=N, exactly, computed once in the main process and
//! once split over W worker processes, each sending its partial sum back through a pipe; the
//! program times both and prints the speedup.
//!
//! Output:
//!
//! ```text
//! sequential sum=<S> ms=<T>
//! chunk worker=<i> from=<a> to=<b>          (W lines, i = 0..W-1)
//! partial worker=<i> pid=<P> sum=<s>        (W lines)
//! parallel sum=<S> ms=<T> workers=<W>
//! speedup <X.XX>
//! ```
//!
//! The sums are judged exactly against a closed formula; the chunks against 1..=N; the workers
//! against what the kernel saw (W processes, alive at one moment, each using a fair share of
//! the CPU time). The speedup is judged only where the run could have shown it: with more than
//! one CPU, and with the workers hardly waiting for a CPU (the machine was not busy with other
//! work). Otherwise it is "not verified here", with the figures, never a failure.

use std::collections::BTreeMap;

use crate::check::{Check, Exercise, Failure, Outcome, Problem, each_healthy_run, ms};
use crate::observe::{Observation, Sched, Task};
use crate::parse::{Line, Panic, find_panic};
use crate::rng::Rng;
use crate::run::{Run, RunPlan};
use crate::t;

pub static EXERCISE: Exercise = Exercise {
    id: "16",
    slug: "speedup",
    plan,
    checks: CHECKS,
};

/// The program's defaults, which the grader must know to judge the default run.
const DEFAULT_N: u64 = 6_000_000;
const DEFAULT_WORKERS: u64 = 4;

/// The speedup a run must reach where it is judged: this fraction of min(W, CPUs).
pub const FRACTION: f64 = 0.6;

/// The machine was busy with other work when the workers waited for a CPU, beyond what their
/// own number explains, for more than this part of their CPU time; or the main process waited
/// for a CPU for more than this part of the two timed phases.
const BUSY: f64 = 0.10;

/// The same work took this much more CPU time split over the workers than in one process: the
/// CPUs were slower when all of them were busy (cores shared by hyperthreads, a virtual
/// machine's stolen time, a lower clock). A low speedup is then the machine's doing.
const SLOWER: f64 = 1.3;

/// What the parallel time may fall short of the workers' span (first fork to last end, as the
/// tracer noted them): the tracer's delay in noting an end, plus 5% of the span.
const SPAN_SLACK_US: f64 = 20_000.0;

/// A worker's CPU time must reach this part of the fair share (the workers' total ÷ W).
const FAIR: f64 = 1.0 / 3.0;

/// Below this fair share (µs of CPU per worker), a worker's time is mostly fork and exit: its
/// share is not judged.
const MIN_SHARE_US: u64 = 5_000;

/// At most this many workers, whatever the machine.
const MAX_WORKERS: u64 = 16;

fn cores() -> u64 {
    std::thread::available_parallelism().map_or(1, |n| n.get() as u64)
}

fn plan(rng: &mut Rng) -> Vec<RunPlan> {
    let limit = std::time::Duration::from_secs(10);
    let mut runs = vec![RunPlan::new("defaults").timeout(limit)];
    // Random: N not a multiple of W, so a split that drops the remainder n % w shows.
    let w = rng.range(2, 6);
    let mut n = rng.range(4_000_000, 6_000_000);
    if n.is_multiple_of(w) {
        n += 1;
    }
    runs.push(
        RunPlan::new("random")
            .param("n", n)
            .param("workers", w)
            .timeout(limit),
    );
    // Stress: more workers than the machine has CPUs.
    let w = (2 * cores() + 1).min(MAX_WORKERS);
    let mut n = 6_000_000 + rng.range(1, 1000);
    if n.is_multiple_of(w) {
        n += 1;
    }
    runs.push(
        RunPlan::new("stress")
            .param("n", n)
            .param("workers", w)
            .timeout(limit),
    );
    runs
}

static CHECKS: &[Check] = &[
    Check {
        id: "sum_exact",
        points: 3,
        eval: sum_exact,
    },
    Check {
        id: "chunks_cover",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", chunks_cover),
    },
    Check {
        id: "worker_processes",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", worker_processes),
    },
    Check {
        id: "workers_overlap",
        points: 2,
        eval: workers_overlap,
    },
    Check {
        id: "fair_share",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", fair_share),
    },
    Check {
        id: "speedup",
        points: 3,
        eval: speedup,
    },
];

// ---------------------------------------------------------------------------------------------
// Arithmetic

/// 1² + 2² + … + n² = n(n+1)(2n+1)/6, exactly.
pub fn squares_upto(n: u64) -> u128 {
    let n = u128::from(n);
    n * (n + 1) * (2 * n + 1) / 6
}

/// from² + … + to² (0 for an empty chunk, to < from).
pub fn squares(from: u64, to: u64) -> u128 {
    if to < from || from == 0 {
        return 0;
    }
    squares_upto(to) - squares_upto(from - 1)
}

/// Why `got` is not `want`, when the cause is recognisable: a sum kept in u64 (wrapped at
/// 2⁶⁴ in a release build) or in a float (rounded).
fn cause(got: u128, want: u128) -> Option<String> {
    if want > u128::from(u64::MAX) && got == want % (1u128 << 64) {
        return Some(t!("check.speedup.wrapped"));
    }
    let rel = (got as f64 - want as f64).abs() / (want as f64).max(1.0);
    if got != want && rel < 1e-9 {
        return Some(t!("check.speedup.rounded"));
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Reading the output

fn n_of(run: &Run) -> u64 {
    run.plan.get("n").unwrap_or(DEFAULT_N)
}

fn workers_of(run: &Run) -> u64 {
    run.plan.get("workers").unwrap_or(DEFAULT_WORKERS)
}

/// The only line tagged `tag`; a failure when there is none or more than one.
fn one<'a>(lines: &'a [Line], tag: &str, shape: &str) -> Result<&'a Line, Failure> {
    let found: Vec<&Line> = lines.iter().filter(|l| l.tag() == tag).collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(Failure::new(t!("check.speedup.line_missing", line = shape))
            .quote_all(lines.iter().rev().take(3))),
        many => Err(Failure::new(t!(
            "check.speedup.line_repeated",
            line = shape,
            count = many.len()
        ))
        .quote_all(many.iter().copied())),
    }
}

/// The lines tagged `tag` by their `worker=` index, each index 0..w exactly once.
fn per_worker<'a>(lines: &'a [Line], tag: &str, w: u64) -> Result<Vec<&'a Line>, Failure> {
    let mut by: BTreeMap<u64, &Line> = BTreeMap::new();
    for l in lines.iter().filter(|l| l.tag() == tag) {
        let i: u64 = l.require("worker")?;
        if i >= w {
            return Err(Failure::new(t!(
                "check.speedup.worker_out_of_range",
                tag = tag,
                worker = i,
                w = w
            ))
            .quote(l));
        }
        if let Some(first) = by.insert(i, l) {
            return Err(
                Failure::new(t!("check.speedup.worker_repeated", tag = tag, worker = i))
                    .quote(first)
                    .quote(l),
            );
        }
    }
    if by.len() as u64 != w {
        let missing: Vec<String> = (0..w)
            .filter(|i| !by.contains_key(i))
            .map(|i| i.to_string())
            .collect();
        return Err(Failure::new(t!(
            "check.speedup.worker_missing",
            tag = tag,
            w = w,
            missing = missing.join(", ")
        ))
        .quote_all(by.values().copied()));
    }
    Ok(by.into_values().collect())
}

/// The `ms=` of the `sequential` or `parallel` line, in µs.
fn ms_us(line: &Line) -> Result<f64, Failure> {
    let ms: f64 = line.require("ms")?;
    if !ms.is_finite() || ms < 0.0 {
        return Err(Failure::new(t!("check.speedup.bad_ms", line = line.no)).quote(line));
    }
    Ok(ms * 1000.0)
}

/// The worker processes the kernel saw: the main process's children, in creation order.
fn worker_tasks(obs: &Observation) -> Vec<&Task> {
    obs.children_of(obs.root).collect()
}

// ---------------------------------------------------------------------------------------------
// Checks

/// The sequential and parallel sums are exact, and the partials add up to the parallel sum.
/// A panic on overflow is named as such, before the run's other troubles.
fn sum_exact(runs: &[Run]) -> Outcome {
    for run in runs {
        if let Some(Panic::Other { message, location }) = find_panic(&run.outcome.stderr.text)
            && message.contains("overflow")
        {
            let mut f = Failure::new(t!(
                "check.speedup.overflow_panic",
                message = message,
                location = location,
                n = n_of(run)
            ));
            f.run = Some(run.plan.describe());
            return Outcome::Fail(f);
        }
    }
    each_healthy_run(runs, "", |run| {
        let lines = run.lines();
        let n = n_of(run);
        let want = squares_upto(n);
        for (tag, shape) in [
            ("sequential", "sequential sum=… ms=…"),
            ("parallel", "parallel sum=… ms=… workers=…"),
        ] {
            let line = one(&lines, tag, shape)?;
            let got: u128 = line.require("sum")?;
            if got != want {
                let mut message = t!(
                    "check.speedup.wrong_sum",
                    tag = tag,
                    n = n,
                    want = want,
                    got = got
                );
                if let Some(cause) = cause(got, want) {
                    message = format!("{message}: {cause}");
                }
                return Err(Failure::new(message).quote(line).into());
            }
        }
        let partials = per_worker(&lines, "partial", workers_of(run))?;
        let mut added = 0u128;
        for l in &partials {
            added = added.saturating_add(l.require::<u128>("sum")?);
        }
        if added != want {
            let parallel = one(&lines, "parallel", "")?;
            return Err(Failure::new(t!(
                "check.speedup.partials_dont_add",
                added = added,
                want = want
            ))
            .quote_all(partials.iter().copied())
            .quote(parallel)
            .into());
        }
        Ok(())
    })
}

/// W chunk lines that cover 1..=N, each number once, and each worker's partial is the sum of
/// the squares of its own chunk.
fn chunks_cover(run: &Run) -> Result<(), Problem> {
    let lines = run.lines();
    let n = n_of(run);
    let w = workers_of(run);
    let chunk_lines = per_worker(&lines, "chunk", w)?;
    let mut chunks = Vec::new();
    for l in &chunk_lines {
        let from: u64 = l.require("from")?;
        let to: u64 = l.require("to")?;
        if from == 0 || to.saturating_add(1) < from {
            return Err(
                Failure::new(t!("check.speedup.chunk_backwards", from = from, to = to))
                    .quote(*l)
                    .into(),
            );
        }
        chunks.push((from, to, *l));
    }
    // Walk the chunks in the order of their numbers: each begins right after the previous one.
    let mut sorted: Vec<&(u64, u64, &Line)> = chunks.iter().collect();
    sorted.sort_by_key(|(from, to, _)| (*from, *to));
    let mut next = 1u64; // the first number not yet covered
    let mut prev: Option<&Line> = None;
    for (from, to, l) in sorted.iter().map(|c| (c.0, c.1, c.2)) {
        if to < from {
            continue; // an empty chunk covers nothing
        }
        if from < next {
            let mut f = Failure::new(t!(
                "check.speedup.chunks_overlap",
                from = from,
                last = next - 1
            ));
            if let Some(p) = prev {
                f = f.quote(p);
            }
            return Err(f.quote(l).into());
        }
        if from > next {
            let mut f = Failure::new(t!("check.speedup.chunks_gap", from = next, to = from - 1));
            if let Some(p) = prev {
                f = f.quote(p);
            }
            return Err(f.quote(l).into());
        }
        next = to.saturating_add(1);
        prev = Some(l);
    }
    if next != n + 1 {
        let f = if next <= n {
            Failure::new(t!("check.speedup.chunks_short", from = next, n = n))
        } else {
            Failure::new(t!("check.speedup.chunks_past", to = next - 1, n = n))
        };
        return Err(f.quote_all(chunk_lines.iter().copied()).into());
    }
    let partials = per_worker(&lines, "partial", w)?;
    for ((from, to, cl), pl) in chunks.iter().zip(&partials) {
        let got: u128 = pl.require("sum")?;
        let want = squares(*from, *to);
        if got != want {
            let mut message = t!(
                "check.speedup.wrong_partial",
                from = from,
                to = to,
                want = want,
                got = got
            );
            if let Some(cause) = cause(got, want) {
                message = format!("{message}: {cause}");
            }
            return Err(Failure::new(message).quote(*cl).quote(*pl).into());
        }
    }
    Ok(())
}

/// (kernel) The main process created exactly W processes, and the pids on the partial lines are
/// theirs.
fn worker_processes(run: &Run) -> Result<(), Problem> {
    let lines = run.lines();
    let w = workers_of(run);
    let partials = per_worker(&lines, "partial", w)?;
    let obs = run.observation()?;
    let kids = worker_tasks(obs);
    let pids: Vec<String> = kids.iter().map(|t| t.pid.to_string()).collect();
    if kids.len() as u64 != w {
        let threads = obs.threads().count();
        let message = if threads > 0 && kids.is_empty() {
            t!(
                "check.speedup.threads_not_processes",
                threads = threads,
                w = w
            )
        } else {
            t!(
                "check.speedup.process_count",
                count = kids.len(),
                w = w,
                pids = pids.join(", ")
            )
        };
        return Err(Failure::new(message).into());
    }
    for l in &partials {
        let pid: i32 = l.require("pid")?;
        if !kids.iter().any(|t| t.pid == pid) {
            return Err(Failure::new(t!(
                "check.speedup.pid_stranger",
                pid = pid,
                pids = pids.join(", ")
            ))
            .quote(*l)
            .into());
        }
    }
    Ok(())
}

/// (kernel) In at least one run, every worker was alive at one moment. One run is enough: on a
/// busy machine the parent may be left without a CPU between two forks, but workers started one
/// after the other (fork, wait, fork, wait) never show it.
fn workers_overlap(runs: &[Run]) -> Outcome {
    let mut shown: Option<(&Run, i32, u64, i32, u64)> = None;
    let mut judged = false;
    for run in runs {
        if let Err(mut f) = run.healthy() {
            f.run.get_or_insert_with(|| run.plan.describe());
            return Outcome::Fail(f);
        }
        let Ok(obs) = &run.outcome.observation else {
            continue;
        };
        let kids = worker_tasks(obs);
        if kids.len() < 2 {
            continue; // `worker_processes` says what is wrong
        }
        judged = true;
        let last_start = kids.iter().max_by_key(|t| t.start_us).expect("two");
        let first_end = kids
            .iter()
            .min_by_key(|t| t.end_us.unwrap_or(u64::MAX))
            .expect("two");
        match first_end.end_us {
            Some(end) if end <= last_start.start_us => {
                shown.get_or_insert((run, first_end.pid, end, last_start.pid, last_start.start_us));
            }
            _ => return Outcome::Pass,
        }
    }
    match shown {
        Some((run, first, end, second, start)) => {
            let mut f = Failure::new(t!(
                "check.speedup.one_after_another",
                first = first,
                end = ms(end),
                second = second,
                start = ms(start)
            ));
            f.run = Some(run.plan.describe());
            Outcome::Fail(f)
        }
        None if judged => Outcome::Pass,
        None => Outcome::NotVerified {
            reason: t!("check.speedup.not_seen"),
        },
    }
}

/// Every worker's scheduler figures, or why they are missing.
fn scheds<'a>(kids: &[&'a Task]) -> Result<Vec<(&'a Task, Sched)>, Problem> {
    kids.iter()
        .map(|t| {
            t.sched
                .filter(|s| s.queued_us.is_some())
                .map(|s| (*t, s))
                .ok_or_else(|| Problem::NotVerified(t!("check.speedup.no_sched")))
        })
        .collect()
}

/// (kernel) Each worker used at least a third of the fair share of CPU time (the workers' total
/// ÷ W): W processes that all compute, not one that does the work while the others idle.
fn fair_share(run: &Run) -> Result<(), Problem> {
    let obs = run.observation()?;
    let kids = worker_tasks(obs);
    if kids.len() < 2 {
        return Ok(()); // `worker_processes` says what is wrong
    }
    let figures = scheds(&kids)?;
    let total: u64 = figures.iter().map(|(_, s)| s.cpu_us).sum();
    let share = total / figures.len() as u64;
    if share < MIN_SHARE_US {
        return Err(Problem::NotVerified(t!(
            "check.speedup.share_too_small",
            share = ms(share)
        )));
    }
    let (task, least) = figures
        .iter()
        .min_by_key(|(_, s)| s.cpu_us)
        .expect("two workers or more");
    if (least.cpu_us as f64) < FAIR * share as f64 {
        let (busiest, most) = figures
            .iter()
            .max_by_key(|(_, s)| s.cpu_us)
            .expect("two workers or more");
        return Err(Failure::new(t!(
            "check.speedup.unfair",
            pid = task.pid,
            cpu = ms(least.cpu_us),
            busiest = busiest.pid,
            most = ms(most.cpu_us),
            share = ms(share),
            w = figures.len()
        ))
        .into());
    }
    Ok(())
}

/// What one run's speedup says: reached, not judged here (why), or too low (the failure).
enum Judged {
    Reached,
    NotHere(String),
}

/// The printed speedup agrees with the printed times; the parallel time covers the workers'
/// work (a clock stopped before the workers finished measures nothing); and where the machine
/// had the CPUs free, the speedup reaches [`FRACTION`] × min(W, CPUs).
fn speedup_of(run: &Run) -> Result<Judged, Problem> {
    run.healthy()?;
    let lines = run.lines();
    let w = workers_of(run);
    let seq_l = one(&lines, "sequential", "sequential sum=… ms=…")?;
    let par_l = one(&lines, "parallel", "parallel sum=… ms=… workers=…")?;
    let sp_l = one(&lines, "speedup", "speedup X.XX")?;
    let seq_us = ms_us(seq_l)?;
    let par_us = ms_us(par_l)?;
    let printed: f64 = sp_l
        .words()
        .get(1)
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| Failure::new(t!("check.speedup.bad_speedup")).quote(sp_l))?;
    let computed = seq_us / par_us.max(1.0);
    if (printed - computed).abs() > 0.01 + 0.02 * computed {
        return Err(Failure::new(t!(
            "check.speedup.inconsistent",
            printed = format!("{printed:.2}"),
            computed = format!("{computed:.2}")
        ))
        .quote(seq_l)
        .quote(par_l)
        .quote(sp_l)
        .into());
    }

    let obs = run.observation()?;
    let kids = worker_tasks(obs);
    if kids.is_empty() {
        return Ok(Judged::NotHere(t!("check.speedup.no_workers")));
    }
    let figures = scheds(&kids)?;
    // A worker is forked after the parallel clock starts and reaped before it stops: the
    // parallel time is at least as long as any worker computed (CPU time ≤ its lifetime).
    let (busiest, most) = figures
        .iter()
        .max_by_key(|(_, s)| s.cpu_us)
        .map(|(t, s)| (t.pid, s.cpu_us))
        .expect("one worker or more");
    if (most as f64) > par_us * 1.1 + 2_000.0 {
        return Err(Failure::new(t!(
            "check.speedup.clock_stopped_early",
            par = format!("{:.1}", par_us / 1000.0),
            pid = busiest,
            cpu = ms(most)
        ))
        .quote(par_l)
        .into());
    }

    // The same from the workers' lifetimes: the kernel saw the first fork after the clock
    // started, and each worker's end before the parent's waitpid returned. What the grader
    // allows is the tracer's own delay in noting an end, at most a few milliseconds.
    let first_start = kids.iter().map(|t| t.start_us).min();
    let last_end = kids.iter().map(|t| t.end_us).collect::<Option<Vec<_>>>();
    if let (Some(first), Some(ends)) = (first_start, last_end)
        && let Some(&last) = ends.iter().max()
    {
        let span = last.saturating_sub(first) as f64;
        if par_us + SPAN_SLACK_US + 0.05 * span < span {
            return Err(Failure::new(t!(
                "check.speedup.clock_before_end",
                par = format!("{:.1}", par_us / 1000.0),
                span = format!("{:.1}", span / 1000.0)
            ))
            .quote(par_l)
            .into());
        }
    }

    let Some(cpus) = run.outcome.cpus else {
        return Ok(Judged::NotHere(t!("check.speedup.cpus_unknown")));
    };
    if cpus <= 1 {
        return Ok(Judged::NotHere(t!("check.speedup.one_cpu")));
    }
    let cap = w.min(u64::from(cpus));
    let target = FRACTION * cap as f64;
    if printed >= target {
        return Ok(Judged::Reached);
    }
    // Too low: was it the machine? The workers' own number explains some waiting for a CPU
    // (W workers on `cap` CPUs wait (W − cap) / cap of their CPU time); more than that, or a
    // main process that waited for a CPU, means other programs had the CPUs.
    let cpu: u64 = figures.iter().map(|(_, s)| s.cpu_us).sum();
    let queued: u64 = figures.iter().map(|(_, s)| s.queued_us.unwrap_or(0)).sum();
    let own = cpu as f64 * (w.saturating_sub(cap)) as f64 / cap as f64;
    let root_queued = obs
        .root_task()
        .and_then(|t| t.sched)
        .and_then(|s| s.queued_us);
    let Some(root_queued) = root_queued else {
        return Ok(Judged::NotHere(t!("check.speedup.no_sched")));
    };
    let figures_text = t!(
        "check.speedup.figures",
        speedup = format!("{printed:.2}"),
        target = format!("{target:.2}"),
        cap = cap,
        cpus = cpus,
        queued = ms(queued),
        cpu = ms(cpu),
        root_queued = ms(root_queued)
    );
    if queued as f64 > own + BUSY * cpu as f64 || root_queued as f64 > BUSY * (seq_us + par_us) {
        return Ok(Judged::NotHere(t!(
            "check.speedup.busy",
            figures = figures_text
        )));
    }
    if cpu as f64 > SLOWER * seq_us {
        return Ok(Judged::NotHere(t!(
            "check.speedup.slower_cpus",
            cpu = ms(cpu),
            seq = format!("{:.1}", seq_us / 1000.0),
            figures = figures_text
        )));
    }
    Err(Failure::new(t!(
        "check.speedup.too_low",
        speedup = format!("{printed:.2}"),
        target = format!("{target:.2}"),
        fraction = format!("{FRACTION:.1}"),
        w = w,
        cpus = cpus,
        figures = figures_text
    ))
    .quote(seq_l)
    .quote(par_l)
    .quote(sp_l)
    .into())
}

/// Every run's speedup is consistent and honest; those judged reach the target. Judged in at
/// least one run to pass; when none could be, "not verified here" with the first reason.
fn speedup(runs: &[Run]) -> Outcome {
    let mut reached = false;
    let mut not_here = None;
    for run in runs {
        match speedup_of(run) {
            Ok(Judged::Reached) => reached = true,
            Ok(Judged::NotHere(why)) => {
                not_here.get_or_insert(why);
            }
            Err(Problem::Fail(mut f)) => {
                f.run.get_or_insert_with(|| run.plan.describe());
                return Outcome::Fail(f);
            }
            Err(Problem::NotVerified(why)) => {
                not_here.get_or_insert(why);
            }
        }
    }
    match (reached, not_here) {
        (true, _) => Outcome::Pass,
        (false, Some(reason)) => Outcome::NotVerified { reason },
        (false, None) => Outcome::Fail(Failure::new(t!("check.no_run", label = ""))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{failure, quoted};
    use crate::run::fixture::{observed, process, run};

    const ROOT: i32 = 100;

    /// A correct output for n, w, with the given times and pids 201, 202, ….
    fn output(n: u64, w: u64, seq_ms: f64, par_ms: f64) -> String {
        let total = squares_upto(n);
        let mut s = format!("sequential sum={total} ms={seq_ms:.3}\n");
        let chunks: Vec<(u64, u64)> = (0..w)
            .map(|i| {
                let base = n / w;
                let extra = n % w;
                let from = i * base + i.min(extra) + 1;
                (from, from + base + u64::from(i < extra) - 1)
            })
            .collect();
        for (i, (a, b)) in chunks.iter().enumerate() {
            s += &format!("chunk worker={i} from={a} to={b}\n");
        }
        for (i, (a, b)) in chunks.iter().enumerate() {
            s += &format!(
                "partial worker={i} pid={} sum={}\n",
                201 + i,
                squares(*a, *b)
            );
        }
        s += &format!("parallel sum={total} ms={par_ms:.3} workers={w}\n");
        s + &format!("speedup {:.2}\n", seq_ms / par_ms)
    }

    fn sched(cpu_us: u64, queued_us: u64) -> Option<Sched> {
        Some(Sched {
            cpu_us,
            queued_us: Some(queued_us),
            voluntary: 1,
            involuntary: 0,
        })
    }

    /// The main process and w workers that ran together from 1 ms for `cpu_us` each, queued
    /// `queued_us` each; the main process queued `root_queued_us`.
    fn obs(w: u64, cpu_us: u64, queued_us: u64, root_queued_us: u64) -> Observation {
        let mut root = process(ROOT, 1, 0, 1_000_000, 0);
        root.sched = sched(2 * cpu_us * w, root_queued_us);
        let mut tasks = vec![root];
        for i in 0..w {
            let mut t = process(
                201 + i as i32,
                ROOT,
                1_000 + i,
                1_000 + cpu_us + queued_us,
                0,
            );
            t.sched = sched(cpu_us, queued_us);
            tasks.push(t);
        }
        observed(tasks)
    }

    fn plan(n: u64, w: u64) -> RunPlan {
        RunPlan::new("random").param("n", n).param("workers", w)
    }

    /// A good run: n = 6 000 001, w workers, 200 ms sequential, speedup `x`, workers of
    /// 200/w ms of CPU each, not queued.
    fn good(w: u64, x: f64) -> Run {
        let n = 6_000_001;
        let par = 200.0 / x;
        let per = 200_000 / w;
        run(
            plan(n, w),
            &output(n, w, 200.0, par),
            Some(obs(w, per, 0, 0)),
        )
    }

    fn with_stdout(mut r: Run, f: impl Fn(String) -> String) -> Run {
        r.outcome.stdout.text = f(r.outcome.stdout.text.clone());
        r
    }

    #[test]
    fn formula_matches_the_sum() {
        for n in [1u64, 2, 10, 1000] {
            let direct: u128 = (1..=u128::from(n)).map(|k| k * k).sum();
            assert_eq!(squares_upto(n), direct);
        }
        assert_eq!(squares(5, 7), 25 + 36 + 49);
        assert_eq!(squares(8, 7), 0);
        assert!(squares_upto(DEFAULT_N) > u128::from(u64::MAX));
    }

    #[test]
    fn a_good_run_passes_everything() {
        let runs = [good(4, 1.9), good(3, 1.8)];
        for c in CHECKS {
            assert_eq!((c.eval)(&runs), Outcome::Pass, "{}", c.id);
        }
    }

    #[test]
    fn a_sum_wrapped_at_u64_names_the_overflow() {
        let r = good(4, 1.9);
        let want = squares_upto(6_000_001);
        let wrapped = want % (1u128 << 64);
        let r = with_stdout(r, |s| {
            s.replacen(
                &format!("sequential sum={want}"),
                &format!("sequential sum={wrapped}"),
                1,
            )
        });
        let f = failure(sum_exact(&[r]));
        assert!(f.message.contains("u64"), "{}", f.message);
        assert_eq!(quoted(&f).len(), 1);
    }

    #[test]
    fn an_overflow_panic_is_named() {
        let mut r = good(4, 1.9);
        r.outcome.stderr.text =
            "thread 'main' panicked at src/main.rs:9:5:\nattempt to add with overflow\n".into();
        r.outcome.ending = crate::run::Ending::Finished(crate::observe::Exit::Code(101));
        let f = failure(sum_exact(&[r]));
        assert!(f.message.contains("overflow"), "{}", f.message);
        assert!(f.message.contains("u128"), "{}", f.message);
    }

    #[test]
    fn a_rounded_partial_is_named() {
        let r = good(2, 1.9);
        let (a, b) = (1u64, 3_000_001u64);
        let want = squares(a, b);
        let rounded = want as f64 as u128;
        assert_ne!(rounded, want);
        let r = with_stdout(r, |s| {
            s.replacen(&format!("sum={want}"), &format!("sum={rounded}"), 1)
        });
        let f = failure(each_healthy_run(&[r], "", chunks_cover));
        assert!(f.message.contains("float"), "{}", f.message);
    }

    #[test]
    fn overlapping_chunks_fail() {
        let r = with_stdout(good(4, 1.9), |s| {
            s.replacen("to=1500001\n", "to=1500002\n", 1)
        });
        let f = failure(each_healthy_run(&[r], "", chunks_cover));
        assert!(f.message.contains("1500002"), "{}", f.message);
        assert_eq!(quoted(&f).len(), 2);
    }

    #[test]
    fn a_dropped_remainder_fails() {
        // 6 000 001 over 4: the last number is in no chunk when each takes n / w.
        let r = with_stdout(good(4, 1.9), |s| {
            s.replacen("to=6000001\n", "to=6000000\n", 1)
        });
        let f = failure(each_healthy_run(&[r], "", chunks_cover));
        assert!(f.message.contains("6000001"), "{}", f.message);
    }

    #[test]
    fn a_partial_of_another_range_fails() {
        let r = with_stdout(good(2, 1.9), |s| {
            s.replacen(
                "partial worker=1 pid=202 sum=",
                "partial worker=1 pid=202 sum=1",
                1,
            )
        });
        assert!(!each_healthy_run(&[r], "", chunks_cover).passed());
    }

    #[test]
    fn workers_must_be_child_processes() {
        let mut r = good(4, 1.9);
        let mut o = r.outcome.observation.clone().unwrap();
        o.tasks.truncate(4);
        r.outcome.observation = Ok(o);
        let f = failure(each_healthy_run(&[r], "", worker_processes));
        assert!(f.message.contains('3'), "{}", f.message);
        let r = with_stdout(good(4, 1.9), |s| s.replace("pid=204", "pid=999"));
        let f = failure(each_healthy_run(&[r], "", worker_processes));
        assert!(f.message.contains("999"), "{}", f.message);
    }

    /// Workers one after the other: each ends before the next starts.
    fn sequential_workers(mut r: Run) -> Run {
        let mut o = r.outcome.observation.clone().unwrap();
        let mut t = 1_000;
        for task in o.tasks.iter_mut().skip(1) {
            task.start_us = t;
            t += 50_000;
            task.end_us = Some(t);
            t += 10;
        }
        r.outcome.observation = Ok(o);
        r
    }

    #[test]
    fn workers_one_after_another_fail_in_every_run_only() {
        let seq = || sequential_workers(good(4, 1.0));
        let f = failure(workers_overlap(&[seq(), seq()]));
        assert!(f.message.contains("201"), "{}", f.message);
        // One run where they overlapped is enough.
        assert_eq!(workers_overlap(&[seq(), good(4, 1.9)]), Outcome::Pass);
    }

    #[test]
    fn one_worker_doing_everything_is_unfair() {
        let mut r = good(4, 1.0);
        let mut o = r.outcome.observation.clone().unwrap();
        for (i, t) in o.tasks.iter_mut().skip(1).enumerate() {
            t.sched = sched(if i == 0 { 200_000 } else { 300 }, 0);
        }
        r.outcome.observation = Ok(o);
        let f = failure(each_healthy_run(&[r.clone()], "", fair_share));
        assert!(
            f.message.contains("201") && f.message.contains("202"),
            "{}",
            f.message
        );
        // Without the scheduler's figures, not verified.
        let mut o = r.outcome.observation.clone().unwrap();
        for t in &mut o.tasks {
            t.sched = None;
        }
        r.outcome.observation = Ok(o);
        assert!(matches!(
            each_healthy_run(&[r], "", fair_share),
            Outcome::NotVerified { .. }
        ));
    }

    #[test]
    fn speedup_reached_passes_and_a_printed_lie_fails() {
        assert_eq!(speedup(&[good(4, 1.5)]), Outcome::Pass);
        let r = with_stdout(good(4, 1.5), |s| s.replace("speedup 1.50", "speedup 3.00"));
        let f = failure(speedup(&[r]));
        assert!(
            f.message.contains("3.00") && f.message.contains("1.50"),
            "{}",
            f.message
        );
        assert_eq!(quoted(&f).len(), 3);
    }

    #[test]
    fn a_clock_stopped_before_the_workers_ended_fails_on_any_machine() {
        // 2 ms measured for workers that computed 50 ms each; the machine was busy.
        let n = 6_000_001;
        let mut r = run(
            plan(n, 4),
            &output(n, 4, 200.0, 2.0),
            Some(obs(4, 50_000, 400_000, 500_000)),
        );
        r.outcome.cpus = Some(2);
        let f = failure(speedup(&[r]));
        assert!(f.message.contains("50.0"), "{}", f.message);
    }

    #[test]
    fn a_clock_stopped_before_the_last_worker_ended_fails_however_slow_the_forks() {
        // 60 ms of forks measured, workers that computed 50 ms each but lived until 400 ms.
        let n = 6_000_001;
        let r = run(
            plan(n, 4),
            &output(n, 4, 200.0, 60.0),
            Some(obs(4, 50_000, 350_000, 0)),
        );
        let f = failure(speedup(&[r]));
        assert!(f.message.contains("400.0"), "{}", f.message);
        // A parallel time that covers the span, less the tracer's delay, passes that part.
        let r = run(
            plan(n, 4),
            &output(n, 4, 200.0, 390.0),
            Some(obs(4, 50_000, 350_000, 0)),
        );
        assert!(matches!(speedup(&[r]), Outcome::NotVerified { .. }));
    }

    #[test]
    fn a_low_speedup_on_a_free_machine_fails() {
        // Workers one after another: speedup 1.0, nobody queued.
        let r = sequential_workers(good(4, 1.0));
        let f = failure(speedup(&[r]));
        assert!(
            f.message.contains("1.00") && f.message.contains("1.20"),
            "{}",
            f.message
        );
    }

    #[test]
    fn a_low_speedup_on_a_busy_machine_is_not_verified() {
        let n = 6_000_001;
        // Each worker queued 4× its CPU time: other programs had the CPUs.
        let r = run(
            plan(n, 4),
            &output(n, 4, 200.0, 250.0),
            Some(obs(4, 50_000, 200_000, 0)),
        );
        let o = speedup(&[r]);
        let Outcome::NotVerified { reason } = o else {
            panic!("{o:?}")
        };
        assert!(reason.contains("0.80"), "{reason}");
        // A main process that waited for a CPU, too.
        let r = run(
            plan(n, 4),
            &output(n, 4, 200.0, 250.0),
            Some(obs(4, 50_000, 0, 100_000)),
        );
        assert!(matches!(speedup(&[r]), Outcome::NotVerified { .. }));
    }

    #[test]
    fn more_workers_than_cpus_wait_for_each_other_without_excusing_a_low_speedup() {
        // 4 workers on 2 CPUs wait as long as they compute: that is their own doing.
        let n = 6_000_001;
        let r = run(
            plan(n, 4),
            &output(n, 4, 200.0, 200.0),
            Some(obs(4, 50_000, 50_000, 0)),
        );
        assert!(!speedup(&[r]).passed());
    }

    #[test]
    fn one_cpu_is_not_verified_and_slower_cpus_are_not_blamed() {
        let mut r = good(4, 0.95);
        r.outcome.cpus = Some(1);
        let Outcome::NotVerified { reason } = speedup(&[r]) else {
            panic!()
        };
        assert!(reason.contains("1 CPU"), "{reason}");
        // The workers took 2× the CPU time the sequential sum took: shared cores.
        let n = 6_000_001;
        let r = run(
            plan(n, 2),
            &output(n, 2, 200.0, 190.0),
            Some(obs(2, 200_000, 0, 0)),
        );
        assert!(matches!(speedup(&[r]), Outcome::NotVerified { .. }));
    }

    #[test]
    fn one_judged_run_is_enough_and_one_failure_fails() {
        let n = 6_000_001;
        let busy = || {
            run(
                plan(n, 4),
                &output(n, 4, 200.0, 250.0),
                Some(obs(4, 50_000, 200_000, 0)),
            )
        };
        assert_eq!(speedup(&[busy(), good(4, 1.9)]), Outcome::Pass);
        assert!(!speedup(&[busy(), sequential_workers(good(4, 1.0))]).passed());
    }

    #[test]
    fn plan_has_a_remainder_and_more_workers_than_cpus() {
        for seed in 0..50 {
            let runs = super::plan(&mut Rng::new(seed));
            for r in &runs[1..] {
                let n: u64 = r.get("n").unwrap();
                let w: u64 = r.get("workers").unwrap();
                assert_ne!(n % w, 0, "{r:?}");
                assert!(squares_upto(n) > u128::from(u64::MAX));
            }
            let stress: u64 = runs[2].get("workers").unwrap();
            assert!(stress > cores() || stress == MAX_WORKERS);
        }
    }
}
