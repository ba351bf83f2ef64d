//! 15 start_methods: the same job started with `fork` and with "spawn" (the program's own
//! binary executed again with arguments, as Python's spawn start method does); a global changed
//! before the start is seen by the forked child and not by the spawned one. Then the trap Python
//! warns about: `fork` while another thread holds a lock. The program forks beside a helper
//! thread that holds the log's lock most of the time, and avoids the hang by taking the lock
//! itself before the fork.
//!
//! Output:
//!
//! ```text
//! global initial=1 now=<S>                                         (parent, after setting it)
//! child method=fork pid=<pid> global=<g> n=<n> result=<r>          (the forked child)
//! child method=spawn pid=<pid> global=<g> scale=<s> n=<n> result=<r> (the spawned child)
//! reaped method=<spawn|fork> pid=<pid> code=<c>                    (parent, after waitpid)
//! helper locked hold_ms=<h>                                        (parent: the helper holds the lock)
//! child method=fork-thread pid=<pid> logged=<k>                    (child forked beside the thread)
//! reaped method=fork-thread pid=<pid> code=<c>
//! helper stopped flushes=<f>
//! ```
//!
//! What tells a spawn from a fork is the kernel's word: the tracer records the image each
//! `execve` loaded (`Task::exe`), the root's included. A child forked while the helper holds the
//! lock never ends: the run's time limit stops it, and the timeout names the cause when the
//! kernel saw that child waiting on a futex, alone in its process.

use crate::check::invariants::{pids_are_child_processes, the_line};
use crate::check::{Check, Exercise, Failure, Outcome, Problem, each_run};
use crate::observe::stall::Wait;
use crate::observe::{Exit, Observation, Task, exit_words};
use crate::parse::Line;
use crate::rng::Rng;
use crate::run::{Ending, Run, RunPlan};
use crate::t;

pub static EXERCISE: Exercise = Exercise {
    id: "15",
    slug: "start_methods",
    plan,
    checks: CHECKS,
};

/// The global's value in a fresh image of the program (`static SCALE`'s initializer).
const INITIAL_SCALE: u64 = 1;
/// The program's defaults (`--scale`, `--n`, `--hold-ms`).
const DEFAULT_SCALE: u64 = 10;
const DEFAULT_N: u64 = 7;

/// The three children, by the `method=` their lines carry.
const FORK: &str = "fork";
const SPAWN: &str = "spawn";
const FORK_THREAD: &str = "fork-thread";

fn plan(rng: &mut Rng) -> Vec<RunPlan> {
    let random = |rng: &mut Rng, label: &str, hold: (u64, u64)| {
        RunPlan::new(label)
            // Never the initial value 1: the two methods must print different globals.
            .param("scale", rng.range(2, 1_000))
            .param("n", rng.range(1, 1_000))
            .param("hold-ms", rng.range(hold.0, hold.1))
    };
    vec![
        RunPlan::new("defaults"),
        random(rng, "random 1/3", (20, 80)),
        random(rng, "random 2/3", (80, 150)),
        random(rng, "random 3/3", (20, 150)),
        // The helper frees the lock every few milliseconds: a fork often meets it free, and the
        // lock taken before the fork must still be released in both processes.
        random(rng, "stress", (2, 5)),
    ]
}

static CHECKS: &[Check] = &[
    Check {
        id: "spawn_is_exec",
        points: 3,
        eval: spawn_is_exec,
    },
    Check {
        id: "globals_by_method",
        points: 2,
        eval: globals_by_method,
    },
    Check {
        id: "spawn_args",
        points: 2,
        eval: spawn_args,
    },
    Check {
        id: "fork_thread_ends",
        points: 3,
        eval: fork_thread_ends,
    },
    Check {
        id: "reaped",
        points: 2,
        eval: reaped,
    },
];

// ---------------------------------------------------------------------------------------------
// What was asked

fn scale_of(plan: &RunPlan) -> u64 {
    plan.get("scale").unwrap_or(DEFAULT_SCALE)
}

