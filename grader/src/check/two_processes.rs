//! 01 two_processes: two child processes run two different functions at the same time; the
//! parent waits for both and reports how each ended.
//!
//! Output (child lines may interleave; pids are `getpid()` of the printing process):
//!
//! ```text
//! parent pid=<P> started
//! child alpha pid=<A> begin
//! child beta pid=<B> begin
//! child alpha pid=<A> result=<sum of squares 1..=N>
//! child beta pid=<B> result=<fib(N)>
//! parent reaped alpha pid=<A> status=exited:0
//! parent reaped beta pid=<B> status=exited:<E>
//! parent done
//! ```
//!
//! What the program says is checked against what the kernel saw: that the two children are
//! real processes created by the main one, that they lived at the same time, and that they
//! ended the way the parent reports.

use crate::check::invariants::{pairwise_overlap, summary_is_last};
use crate::check::{Check, Exercise, Failure, Outcome, Problem, each_healthy_run, ms};
use crate::observe::{Exit, Observation};
use crate::parse::Line;
use crate::rng::Rng;
use crate::run::{Run, RunPlan, exit_words};
use crate::t;

pub static EXERCISE: Exercise = Exercise {
    id: "01",
    slug: "two_processes",
    plan,
    checks: CHECKS,
};

/// The program's defaults, which the grader must know to judge the default run.
const DEFAULT_INPUT: u64 = 10;
const DEFAULT_EXIT_CODE: i32 = 3;

/// The two children, in the order the parent reports them.
const CHILDREN: [&str; 2] = ["alpha", "beta"];

/// Random runs: alpha works `ALPHA_MS` ms, beta at most `BETA_MAX_MS`, so beta ends first by a
/// wide margin (and still starts while alpha works: the lifetimes overlap).
const ALPHA_MS: (u64, u64) = (200, 300);
const BETA_MAX_MS: u64 = 40;

fn plan(rng: &mut Rng) -> Vec<RunPlan> {
    // The defaults give both children the same work: alpha, forked first, usually ends first.
    // The random runs make beta end first, so a parent that takes whichever child ended first
    // (`waitpid(None)`) for alpha reports beta's status under alpha's name.
    let mut runs = vec![RunPlan::new("defaults")];
    for k in 1..=2 {
        runs.push(
            RunPlan::new(format!("random {k}/2"))
                .param("input", rng.range(5, 40))
                .param("exit-code", rng.range(1, 100))
                .param("alpha-ms", rng.range(ALPHA_MS.0, ALPHA_MS.1))
                .param("beta-ms", rng.range(0, BETA_MAX_MS)),
        );
    }
    runs
}

static CHECKS: &[Check] = &[
    Check {
        id: "two_children",
        points: 2,
        eval: two_children,
    },
    Check {
        id: "overlap",
        points: 2,
        eval: overlap,
    },
    Check {
        id: "own_function",
        points: 2,
        eval: own_function,
    },
    Check {
        id: "exit_status",
        points: 2,
        eval: exit_status,
    },
    Check {
        id: "summary_last",
        points: 2,
        eval: summary_last,
    },
];

// ---------------------------------------------------------------------------------------------
// Reading the output

/// The only line `pred` accepts; a failure when there is none or more than one.
fn one_line<'a>(
    lines: &'a [Line],
    what: &str,
    pred: impl Fn(&Line) -> bool,
) -> Result<&'a Line, Failure> {
    let found: Vec<&Line> = lines.iter().filter(|l| pred(l)).collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(
            Failure::new(t!("check.two_processes.line_missing", line = what))
                .quote_all(lines.iter().rev().take(3)),
        ),
        many => Err(Failure::new(t!(
            "check.two_processes.line_repeated",
            line = what,
            count = many.len()
        ))
        .quote_all(many.iter().copied())),
    }
}

/// `parent pid=<P> started`.
fn parent_line(lines: &[Line]) -> Result<(i32, &Line), Failure> {
    let line = one_line(lines, "parent pid=… started", |l| {
        l.tag() == "parent" && l.has_word("started")
    })?;
    Ok((line.require("pid")?, line))
}

