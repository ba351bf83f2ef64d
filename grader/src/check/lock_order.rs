//! 10 lock_order: A accounts, each behind its own lock; T worker threads make N transfers each
//! (drawn from a seed, both directions, some from an account to itself), each transfer holding
//! both accounts' locks; the locks are taken in one global order, so nothing deadlocks.
//!
//! Output of the program:
//!
//! ```text
//! start thread=<w> tid=<tid>                                   (each worker, first)
//! transfer thread=<w> k=<k> from=<a> to=<b> amount=<x>         (under both locks)
//! done thread=<w> tid=<tid> transfers=<n>                      (each worker, last)
//! account id=<i> balance=<b>                                   (main, after the joins)
//! main total=<sum> accounts=<A>
//! ```
//!
//! The transfers are drawn by `transfers_of` in the stub (given, not the student's to write);
//! [`transfers_of`] here draws the same ones, so the grader knows every final balance without
//! trusting the program's list. Runs: the defaults, a seeded random run, a stress run (8 threads
//! × 1000 transfers over 5 accounts) and a widened run (`--widen-us 1000`: a pause between the
//! first lock and the second, 4 threads over 3 accounts): locking in argument order deadlocks
//! there; its time limit is short, and a timeout's verdict names the workers still blocked and
//! the cause (opposite lock orders, or a mutex locked twice by a self-transfer).

use std::collections::{BTreeMap, BTreeSet};

use crate::check::invariants::{exactly_once, latest_start_earliest_end};
use crate::check::{Check, Exercise, Failure, Outcome, Problem, each_run, ms};
use crate::observe::stall::Wait;
use crate::parse::Line;
use crate::rng::Rng;
use crate::run::{Ending, Run, RunPlan};
use crate::t;

pub static EXERCISE: Exercise = Exercise {
    id: "10",
    slug: "lock_order",
    plan,
    checks: CHECKS,
};

/// The program's own defaults.
const DEFAULT_ACCOUNTS: u64 = 4;
const DEFAULT_THREADS: u64 = 4;
const DEFAULT_TRANSFERS: u64 = 100;
const DEFAULT_INITIAL: i64 = 1000;
const DEFAULT_SEED: u64 = 1;

/// The widened run: few accounts, more threads than accounts, a pause between the two locks.
/// Locking in argument order deadlocks there.
const WIDEN_US: u64 = 1000;

/// Every run's time limit: short, so a program that deadlocks costs little. The solution takes
/// at most about 0.2 s (the widened run) on a loaded machine: see the lesson's figures.
const LIMIT_MS: u64 = 2000;

fn plan(rng: &mut Rng) -> Vec<RunPlan> {
    let limit = std::time::Duration::from_millis(LIMIT_MS);
    vec![
        RunPlan::new("defaults").timeout(limit),
        RunPlan::new("random")
            .param("accounts", rng.range(3, 8))
            .param("threads", rng.range(3, 6))
            .param("transfers", rng.range(50, 150))
            .param("initial", rng.range(500, 2000))
            .param("seed", rng.range(1, 1_000_000))
            .timeout(limit),
        RunPlan::new("stress")
            .param("accounts", 5)
            .param("threads", 8)
            .param("transfers", 1000)
            .param("seed", rng.range(1, 1_000_000))
            .timeout(limit),
        RunPlan::new("widened")
            .param("accounts", 3)
            .param("threads", 4)
            .param("transfers", 40)
            .param("seed", rng.range(1, 1_000_000))
            .param("widen-us", WIDEN_US)
            .timeout(limit),
    ]
}

/// What a run asked for.
struct Spec {
    accounts: u64,
    threads: u64,
    transfers: u64,
    initial: i64,
    seed: u64,
}

fn spec(plan: &RunPlan) -> Spec {
    Spec {
        accounts: plan.get("accounts").unwrap_or(DEFAULT_ACCOUNTS),
        threads: plan.get("threads").unwrap_or(DEFAULT_THREADS),
        transfers: plan.get("transfers").unwrap_or(DEFAULT_TRANSFERS),
        initial: plan.get("initial").unwrap_or(DEFAULT_INITIAL),
        seed: plan.get("seed").unwrap_or(DEFAULT_SEED),
    }
}

