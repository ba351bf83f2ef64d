//! 03 lock_protected_resource: N writer processes share standard output; a lock shared between
//! the processes keeps each writer's block of K lines whole.
//!
//! Output (blocks in any order; pids are `getpid()` of the writer):
//!
//! ```text
//! writer <i> pid=<pid> line=<j>/<K>     i = 1..=N, j = 1..=K, P ms between two lines
//! done writers=<N> lines=<N*K>           the parent, after waiting for all
//! ```
//!
//! The pause between lines leaves plenty of time for another writer to cut in: without a lock,
//! with a lock per line, or with a lock every child shares through an inherited descriptor, the
//! blocks interleave in practically every run. The kernel confirms the writers were separate
//! processes alive at the same time, so a program that merely runs them one after the other
//! (whole blocks, no lock needed) does not pass for a locked one.

use std::fmt;

use crate::check::invariants::{
    contiguous_blocks, exactly_once, increasing_per_key, pids_are_child_processes, summary_is_last,
};
use crate::check::{Check, Exercise, Failure, Outcome, Problem, each_healthy_run};
use crate::observe::Observation;
use crate::parse::Line;
use crate::rng::Rng;
use crate::run::{Run, RunPlan};
use crate::t;

pub static EXERCISE: Exercise = Exercise {
    id: "03",
    slug: "lock_protected_resource",
    plan,
    checks: CHECKS,
};

/// The program's defaults, which the grader must know to judge the default run.
const DEFAULT_WRITERS: u32 = 3;
const DEFAULT_LINES: u32 = 5;

fn plan(rng: &mut Rng) -> Vec<RunPlan> {
    vec![
        RunPlan::new("defaults"),
        RunPlan::new("random")
            .param("writers", rng.range(3, 5))
            .param("lines", rng.range(3, 6))
            .param("pause-ms", rng.range(5, 15)),
    ]
}

static CHECKS: &[Check] = &[
    Check {
        id: "all_lines",
        points: 2,
        eval: all_lines,
    },
    Check {
        id: "blocks_whole",
        points: 3,
        eval: blocks_whole,
    },
    Check {
        id: "concurrent",
        points: 3,
        eval: concurrent,
    },
    Check {
        id: "summary",
        points: 2,
        eval: summary,
    },
];

// ---------------------------------------------------------------------------------------------
// Reading the output

/// `--writers` and `--lines` of a run (the program's defaults when not given).
fn params(run: &Run) -> (u32, u32) {
    (
        run.plan.get("writers").unwrap_or(DEFAULT_WRITERS),
        run.plan.get("lines").unwrap_or(DEFAULT_LINES),
    )
}

/// One `writer <i> pid=<pid> line=<j>/<K>` line.
struct Write<'a> {
    writer: u32,
    pid: i32,
    /// `j`
    seq: u32,
    /// `K` as printed
    of: u32,
    line: &'a Line,
}

/// (writer, line number), as items to find exactly once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Slot(u32, u32);

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&t!(
            "check.lock_protected_resource.slot",
            writer = self.0,
            line = self.1
        ))
    }
}

/// A writer, named in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Writer(u32);

impl fmt::Display for Writer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&t!("check.lock_protected_resource.writer", writer = self.0))
    }
}

/// Every `writer …` line, in output order.
fn writes(lines: &[Line]) -> Result<Vec<Write<'_>>, Failure> {
    let mut out = Vec::new();
    for line in lines.iter().filter(|l| l.tag() == "writer") {
        let bad = |what: String| {
            Failure::new(t!(
                "check.lock_protected_resource.bad_line",
                line = line.no,
                what = what
            ))
            .quote(line)
        };
        let writer = line
            .words()
            .get(1)
            .and_then(|w| w.parse().ok())
            .ok_or_else(|| bad(t!("check.lock_protected_resource.no_number")))?;
        let pid = line.require("pid")?;
        let raw: String = line.require("line")?;
        let (seq, of) = raw
            .split_once('/')
            .and_then(|(j, k)| Some((j.parse().ok()?, k.parse().ok()?)))
            .ok_or_else(|| bad(t!("check.lock_protected_resource.bad_seq", raw = raw)))?;
        out.push(Write {
            writer,
            pid,
            seq,
            of,
            line,
        });
    }
    Ok(out)
}