fn n_of(plan: &RunPlan) -> u64 {
    plan.get("n").unwrap_or(DEFAULT_N)
}

// ---------------------------------------------------------------------------------------------
// Reading the output

/// The `child method=<method>` line.
fn child_line<'a>(lines: &'a [Line], method: &str) -> Result<&'a Line, Failure> {
    the_line(lines, &format!("child method={method} …"), |l| {
        l.tag() == "child" && l.raw("method") == Some(method)
    })
}

/// The `reaped method=<method>` line.
fn reaped_line<'a>(lines: &'a [Line], method: &str) -> Result<&'a Line, Failure> {
    the_line(lines, &format!("reaped method={method} …"), |l| {
        l.tag() == "reaped" && l.raw("method") == Some(method)
    })
}

/// The child process whose pid `line` prints, as the kernel saw it.
fn child_task<'a>(obs: &'a Observation, line: &Line) -> Result<&'a Task, Failure> {
    pids_are_child_processes(obs, "pid", &[line])?;
    let pid: i32 = line.require("pid")?;
    Ok(obs.get(pid).expect("a child process the kernel saw"))
}

// ---------------------------------------------------------------------------------------------
// Checks

/// The spawned child exec'd the root's own image; the forked one did not exec at all.
fn exec_by_method(lines: &[Line], obs: &Observation) -> Result<(), Problem> {
    let spawn_line = child_line(lines, SPAWN)?;
    let fork_line = child_line(lines, FORK)?;
    let spawned = child_task(obs, spawn_line)?;
    let forked = child_task(obs, fork_line)?;
    if forked.execs > 0 {
        return Err(Failure::new(t!(
            "check.start_methods.fork_execed",
            pid = forked.pid,
            exe = forked.exe.as_deref().unwrap_or("?")
        ))
        .quote(fork_line)
        .into());
    }
    if spawned.execs == 0 {
        return Err(
            Failure::new(t!("check.start_methods.spawn_not_exec", pid = spawned.pid))
                .quote(spawn_line)
                .into(),
        );
    }
    let Some(root_exe) = obs.root_task().and_then(|t| t.exe.as_deref()) else {
        return Err(Problem::NotVerified(t!("check.start_methods.no_root_exe")));
    };
    match spawned.exe.as_deref() {
        Some(exe) if exe == root_exe => Ok(()),
        Some(exe) => Err(Failure::new(t!(
            "check.start_methods.spawn_other_image",
            pid = spawned.pid,
            exe = exe,
            root = root_exe
        ))
        .quote(spawn_line)
        .into()),
        None => Err(Problem::NotVerified(t!("check.start_methods.no_root_exe"))),
    }
}

fn spawn_is_exec(runs: &[Run]) -> Outcome {
    each_healthy(runs, |run| {
        let obs = run.observation()?;
        exec_by_method(&run.lines(), obs)
    })
}

/// The parent changed the global from 1 to S; the fork child saw S, the spawned child 1.
fn globals_seen(run: &Run, lines: &[Line]) -> Result<(), Failure> {
    let scale = scale_of(&run.plan);
    let global = the_line(lines, "global initial=… now=…", |l| l.tag() == "global")?;
    let initial: u64 = global.require("initial")?;
    let now: u64 = global.require("now")?;
    if initial != INITIAL_SCALE || now != scale {
        return Err(Failure::new(t!(
            "check.start_methods.global_line",
            initial = INITIAL_SCALE,
            scale = scale
        ))
        .quote(global));
    }
    let fork_line = child_line(lines, FORK)?;
    let seen: u64 = fork_line.require("global")?;
    if seen != scale {
        return Err(Failure::new(t!(
            "check.start_methods.fork_global",
            seen = seen,
            scale = scale
        ))
        .quote(fork_line)
        .quote(global));
    }
    let spawn_line = child_line(lines, SPAWN)?;
    let seen: u64 = spawn_line.require("global")?;
    if seen != INITIAL_SCALE {
        return Err(Failure::new(t!(
            "check.start_methods.spawn_global",
            seen = seen,
            initial = INITIAL_SCALE
        ))
        .quote(spawn_line)
        .quote(global));
    }
    Ok(())
}