/// `child <name> pid=<pid> begin` (kind `begin`) or `child <name> pid=<pid> result=<r>`
/// (kind `result`).
fn child_line<'a>(lines: &'a [Line], name: &str, kind: &str) -> Result<(i32, &'a Line), Failure> {
    let what = match kind {
        "begin" => format!("child {name} pid=… begin"),
        _ => format!("child {name} pid=… result=…"),
    };
    let line = one_line(lines, &what, |l| {
        l.tag() == "child"
            && l.words().get(1).is_some_and(|w| w == name)
            && (l.has_word(kind) || l.raw(kind).is_some())
    })?;
    Ok((line.require("pid")?, line))
}

/// `parent reaped <name> pid=<pid> status=<status>`.
fn reaped_line<'a>(lines: &'a [Line], name: &str) -> Result<(i32, &'a Line), Failure> {
    let what = format!("parent reaped {name} pid=… status=…");
    let line = one_line(lines, &what, |l| {
        l.tag() == "parent" && l.has_word("reaped") && l.words().get(2).is_some_and(|w| w == name)
    })?;
    Ok((line.require("pid")?, line))
}

/// `exited:<code>` or `signaled:<SIGNAME>` as the kernel's [`Exit`].
fn parse_status(line: &Line) -> Result<Exit, Failure> {
    let raw: String = line.require("status")?;
    let parsed = match raw.split_once(':') {
        Some(("exited", code)) => code.parse().ok().map(Exit::Code),
        Some(("signaled", sig)) if sig.starts_with("SIG") && sig.len() > 3 => {
            Some(Exit::Signal(sig.to_string()))
        }
        _ => None,
    };
    parsed.ok_or_else(|| {
        Failure::new(t!(
            "check.two_processes.bad_status",
            line = line.no,
            raw = raw
        ))
        .quote(line)
    })
}

/// How a status is printed, to show the student what was expected.
fn status_text(exit: &Exit) -> String {
    match exit {
        Exit::Code(c) => format!("exited:{c}"),
        Exit::Signal(s) => format!("signaled:{s}"),
    }
}

/// The `--input` and `--exit-code` of a run (the program's defaults when not given).
fn input_of(run: &Run) -> u64 {
    run.plan.get("input").unwrap_or(DEFAULT_INPUT)
}

fn exit_code_of(run: &Run) -> i32 {
    run.plan.get("exit-code").unwrap_or(DEFAULT_EXIT_CODE)
}

pub fn sum_of_squares(n: u64) -> u64 {
    (1..=n).map(|i| i * i).sum()
}

pub fn fibonacci(n: u64) -> u64 {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        (a, b) = (b, a.wrapping_add(b));
    }
    a
}

// ---------------------------------------------------------------------------------------------
// Checks

fn two_children(runs: &[Run]) -> Outcome {
    each_healthy_run(runs, "", |run| {
        let lines = run.lines();
        let (parent, parent_l) = parent_line(&lines)?;
        let (a, a_l) = child_line(&lines, "alpha", "begin")?;
        let (b, b_l) = child_line(&lines, "beta", "begin")?;
        for (name, pid, line) in [("alpha", a, a_l), ("beta", b, b_l)] {
            if pid == parent {
                return Err(Failure::new(t!(
                    "check.two_processes.parent_pid",
                    name = name,
                    pid = pid
                ))
                .quote(parent_l)
                .quote(line)
                .into());
            }
        }
        if a == b {
            return Err(Failure::new(t!("check.two_processes.same_pid", pid = a))
                .quote(a_l)
                .quote(b_l)
                .into());
        }

        let obs = run.observation()?;
        if obs.root != parent {
            return Err(Failure::new(t!(
                "check.two_processes.wrong_root",
                parent = parent,
                root = obs.root
            ))
            .quote(parent_l)
            .into());
        }
        let kids: Vec<i32> = obs.children_of(obs.root).map(|t| t.pid).collect();
        if kids.len() != 2 {
            let threads = obs.threads().count();
            let message = if threads > 0 {
                t!(
                    "check.two_processes.child_count_threads",
                    count = kids.len(),
                    pids = pid_list(&kids),
                    threads = threads
                )
            } else {
                t!(
                    "check.two_processes.child_count",
                    count = kids.len(),
                    pids = pid_list(&kids)
                )
            };
            return Err(Failure::new(message)
                .quote(parent_l)
                .quote(a_l)
                .quote(b_l)
                .into());
        }
        for (name, pid, line) in [("alpha", a, a_l), ("beta", b, b_l)] {
            if !kids.contains(&pid) {
                let message = if obs.threads().any(|t| t.pid == pid) {
                    t!(
                        "check.two_processes.not_a_child_thread",
                        name = name,
                        pid = pid,
                        pids = pid_list(&kids)
                    )
                } else {
                    t!(
                        "check.two_processes.not_a_child",
                        name = name,
                        pid = pid,
                        pids = pid_list(&kids)
                    )
                };
                return Err(Failure::new(message).quote(line).into());
            }
        }
        Ok(())
    })
}