/// Every writer 1..=n printed at least one line (otherwise there is nothing to judge).
fn every_writer_printed(ws: &[Write], n: u32, lines: &[Line]) -> Result<(), Failure> {
    let silent: Vec<String> = (1..=n)
        .filter(|i| !ws.iter().any(|w| w.writer == *i))
        .map(|i| i.to_string())
        .collect();
    if silent.is_empty() {
        return Ok(());
    }
    Err(Failure::new(t!(
        "check.lock_protected_resource.silent",
        writers = silent.join(", "),
        n = n
    ))
    .quote_all(lines.iter().rev().take(3)))
}

// ---------------------------------------------------------------------------------------------
// Checks

fn all_lines(runs: &[Run]) -> Outcome {
    each_healthy_run(runs, "", |run| {
        let lines = run.lines();
        let (n, k) = params(run);
        let ws = writes(&lines)?;
        if let Some(w) = ws.iter().find(|w| w.of != k) {
            return Err(Failure::new(t!(
                "check.lock_protected_resource.wrong_of",
                line = w.line.no,
                seq = w.seq,
                of = w.of,
                k = k
            ))
            .quote(w.line)
            .into());
        }
        let got: Vec<(Slot, &Line)> = ws.iter().map(|w| (Slot(w.writer, w.seq), w.line)).collect();
        let expected = (1..=n).flat_map(|i| (1..=k).map(move |j| Slot(i, j)));
        exactly_once(
            &t!("check.lock_protected_resource.line"),
            &t!("check.lock_protected_resource.lines"),
            expected,
            &got,
        )?;
        let order: Vec<(Writer, u32, &Line)> = ws
            .iter()
            .map(|w| (Writer(w.writer), w.seq, w.line))
            .collect();
        increasing_per_key(&t!("check.lock_protected_resource.lines_in_order"), &order)?;
        Ok(())
    })
}

fn blocks_whole(runs: &[Run]) -> Outcome {
    each_healthy_run(runs, "", |run| {
        let lines = run.lines();
        let (n, _) = params(run);
        let ws = writes(&lines)?;
        every_writer_printed(&ws, n, &lines)?;
        let owners: Vec<(Writer, &Line)> = ws.iter().map(|w| (Writer(w.writer), w.line)).collect();
        contiguous_blocks(&t!("check.lock_protected_resource.block"), &owners)?;
        Ok(())
    })
}

