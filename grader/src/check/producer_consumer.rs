//! 05 producer_consumer: P producer processes put N items each on a bounded queue between
//! processes (a POSIX message queue of capacity Q, where a put blocks while it is full); C
//! consumer processes take items until each gets its sentinel, which the parent puts once every
//! producer has ended.
//!
//! Output (lines of different processes interleave; `pid` is the printing process):
//!
//! ```text
//! put producer=<p> seq=<s> pid=<pid>                (after the put returned)
//! got consumer=<c> producer=<p> seq=<s> pid=<pid>   (after the get returned)
//! consumer <c> pid=<pid> done consumed=<count>
//! all done produced=<P*N> consumed=<total>
//! ```
//!
//! Whether the queue is really bounded cannot be read from the output, but the kernel shows it
//! twice. The supervisor reads the real attributes of every message queue the run creates
//! (`mq_getattr` in the run's IPC namespace): one of them must hold exactly Q messages. And the
//! clock: with slow consumers (each sleeps D ms after every get) and a queue of Q slots, the
//! producers cannot have put all P·N items before consumers took P·N − Q of them, which takes at
//! least D·(P·N − Q − C)/C ms. An unbounded queue lets the producers finish almost at once. (The
//! clock alone cannot tell Q + 1 slots from Q; it is what remains where the grader has no IPC
//! namespace.) After the run, the namespace must be empty: a queue never `mq_unlink`ed would
//! stay on the machine.

use std::collections::BTreeMap;
use std::fmt;

use crate::check::invariants::{
    exactly_once, increasing_per_key, pids_are_child_processes, summary_is_last,
};
use crate::check::{Check, Exercise, Failure, Outcome, Problem, each_run, ms};
use crate::observe::Exit;
use crate::parse::Line;
use crate::rng::Rng;
use crate::run::{Ending, Run, RunPlan, exit_words};
use crate::t;

pub static EXERCISE: Exercise = Exercise {
    id: "05",
    slug: "producer_consumer",
    plan,
    checks: CHECKS,
};

/// The program's defaults: `--producers 2 --items 5 --consumers 3 --capacity 4 --consume-ms 0`.
const DEFAULTS: Params = Params {
    producers: 2,
    items: 5,
    consumers: 3,
    capacity: 4,
    consume_ms: 0,
};

/// A correct program's last producer ends no earlier than this share of the lower bound. The
/// bound is exact arithmetic on sleeps (which never end early), so the margin is generous.
const BOUND_SHARE: f64 = 0.6;

fn plan(rng: &mut Rng) -> Vec<RunPlan> {
    let mut runs = vec![RunPlan::new("defaults")];
    for k in 1..=2 {
        runs.push(
            RunPlan::new(format!("random {k}/2"))
                .param("producers", rng.range(1, 3))
                .param("items", rng.range(3, 8))
                .param("consumers", rng.range(1, 4))
                .param("capacity", rng.range(1, 10))
                .param("consume-ms", rng.range(0, 1)),
        );
    }
    // Slow consumers, a small queue: the bound is 40 × (12 − Q − 2) / 2 ≥ 140 ms, while a queue
    // that ignores the capacity (10 slots) lets the producers finish within a few ms (measured:
    // 2–10 ms idle, up to 22 ms with two CPU hogs on two cores; the threshold is ≥ 84 ms).
    // At least 2 slots: when the last producer ends, the queue is full of items the slow
    // consumers have not taken yet, so a sentinel sent with a higher priority overtakes them
    // (with 1 slot the parent's first put waits until the queue is empty, and nothing is
    // overtaken).
    for k in 1..=2 {
        runs.push(
            RunPlan::new(format!("bound {k}/2"))
                .param("producers", 2)
                .param("items", 6)
                .param("consumers", 2)
                .param("capacity", rng.range(2, 3))
                .param("consume-ms", 40),
        );
    }
    runs
}