fn overlap(runs: &[Run]) -> Outcome {
    each_healthy_run(runs, "", |run| {
        let lines = run.lines();
        let (a, a_l) = child_line(&lines, "alpha", "begin")?;
        let (b, b_l) = child_line(&lines, "beta", "begin")?;
        let obs = run.observation()?;
        pairwise_overlap(obs, &[a, b]).map_err(|f| {
            let mut f = f.quote(a_l).quote(b_l);
            for name in CHILDREN {
                if let Ok((_, l)) = child_line(&lines, name, "result") {
                    f = f.quote(l);
                }
            }
            Problem::Fail(f)
        })
    })
}

/// A child's name, what its function computes (in words), and the function.
type Job = (&'static str, fn() -> String, fn(u64) -> u64);

fn own_function(runs: &[Run]) -> Outcome {
    each_healthy_run(runs, "", |run| {
        let lines = run.lines();
        let n = input_of(run);
        let (parent, parent_l) = parent_line(&lines)?;
        let functions: [Job; 2] = [
            (
                "alpha",
                || t!("check.two_processes.sum_of_squares"),
                sum_of_squares,
            ),
            ("beta", || t!("check.two_processes.fibonacci"), fibonacci),
        ];
        let mut result_pids = Vec::new();
        for (name, what, f) in functions {
            let (begin_pid, begin_l) = child_line(&lines, name, "begin")?;
            let (pid, line) = child_line(&lines, name, "result")?;
            let got: u64 = line.require("result")?;
            let want = f(n);
            if got != want {
                let other = functions
                    .iter()
                    .find(|(o, _, g)| *o != name && g(n) == got)
                    .map(|(o, _, _)| *o);
                let message = match other {
                    Some(other) => t!(
                        "check.two_processes.wrong_result_swapped",
                        n = n,
                        name = name,
                        what = what(),
                        want = want,
                        got = got,
                        other = other
                    ),
                    None => t!(
                        "check.two_processes.wrong_result",
                        n = n,
                        name = name,
                        what = what(),
                        want = want,
                        got = got
                    ),
                };
                return Err(Failure::new(message).quote(line).into());
            }
            if pid == parent {
                return Err(Failure::new(t!(
                    "check.two_processes.by_parent",
                    name = name,
                    pid = pid
                ))
                .quote(parent_l)
                .quote(line)
                .into());
            }
            if pid != begin_pid {
                return Err(Failure::new(t!(
                    "check.two_processes.by_other",
                    name = name,
                    pid = pid,
                    begin = begin_pid
                ))
                .quote(begin_l)
                .quote(line)
                .into());
            }
            result_pids.push((pid, line));
        }
        if let [(pa, la), (pb, lb)] = result_pids.as_slice()
            && pa == pb
        {
            return Err(
                Failure::new(t!("check.two_processes.same_process", pid = pa))
                    .quote(la)
                    .quote(lb)
                    .into(),
            );
        }
        Ok(())
    })
}

fn exit_status(runs: &[Run]) -> Outcome {
    each_healthy_run(runs, "", |run| {
        let lines = run.lines();
        let e = exit_code_of(run);
        let mut reported = Vec::new();
        for (name, expected) in [("alpha", Exit::Code(0)), ("beta", Exit::Code(e))] {
            let (child_pid, begin_l) = child_line(&lines, name, "begin")?;
            let (pid, line) = reaped_line(&lines, name)?;
            if pid != child_pid {
                let other = other_child(name);
                let message = match child_line(&lines, other, "begin") {
                    Ok((other_pid, _)) if other_pid == pid => t!(
                        "check.two_processes.reaped_other",
                        name = name,
                        pid = pid,
                        other = other,
                        child = child_pid
                    ),
                    _ => t!(
                        "check.two_processes.reaped_wrong",
                        name = name,
                        pid = pid,
                        child = child_pid
                    ),
                };
                return Err(Failure::new(message).quote(begin_l).quote(line).into());
            }
            let status = parse_status(line)?;
            reported.push((name, pid, expected, status, line));
        }

        let obs = match run.observation() {
            Ok(obs) => obs,
            Err(blind) => {
                // The kernel's word is missing: the output can still contradict the exercise.
                for (name, _, expected, status, line) in &reported {
                    if status != expected {
                        let expected = exit_words(expected);
                        let status = status_text(status);
                        let message = match beta_code(run, name) {
                            Some(code) => t!(
                                "check.two_processes.must_end_code",
                                name = name,
                                expected = expected,
                                code = code,
                                status = status
                            ),
                            None => t!(
                                "check.two_processes.must_end",
                                name = name,
                                expected = expected,
                                status = status
                            ),
                        };
                        return Err(Failure::new(message).quote(line).into());
                    }
                }
                return Err(blind);
            }
        };
        for (name, pid, expected, status, line) in &reported {
            let seen = kernel_exit(obs, *pid, name).map_err(|f| f.quote(line))?;
            if &seen != expected {
                return Err(wrong_exit(run, name, expected, &seen).quote(line).into());
            }
            if status != &seen {
                // The other child's status under this name: the parent took whichever child
                // ended first.
                let other = reported
                    .iter()
                    .find(|(o, ..)| o != name)
                    .and_then(|(o, o_pid, ..)| Some((*o, *o_pid, obs.get(*o_pid)?.exit.clone()?)))
                    .filter(|(_, _, o_seen)| o_seen == status);
                let message = match other {
                    Some((other, other_pid, _)) => t!(
                        "check.two_processes.status_of_other",
                        status = status_text(status),
                        name = name,
                        pid = pid,
                        other = other,
                        other_pid = other_pid,
                        seen = exit_words(&seen)
                    ),
                    None => t!(
                        "check.two_processes.misreported",
                        status = status_text(status),
                        name = name,
                        pid = pid,
                        seen = exit_words(&seen),
                        should = status_text(&seen)
                    ),
                };
                return Err(Failure::new(message).quote(line).into());
            }
        }
        Ok(())
    })
}

/// The child that is not `name`.
fn other_child(name: &str) -> &'static str {
    if name == CHILDREN[0] {
        CHILDREN[1]
    } else {
        CHILDREN[0]
    }
}

