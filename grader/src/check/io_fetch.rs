//! 18 io_fetch: the course's feed reader on loopback. The grader starts an HTTP server on
//! 127.0.0.1 (`RunPlan::setup`) that answers each request after a delay, one path with a 500 and
//! one by hanging up; the program fetches N URLs with a pool of W threads and prints each result
//! as it arrives, then a summary.
//!
//! Output of the program:
//!
//! ```text
//! fetched url=<path> bytes=<body length> tid=<tid>   (main, as each result arrives)
//! failed url=<path> why=<word> tid=<tid>             (main: a status other than 200, no answer)
//! summary fetched=<k> failed=<f> workers=<W>
//! ```
//!
//! The server is the observer: it logs every request, when it arrived and was answered (on the
//! run's clock) and how many were in flight at once. "Every URL once", "at most W at once" and
//! "W at once" are read from that log, not from what the program says; the kernel tells the
//! pool's size. The one timing check compares the server's first arrival to its last answer with
//! the halfway point between N/W delays (a pool) and N delays (one at a time), and passes when
//! any run gets under it.

use std::collections::BTreeMap;

use crate::check::invariants::{PoolShape, pool_of_threads};
use crate::check::{Check, Exercise, Failure, Outcome, Problem, any_run, each_healthy_run};
use crate::parse::Line;
use crate::rng::Rng;
use crate::run::setup::{HttpLog, HttpSpec, PORT};
use crate::run::{Run, RunPlan};
use crate::t;

pub static EXERCISE: Exercise = Exercise {
    id: "18",
    slug: "io_fetch",
    plan,
    checks: CHECKS,
};

/// The program's own defaults: the course's feed reader with 4 threads over 12 feeds.
const DEFAULT_WORKERS: u64 = 4;
fn default_urls() -> Vec<String> {
    (1..=12).map(|i| format!("/feed/{i}")).collect()
}

/// The server's delay in the defaults run, and the range of the random runs.
const DEFAULT_DELAY_MS: u64 = 150;
const DELAY_MS: (u64, u64) = (120, 180);

/// Each run takes N/W delays, well under a second; a program that fetches one URL at a time
/// takes N delays (6 s for the stress run) and should still end, to be judged on what it did.
const RUN_LIMIT: std::time::Duration = std::time::Duration::from_secs(12);

fn plan(rng: &mut Rng) -> Vec<RunPlan> {
    let mut runs = vec![
        RunPlan::new("defaults")
            .param("port", PORT)
            .http(HttpSpec {
                delay_ms: DEFAULT_DELAY_MS,
                ..HttpSpec::default()
            })
            .timeout(RUN_LIMIT),
    ];
    let w = rng.range(2, 5);
    let n = w * rng.range(3, 5) + rng.range(0, w - 1);
    let delay = rng.range(DELAY_MS.0, DELAY_MS.1);
    runs.push(random_plan(rng, "random", w, n, delay));
    runs.push(random_plan(rng, "stress", 8, 40, 100));
    runs
}

/// `n` distinct paths for `w` threads; one answered 500, one hung up on.
fn random_plan(rng: &mut Rng, label: &str, w: u64, n: u64, delay_ms: u64) -> RunPlan {
    let mut ids: Vec<u64> = (100..1000).collect();
    rng.shuffle(&mut ids);
    let urls: Vec<String> = ids[..n as usize]
        .iter()
        .map(|id| format!("/news/{id}"))
        .collect();
    let fail = urls[rng.range(0, n / 2 - 1) as usize].clone();
    let hang_up = urls[rng.range(n / 2, n - 1) as usize].clone();
    RunPlan::new(label)
        .param("port", PORT)
        .param("workers", w)
        .param("urls", urls.join(","))
        .http(HttpSpec {
            delay_ms,
            fail: vec![fail],
            hang_up: vec![hang_up],
        })
        .timeout(RUN_LIMIT)
}

/// What a run asked for: W threads, the URLs, how the server answers.
struct Spec {
    workers: u64,
    urls: Vec<String>,
    server: HttpSpec,
}

impl Spec {
    fn of(plan: &RunPlan) -> Spec {
        let urls = plan
            .get::<String>("urls")
            .map(|u| u.split(',').map(str::to_string).collect())
            .unwrap_or_else(default_urls);
        Spec {
            workers: plan.get("workers").unwrap_or(DEFAULT_WORKERS),
            urls,
            server: plan.setup.http.clone().unwrap_or_default(),
        }
    }

