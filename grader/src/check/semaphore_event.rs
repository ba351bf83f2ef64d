//! 09 semaphore_event: a counting semaphore built from `Mutex` + `Condvar` lets at most K of T
//! threads into a section at once; then an event (also `Mutex` + `Condvar`) releases waiters,
//! and those whose timeout ends before the set say so.
//!
//! Output of the program:
//!
//! ```text
//! enter id=<i> inside=<n>                 (printed with the semaphore's lock held)
//! leave id=<i> inside=<n>                 (printed with the semaphore's lock held)
//! semaphore done threads=<T> permits=<K>
//! waiter id=<j> tid=<tid> timeout_ms=<t> waiting   (in the waiter's thread, just before it waits)
//! event set                               (printed with the event's lock held)
//! waiter id=<j> woken | waiter id=<j> timed_out
//! event cleared wait=false
//! ```
//!
//! Since enter/leave are printed under the semaphore's lock, their order is the true order: the
//! grader counts who is inside from that order (never from the printed `inside=`). When the set
//! happened and when each waiter reacted is judged from each line's arrival time on the
//! supervisor's clock (`Run::arrival_us`), not from times the program prints.
//!
//! Whether a waiter slept in the condition variable or polled is told by the kernel, not by a
//! clock: each waiter prints its thread id, and the scheduler's figures of that thread
//! (`Task::sched`, read at its exit) say how often it gave up the CPU (a poller: once per poll)
//! and how long it stayed runnable (a spinner: its whole wait). A waiter that polls with a
//! long sleep (250 ms) gives up the CPU about as rarely as one that waits: no check here
//! catches it, and the lesson says so.
//!
//! Timing is judged only where it is the lesson, with room for a busy machine. The grader
//! chooses every early timeout 700–850 ms before the set and every late one 1.0–1.4 s after
//! it. An early waiter that says woken is blamed unless the kernel shows it starved of the CPU
//! past the set (a correct waiter then finds the flag set and rightly says woken); a late
//! waiter woken more than `PROMPT_MS` after the set is blamed only when that happens in every
//! run (with `notify_one` it happens in every run, by a second or more).

use std::cell::{Cell, RefCell};

use crate::check::invariants::exactly_once;
use crate::check::{Check, Exercise, Failure, Outcome, Problem, each_healthy_run};
use crate::observe::{Observation, Sched, Task};
use crate::parse::Line;
use crate::rng::Rng;
use crate::run::{Run, RunPlan};
use crate::t;

pub static EXERCISE: Exercise = Exercise {
    id: "09",
    slug: "semaphore_event",
    plan,
    checks: CHECKS,
};

/// The program's defaults (the course's `Semaphore(3)` example with 10 threads; the set after
/// 1000 ms).
const DEFAULT_THREADS: u64 = 10;
const DEFAULT_PERMITS: u64 = 3;
const DEFAULT_TIMEOUTS: [u64; 4] = [100, 200, 2100, 2400];

/// A waiter's deadline must be this far from the observed set to be judged (its thread may
/// start waiting late on a busy machine).
const GAP_MS: u64 = 150;
/// How long before the set the early waiters' timeouts end: far more than `GAP_MS`.
const EARLY_MS: (u64, u64) = (700, 850);
/// How long after the set the late waiters' timeouts end: a waiter that the set did not wake
/// (`notify_one`) reacts this late, far more than `PROMPT_MS`.
const LATE_MS: (u64, u64) = (1000, 1400);
/// A woken waiter's line should arrive within this of the `event set` line. A correct waiter
/// was measured 440 ms late at a load of 30 on 2 cores: the check fails only when every run
/// has a waiter this late.
const PROMPT_MS: u64 = 500;
/// An early waiter that said woken is excused (not judged) when the kernel saw it runnable
/// but waiting for a CPU for at least this fraction (1/`STARVED_DIVISOR`) of the time from its
/// deadline to the set: it was starved of the CPU past the set. A program that ignores the
/// timeout sleeps in the wait and is queued for a few milliseconds.
const STARVED_DIVISOR: u64 = 3;
/// A waiter that gave up the CPU this many times polled: a wait in the condition variable
/// gives it up a handful of times (the wait itself, a contended lock or stdout), a 10–20 ms
/// poll once per poll over a wait of 0.7 s or more.
const POLL_SWITCHES: u64 = 20;
/// A waiter switched out this many times while still runnable, or this long on a CPU, spun
/// (`yield_now` or a busy loop): a sleeping waiter runs for well under a millisecond.
const SPIN_SWITCHES: u64 = 100;
const SPIN_CPU_US: u64 = 100_000;