/// One transfer: `amount` from account `from` to account `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Transfer {
    from: u64,
    to: u64,
    amount: i64,
}

/// The transfers worker `thread` makes: the same draw as `transfers_of` in the stub and the
/// solution (splitmix64 from the seed and the worker's number).
fn transfers_of(seed: u64, thread: u64, count: u64, accounts: u64) -> Vec<Transfer> {
    let mut state = seed ^ (thread + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    (0..count)
        .map(|_| Transfer {
            from: next() % accounts,
            to: next() % accounts,
            amount: 1 + (next() % 100) as i64,
        })
        .collect()
}

/// Every worker's transfers, in order.
fn all_transfers(s: &Spec) -> Vec<Vec<Transfer>> {
    (0..s.threads)
        .map(|w| transfers_of(s.seed, w, s.transfers, s.accounts))
        .collect()
}

/// Every account's balance once all the transfers are made (in any order: each only adds).
fn expected_balances(s: &Spec) -> Vec<i64> {
    let mut balances = vec![s.initial; s.accounts as usize];
    for t in all_transfers(s).iter().flatten() {
        balances[t.from as usize] -= t.amount;
        balances[t.to as usize] += t.amount;
    }
    balances
}

// ---------------------------------------------------------------------------------------------
// Reading the output

/// One `transfer thread=… k=… from=… to=… amount=…` line.
struct TransferLine<'a> {
    thread: u64,
    k: u64,
    transfer: Transfer,
    line: &'a Line,
}

fn transfer_lines(lines: &[Line]) -> Result<Vec<TransferLine<'_>>, Failure> {
    lines
        .iter()
        .filter(|l| l.tag() == "transfer")
        .map(|line| {
            Ok(TransferLine {
                thread: line.require("thread")?,
                k: line.require("k")?,
                transfer: Transfer {
                    from: line.require("from")?,
                    to: line.require("to")?,
                    amount: line.require("amount")?,
                },
                line,
            })
        })
        .collect()
}

/// The `account id=… balance=…` lines, after checking that each account 0..A is printed once.
fn account_lines<'a>(s: &Spec, lines: &'a [Line]) -> Result<Vec<(u64, i64, &'a Line)>, Failure> {
    let accounts: Vec<(u64, i64, &Line)> = lines
        .iter()
        .filter(|l| l.tag() == "account")
        .map(|line| Ok((line.require("id")?, line.require("balance")?, line)))
        .collect::<Result<_, Failure>>()?;
    let got: Vec<(u64, &Line)> = accounts.iter().map(|(id, _, l)| (*id, *l)).collect();
    exactly_once(
        &t!("check.lock_order.account"),
        &t!("check.lock_order.accounts"),
        0..s.accounts,
        &got,
    )?;
    Ok(accounts)
}

/// The one `main total=… accounts=…` line.
fn summary_line(lines: &[Line]) -> Result<&Line, Failure> {
    let found: Vec<&Line> = lines.iter().filter(|l| l.tag() == "main").collect();
    match found[..] {
        [one] => Ok(one),
        [] => Err(Failure::new(t!(
            "check.lock_order.summary_missing",
            line = "main total=… accounts=…"
        ))
        .quote_all(lines.iter().rev().take(3))),
        _ => Err(
            Failure::new(t!("check.lock_order.summary_repeated", count = found.len()))
                .quote_all(found),
        ),
    }
}

