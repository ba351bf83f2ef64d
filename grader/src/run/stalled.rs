//! The words of a timeout: who was still alive when the time limit passed, in the roles a
//! student knows (the parent, child 2, consumer 1, a thread of the parent), where each waited,
//! and — when the kernel's facts show a known shape of deadlock — its cause.
//!
//! The facts come from [`crate::observe::stall`] (read by the supervisor at the limit), the
//! roles from the tracer's [`Observation`] (fork order) and from what the program printed about
//! a pid (`consumer 1 pid=…`, `worker=…`).
//!
//! The shapes, each seen in students' programs:
//! - a process waits for end-of-file on a pipe whose write end it holds itself (02: `let _ =
//!   writer;` drops nothing);
//! - processes wait to read pipes whose only write ends belong to a process that is itself only
//!   waiting (04: the task pipes not closed before joining the workers);
//! - processes wait to receive from a message queue while every other live process only waits
//!   (05: one stop message short of one per consumer);
//! - a process waits to write into a full pipe whose readers wait for something else (joining
//!   before draining);
//! - on a socket pair (12, Python's duplex `Pipe()`): a process waits for end-of-file on a
//!   socket whose other end it holds itself (inherited at fork, never closed), or whose other
//!   end is held by a process that only waits (the parent waiting for the child before closing
//!   its end), or two processes both read the channel between them (a request left unflushed),
//!   or both write into it and neither reads (every request sent before any reply is read).

use std::collections::{BTreeMap, BTreeSet};

use crate::observe::Observation;
use crate::observe::stall::{Stall, StalledTask, Wait};
use crate::parse::Line;
use crate::t;

/// At most this many tasks are listed; the rest are counted.
pub const MAX_LISTED: usize = 12;

/// The diagnosis's lines keep within this many characters: a verdict's whole message is cut at
/// 1000, and it also says how long the run had and what follows.
pub const MAX_CHARS: usize = 820;

/// A name the program printed is cut after this many characters.
const MAX_NAME_CHARS: usize = 32;

/// At most this many names are given in one list of processes (`worker 1, worker 2, …`).
const MAX_NAMED: usize = 4;

/// What a timeout's verdict says about the stuck run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    /// One line per task still alive (at most [`MAX_LISTED`], then "… and N more"), then the
    /// processes that had ended but were not waited for.
    pub lines: Vec<String>,
    /// The cause, when the facts show a known shape of deadlock: which shape, and in words.
    pub cause: Option<(Cause, String)>,
}

/// The known shapes of deadlock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// A process waits for end-of-file on a pipe whose write end it holds itself.
    OwnWriteEnd,
    /// Processes wait to read pipes whose write ends belong only to processes that only wait,
    /// the parent among them.
    HeldWriteEnd,
    /// The same, with only children holding the write ends: ends inherited at fork and never
    /// closed.
    InheritedWriteEnd,
    /// Processes wait to receive from a message queue and every other live task only waits.
    NoSender,
    /// A process waits to write into a full pipe whose readers wait for something else.
    UnreadFullPipe,
    /// A process waits to read a socket whose other end it holds itself.
    OwnSocketEnd,
    /// Two processes each wait to read the socket whose other end the other one holds.
    BothRead,
    /// Two processes each wait to write into the full socket whose other end the other holds.
    BothWrite,
    /// A process waits to read a socket whose other end belongs only to processes that only
    /// wait.
    HeldSocketEnd,
    /// A process waits for a server process that only waits, in `accept` for a connection
    /// nobody will make: the server was never told to stop.
    ServerNeverStopped,
    /// No deadlock: some task was running, not waiting.
    Busy,
}

/// The names of a run's processes and threads.
struct Names<'a> {
    root: i32,
    /// Process id → its number in fork order (1 for the first child the program created).
    child_no: BTreeMap<i32, usize>,
    /// Thread id → its number among its process's threads, in creation order (from 1).
    thread_no: BTreeMap<i32, usize>,
    /// Process id → what the program printed about it (`consumer 1`, `worker`).
    printed: BTreeMap<i32, String>,
    stall: &'a Stall,
}

impl<'a> Names<'a> {
    fn new(stall: &'a Stall, observation: Option<&Observation>, lines: &[Line]) -> Self {
        let mut names = Names {
            root: stall.root,
            child_no: BTreeMap::new(),
            thread_no: BTreeMap::new(),
            printed: BTreeMap::new(),
            stall,
        };
        if let Some(obs) = observation {
            for (k, t) in obs.processes().enumerate() {
                names.child_no.insert(t.pid, k + 1);
            }
            // A thread's process: follow its creators up to a task that is not a thread.
            let process_of = |mut tid: i32| {
                for _ in 0..obs.tasks.len() {
                    match obs.get(tid) {
                        Some(t) if t.thread => tid = t.parent,
                        _ => break,
                    }
                }
                tid
            };
            let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
            for t in obs.threads() {
                let n = counts.entry(process_of(t.pid)).or_default();
                *n += 1;
                names.thread_no.insert(t.pid, *n);
            }
        }
        let mut pids: BTreeSet<i32> = stall.tasks.iter().map(|t| t.pid).collect();
        pids.extend(&stall.zombies);
        if let Some(obs) = observation {
            pids.extend(obs.tasks.iter().filter(|t| !t.thread).map(|t| t.pid));
        }
        for pid in pids {
            // `child=4242` names a role the fork order already gives (`child 1`).
            if let Some(name) = printed_name(lines, pid).filter(|n| n != "child") {
                names.printed.insert(pid, name);
            }
        }
        names
    }