/// Each run lasts about 1.5 s (2.7 s for a program whose waiters sleep to their timeouts); a
/// loaded machine gets room.
const RUN_LIMIT: std::time::Duration = std::time::Duration::from_secs(8);

fn plan(rng: &mut Rng) -> Vec<RunPlan> {
    let mut runs = vec![RunPlan::new("defaults").timeout(RUN_LIMIT)];
    for (label, threads, permits, hold, waiters) in [
        (
            "random",
            rng.range(6, 12),
            rng.range(2, 4),
            rng.range(20, 40),
            4,
        ),
        ("stress 1/2", 16, 4, 5, 6),
        ("stress 2/2", 16, 2, 3, 6),
    ] {
        let set = rng.range(900, 1200);
        let timeouts: Vec<String> = (0..waiters)
            .map(|j| {
                if j % 2 == 0 {
                    set - rng.range(EARLY_MS.0, EARLY_MS.1)
                } else {
                    set + rng.range(LATE_MS.0, LATE_MS.1)
                }
                .to_string()
            })
            .collect();
        runs.push(
            RunPlan::new(label)
                .param("threads", threads)
                .param("permits", permits)
                .param("hold-ms", hold)
                .param("timeouts", timeouts.join(","))
                .param("set-ms", set)
                .timeout(RUN_LIMIT),
        );
    }
    runs
}

/// T threads, K permits.
fn spec(plan: &RunPlan) -> (u64, u64) {
    (
        plan.get("threads").unwrap_or(DEFAULT_THREADS),
        plan.get("permits").unwrap_or(DEFAULT_PERMITS),
    )
}

/// The waiters' timeouts, in waiter order.
fn timeouts(plan: &RunPlan) -> Vec<u64> {
    plan.params
        .iter()
        .find(|(k, _)| k == "timeouts")
        .map(|(_, v)| v.split(',').filter_map(|t| t.parse().ok()).collect())
        .unwrap_or_else(|| DEFAULT_TIMEOUTS.to_vec())
}

/// The enter/leave lines in order, with the number inside after each, counted by the grader.
fn replay(lines: &[Line]) -> Result<Vec<(u64, &Line)>, Failure> {
    let mut inside: u64 = 0;
    let mut out = Vec::new();
    for line in lines {
        match line.tag() {
            "enter" => inside += 1,
            "leave" => {
                inside = inside.checked_sub(1).ok_or_else(|| {
                    Failure::new(t!("check.semaphore_event.leave_first")).quote(line)
                })?
            }
            _ => continue,
        }
        out.push((inside, line));
    }
    Ok(out)
}

/// Never more than K inside, counted from the order of the enter/leave lines.
fn at_most_k(run: &Run) -> Result<(), Problem> {
    let (_, k) = spec(&run.plan);
    let lines = run.lines();
    let steps = replay(&lines)?;
    if let Some(i) = steps.iter().position(|(n, _)| *n > k) {
        let (n, _) = steps[i];
        return Err(Failure::new(t!(
            "check.semaphore_event.too_many",
            inside = n,
            permits = k
        ))
        .quote_all(
            steps[i.saturating_sub(k as usize)..=i]
                .iter()
                .map(|(_, l)| *l),
        )
        .into());
    }
    Ok(())
}