static CHECKS: &[Check] = &[
    Check {
        id: "exactly_once",
        points: 3,
        eval: exactly_once_check,
    },
    Check {
        id: "per_producer_order",
        points: 2,
        eval: per_producer_order,
    },
    Check {
        id: "consumers_end",
        points: 2,
        eval: consumers_end,
    },
    Check {
        id: "bounded",
        points: 2,
        eval: bounded,
    },
    Check {
        id: "no_queue_left",
        points: 1,
        eval: no_queue_left,
    },
];

// ---------------------------------------------------------------------------------------------
// What was asked

#[derive(Debug, Clone, Copy)]
struct Params {
    producers: u32,
    items: u32,
    consumers: u32,
    capacity: u32,
    consume_ms: u64,
}

fn params_of(plan: &RunPlan) -> Params {
    Params {
        producers: plan.get("producers").unwrap_or(DEFAULTS.producers),
        items: plan.get("items").unwrap_or(DEFAULTS.items),
        consumers: plan.get("consumers").unwrap_or(DEFAULTS.consumers),
        capacity: plan.get("capacity").unwrap_or(DEFAULTS.capacity),
        consume_ms: plan.get("consume-ms").unwrap_or(DEFAULTS.consume_ms),
    }
}

impl Params {
    fn total(&self) -> u32 {
        self.producers * self.items
    }

    /// The lower bound, in µs, on when the last producer can end: D · (P·N − Q − C) / C.
    fn bound_us(&self) -> u64 {
        let n = self.total() as i64 - self.capacity as i64 - self.consumers as i64;
        (n.max(0) as u64 * self.consume_ms * 1000) / u64::from(self.consumers)
    }
}

/// One item: producer and seq.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Item {
    producer: u32,
    seq: u32,
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "producer={} seq={}", self.producer, self.seq)
    }
}

fn produced(p: &Params) -> Vec<Item> {
    (0..p.producers)
        .flat_map(|producer| (0..p.items).map(move |seq| Item { producer, seq }))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Reading the output

fn lines_tagged<'a>(lines: &'a [Line], tag: &str) -> Vec<&'a Line> {
    lines.iter().filter(|l| l.tag() == tag).collect()
}

fn item_of(line: &Line) -> Result<Item, Failure> {
    Ok(Item {
        producer: line.require("producer")?,
        seq: line.require("seq")?,
    })
}

/// `got` lines grouped by consumer, each group in output order.
fn got_by_consumer(lines: &[Line]) -> Result<BTreeMap<u32, Vec<&Line>>, Failure> {
    let mut by: BTreeMap<u32, Vec<&Line>> = BTreeMap::new();
    for line in lines_tagged(lines, "got") {
        by.entry(line.require("consumer")?).or_default().push(line);
    }
    Ok(by)
}

/// `consumer <c> pid=… done consumed=…` lines, with the consumer number.
fn done_lines(lines: &[Line]) -> Result<Vec<(u32, &Line)>, Failure> {
    lines
        .iter()
        .filter(|l| l.tag() == "consumer" && l.has_word("done"))
        .map(|l| {
            let c = l
                .words()
                .get(1)
                .and_then(|w| w.parse().ok())
                .ok_or_else(|| {
                    Failure::new(t!("check.producer_consumer.bad_done", line = l.no)).quote(l)
                })?;
            Ok((c, l))
        })
        .collect()
}

/// Every line of `lines` prints the same `pid=`; returns it.
fn one_pid(who: &str, lines: &[&Line]) -> Result<i32, Failure> {
    let first: i32 = lines[0].require("pid")?;
    for line in &lines[1..] {
        let pid: i32 = line.require("pid")?;
        if pid != first {
            return Err(Failure::new(t!(
                "check.producer_consumer.two_pids",
                who = who,
                first = first,
                pid = pid
            ))
            .quote(lines[0])
            .quote(line));
        }
    }
    Ok(first)
}

// ---------------------------------------------------------------------------------------------
// Health

/// Like [`crate::check::each_healthy_run`], with this exercise's reading of an unhealthy run
/// ([`healthy`]).
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