/// How the kernel saw `pid` end.
fn kernel_exit(obs: &Observation, pid: i32, name: &str) -> Result<Exit, Failure> {
    let task = obs.get(pid).ok_or_else(|| {
        Failure::new(t!("check.two_processes.no_process", pid = pid, name = name))
    })?;
    // A child the parent really waited for ended before the parent did.
    let root_end = obs.root_task().and_then(|r| r.end_us);
    if let Some(root_end) = root_end
        && pid != obs.root
        && task.end_us.is_none_or(|end| end > root_end)
    {
        return Err(Failure::new(t!(
            "check.two_processes.not_waited",
            name = name,
            pid = pid,
            end = ms(root_end)
        )));
    }
    task.exit.clone().ok_or_else(|| {
        Failure::new(t!(
            "check.two_processes.never_ended",
            name = name,
            pid = pid
        ))
    })
}

fn wrong_exit(run: &Run, name: &str, expected: &Exit, got: &Exit) -> Failure {
    let (expected, got) = (exit_words(expected), exit_words(got));
    Failure::new(match beta_code(run, name) {
        Some(code) => t!(
            "check.two_processes.wrong_exit_code",
            name = name,
            expected = expected,
            code = code,
            got = got
        ),
        None => t!(
            "check.two_processes.wrong_exit",
            name = name,
            expected = expected,
            got = got
        ),
    })
}