    /// How the server answers `url`, in words for the reports: `200`, `500`, `no answer`.
    fn answer(&self, url: &str) -> Answer {
        if self.server.hang_up.iter().any(|u| u == url) {
            Answer::HungUp
        } else if self.server.fail.iter().any(|u| u == url) {
            Answer::Status500
        } else {
            Answer::Body(body_len(url))
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    /// 200 with a body of this many bytes.
    Body(usize),
    Status500,
    HungUp,
}

/// The server's body for `url` is `ok <url>\n`.
fn body_len(url: &str) -> usize {
    url.len() + 4
}

/// The server's log, or why there is none.
fn server_log(run: &Run) -> Result<&HttpLog, Problem> {
    match &run.outcome.http {
        Some(Ok(log)) => Ok(log),
        Some(Err(why)) => Err(Problem::NotVerified(t!("run.not_verified", why = why))),
        None => Err(Failure::new(t!("check.io_fetch.no_server")).into()),
    }
}

/// The `fetched` and `failed` lines, each with its URL.
fn reports(lines: &[Line]) -> Result<Vec<(String, &Line)>, Failure> {
    lines
        .iter()
        .filter(|l| l.tag() == "fetched" || l.tag() == "failed")
        .map(|l| Ok((l.require::<String>("url")?, l)))
        .collect()
}

/// The output lines about `url`, to quote.
fn about<'a>(lines: &'a [Line], url: &str) -> impl Iterator<Item = &'a Line> {
    lines
        .iter()
        .filter(move |l| l.get::<String>("url").as_deref() == Some(url))
}

// ---------------------------------------------------------------------------------------------
// Checks

/// (the server's log) Every URL was requested exactly once, and nothing else was.
fn each_fetched_once(run: &Run) -> Result<(), Problem> {
    let spec = Spec::of(&run.plan);
    let log = server_log(run)?;
    let lines = run.lines();
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &log.requests {
        *count.entry(r.path.as_str()).or_default() += 1;
    }
    if let Some(r) = log.requests.iter().find(|r| !spec.urls.contains(&r.path)) {
        return Err(Failure::new(t!("check.io_fetch.unknown_path", url = r.path)).into());
    }
    if let Some((url, n)) = count.iter().find(|(_, n)| **n > 1) {
        return Err(
            Failure::new(t!("check.io_fetch.requested_twice", url = url, count = n))
                .quote_all(about(&lines, url))
                .into(),
        );
    }
    let missing: Vec<&String> = spec
        .urls
        .iter()
        .filter(|u| !count.contains_key(u.as_str()))
        .collect();
    if let Some(first) = missing.first() {
        return Err(Failure::new(t!(
            "check.io_fetch.never_requested",
            url = first,
            missing = missing.len(),
            total = spec.urls.len()
        ))
        .quote_all(lines.iter().rev().take(2))
        .into());
    }
    Ok(())
}