/// [`Run::healthy`], except that a program that died of `EINVAL` without ever creating a
/// message queue is told why: `mq_open` refused to create it.
fn healthy(run: &Run) -> Result<(), Failure> {
    run.healthy().map_err(|f| {
        if !mq_open_refused(run) {
            return f;
        }
        let mut why = Failure::new(t!(
            "check.producer_consumer.mq_open_einval",
            error = f.message
        ))
        .hint(t!("check.producer_consumer.mq_open_einval.hint"));
        why.quotes = f.quotes;
        why
    })
}

/// Whether the run ended with an error that shows `EINVAL` and no message queue was created
/// (or, where the grader cannot see the queues, the error names `mq_open`).
fn mq_open_refused(run: &Run) -> bool {
    let o = &run.outcome;
    let err = &o.stderr.text;
    let einval = ["EINVAL", "Invalid argument", "os error 22"]
        .iter()
        .any(|s| err.contains(s));
    let no_queue = match &o.ipc {
        Ok(ipc) => ipc.queues.is_empty(),
        Err(_) => err.contains("mq_open"),
    };
    matches!(o.ending, Ending::Finished(_)) && einval && no_queue
}

// ---------------------------------------------------------------------------------------------
// Checks

fn exactly_once_check(runs: &[Run]) -> Outcome {
    each_healthy(runs, "", |run| {
        let p = params_of(&run.plan);
        let lines = run.lines();
        let got: Vec<(Item, &Line)> = lines_tagged(&lines, "got")
            .into_iter()
            .map(|l| Ok((item_of(l)?, l)))
            .collect::<Result<_, Failure>>()?;
        exactly_once(
            &t!("check.producer_consumer.item"),
            &t!("check.producer_consumer.items"),
            produced(&p),
            &got,
        )?;
        let put: Vec<(Item, &Line)> = lines_tagged(&lines, "put")
            .into_iter()
            .map(|l| Ok((item_of(l)?, l)))
            .collect::<Result<_, Failure>>()?;
        exactly_once(
            &t!("check.producer_consumer.put_report"),
            &t!("check.producer_consumer.put_reports"),
            produced(&p),
            &put,
        )?;
        Ok(())
    })
}

/// Display of the key "producer p as seen by consumer c".
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Stream {
    consumer: u32,
    producer: u32,
}

impl fmt::Display for Stream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&t!(
            "check.producer_consumer.stream",
            producer = self.producer,
            consumer = self.consumer
        ))
    }
}

fn per_producer_order(runs: &[Run]) -> Outcome {
    each_healthy(runs, "", |run| {
        let lines = run.lines();
        let mut items = Vec::new();
        for line in lines_tagged(&lines, "got") {
            let item = item_of(line)?;
            let key = Stream {
                consumer: line.require("consumer")?,
                producer: item.producer,
            };
            items.push((key, item.seq, line));
        }
        Ok(increasing_per_key(
            &t!("check.producer_consumer.the_items"),
            &items,
        )?)
    })
}

