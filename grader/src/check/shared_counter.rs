//! 06 shared_counter: W worker processes × N increments of one counter in shared memory,
//! under a lock shared between processes; each worker also counts in its own slot.
//!
//! Output of the program:
//!
//! ```text
//! worker index=<i> pid=<pid> finished        (each worker, after its N increments)
//! counter value=<final counter>              (the parent, after waiting for all)
//! slots values=<comma list> sum=<sum>        (the parent, last line)
//! ```
//!
//! Runs: the course's defaults (3 × 100), one random run (W in 2..=6, N in 50..=500), and three
//! stress runs (6 workers, N in 150..=250, `--widen`). An unlocked counter is usually exact on
//! the defaults: an increment is read-modify-write, and two processes only lose an update when
//! one reads between the other's read and write. `--widen` makes every worker nap between its
//! read and its write (the stub's `increment` does it), so that window is open on every
//! increment: measured over 200 stress runs each, an unlocked counter, a lock inherited across
//! fork and a lock around the read only lost updates in every single run (100 to 1000 of them),
//! also pinned to one CPU and with no more workers than cores.

use std::collections::BTreeMap;

use crate::check::invariants::{exactly_once, pids_are_child_processes};
use crate::check::{Check, Exercise, Failure, Problem, each_healthy_run};
use crate::parse::Line;
use crate::rng::Rng;
use crate::run::{Run, RunPlan};
use crate::t;

pub static EXERCISE: Exercise = Exercise {
    id: "06",
    slug: "shared_counter",
    plan,
    checks: CHECKS,
};

/// The program's own defaults (the course's example).
const DEFAULT_WORKERS: u64 = 3;
const DEFAULT_INCREMENTS: u64 = 100;

/// Stress runs: more workers than the 2 cores of a small machine, each increment widened.
const STRESS_WORKERS: u64 = 6;
const STRESS_INCREMENTS: (u64, u64) = (150, 250);
const STRESS_RUNS: usize = 3;

fn plan(rng: &mut Rng) -> Vec<RunPlan> {
    let mut runs = vec![
        RunPlan::new("defaults"),
        RunPlan::new("random")
            .param("workers", rng.range(2, 6))
            .param("increments", rng.range(50, 500)),
    ];
    for k in 1..=STRESS_RUNS {
        runs.push(
            RunPlan::new(format!("stress {k}/{STRESS_RUNS}"))
                .param("workers", STRESS_WORKERS)
                .param(
                    "increments",
                    rng.range(STRESS_INCREMENTS.0, STRESS_INCREMENTS.1),
                )
                .flag("widen")
                .timeout(std::time::Duration::from_secs(8)),
        );
    }
    // And a long one without the widener: more workers than cores, 20 000 increments each,
    // so a lock that only works for short runs (or a slow one that times out) shows too.
    runs.push(
        RunPlan::new("stress long")
            .param("workers", STRESS_WORKERS)
            .param("increments", LONG_INCREMENTS)
            .timeout(std::time::Duration::from_secs(8)),
    );
    runs
}

/// Increments per worker in the long stress run (the course kit's floor for "stress").
const LONG_INCREMENTS: u64 = 20_000;

/// What a run asked for: W workers × N increments.
fn spec(plan: &RunPlan) -> (u64, u64) {
    (
        plan.get("workers").unwrap_or(DEFAULT_WORKERS),
        plan.get("increments").unwrap_or(DEFAULT_INCREMENTS),
    )
}

/// One `worker index=… pid=… finished` line.
struct WorkerLine<'a> {
    index: u64,
    pid: i32,
    line: &'a Line,
}

/// What the program printed, in typed form.
struct Report<'a> {
    workers: Vec<WorkerLine<'a>>,
    counter: u64,
    counter_line: &'a Line,
    slots: Vec<u64>,
    sum: u64,
    slots_line: &'a Line,
}

fn worker_lines(lines: &[Line]) -> Result<Vec<WorkerLine<'_>>, Failure> {
    lines
        .iter()
        .filter(|l| l.tag() == "worker")
        .map(|line| {
            Ok(WorkerLine {
                index: line.require("index")?,
                pid: line.require("pid")?,
                line,
            })
        })
        .collect()
}