    /// `consumer 1 (child 3, pid 4242)`, `parent (pid 4240)`.
    fn process(&self, pid: i32) -> String {
        if pid == self.root {
            return t!("run.stuck.who.parent", pid = pid);
        }
        match (self.printed.get(&pid), self.child_no.get(&pid)) {
            (Some(name), Some(n)) => t!("run.stuck.who.named_child", name = name, n = n, pid = pid),
            (None, Some(n)) => t!("run.stuck.who.child", n = n, pid = pid),
            (Some(name), None) => t!("run.stuck.who.named", name = name, pid = pid),
            (None, None) => t!("run.stuck.who.process", pid = pid),
        }
    }

    /// `consumer 1 (child 3)`, `the parent`: for references inside a sentence.
    fn short(&self, pid: i32) -> String {
        if pid == self.root {
            return t!("run.stuck.short.parent");
        }
        match (self.printed.get(&pid), self.child_no.get(&pid)) {
            (Some(name), Some(n)) => t!("run.stuck.short.named_child", name = name, n = n),
            (None, Some(n)) => t!("run.stuck.short.child", n = n),
            (Some(name), None) => t!("run.stuck.short.named", name = name),
            (None, None) => t!("run.stuck.short.process", pid = pid),
        }
    }

    /// Several processes, briefly: `worker (child 1), worker (child 2), … (5)`.
    fn shorts(&self, pids: impl IntoIterator<Item = i32>) -> String {
        let pids: Vec<i32> = pids.into_iter().collect();
        let mut names: Vec<String> = pids
            .iter()
            .take(MAX_NAMED)
            .map(|&p| self.short(p))
            .collect();
        if pids.len() > MAX_NAMED {
            names.push(format!("… ({})", pids.len()));
        }
        names.join(", ")
    }

    /// A task: its process, or `parent, thread 2 (tid 4243)` for a thread that is not the main one.
    fn task(&self, task: &StalledTask) -> String {
        if task.tid == task.pid {
            return self.process(task.pid);
        }
        let process = self.short(task.pid);
        let n = self.thread_no.get(&task.tid).copied().unwrap_or_else(|| {
            // Untraced: number the live threads in id order.
            self.stall
                .threads_of(task.pid)
                .filter(|t| t.tid != t.pid && t.tid <= task.tid)
                .count()
        });
        t!(
            "run.stuck.who.thread",
            process = process,
            n = n,
            tid = task.tid
        )
    }

    /// Where `task` waits, in words, with the system call's name.
    fn doing(&self, task: &StalledTask) -> String {
        let words = self.socket_words(task);
        let words = words.unwrap_or_else(|| match &task.wait {
            Wait::Running => t!("run.stuck.doing.running"),
            Wait::Read { fd, pipe: Some(p) } if !self.stall.holders(*p, true).is_empty() => t!(
                "run.stuck.doing.read_pipe",
                fd = fd,
                holders = self.shorts(self.stall.holders(*p, true))
            ),
            Wait::Read { fd, .. } => t!("run.stuck.doing.read", fd = fd),
            Wait::Write { fd, pipe: Some(p) } if !self.stall.holders(*p, false).is_empty() => t!(
                "run.stuck.doing.write_pipe",
                fd = fd,
                holders = self.shorts(self.stall.holders(*p, false))
            ),
            Wait::Write { fd, .. } => t!("run.stuck.doing.write", fd = fd),
            Wait::Child { pid: Some(pid) } => t!("run.stuck.doing.child", child = self.short(*pid)),
            Wait::Child { pid: None } => t!("run.stuck.doing.any_child"),
            Wait::Accept { fd } => t!("run.stuck.doing.accept", fd = fd),
            Wait::Futex => t!("run.stuck.doing.futex"),
            Wait::QueueReceive => t!("run.stuck.doing.queue_receive"),
            Wait::QueueSend => t!("run.stuck.doing.queue_send"),
            Wait::FileLock => t!("run.stuck.doing.file_lock"),
            Wait::Sleep => t!("run.stuck.doing.sleep"),
            Wait::Poll => t!("run.stuck.doing.poll"),
            Wait::Signal => t!("run.stuck.doing.signal"),
            Wait::Semaphore => t!("run.stuck.doing.semaphore"),
            Wait::Other { .. } => t!("run.stuck.doing.other"),
            Wait::Unknown => t!("run.stuck.doing.unknown"),
        });
        match &task.call {
            Some(call) => format!("{words} [{call}]"),
            None => words,
        }
    }
}