fn globals_by_method(runs: &[Run]) -> Outcome {
    each_healthy(runs, |run| Ok(globals_seen(run, &run.lines())?))
}

/// Both children computed n × S: the fork child from the global it inherited, the spawned one
/// from the scale its arguments carried (its global is 1).
fn results_right(run: &Run, lines: &[Line]) -> Result<(), Failure> {
    let (scale, n) = (scale_of(&run.plan), n_of(&run.plan));
    let want = n * scale;
    for method in [FORK, SPAWN] {
        let line = child_line(lines, method)?;
        let got_n: u64 = line.require("n")?;
        if got_n != n {
            return Err(Failure::new(t!(
                "check.start_methods.wrong_n",
                method = method,
                n = n,
                got = got_n
            ))
            .quote(line));
        }
        if method == SPAWN {
            let got: u64 = line.require("scale")?;
            if got != scale {
                return Err(Failure::new(t!(
                    "check.start_methods.wrong_scale",
                    scale = scale,
                    got = got
                ))
                .quote(line));
            }
        }
        let result: u64 = line.require("result")?;
        if result != want {
            let message = if method == SPAWN && result == n * INITIAL_SCALE {
                t!(
                    "check.start_methods.spawn_used_global",
                    n = n,
                    scale = scale,
                    want = want,
                    got = result
                )
            } else {
                t!(
                    "check.start_methods.wrong_result",
                    method = method,
                    n = n,
                    scale = scale,
                    want = want,
                    got = result
                )
            };
            return Err(Failure::new(message).quote(line));
        }
    }
    Ok(())
}

fn spawn_args(runs: &[Run]) -> Outcome {
    each_healthy(runs, |run| Ok(results_right(run, &run.lines())?))
}

/// The child forked beside the helper thread: printed after the helper held the lock, a fork
/// (no exec) made while the helper thread was alive, ended with 0 by itself.
fn thread_child_ended(lines: &[Line], obs: &Observation) -> Result<(), Failure> {
    let helper = the_line(lines, "helper locked hold_ms=…", |l| {
        l.tag() == "helper" && l.has_word("locked")
    })?;
    let line = child_line(lines, FORK_THREAD)?;
    if line.no < helper.no {
        return Err(Failure::new(t!("check.start_methods.thread_child_early"))
            .quote(line)
            .quote(helper));
    }
    let logged: u64 = line.require("logged")?;
    if logged == 0 {
        return Err(Failure::new(t!("check.start_methods.nothing_logged")).quote(line));
    }
    let child = child_task(obs, line)?;
    if child.execs > 0 {
        return Err(Failure::new(t!(
            "check.start_methods.thread_child_execed",
            pid = child.pid
        ))
        .quote(line));
    }
    // Another thread of the parent was alive at the fork: a thread besides main when main
    // forked, or main itself when another thread forked.
    let beside = child.parent != obs.root
        || obs.threads().any(|t| {
            t.start_us <= child.start_us && t.end_us.is_none_or(|end| end > child.start_us)
        });
    if !beside {
        return Err(
            Failure::new(t!("check.start_methods.no_thread_at_fork", pid = child.pid)).quote(line),
        );
    }
    match &child.exit {
        Some(Exit::Code(0)) => Ok(()),
        Some(exit) => Err(Failure::new(t!(
            "check.start_methods.thread_child_failed",
            pid = child.pid,
            how = exit_words(exit)
        ))
        .quote(line)),
        None => {
            Err(Failure::new(t!("check.start_methods.never_ended", pid = child.pid)).quote(line))
        }
    }
}

fn fork_thread_ends(runs: &[Run]) -> Outcome {
    each_healthy(runs, |run| {
        let obs = run.observation()?;
        Ok(thread_child_ended(&run.lines(), obs)?)
    })
}

