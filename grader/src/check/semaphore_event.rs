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
//! waiter id=<j> timeout_ms=<t> waiting    (just before the waiter waits)
//! event set                               (printed with the event's lock held)
//! waiter id=<j> woken | waiter id=<j> timed_out
//! event cleared wait=false
//! ```
//!
//! Since enter/leave are printed under the semaphore's lock, their order is the true order: the
//! grader counts who is inside from that order (never from the printed `inside=`). When the set
//! happened and when each waiter reacted is judged from each line's arrival time on the
//! supervisor's clock (`Run::arrival_us`), not from times the program prints. The grader chooses
//! timeouts at least `GAP_MS` before or after the set; a waiter whose deadline came out closer
//! than `GAP_MS` to the set as observed (a busy machine) is not judged.

use crate::check::invariants::exactly_once;
use crate::check::{Check, Exercise, Failure, Problem, each_healthy_run};
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

/// The program's defaults (the course's `Semaphore(3)` example with 10 threads).
const DEFAULT_THREADS: u64 = 10;
const DEFAULT_PERMITS: u64 = 3;
const DEFAULT_TIMEOUTS: [u64; 4] = [100, 200, 1300, 1400];

/// A waiter's deadline must be this far from the observed set to be judged.
const GAP_MS: u64 = 150;
/// How long before the set the early waiters' timeouts end: far more than `GAP_MS`, since a
/// waiter starved of the CPU past the set (measured: 440 ms on a 2-core machine under load)
/// finds the flag set and rightly says woken.
const EARLY_MS: (u64, u64) = (700, 850);
/// A woken waiter's line must arrive within this of the `event set` line. A waiter that polls
/// with a 250 ms sleep misses it on most set times; a woken thread under load is far inside.
const PROMPT_MS: u64 = 100;

/// Each run lasts about 1.5 s; a loaded machine gets room.
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
                    set + rng.range(GAP_MS + 100, 400)
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

/// Waiter `id`'s `waiting` line and its outcome line (`woken` or `timed_out`).
fn waiter_lines(lines: &[Line], id: u64) -> Result<(&Line, &Line), Failure> {
    let of: Vec<&Line> = lines
        .iter()
        .filter(|l| l.tag() == "waiter" && l.get::<u64>("id") == Some(id))
        .collect();
    let waiting = of.iter().find(|l| l.words().iter().any(|w| w == "waiting"));
    let ends: Vec<&&Line> = of
        .iter()
        .filter(|l| l.words().iter().any(|w| w == "woken" || w == "timed_out"))
        .collect();
    match (waiting, &ends[..]) {
        (Some(w), [end]) => Ok((w, end)),
        _ => Err(
            Failure::new(t!("check.semaphore_event.waiter_lines", id = id))
                .quote_all(of.iter().copied()),
        ),
    }
}

fn woken(line: &Line) -> bool {
    line.words().iter().any(|w| w == "woken")
}

/// Each waiter whose deadline (its `waiting` line's arrival + its timeout) is at least `GAP_MS`
/// before the set says `timed_out`, at least `GAP_MS` after says `woken`.
fn timeouts_classified(run: &Run) -> Result<(), Problem> {
    let lines = run.lines();
    let (set_l, set_at) = set_line(run, &lines)?;
    let mut judged = 0;
    for (id, ms) in timeouts(&run.plan).into_iter().enumerate() {
        let (waiting, end) = waiter_lines(&lines, id as u64)?;
        let Some(start) = run.arrival_us(waiting) else {
            continue;
        };
        let deadline = start + ms * 1000;
        let expect_woken = if deadline + GAP_MS * 1000 <= set_at {
            false
        } else if deadline >= set_at + GAP_MS * 1000 {
            true
        } else {
            continue;
        };
        judged += 1;
        if woken(end) != expect_woken {
            let set = set_at.saturating_sub(start) / 1000;
            let message = if expect_woken {
                t!(
                    "check.semaphore_event.should_wake",
                    id = id,
                    timeout = ms,
                    set = set
                )
            } else {
                t!(
                    "check.semaphore_event.should_time_out",
                    id = id,
                    timeout = ms,
                    set = set
                )
            };
            return Err(Failure::new(message)
                .quote(waiting)
                .quote(set_l)
                .quote(end)
                .into());
        }
    }
    if judged == 0 {
        return Err(Problem::NotVerified(t!("check.semaphore_event.too_close")));
    }
    Ok(())
}