/// The workers' `thread=` numbers on lines tagged `tag` (`start`, `done`).
fn workers_tagged(lines: &[Line], tag: &str) -> BTreeMap<u64, i32> {
    lines
        .iter()
        .filter(|l| l.tag() == tag)
        .filter_map(|l| Some((l.get("thread")?, l.get("tid").unwrap_or(0))))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// A timeout's cause

/// `run.healthy()`, with this exercise's cause as the hint of a timeout when the kernel saw
/// worker threads blocked on locks and the output shows their transfers started but not
/// finished: a self-transfer that locks its account twice, or opposite lock orders.
fn healthy(run: &Run) -> Result<(), Failure> {
    run.healthy().map_err(|f| match deadlock_cause(run) {
        Some(cause) => f.hint(cause),
        None => f,
    })
}

fn deadlock_cause(run: &Run) -> Option<String> {
    if run.outcome.ending != Ending::TimedOut {
        return None;
    }
    let stall = run.outcome.stall.as_ref()?;
    let blocked: BTreeSet<i32> = stall
        .tasks
        .iter()
        .filter(|t| t.tid != t.pid && t.wait == Wait::Futex)
        .map(|t| t.tid)
        .collect();
    let s = spec(&run.plan);
    let lines = run.lines();
    let started = workers_tagged(&lines, "start");
    let done = workers_tagged(&lines, "done");
    let made_lines = transfer_lines(&lines).ok()?;
    let made: BTreeMap<u64, u64> = made_lines.iter().fold(BTreeMap::new(), |mut m, tl| {
        *m.entry(tl.thread).or_default() += 1;
        m
    });
    let plans = all_transfers(&s);
    // Each worker that started, did not finish, and whose thread the kernel saw blocked on a
    // lock: the transfer it was making (the first it had not printed).
    let stuck: Vec<(u64, i32, u64, Transfer)> = started
        .iter()
        .filter(|(w, tid)| !done.contains_key(w) && blocked.contains(tid))
        .filter_map(|(&w, &tid)| {
            let k = made.get(&w).copied().unwrap_or(0);
            let t = *plans.get(w as usize)?.get(k as usize)?;
            Some((w, tid, k, t))
        })
        .collect();
    let name = |&(w, tid, k, t): &(u64, i32, u64, Transfer)| {
        t!(
            "check.lock_order.cause.worker",
            thread = w,
            tid = tid,
            k = k,
            from = t.from,
            to = t.to
        )
    };
    // Opposite orders: the stuck transfers between two accounts, each from → to, close a
    // circle (0 → 1 and 1 → 0; or 0 → 1, 1 → 2, 2 → 0): each worker holds its first lock and
    // waits for the next one's.
    let between: Vec<_> = stuck.iter().filter(|(.., t)| t.from != t.to).collect();
    let circle = lock_circle(
        &between
            .iter()
            .map(|(.., t)| (t.from, t.to))
            .collect::<Vec<_>>(),
    );
    let order = circle.as_ref().map(|members| {
        let who = members
            .iter()
            .take(4)
            .map(|&i| name(between[i]))
            .collect::<Vec<_>>()
            .join("; ");
        t!("check.lock_order.cause.order", who = who)
    });
    // A worker stuck in a self-transfer while no self-transfer ever finished: each one locks
    // its account twice and waits for itself. (When some did finish, a stuck one is only
    // waiting for the account's lock, held by a worker of a circle.)
    let self_done = made_lines
        .iter()
        .any(|tl| tl.transfer.from == tl.transfer.to);
    let relock = stuck
        .iter()
        .find(|(.., t)| t.from == t.to && !self_done)
        .map(|&(w, tid, k, t)| {
            t!(
                "check.lock_order.cause.relock",
                thread = w,
                tid = tid,
                k = k,
                account = t.from
            )
        });
    relock.or(order)
}

/// A circle among the edges `from → to` (indexes of the edges on it, in order), if any.
fn lock_circle(edges: &[(u64, u64)]) -> Option<Vec<usize>> {
    // From each edge, follow an edge leaving the account it points to; a path of at most
    // `edges.len()` steps that comes back to its start is a circle. The graphs are tiny.
    fn walk(edges: &[(u64, u64)], path: &mut Vec<usize>) -> bool {
        let last = edges[*path.last().expect("not empty")].1;
        if last == edges[path[0]].0 {
            return true;
        }
        for next in 0..edges.len() {
            if edges[next].0 == last && !path.contains(&next) {
                path.push(next);
                if walk(edges, path) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    (0..edges.len()).find_map(|start| {
        let mut path = vec![start];
        walk(edges, &mut path).then_some(path)
    })
}

/// Like [`crate::check::each_healthy_run`], with this exercise's timeout causes.
fn each_healthy(runs: &[Run], prefix: &str, body: fn(&Run) -> Result<(), Problem>) -> Outcome {
    each_run(runs, prefix, |run| {
        healthy(run)?;
        body(run)
    })
}

// ---------------------------------------------------------------------------------------------
// Checks

/// Every account printed once; their balances add up to A × the initial balance, and so does
/// `main total=`.
fn total_conserved(run: &Run) -> Result<(), Problem> {
    let s = spec(&run.plan);
    let lines = run.lines();
    let accounts = account_lines(&s, &lines)?;
    let summary = summary_line(&lines)?;
    let expected = s.initial * s.accounts as i64;
    let sum: i64 = accounts.iter().map(|(_, b, _)| b).sum();
    if sum != expected {
        return Err(Failure::new(t!(
            "check.lock_order.sum_changed",
            sum = sum,
            expected = expected,
            accounts = s.accounts,
            initial = s.initial
        ))
        .quote_all(accounts.iter().map(|(.., l)| *l))
        .into());
    }
    let total: i64 = summary.require("total")?;
    if total != expected {
        return Err(Failure::new(t!(
            "check.lock_order.wrong_total",
            total = total,
            expected = expected
        ))
        .quote(summary)
        .into());
    }
    Ok(())
}

/// Every account's final balance is exactly what the transfers make of it.
fn balances_exact(run: &Run) -> Result<(), Problem> {
    let s = spec(&run.plan);
    let lines = run.lines();
    let accounts = account_lines(&s, &lines)?;
    let expected = expected_balances(&s);
    let wrong: Vec<&(u64, i64, &Line)> = accounts
        .iter()
        .filter(|(id, b, _)| expected[*id as usize] != *b)
        .collect();
    let Some(&&(id, balance, _)) = wrong.first() else {
        return Ok(());
    };
    Err(Failure::new(t!(
        "check.lock_order.wrong_balance",
        id = id,
        balance = balance,
        expected = expected[id as usize],
        wrong = wrong.len()
    ))
    .quote_all(wrong.iter().map(|(.., l)| *l))
    .into())
}

/// Every transfer (worker, k) printed exactly once, as drawn from the seed.
fn each_transfer_once(run: &Run) -> Result<(), Problem> {
    let s = spec(&run.plan);
    let lines = run.lines();
    let made = transfer_lines(&lines)?;
    let got: Vec<((u64, u64), &Line)> =
        made.iter().map(|tl| ((tl.thread, tl.k), tl.line)).collect();
    let expected = (0..s.threads).flat_map(|w| (0..s.transfers).map(move |k| (w, k)));
    exactly_once(
        &t!("check.lock_order.transfer"),
        &t!("check.lock_order.transfers"),
        expected.map(|(w, k)| Key(w, k)),
        &got.iter()
            .map(|((w, k), l)| (Key(*w, *k), *l))
            .collect::<Vec<_>>(),
    )?;
    let plans = all_transfers(&s);
    if let Some(tl) = made
        .iter()
        .find(|tl| plans[tl.thread as usize][tl.k as usize] != tl.transfer)
    {
        let t = plans[tl.thread as usize][tl.k as usize];
        return Err(Failure::new(t!(
            "check.lock_order.not_as_drawn",
            thread = tl.thread,
            k = tl.k,
            from = t.from,
            to = t.to,
            amount = t.amount
        ))
        .quote(tl.line)
        .into());
    }
    Ok(())
}

/// A transfer's name in messages: `thread 2, k 17`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key(u64, u64);

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "thread={} k={}", self.0, self.1)
    }
}

/// The widened run ended in time (its timeout says who was blocked, where, and why).
fn no_deadlock(_run: &Run) -> Result<(), Problem> {
    Ok(())
}

/// (kernel) One process: no child process, exactly T threads besides `main`.
fn worker_threads(run: &Run) -> Result<(), Problem> {
    let s = spec(&run.plan);
    let obs = run.observation()?;
    let processes: Vec<i32> = obs.processes().map(|t| t.pid).collect();
    if !processes.is_empty() {
        return Err(Failure::new(t!("check.lock_order.processes", count = processes.len())).into());
    }
    let threads = obs.threads().count() as u64;
    if threads != s.threads {
        return Err(Failure::new(t!(
            "check.lock_order.thread_count",
            count = threads,
            threads = s.threads
        ))
        .into());
    }
    Ok(())
}

/// (kernel) In at least one run, every worker thread was alive at one moment. One run is
/// enough: on a busy machine a thread may be scheduled late, but a program whose workers
/// run one after another never shows it.
fn workers_overlap(runs: &[Run]) -> Outcome {
    let mut shown = None;
    for run in runs {
        if let Err(f) = healthy(run) {
            let mut f = f;
            f.run.get_or_insert_with(|| run.plan.describe());
            return Outcome::Fail(f);
        }
        let Ok(obs) = &run.outcome.observation else {
            continue;
        };
        let Some((last_start, first_end)) =
            latest_start_earliest_end(&obs.threads().collect::<Vec<_>>())
        else {
            continue;
        };
        if obs.threads().count() < 2 || first_end.end_us.is_none_or(|end| last_start.start_us < end)
        {
            return Outcome::Pass;
        }
        shown.get_or_insert((run, last_start.clone(), first_end.clone()));
    }
    match shown {
        None => Outcome::NotVerified {
            reason: t!("check.lock_order.overlap_not_verified"),
        },
        Some((run, last_start, first_end)) => {
            let mut f = Failure::new(t!(
                "check.lock_order.one_after_another",
                first = first_end.pid,
                end = ms(first_end.end_us.unwrap_or(0)),
                second = last_start.pid,
                start = ms(last_start.start_us)
            ));
            f.run = Some(run.plan.describe());
            Outcome::Fail(f)
        }
    }
}

static CHECKS: &[Check] = &[
    Check {
        id: "total_conserved",
        points: 2,
        eval: |runs| each_healthy(runs, "", total_conserved),
    },
    Check {
        id: "balances_exact",
        points: 3,
        eval: |runs| each_healthy(runs, "", balances_exact),
    },
    Check {
        id: "each_transfer_once",
        points: 2,
        eval: |runs| each_healthy(runs, "", each_transfer_once),
    },
    Check {
        id: "no_deadlock",
        points: 3,
        eval: |runs| each_healthy(runs, "widened", no_deadlock),
    },
    Check {
        id: "worker_threads",
        points: 2,
        eval: |runs| each_healthy(runs, "", worker_threads),
    },
    Check {
        id: "workers_overlap",
        points: 2,
        eval: workers_overlap,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{failure, quoted};
    use crate::observe::Exit;
    use crate::observe::stall::{Stall, StalledTask};
    use crate::observe::{Observation, Task};
    use crate::run::fixture::{self, observed, process, run};

    const ROOT: i32 = 100;

    fn tid(w: u64) -> i32 {
        201 + w as i32
    }

    /// A correct run's output: every worker's transfers interleaved, the balances, the total.
    fn good_output(s: &Spec) -> String {
        let plans = all_transfers(s);
        let mut out = String::new();
        for w in 0..s.threads {
            out += &format!("start thread={w} tid={}\n", tid(w));
        }
        for k in 0..s.transfers {
            for (w, p) in plans.iter().enumerate() {
                let t = p[k as usize];
                out += &format!(
                    "transfer thread={w} k={k} from={} to={} amount={}\n",
                    t.from, t.to, t.amount
                );
            }
        }
        for w in 0..s.threads {
            out += &format!("done thread={w} tid={} transfers={}\n", tid(w), s.transfers);
        }
        for (id, b) in expected_balances(s).iter().enumerate() {
            out += &format!("account id={id} balance={b}\n");
        }
        out + &format!(
            "main total={} accounts={}\n",
            s.initial * s.accounts as i64,
            s.accounts
        )
    }

    fn thread(tid: i32, start: u64, end: u64) -> Task {
        fixture::thread(tid, ROOT, start, end)
    }

    /// `threads` worker threads alive together from 100 + i to 5 000 + i µs.
    fn kernel(threads: u64) -> Observation {
        let mut tasks = vec![process(ROOT, 1, 0, 10_000, 0)];
        tasks.extend((0..threads).map(|w| thread(tid(w), 100 + w, 5_000 + w)));
        observed(tasks)
    }

    /// The same threads one after another.
    fn kernel_sequential(threads: u64) -> Observation {
        let mut tasks = vec![process(ROOT, 1, 0, 10_000, 0)];
        tasks.extend((0..threads).map(|w| thread(tid(w), 100 + 1000 * w, 900 + 1000 * w)));
        observed(tasks)
    }

    fn plans() -> Vec<RunPlan> {
        plan(&mut Rng::new(7))
    }

    fn good_runs() -> Vec<Run> {
        plans()
            .into_iter()
            .map(|p| {
                let s = spec(&p);
                let out = good_output(&s);
                run(p, &out, Some(kernel(s.threads)))
            })
            .collect()
    }

    fn check(id: &str) -> &'static Check {
        CHECKS.iter().find(|c| c.id == id).expect("no such check")
    }

    /// The failure of check `id` when the defaults run printed `output` instead.
    fn fail_defaults(id: &str, output: &str, kernel: Option<Observation>) -> Failure {
        let mut runs = good_runs();
        runs[0] = run(RunPlan::new("defaults"), output, kernel);
        failure((check(id).eval)(&runs))
    }

    fn defaults() -> Spec {
        spec(&RunPlan::new("defaults"))
    }

    #[test]
    fn the_draw_is_the_programs() {
        // What the solution prints for `--threads 1 --transfers 4 --seed 1 --accounts 4`.
        let t = transfers_of(1, 0, 4, 4);
        let got: Vec<(u64, u64, i64)> = t.iter().map(|t| (t.from, t.to, t.amount)).collect();
        assert_eq!(got, [(1, 1, 43), (2, 3, 66), (0, 0, 13), (1, 3, 76)]);
    }

    #[test]
    fn every_run_has_self_transfers_and_a_short_limit() {
        for seed in 1..=50 {
            let runs = plan(&mut Rng::new(seed));
            let labels: Vec<&str> = runs.iter().map(|r| r.label.as_str()).collect();
            assert_eq!(labels, ["defaults", "random", "stress", "widened"]);
            for r in &runs {
                assert!(r.timeout_ms <= 2000, "{}", r.label);
                let selfs = all_transfers(&spec(r))
                    .iter()
                    .flatten()
                    .filter(|t| t.from == t.to)
                    .count();
                assert!(selfs >= 3, "{} with seed {seed}: {selfs}", r.label);
            }
            assert_eq!(runs[3].get::<u64>("widen-us"), Some(WIDEN_US));
            assert!(spec(&runs[3]).threads > spec(&runs[3]).accounts);
        }
    }

    #[test]
    fn good_runs_pass_every_check() {
        let runs = good_runs();
        for c in CHECKS {
            assert_eq!((c.eval)(&runs), Outcome::Pass, "{}", c.id);
        }
        assert_eq!(EXERCISE.max_points(), 14);
    }

    #[test]
    fn a_stub_fails_every_check() {
        let mut runs = good_runs();
        for r in &mut runs {
            r.outcome.stdout.text.clear();
            r.outcome.stderr.text = "thread 'main' panicked at src/main.rs:9:5:\n\
                                     not yet implemented: start the worker threads\n"
                .into();
            r.outcome.ending = Ending::Finished(Exit::Code(101));
        }
        for c in CHECKS {
            let f = failure((c.eval)(&runs));
            assert!(f.message.starts_with("not done yet"), "{}", f.message);
        }
    }

    #[test]
    fn a_lost_update_is_caught_with_its_lines() {
        let out =
            good_output(&defaults()).replace("account id=1 balance=", "account id=1 balance=7");
        let f = fail_defaults("balances_exact", &out, Some(kernel(4)));
        assert!(
            f.message.starts_with("account 1 ends with balance=7"),
            "{}",
            f.message
        );
        assert_eq!(quoted(&f).len(), 1);
        assert!(quoted(&f)[0].starts_with("account id=1 balance=7"));
        let f = fail_defaults("total_conserved", &out, Some(kernel(4)));
        assert!(f.message.contains("updates were lost"), "{}", f.message);
        // A total that disagrees with the balances.
        let out = good_output(&defaults()).replace("main total=4000", "main total=3999");
        let f = fail_defaults("total_conserved", &out, Some(kernel(4)));
        assert!(f.message.starts_with("main total=3999"), "{}", f.message);
    }

    #[test]
    fn skipped_or_changed_transfers_are_caught() {
        let good = good_output(&defaults());
        let skipped: String = good
            .lines()
            .filter(|l| {
                let line = &crate::parse::lines(l)[0];
                !(line.tag() == "transfer" && line.get::<u64>("from") == line.get::<u64>("to"))
            })
            .map(|l| format!("{l}\n"))
            .collect();
        assert_ne!(skipped, good);
        // Balances are still right: only the record of the transfers shows it.
        let mut runs = good_runs();
        runs[0] = run(RunPlan::new("defaults"), &skipped, Some(kernel(4)));
        assert_eq!((check("balances_exact").eval)(&runs), Outcome::Pass);
        let f = failure((check("each_transfer_once").eval)(&runs));
        assert!(f.message.contains("never arrived"), "{}", f.message);

        let changed = good.replacen(
            "transfer thread=0 k=1 from=2 to=3 amount=66",
            "transfer thread=0 k=1 from=3 to=2 amount=66",
            1,
        );
        assert_ne!(changed, good);
        let f = fail_defaults("each_transfer_once", &changed, Some(kernel(4)));
        assert!(
            f.message.starts_with("the line of worker 0's transfer 1 does not say what was drawn (from=2 to=3 amount=66)"),
            "{}",
            f.message
        );
    }

    #[test]
    fn processes_and_extra_threads_are_seen() {
        let good = good_output(&defaults());
        let mut k = kernel(4);
        k.tasks.push(process(300, ROOT, 50, 60, 0));
        let f = fail_defaults("worker_threads", &good, Some(k));
        assert!(f.message.contains("1 child process"), "{}", f.message);
        let f = fail_defaults("worker_threads", &good, Some(kernel(9)));
        assert!(
            f.message
                .starts_with("the kernel saw 9 thread(s) besides main, for --threads 4"),
            "{}",
            f.message
        );
        // Without the kernel's view: not verified, not failed.
        let mut runs = good_runs();
        runs[0] = run(RunPlan::new("defaults"), &good, None);
        assert!(matches!(
            (check("worker_threads").eval)(&runs),
            Outcome::NotVerified { .. }
        ));
    }

    #[test]
    fn workers_one_after_another_fail_only_when_no_run_overlaps() {
        let mut runs = good_runs();
        for r in &mut runs {
            let s = spec(&r.plan);
            r.outcome.observation = Ok(kernel_sequential(s.threads));
        }
        let f = failure((check("workers_overlap").eval)(&runs));
        assert!(
            f.message
                .starts_with("in every run a worker thread ended before the last one started"),
            "{}",
            f.message
        );
        // One run where they all overlapped is enough (a busy machine may start one late).
        runs[2].outcome.observation = Ok(kernel(spec(&runs[2].plan).threads));
        assert_eq!((check("workers_overlap").eval)(&runs), Outcome::Pass);
    }

    /// The widened run stopped at its limit, with `stuck` workers (number, printed transfers)
    /// blocked on a lock, after printing `lines`.
    fn timed_out(lines: &str, blocked: &[u64]) -> Vec<Run> {
        let mut runs = good_runs();
        let r = &mut runs[3];
        r.outcome.stdout.text = lines.to_string();
        r.outcome.ending = Ending::TimedOut;
        let mut tasks = vec![StalledTask {
            pid: ROOT,
            tid: ROOT,
            comm: "sol".into(),
            wait: Wait::Futex,
            call: Some("futex".into()),
        }];
        tasks.extend(blocked.iter().map(|&w| StalledTask {
            pid: ROOT,
            tid: tid(w),
            comm: "sol".into(),
            wait: Wait::Futex,
            call: Some("futex".into()),
        }));
        r.outcome.stall = Some(Stall {
            root: ROOT,
            tasks,
            pipes: vec![],
            sockets: vec![],
            zombies: vec![],
        });
        runs
    }

    /// Output of the widened run up to where each worker `w` has printed `made[w]` transfers.
    fn widened_output(made: &[u64]) -> String {
        let runs = plans();
        let s = spec(&runs[3]);
        let plans = all_transfers(&s);
        let mut out = String::new();
        for (w, &n) in made.iter().enumerate() {
            out += &format!("start thread={w} tid={}\n", tid(w as u64));
            for k in 0..n {
                let t = plans[w][k as usize];
                out += &format!(
                    "transfer thread={w} k={k} from={} to={} amount={}\n",
                    t.from, t.to, t.amount
                );
            }
        }
        out
    }

    #[test]
    fn a_timeout_names_the_blocked_workers_and_the_cause() {
        let s = spec(&plans()[3]);
        let plans = all_transfers(&s);
        // Find, for two workers, a next transfer in opposite directions between two accounts.
        let mut found = None;
        'outer: for a in 0..s.transfers as usize {
            for b in 0..s.transfers as usize {
                let (x, y) = (plans[0][a], plans[1][b]);
                if x.from != x.to && x.from == y.to && x.to == y.from {
                    found = Some((a as u64, b as u64));
                    break 'outer;
                }
            }
        }
        let (a, b) = found.expect("opposite transfers in 40 × 40");
        let runs = timed_out(&widened_output(&[a, b]), &[0, 1]);
        let f = failure((check("no_deadlock").eval)(&runs));
        assert!(
            f.message.contains("did not finish within 2.0 s"),
            "{}",
            f.message
        );
        let hint = f.hint.expect("a cause");
        assert!(hint.starts_with("two threads each hold one account's lock and wait for the other's: worker 0 (tid 201)"), "{hint}");
        assert!(hint.contains("worker 1 (tid 202)"), "{hint}");
        assert!(hint.contains("one global order"), "{hint}");

        // A self-transfer that never finished anywhere: the mutex locked twice.
        let first_self = plans[0].iter().position(|t| t.from == t.to).unwrap() as u64;
        let no_self_yet = plans[1].iter().position(|t| t.from == t.to).unwrap() as u64;
        let out = widened_output(&[first_self, no_self_yet]);
        let runs = timed_out(&out, &[0]);
        let hint = failure((check("no_deadlock").eval)(&runs)).hint.unwrap();
        assert!(
            hint.starts_with(&format!(
                "worker 0 (tid 201) stopped in its transfer {first_self}"
            )),
            "{hint}"
        );
        assert!(hint.contains("not re-entrant"), "{hint}");

        // Workers the kernel did not see blocked on a lock: only the general hint of a timeout.
        let runs = timed_out(&widened_output(&[a, b]), &[]);
        let hint = failure((check("no_deadlock").eval)(&runs)).hint.unwrap();
        assert!(
            hint.starts_with("find what each process waits for"),
            "{hint}"
        );
    }

    #[test]
    fn circles_of_transfers() {
        assert_eq!(lock_circle(&[(0, 1), (1, 0)]), Some(vec![0, 1]));
        assert_eq!(
            lock_circle(&[(2, 3), (0, 1), (1, 2), (2, 0)]),
            Some(vec![1, 2, 3])
        );
        assert_eq!(lock_circle(&[(0, 1), (1, 2), (0, 2)]), None);
        assert_eq!(lock_circle(&[]), None);
    }

    #[test]
    fn a_failure_in_italian() {
        use crate::i18n::{Lang, with_lang};
        let out =
            good_output(&defaults()).replace("account id=1 balance=", "account id=1 balance=7");
        let mut runs = good_runs();
        runs[0] = run(RunPlan::new("defaults"), &out, Some(kernel(4)));
        let f = failure(with_lang(Lang::It, || {
            (check("balances_exact").eval)(&runs)
        }));
        assert!(
            f.message.starts_with("il conto 1 finisce con balance=7"),
            "{}",
            f.message
        );
    }
}
