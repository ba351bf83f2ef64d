//! 14 work_queue_cancel: the parent puts N jobs on a queue shared by W worker processes; each
//! worker takes a job, writes its output file (under a temporary name, then renamed), prints
//! `done` and acknowledges it (Python's `task_done`); the parent waits for every
//! acknowledgement (`JoinableQueue.join`), then stops the workers. On Ctrl-C (SIGINT to the
//! whole process group, sent by the grader's signal step) the parent hands out no more jobs,
//! lets the running ones finish, stops every worker, prints the summary and exits with 130.
//!
//! Output (lines of different processes interleave; `pid` is the printing process):
//!
//! ```text
//! start job=<j> pid=<pid>              (a worker took job j)
//! done job=<j> pid=<pid>               (its file is complete; then it acknowledges)
//! cancel taken_back=<T> pid=<pid>     (the parent, once it saw the Ctrl-C and emptied the queue)
//! summary done=<D> cancelled=<C>       (the parent, last)
//! ```
//!
//! What the grader knows without the program's word: when the signal was sent, as a count of
//! stdout lines that had arrived (the supervisor's [`SignalOutcome`]); how each process ended
//! (the tracer); the files the run left in its scratch dir.
//!
//! "No job starts after the signal" is judged by what no load can change: after the parent's
//! `cancel` line (printed once the queue is empty, no more puts) each worker starts at most the
//! one job it had already taken; and the parent stops putting: with most jobs not started when
//! the signal came, some must never have been put. Counting starts after the signal itself is
//! not a rule a correct program keeps: the queued jobs are taken back only when the parent gets
//! a CPU (measured: about 360 ms on a loaded machine, with one worker starting 6 jobs after the
//! signal, in 4 of 200 gradings).
//!
use std::collections::BTreeMap;

use crate::check::invariants::summary_is_last;
use crate::check::{Check, Exercise, Failure, Outcome, Problem, each_run};
use crate::observe::Exit;
use crate::parse::Line;
use crate::rng::Rng;
use crate::run::{Ending, Run, RunPlan, SignalOutcome, StepSignal, Trigger, exit_words};
use crate::t;

pub static EXERCISE: Exercise = Exercise {
    id: "14",
    slug: "work_queue_cancel",
    plan,
    checks: CHECKS,
};

/// The program's defaults: `--jobs 12 --workers 3 --job-ms 50 --out out`.
const DEFAULT_JOBS: u32 = 12;
const DEFAULT_WORKERS: u32 = 3;
const DEFAULT_OUT: &str = "out";

/// The exit status after a Ctrl-C: 128 + SIGINT.
const INTERRUPTED: i32 = 130;

/// How many jobs the queue holds (the stub's `CAPACITY`, given): at the signal, at most this
/// many put jobs are waiting, plus one being put.
const CAPACITY: u32 = 6;

fn plan(rng: &mut Rng) -> Vec<RunPlan> {
    let mut runs = vec![RunPlan::new("defaults")];
    for k in 1..=2 {
        runs.push(
            RunPlan::new(format!("random {k}/2"))
                .param("jobs", rng.range(4, 16))
                .param("workers", rng.range(1, 4))
                .param("job-ms", rng.range(5, 30)),
        );
    }
    // Ctrl-C after the k-th `done` line: 60 jobs of 60 ms on 2–3 workers, k ≤ 5, so the parent
    // is still putting jobs (about 5 + 3 + 6 of 60 are out) and most were never put.
    for k in 1..=2 {
        let done = rng.range(1, 5) as usize;
        runs.push(
            RunPlan::new(format!("ctrl-c {k}/4"))
                .param("jobs", 60)
                .param("workers", rng.range(2, 3))
                .param("job-ms", 60)
                .signal(StepSignal::Sigint, after_done(done)),
        );
    }
    // Late: 14 jobs on 2 workers, every job is put once 8 are taken, about when the 6th is
    // done; after the 8th, the parent only waits for acknowledgements, with jobs still queued.
    runs.push(
        RunPlan::new("ctrl-c 3/4")
            .param("jobs", 14)
            .param("workers", 2)
            .param("job-ms", 60)
            .signal(StepSignal::Sigint, after_done(8)),
    );
    // And once at a moment no output marks: 200 ms after the start, mid-job.
    runs.push(
        RunPlan::new("ctrl-c 4/4")
            .param("jobs", 60)
            .param("workers", 3)
            .param("job-ms", 60)
            .signal(StepSignal::Sigint, Trigger::AfterMs { ms: 200 }),
    );
    // Many short jobs on more workers than cores, no signal.
    runs.push(
        RunPlan::new("stress")
            .param("jobs", 60)
            .param("workers", 6)
            .param("job-ms", 2)
            .timeout(std::time::Duration::from_secs(6)),
    );
    runs
}