/// The one line tagged `tag`, or a failure saying it is missing or repeated.
fn single<'a>(lines: &'a [Line], tag: &str, format: &str) -> Result<&'a Line, Failure> {
    let found: Vec<&Line> = lines.iter().filter(|l| l.tag() == tag).collect();
    match found[..] {
        [one] => Ok(one),
        [] => Err(
            Failure::new(t!("check.shared_counter.line_missing", line = format))
                .quote_all(lines.iter().rev().take(3)),
        ),
        _ => Err(Failure::new(t!(
            "check.shared_counter.line_repeated",
            tag = tag,
            count = found.len()
        ))
        .quote_all(found)),
    }
}

fn report(lines: &[Line]) -> Result<Report<'_>, Failure> {
    let workers = worker_lines(lines)?;
    let counter_line = single(lines, "counter", "counter value=…")?;
    let slots_line = single(lines, "slots", "slots values=… sum=…")?;
    Ok(Report {
        counter: counter_line.require("value")?,
        slots: slots_line.require_list("values")?,
        sum: slots_line.require("sum")?,
        workers,
        counter_line,
        slots_line,
    })
}

/// The run printed one `finished` line per worker, then a counter of exactly W × N and W slots
/// of exactly N each, adding up to their printed sum.
fn exact(run: &Run) -> Result<(), Problem> {
    let (w, n) = spec(&run.plan);
    let lines = run.lines();
    let r = report(&lines)?;

    let got: Vec<(u64, &Line)> = r.workers.iter().map(|wl| (wl.index, wl.line)).collect();
    exactly_once(
        &t!("check.shared_counter.worker_index"),
        &t!("check.shared_counter.worker_indices"),
        0..w,
        &got,
    )?;
    if let Some(late) = r
        .workers
        .iter()
        .find(|wl| wl.line.no > r.counter_line.no.min(r.slots_line.no))
    {
        return Err(
            Failure::new(t!("check.shared_counter.late_worker", index = late.index))
                .quote(r.counter_line)
                .quote(r.slots_line)
                .quote(late.line)
                .into(),
        );
    }

    let expected = w * n;
    if r.counter != expected {
        let mut what = if r.counter == 0 {
            t!("check.shared_counter.never_shared")
        } else if r.counter < expected {
            t!("check.shared_counter.lost", count = expected - r.counter)
        } else {
            t!("check.shared_counter.extra", count = r.counter - expected)
        };
        if run.plan.has_flag("widen") {
            what = t!("check.shared_counter.widened", what = what);
        }
        return Err(Failure::new(t!(
            "check.shared_counter.wrong_counter",
            value = r.counter,
            workers = w,
            increments = n,
            expected = expected,
            what = what
        ))
        .quote(r.counter_line)
        .quote(r.slots_line)
        .into());
    }

    if r.slots.len() as u64 != w {
        return Err(Failure::new(t!(
            "check.shared_counter.slot_count",
            count = r.slots.len(),
            workers = w
        ))
        .quote(r.slots_line)
        .into());
    }
    let wrong: Vec<String> = r
        .slots
        .iter()
        .enumerate()
        .filter(|&(_, &v)| v != n)
        .map(|(i, v)| t!("check.shared_counter.slot_is", slot = i, value = v))
        .collect();
    if !wrong.is_empty() {
        return Err(Failure::new(t!(
            "check.shared_counter.wrong_slots",
            increments = n,
            wrong = wrong.join(", ")
        ))
        .quote(r.slots_line)
        .into());
    }
    let total: u64 = r.slots.iter().sum();
    if r.sum != total {
        return Err(Failure::new(t!(
            "check.shared_counter.wrong_sum",
            sum = r.sum,
            total = total
        ))
        .quote(r.slots_line)
        .into());
    }
    Ok(())
}

