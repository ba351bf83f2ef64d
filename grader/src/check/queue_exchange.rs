//! 02 queue_exchange: one worker process per task computes `op(a, b)` and sends the result back
//! through ONE queue the student builds on a pipe (framing, serialization, a write lock); the
//! parent drains the queue to its end, then reaps the workers.
//!
//! Output (result lines in any order; `worker` is the pid of the process that computed it):
//!
//! ```text
//! result id=<i> op=<op> a=<a> b=<b> value=<v> worker=<pid>
//! big bytes=<received length> checksum=<FNV-1a 64, 16 hex digits> worker=<pid>   (--big-bytes > 0)
//! queue closed results=<messages received>
//! ```
//!
//! Runs: the defaults, random task lists, and "big" runs where several extra workers each send
//! a big payload (over 64 KiB, what a pipe buffers) while many small frames are written: a
//! parent that waits for its workers before draining the queue deadlocks, and a queue without a
//! write lock tears frames (a frame over `PIPE_BUF` is written in pieces, and a length written
//! apart from its payload lets another frame in between).

use std::collections::BTreeMap;
use std::fmt;

use crate::check::invariants::{exactly_once, pids_are_child_processes, summary_is_last};
use crate::check::{Check, Exercise, Failure, Outcome, Problem, each_healthy_run};
use crate::observe::Observation;
use crate::parse::Line;
use crate::rng::Rng;
use crate::run::stalled::{Cause, Diagnosis};
use crate::run::{Ending, Run, RunPlan};
use crate::t;

pub static EXERCISE: Exercise = Exercise {
    id: "02",
    slug: "queue_exchange",
    plan,
    checks: CHECKS,
};

/// The program's default `--tasks`.
const DEFAULT_TASKS: &str = "add:10:5,mul:10:5,pow:2:10";

/// Label prefixes of the runs. Only "big" runs send a message larger than a pipe buffers.
const SMALL_RUNS: &[&str] = &["defaults", "random"];
const BIG_RUNS: &str = "big";

/// Tasks of the small runs.
const SMALL_TASKS: (u64, u64) = (5, 9);
/// Big runs: many small frames, several big senders (started first by `main`, so their frames
/// are still going into the pipe while the small ones are written), each payload well over
/// both `PIPE_BUF` (4096) and the pipe's 64 KiB. Without a write lock held for the whole frame,
/// writers blocked on the full pipe take turns and tear each other's frames.
const BIG_TASKS: (u64, u64) = (24, 40);
const BIG_WORKERS: (u64, u64) = (4, 6);
const BIG_BYTES: (u64, u64) = (200_000, 1_000_000);

fn plan(rng: &mut Rng) -> Vec<RunPlan> {
    let mut runs = vec![RunPlan::new("defaults")];
    for k in 1..=2 {
        runs.push(
            RunPlan::new(format!("random {k}/2")).param("tasks", random_tasks(rng, SMALL_TASKS)),
        );
    }
    for k in 1..=2 {
        runs.push(
            RunPlan::new(format!("big {k}/2"))
                .param("tasks", random_tasks(rng, BIG_TASKS))
                .param("big-bytes", rng.range(BIG_BYTES.0, BIG_BYTES.1))
                .param("big-workers", rng.range(BIG_WORKERS.0, BIG_WORKERS.1)),
        );
    }
    runs
}

/// `count.0` to `count.1` tasks, operands small enough that every result fits in an i64.
fn random_tasks(rng: &mut Rng, count: (u64, u64)) -> String {
    let n = rng.range(count.0, count.1);
    (0..n)
        .map(|_| match rng.range(0, 2) {
            0 => format!(
                "add:{}:{}",
                rng.range(0, 1_000_000),
                rng.range(0, 1_000_000)
            ),
            1 => format!(
                "mul:{}:{}",
                rng.range(0, 1_000_000),
                rng.range(0, 1_000_000)
            ),
            _ => format!("pow:{}:{}", rng.range(2, 9), rng.range(0, 15)),
        })
        .collect::<Vec<_>>()
        .join(",")
}

static CHECKS: &[Check] = &[
    Check {
        id: "results_exact",
        points: 3,
        eval: results_exact,
    },
    Check {
        id: "workers_are_processes",
        points: 2,
        eval: workers_are_processes,
    },
    Check {
        id: "big_message",
        points: 3,
        eval: big_message,
    },
    Check {
        id: "clean_end",
        points: 2,
        eval: clean_end,
    },
];

