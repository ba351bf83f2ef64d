//! Invariants several exercises check, written once: exactly-once delivery, per-key order,
//! blocks that must not interleave, lifetimes that must overlap, printed pids that must be real.
//!
//! Each returns `Err(Failure)` with a message that names what is wrong and quotes the lines.
//! The caller names its items in the current language, once (`one`) and as many (`many`):
//! `("result", "result(s)")`, `("risultato", "risultati")`.

use std::collections::BTreeMap;
use std::fmt::Display;

use super::Failure;
use crate::observe::{Observation, Task};
use crate::parse::Line;
use crate::t;

/// At most this many items are named in one message (missing items, …).
const MAX_NAMED: usize = 6;

fn name_some<T: Display>(items: &[T]) -> String {
    let mut s: Vec<String> = items
        .iter()
        .take(MAX_NAMED)
        .map(|i| i.to_string())
        .collect();
    if items.len() > MAX_NAMED {
        s.push(t!("check.more", count = items.len()));
    }
    s.join(", ")
}

/// Every expected item appears exactly once among `got` (item, the line that reported it), and
/// nothing else appears. `one` and `many` name the items in messages ("result", "result(s)").
pub fn exactly_once<K: Ord + Clone + Display>(
    one: &str,
    many: &str,
    expected: impl IntoIterator<Item = K>,
    got: &[(K, &Line)],
) -> Result<(), Failure> {
    let mut wanted: BTreeMap<K, usize> = BTreeMap::new();
    for k in expected {
        *wanted.entry(k).or_default() += 1;
    }
    let mut seen: BTreeMap<K, Vec<&Line>> = BTreeMap::new();
    for (k, line) in got {
        seen.entry(k.clone()).or_default().push(line);
    }
    let unexpected: Vec<&Line> = seen
        .iter()
        .filter(|(k, _)| !wanted.contains_key(*k))
        .flat_map(|(_, ls)| ls.iter().copied())
        .collect();
    if !unexpected.is_empty() {
        return Err(Failure::new(t!(
            "check.once.unexpected",
            count = unexpected.len(),
            many = many
        ))
        .quote_all(unexpected));
    }
    let twice: Vec<(&K, &Vec<&Line>)> = seen
        .iter()
        .filter(|(k, ls)| ls.len() > wanted[*k])
        .collect();
    if let Some((k, ls)) = twice.first() {
        return Err(Failure::new(t!(
            "check.once.twice",
            one = one,
            key = k,
            times = ls.len(),
            expected = wanted[*k],
            count = twice.len(),
            many = many
        ))
        .quote_all(ls.iter().copied()));
    }
    let missing: Vec<&K> = wanted
        .iter()
        .filter(|(k, n)| seen.get(*k).map_or(0, Vec::len) < **n)
        .map(|(k, _)| k)
        .collect();
    if !missing.is_empty() {
        return Err(Failure::new(t!(
            "check.once.missing",
            count = missing.len(),
            many = many,
            list = name_some(&missing)
        )));
    }
    Ok(())
}

/// Within each key, the sequence numbers appear in increasing order (in the order of `items`).
/// `items` are (key, sequence, line); the failure quotes the two lines out of order. `many`
/// names the items ("lines").
pub fn increasing_per_key<K: Ord + Display, S: Ord + Copy + Display>(
    many: &str,
    items: &[(K, S, &Line)],
) -> Result<(), Failure> {
    let mut last: BTreeMap<&K, (S, &Line)> = BTreeMap::new();
    for (k, s, line) in items {
        if let Some((prev, prev_line)) = last.get(k)
            && *s <= *prev
        {
            return Err(Failure::new(t!(
                "check.order.wrong",
                many = many,
                key = k,
                seq = s,
                previous = prev
            ))
            .quote(prev_line)
            .quote(line));
        }
        last.insert(k, (*s, line));
    }
    Ok(())
}

/// Each owner's lines form one contiguous block: once another owner's line appears, the first
/// owner never prints again. Returns the first interleaving found, quoting the block's first
/// line, the intruder, and the line that resumed the block. `one` names a block ("block").
pub fn contiguous_blocks<K: Eq + Display + Clone>(
    one: &str,
    items: &[(K, &Line)],
) -> Result<(), Failure> {
    let mut finished: Vec<K> = Vec::new();
    let mut current: Option<(K, &Line)> = None;
    for (i, (owner, line)) in items.iter().enumerate() {
        match &current {
            Some((k, _)) if k == owner => continue,
            _ => {}
        }
        if finished.contains(owner) {
            let intruder = items[..i].iter().rev().find(|(o, _)| o != owner);
            let first = items.iter().find(|(o, _)| o == owner).map(|(_, l)| *l);
            let mut f = Failure::new(t!(
                "check.blocks.interleaved",
                one = one,
                owner = owner,
                line = line.no,
                text = line.text
            ));
            if let Some(first) = first {
                f = f.quote(first);
            }
            if let Some((_, l)) = intruder {
                f = f.quote(l);
            }
            return Err(f.quote(line));
        }
        if let Some((k, _)) = current.take() {
            finished.push(k);
        }
        current = Some((owner.clone(), line));
    }
    Ok(())
}