/// K inside at once at some moment (when T ≥ K): a mutex lets in only one.
fn k_reached(run: &Run) -> Result<(), Problem> {
    let (t, k) = spec(&run.plan);
    let lines = run.lines();
    let steps = replay(&lines)?;
    let max = steps.iter().map(|(n, _)| *n).max().unwrap_or(0);
    if max < k.min(t) {
        return Err(Failure::new(t!(
            "check.semaphore_event.never_k",
            max = max,
            permits = k,
            threads = t
        ))
        .quote_all(steps.iter().take(4).map(|(_, l)| *l))
        .into());
    }
    Ok(())
}

/// Every thread 0..T entered once and left once.
fn each_enters_once(run: &Run) -> Result<(), Problem> {
    let (t, _) = spec(&run.plan);
    let lines = run.lines();
    for tag in ["enter", "leave"] {
        let got: Vec<(u64, &Line)> = lines
            .iter()
            .filter(|l| l.tag() == tag)
            .map(|l| Ok((l.require("id")?, l)))
            .collect::<Result<_, Failure>>()?;
        exactly_once(
            &t!("check.semaphore_event.thread", tag = tag),
            &t!("check.semaphore_event.threads", tag = tag),
            0..t,
            &got,
        )?;
    }
    Ok(())
}

/// The `event set` line and its arrival time.
fn set_line<'a>(run: &Run, lines: &'a [Line]) -> Result<(&'a Line, u64), Problem> {
    let set = lines
        .iter()
        .find(|l| l.tag() == "event" && l.words().get(1).is_some_and(|w| w == "set"))
        .ok_or_else(|| Failure::new(t!("check.semaphore_event.no_set")))?;
    let at = run
        .arrival_us(set)
        .ok_or_else(|| Problem::NotVerified(t!("check.semaphore_event.no_times")))?;
    Ok((set, at))
}

/// One waiter as printed: its `waiting` line (with its thread id) and its outcome line.
struct Waiter<'a> {
    id: u64,
    timeout_ms: u64,
    tid: i32,
    waiting: &'a Line,
    end: &'a Line,
}

impl Waiter<'_> {
    fn woken(&self) -> bool {
        woken(self.end)
    }
}

/// Every waiter of the plan, in id order, each with one `waiting` line (with `tid=`) and
/// exactly one `woken` or `timed_out` line.
fn waiters<'a>(run: &Run, lines: &'a [Line]) -> Result<Vec<Waiter<'a>>, Failure> {
    timeouts(&run.plan)
        .into_iter()
        .enumerate()
        .map(|(id, timeout_ms)| {
            let id = id as u64;
            let of: Vec<&Line> = lines
                .iter()
                .filter(|l| l.tag() == "waiter" && l.get::<u64>("id") == Some(id))
                .collect();
            let waiting: Vec<&&Line> = of
                .iter()
                .filter(|l| l.words().iter().any(|w| w == "waiting"))
                .collect();
            let ends: Vec<&&Line> = of
                .iter()
                .filter(|l| l.words().iter().any(|w| w == "woken" || w == "timed_out"))
                .collect();
            match (&waiting[..], &ends[..]) {
                ([waiting], [end]) => Ok(Waiter {
                    id,
                    timeout_ms,
                    tid: waiting.require("tid")?,
                    waiting,
                    end,
                }),
                _ => Err(
                    Failure::new(t!("check.semaphore_event.waiter_lines", id = id))
                        .quote_all(of.iter().copied()),
                ),
            }
        })
        .collect()
}

fn woken(line: &Line) -> bool {
    line.words().iter().any(|w| w == "woken")
}