impl Names<'_> {
    /// Where `task` waits when it reads or writes a Unix socket, with who holds its other end.
    fn socket_words(&self, task: &StalledTask) -> Option<String> {
        let (fd, reading) = match task.wait {
            Wait::Read { fd, pipe: None } => (fd, true),
            Wait::Write { fd, pipe: None } => (fd, false),
            _ => return None,
        };
        self.stall.socket(task.pid, fd)?;
        let holders = self.stall.peer_holders(task.pid, fd);
        let known = !holders.is_empty();
        let holders = self.shorts(holders);
        Some(match (reading, known) {
            (true, true) => t!("run.stuck.doing.read_socket", fd = fd, holders = holders),
            (true, false) => t!("run.stuck.doing.read_socket_alone", fd = fd),
            (false, true) => t!("run.stuck.doing.write_socket", fd = fd, holders = holders),
            (false, false) => t!("run.stuck.doing.write_socket_alone", fd = fd),
        })
    }
}

/// The shapes of deadlock on a socket pair: a reader holding the other end itself, two
/// processes reading each other, a reader whose other end a waiting process holds.
fn socket_cause(names: &Names) -> Option<(Cause, String)> {
    let stall = names.stall;
    let readers: Vec<(&StalledTask, BTreeSet<i32>)> = stall
        .tasks
        .iter()
        .filter_map(|t| match t.wait {
            Wait::Read { fd, pipe: None } => Some((t, stall.peer_holders(t.pid, fd))),
            _ => None,
        })
        .filter(|(_, holders)| !holders.is_empty())
        .collect();
    if let Some((task, _)) = readers.iter().find(|(t, h)| h.contains(&t.pid)) {
        return Some((
            Cause::OwnSocketEnd,
            t!(
                "run.stuck.cause.own_socket_end",
                reader = names.short(task.pid)
            ),
        ));
    }
    let writers: Vec<(&StalledTask, BTreeSet<i32>)> = stall
        .tasks
        .iter()
        .filter_map(|t| match t.wait {
            Wait::Write { fd, pipe: None } => Some((t, stall.peer_holders(t.pid, fd))),
            _ => None,
        })
        .collect();
    // Two processes blocked the same way, each on the socket whose other end the other holds.
    let mutual = |waiting: &[(&StalledTask, BTreeSet<i32>)]| {
        waiting.iter().find_map(|(a, held_a)| {
            waiting
                .iter()
                .find(|(b, held_b)| {
                    a.pid != b.pid && held_a.contains(&b.pid) && held_b.contains(&a.pid)
                })
                .map(|(b, _)| (names.short(a.pid), names.short(b.pid)))
        })
    };
    if let Some((first, second)) = mutual(&readers) {
        return Some((
            Cause::BothRead,
            t!("run.stuck.cause.both_read", first = first, second = second),
        ));
    }
    if let Some((first, second)) = mutual(&writers) {
        return Some((
            Cause::BothWrite,
            t!("run.stuck.cause.both_write", first = first, second = second),
        ));
    }
    let (task, holders) = readers
        .iter()
        .find(|(_, h)| h.iter().all(|&p| only_waits(stall, p)))?;
    let first = *holders.iter().next().expect("not empty");
    Some((
        Cause::HeldSocketEnd,
        t!(
            "run.stuck.cause.held_socket_end",
            reader = names.short(task.pid),
            holders = names.shorts(holders.iter().copied()),
            doing = stall
                .threads_of(first)
                .next()
                .map(|t| names.doing(t))
                .unwrap_or_default()
        ),
    ))
}

/// What the program printed about process `pid`, from the first line that names it: the key
/// that holds it (`worker=4242` → `worker`), or, for `pid=4242`, the first numbered field
/// before it (`got consumer=1 … pid=4242` → `consumer 1`) or the words before it
/// (`writer 2 pid=4242` → `writer 2`).
pub fn printed_name(lines: &[Line], pid: i32) -> Option<String> {
    let pid = pid.to_string();
    let name = lines.iter().find_map(|line| {
        let tokens: Vec<&str> = line.text.split_whitespace().collect();
        let at = tokens
            .iter()
            .position(|tok| tok.split_once('=').is_some_and(|(_, v)| v == pid))?;
        let key = tokens[at].split_once('=')?.0;
        if key != "pid" {
            return Some(key.to_string());
        }
        let before = &tokens[..at];
        if let Some((k, v)) = before
            .iter()
            .filter_map(|tok| tok.split_once('='))
            .find(|(_, v)| v.parse::<i64>().is_ok())
        {
            return Some(format!("{k} {v}"));
        }
        let words: Vec<&str> = before
            .iter()
            .copied()
            .filter(|tok| !tok.contains('='))
            .take(2)
            .collect();
        (!words.is_empty()).then(|| words.join(" "))
    })?;
    Some(match name.char_indices().nth(MAX_NAME_CHARS) {
        Some((end, _)) => format!("{}…", &name[..end]),
        None => name,
    })
}

