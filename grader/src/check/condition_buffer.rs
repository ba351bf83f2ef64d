//! 08 condition_buffer: P producer threads and C consumer threads around a bounded buffer of
//! capacity K (`Mutex<Buffer>` + two `Condvar`s); `main` closes it when the producers are done
//! and every consumer ends.
//!
//! Output of the program (every line but the last printed while holding the buffer's lock, so
//! the order of the lines is the order in which the lock was taken):
//!
//! ```text
//! put producer=<p> item=<i> size=<s>               (a producer put its item i; s after it)
//! get consumer=<c> producer=<p> item=<i> size=<s>  (a consumer took producer p's item i)
//! close size=<s>                                   (main, once, after joining the producers)
//! consumer id=<c> got=<n>                          (a consumer that found it closed and empty)
//! main total=<sum>                                 (main, after joining the consumers)
//! ```
//!
//! Runs: the defaults (2 producers, 2 consumers, capacity 3, 10 items each), one random run,
//! two "steal" runs (capacity 1, more consumers than producers, thousands of items, no pauses:
//! a consumer woken for an item often finds it taken by another, so an `if` where `while`
//! belongs shows), a "full" run (slow consumers: producers wait on a full buffer, and items are
//! still in it at the close) and an "idle" run (slow producers: consumers spend the run waiting
//! on an empty buffer, then all of them wait at the close).
//!
//! What the kernel tells (the tracer): what the scheduler recorded of every task at its exit
//! (`Task::sched`). In the idle run a waiting thread sleeps: it is neither on a CPU nor queued
//! for one, so the program's tasks are runnable a small part of their lives; a consumer that
//! polls (`try_lock` + `yield_now`, or a loop around an empty check) is runnable all its life,
//! however busy the machine (on a CPU, or queued for one). A consumer that polls with a short
//! `thread::sleep` is not caught: see the exercise's README.

use std::fmt;
use std::time::Duration;

use crate::check::invariants::{exactly_once, increasing_per_key, the_line};
use crate::check::{Check, Exercise, Failure, Problem, each_healthy_run};
use crate::parse::Line;
use crate::rng::Rng;
use crate::run::{Run, RunPlan};
use crate::t;

pub static EXERCISE: Exercise = Exercise {
    id: "08",
    slug: "condition_buffer",
    plan,
    checks: CHECKS,
};

/// The program's own defaults: the course's Condition example (producers and consumers around
/// one condition), with two of each.
const DEFAULT_PRODUCERS: u64 = 2;
const DEFAULT_CONSUMERS: u64 = 2;
const DEFAULT_CAPACITY: u64 = 3;
const DEFAULT_ITEMS: u64 = 10;

/// Steal runs: capacity 1, more consumers than producers, no pauses, many items. With 4 × 2000
/// items an `if` around the wait lets a consumer leave early in 50 of 50 runs measured (27 of 30
/// with 3 × 1200); the output (~75 bytes an item) stays under the 1 MiB the grader keeps whole.
const STEAL_RUNS: usize = 2;
const STEAL_ITEMS: (u64, u64) = (1800, 2200);

/// In the idle run the program's tasks together may be runnable (on a CPU or queued for one)
/// at most this share of their summed lifetimes. A thread that polls is runnable all its life,
/// whatever the load (on a CPU, or queued for one); a thread asleep in `Condvar::wait` is
/// neither (figures in the exercise's README).
const RUNNABLE_PERCENT: u64 = 50;

/// Time limits. A hang (a consumer never woken at the close, producers waiting on a full buffer
/// nobody empties) costs a whole limit, in every grading of such a program: they are a few times
/// what a correct run takes on a busy machine, not more (at a load average near 15: defaults
/// and random runs under 0.1 s, a steal run 0.9–1.6 s, the full and idle runs 0.6–0.9 s).
const SHORT_LIMIT_MS: u64 = 2_000;
const STEAL_LIMIT_MS: u64 = 5_000;
const SLOW_LIMIT_MS: u64 = 3_000;