/// The kernel's task of waiter `w`: a thread of the program, with a tid no other waiter
/// printed.
fn waiter_task<'o>(obs: &'o Observation, all: &[Waiter], w: &Waiter) -> Result<&'o Task, Failure> {
    if let Some(other) = all.iter().find(|o| o.id < w.id && o.tid == w.tid) {
        return Err(Failure::new(t!(
            "check.semaphore_event.tid_shared",
            first = other.id,
            second = w.id,
            tid = w.tid
        ))
        .quote(other.waiting)
        .quote(w.waiting));
    }
    obs.threads().find(|t| t.pid == w.tid).ok_or_else(|| {
        Failure::new(t!(
            "check.semaphore_event.tid_stranger",
            id = w.id,
            tid = w.tid
        ))
        .quote(w.waiting)
    })
}

/// Whether the kernel shows waiter `w` starved of the CPU for a good part of the `gap_us`
/// between its deadline and the set: then finding the flag set was right. `None`: the kernel's
/// figures are missing.
fn starved(run: &Run, all: &[Waiter], w: &Waiter, gap_us: u64) -> Option<bool> {
    let obs = run.observation().ok()?;
    let Ok(task) = waiter_task(obs, all, w) else {
        return Some(false);
    };
    let queued = task.sched?.queued_us?;
    Some(queued * STARVED_DIVISOR >= gap_us)
}

/// Each waiter whose deadline (its `waiting` line's arrival + its timeout) is at least `GAP_MS`
/// before the set says `timed_out` (unless the kernel shows it starved of the CPU past the
/// set), at least `GAP_MS` after says `woken`.
fn timeouts_classified(run: &Run) -> Result<(), Problem> {
    let lines = run.lines();
    let (set_l, set_at) = set_line(run, &lines)?;
    let all = waiters(run, &lines)?;
    let mut judged = 0;
    for w in &all {
        let Some(start) = run.arrival_us(w.waiting) else {
            continue;
        };
        let deadline = start + w.timeout_ms * 1000;
        let expect_woken = if deadline + GAP_MS * 1000 <= set_at {
            false
        } else if deadline >= set_at + GAP_MS * 1000 {
            true
        } else {
            continue;
        };
        if w.woken() == expect_woken {
            judged += 1;
            continue;
        }
        if !expect_woken {
            match starved(run, &all, w, set_at - deadline) {
                Some(true) => continue,
                Some(false) => {}
                None => {
                    return Err(Problem::NotVerified(t!(
                        "check.semaphore_event.no_starvation_figures",
                        id = w.id
                    )));
                }
            }
        }
        let set = set_at.saturating_sub(start) / 1000;
        let (id, timeout) = (w.id, w.timeout_ms);
        let message = if expect_woken {
            t!(
                "check.semaphore_event.should_wake",
                id = id,
                timeout = timeout,
                set = set
            )
        } else {
            t!(
                "check.semaphore_event.should_time_out",
                id = id,
                timeout = timeout,
                set = set
            )
        };
        return Err(Failure::new(message)
            .quote(w.waiting)
            .quote(set_l)
            .quote(w.end)
            .into());
    }
    if judged == 0 {
        return Err(Problem::NotVerified(t!("check.semaphore_event.too_close")));
    }
    Ok(())
}

/// In one run: no woken line before `event set` (a failure in any run); `Some(failure)` when a
/// woken waiter's line arrived more than `PROMPT_MS` after the set's.
fn late_wakeup(run: &Run) -> Result<Option<Failure>, Problem> {
    let lines = run.lines();
    let (set, set_at) = set_line(run, &lines)?;
    let mut latest: Option<(u64, &Line)> = None;
    for line in lines.iter().filter(|l| l.tag() == "waiter" && woken(l)) {
        if line.no < set.no {
            return Err(Failure::new(t!("check.semaphore_event.woken_before_set"))
                .quote(line)
                .quote(set)
                .into());
        }
        let Some(at) = run.arrival_us(line) else {
            return Err(Problem::NotVerified(t!("check.semaphore_event.no_times")));
        };
        let late = at.saturating_sub(set_at);
        if latest.is_none_or(|(l, _)| late > l) {
            latest = Some((late, line));
        }
    }
    Ok(match latest {
        Some((late, line)) if late > PROMPT_MS * 1000 => Some(
            Failure::new(t!(
                "check.semaphore_event.woken_late",
                late = late / 1000,
                bound = PROMPT_MS
            ))
            .quote(set)
            .quote(line),
        ),
        _ => None,
    })
}