/// (the output) One `fetched` or `failed` line per URL, saying what the server answered (the
/// body's length for a 200), and a summary that counts them.
fn each_reported(run: &Run) -> Result<(), Problem> {
    let spec = Spec::of(&run.plan);
    let lines = run.lines();
    let reported = reports(&lines)?;
    for url in &spec.urls {
        let mine: Vec<&Line> = reported
            .iter()
            .filter(|(u, _)| u == url)
            .map(|(_, l)| *l)
            .collect();
        let [line] = mine[..] else {
            let message = if mine.is_empty() {
                t!("check.io_fetch.not_reported", url = url)
            } else {
                t!(
                    "check.io_fetch.reported_twice",
                    url = url,
                    count = mine.len()
                )
            };
            return Err(Failure::new(message).quote_all(mine).into());
        };
        match (spec.answer(url), line.tag()) {
            (Answer::Body(bytes), "fetched") if line.require::<usize>("bytes")? != bytes => {
                return Err(Failure::new(t!(
                    "check.io_fetch.wrong_bytes",
                    url = url,
                    bytes = bytes
                ))
                .quote(line)
                .into());
            }
            (Answer::Body(_), "fetched") => {}
            (Answer::Body(bytes), _) => {
                return Err(Failure::new(t!(
                    "check.io_fetch.should_succeed",
                    url = url,
                    bytes = bytes
                ))
                .quote(line)
                .into());
            }
            (bad, "fetched") => {
                let answer = match bad {
                    Answer::Status500 => t!("check.io_fetch.answer_500"),
                    _ => t!("check.io_fetch.answer_none"),
                };
                return Err(Failure::new(t!(
                    "check.io_fetch.should_fail",
                    url = url,
                    answer = answer
                ))
                .quote(line)
                .into());
            }
            _ => {}
        }
    }
    if let Some((url, line)) = reported.iter().find(|(u, _)| !spec.urls.contains(u)) {
        return Err(Failure::new(t!("check.io_fetch.unknown_report", url = url))
            .quote(*line)
            .into());
    }
    let summaries: Vec<&Line> = lines.iter().filter(|l| l.tag() == "summary").collect();
    let [summary] = summaries[..] else {
        return Err(
            Failure::new(t!("check.io_fetch.summary_count", count = summaries.len()))
                .quote_all(lines.iter().rev().take(2))
                .into(),
        );
    };
    let ok = spec
        .urls
        .iter()
        .filter(|u| matches!(spec.answer(u), Answer::Body(_)))
        .count();
    let bad = spec.urls.len() - ok;
    let (f, b): (usize, usize) = (summary.require("fetched")?, summary.require("failed")?);
    if (f, b) != (ok, bad) {
        return Err(Failure::new(t!(
            "check.io_fetch.summary_wrong",
            fetched = ok,
            failed = bad
        ))
        .quote(summary)
        .into());
    }
    Ok(())
}

/// (the server's log) Never more than W requests in flight at once.
fn at_most_w(run: &Run) -> Result<(), Problem> {
    let spec = Spec::of(&run.plan);
    let log = server_log(run)?;
    if u64::from(log.max_in_flight) > spec.workers {
        return Err(Failure::new(t!(
            "check.io_fetch.too_many_in_flight",
            max = log.max_in_flight,
            workers = spec.workers
        ))
        .into());
    }
    Ok(())
}

/// (the server's log) At some moment, W requests were in flight: the pool's threads waited for
/// the server at the same time.
fn w_in_flight(run: &Run) -> Result<(), Problem> {
    let spec = Spec::of(&run.plan);
    let log = server_log(run)?;
    let want = spec.workers.min(spec.urls.len() as u64);
    if u64::from(log.max_in_flight) < want {
        return Err(Failure::new(t!(
            "check.io_fetch.too_few_in_flight",
            max = log.max_in_flight,
            workers = spec.workers
        ))
        .into());
    }
    Ok(())
}

/// From the server's first arrival to its last answer, in ms; and the limit: halfway between a
/// pool's ⌈N/W⌉ delays and one-at-a-time's N delays.
fn span_and_limit(spec: &Spec, log: &HttpLog) -> Option<(u64, u64, u64, u64)> {
    let first = log.requests.iter().map(|r| r.arrived_us).min()?;
    let last = log.requests.iter().map(|r| r.answered_us).max()?;
    let n = spec.urls.len() as u64;
    let pool = n.div_ceil(spec.workers.max(1)) * spec.server.delay_ms;
    let sequential = n * spec.server.delay_ms;
    Some((
        last.saturating_sub(first) / 1000,
        pool,
        sequential,
        (pool + sequential) / 2,
    ))
}

/// (the server's log) In one run at least where N ≥ 2·W, the fetches took less than halfway
/// between N/W delays and N delays.
fn faster_than_sequential(runs: &[Run]) -> Outcome {
    any_run(
        runs,
        "N ≥ 2·W",
        |run| {
            let spec = Spec::of(&run.plan);
            spec.urls.len() as u64 >= 2 * spec.workers
        },
        |run| {
            run.healthy()?;
            let spec = Spec::of(&run.plan);
            let log = server_log(run)?;
            let Some((span, pool, sequential, limit)) = span_and_limit(&spec, log) else {
                return Err(Failure::new(t!("check.io_fetch.nothing_requested")).into());
            };
            if span <= limit {
                return Ok(());
            }
            Err(Failure::new(t!(
                "check.io_fetch.too_slow",
                span = span,
                n = spec.urls.len(),
                workers = spec.workers,
                delay = spec.server.delay_ms,
                pool = pool,
                sequential = sequential,
                limit = limit
            ))
            .into())
        },
        |count, message| t!("check.io_fetch.none_fast", count = count, message = message),
    )
}