fn plan(rng: &mut Rng) -> Vec<RunPlan> {
    let mut runs = vec![
        RunPlan::new("defaults").timeout(Duration::from_millis(SHORT_LIMIT_MS)),
        RunPlan::new("random")
            .timeout(Duration::from_millis(SHORT_LIMIT_MS))
            .param("producers", rng.range(2, 4))
            .param("consumers", rng.range(2, 4))
            .param("capacity", rng.range(1, 4))
            .param("items", rng.range(20, 60))
            .param("produce-us", rng.range(0, 500))
            .param("consume-us", rng.range(0, 500)),
    ];
    for k in 1..=STEAL_RUNS {
        runs.push(
            RunPlan::new(format!("steal {k}/{STEAL_RUNS}"))
                .param("producers", 4)
                .param("consumers", 6)
                .param("capacity", 1)
                .param("items", rng.range(STEAL_ITEMS.0, STEAL_ITEMS.1))
                .param("produce-us", 0)
                .param("consume-us", 0)
                .timeout(Duration::from_millis(STEAL_LIMIT_MS)),
        );
    }
    runs.push(
        RunPlan::new("full")
            .param("producers", rng.range(3, 4))
            .param("consumers", 2)
            .param("capacity", rng.range(3, 4))
            .param("items", rng.range(10, 20))
            .param("produce-us", 0)
            .param("consume-us", 10_000)
            .timeout(Duration::from_millis(SLOW_LIMIT_MS)),
    );
    runs.push(
        RunPlan::new("idle")
            .param("producers", 2)
            .param("consumers", 6)
            .param("capacity", 2)
            .param("items", rng.range(40, 50))
            .param("produce-us", 10_000)
            .param("consume-us", 0)
            .timeout(Duration::from_millis(SLOW_LIMIT_MS)),
    );
    runs
}

/// What a run asked for: (P, C, K, N).
fn spec(plan: &RunPlan) -> (u64, u64, u64, u64) {
    (
        plan.get("producers").unwrap_or(DEFAULT_PRODUCERS),
        plan.get("consumers").unwrap_or(DEFAULT_CONSUMERS),
        plan.get("capacity").unwrap_or(DEFAULT_CAPACITY),
        plan.get("items").unwrap_or(DEFAULT_ITEMS),
    )
}

// ---------------------------------------------------------------------------------------------
// Reading the output

/// Producer p's item i.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Item {
    producer: u64,
    item: u64,
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.producer, self.item)
    }
}

/// One line that moved an item: a `put` (true) or a `get` (false), the size printed after it.
struct Move<'a> {
    put: bool,
    consumer: Option<u64>,
    item: Item,
    size: i64,
    line: &'a Line,
}

fn moves(lines: &[Line]) -> Result<Vec<Move<'_>>, Failure> {
    lines
        .iter()
        .filter(|l| l.tag() == "put" || l.tag() == "get")
        .map(|line| {
            let put = line.tag() == "put";
            Ok(Move {
                put,
                consumer: if put {
                    None
                } else {
                    Some(line.require("consumer")?)
                },
                item: Item {
                    producer: line.require("producer")?,
                    item: line.require("item")?,
                },
                size: line.require("size")?,
                line,
            })
        })
        .collect()
}

fn every_item(plan: &RunPlan) -> impl Iterator<Item = Item> {
    let (p, _, _, n) = spec(plan);
    (0..p).flat_map(move |producer| (0..n).map(move |item| Item { producer, item }))
}

// ---------------------------------------------------------------------------------------------
// Checks

/// Every item of every producer was put once and taken once, nothing else.
fn items_exactly_once(run: &Run) -> Result<(), Problem> {
    let lines = run.lines();
    let moves = moves(&lines)?;
    for put in [true, false] {
        let got: Vec<(Item, &Line)> = moves
            .iter()
            .filter(|m| m.put == put)
            .map(|m| (m.item, m.line))
            .collect();
        let (one, many) = if put {
            (
                t!("check.condition_buffer.put_item"),
                t!("check.condition_buffer.put_items"),
            )
        } else {
            (
                t!("check.condition_buffer.got_item"),
                t!("check.condition_buffer.got_items"),
            )
        };
        exactly_once(&one, &many, every_item(&run.plan), &got)?;
    }
    Ok(())
}

