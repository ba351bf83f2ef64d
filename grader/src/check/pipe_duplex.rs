//! 12 pipe_duplex: parent and child talk both ways over ONE duplex channel (a Unix socket pair
//! made before `fork`, Python's `Pipe()`): R rounds of request and reply, the child computing
//! each reply; then the parent closes its end and the child, never told R, must notice
//! end-of-file and exit by itself.
//!
//! Output (the request of round i+1 is the reply of round i, so rounds cannot overlap):
//!
//! ```text
//! sent round=<i> x=<request>                        (parent, before writing the request)
//! served round=<i> x=<request> reply=<r> child=<pid> (child, before writing the reply)
//! got round=<i> reply=<r>                           (parent, after reading the reply)
//! closing rounds=<R>                                (parent, before closing its end)
//! eof after=<k> child=<pid>                         (child, once a read returned end-of-file)
//! reaped child=<pid> code=<c>                       (parent, after waitpid)
//! ```
//!
//! Every order the checks ask for is causal, never a race: a line printed before a write comes
//! before every line printed after the matching read, as both processes print to one stdout
//! pipe. So a child that stops after a count (it read R from the arguments, or assumed the
//! default 5) is caught when its `eof` line comes before the parent's `closing` line, or when
//! the random runs' R is not the count it assumed.

use std::collections::HashMap;

use crate::check::invariants::{exactly_once, pids_are_child_processes, summary_is_last, the_line};
use crate::check::{Check, Exercise, Failure, Outcome, Problem, each_healthy_run};
use crate::observe::{Exit, Observation, exit_words};
use crate::parse::Line;
use crate::rng::Rng;
use crate::run::{Run, RunPlan};
use crate::t;

pub static EXERCISE: Exercise = Exercise {
    id: "12",
    slug: "pipe_duplex",
    plan,
    checks: CHECKS,
};

/// The program's defaults (`--rounds`, `--start`): Python's `for i in range(5)`.
const DEFAULT_ROUNDS: u64 = 5;
const DEFAULT_START: u64 = 27;

/// Random runs: a few rounds, then more than the default (a child that assumed 5 fails both).
const FEW_ROUNDS: (u64, u64) = (1, 4);
const MORE_ROUNDS: (u64, u64) = (6, 60);
/// The stress run: thousands of rounds, each a real round trip between two processes.
const STRESS_ROUNDS: (u64, u64) = (2_000, 4_000);
/// Requests start below this (every Collatz value on the way fits easily in a u64).
const MAX_START: u64 = 1_000_000;

fn plan(rng: &mut Rng) -> Vec<RunPlan> {
    let random = |rng: &mut Rng, label: &str, rounds: (u64, u64)| {
        RunPlan::new(label)
            .param("rounds", rng.range(rounds.0, rounds.1))
            .param("start", rng.range(1, MAX_START))
    };
    vec![
        RunPlan::new("defaults"),
        random(rng, "random 1/3", FEW_ROUNDS),
        random(rng, "random 2/3", MORE_ROUNDS),
        random(rng, "random 3/3", MORE_ROUNDS),
        random(rng, "stress", STRESS_ROUNDS).timeout(std::time::Duration::from_secs(8)),
    ]
}

static CHECKS: &[Check] = &[
    Check {
        id: "replies_exact",
        points: 3,
        eval: replies_exact,
    },
    Check {
        id: "rounds_alternate",
        points: 2,
        eval: rounds_alternate,
    },
    Check {
        id: "eof_exit",
        points: 3,
        eval: eof_exit,
    },
    Check {
        id: "one_child",
        points: 2,
        eval: one_child,
    },
];

// ---------------------------------------------------------------------------------------------
// What was asked

/// The child's work on one request: the next step of the Collatz sequence.
fn next_step(x: u64) -> u64 {
    if x.is_multiple_of(2) {
        x / 2
    } else {
        3 * x + 1
    }
}

fn rounds_of(plan: &RunPlan) -> u64 {
    plan.get("rounds").unwrap_or(DEFAULT_ROUNDS)
}