fn after_done(count: usize) -> Trigger {
    Trigger::AfterLines {
        prefix: "done ".into(),
        count,
    }
}

static CHECKS: &[Check] = &[
    Check {
        id: "accounting",
        points: 3,
        eval: accounting,
    },
    Check {
        id: "workers_end",
        points: 2,
        eval: workers_end,
    },
    Check {
        id: "stops_at_ctrl_c",
        points: 2,
        eval: stops_at_ctrl_c,
    },
    Check {
        id: "exit_status",
        points: 1,
        eval: exit_status,
    },
    Check {
        id: "output_files",
        points: 2,
        eval: output_files,
    },
];

// ---------------------------------------------------------------------------------------------
// What was asked, what was printed

fn jobs_of(run: &Run) -> u32 {
    run.plan.get("jobs").unwrap_or(DEFAULT_JOBS)
}

fn workers_of(run: &Run) -> u32 {
    run.plan.get("workers").unwrap_or(DEFAULT_WORKERS)
}

fn out_of(run: &Run) -> String {
    run.plan
        .get::<String>("out")
        .unwrap_or_else(|| DEFAULT_OUT.to_string())
}

/// The `start` or `done` lines, with their job and pid.
fn events<'a>(lines: &'a [Line], tag: &str) -> Result<Vec<(u32, i32, &'a Line)>, Failure> {
    lines
        .iter()
        .filter(|l| l.tag() == tag)
        .map(|l| Ok((l.require("job")?, l.require("pid")?, l)))
        .collect()
}