/// The items of each producer were taken in the order it put them: the buffer is a FIFO queue.
fn producer_order(run: &Run) -> Result<(), Problem> {
    let lines = run.lines();
    let moves = moves(&lines)?;
    let gets: Vec<(String, u64, &Line)> = moves
        .iter()
        .filter(|m| !m.put)
        .map(|m| (format!("producer={}", m.item.producer), m.item.item, m.line))
        .collect();
    increasing_per_key(&t!("check.condition_buffer.taken_items"), &gets)?;
    Ok(())
}

/// The size printed on each line is the buffer's (puts − gets so far, in lock order), and never
/// above the capacity.
fn size_within_capacity(run: &Run) -> Result<(), Problem> {
    let (_, _, k, _) = spec(&run.plan);
    let lines = run.lines();
    let mut held: i64 = 0;
    for m in moves(&lines)? {
        held += if m.put { 1 } else { -1 };
        if m.size > k as i64 {
            return Err(Failure::new(t!(
                "check.condition_buffer.over_capacity",
                size = m.size,
                capacity = k
            ))
            .quote(m.line)
            .into());
        }
        if m.size != held {
            return Err(Failure::new(t!(
                "check.condition_buffer.size_wrong",
                size = m.size,
                held = held
            ))
            .quote(m.line)
            .into());
        }
    }
    Ok(())
}

/// `close` once, after the last put; every consumer 0..C ends once, after the close, saying how
/// many items it took; `main total=P×N` last.
fn consumers_end(run: &Run) -> Result<(), Problem> {
    let (p, c, _, n) = spec(&run.plan);
    let lines = run.lines();
    let close = the_line(&lines, "close size=…", |l| l.tag() == "close")?;
    let moves = moves(&lines)?;
    if let Some(late) = moves.iter().find(|m| m.put && m.line.no > close.no) {
        return Err(Failure::new(t!("check.condition_buffer.put_after_close"))
            .quote(close)
            .quote(late.line)
            .into());
    }
    let ends: Vec<(u64, u64, &Line)> = lines
        .iter()
        .filter(|l| l.tag() == "consumer")
        .map(|l| Ok((l.require("id")?, l.require("got")?, l)))
        .collect::<Result<_, Failure>>()?;
    if let Some((id, _, line)) = ends.iter().find(|(_, _, l)| l.no < close.no) {
        return Err(
            Failure::new(t!("check.condition_buffer.left_before_close", id = id))
                .quote(line)
                .quote(close)
                .into(),
        );
    }
    let ids: Vec<(u64, &Line)> = ends.iter().map(|(id, _, l)| (*id, *l)).collect();
    exactly_once(
        &t!("check.condition_buffer.consumer"),
        &t!("check.condition_buffer.consumers"),
        0..c,
        &ids,
    )?;
    for (id, got, line) in &ends {
        let taken = moves
            .iter()
            .filter(|m| m.consumer == Some(*id) && m.line.no < line.no)
            .count() as u64;
        if *got != taken {
            return Err(Failure::new(t!(
                "check.condition_buffer.got_wrong",
                id = id,
                got = got,
                taken = taken
            ))
            .quote(line)
            .into());
        }
    }
    let summary = the_line(&lines, "main total=…", |l| l.tag() == "main")?;
    if let Some((_, _, line)) = ends.iter().find(|(_, _, l)| l.no > summary.no) {
        return Err(Failure::new(t!("check.condition_buffer.summary_early"))
            .quote(summary)
            .quote(line)
            .into());
    }
    let total: u64 = summary.require("total")?;
    if total != p * n {
        return Err(Failure::new(t!(
            "check.condition_buffer.wrong_total",
            total = total,
            producers = p,
            items = n,
            expected = p * n
        ))
        .quote(summary)
        .into());
    }
    Ok(())
}