/// The conversation a run must hold: round i's request and reply.
fn conversation(plan: &RunPlan) -> Vec<(u64, u64)> {
    let mut x = plan.get("start").unwrap_or(DEFAULT_START);
    (0..rounds_of(plan))
        .map(|_| {
            let reply = next_step(x);
            let round = (x, reply);
            x = reply;
            round
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Reading the output

/// The three lines of a round, by their tag.
const ROUND_TAGS: [&str; 3] = ["sent", "served", "got"];

fn tagged<'a>(lines: &'a [Line], tag: &str) -> Vec<&'a Line> {
    lines.iter().filter(|l| l.tag() == tag).collect()
}

/// Where (index in `lines`) each round's `sent`, `served` and `got` line first appears: one pass,
/// as a stress run prints thousands of rounds.
fn round_positions(lines: &[Line]) -> HashMap<(&str, u64), usize> {
    let mut at = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(tag) = ROUND_TAGS.iter().find(|t| **t == line.tag())
            && let Some(round) = line.get::<u64>("round")
        {
            at.entry((*tag, round)).or_insert(i);
        }
    }
    at
}

// ---------------------------------------------------------------------------------------------
// Checks

/// Every round's three lines, once each, with the request and reply the conversation holds.
fn conversation_right(run: &Run, lines: &[Line]) -> Result<(), Failure> {
    let talk = conversation(&run.plan);
    for tag in ROUND_TAGS {
        let mut got = Vec::new();
        for line in tagged(lines, tag) {
            let round: u64 = line.require("round")?;
            if let Some(&(x, reply)) = talk.get(round as usize) {
                if tag != "got" {
                    let printed: u64 = line.require("x")?;
                    if printed != x {
                        return Err(Failure::new(t!(
                            "check.pipe_duplex.wrong_request",
                            tag = tag,
                            round = round,
                            want = x,
                            got = printed
                        ))
                        .quote(line));
                    }
                }
                if tag != "sent" {
                    let printed: u64 = line.require("reply")?;
                    if printed != reply {
                        return Err(Failure::new(t!(
                            "check.pipe_duplex.wrong_reply",
                            tag = tag,
                            round = round,
                            x = x,
                            want = reply,
                            got = printed
                        ))
                        .quote(line));
                    }
                }
            }
            got.push((round, line));
        }
        exactly_once(
            &t!("check.pipe_duplex.line", tag = tag),
            &t!("check.pipe_duplex.lines", tag = tag),
            0..talk.len() as u64,
            &got,
        )?;
    }
    let closing = the_line(lines, "closing rounds=…", |l| l.tag() == "closing")?;
    let said: u64 = closing.require("rounds")?;
    if said != talk.len() as u64 {
        return Err(Failure::new(t!(
            "check.pipe_duplex.closing_count",
            want = talk.len(),
            got = said
        ))
        .quote(closing));
    }
    Ok(())
}

fn replies_exact(runs: &[Run]) -> Outcome {
    each_healthy_run(runs, "", |run| Ok(conversation_right(run, &run.lines())?))
}

/// Round by round: sent i, served i, got i, then sent i+1; the parent's `closing` after the
/// last `got`.
fn alternation(run: &Run, lines: &[Line]) -> Result<(), Failure> {
    let rounds = rounds_of(&run.plan);
    let positions = round_positions(lines);
    let mut previous: Option<(usize, String)> = None;
    for round in 0..rounds {
        for tag in ROUND_TAGS {
            let Some(&at) = positions.get(&(tag, round)) else {
                return Err(Failure::new(t!(
                    "check.pipe_duplex.round_line_missing",
                    tag = tag,
                    round = round
                ))
                .quote_all(lines.iter().rev().take(3)));
            };
            let this = format!("{tag} round={round}");
            if let Some((before, name)) = &previous
                && at < *before
            {
                return Err(Failure::new(t!(
                    "check.pipe_duplex.out_of_turn",
                    later = this,
                    earlier = name
                ))
                .quote(&lines[at])
                .quote(&lines[*before]));
            }
            previous = Some((at, this));
        }
    }
    let closing = the_line(lines, "closing rounds=…", |l| l.tag() == "closing")?;
    if let Some((before, name)) = &previous
        && closing.no - 1 < *before
    {
        return Err(
            Failure::new(t!("check.pipe_duplex.closed_early", earlier = name))
                .quote(closing)
                .quote(&lines[*before]),
        );
    }
    Ok(())
}

fn rounds_alternate(runs: &[Run]) -> Outcome {
    each_healthy_run(runs, "", |run| Ok(alternation(run, &run.lines())?))
}