/// The one line that `is` picks, or a failure naming it: missing (with the last lines), or
/// printed more than once (each time quoted). `what` shows the line as the program prints it.
pub fn the_line<'a>(
    lines: &'a [Line],
    what: &str,
    is: impl Fn(&Line) -> bool,
) -> Result<&'a Line, Failure> {
    let found: Vec<&Line> = lines.iter().filter(|l| is(l)).collect();
    match found[..] {
        [one] => Ok(one),
        [] => Err(Failure::new(t!("check.line.missing", line = what))
            .quote_all(lines.iter().rev().take(3))),
        ref many => Err(
            Failure::new(t!("check.line.repeated", line = what, count = many.len()))
                .quote_all(many.iter().copied()),
        ),
    }
}

/// The line matching `is_summary` exists and is the last line of output. `what` shows the line
/// as the program prints it (`` `parent done` ``), the same in every language.
pub fn summary_is_last<'a>(
    lines: &'a [Line],
    what: &str,
    is_summary: impl Fn(&Line) -> bool,
) -> Result<&'a Line, Failure> {
    let Some(pos) = lines.iter().position(&is_summary) else {
        return Err(Failure::new(t!("check.summary.missing", line = what))
            .quote_all(lines.iter().rev().take(3)));
    };
    if pos + 1 != lines.len() {
        return Err(Failure::new(t!(
            "check.summary.not_last",
            line = what,
            count = lines.len() - pos - 1
        ))
        .quote(&lines[pos])
        .quote_all(&lines[pos + 1..]));
    }
    Ok(&lines[pos])
}

/// Every pid printed on a line (`key=pid`) is a process the program created, as the kernel saw
/// it. Pids can be made up; the kernel's list cannot.
pub fn pids_are_child_processes(
    obs: &Observation,
    key: &str,
    lines: &[&Line],
) -> Result<(), Failure> {
    for line in lines {
        let pid: i32 = line.require(key)?;
        if pid == obs.root {
            return Err(Failure::new(t!("check.pid.main", key = key, pid = pid)).quote(line));
        }
        if obs.threads().any(|t| t.pid == pid) {
            return Err(Failure::new(t!("check.pid.thread", key = key, pid = pid)).quote(line));
        }
        if !obs.is_child_process(pid) {
            return Err(Failure::new(t!(
                "check.pid.stranger",
                key = key,
                pid = pid,
                seen = name_some(&obs.processes().map(|t| t.pid).collect::<Vec<_>>())
            ))
            .quote(line));
        }
    }
    Ok(())
}

/// The latest start and the earliest end among `tasks` (a task never seen ending ends last):
/// all of them were alive at one moment when the first started before the second ended.
/// What is wrong with a pool that should be W threads of the one process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolShape {
    /// The program created this many child processes.
    Processes(usize),
    /// It created this many threads besides main, not W.
    Threads(usize),
}

/// A pool of exactly `workers` threads and no process (threads and processes as the kernel saw
/// them): the pool's tids, or what is wrong with its shape. With more tasks than W, exactly W
/// threads means they were reused.
pub fn pool_of_threads(obs: &Observation, workers: u64) -> Result<Vec<i32>, PoolShape> {
    let processes = obs.processes().count();
    if processes > 0 {
        return Err(PoolShape::Processes(processes));
    }
    let threads: Vec<i32> = obs.threads().map(|t| t.pid).collect();
    if threads.len() as u64 != workers {
        return Err(PoolShape::Threads(threads.len()));
    }
    Ok(threads)
}

pub fn latest_start_earliest_end<'a>(tasks: &[&'a Task]) -> Option<(&'a Task, &'a Task)> {
    let last_start = tasks.iter().max_by_key(|t| t.start_us)?;
    let first_end = tasks.iter().min_by_key(|t| t.end_us.unwrap_or(u64::MAX))?;
    Some((last_start, first_end))
}