/// The verdict's lines and cause for a run stopped at its time limit.
pub fn diagnose(stall: &Stall, observation: Option<&Observation>, lines: &[Line]) -> Diagnosis {
    let names = Names::new(stall, observation, lines);
    let zombies = (!stall.zombies.is_empty()).then(|| {
        t!(
            "run.stuck.zombies",
            who = names.shorts(stall.zombies.iter().copied())
        )
    });
    let chars = |lines: &[String]| lines.iter().map(|l| l.chars().count() + 1).sum::<usize>();
    let mut out = Vec::new();
    if !stall.tasks.is_empty() {
        out.push(t!("run.stuck.header"));
        // Room for the last line ("… and N more") and the zombies.
        let budget = MAX_CHARS.saturating_sub(40 + zombies.as_ref().map_or(0, |z| z.len() + 1));
        let mut listed = 0;
        // Each process's main thread first: the processes matter most when the list is cut.
        let mut tasks: Vec<&StalledTask> = stall.tasks.iter().collect();
        tasks.sort_by_key(|t| (t.tid != t.pid, t.pid, t.tid));
        for task in tasks.into_iter().take(MAX_LISTED) {
            let line = format!("  - {}: {}", names.task(task), names.doing(task));
            if chars(&out) + line.chars().count() + 1 > budget {
                break;
            }
            out.push(line);
            listed += 1;
        }
        if stall.tasks.len() > listed {
            out.push(format!(
                "  {}",
                t!("run.stuck.more", count = stall.tasks.len() - listed)
            ));
        }
    }
    out.extend(zombies);
    Diagnosis {
        lines: out,
        cause: cause(&names),
    }
}

/// Whether every thread of process `pid` only waits for others (and it has some).
fn only_waits(stall: &Stall, pid: i32) -> bool {
    let mut threads = stall.threads_of(pid).peekable();
    threads.peek().is_some() && threads.all(|t| t.wait.waits_on_others())
}