// ---------------------------------------------------------------------------------------------
// What was asked

/// One task as the grader asked for it, with the value it must produce.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Task {
    id: usize,
    op: String,
    a: i64,
    b: i64,
    value: i64,
}

impl fmt::Display for Task {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "id={} ({} {} {})", self.id, self.op, self.a, self.b)
    }
}

/// The tasks of a run (`--tasks`, or the program's default list) with their values.
fn tasks_of(plan: &RunPlan) -> Vec<Task> {
    let list: String = plan
        .get("tasks")
        .unwrap_or_else(|| DEFAULT_TASKS.to_string());
    list.split(',')
        .enumerate()
        .map(|(id, spec)| {
            let parts: Vec<&str> = spec.split(':').collect();
            let (a, b): (i64, i64) = (parts[1].parse().unwrap(), parts[2].parse().unwrap());
            let value = match parts[0] {
                "add" => a + b,
                "mul" => a * b,
                _ => a.pow(b as u32),
            };
            Task {
                id,
                op: parts[0].to_string(),
                a,
                b,
                value,
            }
        })
        .collect()
}

/// `--big-bytes` of a run (0: no big message).
fn big_bytes_of(plan: &RunPlan) -> usize {
    plan.get("big-bytes").unwrap_or(0)
}

/// How many workers send a big message: `--big-workers` (default 1) when `--big-bytes` > 0.
fn big_workers_of(plan: &RunPlan) -> usize {
    if big_bytes_of(plan) > 0 {
        plan.get("big-workers").unwrap_or(1)
    } else {
        0
    }
}

/// How many messages the parent must receive: one per task, plus the big ones.
fn expected_messages(plan: &RunPlan) -> usize {
    tasks_of(plan).len() + big_workers_of(plan)
}