fn consumers_end(runs: &[Run]) -> Outcome {
    each_healthy(runs, "", |run| {
        let p = params_of(&run.plan);
        let lines = run.lines();
        let last = summary_is_last(&lines, "all done produced=… consumed=…", |l| {
            l.tag() == "all" && l.has_word("done")
        })?;
        let got = got_by_consumer(&lines)?;
        let done = done_lines(&lines)?;
        let mut consumer_pids = Vec::new();
        let mut sum = 0;
        for c in 0..p.consumers {
            let mine: Vec<&Line> = done
                .iter()
                .filter(|(k, _)| *k == c)
                .map(|(_, l)| *l)
                .collect();
            let line = match mine.as_slice() {
                [one] => *one,
                [] => {
                    return Err(Failure::new(t!("check.producer_consumer.no_done", c = c))
                        .quote(last)
                        .into());
                }
                many => {
                    return Err(Failure::new(t!(
                        "check.producer_consumer.done_twice",
                        c = c,
                        count = many.len()
                    ))
                    .quote_all(many.iter().copied())
                    .into());
                }
            };
            let count: u32 = line.require("consumed")?;
            let taken = got.get(&c).map(Vec::as_slice).unwrap_or_default();
            if count as usize != taken.len() {
                return Err(Failure::new(t!(
                    "check.producer_consumer.count_mismatch",
                    c = c,
                    count = taken.len(),
                    consumed = count
                ))
                .quote(line)
                .into());
            }
            let mut own = taken.to_vec();
            own.push(line);
            let who = t!("check.producer_consumer.consumer", c = c);
            consumer_pids.push((one_pid(&who, &own)?, line));
            sum += count;
        }
        if let Some((c, line)) = done.iter().find(|(c, _)| *c >= p.consumers) {
            return Err(Failure::new(t!(
                "check.producer_consumer.no_such_consumer",
                c = c,
                n = p.consumers
            ))
            .quote(line)
            .into());
        }
        let (produced_n, consumed_n): (u32, u32) =
            (last.require("produced")?, last.require("consumed")?);
        if (produced_n, consumed_n, sum) != (p.total(), p.total(), p.total()) {
            return Err(Failure::new(t!(
                "check.producer_consumer.totals",
                total = p.total(),
                producers = p.producers,
                items = p.items,
                sum = sum,
                produced = produced_n,
                consumed = consumed_n
            ))
            .quote_all(done.iter().map(|(_, l)| *l))
            .quote(last)
            .into());
        }

        // The kernel: P + C children of the main process, each ended with 0 before it did.
        let obs = run.observation()?;
        let lines_of_pids: Vec<&Line> = consumer_pids.iter().map(|(_, l)| *l).collect();
        pids_are_child_processes(obs, "pid", &lines_of_pids)?;
        let children: Vec<_> = obs.children_of(obs.root).collect();
        let want = (p.producers + p.consumers) as usize;
        if children.len() != want {
            return Err(Failure::new(t!(
                "check.producer_consumer.child_count",
                count = children.len(),
                producers = p.producers,
                consumers = p.consumers,
                want = want
            ))
            .quote(last)
            .into());
        }
        let root_end = obs.root_task().and_then(|t| t.end_us).unwrap_or(u64::MAX);
        for child in children {
            if child.end_us.is_none_or(|end| end > root_end) {
                return Err(Failure::new(t!(
                    "check.producer_consumer.still_running",
                    pid = child.pid
                ))
                .quote(last)
                .into());
            }
            if child.exit != Some(Exit::Code(0)) {
                let how = child
                    .exit
                    .as_ref()
                    .map_or_else(|| t!("check.producer_consumer.unknown_status"), exit_words);
                return Err(Failure::new(t!(
                    "check.producer_consumer.bad_exit",
                    pid = child.pid,
                    how = how
                ))
                .into());
            }
        }
        Ok(())
    })
}

/// The queue holds exactly --capacity messages, as the kernel says (every run); the producers
/// of the bound runs ended no earlier than the consumers let them.
fn bounded(runs: &[Run]) -> Outcome {
    each_healthy(runs, "", queue_size).and(each_healthy(runs, "bound", |run| {
        let p = params_of(&run.plan);
        let lines = run.lines();
        let puts = lines_tagged(&lines, "put");
        // Each producer's pid, as printed; then the kernel must confirm each is a process.
        let mut producer_pids = Vec::new();
        for producer in 0..p.producers {
            let mine: Vec<&Line> = puts
                .iter()
                .copied()
                .filter(|l| l.get::<u32>("producer") == Some(producer))
                .collect();
            if mine.is_empty() {
                return Err(Failure::new(t!(
                    "check.producer_consumer.no_put",
                    producer = producer
                ))
                .quote_all(run.last_lines(3).iter())
                .into());
            }
            let who = t!("check.producer_consumer.producer", producer = producer);
            let pid = one_pid(&who, &mine)?;
            producer_pids.push((pid, *mine.last().unwrap()));
        }
        let obs = run.observation()?;
        let last_puts: Vec<&Line> = producer_pids.iter().map(|(_, l)| *l).collect();
        pids_are_child_processes(obs, "pid", &last_puts)?;
        let mut last: Option<(u64, i32, &Line)> = None;
        for (pid, line) in &producer_pids {
            let end = obs.get(*pid).and_then(|t| t.end_us).unwrap_or(u64::MAX);
            if last.is_none_or(|(e, _, _)| end > e) {
                last = Some((end, *pid, line));
            }
        }
        let (end, pid, line) = last.expect("at least one producer");
        let bound = p.bound_us();
        if (end as f64) < BOUND_SHARE * bound as f64 {
            return Err(Failure::new(t!(
                "check.producer_consumer.unbounded",
                pid = pid,
                end = ms(end),
                capacity = p.capacity,
                consumers = p.consumers,
                every = p.consume_ms,
                total = p.total(),
                bound = ms(bound)
            ))
            .quote(line)
            .into());
        }
        Ok(())
    }))
}