/// (kernel) In the idle run, the program's tasks together were runnable (on a CPU, or queued
/// for one) at most [`RUNNABLE_PERCENT`] % of their summed lifetimes: a waiting thread sleeps.
/// Where the kernel keeps no run-queue times only the CPU time is known: a poller on a busy
/// machine may then get little CPU, so only a share over the bound is a verdict.
fn no_busy_wait(run: &Run) -> Result<(), Problem> {
    let obs = run.observation()?;
    let not_verified = || Problem::NotVerified(t!("check.condition_buffer.no_sched"));
    let mut runnable_us = 0;
    let mut lived_us = 0;
    let mut queue_known = true;
    let mut busiest = 0;
    for task in &obs.tasks {
        let (Some(sched), Some(life)) = (task.sched, task.lifetime_us()) else {
            return Err(not_verified());
        };
        queue_known &= sched.queued_us.is_some();
        runnable_us += sched.runnable_us();
        lived_us += life;
        busiest = busiest.max(sched.runnable_us() * 100 / life.max(1));
    }
    if lived_us == 0 {
        return Err(not_verified());
    }
    let percent = runnable_us * 100 / lived_us;
    if percent <= RUNNABLE_PERCENT {
        return if queue_known {
            Ok(())
        } else {
            Err(not_verified())
        };
    }
    Err(Failure::new(t!(
        "check.condition_buffer.busy",
        percent = percent,
        tasks = obs.tasks.len(),
        limit = RUNNABLE_PERCENT,
        busiest = busiest
    ))
    .into())
}