/// Where the expected exit code comes from: beta's `--exit-code`.
fn beta_code(run: &Run, name: &str) -> Option<i32> {
    (name == "beta").then(|| exit_code_of(run))
}

fn summary_last(runs: &[Run]) -> Outcome {
    each_healthy_run(runs, "", |run| {
        let lines = run.lines();
        summary_is_last(&lines, "`parent done`", |l| {
            l.tag() == "parent" && l.has_word("done")
        })?;
        for name in CHILDREN {
            let (_, reaped) = reaped_line(&lines, name)?;
            let (_, result) = child_line(&lines, name, "result")?;
            if reaped.no < result.no {
                return Err(Failure::new(t!(
                    "check.two_processes.reaped_early",
                    name = name,
                    reaped = reaped.no,
                    result = result.no
                ))
                .quote(reaped)
                .quote(result)
                .into());
            }
        }
        Ok(())
    })
}

fn pid_list(pids: &[i32]) -> String {
    if pids.is_empty() {
        t!("check.two_processes.none")
    } else {
        pids.iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{failure, quoted};
    use crate::run::fixture::{observed, process, run};

    const P: i32 = 100;
    const A: i32 = 101;
    const B: i32 = 102;

    /// What a correct program prints for `n` and `e` (child lines interleaved).
    fn good(n: u64, e: i32) -> String {
        format!(
            "parent pid={P} started\n\
             child alpha pid={A} begin\n\
             child beta pid={B} begin\n\
             child beta pid={B} result={}\n\
             child alpha pid={A} result={}\n\
             parent reaped alpha pid={A} status=exited:0\n\
             parent reaped beta pid={B} status=exited:{e}\n\
             parent done\n",
            fibonacci(n),
            sum_of_squares(n)
        )
    }

    /// What the kernel sees of a correct program: two children alive at the same time.
    fn good_obs(e: i32) -> Observation {
        observed(vec![
            process(P, 1, 0, 300_000, 0),
            process(A, P, 1_000, 201_000, 0),
            process(B, P, 1_500, 202_000, e),
        ])
    }

    fn random_plan(n: u64, e: i32) -> RunPlan {
        RunPlan::new("random 1/2")
            .param("input", n)
            .param("exit-code", e)
    }

    fn runs_of(stdout: &str, obs: Option<Observation>) -> Vec<Run> {
        vec![
            run(RunPlan::new("defaults"), &good(10, 3), Some(good_obs(3))),
            run(random_plan(17, 42), stdout, obs),
        ]
    }

    #[test]
    fn plan_varies_input_and_exit_code() {
        let runs = plan(&mut Rng::new(7));
        assert_eq!(runs.len(), 3);
        assert_eq!(runs[0].label, "defaults");
        for r in &runs[1..] {
            assert!(r.label.starts_with("random"));
            assert!((5..=40).contains(&r.get::<u64>("input").unwrap()));
            assert!((1..=100).contains(&r.get::<i32>("exit-code").unwrap()));
            // beta ends first, by a wide margin
            let (alpha, beta) = (
                r.get::<u64>("alpha-ms").unwrap(),
                r.get::<u64>("beta-ms").unwrap(),
            );
            assert!(alpha >= beta + 160, "alpha {alpha} ms, beta {beta} ms");
        }
    }

    #[test]
    fn the_two_functions_never_agree_on_graded_inputs() {
        assert_eq!(sum_of_squares(10), 385);
        assert_eq!(fibonacci(10), 55);
        assert_eq!(fibonacci(90), 2_880_067_194_370_816_120);
        for n in 5..=40 {
            assert_ne!(sum_of_squares(n), fibonacci(n), "n={n}");
        }
    }

    #[test]
    fn a_correct_program_passes_every_check() {
        let runs = runs_of(&good(17, 42), Some(good_obs(42)));
        for c in CHECKS {
            assert_eq!((c.eval)(&runs), Outcome::Pass, "{}", c.id);
        }
    }

    #[test]
    fn kernel_checks_are_not_verified_without_observation() {
        let runs = vec![run(RunPlan::new("defaults"), &good(10, 3), None)];
        for c in CHECKS {
            let o = (c.eval)(&runs);
            match c.id {
                "own_function" | "summary_last" => assert_eq!(o, Outcome::Pass, "{}", c.id),
                _ => assert!(matches!(o, Outcome::NotVerified { .. }), "{}: {o:?}", c.id),
            }
        }
    }

    #[test]
    fn threads_fail_two_children() {
        // Threads print the parent's pid (getpid) and the kernel sees no child process.
        let out = good(17, 42)
            .replace(&format!("pid={A}"), &format!("pid={P}"))
            .replace(&format!("pid={B}"), &format!("pid={P}"));
        let mut t1 = process(P + 5, P, 10, 200_000, 0);
        t1.thread = true;
        let mut t2 = process(P + 6, P, 20, 200_000, 0);
        t2.thread = true;
        let obs = observed(vec![process(P, 1, 0, 300_000, 42), t1, t2]);
        let f = failure(two_children(&runs_of(&out, Some(obs.clone()))));
        assert!(f.message.contains("parent's own pid"), "{}", f.message);
        assert!(f.run.as_ref().unwrap().contains("--input 17"));
        assert_eq!(
            quoted(&f),
            [
                format!("parent pid={P} started"),
                format!("child alpha pid={P} begin")
            ]
        );

        // A thread that prints its thread id still is no child process.
        let out = good(17, 42)
            .replace(&format!("pid={A}"), &format!("pid={}", P + 5))
            .replace(&format!("pid={B}"), &format!("pid={}", P + 6));
        let f = failure(two_children(&runs_of(&out, Some(obs))));
        assert!(f.message.contains("0 child process(es)"), "{}", f.message);
        assert!(f.message.contains("2 thread(s)"), "{}", f.message);
        assert_eq!(f.quotes.len(), 3);
    }

    #[test]
    fn made_up_or_extra_children_fail_two_children() {
        let out = good(17, 42).replace(&format!("pid={B}"), "pid=999");
        let f = failure(two_children(&runs_of(&out, Some(good_obs(42)))));
        assert!(f.message.contains("pid=999"), "{}", f.message);
        assert_eq!(quoted(&f), ["child beta pid=999 begin"]);

        let mut obs = good_obs(42);
        obs.tasks.push(process(103, P, 2_000, 3_000, 0));
        let f = failure(two_children(&runs_of(&good(17, 42), Some(obs))));
        assert!(f.message.contains("3 child process(es)"), "{}", f.message);

        let out = good(17, 42).replace(&format!("pid={B}"), &format!("pid={A}"));
        let f = failure(two_children(&runs_of(&out, Some(good_obs(42)))));
        assert!(f.message.contains("both printed pid"), "{}", f.message);

        let out = good(17, 42).replace(&format!("parent pid={P}"), "parent pid=7");
        let f = failure(two_children(&runs_of(&out, Some(good_obs(42)))));
        assert!(f.message.contains("main process is 100"), "{}", f.message);
        assert_eq!(quoted(&f), ["parent pid=7 started"]);
    }

    #[test]
    fn sequential_children_fail_overlap() {
        let obs = observed(vec![
            process(P, 1, 0, 500_000, 0),
            process(A, P, 1_000, 201_000, 0),
            process(B, P, 202_000, 402_000, 42),
        ]);
        let f = failure(overlap(&runs_of(&good(17, 42), Some(obs))));
        assert!(f.message.contains("one after the other"), "{}", f.message);
        assert_eq!(f.quotes.len(), 4, "begin and result lines of both");
    }

    #[test]
    fn wrong_or_misplaced_results_fail_own_function() {
        // beta ran alpha's function
        let out = good(17, 42).replace(
            &format!("result={}", fibonacci(17)),
            &format!("result={}", sum_of_squares(17)),
        );
        let f = failure(own_function(&runs_of(&out, None)));
        assert!(
            f.message.contains("that is alpha's result"),
            "{}",
            f.message
        );
        assert_eq!(
            quoted(&f),
            [format!("child beta pid={B} result={}", sum_of_squares(17))]
        );

        // the default input was ignored
        let out = good(17, 42).replace(
            &format!("result={}", sum_of_squares(17)),
            &format!("result={}", sum_of_squares(10)),
        );
        let f = failure(own_function(&runs_of(&out, None)));
        assert!(f.message.contains("--input 17"), "{}", f.message);

        // computed in the parent
        let out = good(17, 42).replace(
            &format!("child alpha pid={A} result"),
            &format!("child alpha pid={P} result"),
        );
        let f = failure(own_function(&runs_of(&out, None)));
        assert!(f.message.contains("printed by the parent"), "{}", f.message);
        assert_eq!(f.quotes.len(), 2);

        // result printed by the other child
        let out = good(17, 42).replace(
            &format!("child alpha pid={A} result"),
            &format!("child alpha pid={B} result"),
        );
        let f = failure(own_function(&runs_of(&out, None)));
        assert!(
            f.message.contains("but child alpha is pid=101"),
            "{}",
            f.message
        );

        // missing result line
        let out = good(17, 42).replace(&format!("child beta pid={B} result"), "child beta pid");
        let f = failure(own_function(&runs_of(&out, None)));
        assert!(f.message.contains("never printed"), "{}", f.message);
    }

    #[test]
    fn always_exited_zero_fails_exit_status() {
        let out = good(17, 42).replace("status=exited:42", "status=exited:0");
        let f = failure(exit_status(&runs_of(&out, Some(good_obs(42)))));
        assert!(
            f.message.contains("reported status=exited:0 for beta"),
            "{}",
            f.message
        );
        assert!(f.message.contains("exit code 42"), "{}", f.message);
        assert_eq!(
            quoted(&f),
            [format!("parent reaped beta pid={B} status=exited:0")]
        );

        // Without the kernel, the printed status still contradicts --exit-code.
        let f = failure(exit_status(&runs_of(&out, None)));
        assert!(
            f.message
                .contains("(--exit-code 42), but the parent reports exited:0"),
            "{}",
            f.message
        );
    }

    #[test]
    fn whichever_child_ended_first_under_the_wrong_name_fails_exit_status() {
        // waitpid(None) in call order: beta ended first, its status is printed as alpha's.
        let out = good(17, 42)
            .replace(
                "reaped alpha pid=101 status=exited:0",
                "reaped alpha pid=101 status=exited:42",
            )
            .replace(
                "reaped beta pid=102 status=exited:42",
                "reaped beta pid=102 status=exited:0",
            );
        let f = failure(exit_status(&runs_of(&out, Some(good_obs(42)))));
        assert!(
            f.message.contains(
                "that is how beta (pid=102) ended; the kernel saw alpha end with exit code 0"
            ),
            "{}",
            f.message
        );
        assert!(
            f.message
                .contains("waitpid(None) returns whichever child ended first"),
            "{}",
            f.message
        );
        assert_eq!(
            quoted(&f),
            [format!("parent reaped alpha pid={A} status=exited:42")]
        );

        // The same with the pid waitpid returned printed under the name of the call.
        let out = good(17, 42)
            .replace("reaped alpha pid=101", "reaped alpha pid=102")
            .replace("reaped beta pid=102", "reaped beta pid=101");
        let f = failure(exit_status(&runs_of(&out, Some(good_obs(42)))));
        assert!(f.message.contains("pid=102 is beta"), "{}", f.message);
        assert!(
            f.message
                .contains("waitpid(None) returns whichever child ended first"),
            "{}",
            f.message
        );

        // A status that is nobody's is only misreported.
        let out = good(17, 42).replace("status=exited:0", "status=exited:9");
        let f = failure(exit_status(&runs_of(&out, Some(good_obs(42)))));
        assert!(
            f.message.contains("which would say exited:0"),
            "{}",
            f.message
        );
    }

    #[test]
    fn a_child_with_the_wrong_code_fails_exit_status() {
        // beta exits 3 (hard-coded default) though --exit-code 42 was asked; reported truthfully.
        let out = good(17, 42).replace("status=exited:42", "status=exited:3");
        let f = failure(exit_status(&runs_of(&out, Some(good_obs(3)))));
        assert!(
            f.message.contains(
                "beta must end with exit code 42 (--exit-code 42), but it ended with exit code 3"
            ),
            "{}",
            f.message
        );

        // killed by a signal, reported correctly: still not the asked code
        let mut obs = good_obs(42);
        obs.tasks[2].exit = Some(Exit::Signal("SIGKILL".into()));
        let out = good(17, 42).replace("status=exited:42", "status=signaled:SIGKILL");
        let f = failure(exit_status(&runs_of(&out, Some(obs))));
        assert!(f.message.contains("killed by SIGKILL"), "{}", f.message);

        // garbage status
        let out = good(17, 42).replace("status=exited:42", "status=42");
        let f = failure(exit_status(&runs_of(&out, Some(good_obs(42)))));
        assert!(f.message.contains("neither"), "{}", f.message);

        // the kernel never saw the reported pid
        let out = good(17, 42);
        let obs = observed(vec![process(P, 1, 0, 9, 0), process(A, P, 1, 5, 0)]);
        let f = failure(exit_status(&runs_of(&out, Some(obs))));
        assert!(
            f.message.contains("saw no process pid=102"),
            "{}",
            f.message
        );
    }

    #[test]
    fn reporting_without_waiting_fails_exit_status() {
        // The parent printed the expected statuses and left; the children outlived it (here:
        // killed by the supervisor afterwards).
        let mut obs = good_obs(42);
        obs.tasks[0].end_us = Some(5_000);
        obs.tasks[1].exit = Some(Exit::Signal("SIGKILL".into()));
        obs.tasks[2].exit = Some(Exit::Signal("SIGKILL".into()));
        let f = failure(exit_status(&runs_of(&good(17, 42), Some(obs.clone()))));
        assert!(f.message.contains("never waited for it"), "{}", f.message);
        assert_eq!(
            quoted(&f),
            [format!("parent reaped alpha pid={A} status=exited:0")]
        );

        // The same when the children were never seen ending at all.
        obs.tasks[1].end_us = None;
        obs.tasks[1].exit = None;
        let f = failure(exit_status(&runs_of(&good(17, 42), Some(obs))));
        assert!(f.message.contains("still running"), "{}", f.message);
    }

    #[test]
    fn signaled_status_is_understood() {
        let l = Line::parse(1, "parent reaped beta pid=5 status=signaled:SIGTERM");
        assert_eq!(parse_status(&l).unwrap(), Exit::Signal("SIGTERM".into()));
        let l = Line::parse(1, "parent reaped beta pid=5 status=exited:7");
        assert_eq!(parse_status(&l).unwrap(), Exit::Code(7));
    }

    #[test]
    fn early_or_missing_summary_fails_summary_last() {
        let out = good(17, 42).replace("parent done\n", "");
        let out = out.replacen("parent reaped", "parent done\nparent reaped", 1);
        let f = failure(summary_last(&runs_of(&out, None)));
        assert!(f.message.contains("must come last"), "{}", f.message);
        assert_eq!(quoted(&f)[0], "parent done");

        let out = good(17, 42).replace("parent done\n", "");
        let f = failure(summary_last(&runs_of(&out, None)));
        assert!(f.message.contains("never printed"), "{}", f.message);
    }

    #[test]
    fn reaping_before_the_child_finished_fails_summary_last() {
        let out = format!(
            "parent pid={P} started\n\
             child alpha pid={A} begin\n\
             child beta pid={B} begin\n\
             parent reaped alpha pid={A} status=exited:0\n\
             child alpha pid={A} result={}\n\
             child beta pid={B} result={}\n\
             parent reaped beta pid={B} status=exited:42\n\
             parent done\n",
            sum_of_squares(17),
            fibonacci(17)
        );
        let f = failure(summary_last(&runs_of(&out, None)));
        assert!(
            f.message.contains("before alpha printed its result"),
            "{}",
            f.message
        );
        assert_eq!(f.quotes.iter().map(|q| q.line).collect::<Vec<_>>(), [4, 5]);
    }

    #[test]
    fn an_unhealthy_run_fails_every_check() {
        let mut r = run(RunPlan::new("defaults"), "parent pid=1 started\n", None);
        r.outcome.stderr.text =
            "thread 'main' panicked at src/main.rs:1:1:\nnot yet implemented: fork\n".into();
        r.outcome.ending = crate::run::Ending::Finished(Exit::Code(101));
        for c in CHECKS {
            assert!(!(c.eval)(std::slice::from_ref(&r)).passed(), "{}", c.id);
        }
    }
}