/// One of the message queues the run created holds exactly --capacity messages (`mq_maxmsg`).
/// Passes when the grader saw no queue it could read (no IPC namespace here, or a queue
/// unlinked before the grader opened it): the clock of the bound runs still judges those.
fn queue_size(run: &Run) -> Result<(), Problem> {
    let p = params_of(&run.plan);
    let Ok(ipc) = &run.outcome.ipc else {
        return Ok(());
    };
    let read: Vec<(&str, i64)> = ipc
        .queues
        .iter()
        .filter_map(|q| Some((q.name.as_str(), q.attr?.max_messages)))
        .collect();
    if read.is_empty() || read.iter().any(|(_, max)| *max == i64::from(p.capacity)) {
        return Ok(());
    }
    let queues = read
        .iter()
        .map(|(name, max)| t!("check.producer_consumer.queue", name = name, max = max))
        .collect::<Vec<_>>()
        .join(", ");
    Err(Failure::new(t!(
        "check.producer_consumer.queue_size",
        queues = queues,
        capacity = p.capacity
    ))
    .quote_all(run.last_lines(1).iter())
    .into())
}

/// Nothing is left in the run's IPC namespace when it ends: the queue was `mq_unlink`ed.
fn no_queue_left(runs: &[Run]) -> Outcome {
    each_healthy(runs, "", |run| {
        let ipc = run
            .outcome
            .ipc
            .as_ref()
            .map_err(|why| Problem::NotVerified(t!("run.not_verified", why = why)))?;
        if ipc.leftover.is_empty() {
            return Ok(());
        }
        Err(Failure::new(t!(
            "check.producer_consumer.ipc_left",
            count = ipc.leftover.len(),
            names = ipc.leftover.join(", ")
        ))
        .into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::failure;
    use crate::observe::Observation;
    use crate::run::fixture::{observed, process, run};
    use crate::run::{IpcReport, QueueAttr, QueueSeen};

    const ROOT: i32 = 100;

    fn producer_pid(p: u32) -> i32 {
        200 + p as i32
    }

    fn consumer_pid(c: u32) -> i32 {
        300 + c as i32
    }

    /// A correct interleaving: items dealt round-robin to consumers in FIFO order.
    fn good_stdout(p: &Params) -> String {
        let mut out = String::new();
        let mut counts = vec![0; p.consumers as usize];
        for (k, item) in produced(p).into_iter().enumerate() {
            out += &format!(
                "put producer={} seq={} pid={}\n",
                item.producer,
                item.seq,
                producer_pid(item.producer)
            );
            let c = (k as u32) % p.consumers;
            counts[c as usize] += 1;
            out += &format!(
                "got consumer={c} producer={} seq={} pid={}\n",
                item.producer,
                item.seq,
                consumer_pid(c)
            );
        }
        for c in 0..p.consumers {
            out += &format!(
                "consumer {c} pid={} done consumed={}\n",
                consumer_pid(c),
                counts[c as usize]
            );
        }
        out += &format!("all done produced={0} consumed={0}\n", p.total());
        out
    }

    /// Producers end at `producers_end_us`; consumers a little later; the root last.
    fn kernel(p: &Params, producers_end_us: u64) -> Observation {
        let mut tasks = vec![process(ROOT, 1, 0, producers_end_us + 60_000, 0)];
        for c in 0..p.consumers {
            tasks.push(process(
                consumer_pid(c),
                ROOT,
                500,
                producers_end_us + 40_000,
                0,
            ));
        }
        for k in 0..p.producers {
            tasks.push(process(producer_pid(k), ROOT, 600, producers_end_us, 0));
        }
        observed(tasks)
    }

    fn bound_plan(capacity: u32) -> RunPlan {
        RunPlan::new("bound 1/1")
            .param("producers", 2)
            .param("items", 6)
            .param("consumers", 2)
            .param("capacity", capacity)
            .param("consume-ms", 40)
    }

    /// A good set of runs; the bound run's producers end at `end_us`; `edit` changes the
    /// stdout of the runs labelled `label`.
    fn runs_with(label: &str, edit: impl Fn(String) -> String, observe: bool) -> Vec<Run> {
        let plans = vec![
            RunPlan::new("defaults"),
            RunPlan::new("random 1/1")
                .param("producers", 3)
                .param("items", 4)
                .param("consumers", 1)
                .param("capacity", 7),
            bound_plan(3),
        ];
        plans
            .into_iter()
            .map(|plan| {
                let p = params_of(&plan);
                let mut out = good_stdout(&p);
                if plan.label.starts_with(label) {
                    out = edit(out);
                }
                let obs = observe.then(|| kernel(&p, 130_000));
                run(plan, &out, obs)
            })
            .collect()
    }

    fn good() -> Vec<Run> {
        runs_with("", |s| s, true)
    }

    fn without(s: String, needle: &str) -> String {
        s.lines()
            .filter(|l| !l.contains(needle))
            .map(|l| format!("{l}\n"))
            .collect()
    }

    #[test]
    fn plan_and_bound() {
        let plans = plan(&mut Rng::new(3));
        assert_eq!(plans.len(), 5);
        for plan in plans.iter().filter(|p| p.label.starts_with("bound")) {
            let p = params_of(plan);
            assert!(p.bound_us() >= 140_000, "{plan:?}");
            // Room for items to wait behind the sentinels' put: a stop sent with a higher
            // priority would overtake them.
            assert!((2..=3).contains(&p.capacity), "{plan:?}");
        }
        // D · (P·N − Q − C) / C with P=2, N=6, C=2, D=40.
        assert_eq!(params_of(&bound_plan(1)).bound_us(), 180_000);
        assert_eq!(params_of(&bound_plan(3)).bound_us(), 140_000);
        assert_eq!(DEFAULTS.bound_us(), 0);
    }

    #[test]
    fn good_runs_pass_every_check() {
        for check in CHECKS {
            assert_eq!((check.eval)(&good()), Outcome::Pass, "{}", check.id);
        }
    }

    #[test]
    fn exactly_once_catches_lost_and_doubled_items() {
        let lost = runs_with(
            "defaults",
            |s| without(s, "got consumer=2 producer=1 seq=0"),
            true,
        );
        let f = failure(exactly_once_check(&lost));
        assert!(
            f.message.contains("never arrived: producer=1 seq=0"),
            "{}",
            f.message
        );

        let twice = runs_with(
            "random",
            |s| format!("got consumer=0 producer=2 seq=3 pid=300\n{s}"),
            true,
        );
        let f = failure(exactly_once_check(&twice));
        assert!(f.message.contains("reported 2 times"), "{}", f.message);
        assert_eq!(f.quotes.len(), 2);

        let never_put = runs_with("defaults", |s| without(s, "put producer=0 seq=4"), true);
        let f = failure(exactly_once_check(&never_put));
        assert!(f.message.contains("put report"), "{}", f.message);
    }

    #[test]
    fn per_producer_order_is_per_consumer() {
        // Across consumers the order is free: consumer 1's line printed before consumer 0's.
        let mut swapped = good();
        swapped[0].outcome.stdout.text = "got consumer=1 producer=0 seq=1 pid=301\n\
             got consumer=0 producer=0 seq=0 pid=300\n"
            .into();
        assert_eq!(per_producer_order(&swapped), Outcome::Pass);

        // Within one consumer it is not (the random run has a single consumer).
        let reordered = runs_with(
            "random",
            |s| format!("{s}got consumer=0 producer=1 seq=0 pid=300\n"),
            true,
        );
        let f = failure(per_producer_order(&reordered));
        assert!(
            f.message
                .contains("producer 1 as taken by consumer 0 out of order: 0 came after 3"),
            "{}",
            f.message
        );
        assert_eq!(f.quotes.len(), 2);
    }

    #[test]
    fn consumers_end_wants_every_count_and_clean_exits() {
        let no_done = runs_with("defaults", |s| without(s, "consumer 2 pid"), true);
        let f = failure(consumers_end(&no_done));
        assert!(
            f.message.contains("consumer 2 never printed"),
            "{}",
            f.message
        );

        let wrong_count = runs_with(
            "defaults",
            |s| {
                s.replace(
                    "consumer 1 pid=301 done consumed=3",
                    "consumer 1 pid=301 done consumed=2",
                )
            },
            true,
        );
        let f = failure(consumers_end(&wrong_count));
        assert!(f.message.contains("reports consumed=2"), "{}", f.message);

        let short = runs_with(
            "defaults",
            |s| {
                s.replace(
                    "all done produced=10 consumed=10",
                    "all done produced=10 consumed=9",
                )
            },
            true,
        );
        let f = failure(consumers_end(&short));
        assert!(f.message.contains("consumed=9"), "{}", f.message);

        let not_last = runs_with(
            "defaults",
            |s| format!("{s}put producer=0 seq=9 pid=200\n"),
            true,
        );
        let f = failure(consumers_end(&not_last));
        assert!(f.message.contains("must come last"), "{}", f.message);

        // The kernel: a child that outlived the main process, or exited badly, or one too many.
        let mut late = good();
        let obs = late[0].outcome.observation.as_mut().unwrap();
        obs.tasks[1].end_us = Some(10_000_000);
        let f = failure(consumers_end(&late));
        assert!(f.message.contains("still running"), "{}", f.message);

        let mut bad_exit = good();
        let obs = bad_exit[0].outcome.observation.as_mut().unwrap();
        obs.tasks[2].exit = Some(Exit::Code(1));
        let f = failure(consumers_end(&bad_exit));
        assert!(f.message.contains("exit code 1"), "{}", f.message);

        let mut extra = good();
        let obs = extra[0].outcome.observation.as_mut().unwrap();
        obs.tasks.push(process(999, ROOT, 1, 2, 0));
        let f = failure(consumers_end(&extra));
        assert!(
            f.message.contains("created 6 child processes"),
            "{}",
            f.message
        );
    }

    #[test]
    fn bounded_needs_producers_to_end_late_enough() {
        // Unbounded: the producers ended after 5 ms.
        let mut fast = good();
        fast[2].outcome.observation = Ok(kernel(&params_of(&fast[2].plan), 5_000));
        let f = failure(bounded(&fast));
        assert!(
            f.message.contains("ended 5.0 ms after the start"),
            "{}",
            f.message
        );
        assert!(f.message.contains("before 140.0 ms"), "{}", f.message);
        assert!(f.quotes[0].text.starts_with("put producer="));

        // Just above the share of the bound passes (sleeps never end early).
        let mut ok = good();
        ok[2].outcome.observation = Ok(kernel(&params_of(&ok[2].plan), 85_000));
        assert_eq!(bounded(&ok), Outcome::Pass);

        // A producer whose printed pid is not a process.
        let fake = runs_with("bound", |s| s.replace("pid=201", "pid=777"), true);
        let f = failure(bounded(&fake));
        assert!(f.message.contains("pid=777"), "{}", f.message);
    }

    /// The kernel saw `queues` (name, maxmsg) in the bound run, and `left` at its end.
    fn with_ipc(queues: &[(&str, i64)], left: &[&str]) -> Vec<Run> {
        let mut runs = good();
        runs[2].outcome.ipc = Ok(IpcReport {
            queues: queues
                .iter()
                .map(|(name, max)| QueueSeen {
                    name: name.to_string(),
                    attr: Some(QueueAttr {
                        max_messages: *max,
                        message_size: 8,
                    }),
                })
                .collect(),
            leftover: left.iter().map(|s| s.to_string()).collect(),
        });
        runs
    }

    #[test]
    fn bounded_wants_the_queue_the_size_asked_for() {
        // The bound run asks for 3 slots; its producers end late enough either way.
        assert_eq!(bounded(&with_ipc(&[("/q-1", 3)], &[])), Outcome::Pass);
        // A second queue of another size (say for the tally) is allowed.
        assert_eq!(
            bounded(&with_ipc(&[("/tally", 10), ("/q-1", 3)], &[])),
            Outcome::Pass
        );
        // One more than asked: the clock cannot tell, the kernel can.
        let f = failure(bounded(&with_ipc(&[("/q-1", 4)], &[])));
        assert!(
            f.message.contains("/q-1 (4 messages), but --capacity is 3"),
            "{}",
            f.message
        );
        assert!(f.run.unwrap().contains("bound"));
        // A queue gone before the grader could read it, or no IPC namespace: the clock judges.
        let mut missed = with_ipc(&[], &[]);
        if let Ok(ipc) = &mut missed[2].outcome.ipc {
            ipc.queues.push(QueueSeen {
                name: "/q-1".into(),
                attr: None,
            });
        }
        assert_eq!(bounded(&missed), Outcome::Pass);
        let mut blind = good();
        blind[2].outcome.ipc = Err("no IPC namespace (test)".into());
        assert_eq!(bounded(&blind), Outcome::Pass);
    }

    #[test]
    fn no_queue_left_names_what_stayed() {
        assert_eq!(no_queue_left(&good()), Outcome::Pass);
        let f = failure(no_queue_left(&with_ipc(
            &[("/forklings-05-42", 3)],
            &["mqueue /forklings-05-42"],
        )));
        assert!(
            f.message.contains(
                "left 1 IPC object(s) in the kernel when it ended: mqueue /forklings-05-42"
            ),
            "{}",
            f.message
        );
        let mut blind = good();
        blind[1].outcome.ipc = Err("namespaces refused (test)".into());
        assert!(matches!(
            no_queue_left(&blind),
            Outcome::NotVerified { reason } if reason.contains("namespaces refused")
        ));
    }

    #[test]
    fn einval_without_a_queue_names_mq_open() {
        use crate::run::Ending;
        let failed = |stderr: &str, queues: &[(&str, i64)]| {
            let mut runs = with_ipc(queues, &[]);
            let r = &mut runs[2].outcome;
            r.ending = Ending::Finished(Exit::Code(1));
            r.stderr.text = stderr.into();
            runs[2].outcome.stdout.text.clear();
            failure(consumers_end(&runs[2..]))
        };
        let io_error =
            "Error: Os { code: 22, kind: InvalidInput, message: \"Invalid argument\" }\n";
        let f = failed(io_error, &[]);
        assert!(
            f.message
                .starts_with("mq_open refused to create the queue (EINVAL)")
                && f.message.contains("Invalid argument"),
            "{}",
            f.message
        );
        assert!(f.hint.unwrap().contains("two-argument mq_open"));
        // A panic with nix's Errno says it too.
        let f = failed(
            "thread 'main' panicked at src/main.rs:9:5:\nmq_open: EINVAL\n",
            &[],
        );
        assert!(f.message.starts_with("mq_open refused"), "{}", f.message);
        // A queue was created: the EINVAL came from elsewhere, the usual words stay.
        let f = failed(io_error, &[("/q", 3)]);
        assert!(
            f.message.starts_with("the program ended with exit code 1"),
            "{}",
            f.message
        );
    }

    #[test]
    fn kernel_checks_without_observation_are_not_verified() {
        let blind = runs_with("", |s| s, false);
        assert!(matches!(bounded(&blind), Outcome::NotVerified { .. }));
        assert!(matches!(consumers_end(&blind), Outcome::NotVerified { .. }));
        assert_eq!(exactly_once_check(&blind), Outcome::Pass);
        assert_eq!(per_producer_order(&blind), Outcome::Pass);
    }

    #[test]
    fn one_pid_per_process() {
        let two = runs_with("bound", |s| s.replacen("pid=200", "pid=250", 1), true);
        let f = failure(bounded(&two));
        assert!(f.message.contains("from two processes"), "{}", f.message);
    }
}