/// How many stdout lines were printed before the signal: `None` for a run without a signal
/// step; a failure when the step never fired.
fn signal_at(run: &Run) -> Result<Option<usize>, Failure> {
    match (&run.plan.signal, run.outcome.signal) {
        (None, _) => Ok(None),
        (Some(_), Some(SignalOutcome::Sent { lines, .. })) => Ok(Some(lines)),
        (Some(step), other) => {
            let matching = match other {
                Some(SignalOutcome::NotSent { matching }) => matching,
                _ => 0,
            };
            Err(Failure::new(t!(
                "check.work_queue_cancel.never_sent",
                step = step.describe(),
                matching = matching
            ))
            .quote_all(run.last_lines(3).iter()))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Health

/// The run ended as a cancelled run should: the signal came before the summary and the
/// program exited with 130.
fn interrupted(run: &Run) -> bool {
    matches!(run.outcome.signal, Some(SignalOutcome::Sent { .. }))
        && run.outcome.ending == Ending::Finished(Exit::Code(INTERRUPTED))
}

/// [`Run::healthy`], where 130 after the grader's Ctrl-C is the right exit status (the
/// `exit_status` check judges it), and a worker killed by SIGINT is told why.
fn healthy(run: &Run) -> Result<(), Failure> {
    let verdict = if interrupted(run) {
        let mut as_if = run.clone();
        as_if.outcome.ending = Ending::Finished(Exit::Code(0));
        as_if.healthy()
    } else {
        run.healthy()
    };
    verdict.map_err(|f| {
        if killed_by_sigint(run).is_some() {
            f.hint(t!("check.work_queue_cancel.worker_sigint.hint"))
        } else {
            f
        }
    })
}

/// A child process that died of SIGINT.
fn killed_by_sigint(run: &Run) -> Option<i32> {
    let obs = run.outcome.observation.as_ref().ok()?;
    obs.children_of(obs.root)
        .find(|t| t.exit == Some(Exit::Signal("SIGINT".into())))
        .map(|t| t.pid)
}

fn each_healthy(
    runs: &[Run],
    label_prefix: &str,
    body: impl Fn(&Run) -> Result<(), Problem>,
) -> Outcome {
    each_run(runs, label_prefix, |run| {
        healthy(run)?;
        body(run)
    })
}

// ---------------------------------------------------------------------------------------------
// Checks

/// done + cancelled = N; done counts the acknowledgements (one `done` line per job, no job
/// done twice, every started job done); without a signal every job is done.
fn accounting(runs: &[Run]) -> Outcome {
    each_healthy(runs, "", |run| {
        let n = jobs_of(run);
        let lines = run.lines();
        let summary = summary_is_last(&lines, "summary done=… cancelled=…", |l| {
            l.tag() == "summary"
        })?;
        let starts = events(&lines, "start")?;
        let dones = events(&lines, "done")?;
        let mut done_at: BTreeMap<u32, Vec<&Line>> = BTreeMap::new();
        for (job, _, line) in &dones {
            if *job >= n {
                return Err(Failure::new(t!(
                    "check.work_queue_cancel.no_such_job",
                    job = job,
                    n = n
                ))
                .quote(*line)
                .into());
            }
            done_at.entry(*job).or_default().push(line);
        }
        if let Some((job, twice)) = done_at.iter().find(|(_, ls)| ls.len() > 1) {
            return Err(Failure::new(t!(
                "check.work_queue_cancel.done_twice",
                job = job,
                count = twice.len()
            ))
            .quote_all(twice.iter().copied())
            .into());
        }
        for (job, pid, line) in &starts {
            let Some(done) = done_at.get(job).map(|ls| ls[0]) else {
                return Err(Failure::new(t!(
                    "check.work_queue_cancel.never_done",
                    job = job,
                    pid = pid
                ))
                .quote(*line)
                .quote(summary)
                .into());
            };
            if done.no < line.no || done.get::<i32>("pid") != Some(*pid) {
                return Err(Failure::new(t!(
                    "check.work_queue_cancel.start_done_apart",
                    job = job
                ))
                .quote(*line)
                .quote(done)
                .into());
            }
        }
        if let Some((job, _, line)) = dones
            .iter()
            .find(|(job, _, _)| !starts.iter().any(|(j, _, _)| j == job))
        {
            return Err(
                Failure::new(t!("check.work_queue_cancel.done_unstarted", job = job))
                    .quote(*line)
                    .into(),
            );
        }
        let (done, cancelled): (u32, u32) =
            (summary.require("done")?, summary.require("cancelled")?);
        if done as u64 + cancelled as u64 != n as u64 {
            return Err(Failure::new(t!(
                "check.work_queue_cancel.sum",
                done = done,
                cancelled = cancelled,
                n = n
            ))
            .quote(summary)
            .into());
        }
        if done as usize != dones.len() {
            return Err(Failure::new(t!(
                "check.work_queue_cancel.done_mismatch",
                done = done,
                count = dones.len()
            ))
            .quote(summary)
            .into());
        }
        if run.plan.signal.is_none() && done != n {
            return Err(
                Failure::new(t!("check.work_queue_cancel.not_all_done", n = n))
                    .quote(summary)
                    .into(),
            );
        }
        Ok(())
    })
}

/// Exactly W worker processes, each ended by itself with 0 (not by the signal) before the
/// main process.
fn workers_end(runs: &[Run]) -> Outcome {
    each_healthy(runs, "", |run| {
        let obs = run.observation()?;
        let workers = workers_of(run);
        let children: Vec<_> = obs.children_of(obs.root).collect();
        if children.len() != workers as usize {
            return Err(Failure::new(t!(
                "check.work_queue_cancel.worker_count",
                count = children.len(),
                workers = workers
            ))
            .into());
        }
        let root_end = obs.root_task().and_then(|t| t.end_us).unwrap_or(u64::MAX);
        for child in children {
            if child.exit != Some(Exit::Code(0)) {
                let how = child
                    .exit
                    .as_ref()
                    .map_or_else(|| t!("check.work_queue_cancel.unknown_status"), exit_words);
                return Err(Failure::new(t!(
                    "check.work_queue_cancel.worker_exit",
                    pid = child.pid,
                    how = how
                ))
                .into());
            }
            if child.end_us.is_none_or(|end| end > root_end) {
                return Err(Failure::new(t!(
                    "check.work_queue_cancel.worker_outlived",
                    pid = child.pid
                ))
                .into());
            }
        }
        Ok(())
    })
}

/// After a Ctrl-C that came before the summary, the parent hands out no more jobs: at most one
/// `cancel` line; after it, each worker starts at most the job it had already taken; and when
/// most jobs were still unstarted at the signal, some were never put. Without a `cancel` line,
/// every job must be done (the signal came when there was nothing left to cancel).
fn stops_at_ctrl_c(runs: &[Run]) -> Outcome {
    each_healthy(runs, "", |run| {
        let Some(at) = signal_at(run)? else {
            return Ok(());
        };
        let lines = run.lines();
        let summary = lines.iter().rfind(|l| l.tag() == "summary");
        if summary.is_none_or(|s| s.no <= at) {
            return Ok(()); // finished before the signal (or no summary: `accounting` says so)
        }
        let n = jobs_of(run);
        let starts = events(&lines, "start")?;
        let cancels: Vec<&Line> = lines.iter().filter(|l| l.tag() == "cancel").collect();
        let cancel = match cancels.as_slice() {
            [] => {
                let done = events(&lines, "done")?.len() as u32;
                if done == n {
                    return Ok(());
                }
                let mut f = Failure::new(t!(
                    "check.work_queue_cancel.no_cancel",
                    line = at,
                    done = done,
                    n = n
                ));
                if let Some(s) = summary {
                    f = f.quote(s);
                }
                return Err(f.into());
            }
            [one] => *one,
            more => {
                return Err(Failure::new(t!(
                    "check.work_queue_cancel.cancel_twice",
                    count = more.len()
                ))
                .quote_all(more.iter().copied())
                .into());
            }
        };
        let taken_back: u32 = cancel.require("taken_back")?;
        let mut after: BTreeMap<i32, Vec<&Line>> = BTreeMap::new();
        for (_, pid, line) in starts.iter().filter(|(_, _, l)| l.no > cancel.no) {
            after.entry(*pid).or_default().push(line);
        }
        if let Some((pid, ls)) = after.iter().find(|(_, ls)| ls.len() > 1) {
            return Err(Failure::new(t!(
                "check.work_queue_cancel.started_after_cancel",
                pid = pid,
                count = ls.len()
            ))
            .quote(cancel)
            .quote_all(ls.iter().copied())
            .into());
        }
        let started_before = starts.iter().filter(|(_, _, l)| l.no <= at).count() as u32;
        let workers = workers_of(run);
        let put = starts.len() as u32 + taken_back;
        if n.saturating_sub(started_before) > 2 * (CAPACITY + workers) && put >= n {
            return Err(Failure::new(t!(
                "check.work_queue_cancel.kept_putting",
                line = at,
                before = started_before,
                n = n,
                started = starts.len(),
                taken_back = taken_back
            ))
            .quote(cancel)
            .into());
        }
        Ok(())
    })
}

/// 130 after a Ctrl-C that came before the summary; 0 otherwise.
fn exit_status(runs: &[Run]) -> Outcome {
    each_healthy(runs, "", |run| {
        let Some(at) = signal_at(run)? else {
            return Ok(());
        };
        let lines = run.lines();
        let summary = lines.iter().rfind(|l| l.tag() == "summary");
        if summary.is_some_and(|s| s.no <= at) {
            // The program had finished its work before the signal came: nothing to cancel.
            return Ok(());
        }
        if !interrupted(run) {
            let how = match &run.outcome.ending {
                Ending::Finished(exit) => exit_words(exit),
                _ => String::new(),
            };
            let mut f = Failure::new(t!("check.work_queue_cancel.not_130", how = how));
            if let Some(s) = summary {
                f = f.quote(s);
            }
            return Err(f.into());
        }
        Ok(())
    })
}

/// In the output directory: exactly one complete `job-<j>.txt` per job done, nothing else.
fn output_files(runs: &[Run]) -> Outcome {
    each_healthy(runs, "", |run| {
        let lines = run.lines();
        let dones = events(&lines, "done")?;
        let dir = format!("{}/", out_of(run).trim_end_matches('/'));
        let mut found: BTreeMap<String, u64> = BTreeMap::new();
        for f in &run.outcome.files {
            if let Some(name) = f.path.strip_prefix(&dir) {
                found.insert(name.to_string(), f.bytes);
            }
        }
        for (job, _, line) in &dones {
            let name = format!("job-{job}.txt");
            match found.remove(&name) {
                Some(bytes) if bytes > 0 => {}
                Some(_) => {
                    return Err(Failure::new(t!(
                        "check.work_queue_cancel.empty_file",
                        file = format!("{dir}{name}")
                    ))
                    .quote(*line)
                    .into());
                }
                None => {
                    return Err(Failure::new(t!(
                        "check.work_queue_cancel.missing_file",
                        file = format!("{dir}{name}"),
                        job = job
                    ))
                    .quote(*line)
                    .into());
                }
            }
        }
        if let Some((name, _)) = found.iter().next() {
            let names: Vec<String> = found.keys().map(|n| format!("{dir}{n}")).collect();
            let (files, count) = (names.join(", "), names.len());
            let message = if name.starts_with("job-") && name.ends_with(".txt") {
                t!(
                    "check.work_queue_cancel.file_not_done",
                    files = files,
                    count = count
                )
            } else {
                t!(
                    "check.work_queue_cancel.partial_file",
                    files = files,
                    count = count
                )
            };
            return Err(Failure::new(message).into());
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::failure;
    use crate::observe::Observation;
    use crate::run::fixture::{observed, process, run};
    use crate::run::{FileKind, FileLeft};

    /// A cancelled run's plan: 8 jobs, 2 workers, Ctrl-C after the 2nd done line.
    fn cancel_plan() -> RunPlan {
        cancel_plan_of(8)
    }

    /// The same with `jobs` jobs.
    fn cancel_plan_of(jobs: u32) -> RunPlan {
        RunPlan::new("ctrl-c 1/4")
            .param("jobs", jobs)
            .param("workers", 2)
            .signal(
                StepSignal::Sigint,
                Trigger::AfterLines {
                    prefix: "done ".into(),
                    count: 2,
                },
            )
    }

    /// Main 10 with workers 11 and 12, all exiting 0 in order.
    fn two_workers() -> Observation {
        observed(vec![
            process(10, 1, 0, 100, 0),
            process(11, 10, 1, 90, 0),
            process(12, 10, 1, 90, 0),
        ])
    }

    const CANCELLED: &str = "start job=0 pid=11\nstart job=1 pid=12\ndone job=0 pid=11\n\
        start job=2 pid=11\ndone job=1 pid=12\ncancel taken_back=2 pid=10\nstart job=3 pid=12\n\
        done job=2 pid=11\ndone job=3 pid=12\nsummary done=4 cancelled=4\n";

    /// The cancelled run, signalled after line 5 (the 2nd done), exit 130, files of jobs 0–3.
    fn cancelled_run(stdout: &str) -> Run {
        let mut r = run(cancel_plan(), stdout, Some(two_workers()));
        r.outcome.signal = Some(SignalOutcome::Sent {
            at_us: 1000,
            lines: 5,
        });
        r.outcome.ending = Ending::Finished(Exit::Code(130));
        r.outcome.files = (0..4).map(file).collect();
        r
    }

    fn file(job: u32) -> FileLeft {
        FileLeft {
            path: format!("out/job-{job}.txt"),
            bytes: 20,
            kind: FileKind::File,
        }
    }

    fn all(r: &Run) -> Vec<(&'static str, Outcome)> {
        CHECKS
            .iter()
            .map(|c| (c.id, (c.eval)(std::slice::from_ref(r))))
            .collect()
    }

    #[test]
    fn a_clean_cancellation_passes_every_check() {
        let r = cancelled_run(CANCELLED);
        for (id, o) in all(&r) {
            assert!(o.passed(), "{id}: {o:?}");
        }
    }

    #[test]
    fn a_full_run_passes_and_must_do_every_job() {
        let out = "start job=0 pid=11\nstart job=1 pid=12\ndone job=0 pid=11\ndone job=1 pid=12\n\
                   summary done=2 cancelled=0\n";
        let mut r = run(
            RunPlan::new("defaults")
                .param("jobs", 2)
                .param("workers", 2),
            out,
            Some(two_workers()),
        );
        r.outcome.files = (0..2).map(file).collect();
        for (id, o) in all(&r) {
            assert!(o.passed(), "{id}: {o:?}");
        }
        let short = run(
            RunPlan::new("defaults")
                .param("jobs", 3)
                .param("workers", 2),
            out.replace("cancelled=0", "cancelled=1").as_str(),
            Some(two_workers()),
        );
        let f = failure(accounting(&[short]));
        assert!(
            f.message.contains("every one of the 3 jobs"),
            "{}",
            f.message
        );
    }

    #[test]
    fn a_summary_counted_from_the_jobs_put_fails_accounting() {
        let r = cancelled_run(&CANCELLED.replace("done=4 cancelled=4", "done=6 cancelled=2"));
        let f = failure(accounting(&[r]));
        assert!(
            f.message.contains("done=6") && f.message.contains("4 `done`"),
            "{}",
            f.message
        );
    }

    #[test]
    fn a_job_done_twice_or_started_and_never_done_fails_accounting() {
        let twice = cancelled_run(&CANCELLED.replace("done job=3 pid=12", "done job=2 pid=12"));
        let f = failure(accounting(&[twice]));
        assert!(
            f.message.contains("job 2 was done 2 times"),
            "{}",
            f.message
        );
        let lost = cancelled_run(&CANCELLED.replace(
            "done job=3 pid=12\nsummary done=4 cancelled=4",
            "summary done=3 cancelled=5",
        ));
        let f = failure(accounting(&[lost]));
        assert!(f.message.contains("job 3 was started"), "{}", f.message);
    }

    /// A run of `n` jobs on workers 11 and 12, Ctrl-C after line 3: `started` jobs started
    /// and done (the first two before the signal), then `cancel taken_back=…`, the summary.
    fn long_cancel(n: u32, started: u32, taken_back: u32) -> Run {
        let mut out = String::new();
        for j in 0..started {
            let pid = 11 + (j % 2);
            out += &format!("start job={j} pid={pid}\n");
            if j >= 1 {
                out += &format!("done job={} pid={}\n", j - 1, 11 + ((j - 1) % 2));
            }
        }
        out += &format!("cancel taken_back={taken_back} pid=10\n");
        out += &format!(
            "done job={} pid={}\n",
            started - 1,
            11 + ((started - 1) % 2)
        );
        out += &format!("summary done={started} cancelled={}\n", n - started);
        let mut r = run(cancel_plan_of(n), &out, Some(two_workers()));
        r.outcome.signal = Some(SignalOutcome::Sent {
            at_us: 1000,
            lines: 3,
        });
        r.outcome.ending = Ending::Finished(Exit::Code(130));
        r
    }

    #[test]
    fn a_parent_that_keeps_putting_after_ctrl_c_fails_stops_at_ctrl_c() {
        // The Python way: KeyboardInterrupt caught around the join only. All 40 jobs were put.
        let f = failure(stops_at_ctrl_c(&[long_cancel(40, 34, 6)]));
        assert!(
            f.message.contains("every job was put") && f.message.contains("34 were started"),
            "{}",
            f.message
        );
        // Stopping at once: 6 started, 6 taken back, 28 never put.
        assert_eq!(stops_at_ctrl_c(&[long_cancel(40, 6, 6)]), Outcome::Pass);
        // Few jobs left at the signal: putting them all is no proof of anything.
        assert_eq!(stops_at_ctrl_c(&[long_cancel(12, 6, 6)]), Outcome::Pass);
    }

    #[test]
    fn a_worker_starting_two_jobs_after_cancel_fails_stops_at_ctrl_c() {
        let late = CANCELLED.replace(
            "done job=3 pid=12\n",
            "done job=3 pid=12\nstart job=4 pid=12\ndone job=4 pid=12\n",
        );
        let late = late.replace("done=4 cancelled=4", "done=5 cancelled=3");
        let f = failure(stops_at_ctrl_c(&[cancelled_run(&late)]));
        assert!(
            f.message.contains("worker 12 started 2 jobs"),
            "{}",
            f.message
        );
    }

    #[test]
    fn a_missing_or_repeated_cancel_line_fails_unless_all_was_done() {
        let none = CANCELLED.replace("cancel taken_back=2 pid=10\n", "");
        let f = failure(stops_at_ctrl_c(&[cancelled_run(&none)]));
        assert!(f.message.contains("no `cancel` line"), "{}", f.message);
        let twice = CANCELLED.replace("summary", "cancel taken_back=0 pid=10\nsummary");
        let f = failure(stops_at_ctrl_c(&[cancelled_run(&twice)]));
        assert!(f.message.contains("2 `cancel` lines"), "{}", f.message);
        // The signal came once every job was done, just before the summary: nothing to cancel.
        let mut finished = cancelled_run(&none.replace("done=4 cancelled=4", "done=4 cancelled=0"));
        finished.plan = cancel_plan_of(4);
        assert_eq!(stops_at_ctrl_c(&[finished]), Outcome::Pass);
    }

    #[test]
    fn a_signal_never_sent_is_said() {
        let mut r = cancelled_run(CANCELLED);
        r.outcome.signal = Some(SignalOutcome::NotSent { matching: 1 });
        r.outcome.ending = Ending::Finished(Exit::Code(0));
        let f = failure(exit_status(&[r]));
        assert!(f.message.contains("never sent"), "{}", f.message);
    }

    #[test]
    fn exit_zero_after_ctrl_c_fails_exit_status_only() {
        let mut r = cancelled_run(CANCELLED);
        r.outcome.ending = Ending::Finished(Exit::Code(0));
        let f = failure(exit_status(std::slice::from_ref(&r)));
        assert!(f.message.contains("130"), "{}", f.message);
        assert!(accounting(&[r]).passed());
    }

    #[test]
    fn a_worker_killed_by_sigint_is_unhealthy_with_the_lesson_as_hint() {
        let mut obs = two_workers();
        obs.tasks[2].exit = Some(Exit::Signal("SIGINT".into()));
        let mut r = cancelled_run(CANCELLED);
        r.outcome.observation = Ok(obs);
        let f = failure(workers_end(&[r]));
        assert!(f.message.contains("SIGINT"), "{}", f.message);
        assert!(f.hint.unwrap().contains("SigIgn"));
    }

    #[test]
    fn workers_must_be_w_and_end_before_main() {
        let mut r = cancelled_run(CANCELLED);
        let mut obs = two_workers();
        obs.tasks.pop();
        r.outcome.observation = Ok(obs);
        let f = failure(workers_end(std::slice::from_ref(&r)));
        assert!(f.message.contains("1 child process"), "{}", f.message);
        let mut obs = two_workers();
        obs.tasks[1].end_us = Some(150);
        r.outcome.observation = Ok(obs);
        let f = failure(workers_end(&[r]));
        assert!(f.message.contains("process 11"), "{}", f.message);
    }

    #[test]
    fn partial_missing_and_extra_files_fail() {
        let mut r = cancelled_run(CANCELLED);
        r.outcome.files.push(FileLeft {
            path: "out/.job-4.tmp".into(),
            bytes: 6,
            kind: FileKind::File,
        });
        let f = failure(output_files(std::slice::from_ref(&r)));
        assert!(f.message.contains("out/.job-4.tmp"), "{}", f.message);
        r.outcome.files.pop();
        r.outcome.files.remove(1);
        let f = failure(output_files(std::slice::from_ref(&r)));
        assert!(f.message.contains("out/job-1.txt"), "{}", f.message);
        r.outcome.files.insert(1, file(1));
        r.outcome.files.push(file(6));
        let f = failure(output_files(&[r]));
        assert!(f.message.contains("out/job-6.txt"), "{}", f.message);
    }

    #[test]
    fn the_plan_signals_every_ctrl_c_run_and_describes_it() {
        let plans = plan(&mut Rng::new(7));
        let ctrl: Vec<_> = plans
            .iter()
            .filter(|p| p.label.starts_with("ctrl-c"))
            .collect();
        assert_eq!(ctrl.len(), 4);
        assert!(ctrl.iter().all(|p| p.signal.is_some()));
        assert!(
            ctrl[0].describe().contains("Ctrl-C (SIGINT) once"),
            "{}",
            ctrl[0].describe()
        );
        assert!(plans.iter().filter(|p| p.signal.is_none()).count() >= 3);
    }
}