/// (kernel) No child process; exactly W threads besides main; every printed tid is one of them.
fn pool_threads(run: &Run) -> Result<(), Problem> {
    let spec = Spec::of(&run.plan);
    let lines = run.lines();
    let obs = run.observation()?;
    let threads = pool_of_threads(obs, spec.workers).map_err(|shape| {
        Failure::new(match shape {
            PoolShape::Processes(count) => t!("check.io_fetch.processes", count = count),
            PoolShape::Threads(count) => t!(
                "check.io_fetch.thread_count",
                count = count,
                workers = spec.workers,
                urls = spec.urls.len()
            ),
        })
    })?;
    for (_, line) in reports(&lines)? {
        let tid: i32 = line.require("tid")?;
        if !threads.contains(&tid) {
            return Err(Failure::new(t!("check.io_fetch.tid_stranger", tid = tid))
                .quote(line)
                .into());
        }
    }
    Ok(())
}

static CHECKS: &[Check] = &[
    Check {
        id: "each_fetched_once",
        points: 3,
        eval: |runs| each_healthy_run(runs, "", each_fetched_once),
    },
    Check {
        id: "each_reported",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", each_reported),
    },
    Check {
        id: "at_most_w",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", at_most_w),
    },
    Check {
        id: "w_in_flight",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", w_in_flight),
    },
    Check {
        id: "faster_than_sequential",
        points: 2,
        eval: faster_than_sequential,
    },
    Check {
        id: "pool_threads",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", pool_threads),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{failure, quoted};
    use crate::observe::Observation;
    use crate::run::fixture::{observed, process, run, thread};
    use crate::run::setup::HttpRequest;

    const ROOT: i32 = 100;

    fn tid(k: u64) -> i32 {
        201 + k as i32
    }

    /// The kernel's view of a pool of `w` threads.
    fn kernel(w: u64) -> Observation {
        let mut tasks = vec![process(ROOT, 1, 0, 10_000, 0)];
        for k in 0..w {
            tasks.push(thread(tid(k), ROOT, 10, 9_000));
        }
        observed(tasks)
    }

    /// What a correct pool does against the plan's server: URL i is fetched by thread i % W in
    /// round i / W, each round one delay long; the output reports them in that order.
    fn good(plan: RunPlan) -> Run {
        let spec = Spec::of(&plan);
        let (w, d) = (spec.workers, spec.server.delay_ms * 1000);
        let mut out = String::new();
        let mut requests = Vec::new();
        for (i, url) in spec.urls.iter().enumerate() {
            let (round, k) = (i as u64 / w, i as u64 % w);
            let arrived_us = 1_000 + round * (d + 500) + k * 50;
            let status = match spec.answer(url) {
                Answer::Body(bytes) => {
                    out += &format!("fetched url={url} bytes={bytes} tid={}\n", tid(k));
                    Some(200)
                }
                Answer::Status500 => {
                    out += &format!("failed url={url} why=status-500 tid={}\n", tid(k));
                    Some(500)
                }
                Answer::HungUp => {
                    out += &format!("failed url={url} why=no-answer tid={}\n", tid(k));
                    None
                }
            };
            requests.push(HttpRequest {
                path: url.clone(),
                arrived_us,
                answered_us: arrived_us + d,
                status,
                in_flight: (k + 1) as u32,
            });
        }
        let ok = spec
            .urls
            .iter()
            .filter(|u| matches!(spec.answer(u), Answer::Body(_)))
            .count();
        out += &format!(
            "summary fetched={ok} failed={} workers={w}\n",
            spec.urls.len() - ok
        );
        let log = HttpLog {
            port: 4242,
            max_in_flight: w.min(spec.urls.len() as u64) as u32,
            requests,
            bad_requests: 0,
        };
        let mut r = run(plan, &out, Some(kernel(w)));
        r.outcome.http = Some(Ok(log));
        r
    }

    fn plans() -> Vec<RunPlan> {
        plan(&mut Rng::new(11))
    }

    fn good_runs() -> Vec<Run> {
        plans().into_iter().map(good).collect()
    }

    fn check(id: &str) -> &'static Check {
        CHECKS.iter().find(|c| c.id == id).expect("no such check")
    }

    /// Check `id` on the good runs with the random run changed by `change`.
    fn with_random(id: &str, change: impl Fn(&mut Run)) -> Outcome {
        let mut runs = good_runs();
        change(&mut runs[1]);
        (check(id).eval)(&runs)
    }

    fn log(r: &mut Run) -> &mut HttpLog {
        r.outcome.http.as_mut().unwrap().as_mut().unwrap()
    }

    #[test]
    fn plan_keeps_the_server_on_loopback_and_every_run_has_one() {
        for seed in 0..30 {
            let runs = plan(&mut Rng::new(seed));
            assert_eq!(runs[0].label, "defaults");
            for r in &runs {
                assert_eq!(r.get::<String>("port").as_deref(), Some(PORT));
                let spec = Spec::of(r);
                assert!(spec.server.delay_ms >= 100, "a wait the threads can share");
                assert!(
                    spec.urls.len() as u64 >= 3 * spec.workers,
                    "{seed}: three rounds"
                );
                let mut u = spec.urls.clone();
                u.sort();
                u.dedup();
                assert_eq!(u.len(), spec.urls.len(), "distinct URLs");
            }
            for r in &runs[1..] {
                let spec = Spec::of(r);
                assert_eq!(spec.server.fail.len(), 1);
                assert_eq!(spec.server.hang_up.len(), 1);
                assert_ne!(spec.server.fail, spec.server.hang_up);
            }
        }
    }

    #[test]
    fn good_runs_pass_every_check() {
        let runs = good_runs();
        for c in CHECKS {
            assert_eq!((c.eval)(&runs), Outcome::Pass, "{}", c.id);
        }
        assert_eq!(EXERCISE.max_points(), 13);
    }

    #[test]
    fn a_stub_fails_every_check() {
        let mut runs = good_runs();
        for r in &mut runs {
            r.outcome.stdout.text.clear();
            r.outcome.stderr.text =
                "thread 'main' panicked at src/main.rs:80:5:\nnot yet implemented: start the pool\n"
                    .into();
            r.outcome.ending = crate::run::Ending::Finished(crate::observe::Exit::Code(101));
            log(r).requests.clear();
        }
        for c in CHECKS {
            assert!(!(c.eval)(&runs).passed(), "{}", c.id);
        }
    }

    #[test]
    fn a_retry_is_a_second_request() {
        let f = failure(with_random("each_fetched_once", |r| {
            let again = log(r).requests[3].clone();
            log(r).requests.push(again);
        }));
        assert!(f.message.contains("2 requests for /news/"), "{}", f.message);
        assert!(!f.quotes.is_empty(), "quotes the program's line about it");
    }

    #[test]
    fn a_url_never_requested_and_a_stranger_fail() {
        let f = failure(with_random("each_fetched_once", |r| {
            log(r).requests.remove(0);
        }));
        assert!(
            f.message.contains("never received a request"),
            "{}",
            f.message
        );
        let f = failure(with_random("each_fetched_once", |r| {
            log(r).requests[0].path = "/news/99999".into();
        }));
        assert!(f.message.contains("/news/99999"), "{}", f.message);
    }

    #[test]
    fn every_url_is_reported_once_as_the_server_answered() {
        let runs = good_runs();
        let spec = Spec::of(&runs[1].plan);
        let failing = spec.server.fail[0].clone();
        let good_url = spec
            .urls
            .iter()
            .find(|u| matches!(spec.answer(u), Answer::Body(_)))
            .unwrap()
            .clone();
        // A failed URL printed as fetched.
        let f = failure(with_random("each_reported", |r| {
            r.outcome.stdout.text = r.outcome.stdout.text.replace(
                &format!("failed url={failing} why=status-500"),
                &format!("fetched url={failing} bytes=3"),
            );
        }));
        assert!(f.message.contains("500"), "{}", f.message);
        // A failure that stopped its thread: never reported.
        let f = failure(with_random("each_reported", |r| {
            let text = r.outcome.stdout.text.clone();
            r.outcome.stdout.text = text
                .lines()
                .filter(|l| !l.contains(&format!("url={failing} ")))
                .map(|l| format!("{l}\n"))
                .collect();
        }));
        assert!(f.message.contains("never reported"), "{}", f.message);
        // Bytes of the whole answer instead of the body.
        let f = failure(with_random("each_reported", |r| {
            let right = format!("url={good_url} bytes={}", body_len(&good_url));
            let wrong = format!("url={good_url} bytes={}", body_len(&good_url) + 90);
            r.outcome.stdout.text = r.outcome.stdout.text.replace(&right, &wrong);
        }));
        assert_eq!(quoted(&f).len(), 1);
        assert!(
            f.message
                .contains(&format!("{} bytes", body_len(&good_url))),
            "{}",
            f.message
        );
        // A summary that counts the failures as fetched.
        let f = failure(with_random("each_reported", |r| {
            let n = spec.urls.len();
            let text = r.outcome.stdout.text.clone();
            let last = text.lines().last().unwrap().to_string();
            r.outcome.stdout.text = text.replace(
                &last,
                &format!("summary fetched={n} failed=0 workers={}", spec.workers),
            );
        }));
        assert!(f.message.contains("summary"), "{}", f.message);
    }

    #[test]
    fn in_flight_at_most_w_and_w_reached() {
        let w = Spec::of(&plans()[1]).workers as u32;
        let f = failure(with_random("at_most_w", |r| log(r).max_in_flight = w + 5));
        assert!(
            f.message.contains(&format!("{} requests in flight", w + 5)),
            "{}",
            f.message
        );
        let f = failure(with_random("w_in_flight", |r| log(r).max_in_flight = 1));
        assert!(f.message.contains("never had more than 1"), "{}", f.message);
    }

    #[test]
    fn one_at_a_time_is_too_slow_and_one_fast_run_is_enough() {
        // Every run one request at a time: N delays.
        let slow: Vec<Run> = good_runs()
            .into_iter()
            .map(|mut r| {
                let d = Spec::of(&r.plan).server.delay_ms * 1000;
                for (i, q) in log(&mut r).requests.iter_mut().enumerate() {
                    q.arrived_us = 1_000 + i as u64 * (d + 200);
                    q.answered_us = q.arrived_us + d;
                }
                r
            })
            .collect();
        let f = failure(faster_than_sequential(&slow));
        assert!(f.message.contains("none of the 3"), "{}", f.message);
        assert!(f.run.is_some());
        let mut mixed = slow.clone();
        mixed[2] = good_runs().remove(2);
        assert_eq!(faster_than_sequential(&mixed), Outcome::Pass);
    }

    #[test]
    fn the_pool_is_w_threads_and_no_process() {
        let f = failure(with_random("pool_threads", |r| {
            let mut k = kernel(Spec::of(&r.plan).workers + 7);
            k.tasks.truncate(k.tasks.len());
            r.outcome.observation = Ok(k);
        }));
        assert!(
            f.message.contains("thread(s) besides main"),
            "{}",
            f.message
        );
        let f = failure(with_random("pool_threads", |r| {
            let mut k = kernel(Spec::of(&r.plan).workers);
            k.tasks.push(process(999, ROOT, 5, 50, 0));
            r.outcome.observation = Ok(k);
        }));
        assert!(f.message.contains("child process"), "{}", f.message);
        let f = failure(with_random("pool_threads", |r| {
            r.outcome.stdout.text = r.outcome.stdout.text.replacen("tid=201", "tid=77", 1);
        }));
        assert!(f.message.contains("tid=77"), "{}", f.message);
    }

    #[test]
    fn without_its_server_log_nothing_passes() {
        let mut runs = good_runs();
        runs[0].outcome.http = Some(Err("bind refused (test)".into()));
        assert!(matches!(
            (check("each_fetched_once").eval)(&runs),
            Outcome::NotVerified { .. }
        ));
        runs[0].outcome.http = None;
        assert!(!(check("at_most_w").eval)(&runs).passed());
    }

    #[test]
    fn a_failure_in_italian() {
        use crate::i18n::{Lang, with_lang};
        let f = failure(with_lang(Lang::It, || {
            with_random("w_in_flight", |r| log(r).max_in_flight = 1)
        }));
        assert!(f.message.contains("richieste"), "{}", f.message);
    }
}