/// Every woken waiter's line comes after `event set` and arrives within `PROMPT_MS` of it.
fn woken_promptly(run: &Run) -> Result<(), Problem> {
    let lines = run.lines();
    let (set, set_at) = set_line(run, &lines)?;
    for line in lines.iter().filter(|l| l.tag() == "waiter" && woken(l)) {
        let at = run.arrival_us(line).unwrap_or(u64::MAX);
        if line.no < set.no {
            return Err(Failure::new(t!("check.semaphore_event.woken_before_set"))
                .quote(line)
                .quote(set)
                .into());
        }
        let late = at.saturating_sub(set_at);
        if late > PROMPT_MS * 1000 {
            return Err(Failure::new(t!(
                "check.semaphore_event.woken_late",
                late = late / 1000,
                bound = PROMPT_MS
            ))
            .quote(set)
            .quote(line)
            .into());
        }
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
        points: 2,
        eval: |runs| each_healthy_run(runs, "", woken_promptly),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Outcome;
    use crate::check::testing::{failure, quoted};
    use crate::run::fixture::{run, timed};

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

    /// A run of `small()` whose event part is `event` (lines, each with its arrival in ms).
    fn with_event(semaphore: &str, event: &[(&str, u64)]) -> Run {
        let mut out = semaphore.to_string();
        let mut times: Vec<u64> = semaphore.lines().map(|_| 1_000).collect();
        for (line, ms) in event {
            out += line;
            out += "\n";
            times.push(ms * 1000);
        }
        timed(run(small(), &out, None), &times)
    }

    /// A correct event part: both wait from 10 ms, waiter 0 times out at 110, the set at 510.
    fn good_event() -> Vec<(&'static str, u64)> {
        vec![
            ("waiter id=0 timeout_ms=100 waiting", 10),
            ("waiter id=1 timeout_ms=900 waiting", 10),
            ("waiter id=0 timed_out", 111),
            ("event set", 510),
            ("waiter id=1 woken", 511),
            ("event cleared wait=false", 530),
        ]
    }

    fn check(id: &str, r: Run) -> Outcome {
        (CHECKS
            .iter()
            .find(|c| c.id == id)
            .expect("no such check")
            .eval)(&[r])
    }

    #[test]
    fn plan_keeps_every_timeout_far_from_the_set() {
        for seed in 0..50 {
            for p in plan(&mut Rng::new(seed)).iter().skip(1) {
                let set: u64 = p.get("set-ms").unwrap();
                for t in timeouts(p) {
                    assert!(t.abs_diff(set) >= GAP_MS + 100, "{seed}: {t} vs {set}");
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

    #[test]
    fn a_woken_waiter_whose_timeout_ended_long_before_fails() {
        let mut ev = good_event();
        ev.remove(2);
        ev.insert(4, ("waiter id=0 woken", 511));
        let f = failure(check("timeouts_classified", with_event(SEMAPHORE, &ev)));
        assert!(f.message.contains("waiter 0"), "{}", f.message);
        assert!(quoted(&f).contains(&"waiter id=0 woken"));
        // Timed out although the set came 500 ms before its deadline.
        let mut ev = good_event();
        ev[4] = ("waiter id=1 timed_out", 911);
        let f = failure(check("timeouts_classified", with_event(SEMAPHORE, &ev)));
        assert!(f.message.contains("waiter 1"), "{}", f.message);
    }

    #[test]
    fn deadlines_too_close_to_the_set_or_no_times_are_not_verified() {
        // Both waiters started so late that each deadline is within 150 ms of the set.
        let ev = vec![
            ("waiter id=0 timeout_ms=100 waiting", 700),
            ("waiter id=0 timed_out", 801),
            ("waiter id=1 timeout_ms=900 waiting", 10),
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
    fn a_late_wakeup_fails_woken_promptly() {
        let mut ev = good_event();
        ev[4] = ("waiter id=1 woken", 760);
        let f = failure(check("woken_promptly", with_event(SEMAPHORE, &ev)));
        assert!(f.message.contains("250 ms after the set"), "{}", f.message);
        assert!(matches!(
            check("woken_promptly", with_event(SEMAPHORE, &good_event())),
            Outcome::Pass
        ));
    }
}