fn concurrent(runs: &[Run]) -> Outcome {
    each_healthy_run(runs, "", |run| {
        let lines = run.lines();
        let (n, _) = params(run);
        let ws = writes(&lines)?;
        every_writer_printed(&ws, n, &lines)?;

        // One process per writer, as the writers say: (writer, pid, first line, last line).
        let mut writers: Vec<(u32, i32, &Line, &Line)> = Vec::new();
        for w in &ws {
            match writers.iter_mut().find(|(i, ..)| *i == w.writer) {
                Some((_, pid, first, last)) => {
                    if *pid != w.pid {
                        return Err(Failure::new(t!(
                            "check.lock_protected_resource.two_pids",
                            writer = w.writer,
                            first = pid,
                            second = w.pid
                        ))
                        .quote(first)
                        .quote(w.line)
                        .into());
                    }
                    *last = w.line;
                }
                None => writers.push((w.writer, w.pid, w.line, w.line)),
            }
        }
        for (a, (i, pid, first, _)) in writers.iter().enumerate() {
            if let Some((j, _, other, _)) = writers[a + 1..].iter().find(|(_, p, ..)| p == pid) {
                return Err(Failure::new(t!(
                    "check.lock_protected_resource.shared_pid",
                    a = i,
                    b = j,
                    pid = pid
                ))
                .quote(first)
                .quote(other)
                .into());
            }
        }

        let obs = run.observation()?;
        let firsts: Vec<&Line> = writers.iter().map(|(_, _, first, _)| *first).collect();
        pids_are_child_processes(obs, "pid", &firsts)?;
        let created = obs.processes().count();
        if created != n as usize {
            return Err(Failure::new(t!(
                "check.lock_protected_resource.process_count",
                created = created,
                n = n,
                pids = obs
                    .processes()
                    .map(|t| t.pid.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .quote_all(firsts)
            .into());
        }
        let pids: Vec<(i32, Writer)> = writers
            .iter()
            .map(|(i, pid, ..)| (*pid, Writer(*i)))
            .collect();
        if let Err(f) = each_overlaps_another(obs, &pids) {
            let quotes = writers
                .iter()
                .flat_map(|(_, _, first, last)| [*first, *last]);
            return Err(Problem::Fail(f.quote_all(quotes)));
        }
        Ok(())
    })
}

/// Each of the given processes was alive at the same time as at least one other of them.
///
/// Weaker than `pairwise_overlap` on purpose: with a lock, the first writer may finish its
/// block before a slow fork of the last one, and that is no fault; but a process that met no
/// other at all ran alone, one after the other.
fn each_overlaps_another<N: fmt::Display>(
    obs: &Observation,
    procs: &[(i32, N)],
) -> Result<(), Failure> {
    let ms = |us: u64| us as f64 / 1000.0;
    for (pid, name) in procs {
        let Some(task) = obs.get(*pid) else {
            return Err(Failure::new(t!(
                "check.lock_protected_resource.unseen",
                name = name,
                pid = pid
            )));
        };
        let met = procs
            .iter()
            .filter(|(other, _)| other != pid)
            .filter_map(|(other, _)| obs.get(*other))
            .any(|t| t.overlaps(task));
        if !met {
            let end = task
                .end_us
                .map(|e| format!("{:.1} ms", ms(e)))
                .unwrap_or_else(|| t!("check.lock_protected_resource.never"));
            return Err(Failure::new(t!(
                "check.lock_protected_resource.ran_alone",
                name = name,
                pid = pid,
                start = format!("{:.1}", ms(task.start_us)),
                end = end
            )));
        }
    }
    Ok(())
}

fn summary(runs: &[Run]) -> Outcome {
    each_healthy_run(runs, "", |run| {
        let lines = run.lines();
        let (n, k) = params(run);
        let done = summary_is_last(&lines, "`done writers=… lines=…`", |l| {
            l.tag() == "done"
        })?;
        let writers: u32 = done.require("writers")?;
        let total: u32 = done.require("lines")?;
        if writers != n || total != n * k {
            return Err(Failure::new(t!(
                "check.lock_protected_resource.wrong_summary",
                n = n,
                k = k,
                expected = n * k,
                writers = writers,
                total = total
            ))
            .quote(done)
            .into());
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{failure, quoted};
    use crate::run::fixture::{observed, process, run};

    const ROOT: i32 = 500;

    /// Whole blocks, writers in the order given: (writer, pid).
    fn blocks(order: &[(u32, i32)], k: u32) -> String {
        let mut s = String::new();
        for (i, pid) in order {
            for j in 1..=k {
                s += &format!("writer {i} pid={pid} line={j}/{k}\n");
            }
        }
        s
    }

    fn done(n: u32, k: u32) -> String {
        format!("done writers={n} lines={}\n", n * k)
    }

    /// Writers forked at once, each alive until its block is done (one after the other under
    /// the lock, 100 ms each).
    fn obs_locked(pids: &[i32]) -> Observation {
        let mut tasks = vec![process(ROOT, 1, 0, 1_000_000, 0)];
        for (n, pid) in pids.iter().enumerate() {
            let n = n as u64;
            tasks.push(process(*pid, ROOT, 100 + n * 50, 100_000 * (n + 1), 0));
        }
        observed(tasks)
    }

    /// Writers forked only after the previous one ended.
    fn obs_sequential(pids: &[i32]) -> Observation {
        let mut tasks = vec![process(ROOT, 1, 0, 1_000_000, 0)];
        for (n, pid) in pids.iter().enumerate() {
            let n = n as u64;
            tasks.push(process(
                *pid,
                ROOT,
                n * 100_000 + 10,
                n * 100_000 + 90_000,
                0,
            ));
        }
        observed(tasks)
    }

    fn random_plan() -> RunPlan {
        RunPlan::new("random")
            .param("writers", 4)
            .param("lines", 3)
            .param("pause-ms", 7)
    }

    /// A correct defaults run plus a random run that printed `stdout`.
    fn runs_of(stdout: &str, obs: Option<Observation>) -> Vec<Run> {
        let defaults = blocks(&[(2, 11), (1, 10), (3, 12)], 5) + &done(3, 5);
        vec![
            run(
                RunPlan::new("defaults"),
                &defaults,
                Some(obs_locked(&[10, 11, 12])),
            ),
            run(random_plan(), stdout, obs),
        ]
    }

    fn good() -> (String, Observation) {
        (
            blocks(&[(3, 23), (1, 21), (4, 24), (2, 22)], 3) + &done(4, 3),
            obs_locked(&[21, 22, 23, 24]),
        )
    }

    #[test]
    fn plan_stays_in_range() {
        for seed in 0..50 {
            let runs = plan(&mut Rng::new(seed));
            assert_eq!(runs[0].label, "defaults");
            let r = &runs[1];
            assert!((3..=5).contains(&r.get::<u32>("writers").unwrap()));
            assert!((3..=6).contains(&r.get::<u32>("lines").unwrap()));
            assert!((5..=15).contains(&r.get::<u32>("pause-ms").unwrap()));
        }
    }

    #[test]
    fn a_correct_program_passes_every_check() {
        let (out, obs) = good();
        let runs = runs_of(&out, Some(obs));
        for c in CHECKS {
            assert_eq!((c.eval)(&runs), Outcome::Pass, "{}", c.id);
        }
    }

    #[test]
    fn without_observation_only_concurrent_is_not_verified() {
        let (out, _) = good();
        let runs = vec![run(random_plan(), &out, None)];
        for c in CHECKS {
            let o = (c.eval)(&runs);
            if c.id == "concurrent" {
                assert!(matches!(o, Outcome::NotVerified { .. }), "{o:?}");
            } else {
                assert_eq!(o, Outcome::Pass, "{}", c.id);
            }
        }
    }

    #[test]
    fn missing_duplicated_or_miscounted_lines_fail_all_lines() {
        let (out, obs) = good();
        let missing = out.replace("writer 4 pid=24 line=2/3\n", "");
        let f = failure(all_lines(&runs_of(&missing, Some(obs.clone()))));
        assert!(
            f.message.contains("never arrived: writer 4 line 2"),
            "{}",
            f.message
        );
        assert!(f.run.as_ref().unwrap().contains("--writers 4"));

        let twice = out.replace(
            "writer 4 pid=24 line=2/3\n",
            "writer 4 pid=24 line=2/3\nwriter 4 pid=24 line=2/3\n",
        );
        let f = failure(all_lines(&runs_of(&twice, Some(obs.clone()))));
        assert!(
            f.message.contains("writer 4 line 2 was reported 2 times"),
            "{}",
            f.message
        );
        assert_eq!(f.quotes.len(), 2);

        let extra = out.clone() + "writer 5 pid=25 line=1/3\n";
        let f = failure(all_lines(&runs_of(&extra, Some(obs.clone()))));
        assert_eq!(quoted(&f), ["writer 5 pid=25 line=1/3"]);

        let wrong_k = out.replace("line=3/3", "line=3/5");
        let f = failure(all_lines(&runs_of(&wrong_k, Some(obs.clone()))));
        assert!(f.message.contains("--lines 3"), "{}", f.message);

        let garbled = out.replace("writer 1 pid=21 line=2/3", "writer 1 pid=21 line=two");
        let f = failure(all_lines(&runs_of(&garbled, Some(obs.clone()))));
        assert!(f.message.contains("not `line=<j>/<K>`"), "{}", f.message);
        assert_eq!(quoted(&f), ["writer 1 pid=21 line=two"]);

        let swapped = out.replace(
            "line=1/3\nwriter 2 pid=22 line=2/3",
            "line=2/3\nwriter 2 pid=22 line=1/3",
        );
        let f = failure(all_lines(&runs_of(&swapped, Some(obs))));
        assert!(f.message.contains("out of order"), "{}", f.message);
    }

    #[test]
    fn interleaved_blocks_fail_blocks_whole() {
        // No lock: the writers take turns line by line.
        let mut out = String::new();
        for j in 1..=3 {
            for (i, pid) in [(1, 21), (2, 22), (3, 23), (4, 24)] {
                out += &format!("writer {i} pid={pid} line={j}/3\n");
            }
        }
        out += &done(4, 3);
        let f = failure(blocks_whole(&runs_of(
            &out,
            Some(obs_locked(&[21, 22, 23, 24])),
        )));
        assert!(f.message.contains("block of writer 1"), "{}", f.message);
        // The output's line number, and the line itself: not the writer's `line=j/K`.
        assert!(
            f.message
                .contains("resumed at output line 5, `writer 1 pid=21 line=2/3`"),
            "{}",
            f.message
        );
        assert_eq!(
            quoted(&f),
            [
                "writer 1 pid=21 line=1/3",
                "writer 4 pid=24 line=1/3",
                "writer 1 pid=21 line=2/3"
            ]
        );

        // One intruding line in an otherwise whole output.
        let (good_out, obs) = good();
        let out = good_out.replace(
            "writer 1 pid=21 line=2/3\n",
            "writer 4 pid=24 line=1/3\nwriter 1 pid=21 line=2/3\n",
        );
        let out = out.replacen("writer 4 pid=24 line=1/3\nwriter 4", "writer 4", 2);
        let f = failure(blocks_whole(&runs_of(&out, Some(obs))));
        assert!(f.message.contains("interleaved"), "{}", f.message);
        assert!(
            quoted(&f).contains(&"writer 4 pid=24 line=1/3"),
            "{:?}",
            quoted(&f)
        );
    }

    #[test]
    fn silent_writers_fail_rather_than_pass_vacuously() {
        let out = done(4, 3);
        for check in [blocks_whole, concurrent] {
            let f = failure(check(&runs_of(&out, None)));
            assert!(
                f.message.contains("1, 2, 3, 4 printed no line"),
                "{}",
                f.message
            );
            assert_eq!(quoted(&f), ["done writers=4 lines=12"]);
        }
    }

    #[test]
    fn sequential_writers_fail_concurrent() {
        let (out, _) = good();
        let f = failure(concurrent(&runs_of(
            &out,
            Some(obs_sequential(&[21, 22, 23, 24])),
        )));
        assert!(f.message.contains("ran alone"), "{}", f.message);
        assert!(f.message.contains("one after the other"), "{}", f.message);
        assert!(!f.quotes.is_empty());
    }

    #[test]
    fn threads_or_one_process_fail_concurrent() {
        let (out, _) = good();
        // Threads: getpid() is the same for all of them.
        let one_pid = out
            .replace("pid=22", "pid=21")
            .replace("pid=23", "pid=21")
            .replace("pid=24", "pid=21");
        let f = failure(concurrent(&runs_of(&one_pid, None)));
        assert!(f.message.contains("both printed pid=21"), "{}", f.message);
        assert_eq!(f.quotes.len(), 2);

        // Pids the kernel never saw (made up, or the main process).
        let made_up = out.replace("pid=24", &format!("pid={ROOT}"));
        let f = failure(concurrent(&runs_of(
            &made_up,
            Some(obs_locked(&[21, 22, 23, 24])),
        )));
        assert!(f.message.contains("main process itself"), "{}", f.message);

        // A writer that changed pid midway.
        let split = out.replacen("writer 3 pid=23 line=2/3", "writer 3 pid=29 line=2/3", 1);
        let f = failure(concurrent(&runs_of(&split, None)));
        assert!(f.message.contains("two different pids"), "{}", f.message);
    }

    #[test]
    fn extra_processes_fail_concurrent() {
        let (out, _) = good();
        let mut obs = obs_locked(&[21, 22, 23, 24]);
        obs.tasks.push(process(30, 21, 500, 600, 0));
        let f = failure(concurrent(&runs_of(&out, Some(obs))));
        assert!(f.message.contains("created 5 process(es)"), "{}", f.message);
        assert_eq!(f.quotes.len(), 4);
    }

    #[test]
    fn wrong_or_early_summary_fails_summary() {
        let (out, obs) = good();
        let wrong = out.replace("lines=12", "lines=15");
        let f = failure(summary(&runs_of(&wrong, Some(obs.clone()))));
        assert!(
            f.message.contains("must say writers=4 lines=12"),
            "{}",
            f.message
        );
        assert_eq!(quoted(&f), ["done writers=4 lines=15"]);

        let early = done(4, 3) + &blocks(&[(1, 21), (2, 22), (3, 23), (4, 24)], 3);
        let f = failure(summary(&runs_of(&early, Some(obs.clone()))));
        assert!(f.message.contains("must come last"), "{}", f.message);

        let none = blocks(&[(1, 21), (2, 22), (3, 23), (4, 24)], 3);
        let f = failure(summary(&runs_of(&none, Some(obs))));
        assert!(f.message.contains("never printed"), "{}", f.message);
    }

    #[test]
    fn an_unhealthy_run_fails_every_check() {
        let mut r = run(RunPlan::new("defaults"), "", None);
        r.outcome.stderr.text =
            "thread 'main' panicked at src/main.rs:1:1:\nnot yet implemented: fork\n".into();
        r.outcome.ending = crate::run::Ending::Finished(crate::observe::Exit::Code(101));
        for c in CHECKS {
            assert!(!(c.eval)(std::slice::from_ref(&r)).passed(), "{}", c.id);
        }
    }
}