/// Each child reaped once, by its own pid, with the exit code the kernel saw, before the main
/// process ended.
fn reaped_right(lines: &[Line], obs: &Observation) -> Result<(), Failure> {
    let root_end = obs.root_task().and_then(|t| t.end_us).unwrap_or(u64::MAX);
    for method in [SPAWN, FORK, FORK_THREAD] {
        let child = child_line(lines, method)?;
        let pid: i32 = child.require("pid")?;
        let reaped = reaped_line(lines, method)?;
        let said: i32 = reaped.require("pid")?;
        if said != pid {
            return Err(Failure::new(t!(
                "check.start_methods.reaped_other",
                method = method,
                said = said,
                pid = pid
            ))
            .quote(reaped)
            .quote(child));
        }
        let task = child_task(obs, child)?;
        let code: i32 = reaped.require("code")?;
        if task.exit != Some(Exit::Code(code)) {
            let how = task
                .exit
                .as_ref()
                .map(exit_words)
                .unwrap_or_else(|| t!("check.start_methods.no_exit"));
            return Err(Failure::new(t!(
                "check.start_methods.wrong_code",
                method = method,
                code = code,
                how = how
            ))
            .quote(reaped));
        }
        if task.end_us.is_none_or(|end| end > root_end) {
            return Err(Failure::new(t!(
                "check.start_methods.outlived",
                method = method,
                pid = pid
            ))
            .quote(reaped));
        }
    }
    Ok(())
}

fn reaped(runs: &[Run]) -> Outcome {
    each_healthy(runs, |run| {
        let obs = run.observation()?;
        Ok(reaped_right(&run.lines(), obs)?)
    })
}

// ---------------------------------------------------------------------------------------------
// A timeout's cause

/// `run.healthy()`, with the cause as the hint of a timeout when the kernel saw a child alone in
/// its process waiting on a futex after the helper took the lock, and that child never printed
/// its line: it was forked while the helper held the lock; or, whatever stopped the run, when
/// the parent's first line was printed several times.
fn healthy(run: &Run) -> Result<(), Failure> {
    run.healthy().map_err(
        |f| match inherited_lock(run).or_else(|| parent_again(run)) {
            Some(cause) => f.hint(cause),
            None => f,
        },
    )
}

/// The parent's first line printed more than once: a spawned child ran the parent's part of
/// `main` (no `--child` on its command line), and spawned again.
fn parent_again(run: &Run) -> Option<String> {
    let parents = run.lines().iter().filter(|l| l.tag() == "global").count();
    (parents > 1).then(|| t!("check.start_methods.cause.parent_again", count = parents))
}

fn inherited_lock(run: &Run) -> Option<String> {
    if run.outcome.ending != Ending::TimedOut {
        return None;
    }
    let stall = run.outcome.stall.as_ref()?;
    let lines = run.lines();
    let helper_locked = lines
        .iter()
        .any(|l| l.tag() == "helper" && l.has_word("locked"));
    let printed = lines
        .iter()
        .any(|l| l.tag() == "child" && l.raw("method") == Some(FORK_THREAD));
    if !helper_locked || printed {
        return None;
    }
    let alone_on_a_lock = stall.tasks.iter().find(|t| {
        t.pid != stall.root
            && t.tid == t.pid
            && t.wait == Wait::Futex
            && stall.tasks.iter().filter(|o| o.pid == t.pid).count() == 1
    })?;
    Some(t!(
        "check.start_methods.cause.inherited_lock",
        pid = alone_on_a_lock.pid
    ))
}