/// The one child process the kernel saw, or why there is not exactly one.
fn only_child<'a>(
    obs: &'a Observation,
    lines: &[Line],
) -> Result<&'a crate::observe::Task, Failure> {
    let children: Vec<_> = obs.processes().collect();
    match children[..] {
        [one] => Ok(one),
        _ => Err(
            Failure::new(t!("check.pipe_duplex.child_count", count = children.len()))
                .quote_all(tagged(lines, "served").into_iter().take(2)),
        ),
    }
}

/// The child printed `eof after=R` once, after the parent's `closing` line, from its own pid,
/// and the kernel saw it exit with code 0 by itself.
fn eof_seen(run: &Run, lines: &[Line], obs: &Observation) -> Result<(), Failure> {
    let rounds = rounds_of(&run.plan);
    let child = only_child(obs, lines)?;
    match &child.exit {
        Some(Exit::Code(0)) => {}
        Some(exit) => {
            let how = exit_words(exit);
            let message = if matches!(exit, Exit::Signal(_)) {
                t!("check.pipe_duplex.child_killed", pid = child.pid, how = how)
            } else {
                t!("check.pipe_duplex.child_failed", pid = child.pid, how = how)
            };
            return Err(Failure::new(message).quote_all(lines.iter().rev().take(3)));
        }
        None => {
            return Err(Failure::new(t!(
                "check.pipe_duplex.child_never_ended",
                pid = child.pid
            )));
        }
    }
    let eof = the_line(lines, "eof after=… child=…", |l| l.tag() == "eof")?;
    let pid: i32 = eof.require("child")?;
    if pid != child.pid {
        pids_are_child_processes(obs, "child", &[eof])?;
        return Err(Failure::new(t!(
            "check.pipe_duplex.eof_other_pid",
            pid = pid,
            child = child.pid
        ))
        .quote(eof));
    }
    let after: u64 = eof.require("after")?;
    if after != rounds {
        return Err(Failure::new(t!(
            "check.pipe_duplex.eof_count",
            rounds = rounds,
            after = after
        ))
        .quote(eof));
    }
    let closing = the_line(lines, "closing rounds=…", |l| l.tag() == "closing")?;
    if eof.no < closing.no {
        return Err(Failure::new(t!("check.pipe_duplex.eof_before_close"))
            .quote(eof)
            .quote(closing));
    }
    Ok(())
}

fn eof_exit(runs: &[Run]) -> Outcome {
    each_healthy_run(runs, "", |run| {
        let lines = run.lines();
        let obs = run.observation()?;
        Ok(eof_seen(run, &lines, obs)?)
    })
}

/// One child process (the kernel's count), the one every `served` and `eof` line names, reaped
/// by the parent before its last line, and nothing left running.
fn single_child(run: &Run, lines: &[Line], obs: &Observation) -> Result<(), Problem> {
    let child_lines: Vec<&Line> = lines
        .iter()
        .filter(|l| l.tag() == "served" || l.tag() == "eof")
        .collect();
    pids_are_child_processes(obs, "child", &child_lines)?;
    let child = only_child(obs, lines)?;
    if let Some(other) = child_lines
        .iter()
        .find(|l| l.get::<i32>("child") != Some(child.pid))
    {
        return Err(
            Failure::new(t!("check.pipe_duplex.two_pids", child = child.pid))
                .quote(other)
                .into(),
        );
    }
    let last = summary_is_last(lines, "reaped child=… code=…", |l| l.tag() == "reaped")?;
    let reaped: i32 = last.require("child")?;
    if reaped != child.pid {
        return Err(Failure::new(t!(
            "check.pipe_duplex.reaped_other",
            pid = reaped,
            child = child.pid
        ))
        .quote(last)
        .into());
    }
    let root_end = obs.root_task().and_then(|t| t.end_us).unwrap_or(u64::MAX);
    let ended_in_time = child.end_us.is_some_and(|end| end <= root_end);
    if !ended_in_time || !run.outcome.leftover_processes.is_empty() {
        return Err(
            Failure::new(t!("check.pipe_duplex.still_running", pid = child.pid))
                .quote(last)
                .into(),
        );
    }
    Ok(())
}