/// The workers are W distinct child processes, as the kernel saw them, and the printed pids
/// are theirs.
fn processes(run: &Run) -> Result<(), Problem> {
    let (w, _) = spec(&run.plan);
    let lines = run.lines();
    let workers = worker_lines(&lines)?;
    if workers.len() as u64 != w {
        return Err(Failure::new(t!(
            "check.shared_counter.worker_lines",
            count = workers.len(),
            workers = w
        ))
        .quote_all(workers.iter().map(|wl| wl.line))
        .into());
    }
    let mut by_pid: BTreeMap<i32, Vec<&WorkerLine>> = BTreeMap::new();
    for wl in &workers {
        by_pid.entry(wl.pid).or_default().push(wl);
    }
    if let Some((pid, same)) = by_pid.iter().find(|(_, v)| v.len() > 1) {
        return Err(Failure::new(t!(
            "check.shared_counter.same_pid",
            count = same.len(),
            pid = pid
        ))
        .quote_all(same.iter().map(|wl| wl.line))
        .into());
    }

    let obs = run.observation()?;
    let lines_ref: Vec<&Line> = workers.iter().map(|wl| wl.line).collect();
    pids_are_child_processes(obs, "pid", &lines_ref)?;
    let created: Vec<i32> = obs.processes().map(|t| t.pid).collect();
    if created.len() as u64 != w {
        return Err(Failure::new(t!(
            "check.shared_counter.process_count",
            count = created.len(),
            workers = w
        ))
        .quote_all(lines_ref)
        .into());
    }
    Ok(())
}