/// The first known shape of deadlock the facts show, in words.
fn cause(names: &Names) -> Option<(Cause, String)> {
    if let Some(found) = socket_cause(names) {
        return Some(found);
    }
    let stall = names.stall;
    // A server in accept that nobody will connect to, waited for by another process.
    let serving = |pid: i32| {
        only_waits(stall, pid)
            && stall
                .threads_of(pid)
                .any(|t| matches!(t.wait, Wait::Accept { .. }))
    };
    let waited = stall.tasks.iter().find_map(|t| match t.wait {
        Wait::Child { pid: Some(child) } if serving(child) => Some((t.pid, child)),
        _ => None,
    });
    if let Some((waiter, server)) = waited {
        return Some((
            Cause::ServerNeverStopped,
            t!(
                "run.stuck.cause.server_never_stopped",
                waiter = names.short(waiter),
                server = names.short(server)
            ),
        ));
    }
    let reading = || {
        stall.tasks.iter().filter_map(|t| match t.wait {
            Wait::Read { pipe: Some(p), .. } => Some((t, p)),
            _ => None,
        })
    };
    // A process that reads a pipe it holds the write end of.
    if let Some((task, _)) = reading().find(|(t, p)| stall.holders(*p, true).contains(&t.pid)) {
        return Some((
            Cause::OwnWriteEnd,
            t!(
                "run.stuck.cause.own_write_end",
                reader = names.short(task.pid)
            ),
        ));
    }
    // Readers whose pipes' write ends belong only to processes that only wait. The parent as
    // the holder comes first: it is the one that should have closed them.
    let mut held: BTreeMap<BTreeSet<i32>, BTreeSet<i32>> = BTreeMap::new();
    for (task, pipe) in reading() {
        let holders = stall.holders(pipe, true);
        if !holders.is_empty() && holders.iter().all(|&h| only_waits(stall, h)) {
            held.entry(holders).or_default().insert(task.pid);
        }
    }
    if let Some((holders, readers)) = held
        .iter()
        .find(|(h, _)| h.contains(&names.root))
        .or_else(|| held.iter().next())
    {
        if !holders.contains(&names.root) {
            return Some((
                Cause::InheritedWriteEnd,
                t!(
                    "run.stuck.cause.inherited_write_end",
                    readers = names.shorts(readers.iter().copied()),
                    holders = names.shorts(holders.iter().copied())
                ),
            ));
        }
        let first = *holders.iter().next().expect("not empty");
        let doing = stall
            .threads_of(first)
            .next()
            .map(|t| names.doing(t))
            .unwrap_or_default();
        return Some((
            Cause::HeldWriteEnd,
            t!(
                "run.stuck.cause.held_write_end",
                readers = names.shorts(readers.iter().copied()),
                holders = names.shorts(holders.iter().copied()),
                doing = doing
            ),
        ));
    }
    // Receivers on a queue nobody alive will send to.
    let receivers: BTreeSet<i32> = stall
        .tasks
        .iter()
        .filter(|t| t.wait == Wait::QueueReceive)
        .map(|t| t.pid)
        .collect();
    if !receivers.is_empty()
        && stall
            .tasks
            .iter()
            .all(|t| t.wait.waits_on_others() && t.wait != Wait::QueueSend)
    {
        return Some((
            Cause::NoSender,
            t!(
                "run.stuck.cause.no_sender",
                receivers = names.shorts(receivers)
            ),
        ));
    }
    // A writer blocked on a full pipe whose readers wait for something else; else a loop.
    let unread = stall.tasks.iter().find_map(|t| {
        let Wait::Write { pipe: Some(p), .. } = t.wait else {
            return None;
        };
        let readers: BTreeSet<i32> = stall.holders(p, false);
        let reads_it =
            |r: &StalledTask| matches!(r.wait, Wait::Read { pipe: Some(q), .. } if q == p);
        let idle = !readers.is_empty()
            && readers
                .iter()
                .all(|&r| only_waits(stall, r) && !stall.threads_of(r).any(reads_it));
        idle.then(|| {
            let first = *readers.iter().next().expect("not empty");
            let text = t!(
                "run.stuck.cause.unread_full_pipe",
                writer = names.short(t.pid),
                readers = names.shorts(readers.iter().copied()),
                doing = stall
                    .threads_of(first)
                    .next()
                    .map(|r| names.doing(r))
                    .unwrap_or_default()
            );
            (Cause::UnreadFullPipe, text)
        })
    });
    unread.or_else(|| {
        let busy: BTreeSet<i32> = stall
            .tasks
            .iter()
            .filter(|t| t.wait == Wait::Running)
            .map(|t| t.pid)
            .collect();
        (!busy.is_empty()).then(|| {
            (
                Cause::Busy,
                t!("run.stuck.cause.busy", who = names.shorts(busy)),
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observe::stall::{PipeEnd, SocketEnd};
    use crate::observe::{Exit, Task};
    use crate::parse;

    fn task(pid: i32, tid: i32, wait: Wait, call: &str) -> StalledTask {
        StalledTask {
            pid,
            tid,
            comm: "prog".into(),
            wait,
            call: Some(call.into()),
        }
    }

    fn end(pid: i32, fd: i32, pipe: u64, write: bool) -> PipeEnd {
        PipeEnd {
            pid,
            fd,
            pipe,
            write,
        }
    }

    fn observed(root: i32, children: &[i32], threads: &[(i32, i32)]) -> Observation {
        let mut tasks = vec![Task {
            pid: root,
            parent: 1,
            thread: false,
            start_us: 0,
            end_us: None,
            exit: None,
            execs: 1,
            exe: None,
            killed: None,
            sched: None,
        }];
        for &c in children {
            tasks.push(Task {
                pid: c,
                parent: root,
                thread: false,
                start_us: 1,
                end_us: None,
                exit: Some(Exit::Code(0)),
                execs: 0,
                exe: None,
                killed: None,
                sched: None,
            });
        }
        for &(tid, parent) in threads {
            tasks.push(Task {
                pid: tid,
                parent,
                thread: true,
                start_us: 2,
                end_us: None,
                exit: None,
                execs: 0,
                exe: None,
                killed: None,
                sched: None,
            });
        }
        Observation { root, tasks }
    }

    fn read(fd: i32, pipe: u64) -> Wait {
        Wait::Read {
            fd,
            pipe: Some(pipe),
        }
    }

    #[test]
    fn names_come_from_the_output_and_the_fork_order() {
        let out = parse::lines(
            "put producer=0 seq=0 pid=11\ngot consumer=1 producer=0 seq=0 pid=13\n\
             writer 2 pid=14 line=1/3\nresult id=0 op=add a=1 b=2 value=3 worker=15\n\
             consumer 0 pid=12 done consumed=3\n",
        );
        assert_eq!(printed_name(&out, 11).as_deref(), Some("producer 0"));
        assert_eq!(printed_name(&out, 13).as_deref(), Some("consumer 1"));
        assert_eq!(printed_name(&out, 14).as_deref(), Some("writer 2"));
        assert_eq!(printed_name(&out, 15).as_deref(), Some("worker"));
        assert_eq!(printed_name(&out, 12).as_deref(), Some("consumer 0"));
        assert_eq!(printed_name(&out, 16), None);
        let long = parse::lines(&format!("{} pid=17\n", "x".repeat(5000)));
        assert_eq!(
            printed_name(&long, 17).map(|n| n.chars().count()),
            Some(MAX_NAME_CHARS + 1)
        );
    }

    /// 05 with one stop message short: a consumer waits on the empty queue, the parent waits
    /// for it, the producers have ended.
    #[test]
    fn one_sentinel_short() {
        let stall = Stall {
            root: 10,
            tasks: vec![
                task(10, 10, Wait::Child { pid: Some(13) }, "wait4"),
                task(13, 13, Wait::QueueReceive, "mq_timedreceive"),
            ],
            pipes: vec![end(10, 3, 7, false), end(13, 4, 7, true)],
            sockets: vec![],
            zombies: vec![],
        };
        let obs = observed(10, &[11, 12, 13, 14, 15], &[]);
        let out = parse::lines("got consumer=2 producer=0 seq=0 pid=13\n");
        let d = diagnose(&stall, Some(&obs), &out);
        assert_eq!(
            d.lines,
            [
                "still alive when it was stopped, and where each waited:",
                "  - parent (pid 10): waiting for consumer 2 (child 3) to end [wait4]",
                "  - consumer 2 (child 3, pid 13): waiting to receive from an empty message \
                 queue [mq_timedreceive]",
            ]
        );
        let (_, cause) = d.cause.unwrap();
        assert!(cause.contains("One stop message per consumer?"), "{cause}");
        assert!(
            cause.contains("will send to (every other one is only waiting): consumer 2 (child 3)."),
            "{cause}"
        );
    }

    /// 13 with no `stop`: the parent waits for the server, whose main thread waits on its
    /// channel and whose accept thread waits for a connection nobody makes.
    #[test]
    fn server_never_stopped() {
        let stall = Stall {
            root: 10,
            tasks: vec![
                task(10, 10, Wait::Child { pid: Some(11) }, "wait4"),
                task(11, 11, Wait::Futex, "futex"),
                task(11, 15, Wait::Accept { fd: 3 }, "accept4"),
            ],
            pipes: vec![],
            sockets: vec![],
            zombies: vec![],
        };
        let obs = observed(10, &[11, 12, 13], &[(15, 11)]);
        let out = parse::lines("server pid=11\n");
        let d = diagnose(&stall, Some(&obs), &out);
        let (kind, cause) = d.cause.unwrap();
        assert_eq!(kind, Cause::ServerNeverStopped);
        assert!(
            cause.starts_with("the parent waits for server (child 1) to end"),
            "{cause}"
        );
        assert!(cause.contains("send the stop command"), "{cause}");
        assert!(
            d.lines
                .iter()
                .any(|l| l.contains("waiting in accept") && l.ends_with("[accept4]")),
            "{:?}",
            d.lines
        );
        // A server in accept that nobody waits for is not this shape.
        let alone = Stall {
            tasks: stall.tasks[1..].to_vec(),
            ..stall.clone()
        };
        let d = diagnose(&alone, Some(&obs), &out);
        assert!(d.cause.is_none_or(|(k, _)| k != Cause::ServerNeverStopped));
    }

    /// 02 with `let _ = writer;`: the parent reads the queue whose write end it still holds;
    /// every worker has ended (not yet reaped).
    #[test]
    fn own_write_end() {
        let stall = Stall {
            root: 10,
            tasks: vec![task(10, 10, read(3, 7), "read")],
            pipes: vec![end(10, 3, 7, false), end(10, 4, 7, true)],
            sockets: vec![],
            zombies: vec![11, 12, 13],
        };
        let obs = observed(10, &[11, 12, 13], &[]);
        let d = diagnose(&stall, Some(&obs), &[]);
        assert_eq!(
            d.lines[1],
            "  - parent (pid 10): waiting to read a pipe (fd 3); its write end is open in: \
             the parent [read]"
        );
        assert_eq!(
            d.lines[2],
            "already ended, not yet waited for by their parent: child 1, child 2, child 3"
        );
        let (_, cause) = d.cause.unwrap();
        assert!(cause.contains("`let _ = writer;` drops nothing"), "{cause}");
        assert!(cause.contains("`drop(writer);`"), "{cause}");
    }

    /// 04 with the task pipes open at the join: workers read their task pipes, whose write
    /// ends the parent holds while its main thread joins a reader thread; the reader threads
    /// read result pipes whose write ends the workers hold.
    #[test]
    fn task_pipes_open_at_join() {
        let mut tasks = vec![task(10, 10, Wait::Futex, "futex")];
        let mut pipes = Vec::new();
        for w in 0..3 {
            let (worker, thread) = (11 + w, 20 + w);
            let (task_pipe, result_pipe) = (100 + w as u64, 200 + w as u64);
            tasks.push(task(10, thread, read(5 + w, result_pipe), "read"));
            tasks.push(task(worker, worker, read(3, task_pipe), "read"));
            pipes.push(end(10, 4 + 2 * w, task_pipe, true));
            pipes.push(end(10, 5 + 2 * w, result_pipe, false));
            pipes.push(end(worker, 3, task_pipe, false));
            pipes.push(end(worker, 4, result_pipe, true));
        }
        tasks.sort_by_key(|t| (t.pid, t.tid));
        let stall = Stall {
            root: 10,
            tasks,
            pipes,
            sockets: vec![],
            zombies: vec![],
        };
        let obs = observed(10, &[11, 12, 13], &[(20, 10), (21, 10), (22, 10)]);
        let out = parse::lines("task index=0 input=1 output=1 worker=12\n");
        let d = diagnose(&stall, Some(&obs), &out);
        assert_eq!(
            d.lines[3],
            "  - worker (child 2, pid 12): waiting to read a pipe (fd 3); its write end is open \
             in: the parent [read]"
        );
        assert_eq!(
            d.lines[5],
            "  - the parent, thread 1 (tid 20): waiting to read a pipe (fd 5); its write end is \
             open in: child 1 [read]"
        );
        let (shape, cause) = d.cause.unwrap();
        assert_eq!(shape, Cause::HeldWriteEnd);
        assert!(
            cause.starts_with(
                "waiting to read pipes whose write ends are still open in the parent, which is \
                 only waiting itself (waiting on a lock, a condition variable or the end of a \
                 thread [futex]): child 1, worker (child 2), child 3. "
            ),
            "{cause}"
        );
        assert!(
            cause.contains("close (drop) the task pipes before joining"),
            "{cause}"
        );
    }

    /// 04 with workers that keep the task pipes they inherited: the parent closed its ends, but
    /// worker 1's task pipe is still open for writing in worker 2, which waits itself.
    #[test]
    fn inherited_write_ends() {
        let stall = Stall {
            root: 10,
            tasks: vec![
                task(10, 10, Wait::Child { pid: Some(11) }, "wait4"),
                task(11, 11, read(3, 100), "read"),
                task(12, 12, read(3, 101), "read"),
            ],
            pipes: vec![
                end(11, 3, 100, false),
                end(12, 3, 101, false),
                end(12, 5, 100, true),
                end(11, 6, 101, true),
            ],
            sockets: vec![],
            zombies: vec![],
        };
        let d = diagnose(&stall, Some(&observed(10, &[11, 12], &[])), &[]);
        let (shape, cause) = d.cause.unwrap();
        assert_eq!(shape, Cause::InheritedWriteEnd);
        assert!(
            cause.starts_with(
                "waiting to read pipes whose write ends are still open in child 1, which only \
                 wait themselves: child 2. A child inherits every descriptor"
            ),
            "{cause}"
        );
    }

    /// Joining before draining: a worker blocked writing a full pipe, the parent waiting for it.
    #[test]
    fn unread_full_pipe() {
        let stall = Stall {
            root: 10,
            tasks: vec![
                task(10, 10, Wait::Child { pid: Some(11) }, "wait4"),
                task(
                    11,
                    11,
                    Wait::Write {
                        fd: 4,
                        pipe: Some(7),
                    },
                    "write",
                ),
            ],
            pipes: vec![end(10, 3, 7, false), end(11, 4, 7, true)],
            sockets: vec![],
            zombies: vec![],
        };
        let d = diagnose(&stall, Some(&observed(10, &[11], &[])), &[]);
        let (shape, cause) = d.cause.unwrap();
        assert_eq!(shape, Cause::UnreadFullPipe);
        assert!(
            cause.starts_with(
                "child 1 waits to write into a full pipe (a pipe holds 64 KiB) that nobody \
                 reads: its readers wait for something else (the parent: waiting for child 1 \
                 to end [wait4])"
            ),
            "{cause}"
        );
    }

    #[test]
    fn a_busy_loop_is_named_and_long_lists_are_cut() {
        let mut tasks = vec![task(10, 10, Wait::Child { pid: None }, "wait4")];
        for pid in 11..31 {
            tasks.push(StalledTask {
                call: None,
                ..task(pid, pid, Wait::Running, "")
            });
        }
        let stall = Stall {
            root: 10,
            tasks,
            pipes: vec![],
            sockets: vec![],
            zombies: vec![],
        };
        let d = diagnose(&stall, None, &[]);
        let (shape, cause) = d.cause.unwrap();
        assert_eq!(shape, Cause::Busy);
        assert!(
            cause.starts_with("running, not waiting for anything: process 11, process 12"),
            "{cause}"
        );
        let listed = d.lines.len() - 2;
        assert!((5..=MAX_LISTED).contains(&listed), "{:#?}", d.lines);
        assert!(d.lines.iter().map(|l| l.chars().count() + 1).sum::<usize>() <= MAX_CHARS);
        assert_eq!(
            d.lines[1],
            "  - parent (pid 10): waiting for a child to end [wait4]"
        );
        assert_eq!(
            d.lines[2],
            "  - process 11: running on a CPU, not waiting for anything: a loop that never ends?"
        );
        assert_eq!(d.lines[listed + 1], format!("  … and {} more", 21 - listed));
    }

    #[test]
    fn speaks_italian() {
        use crate::i18n::{Lang, with_lang};
        let stall = Stall {
            root: 10,
            tasks: vec![
                task(10, 10, Wait::Child { pid: Some(13) }, "wait4"),
                task(13, 13, Wait::QueueReceive, "mq_timedreceive"),
            ],
            pipes: vec![],
            sockets: vec![],
            zombies: vec![],
        };
        let obs = observed(10, &[11, 12, 13], &[]);
        let d = with_lang(Lang::It, || diagnose(&stall, Some(&obs), &[]));
        assert_eq!(
            d.lines[1],
            "  - padre (pid 10): aspetta che termini il figlio 3 [wait4]"
        );
        assert!(
            d.cause
                .unwrap()
                .1
                .contains("Un messaggio di stop per ogni consumatore?"),
        );
    }

    /// A socket pair between the parent (10, end inode 70 as fd 3) and its child (11, end 71
    /// as fd 4); `child_keeps` gives the child a copy of the parent's end too.
    fn socket_pair(parent_keeps: bool, child_keeps: bool) -> Vec<SocketEnd> {
        let end = |pid, fd, inode, peer| SocketEnd {
            pid,
            fd,
            inode,
            peer: Some(peer),
        };
        let mut ends = vec![end(11, 4, 71, 70)];
        if parent_keeps {
            ends.push(end(10, 3, 70, 71));
        }
        if child_keeps {
            ends.push(end(11, 3, 70, 71));
        }
        ends
    }

    fn socket_stall(tasks: Vec<StalledTask>, sockets: Vec<SocketEnd>) -> Stall {
        Stall {
            root: 10,
            tasks,
            pipes: vec![],
            sockets,
            zombies: vec![],
        }
    }

    fn read_socket(fd: i32) -> Wait {
        Wait::Read { fd, pipe: None }
    }

    /// 12 with the parent waiting for the child before it closes its end.
    #[test]
    fn parent_waits_holding_its_socket_end() {
        let stall = socket_stall(
            vec![
                task(10, 10, Wait::Child { pid: Some(11) }, "wait4"),
                task(11, 11, read_socket(4), "recvfrom"),
            ],
            socket_pair(true, false),
        );
        let obs = observed(10, &[11], &[]);
        let out = parse::lines("served round=0 x=27 reply=82 child=11\n");
        let d = diagnose(&stall, Some(&obs), &out);
        assert_eq!(
            d.lines[1..],
            [
                "  - parent (pid 10): waiting for child 1 to end [wait4]",
                "  - child 1 (pid 11): waiting to read a socket (fd 4); its other end is open \
                 in: the parent [recvfrom]",
            ]
        );
        let (shape, cause) = d.cause.unwrap();
        assert_eq!(shape, Cause::HeldSocketEnd);
        assert!(
            cause.contains("child 1 waits for end-of-file on a socket whose other end is still open in the parent"),
            "{cause}"
        );
        assert!(
            cause.contains("(waiting for child 1 to end [wait4])"),
            "{cause}"
        );
    }

    /// 12 with the child keeping its inherited copy of the parent's end.
    #[test]
    fn child_holds_both_socket_ends() {
        let stall = socket_stall(
            vec![
                task(10, 10, Wait::Child { pid: Some(11) }, "wait4"),
                task(11, 11, read_socket(4), "recvfrom"),
            ],
            socket_pair(false, true),
        );
        let d = diagnose(&stall, Some(&observed(10, &[11], &[])), &[]);
        assert!(
            d.lines[2].contains("its other end is open in: child 1"),
            "{:?}",
            d.lines
        );
        let (shape, cause) = d.cause.unwrap();
        assert_eq!(shape, Cause::OwnSocketEnd);
        assert!(cause.contains("the parent's end in the child"), "{cause}");
    }

    /// 12 with a request left in the parent's BufWriter: both read.
    #[test]
    fn both_ends_read() {
        let stall = socket_stall(
            vec![
                task(10, 10, read_socket(3), "recvfrom"),
                task(11, 11, read_socket(4), "recvfrom"),
            ],
            socket_pair(true, false),
        );
        let d = diagnose(&stall, Some(&observed(10, &[11], &[])), &[]);
        let (shape, cause) = d.cause.unwrap();
        assert_eq!(shape, Cause::BothRead);
        assert!(
            cause.contains("the parent and child 1 both wait"),
            "{cause}"
        );
        assert!(cause.contains("flush"), "{cause}");
        // Both writing into full sockets, neither reading.
        let mut writing = stall.clone();
        writing.tasks = vec![
            task(10, 10, Wait::Write { fd: 3, pipe: None }, "sendto"),
            task(11, 11, Wait::Write { fd: 4, pipe: None }, "sendto"),
        ];
        let d = diagnose(&writing, Some(&observed(10, &[11], &[])), &[]);
        assert!(
            d.lines[1].contains(
                "waiting to write into a full socket (fd 3); its other end is open in: child 1"
            ),
            "{:?}",
            d.lines
        );
        let (shape, cause) = d.cause.unwrap();
        assert_eq!(shape, Cause::BothWrite);
        assert!(
            cause.contains("send one request, read its reply"),
            "{cause}"
        );
        // Without the peers, the words stay true and no cause is guessed.
        let mut blind = stall.clone();
        blind.sockets.iter_mut().for_each(|s| s.peer = None);
        let d = diagnose(&blind, Some(&observed(10, &[11], &[])), &[]);
        assert_eq!(
            d.lines[1],
            "  - parent (pid 10): waiting to read a socket (fd 3) [recvfrom]"
        );
        assert_eq!(d.cause, None);
    }
}