fn one_child(runs: &[Run]) -> Outcome {
    each_healthy_run(runs, "", |run| {
        let lines = run.lines();
        let obs = run.observation()?;
        single_child(run, &lines, obs)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{failure, quoted};
    use crate::run::fixture::{observed, process, run};

    const ROOT: i32 = 100;
    const CHILD: i32 = 200;

    fn kernel() -> Observation {
        observed(vec![
            process(ROOT, 1, 0, 10_000, 0),
            process(CHILD, ROOT, 100, 9_000, 0),
        ])
    }

    fn good_stdout(plan: &RunPlan) -> String {
        let mut out = String::new();
        for (i, (x, reply)) in conversation(plan).into_iter().enumerate() {
            out += &format!("sent round={i} x={x}\n");
            out += &format!("served round={i} x={x} reply={reply} child={CHILD}\n");
            out += &format!("got round={i} reply={reply}\n");
        }
        let rounds = rounds_of(plan);
        out += &format!("closing rounds={rounds}\n");
        out += &format!("eof after={rounds} child={CHILD}\n");
        out += &format!("reaped child={CHILD} code=0\n");
        out
    }

    fn plans() -> Vec<RunPlan> {
        vec![
            RunPlan::new("defaults"),
            RunPlan::new("random 1/1")
                .param("rounds", 8)
                .param("start", 7),
        ]
    }

    /// Good runs, with `edit` applied to the stdout of the runs labelled `label…`.
    fn runs_with(label: &str, edit: impl Fn(String) -> String) -> Vec<Run> {
        plans()
            .into_iter()
            .map(|p| {
                let mut out = good_stdout(&p);
                if p.label.starts_with(label) {
                    out = edit(out);
                }
                run(p, &out, Some(kernel()))
            })
            .collect()
    }

    fn good() -> Vec<Run> {
        runs_with("", |s| s)
    }

    #[test]
    fn plan_varies_rounds_around_the_default() {
        let plans = plan(&mut Rng::new(3));
        assert_eq!(plans.len(), 5);
        assert_eq!(rounds_of(&plans[0]), 5);
        assert!((1..=4).contains(&rounds_of(&plans[1])));
        for p in &plans[2..4] {
            assert!((6..=60).contains(&rounds_of(p)), "{p:?}");
        }
        assert!(rounds_of(&plans[4]) >= 2_000);
        // A child that assumed the default 5 rounds cannot pass a random run.
        assert!(plans[1..].iter().all(|p| rounds_of(p) != 5));
    }

    #[test]
    fn conversation_chains_replies_into_requests() {
        assert_eq!(
            conversation(&RunPlan::new("defaults")),
            [(27, 82), (82, 41), (41, 124), (124, 62), (62, 31)]
        );
    }

    #[test]
    fn good_runs_pass_every_check() {
        for check in CHECKS {
            assert_eq!((check.eval)(&good()), Outcome::Pass, "{}", check.id);
        }
    }

    #[test]
    fn replies_exact_catches_wrong_missing_and_repeated_lines() {
        let wrong = runs_with("defaults", |s| {
            s.replace("reply=41 child", "reply=40 child")
        });
        let f = failure(replies_exact(&wrong));
        assert!(
            f.message.contains("the reply to 82 is 41, not 40"),
            "{}",
            f.message
        );
        assert!(quoted(&f)[0].starts_with("served round=1"));

        let other_request = runs_with("defaults", |s| {
            s.replace("sent round=2 x=41", "sent round=2 x=42")
        });
        let f = failure(replies_exact(&other_request));
        assert!(f.message.contains("must be 41, not 42"), "{}", f.message);

        let lost = runs_with("random", |s| {
            s.lines()
                .filter(|l| !l.starts_with("got round=7"))
                .map(|l| format!("{l}\n"))
                .collect()
        });
        let f = failure(replies_exact(&lost));
        assert!(f.message.contains("never arrived: 7"), "{}", f.message);
        assert!(f.run.unwrap().contains("random"));

        let short = runs_with("defaults", |s| {
            s.replace("closing rounds=5", "closing rounds=4")
        });
        let f = failure(replies_exact(&short));
        assert!(f.message.contains("5 rounds"), "{}", f.message);
    }

    #[test]
    fn rounds_alternate_catches_a_request_sent_before_the_reply() {
        // The parent sent round 1 before it printed the reply of round 0.
        let ahead = runs_with("defaults", |s| {
            s.replace(
                "got round=0 reply=82\nsent round=1 x=82\n",
                "sent round=1 x=82\ngot round=0 reply=82\n",
            )
        });
        let f = failure(rounds_alternate(&ahead));
        assert!(
            f.message
                .contains("`sent round=1` came before `got round=0`"),
            "{}",
            f.message
        );
        assert_eq!(f.quotes.len(), 2);

        let served_first = runs_with("defaults", |s| {
            s.replace(
                "sent round=0 x=27\nserved round=0 x=27 reply=82 child=200\n",
                "served round=0 x=27 reply=82 child=200\nsent round=0 x=27\n",
            )
        });
        let f = failure(rounds_alternate(&served_first));
        assert!(
            f.message
                .contains("`served round=0` came before `sent round=0`"),
            "{}",
            f.message
        );

        let closed_early = runs_with("defaults", |s| {
            let s = s.replace("closing rounds=5\n", "");
            s.replace("got round=4", "closing rounds=5\ngot round=4")
        });
        let f = failure(rounds_alternate(&closed_early));
        assert!(f.message.contains("before `got round=4`"), "{}", f.message);
    }

    #[test]
    fn eof_exit_catches_a_child_that_stops_on_a_count() {
        // The child stopped after its count: its eof line comes before the parent closed.
        let counted = runs_with("random", |s| {
            let s = s.replace("eof after=8 child=200\n", "");
            s.replace(
                "closing rounds=8",
                "eof after=8 child=200\nclosing rounds=8",
            )
        });
        let f = failure(eof_exit(&counted));
        assert!(
            f.message.contains("before the parent closed"),
            "{}",
            f.message
        );
        assert_eq!(f.quotes.len(), 2);

        let wrong_count = runs_with("random", |s| s.replace("eof after=8", "eof after=5"));
        let f = failure(eof_exit(&wrong_count));
        assert!(f.message.contains("8 requests, not 5"), "{}", f.message);

        let missing = runs_with("defaults", |s| s.replace("eof after=5 child=200\n", ""));
        let f = failure(eof_exit(&missing));
        assert!(f.message.contains("was never printed"), "{}", f.message);
    }

    #[test]
    fn eof_exit_wants_the_child_to_exit_zero_by_itself() {
        let mut killed = good();
        let obs = killed[0].outcome.observation.as_mut().unwrap();
        obs.tasks[1].exit = Some(Exit::Signal("SIGTERM".into()));
        let f = failure(eof_exit(&killed));
        assert!(f.message.contains("was killed by SIGTERM"), "{}", f.message);
        assert!(f.message.contains("close your end"), "{}", f.message);

        let mut failed = good();
        let obs = failed[1].outcome.observation.as_mut().unwrap();
        obs.tasks[1].exit = Some(Exit::Code(1));
        let f = failure(eof_exit(&failed));
        assert!(f.message.contains("exit code 1"), "{}", f.message);
    }

    #[test]
    fn one_child_wants_one_process_named_and_reaped() {
        // Two children.
        let mut two = good();
        let obs = two[0].outcome.observation.as_mut().unwrap();
        obs.tasks.push(process(201, ROOT, 200, 8_000, 0));
        let f = failure(one_child(&two));
        assert!(f.message.contains("2 child process(es)"), "{}", f.message);

        // The child printed the parent's pid.
        let parent_pid = runs_with("defaults", |s| s.replace("child=200", "child=100"));
        let f = failure(one_child(&parent_pid));
        assert!(f.message.contains("main process itself"), "{}", f.message);

        // Reaped but still running when the parent ended.
        let mut late = good();
        let obs = late[0].outcome.observation.as_mut().unwrap();
        obs.tasks[1].end_us = Some(20_000);
        let f = failure(one_child(&late));
        assert!(f.message.contains("still running"), "{}", f.message);

        let not_last = runs_with("defaults", |s| format!("{s}sent round=9 x=1\n"));
        let f = failure(one_child(&not_last));
        assert!(f.message.contains("must come last"), "{}", f.message);
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
        for check in [eof_exit, one_child] {
            assert!(matches!(check(&blind), Outcome::NotVerified { .. }));
        }
        assert_eq!(replies_exact(&blind), Outcome::Pass);
        assert_eq!(rounds_alternate(&blind), Outcome::Pass);
    }
}