/// Like [`crate::check::each_healthy_run`], with this exercise's timeout cause.
fn each_healthy(runs: &[Run], body: impl Fn(&Run) -> Result<(), Problem>) -> Outcome {
    each_run(runs, "", |run| {
        healthy(run)?;
        body(run)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{failure, quoted};
    use crate::observe::stall::{Stall, StalledTask};
    use crate::run::fixture::{observed, process, run};

    const ROOT: i32 = 100;
    const SPAWNED: i32 = 201;
    const FORKED: i32 = 202;
    const HELPER: i32 = 203;
    const BESIDE: i32 = 204;
    const EXE: &str = "/work/target/debug/sol15_start_methods";

    fn kernel() -> Observation {
        let mut root = process(ROOT, 1, 0, 10_000, 0);
        root.exe = Some(EXE.into());
        let mut spawned = process(SPAWNED, ROOT, 100, 2_000, 0);
        spawned.execs = 1;
        spawned.exe = Some(EXE.into());
        let forked = process(FORKED, ROOT, 200, 1_000, 0);
        let mut helper = process(HELPER, ROOT, 3_000, 9_000, 0);
        helper.thread = true;
        let beside = process(BESIDE, ROOT, 4_000, 5_000, 0);
        observed(vec![root, spawned, forked, helper, beside])
    }

    fn good_stdout(plan: &RunPlan) -> String {
        let (s, n) = (scale_of(plan), n_of(plan));
        format!(
            "global initial=1 now={s}\n\
             child method=fork pid={FORKED} global={s} n={n} result={r}\n\
             child method=spawn pid={SPAWNED} global=1 scale={s} n={n} result={r}\n\
             reaped method=spawn pid={SPAWNED} code=0\n\
             reaped method=fork pid={FORKED} code=0\n\
             helper locked hold_ms=50\n\
             child method=fork-thread pid={BESIDE} logged=2\n\
             reaped method=fork-thread pid={BESIDE} code=0\n\
             helper stopped flushes=2\n",
            r = n * s
        )
    }

    fn plans() -> Vec<RunPlan> {
        vec![
            RunPlan::new("defaults"),
            RunPlan::new("random 1/1")
                .param("scale", 33)
                .param("n", 5)
                .param("hold-ms", 70),
        ]
    }

    /// Good runs, with `edit` applied to the stdout and `kernel` to the observation of the runs
    /// labelled `label…`.
    fn runs_with(
        label: &str,
        edit: impl Fn(String) -> String,
        kernel_edit: impl Fn(&mut Observation),
    ) -> Vec<Run> {
        plans()
            .into_iter()
            .map(|p| {
                let mut out = good_stdout(&p);
                let mut obs = kernel();
                if p.label.starts_with(label) {
                    out = edit(out);
                    kernel_edit(&mut obs);
                }
                run(p, &out, Some(obs))
            })
            .collect()
    }

    fn printed(label: &str, edit: impl Fn(String) -> String) -> Vec<Run> {
        runs_with(label, edit, |_| {})
    }

    fn seen(label: &str, kernel_edit: impl Fn(&mut Observation)) -> Vec<Run> {
        runs_with(label, |s| s, kernel_edit)
    }

    fn task(obs: &mut Observation, pid: i32) -> &mut Task {
        obs.tasks.iter_mut().find(|t| t.pid == pid).unwrap()
    }

    #[test]
    fn plan_varies_every_parameter_and_never_scales_by_one() {
        let plans = plan(&mut Rng::new(5));
        assert_eq!(plans.len(), 5);
        assert_eq!(plans[0].args(), Vec::<String>::new());
        for p in &plans[1..] {
            assert!(scale_of(p) >= 2, "{p:?}");
            assert!(p.get::<u64>("hold-ms").is_some(), "{p:?}");
        }
        assert!(plans[4].get::<u64>("hold-ms").unwrap() <= 5);
    }

    #[test]
    fn good_runs_pass_every_check() {
        let good = printed("", |s| s);
        for check in CHECKS {
            assert_eq!((check.eval)(&good), Outcome::Pass, "{}", check.id);
        }
    }

    #[test]
    fn spawn_is_exec_wants_the_programs_own_image_for_spawn_and_none_for_fork() {
        // "Spawn" that is a fork: no exec.
        let f = failure(spawn_is_exec(&seen("defaults", |o| {
            let t = task(o, SPAWNED);
            t.execs = 0;
            t.exe = None;
        })));
        assert!(f.message.contains("never exec'd"), "{}", f.message);
        assert!(quoted(&f)[0].starts_with("child method=spawn"));

        // Another program.
        let f = failure(spawn_is_exec(&seen("random", |o| {
            task(o, SPAWNED).exe = Some("/usr/bin/env".into());
        })));
        assert!(f.message.contains("/usr/bin/env"), "{}", f.message);
        assert!(f.message.contains(EXE), "{}", f.message);

        // The fork child exec'd.
        let f = failure(spawn_is_exec(&seen("defaults", |o| {
            let t = task(o, FORKED);
            t.execs = 1;
            t.exe = Some(EXE.into());
        })));
        assert!(f.message.contains("fork child"), "{}", f.message);

        // A made-up pid.
        let f = failure(spawn_is_exec(&printed("defaults", |s| {
            s.replace("spawn pid=201", "spawn pid=999")
        })));
        assert!(f.message.contains("999"), "{}", f.message);

        // Without the root's image: not verified.
        let nv = spawn_is_exec(&seen("", |o| task(o, ROOT).exe = None));
        assert!(matches!(nv, Outcome::NotVerified { .. }), "{nv:?}");
    }

    #[test]
    fn globals_by_method_wants_the_new_value_in_fork_and_the_initial_one_in_spawn() {
        // A spawn that is a fork sees the parent's value.
        let f = failure(globals_by_method(&printed("random", |s| {
            s.replace("spawn pid=201 global=1", "spawn pid=201 global=33")
        })));
        assert!(f.message.contains("global=33"), "{}", f.message);
        assert!(f.message.contains("initial value 1"), "{}", f.message);
        assert_eq!(f.quotes.len(), 2);

        // A fork started before the global was changed.
        let f = failure(globals_by_method(&printed("defaults", |s| {
            s.replace("fork pid=202 global=10", "fork pid=202 global=1")
        })));
        assert!(f.message.contains("before"), "{}", f.message);

        let f = failure(globals_by_method(&printed("defaults", |s| {
            s.replace("now=10", "now=1")
        })));
        assert!(f.message.contains("now=10"), "{}", f.message);

        let f = failure(globals_by_method(&printed("defaults", |s| {
            s.replace("global initial=1 now=10\n", "")
        })));
        assert!(f.message.contains("never printed"), "{}", f.message);
    }

    #[test]
    fn spawn_args_wants_the_scale_from_the_arguments() {
        // The spawned child computed with its global (1), as a fork would have it.
        let f = failure(spawn_args(&printed("random", |s| {
            s.replace("n=5 result=165\nreaped", "n=5 result=5\nreaped")
        })));
        assert!(f.message.contains("initial value 1"), "{}", f.message);
        assert!(f.message.contains("165"), "{}", f.message);

        let f = failure(spawn_args(&printed("defaults", |s| {
            s.replace("scale=10", "scale=1")
        })));
        assert!(f.message.contains("--scale 10"), "{}", f.message);

        let f = failure(spawn_args(&printed("defaults", |s| {
            s.replace("global=10 n=7 result=70", "global=10 n=7 result=71")
        })));
        assert!(f.message.contains("70, not 71"), "{}", f.message);

        let f = failure(spawn_args(&printed("defaults", |s| {
            s.replace("global=10 n=7", "global=10 n=8")
        })));
        assert!(f.message.contains("n=8"), "{}", f.message);
    }

    #[test]
    fn fork_thread_ends_wants_a_fork_beside_a_live_thread_that_ends_with_zero() {
        // No helper thread alive at the fork.
        let f = failure(fork_thread_ends(&seen("defaults", |o| {
            o.tasks.retain(|t| t.pid != HELPER)
        })));
        assert!(f.message.contains("no other thread"), "{}", f.message);

        let f = failure(fork_thread_ends(&seen("defaults", |o| {
            task(o, HELPER).end_us = Some(3_500)
        })));
        assert!(f.message.contains("no other thread"), "{}", f.message);

        let f = failure(fork_thread_ends(&seen("random", |o| {
            task(o, BESIDE).exit = Some(Exit::Code(3))
        })));
        assert!(f.message.contains("exit code 3"), "{}", f.message);

        let f = failure(fork_thread_ends(&seen("random", |o| {
            task(o, BESIDE).execs = 1
        })));
        assert!(f.message.contains("exec"), "{}", f.message);

        let f = failure(fork_thread_ends(&printed("defaults", |s| {
            s.replace("logged=2", "logged=0")
        })));
        assert!(f.message.contains("logged=0"), "{}", f.message);

        let f = failure(fork_thread_ends(&printed("defaults", |s| {
            s.replace("helper locked hold_ms=50\n", "")
                .replace("helper stopped", "helper locked hold_ms=50\nhelper stopped")
        })));
        assert!(f.message.contains("before"), "{}", f.message);
    }

    #[test]
    fn a_child_forked_while_the_helper_held_the_lock_is_named_in_the_timeout() {
        let mut runs = printed("", |s| {
            s.lines()
                .take_while(|l| !l.starts_with("child method=fork-thread"))
                .map(|l| format!("{l}\n"))
                .collect()
        });
        let stalled = |pid: i32, tid: i32, wait: Wait| StalledTask {
            pid,
            tid,
            comm: "sol15".into(),
            wait,
            call: None,
        };
        runs[0].outcome.ending = Ending::TimedOut;
        runs[0].outcome.stall = Some(Stall {
            root: ROOT,
            tasks: vec![
                stalled(ROOT, ROOT, Wait::Child { pid: Some(BESIDE) }),
                stalled(ROOT, HELPER, Wait::Sleep),
                stalled(BESIDE, BESIDE, Wait::Futex),
            ],
            pipes: vec![],
            sockets: vec![],
            zombies: vec![],
        });
        for check in CHECKS {
            let f = failure((check.eval)(&runs));
            let hint = f.hint.as_deref().unwrap_or("");
            assert!(
                hint.contains("204") && hint.contains("held the lock"),
                "{}: {hint}",
                check.id
            );
        }
    }

    #[test]
    fn a_spawned_child_that_runs_the_parents_part_is_named() {
        let mut runs = printed("", |s| format!("{s}global initial=1 now=10\n"));
        runs[0].outcome.ending = Ending::Killed("too many processes".into());
        let f = failure(spawn_is_exec(&runs));
        let hint = f.hint.as_deref().unwrap_or("");
        assert!(
            hint.contains("2 times") && hint.contains("--child"),
            "{hint}"
        );
    }

    #[test]
    fn reaped_wants_each_child_by_its_own_pid_with_the_kernels_code() {
        // waitpid(-1): the first child to end reported as the spawned one.
        let f = failure(reaped(&printed("defaults", |s| {
            s.replace("reaped method=spawn pid=201", "reaped method=spawn pid=202")
                .replace("reaped method=fork pid=202", "reaped method=fork pid=201")
        })));
        assert!(f.message.contains("pid=202"), "{}", f.message);
        assert!(f.message.contains("201"), "{}", f.message);
        assert_eq!(f.quotes.len(), 2);

        let f = failure(reaped(&seen("random", |o| {
            task(o, FORKED).exit = Some(Exit::Code(2))
        })));
        assert!(f.message.contains("exit code 2"), "{}", f.message);

        let f = failure(reaped(&seen("random", |o| {
            task(o, SPAWNED).end_us = Some(20_000)
        })));
        assert!(f.message.contains("still running"), "{}", f.message);

        let f = failure(reaped(&printed("defaults", |s| {
            s.replace("reaped method=fork-thread pid=204 code=0\n", "")
        })));
        assert!(f.message.contains("never printed"), "{}", f.message);
    }

    #[test]
    fn kernel_checks_without_observation_are_not_verified() {
        let blind: Vec<Run> = plans()
            .into_iter()
            .map(|p| {
                let out = good_stdout(&p);
                run(p, &out, None)
            })
            .collect();
        for check in [spawn_is_exec, fork_thread_ends, reaped] {
            assert!(matches!(check(&blind), Outcome::NotVerified { .. }));
        }
        assert_eq!(globals_by_method(&blind), Outcome::Pass);
        assert_eq!(spawn_args(&blind), Outcome::Pass);
    }
}