static CHECKS: &[Check] = &[
    Check {
        id: "exact_defaults",
        points: 2,
        eval: |runs| each_healthy_run(runs, "defaults", exact),
    },
    Check {
        id: "exact_random",
        points: 2,
        eval: |runs| each_healthy_run(runs, "random", exact),
    },
    Check {
        id: "exact_under_stress",
        points: 5,
        eval: |runs| each_healthy_run(runs, "stress", exact),
    },
    Check {
        id: "workers_are_processes",
        points: 2,
        eval: |runs| {
            each_healthy_run(runs, "defaults", processes)
                .and(each_healthy_run(runs, "random", processes))
        },
    },
    Check {
        id: "no_shm_left",
        points: 2,
        eval: |runs| {
            each_healthy_run(runs, "", |run| {
                let left = &run.outcome.leftover_shm;
                if left.is_empty() {
                    return Ok(());
                }
                Err(Failure::new(t!(
                    "check.shared_counter.shm_left",
                    count = left.len(),
                    names = left.join(", ")
                ))
                .into())
            })
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Outcome;
    use crate::check::testing::{failure, quoted};
    use crate::observe::Observation;
    use crate::run::fixture::{observed, process, run};

    const ROOT: i32 = 100;

    /// The output of a correct run with `w` workers (pids 101…) and `n` increments.
    fn good_output(w: u64, n: u64) -> String {
        let mut s = String::new();
        for i in (0..w).rev() {
            s += &format!("worker index={i} pid={} finished\n", ROOT + 1 + i as i32);
        }
        s += &format!("counter value={}\n", w * n);
        let slots: Vec<String> = (0..w).map(|_| n.to_string()).collect();
        s += &format!("slots values={} sum={}\n", slots.join(","), w * n);
        s
    }

    /// The kernel saw the root and `w` child processes, pids 101….
    fn kernel(w: u64) -> Observation {
        let mut tasks = vec![process(ROOT, 1, 0, 10_000, 0)];
        for i in 0..w as i32 {
            tasks.push(process(ROOT + 1 + i, ROOT, 10 + i as u64, 5_000, 0));
        }
        observed(tasks)
    }

    fn stress(k: usize) -> RunPlan {
        RunPlan::new(format!("stress {k}/3"))
            .param("workers", 6)
            .param("increments", 200)
            .flag("widen")
    }

    fn random() -> RunPlan {
        RunPlan::new("random")
            .param("workers", 4)
            .param("increments", 321)
    }

    /// A full set of good runs.
    fn good_runs() -> Vec<Run> {
        let mut runs = vec![
            run(
                RunPlan::new("defaults"),
                &good_output(3, 100),
                Some(kernel(3)),
            ),
            run(random(), &good_output(4, 321), Some(kernel(4))),
        ];
        for k in 1..=3 {
            runs.push(run(stress(k), &good_output(6, 200), Some(kernel(6))));
        }
        runs
    }

    fn check(id: &str) -> &'static Check {
        CHECKS.iter().find(|c| c.id == id).expect("no such check")
    }

    #[test]
    fn plan_has_defaults_random_and_widened_stress() {
        let runs = plan(&mut Rng::new(7));
        assert_eq!(runs.len(), 6);
        assert_eq!(runs[5].label, "stress long");
        assert_eq!(spec(&runs[5]), (STRESS_WORKERS, LONG_INCREMENTS));
        assert!(!runs[5].has_flag("widen"));
        assert_eq!(runs[0].label, "defaults");
        assert!(runs[0].params.is_empty());
        let (w, n) = spec(&runs[1]);
        assert!((2..=6).contains(&w) && (50..=500).contains(&n));
        assert!(!runs[1].has_flag("widen"));
        for (k, r) in runs[2..5].iter().enumerate() {
            assert_eq!(r.label, format!("stress {}/3", k + 1));
            let (w, n) = spec(r);
            assert_eq!(w, STRESS_WORKERS);
            assert!((STRESS_INCREMENTS.0..=STRESS_INCREMENTS.1).contains(&n));
            assert!(r.has_flag("widen"));
            assert!(r.timeout_ms <= 8_000);
        }
    }

    #[test]
    fn good_runs_pass_every_check() {
        let runs = good_runs();
        for c in CHECKS {
            assert_eq!((c.eval)(&runs), Outcome::Pass, "{}", c.id);
        }
    }

    #[test]
    fn stress_points_dominate() {
        let stress = check("exact_under_stress").points;
        assert!(
            CHECKS
                .iter()
                .all(|c| c.id == "exact_under_stress" || c.points < stress)
        );
    }

    #[test]
    fn a_stub_fails_every_check() {
        let mut runs = good_runs();
        for r in &mut runs {
            r.outcome.stdout.text.clear();
            r.outcome.stderr.text =
                "thread 'main' panicked at src/main.rs:9:5:\nnot yet implemented: create\n".into();
            r.outcome.ending = crate::run::Ending::Finished(crate::observe::Exit::Code(101));
        }
        for c in CHECKS {
            assert!(!(c.eval)(&runs).passed(), "{}", c.id);
        }
    }

    #[test]
    fn defaults_lost_updates_are_counted_and_quoted() {
        let mut runs = good_runs();
        runs[0] = run(
            RunPlan::new("defaults"),
            &good_output(3, 100).replace("counter value=300", "counter value=287"),
            Some(kernel(3)),
        );
        let f = failure((check("exact_defaults").eval)(&runs));
        assert!(f.message.contains("must give 300"), "{}", f.message);
        assert!(
            f.message.contains("13 update(s) were lost"),
            "{}",
            f.message
        );
        assert_eq!(
            quoted(&f),
            ["counter value=287", "slots values=100,100,100 sum=300"]
        );
        assert!(f.run.unwrap().contains("defaults"));
    }

    #[test]
    fn a_failure_in_italian() {
        use crate::i18n::{Lang, with_lang};
        let mut runs = good_runs();
        runs[0] = run(
            RunPlan::new("defaults"),
            &good_output(3, 100).replace("counter value=300", "counter value=287"),
            Some(kernel(3)),
        );
        let f = failure(with_lang(Lang::It, || {
            (check("exact_defaults").eval)(&runs)
        }));
        assert_eq!(
            f.message,
            "counter value=287, ma 3 worker × 100 incrementi devono dare 300: aggiornamenti \
             persi: 13 (due worker hanno letto lo stesso valore e hanno scritto entrambi valore + 1)"
        );
        assert_eq!(
            f.run.as_deref(),
            Some("esecuzione 'defaults' (argomenti predefiniti)")
        );
        let (title, hint) = with_lang(Lang::It, || {
            (
                EXERCISE.check_title(check("workers_are_processes")),
                EXERCISE.check_hint(check("workers_are_processes")),
            )
        });
        assert_eq!(
            title,
            "i worker sono W processi figli (visti dal kernel), non thread"
        );
        assert!(
            hint.contains("(unsafe { nix::unistd::fork() })"),
            "braces are unescaped: {hint}"
        );
        assert!(
            EXERCISE
                .check_hint(check("workers_are_processes"))
                .starts_with("Fork one child per worker (unsafe { nix")
        );
    }

    #[test]
    fn random_hard_coded_output_fails() {
        let mut runs = good_runs();
        runs[1] = run(random(), &good_output(3, 100), Some(kernel(3)));
        let f = failure((check("exact_random").eval)(&runs));
        assert!(f.message.contains("worker index"), "{}", f.message);
        // Right worker lines, wrong numbers.
        let text = good_output(4, 321).replace("counter value=1284", "counter value=400");
        runs[1] = run(random(), &text, Some(kernel(4)));
        let f = failure((check("exact_random").eval)(&runs));
        assert!(
            f.message
                .contains("4 workers × 321 increments must give 1284"),
            "{}",
            f.message
        );
        assert!(
            f.message.contains("884 update(s) were lost"),
            "{}",
            f.message
        );
    }

    #[test]
    fn stress_failure_names_the_run_and_the_widening() {
        let mut runs = good_runs();
        let text = good_output(6, 200).replace("counter value=1200", "counter value=431");
        runs[3] = run(stress(2), &text, Some(kernel(6)));
        let f = failure((check("exact_under_stress").eval)(&runs));
        assert!(
            f.message.contains("769 update(s) were lost"),
            "{}",
            f.message
        );
        assert!(f.message.contains("--widen"), "{}", f.message);
        assert!(f.run.as_deref().unwrap().contains("stress 2/3"));
        assert!(f.run.as_deref().unwrap().contains("--widen"));
        assert_eq!(quoted(&f)[0], "counter value=431");
        // Only this check: the others still pass.
        assert!((check("exact_defaults").eval)(&runs).passed());
        assert!((check("exact_random").eval)(&runs).passed());
    }

    #[test]
    fn zero_means_the_memory_was_not_shared() {
        let text = good_output(3, 100)
            .replace("counter value=300", "counter value=0")
            .replace("values=100,100,100 sum=300", "values=0,0,0 sum=0");
        let Err(Problem::Fail(f)) = exact(&run(RunPlan::new("defaults"), &text, None)) else {
            panic!()
        };
        assert!(
            f.message.contains("never saw a single increment"),
            "{}",
            f.message
        );
        assert_eq!(quoted(&f), ["counter value=0", "slots values=0,0,0 sum=0"]);
    }

    #[test]
    fn too_many_and_slot_errors() {
        let plan = RunPlan::new("defaults");
        let too_many = good_output(3, 100).replace("value=300", "value=301");
        let f = exact(&run(plan.clone(), &too_many, None)).unwrap_err();
        let Problem::Fail(f) = f else { panic!() };
        assert!(f.message.contains("1 more than that"), "{}", f.message);

        let bad_slot = good_output(3, 100).replace("values=100,100,100", "values=100,99,101");
        let Err(Problem::Fail(f)) = exact(&run(plan.clone(), &bad_slot, None)) else {
            panic!()
        };
        assert!(
            f.message.contains("slot 1 is 99, slot 2 is 101"),
            "{}",
            f.message
        );
        assert_eq!(quoted(&f), ["slots values=100,99,101 sum=300"]);

        let short = good_output(3, 100).replace("values=100,100,100", "values=100,100");
        let Err(Problem::Fail(f)) = exact(&run(plan.clone(), &short, None)) else {
            panic!()
        };
        assert!(
            f.message.contains("2 value(s) for 3 workers"),
            "{}",
            f.message
        );

        let bad_sum = good_output(3, 100).replace("sum=300", "sum=30");
        let Err(Problem::Fail(f)) = exact(&run(plan, &bad_sum, None)) else {
            panic!()
        };
        assert!(f.message.contains("sum=30 but"), "{}", f.message);
    }

    #[test]
    fn missing_repeated_and_early_summary_lines() {
        let plan = RunPlan::new("defaults");
        let no_counter: String = good_output(3, 100)
            .lines()
            .filter(|l| !l.starts_with("counter"))
            .map(|l| format!("{l}\n"))
            .collect();
        let Err(Problem::Fail(f)) = exact(&run(plan.clone(), &no_counter, None)) else {
            panic!()
        };
        assert!(f.message.contains("never printed"), "{}", f.message);

        let twice = format!("{}counter value=300\n", good_output(3, 100));
        let Err(Problem::Fail(f)) = exact(&run(plan.clone(), &twice, None)) else {
            panic!()
        };
        assert!(f.message.contains("printed 2 times"), "{}", f.message);
        assert_eq!(f.quotes.len(), 2);

        let early = "worker index=0 pid=101 finished\ncounter value=300\n\
                     slots values=100,100,100 sum=300\nworker index=1 pid=102 finished\n\
                     worker index=2 pid=103 finished\n";
        let Err(Problem::Fail(f)) = exact(&run(plan, early, None)) else {
            panic!()
        };
        assert!(
            f.message.contains("worker 1 printed `finished` after"),
            "{}",
            f.message
        );
        assert!(quoted(&f).contains(&"worker index=1 pid=102 finished"));
    }

    #[test]
    fn threads_and_fake_pids_are_not_processes() {
        let c = check("workers_are_processes");
        // Threads: the kernel saw threads, no child processes.
        let mut threads = kernel(0);
        for i in 1..=3 {
            let mut t = process(ROOT + i, ROOT, 5, 50, 0);
            t.thread = true;
            threads.tasks.push(t);
        }
        let mut runs = good_runs();
        runs[0].outcome.observation = Ok(threads);
        let f = failure((c.eval)(&runs));
        assert!(f.message.contains("is a thread"), "{}", f.message);
        assert_eq!(f.quotes.len(), 1);

        // The same pid for everybody (the parent's).
        let same = good_output(3, 100)
            .replace("pid=102", "pid=101")
            .replace("pid=103", "pid=101");
        runs[0] = run(RunPlan::new("defaults"), &same, Some(kernel(3)));
        let f = failure((c.eval)(&runs));
        assert!(
            f.message.contains("3 workers printed the same pid=101"),
            "{}",
            f.message
        );
        assert_eq!(f.quotes.len(), 3);

        // Forks too many: a child went on with the parent's loop.
        runs[0] = run(
            RunPlan::new("defaults"),
            &good_output(3, 100),
            Some(kernel(5)),
        );
        let f = failure((c.eval)(&runs));
        assert!(
            f.message.contains("create 5 process(es) for 3 workers"),
            "{}",
            f.message
        );

        // The random run is looked at too.
        let mut runs = good_runs();
        runs[1] = run(random(), &good_output(4, 321), Some(kernel(3)));
        let f = failure((c.eval)(&runs));
        assert!(
            f.message.contains("not a process this program created"),
            "{}",
            f.message
        );
        assert!(f.run.unwrap().contains("random"));

        // Too few worker lines.
        let mut runs = good_runs();
        let short = good_output(3, 100).replace("worker index=0 pid=101 finished\n", "");
        runs[0] = run(RunPlan::new("defaults"), &short, Some(kernel(3)));
        let f = failure((c.eval)(&runs));
        assert!(
            f.message.contains("2 `worker … finished` line(s) for 3"),
            "{}",
            f.message
        );
    }

    #[test]
    fn processes_not_verified_without_ptrace() {
        let mut runs = good_runs();
        for r in &mut runs {
            r.outcome.observation = Err("ptrace refused (test)".into());
        }
        let o = (check("workers_are_processes").eval)(&runs);
        assert!(matches!(o, Outcome::NotVerified { .. }), "{o:?}");
        assert!(o.passed());
        // A failure seen without the kernel (same pid twice) still fails.
        let same = good_output(3, 100).replace("pid=102", "pid=101");
        runs[0] = run(RunPlan::new("defaults"), &same, None);
        assert!(!(check("workers_are_processes").eval)(&runs).passed());
    }

    #[test]
    fn leftover_segments_are_named() {
        let mut runs = good_runs();
        runs[4].outcome.leftover_shm = vec!["shmem_1A2B".into(), "shmem_3C4D".into()];
        let f = failure((check("no_shm_left").eval)(&runs));
        assert!(
            f.message
                .contains("2 shared-memory segment(s) in /dev/shm: shmem_1A2B, shmem_3C4D"),
            "{}",
            f.message
        );
        assert!(f.quotes.is_empty());
        assert!(f.run.unwrap().contains("stress 3/3"));
    }
}