/// Every two of the given processes were alive at the same time at some moment.
pub fn pairwise_overlap(obs: &Observation, pids: &[i32]) -> Result<(), Failure> {
    for (i, a) in pids.iter().enumerate() {
        for b in &pids[i + 1..] {
            let (Some(ta), Some(tb)) = (obs.get(*a), obs.get(*b)) else {
                return Err(Failure::new(t!(
                    "check.overlap.unseen",
                    pid = if obs.get(*a).is_none() { a } else { b }
                )));
            };
            if !ta.overlaps(tb) {
                let (first, second) = if ta.start_us <= tb.start_us {
                    (ta, tb)
                } else {
                    (tb, ta)
                };
                return Err(Failure::new(t!(
                    "check.overlap.never",
                    first = first.pid,
                    second = second.pid,
                    end = crate::check::ms(first.end_us.unwrap_or(0)),
                    start = crate::check::ms(second.start_us)
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lines;
    use crate::run::fixture::{observed, process, thread};

    #[test]
    fn exactly_once_accepts_a_permutation() {
        let ls = lines("b\na\nc\n");
        let got: Vec<(String, &Line)> = ls.iter().map(|l| (l.tag().to_string(), l)).collect();
        assert!(exactly_once("item", "item(s)", ["a", "b", "c"].map(String::from), &got).is_ok());
    }

    #[test]
    fn exactly_once_finds_duplicates_missing_and_strangers() {
        let ls = lines("a\na\nb\n");
        let got: Vec<(String, &Line)> = ls.iter().map(|l| (l.tag().to_string(), l)).collect();
        let f =
            exactly_once("item", "item(s)", ["a", "b", "c"].map(String::from), &got).unwrap_err();
        assert!(
            f.message.contains("item a was reported 2 times"),
            "{}",
            f.message
        );
        assert_eq!(f.quotes.len(), 2);

        let got: Vec<(String, &Line)> = ls[1..].iter().map(|l| (l.tag().to_string(), l)).collect();
        let f =
            exactly_once("item", "item(s)", ["a", "b", "c"].map(String::from), &got).unwrap_err();
        assert!(
            f.message.contains("1 item(s) never arrived: c"),
            "{}",
            f.message
        );

        let ls = lines("a\nz\n");
        let got: Vec<(String, &Line)> = ls.iter().map(|l| (l.tag().to_string(), l)).collect();
        let f = exactly_once("item", "item(s)", ["a"].map(String::from), &got).unwrap_err();
        assert!(f.message.contains("should not exist"), "{}", f.message);
        assert_eq!(f.quotes[0].text, "z");
    }

    #[test]
    fn order_per_key() {
        let ls = lines("x\nx\nx\nx\n");
        let ok = [
            (0, 1, &ls[0]),
            (1, 1, &ls[1]),
            (0, 2, &ls[2]),
            (1, 5, &ls[3]),
        ];
        assert!(increasing_per_key("items", &ok).is_ok());
        let bad = [(0, 2, &ls[0]), (1, 1, &ls[1]), (0, 1, &ls[2])];
        let f = increasing_per_key("items", &bad).unwrap_err();
        assert_eq!(f.quotes.iter().map(|q| q.line).collect::<Vec<_>>(), [1, 3]);
    }

    #[test]
    fn blocks() {
        let ls = lines("a1\na2\nb1\nb2\n");
        let whole = [(0, &ls[0]), (0, &ls[1]), (1, &ls[2]), (1, &ls[3])];
        assert!(contiguous_blocks("block", &whole).is_ok());
        let mixed = [(0, &ls[0]), (1, &ls[1]), (0, &ls[2]), (1, &ls[3])];
        let f = contiguous_blocks("block", &mixed).unwrap_err();
        assert!(f.message.contains("block of 0"), "{}", f.message);
        assert_eq!(
            f.quotes.iter().map(|q| q.line).collect::<Vec<_>>(),
            [1, 2, 3]
        );
    }

    #[test]
    fn summary_last() {
        let ls = lines("a\nb\ndone\n");
        assert!(summary_is_last(&ls, "summary", |l| l.tag() == "done").is_ok());
        let ls = lines("a\ndone\nb\n");
        let f = summary_is_last(&ls, "summary", |l| l.tag() == "done").unwrap_err();
        assert!(f.message.contains("1 line(s) follow"), "{}", f.message);
        assert!(summary_is_last(&lines("a\n"), "summary", |l| l.tag() == "done").is_err());
    }

    #[test]
    fn pids_checked_against_the_kernel() {
        let obs = observed(vec![
            process(10, 1, 0, 100, 0),
            process(11, 10, 1, 50, 0),
            thread(40, 10, 1, 2),
        ]);
        let ls = lines("w pid=11\nw pid=10\nw pid=99\nw pid=40\n");
        assert!(pids_are_child_processes(&obs, "pid", &[&ls[0]]).is_ok());
        for (i, needle) in [(1, "main process"), (2, "not a process"), (3, "thread")] {
            let f = pids_are_child_processes(&obs, "pid", &[&ls[i]]).unwrap_err();
            assert!(f.message.contains(needle), "{}", f.message);
        }
    }

    #[test]
    fn overlap_of_lifetimes() {
        let obs = observed(vec![
            process(10, 1, 0, 500, 0),
            process(11, 10, 10, 200, 0),
            process(12, 10, 20, 210, 0),
            process(13, 10, 300, 400, 0),
        ]);
        assert!(pairwise_overlap(&obs, &[11, 12]).is_ok());
        let f = pairwise_overlap(&obs, &[11, 12, 13]).unwrap_err();
        assert!(f.message.contains("one after the other"), "{}", f.message);
        assert!(pairwise_overlap(&obs, &[11, 99]).is_err());
    }
}