static CHECKS: &[Check] = &[
    Check {
        id: "items_exactly_once",
        points: 3,
        eval: |runs| each_healthy_run(runs, "", items_exactly_once),
    },
    Check {
        id: "producer_order",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", producer_order),
    },
    Check {
        id: "size_within_capacity",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", size_within_capacity),
    },
    Check {
        id: "consumers_end",
        points: 3,
        eval: |runs| each_healthy_run(runs, "", consumers_end),
    },
    Check {
        id: "no_busy_wait",
        points: 2,
        eval: |runs| each_healthy_run(runs, "idle", no_busy_wait),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Outcome;
    use crate::check::testing::{failure, quoted};
    use crate::observe::{Observation, Sched, Task};
    use crate::run::fixture::{self, observed, process, run};

    const ROOT: i32 = 100;

    /// The output of a correct run: items put two at a time (one if the capacity is 1,
    /// producers in turn), each pair taken by consumers in turn; the last pair still in the
    /// buffer at the close.
    fn good_output(p: u64, c: u64, n: u64) -> String {
        good_output_k(p, c, 2, n)
    }

    fn good_output_k(p: u64, c: u64, k: u64, n: u64) -> String {
        let ch = k.min(2) as usize;
        let all: Vec<Item> = (0..n)
            .flat_map(|item| (0..p).map(move |producer| Item { producer, item }))
            .collect();
        let mut s = String::new();
        let mut got = vec![0u64; c as usize];
        let mut taken = 0usize;
        let mut take = |s: &mut String, size: usize| {
            let it: Item = all[taken];
            let who = taken % c as usize;
            got[who] += 1;
            taken += 1;
            *s += &format!(
                "get consumer={who} producer={} item={} size={size}\n",
                it.producer, it.item
            );
        };
        for (i, pair) in all.chunks(ch).enumerate() {
            for (k, it) in pair.iter().enumerate() {
                s += &format!(
                    "put producer={} item={} size={}\n",
                    it.producer,
                    it.item,
                    k + 1
                );
            }
            if (i + 1) * ch < all.len() {
                for k in (0..pair.len()).rev() {
                    take(&mut s, k);
                }
            }
        }
        let left = (all.len() - 1) % ch + 1;
        s += &format!("close size={left}\n");
        for k in (0..left).rev() {
            take(&mut s, k);
        }
        for (id, g) in got.iter().enumerate() {
            s += &format!("consumer id={id} got={g}\n");
        }
        s + &format!("main total={}\n", p * n)
    }

    /// What the scheduler recorded of a task runnable `runnable_ms` in all: a quarter on a CPU,
    /// the rest queued for one (a busy machine).
    fn sched(runnable_ms: u64) -> Sched {
        let runnable_us = runnable_ms * 1000;
        Sched {
            cpu_us: runnable_us / 4,
            queued_us: Some(runnable_us - runnable_us / 4),
            voluntary: 20,
            involuntary: 1,
        }
    }

    fn thread(tid: i32, runnable_ms: u64) -> Task {
        Task {
            sched: Some(sched(runnable_ms)),
            ..fixture::thread(tid, ROOT, 0, 400_000)
        }
    }

    /// What the kernel saw: main and `threads` threads, each alive 400 ms; main runnable
    /// `main_ms` of them, each thread `each_ms`.
    fn kernel(threads: usize, main_ms: u64, each_ms: u64) -> Observation {
        let mut root = process(ROOT, 1, 0, 400_000, 0);
        root.sched = Some(sched(main_ms));
        let mut tasks = vec![root];
        for i in 0..threads {
            tasks.push(thread(200 + i as i32, each_ms));
        }
        observed(tasks)
    }

    fn plans() -> Vec<RunPlan> {
        plan(&mut Rng::new(11))
    }

    fn good_runs() -> Vec<Run> {
        plans()
            .into_iter()
            .map(|pl| {
                let (p, c, k, n) = spec(&pl);
                let text = good_output_k(p, c, k, n);
                run(pl, &text, Some(kernel((p + c) as usize, 3, 1)))
            })
            .collect()
    }

    fn check(id: &str) -> &'static Check {
        CHECKS.iter().find(|c| c.id == id).expect("no such check")
    }

    /// The failure of check `id` when the defaults run prints `output`.
    fn fail_defaults(id: &str, output: &str) -> Failure {
        let mut runs = good_runs();
        runs[0] = run(RunPlan::new("defaults"), output, Some(kernel(4, 3, 1)));
        failure((check(id).eval)(&runs))
    }

    #[test]
    fn plan_has_defaults_random_steal_full_and_idle() {
        let runs = plans();
        let labels: Vec<&str> = runs.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "defaults",
                "random",
                "steal 1/2",
                "steal 2/2",
                "full",
                "idle"
            ]
        );
        assert_eq!(spec(&runs[0]), (2, 2, 3, 10));
        for r in &runs[2..4] {
            let (p, c, k, n) = spec(r);
            assert!(c > p && k == 1 && n >= STEAL_ITEMS.0, "{r:?}");
        }
        assert!(runs[4].get::<u64>("consume-us").unwrap() > 0);
        assert_eq!(runs[4].get::<u64>("produce-us"), Some(0));
        assert!(runs[5].get::<u64>("produce-us").unwrap() >= 10_000);
        assert!(spec(&runs[5]).1 > spec(&runs[5]).0, "more consumers wait");
    }

    #[test]
    fn good_runs_pass_every_check() {
        let runs = good_runs();
        for c in CHECKS {
            assert_eq!((c.eval)(&runs), Outcome::Pass, "{}", c.id);
        }
        assert_eq!(EXERCISE.max_points(), 12);
    }

    #[test]
    fn a_stub_fails_every_check() {
        let mut runs = good_runs();
        for r in &mut runs {
            r.outcome.stdout.text.clear();
            r.outcome.stderr.text = "thread '<unnamed>' panicked at src/main.rs:62:5:\n\
                                     not yet implemented: lock the buffer and wait until it has room\n"
                .into();
            r.outcome.ending = crate::run::Ending::Finished(crate::observe::Exit::Code(101));
        }
        for c in CHECKS {
            assert!(!(c.eval)(&runs).passed(), "{}", c.id);
        }
    }

    #[test]
    fn items_left_at_the_close_must_be_taken() {
        // The last item was in the buffer at the close, and nobody took it.
        let good = good_output(2, 2, 10);
        let dropped = good
            .replace("get consumer=1 producer=1 item=9 size=0\n", "")
            .replace("consumer id=1 got=10", "consumer id=1 got=9");
        let f = fail_defaults("items_exactly_once", &dropped);
        assert_eq!(
            f.message,
            "1 taken item(s) (producer/item) never arrived: 1/9"
        );
        let twice = good.replace(
            "get consumer=0 producer=0 item=0 size=1",
            "get consumer=0 producer=0 item=1 size=1",
        );
        let f = fail_defaults("items_exactly_once", &twice);
        assert!(
            f.message
                .starts_with("taken item (producer/item) 0/1 was reported 2 times"),
            "{}",
            f.message
        );
        assert_eq!(f.quotes.len(), 2);
    }

    #[test]
    fn a_stack_breaks_the_producers_order() {
        let text = "put producer=0 item=0 size=1\nput producer=0 item=1 size=2\n\
                    get consumer=0 producer=0 item=1 size=1\nget consumer=1 producer=0 item=0 size=0\n";
        let f = fail_defaults("producer_order", text);
        assert_eq!(
            f.message,
            "items taken of producer=0 out of order: 0 came after 1"
        );
        assert_eq!(
            quoted(&f),
            [
                "get consumer=0 producer=0 item=1 size=1",
                "get consumer=1 producer=0 item=0 size=0"
            ]
        );
    }

    #[test]
    fn the_size_is_bounded_and_true() {
        let c = "size_within_capacity";
        let over = "put producer=0 item=0 size=1\nput producer=1 item=0 size=2\n\
                    put producer=0 item=1 size=3\nput producer=1 item=1 size=4\n";
        let f = fail_defaults(c, over);
        assert!(
            f.message
                .starts_with("the buffer held 4 items, but its capacity is 3"),
            "{}",
            f.message
        );
        assert_eq!(quoted(&f), ["put producer=1 item=1 size=4"]);
        let outside = good_output(2, 2, 10).replacen("size=2", "size=1", 1);
        let f = fail_defaults(c, &outside);
        assert!(
            f.message
                .contains("size=1, but the puts and gets printed so far leave 2"),
            "{}",
            f.message
        );
    }

    #[test]
    fn consumers_end_after_the_close_and_all_of_them() {
        let c = "consumers_end";
        let good = good_output(2, 2, 10);
        // A consumer that left before the close (a stolen wakeup taken for the close).
        let early = good
            .replace("consumer id=0 got=10\n", "")
            .replace("close size=2\n", "consumer id=0 got=10\nclose size=2\n");
        let f = fail_defaults(c, &early);
        assert!(
            f.message
                .starts_with("consumer 0 ended before main closed the buffer"),
            "{}",
            f.message
        );
        assert_eq!(quoted(&f), ["consumer id=0 got=10", "close size=2"]);
        // One consumer never ended (here its line is missing; a real one hangs the run).
        let missing = good.replace("consumer id=1 got=10\n", "");
        let f = fail_defaults(c, &missing);
        assert!(f.message.contains("never arrived: 1"), "{}", f.message);
        // No close at all; a put after the close; a wrong count; a wrong or early total.
        let f = fail_defaults(c, &good.replace("close size=2\n", ""));
        assert!(f.message.contains("`close size=…` line was never printed"));
        let late_put = good.replace(
            "close size=2\n",
            "close size=2\nput producer=0 item=10 size=3\n",
        );
        let f = fail_defaults(c, &late_put);
        assert!(f.message.contains("put after main closed"), "{}", f.message);
        let f = fail_defaults(c, &good.replace("id=1 got=10", "id=1 got=9"));
        assert!(
            f.message
                .contains("consumer 1 says got=9, but 10 get line(s) of it came before"),
            "{}",
            f.message
        );
        let f = fail_defaults(c, &good.replace("total=20", "total=19"));
        assert!(f.message.contains("2 producers × 10 items make 20"));
        let early_total = good
            .replace("main total=20\n", "")
            .replace("consumer id=0", "main total=20\nconsumer id=0");
        let f = fail_defaults(c, &early_total);
        assert!(
            f.message.contains("before a consumer ended"),
            "{}",
            f.message
        );
    }

    #[test]
    fn polling_is_seen_in_the_runnable_time() {
        let c = "no_busy_wait";
        let mut runs = good_runs();
        let idle = runs.len() - 1;
        let (p, cs, k, n) = spec(&runs[idle].plan);
        let text = good_output_k(p, cs, k, n);
        let mut judge = |obs: Option<Observation>| {
            runs[idle] = run(runs[idle].plan.clone(), &text, obs);
            (check(c).eval)(&runs)
        };
        // Six consumers polling: runnable all their 400 ms; two producers and main asleep.
        let mut pollers = kernel(8, 3, 5);
        for t in &mut pollers.tasks[1..7] {
            t.sched = Some(sched(400));
        }
        let f = failure(judge(Some(pollers.clone())));
        assert_eq!(
            f.message,
            "while the consumers mostly waited for slow producers, the program's 9 threads were \
             runnable (on a CPU, or queued for one) 67% of their lives together, the busiest one \
             100% (at most 50% allowed): a waiting thread polls instead of sleeping in \
             Condvar::wait"
        );
        assert!(f.run.unwrap().contains("'idle'"));
        // Sleepers pass, and so does a busy machine's long queue up to half of the lives.
        assert_eq!(judge(Some(kernel(8, 3, 1))), Outcome::Pass);
        assert_eq!(judge(Some(kernel(8, 0, 225))), Outcome::Pass);
        assert!(!judge(Some(kernel(8, 0, 230))).passed());
        // Without run-queue times only the CPU time is known: over the bound is still a
        // verdict, under it is not.
        let mut cpu_only = kernel(8, 3, 1);
        cpu_only.tasks[3].sched.as_mut().unwrap().queued_us = None;
        assert!(matches!(judge(Some(cpu_only)), Outcome::NotVerified { .. }));
        for t in &mut pollers.tasks {
            let s = t.sched.as_mut().unwrap();
            (s.cpu_us, s.queued_us) = (s.runnable_us(), None);
        }
        assert!(!judge(Some(pollers)).passed());
        // A task without scheduler figures, or no kernel: not verified.
        let mut unknown = kernel(8, 3, 1);
        unknown.tasks[3].sched = None;
        assert!(matches!(judge(Some(unknown)), Outcome::NotVerified { .. }));
        assert!(matches!(judge(None), Outcome::NotVerified { .. }));
        // Polling in the other runs is not judged (their threads are busy anyway).
        let mut runs = good_runs();
        runs[2] = run(
            runs[2].plan.clone(),
            &runs[2].outcome.stdout.text.clone(),
            Some(kernel(7, 400, 400)),
        );
        assert_eq!((check(c).eval)(&runs), Outcome::Pass);
    }

    #[test]
    fn a_failure_in_italian() {
        use crate::i18n::{Lang, with_lang};
        let text = "put producer=0 item=0 size=1\nput producer=1 item=0 size=2\n\
                    put producer=0 item=1 size=3\nput producer=1 item=1 size=4\n";
        let mut runs = good_runs();
        runs[0] = run(RunPlan::new("defaults"), text, Some(kernel(4, 3, 1)));
        let f = failure(with_lang(Lang::It, || {
            (check("size_within_capacity").eval)(&runs)
        }));
        assert_eq!(
            f.message,
            "il buffer conteneva 4 elementi, ma la sua capacità è 3: un produttore ha inserito \
             in un buffer pieno invece di attendere su not_full"
        );
    }
}