/// Woken lines come after `event set` in every run; and in at least one run every woken
/// waiter reacted within `PROMPT_MS` of the set. One late run is a busy machine; a waiter the
/// set does not wake is late in every run.
fn woken_promptly(runs: &[Run]) -> Outcome {
    let prompt = Cell::new(false);
    let late: RefCell<Option<Failure>> = RefCell::new(None);
    let outcome = each_healthy_run(runs, "", |run| {
        match late_wakeup(run)? {
            None => prompt.set(true),
            Some(mut f) => {
                f.run.get_or_insert_with(|| run.plan.describe());
                late.borrow_mut().get_or_insert(f);
            }
        }
        Ok(())
    });
    match (outcome, late.into_inner()) {
        (Outcome::Pass, Some(f)) if !prompt.get() => Outcome::Fail(f),
        (outcome, _) => outcome,
    }
}

/// (kernel) Every waiter printed the tid of a thread of its own, and that thread slept in its
/// wait: it gave up the CPU fewer than `POLL_SWITCHES` times (no polling with `sleep`), and
/// it was neither switched out `SPIN_SWITCHES` times while runnable nor `SPIN_CPU_US` on a CPU
/// (no spinning).
fn waits_without_polling(run: &Run) -> Result<(), Problem> {
    let lines = run.lines();
    let all = waiters(run, &lines)?;
    let obs = run.observation()?;
    for w in &all {
        let task = waiter_task(obs, &all, w)?;
        let Some(sched): Option<Sched> = task.sched else {
            return Err(Problem::NotVerified(t!(
                "check.semaphore_event.no_sched",
                id = w.id,
                tid = w.tid
            )));
        };
        let life_ms = task.lifetime_us().unwrap_or(0) / 1000;
        let message = if sched.voluntary >= POLL_SWITCHES {
            t!(
                "check.semaphore_event.polls",
                id = w.id,
                tid = w.tid,
                switches = sched.voluntary,
                life = life_ms
            )
        } else if sched.involuntary >= SPIN_SWITCHES || sched.cpu_us >= SPIN_CPU_US {
            t!(
                "check.semaphore_event.spins",
                id = w.id,
                tid = w.tid,
                cpu = sched.cpu_us / 1000,
                switches = sched.involuntary,
                life = life_ms
            )
        } else {
            continue;
        };
        return Err(Failure::new(message).quote(w.waiting).quote(w.end).into());
    }
    Ok(())
}