/// Byte `i` of the big payload is `(i * 31 + 7) % 251`; its FNV-1a 64 checksum.
fn big_checksum(n: usize) -> u64 {
    (0..n).fold(0xcbf2_9ce4_8422_2325, |h: u64, i| {
        (h ^ ((i * 31 + 7) % 251) as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

// ---------------------------------------------------------------------------------------------
// Reading the output

fn result_lines(lines: &[Line]) -> Vec<&Line> {
    lines.iter().filter(|l| l.tag() == "result").collect()
}

fn big_lines(lines: &[Line]) -> Vec<&Line> {
    lines.iter().filter(|l| l.tag() == "big").collect()
}

/// Every message line: results and the big one.
fn message_lines(lines: &[Line]) -> Vec<&Line> {
    lines
        .iter()
        .filter(|l| l.tag() == "result" || l.tag() == "big")
        .collect()
}

/// [`each_healthy_run`] over several label prefixes, combined with [`Outcome::and`].
fn each_healthy_run_of(
    runs: &[Run],
    prefixes: &[&str],
    body: impl Fn(&Run) -> Result<(), Problem>,
) -> Outcome {
    prefixes.iter().fold(Outcome::Pass, |verdict, prefix| {
        verdict.and(each_healthy_run(runs, prefix, &body))
    })
}

// ---------------------------------------------------------------------------------------------
// Checks

/// Every task's `result` line, exactly once, with the operands asked and the right value.
fn results_correct(run: &Run, lines: &[Line]) -> Result<(), Failure> {
    let tasks = tasks_of(&run.plan);
    let mut got = Vec::new();
    for line in result_lines(lines) {
        let id: usize = line.require("id")?;
        let Some(task) = tasks.get(id) else {
            return Err(Failure::new(t!(
                "check.queue_exchange.unknown_id",
                id = id,
                count = tasks.len()
            ))
            .quote(line));
        };
        let op: String = line.require("op")?;
        let (a, b, value): (i64, i64, i64) = (
            line.require("a")?,
            line.require("b")?,
            line.require("value")?,
        );
        if (op.as_str(), a, b) != (task.op.as_str(), task.a, task.b) {
            return Err(Failure::new(t!(
                "check.queue_exchange.garbled",
                id = id,
                op = task.op,
                a = task.a,
                b = task.b,
                got_op = op,
                got_a = a,
                got_b = b
            ))
            .quote(line));
        }
        if value != task.value {
            return Err(Failure::new(t!(
                "check.queue_exchange.wrong_value",
                id = id,
                op = op,
                a = a,
                b = b,
                want = task.value,
                value = value
            ))
            .quote(line));
        }
        got.push((task.clone(), line));
    }
    exactly_once(
        &t!("check.queue_exchange.result"),
        &t!("check.queue_exchange.results"),
        tasks,
        &got,
    )
}

fn results_exact(runs: &[Run]) -> Outcome {
    each_healthy_run_of(runs, SMALL_RUNS, |run| {
        Ok(results_correct(run, &run.lines())?)
    })
}

/// Every `worker=` pid is a child process of the program, and no two messages share one.
fn distinct_worker_processes(obs: &Observation, lines: &[&Line]) -> Result<(), Failure> {
    pids_are_child_processes(obs, "worker", lines)?;
    let mut by_pid: BTreeMap<i32, Vec<&Line>> = BTreeMap::new();
    for line in lines {
        by_pid
            .entry(line.require("worker")?)
            .or_default()
            .push(line);
    }
    if let Some((pid, shared)) = by_pid.iter().find(|(_, ls)| ls.len() > 1) {
        return Err(Failure::new(t!(
            "check.queue_exchange.worker_twice",
            pid = pid,
            count = shared.len()
        ))
        .quote_all(shared.iter().copied()));
    }
    Ok(())
}

fn workers_are_processes(runs: &[Run]) -> Outcome {
    each_healthy_run_of(runs, SMALL_RUNS, |run| {
        let lines = run.lines();
        let messages = message_lines(&lines);
        if messages.is_empty() {
            return Err(Failure::new(t!("check.queue_exchange.no_results"))
                .quote_all(run.last_lines(3).iter())
                .into());
        }
        let obs = run.observation()?;
        Ok(distinct_worker_processes(obs, &messages)?)
    })
}

fn big_message(runs: &[Run]) -> Outcome {
    crate::check::each_run(runs, BIG_RUNS, |run| {
        let bytes = big_bytes_of(&run.plan);
        if run.outcome.ending == Ending::TimedOut {
            let diagnosis = run.stall_diagnosis();
            // Stuck in another way than the join trap (the parent holding a write end…): the
            // timeout's own verdict names that cause.
            if let Some(Diagnosis {
                cause: Some((shape, _)),
                ..
            }) = &diagnosis
                && *shape != Cause::UnreadFullPipe
            {
                run.healthy()?;
            }
            let last = run.last_lines(4);
            let mut message = vec![t!(
                "check.queue_exchange.big_deadlock",
                secs = format!("{:.1}", run.plan.timeout_ms as f64 / 1000.0),
                bytes = bytes
            )];
            message.extend(diagnosis.map(|d| d.lines).unwrap_or_default());
            message.push(if last.is_empty() {
                t!("check.queue_exchange.printed_nothing")
            } else {
                t!("check.queue_exchange.last_lines")
            });
            return Err(Failure::new(message.join("\n"))
                .quote_all(last.iter())
                .into());
        }
        let senders = big_workers_of(&run.plan);
        run.healthy().map_err(|mut f| {
            // A program that crashes or gives up only when many frames are written at once
            // most likely read a torn one.
            if senders > 1 {
                f.message = t!(
                    "check.queue_exchange.big_crowd",
                    message = f.message,
                    senders = senders,
                    bytes = bytes,
                    tasks = tasks_of(&run.plan).len()
                );
            }
            f
        })?;
        let lines = run.lines();
        let bigs = big_lines(&lines);
        if bigs.is_empty() {
            return Err(
                Failure::new(t!("check.queue_exchange.big_missing", bytes = bytes))
                    .quote_all(run.last_lines(3).iter())
                    .into(),
            );
        }
        if bigs.len() != senders {
            return Err(Failure::new(t!(
                "check.queue_exchange.big_count",
                count = bigs.len(),
                senders = senders
            ))
            .quote_all(bigs.iter().copied())
            .into());
        }
        let want = big_checksum(bytes);
        for line in bigs {
            let got_bytes: usize = line.require("bytes")?;
            if got_bytes != bytes {
                return Err(Failure::new(t!(
                    "check.queue_exchange.big_length",
                    bytes = bytes,
                    got = got_bytes
                ))
                .quote(line)
                .into());
            }
            let raw: String = line.require("checksum")?;
            if u64::from_str_radix(&raw, 16).ok() != Some(want) {
                return Err(Failure::new(t!(
                    "check.queue_exchange.big_checksum",
                    raw = raw,
                    want = format!("{want:016x}")
                ))
                .quote(line)
                .into());
            }
        }
        results_correct(run, &lines)?;
        let obs = run.observation()?;
        Ok(distinct_worker_processes(obs, &message_lines(&lines))?)
    })
}

fn clean_end(runs: &[Run]) -> Outcome {
    each_healthy_run_of(runs, SMALL_RUNS, |run| {
        let lines = run.lines();
        let last = summary_is_last(&lines, "queue closed results=…", |l| {
            l.tag() == "queue" && l.has_word("closed")
        })?;
        let n: usize = last.require("results")?;
        let want = expected_messages(&run.plan);
        let printed = message_lines(&lines).len();
        if n != want {
            return Err(
                Failure::new(t!("check.queue_exchange.wrong_count", want = want, n = n))
                    .quote(last)
                    .into(),
            );
        }
        if printed != n {
            return Err(Failure::new(t!(
                "check.queue_exchange.printed_mismatch",
                n = n,
                printed = printed
            ))
            .quote(last)
            .into());
        }
        if let Some(pid) = run.outcome.leftover_processes.first() {
            return Err(
                Failure::new(t!("check.queue_exchange.still_running", pid = pid))
                    .quote(last)
                    .into(),
            );
        }
        let obs = run.observation()?;
        let root_end = obs.root_task().and_then(|t| t.end_us).unwrap_or(u64::MAX);
        for task in obs.processes() {
            match task.end_us {
                Some(end) if end <= root_end => {}
                _ => {
                    return Err(Failure::new(t!(
                        "check.queue_exchange.still_running",
                        pid = task.pid
                    ))
                    .quote(last)
                    .into());
                }
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Outcome;
    use crate::check::testing::failure;
    use crate::observe::Task as KTask;
    use crate::run::fixture::{observed, process, run};

    const ROOT: i32 = 100;

    /// The kernel's view: the root plus one child process per pid, all ended before the root.
    fn kernel(pids: &[i32]) -> Observation {
        let mut tasks = vec![process(ROOT, 1, 0, 10_000, 0)];
        tasks.extend(pids.iter().map(|&p| process(p, ROOT, 100, 5_000, 0)));
        observed(tasks)
    }

    fn good_stdout(plan: &RunPlan) -> String {
        let mut out = String::new();
        let tasks = tasks_of(plan);
        for t in tasks.iter().rev() {
            out += &format!(
                "result id={} op={} a={} b={} value={} worker={}\n",
                t.id,
                t.op,
                t.a,
                t.b,
                t.value,
                200 + t.id
            );
        }
        let big = big_bytes_of(plan);
        for k in 0..big_workers_of(plan) {
            out += &format!(
                "big bytes={big} checksum={:016x} worker={}\n",
                big_checksum(big),
                300 + k
            );
        }
        out += &format!("queue closed results={}\n", expected_messages(plan));
        out
    }

    fn pids_of(plan: &RunPlan) -> Vec<i32> {
        let mut pids: Vec<i32> = (0..tasks_of(plan).len() as i32).map(|i| 200 + i).collect();
        pids.extend((0..big_workers_of(plan) as i32).map(|k| 300 + k));
        pids
    }

    fn plans() -> Vec<RunPlan> {
        vec![
            RunPlan::new("defaults"),
            RunPlan::new("random 1/1").param("tasks", "pow:3:4,mul:7:6,add:1:1,pow:9:15,add:0:0"),
            RunPlan::new("big 1/1")
                .param("tasks", "mul:2:3,add:5:5")
                .param("big-bytes", 5000)
                .param("big-workers", 3),
        ]
    }

    /// Good runs, with `edit` applied to the stdout of the run labelled `label`.
    fn runs_with(label: &str, edit: impl Fn(String) -> String, observe: bool) -> Vec<Run> {
        plans()
            .into_iter()
            .map(|p| {
                let mut out = good_stdout(&p);
                if p.label.starts_with(label) {
                    out = edit(out);
                }
                let obs = observe.then(|| kernel(&pids_of(&p)));
                run(p, &out, obs)
            })
            .collect()
    }

    fn good() -> Vec<Run> {
        runs_with("", |s| s, true)
    }

    #[test]
    fn plan_is_varied_and_well_formed() {
        let plans = plan(&mut Rng::new(7));
        assert_eq!(plans.len(), 5);
        for p in &plans[..3] {
            assert!((3..=9).contains(&tasks_of(p).len()));
            assert_eq!(big_workers_of(p), 0);
        }
        // Big runs: many small frames and several big ones, each over the pipe's 64 KiB.
        for p in &plans[3..] {
            assert!(p.label.starts_with(BIG_RUNS));
            assert!((24..=40).contains(&tasks_of(p).len()));
            assert!((200_000..=1_000_000).contains(&big_bytes_of(p)));
            assert!((4..=6).contains(&big_workers_of(p)));
            assert_eq!(expected_messages(p), tasks_of(p).len() + big_workers_of(p));
        }
        assert_eq!(tasks_of(&plans[0])[2].value, 1024);
        // Without --big-workers one big message is sent.
        let one = RunPlan::new("big").param("big-bytes", 70_000);
        assert_eq!(big_workers_of(&one), 1);
    }

    #[test]
    fn checksum_of_the_pattern() {
        // FNV-1a 64 of the empty input is the offset basis; of byte 7 (i = 0) a known value.
        assert_eq!(big_checksum(0), 0xcbf2_9ce4_8422_2325);
        assert_eq!(big_checksum(2_000_000), 0x2db2_ebea_74de_fb4a);
    }

    #[test]
    fn good_runs_pass_every_check() {
        for check in CHECKS {
            assert_eq!((check.eval)(&good()), Outcome::Pass, "{}", check.id);
        }
    }

    #[test]
    fn results_exact_catches_wrong_missing_and_twice() {
        let wrong = runs_with("defaults", |s| s.replace("value=50", "value=51"), true);
        let f = failure(results_exact(&wrong));
        assert!(f.message.contains("must give 50, not 51"), "{}", f.message);
        assert!(f.quotes[0].text.contains("value=51"));

        let missing = runs_with(
            "random",
            |s| {
                s.lines()
                    .filter(|l| !l.contains("id=3"))
                    .map(|l| format!("{l}\n"))
                    .collect()
            },
            true,
        );
        let f = failure(results_exact(&missing));
        assert!(
            f.message.contains("never arrived: id=3 (pow 9 15)"),
            "{}",
            f.message
        );
        assert!(f.run.unwrap().contains("random"));

        let twice = runs_with(
            "defaults",
            |s| format!("result id=0 op=add a=10 b=5 value=15 worker=299\n{s}"),
            true,
        );
        let f = failure(results_exact(&twice));
        assert!(f.message.contains("reported 2 times"), "{}", f.message);
        assert_eq!(f.quotes.len(), 2);

        let swapped = runs_with(
            "defaults",
            |s| s.replace("op=mul a=10", "op=add a=10"),
            true,
        );
        let f = failure(results_exact(&swapped));
        assert!(f.message.contains("garbled"), "{}", f.message);
    }

    #[test]
    fn workers_must_be_distinct_child_processes() {
        // Computed in the parent: every worker= is the main process.
        let parent = runs_with(
            "defaults",
            |s| {
                s.lines()
                    .map(|l| match l.split_once(" worker=") {
                        Some((head, _)) => format!("{head} worker={ROOT}\n"),
                        None => format!("{l}\n"),
                    })
                    .collect()
            },
            true,
        );
        let f = failure(workers_are_processes(&parent));
        assert!(f.message.contains("main process itself"), "{}", f.message);
        assert!(f.quotes[0].text.starts_with("result"));

        // One worker sending two results.
        let shared = runs_with("defaults", |s| s.replace("worker=201", "worker=200"), true);
        let f = failure(workers_are_processes(&shared));
        assert!(
            f.message.contains("worker=200 sent 2 messages"),
            "{}",
            f.message
        );
        assert_eq!(f.quotes.len(), 2);
    }

    #[test]
    fn kernel_checks_without_observation_are_not_verified() {
        let blind = runs_with("", |s| s, false);
        for check in [workers_are_processes, big_message, clean_end] {
            assert!(matches!(check(&blind), Outcome::NotVerified { .. }));
        }
        assert_eq!(results_exact(&blind), Outcome::Pass);
    }

    #[test]
    fn big_message_names_the_join_trap_on_timeout() {
        let mut runs = good();
        runs[2].outcome.ending = Ending::TimedOut;
        runs[2].outcome.stdout.text = "result id=0 op=mul a=2 b=3 value=6 worker=200\n".into();
        let f = failure(big_message(&runs));
        assert!(f.message.contains("classic trap"), "{}", f.message);
        assert!(f.message.contains("5000 bytes"), "{}", f.message);
        assert_eq!(
            f.quotes[0].text,
            "result id=0 op=mul a=2 b=3 value=6 worker=200"
        );
        // The small runs do not send anything big: the other checks look only at those.
        assert_eq!(results_exact(&runs), Outcome::Pass);
    }

    #[test]
    fn big_message_catches_short_torn_and_missing_payloads() {
        let short = runs_with("big", |s| s.replace("bytes=5000", "bytes=4096"), true);
        let f = failure(big_message(&short));
        assert!(
            f.message.contains("5000 bytes were sent but 4096 arrived"),
            "{}",
            f.message
        );
        assert!(f.quotes[0].text.starts_with("big bytes=4096"));

        let torn = runs_with(
            "big",
            |s| s.replace(&format!("{:016x}", big_checksum(5000)), "00000000deadbeef"),
            true,
        );
        let f = failure(big_message(&torn));
        assert!(f.message.contains("different bytes"), "{}", f.message);

        let missing = runs_with(
            "big",
            |s| {
                s.lines()
                    .filter(|l| !l.starts_with("big"))
                    .map(|l| format!("{l}\n"))
                    .collect()
            },
            true,
        );
        let f = failure(big_message(&missing));
        assert!(
            f.message.contains("no big message arrived"),
            "{}",
            f.message
        );

        // Three big senders, two big lines.
        let one_lost = runs_with("big", |s| s.replacen("big bytes", "lost bytes", 1), true);
        let f = failure(big_message(&one_lost));
        assert!(
            f.message
                .contains("2 `big` line(s) were printed, but --big-workers 3 sends 3"),
            "{}",
            f.message
        );
        assert_eq!(f.quotes.len(), 2);

        // One torn payload among the three.
        let torn_one = runs_with(
            "big",
            |s| {
                s.replacen(
                    &format!("{:016x}", big_checksum(5000)),
                    "00000000deadbeef",
                    1,
                )
            },
            true,
        );
        let f = failure(big_message(&torn_one));
        assert!(f.message.contains("different bytes"), "{}", f.message);

        // A reader that gave up on a torn frame: the message says what the run was doing.
        let mut crashed = good();
        crashed[2].outcome.ending = Ending::Finished(crate::observe::Exit::Code(1));
        crashed[2].outcome.stderr.text =
            "Error: Custom { kind: InvalidData, error: \"a header line that is not text\" }\n"
                .into();
        let f = failure(big_message(&crashed));
        assert!(
            f.message
                .contains("3 workers each write a 5000-byte frame while 2 others"),
            "{}",
            f.message
        );
        assert!(f.message.contains("PIPE_BUF"), "{}", f.message);

        // The big message must come from its own worker too.
        let same = runs_with("big", |s| s.replace("worker=300", "worker=200"), true);
        let f = failure(big_message(&same));
        assert!(
            f.message.contains("worker=200 sent 2 messages"),
            "{}",
            f.message
        );
    }

    #[test]
    fn clean_end_wants_the_right_count_last_and_no_child_left() {
        let early = runs_with("defaults", |s| s.replace("results=3", "results=2"), true);
        let f = failure(clean_end(&early));
        assert!(f.message.contains("3 messages were sent"), "{}", f.message);
        assert!(f.quotes[0].text.contains("results=2"));

        let not_last = runs_with(
            "defaults",
            |s| format!("{s}result id=9 op=add a=1 b=1 value=2 worker=209\n"),
            true,
        );
        let f = failure(clean_end(&not_last));
        assert!(f.message.contains("must come last"), "{}", f.message);

        let mut orphan = good();
        let obs = orphan[0].outcome.observation.as_mut().unwrap();
        let late: &mut KTask = obs.tasks.iter_mut().find(|t| t.pid == 201).unwrap();
        late.end_us = Some(20_000);
        let f = failure(clean_end(&orphan));
        assert!(
            f.message.contains("process 201 was still running"),
            "{}",
            f.message
        );
        assert!(f.quotes[0].text.starts_with("queue closed"));
    }
}