static CHECKS: &[Check] = &[
    Check {
        id: "at_most_k",
        points: 3,
        eval: |runs| each_healthy_run(runs, "", at_most_k),
    },
    Check {
        id: "k_reached",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", k_reached),
    },
    Check {
        id: "each_enters_once",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", each_enters_once),
    },
    Check {
        id: "timeouts_classified",
        points: 3,
        eval: |runs| each_healthy_run(runs, "", timeouts_classified),
    },
    Check {
        id: "woken_promptly",
        points: 1,
        eval: woken_promptly,
    },
    Check {
        id: "waits_without_polling",
        points: 1,
        eval: |runs| each_healthy_run(runs, "", waits_without_polling),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{failure, quoted};
    use crate::run::fixture::{observed, process, run, thread, timed};

    /// 3 threads, 2 permits; waiter 0 times out after 100 ms, waiter 1 after 900 ms.
    fn small() -> RunPlan {
        RunPlan::new("small")
            .param("threads", 3)
            .param("permits", 2)
            .param("hold-ms", 10)
            .param("timeouts", "100,900")
            .param("set-ms", 500)
    }

    const SEMAPHORE: &str = "enter id=0 inside=1\nenter id=1 inside=2\nleave id=0 inside=1\n\
        enter id=2 inside=2\nleave id=1 inside=1\nleave id=2 inside=0\n\
        semaphore done threads=3 permits=2\n";

    /// What the scheduler records of a waiter that slept in the condition variable.
    const ASLEEP: Sched = Sched {
        cpu_us: 300,
        queued_us: Some(200),
        voluntary: 3,
        involuntary: 1,
    };

    /// The program (pid 100) and its waiter threads 301, 302… with these scheduler figures.
    fn kernel(waiters: &[Sched]) -> Observation {
        let mut tasks = vec![process(100, 1, 0, 600_000, 0)];
        for (i, sched) in waiters.iter().enumerate() {
            tasks.push(Task {
                sched: Some(*sched),
                ..thread(301 + i as i32, 100, 5_000, 520_000)
            });
        }
        observed(tasks)
    }

    /// A run of `small()` whose event part is `event` (lines, each with its arrival in ms).
    fn with_event_seen(semaphore: &str, event: &[(&str, u64)], obs: Option<Observation>) -> Run {
        let mut out = semaphore.to_string();
        let mut times: Vec<u64> = semaphore.lines().map(|_| 1_000).collect();
        for (line, ms) in event {
            out += line;
            out += "\n";
            times.push(ms * 1000);
        }
        timed(run(small(), &out, obs), &times)
    }

    /// The same, with two waiters that slept.
    fn with_event(semaphore: &str, event: &[(&str, u64)]) -> Run {
        with_event_seen(semaphore, event, Some(kernel(&[ASLEEP, ASLEEP])))
    }

    /// A correct event part: both wait from 10 ms, waiter 0 times out at 110, the set at 510.
    fn good_event() -> Vec<(&'static str, u64)> {
        vec![
            ("waiter id=0 tid=301 timeout_ms=100 waiting", 10),
            ("waiter id=1 tid=302 timeout_ms=900 waiting", 10),
            ("waiter id=0 timed_out", 111),
            ("event set", 510),
            ("waiter id=1 woken", 511),
            ("event cleared wait=false", 530),
        ]
    }

    fn check(id: &str, r: Run) -> Outcome {
        check_runs(id, &[r])
    }

    fn check_runs(id: &str, runs: &[Run]) -> Outcome {
        (CHECKS
            .iter()
            .find(|c| c.id == id)
            .expect("no such check")
            .eval)(runs)
    }

    #[test]
    fn plan_keeps_every_timeout_far_from_the_set() {
        for seed in 0..50 {
            for p in plan(&mut Rng::new(seed)).iter().skip(1) {
                let set: u64 = p.get("set-ms").unwrap();
                for t in timeouts(p) {
                    if t < set {
                        assert!(set - t >= EARLY_MS.0, "{seed}: {t} vs {set}");
                    } else {
                        assert!(t - set >= LATE_MS.0, "{seed}: {t} vs {set}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_correct_run_passes_every_check() {
        for c in CHECKS {
            let o = (c.eval)(&[with_event(SEMAPHORE, &good_event())]);
            assert!(matches!(o, Outcome::Pass), "{}: {o:?}", c.id);
        }
    }

    #[test]
    fn more_than_k_inside_fails_at_most_k() {
        let sem = "enter id=0 inside=1\nenter id=1 inside=2\nenter id=2 inside=3\n\
            leave id=0 inside=2\nleave id=1 inside=1\nleave id=2 inside=0\n";
        let f = failure(check("at_most_k", with_event(sem, &good_event())));
        assert!(f.message.contains("3 threads were inside"), "{}", f.message);
        assert_eq!(quoted(&f).last(), Some(&"enter id=2 inside=3"));
    }

    #[test]
    fn one_at_a_time_fails_k_reached() {
        let sem = "enter id=0 inside=1\nleave id=0 inside=0\nenter id=1 inside=1\n\
            leave id=1 inside=0\nenter id=2 inside=1\nleave id=2 inside=0\n";
        let f = failure(check("k_reached", with_event(sem, &good_event())));
        assert!(f.message.contains("at most 1"), "{}", f.message);
        // A leave before any enter fails the count itself.
        let f = failure(check(
            "at_most_k",
            with_event("leave id=0 inside=0\n", &good_event()),
        ));
        assert!(
            f.message.contains("before anyone had entered"),
            "{}",
            f.message
        );
    }

    #[test]
    fn a_missing_or_extra_id_fails_each_enters_once() {
        let sem = SEMAPHORE.replace("id=0", "id=3");
        let o = check("each_enters_once", with_event(&sem, &good_event()));
        assert!(matches!(o, Outcome::Fail(_)), "{o:?}");
    }

    /// Waiter 0's timeout ended at 110 ms, 400 ms before the set, yet it says woken.
    fn woken_early() -> Vec<(&'static str, u64)> {
        let mut ev = good_event();
        ev.remove(2);
        ev.insert(4, ("waiter id=0 woken", 511));
        ev
    }

    #[test]
    fn a_woken_waiter_whose_timeout_ended_long_before_fails() {
        let f = failure(check(
            "timeouts_classified",
            with_event(SEMAPHORE, &woken_early()),
        ));
        assert!(f.message.contains("waiter 0"), "{}", f.message);
        assert!(f.message.contains("not starved"), "{}", f.message);
        assert!(quoted(&f).contains(&"waiter id=0 woken"));
        // Timed out although the set came 500 ms before its deadline.
        let mut ev = good_event();
        ev[4] = ("waiter id=1 timed_out", 911);
        let f = failure(check("timeouts_classified", with_event(SEMAPHORE, &ev)));
        assert!(f.message.contains("waiter 1"), "{}", f.message);
    }

    #[test]
    fn a_waiter_starved_past_the_set_is_not_blamed() {
        // Runnable but waiting for a CPU for 350 ms of the 400 between its deadline and the set.
        let starved = Sched {
            queued_us: Some(350_000),
            ..ASLEEP
        };
        let r = with_event_seen(SEMAPHORE, &woken_early(), Some(kernel(&[starved, ASLEEP])));
        assert_eq!(check("timeouts_classified", r), Outcome::Pass);
        // Without the kernel's figures nothing can excuse it: not verified.
        let o = check(
            "timeouts_classified",
            with_event_seen(SEMAPHORE, &woken_early(), None),
        );
        assert!(matches!(o, Outcome::NotVerified { .. }), "{o:?}");
    }

    #[test]
    fn deadlines_too_close_to_the_set_or_no_times_are_not_verified() {
        // Both waiters started so late that each deadline is within 150 ms of the set.
        let ev = vec![
            ("waiter id=0 tid=301 timeout_ms=100 waiting", 700),
            ("waiter id=0 timed_out", 801),
            ("waiter id=1 tid=302 timeout_ms=900 waiting", 10),
            ("event set", 880),
            ("waiter id=1 woken", 881),
        ];
        let o = check("timeouts_classified", with_event(SEMAPHORE, &ev));
        assert!(matches!(o, Outcome::NotVerified { .. }), "{o:?}");
        let untimed = timed(run(small(), &format!("{SEMAPHORE}event set\n"), None), &[]);
        let o = check("woken_promptly", untimed);
        assert!(matches!(o, Outcome::NotVerified { .. }), "{o:?}");
    }

    #[test]
    fn late_wakeups_fail_woken_promptly_only_when_every_run_is_late() {
        let mut ev = good_event();
        ev[4] = ("waiter id=1 woken", 1_560);
        let late = with_event(SEMAPHORE, &ev);
        let good = with_event(SEMAPHORE, &good_event());
        let f = failure(check_runs("woken_promptly", &[late.clone(), late.clone()]));
        assert!(f.message.contains("1050 ms"), "{}", f.message);
        assert!(f.run.is_some());
        // One late run among prompt ones is a busy machine, not the program.
        assert_eq!(check_runs("woken_promptly", &[late, good]), Outcome::Pass);
        // 400 ms late is within the bound.
        ev[4] = ("waiter id=1 woken", 910);
        assert_eq!(
            check("woken_promptly", with_event(SEMAPHORE, &ev)),
            Outcome::Pass
        );
    }

    #[test]
    fn woken_before_the_set_fails_in_any_run() {
        let mut ev = good_event();
        ev.swap(3, 4);
        let f = failure(check_runs(
            "woken_promptly",
            &[
                with_event(SEMAPHORE, &good_event()),
                with_event(SEMAPHORE, &ev),
            ],
        ));
        assert!(
            f.message.contains("before the `event set`"),
            "{}",
            f.message
        );
    }

    #[test]
    fn a_polling_or_spinning_waiter_fails_waits_without_polling() {
        let polls = Sched {
            voluntary: 48,
            ..ASLEEP
        };
        let r = with_event_seen(SEMAPHORE, &good_event(), Some(kernel(&[ASLEEP, polls])));
        let f = failure(check("waits_without_polling", r));
        assert!(
            f.message.contains("gave up the CPU 48 times"),
            "{}",
            f.message
        );
        assert!(quoted(&f).contains(&"waiter id=1 woken"));
        let spins = Sched {
            cpu_us: 20_000,
            queued_us: Some(480_000),
            voluntary: 2,
            involuntary: 3_000,
        };
        let r = with_event_seen(SEMAPHORE, &good_event(), Some(kernel(&[spins, ASLEEP])));
        let f = failure(check("waits_without_polling", r));
        assert!(f.message.contains("never slept"), "{}", f.message);
        // Alone on an idle CPU a spinner is never switched out, but it runs all the time.
        let alone = Sched {
            cpu_us: 400_000,
            queued_us: Some(0),
            voluntary: 1,
            involuntary: 0,
        };
        let r = with_event_seen(SEMAPHORE, &good_event(), Some(kernel(&[alone, ASLEEP])));
        assert!(matches!(
            check("waits_without_polling", r),
            Outcome::Fail(_)
        ));
        // A waiter starved of the CPU for most of its life slept all the same.
        let starved = Sched {
            queued_us: Some(450_000),
            involuntary: 4,
            ..ASLEEP
        };
        let r = with_event_seen(SEMAPHORE, &good_event(), Some(kernel(&[starved, ASLEEP])));
        assert_eq!(check("waits_without_polling", r), Outcome::Pass);
    }

    #[test]
    fn tids_must_be_threads_of_the_program_one_per_waiter() {
        let ev: Vec<_> = good_event()
            .into_iter()
            .map(|(l, ms)| (l.replace("tid=302", "tid=999"), ms))
            .collect();
        let ev: Vec<(&str, u64)> = ev.iter().map(|(l, ms)| (l.as_str(), *ms)).collect();
        let f = failure(check("waits_without_polling", with_event(SEMAPHORE, &ev)));
        assert!(f.message.contains("tid=999"), "{}", f.message);
        let ev: Vec<_> = good_event()
            .into_iter()
            .map(|(l, ms)| (l.replace("tid=302", "tid=301"), ms))
            .collect();
        let ev: Vec<(&str, u64)> = ev.iter().map(|(l, ms)| (l.as_str(), *ms)).collect();
        let f = failure(check("waits_without_polling", with_event(SEMAPHORE, &ev)));
        assert!(f.message.contains("the same tid=301"), "{}", f.message);
        // Without the kernel's record: not verified.
        let o = check(
            "waits_without_polling",
            with_event_seen(SEMAPHORE, &good_event(), None),
        );
        assert!(matches!(o, Outcome::NotVerified { .. }), "{o:?}");
    }
}
