//! 13 manager_server: Python's `Manager()` the Rust way. One server process owns a map; W
//! client processes send it commands over a Unix socket (`incr key`, `append list item`) and
//! never touch its memory; the parent waits for the clients, asks the server to stop, and the
//! server prints the final map and removes its socket file.
//!
//! Output (lines of different processes interleave):
//!
//! ```text
//! listening socket=<path> parent=<pid>            (parent, after bind, before any fork)
//! server pid=<pid>                                (server, at its start)
//! connected client=<i> pid=<pid>                  (client i, once connected)
//! incr client=<i> key=<k> value=<v>               (client i, the server's reply to `incr k`)
//! append client=<i> item=<item> len=<n>           (client i, the reply to `append items item`)
//! done client=<i> pid=<pid>                       (client i, last)
//! joined client=<i> pid=<pid> code=<c>            (parent, after waitpid)
//! final key=<k> value=<v>                         (server, on stop, sorted)
//! final list=items len=<n>                        (server)
//! item list=items value=<item>                    (server, sorted)
//! stopped server=<pid> commands=<n> connections=<c> (server, after the map)
//! summary clients=<W> server=<pid> code=<c>       (parent, last)
//! ```
//!
//! What makes a lost update certain to show: W up to 8 clients on one or two keys, a thousand
//! increments each, and `--widen`, a nap between reading a counter and writing it back (under
//! the lock in a correct server, so harmless there). A `get` then `set` from the client, or a
//! read and a write under two locks in the server, lost updates in every run measured (README).

use std::collections::{BTreeMap, BTreeSet};

use crate::check::invariants::{exactly_once, increasing_per_key, pids_are_child_processes};
use crate::check::invariants::{summary_is_last, the_line};
use crate::check::{Check, Exercise, Failure, Outcome, Problem, each_healthy_run};
use crate::observe::Observation;
use crate::parse::Line;
use crate::rng::Rng;
use crate::run::{FileKind, Run, RunPlan};
use crate::t;

pub static EXERCISE: Exercise = Exercise {
    id: "13",
    slug: "manager_server",
    plan,
    checks: CHECKS,
};

/// The program's defaults, the seeds' example: three processes, a dict and a list.
const DEFAULT_CLIENTS: u64 = 3;
const DEFAULT_INCREMENTS: u64 = 100;
const DEFAULT_KEYS: u64 = 2;
const DEFAULT_ITEMS: u64 = 3;
/// Where the grader has the socket bound: the run's scratch directory (its cwd).
const SOCKET: &str = "manager.sock";

fn plan(rng: &mut Rng) -> Vec<RunPlan> {
    let base = |label: String| RunPlan::new(label).param("socket", SOCKET);
    let mut runs = vec![base("defaults".into())];
    for k in 1..=2 {
        runs.push(
            base(format!("random {k}/2"))
                .param("clients", rng.range(2, 5))
                .param("increments", rng.range(20, 300))
                .param("keys", rng.range(1, 3))
                .param("items", rng.range(1, 4)),
        );
    }
    // Lost updates must show: 8 clients × about a thousand increments of one or two keys (at
    // most 16 000 reply lines, about 0.5 MiB of output: under the capture's 1 MiB head), with the
    // read–write window widened.
    runs.push(
        base("stress".into())
            .param("clients", 8)
            .param("increments", rng.range(800, 1_000))
            .param("keys", rng.range(1, 2))
            .param("items", 2)
            .flag("widen")
            .timeout(std::time::Duration::from_secs(20)),
    );
    runs
}

static CHECKS: &[Check] = &[
    Check {
        id: "final_exact",
        points: 3,
        eval: final_exact,
    },
    Check {
        id: "replies_consistent",
        points: 3,
        eval: replies_consistent,
    },
    Check {
        id: "server_talked",
        points: 2,
        eval: server_talked,
    },
    Check {
        id: "clean_end",
        points: 2,
        eval: clean_end,
    },
];

// ---------------------------------------------------------------------------------------------
// What was asked

struct Asked {
    clients: u64,
    increments: u64,
    keys: Vec<String>,
    items: u64,
}

fn asked(plan: &RunPlan) -> Asked {
    Asked {
        clients: plan.get("clients").unwrap_or(DEFAULT_CLIENTS),
        increments: plan.get("increments").unwrap_or(DEFAULT_INCREMENTS),
        keys: (0..plan.get("keys").unwrap_or(DEFAULT_KEYS))
            .map(|k| format!("k{k}"))
            .collect(),
        items: plan.get("items").unwrap_or(DEFAULT_ITEMS),
    }
}

impl Asked {
    /// Every key's final value: W × K.
    fn total(&self) -> u64 {
        self.clients * self.increments
    }

    /// The items the clients append, each exactly once: `c<i>-<j>`.
    fn items(&self) -> Vec<String> {
        (0..self.clients)
            .flat_map(|i| (0..self.items).map(move |j| format!("c{i}-{j}")))
            .collect()
    }

    /// The commands the server must have applied: W × (keys × K + items).
    fn commands(&self) -> u64 {
        self.clients * (self.keys.len() as u64 * self.increments + self.items)
    }
}

fn tagged<'a>(lines: &'a [Line], tag: &str) -> Vec<&'a Line> {
    lines.iter().filter(|l| l.tag() == tag).collect()
}

// ---------------------------------------------------------------------------------------------
// final_exact

/// The server's final map: every key W × K, every item once, printed after every client was
/// joined.
fn final_map(run: &Run, lines: &[Line]) -> Result<(), Failure> {
    let a = asked(&run.plan);
    let finals = tagged(lines, "final");
    if finals.is_empty() {
        return Err(
            Failure::new(t!("check.manager_server.no_final")).quote_all(lines.iter().rev().take(3))
        );
    }
    let mut values: BTreeMap<String, (u64, &Line)> = BTreeMap::new();
    for line in finals.iter().filter(|l| l.raw("key").is_some()) {
        values.insert(line.require("key")?, (line.require("value")?, line));
    }
    for key in &a.keys {
        match values.get(key) {
            None => {
                return Err(Failure::new(t!(
                    "check.manager_server.key_missing",
                    key = key,
                    want = a.total()
                ))
                .quote_all(finals.iter().copied()));
            }
            Some(&(got, line)) if got != a.total() => {
                let message = if got < a.total() {
                    t!(
                        "check.manager_server.lost_updates",
                        key = key,
                        got = got,
                        want = a.total(),
                        clients = a.clients,
                        increments = a.increments,
                        lost = a.total() - got
                    )
                } else {
                    t!(
                        "check.manager_server.too_many",
                        key = key,
                        got = got,
                        want = a.total()
                    )
                };
                return Err(Failure::new(message).quote(line));
            }
            Some(_) => {}
        }
    }
    let items: Vec<(String, &Line)> = tagged(lines, "item")
        .into_iter()
        .map(|l| Ok((l.require::<String>("value")?, l)))
        .collect::<Result<_, Failure>>()?;
    exactly_once(
        &t!("check.manager_server.item"),
        &t!("check.manager_server.items"),
        a.items(),
        &items,
    )?;
    let first_final = finals[0];
    if let Some(late) = lines
        .iter()
        .filter(|l| l.tag() == "joined")
        .find(|l| l.no > first_final.no)
    {
        return Err(Failure::new(t!("check.manager_server.final_before_join"))
            .quote(first_final)
            .quote(late));
    }
    Ok(())
}

fn final_exact(runs: &[Run]) -> Outcome {
    each_healthy_run(runs, "", |run| Ok(final_map(run, &run.lines())?))
}

// ---------------------------------------------------------------------------------------------
// replies_consistent

/// The replies the clients printed: K per key per client, increasing within a client, and over
/// all clients each value 1..=W×K of a key exactly once (the server serialised the increments);
/// the list's lengths 1..=W×items once each.
fn replies(run: &Run, lines: &[Line]) -> Result<(), Failure> {
    let a = asked(&run.plan);
    let incrs = tagged(lines, "incr");
    let mut per_client: Vec<((u64, String), u64, &Line)> = Vec::with_capacity(incrs.len());
    let mut counts: BTreeMap<(u64, String), u64> = BTreeMap::new();
    for line in &incrs {
        let client: u64 = line.require("client")?;
        let key: String = line.require("key")?;
        let value: u64 = line.require("value")?;
        if client >= a.clients || !a.keys.contains(&key) {
            return Err(Failure::new(t!(
                "check.manager_server.unknown_reply",
                clients = a.clients,
                keys = a.keys.join(", ")
            ))
            .quote(line));
        }
        if value == 0 || value > a.total() {
            return Err(Failure::new(t!(
                "check.manager_server.value_out_of_range",
                key = key,
                value = value,
                want = a.total()
            ))
            .quote(line));
        }
        *counts.entry((client, key.clone())).or_default() += 1;
        per_client.push(((client, key), value, line));
    }
    for client in 0..a.clients {
        for key in &a.keys {
            let got = counts.get(&(client, key.clone())).copied().unwrap_or(0);
            if got != a.increments {
                return Err(Failure::new(t!(
                    "check.manager_server.reply_count",
                    client = client,
                    key = key,
                    got = got,
                    want = a.increments
                ))
                .quote_all(
                    per_client
                        .iter()
                        .filter(|((c, k), _, _)| *c == client && k == key)
                        .rev()
                        .take(2)
                        .map(|(_, _, l)| *l),
                ));
            }
        }
    }
    let by_value: Vec<(String, &Line)> = per_client
        .iter()
        .map(|((_, k), v, l)| (format!("{k}={v}"), *l))
        .collect();
    let expected = a
        .keys
        .iter()
        .flat_map(|k| (1..=a.total()).map(move |v| format!("{k}={v}")));
    exactly_once(
        &t!("check.manager_server.reply_value"),
        &t!("check.manager_server.reply_values"),
        expected,
        &by_value,
    )
    .map_err(|f| f.hint(t!("check.manager_server.duplicate_hint")))?;
    let ordered: Vec<(String, u64, &Line)> = per_client
        .iter()
        .map(|((c, k), v, l)| (format!("client={c} key={k}"), *v, *l))
        .collect();
    increasing_per_key(&t!("check.manager_server.replies"), &ordered)?;
    let lens: Vec<(u64, &Line)> = tagged(lines, "append")
        .into_iter()
        .map(|l| Ok((l.require::<u64>("len")?, l)))
        .collect::<Result<_, Failure>>()?;
    exactly_once(
        &t!("check.manager_server.len"),
        &t!("check.manager_server.lens"),
        1..=a.clients * a.items,
        &lens,
    )?;
    Ok(())
}

fn replies_consistent(runs: &[Run]) -> Outcome {
    each_healthy_run(runs, "", |run| Ok(replies(run, &run.lines())?))
}

// ---------------------------------------------------------------------------------------------
// server_talked

/// A server process of its own, W client processes (each once connected and done), the server
/// outliving every client, and the server's own count of what it served.
fn talked(run: &Run, lines: &[Line], obs: &Observation) -> Result<(), Failure> {
    let a = asked(&run.plan);
    let server_line = the_line(lines, "server pid=…", |l| l.tag() == "server")?;
    pids_are_child_processes(obs, "pid", &[server_line])?;
    let server: i32 = server_line.require("pid")?;
    let connected = tagged(lines, "connected");
    pids_are_child_processes(obs, "pid", &connected)?;
    let got: Vec<(u64, &Line)> = connected
        .iter()
        .map(|l| Ok((l.require::<u64>("client")?, *l)))
        .collect::<Result<_, Failure>>()?;
    exactly_once(
        &t!("check.manager_server.client"),
        &t!("check.manager_server.clients"),
        0..a.clients,
        &got,
    )?;
    let mut pids = BTreeSet::new();
    for line in &connected {
        let pid: i32 = line.require("pid")?;
        if pid == server || !pids.insert(pid) {
            return Err(
                Failure::new(t!("check.manager_server.same_process", pid = pid)).quote(line),
            );
        }
    }
    let server_task = obs.get(server).expect("a child process, checked above");
    let server_end = server_task.end_us.unwrap_or(u64::MAX);
    for line in &connected {
        let pid: i32 = line.require("pid")?;
        let end = obs.get(pid).and_then(|t| t.end_us).unwrap_or(u64::MAX);
        if end > server_end {
            return Err(Failure::new(t!(
                "check.manager_server.server_died_first",
                server = server,
                client = pid
            ))
            .quote(server_line)
            .quote(line));
        }
    }
    let stopped = the_line(
        lines,
        "stopped server=… commands=… connections=…",
        |l| l.tag() == "stopped",
    )?;
    let said: i32 = stopped.require("server")?;
    if said != server {
        return Err(Failure::new(t!(
            "check.manager_server.stopped_other",
            pid = said,
            server = server
        ))
        .quote(stopped));
    }
    let commands: u64 = stopped.require("commands")?;
    if commands != a.commands() {
        return Err(Failure::new(t!(
            "check.manager_server.commands",
            got = commands,
            want = a.commands(),
            clients = a.clients,
            keys = a.keys.len(),
            increments = a.increments,
            items = a.items
        ))
        .quote(stopped));
    }
    let connections: u64 = stopped.require("connections")?;
    if connections != a.clients + 1 {
        return Err(Failure::new(t!(
            "check.manager_server.connections",
            got = connections,
            clients = a.clients,
            want = a.clients + 1
        ))
        .quote(stopped));
    }
    Ok(())
}

fn server_talked(runs: &[Run]) -> Outcome {
    each_healthy_run(runs, "", |run| {
        let lines = run.lines();
        let obs = run.observation()?;
        Ok(talked(run, &lines, obs)?)
    })
}

// ---------------------------------------------------------------------------------------------
// clean_end

/// No socket file left in the scratch directory, nothing left running, the server reaped and
/// the summary last.
fn ended_clean(run: &Run, lines: &[Line]) -> Result<(), Problem> {
    if let Some(socket) = run
        .outcome
        .files
        .iter()
        .find(|f| f.kind == FileKind::Socket)
    {
        return Err(
            Failure::new(t!("check.manager_server.socket_left", path = socket.path))
                .quote_all(
                    tagged(lines, "listening")
                        .into_iter()
                        .chain(tagged(lines, "stopped")),
                )
                .into(),
        );
    }
    if !run.outcome.leftover_processes.is_empty() {
        let pids: Vec<String> = run
            .outcome
            .leftover_processes
            .iter()
            .map(i32::to_string)
            .collect();
        return Err(Failure::new(t!(
            "check.manager_server.left_running",
            pids = pids.join(", ")
        ))
        .into());
    }
    let last = summary_is_last(lines, "summary clients=… server=… code=…", |l| {
        l.tag() == "summary"
    })?;
    let server_line = the_line(lines, "server pid=…", |l| l.tag() == "server")?;
    let server: i32 = server_line.require("pid")?;
    let reaped: i32 = last.require("server")?;
    let code: i32 = last.require("code")?;
    if reaped != server || code != 0 {
        return Err(Failure::new(t!(
            "check.manager_server.summary_server",
            pid = reaped,
            code = code,
            server = server
        ))
        .quote(server_line)
        .quote(last)
        .into());
    }
    Ok(())
}

fn clean_end(runs: &[Run]) -> Outcome {
    // A run that failed says why first (a panic, a client's error): the socket it left is a
    // consequence.
    each_healthy_run(runs, "", |run| ended_clean(run, &run.lines()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{failure, quoted};
    use crate::run::FileLeft;
    use crate::run::fixture::{observed, process, run};

    const ROOT: i32 = 100;
    const SERVER: i32 = 200;

    fn client_pid(i: u64) -> i32 {
        300 + i as i32
    }

    /// The kernel's view: the server lives from 50 to 9 000 µs, each client 100..5 000.
    fn kernel(a: &Asked) -> Observation {
        let mut tasks = vec![
            process(ROOT, 1, 0, 10_000, 0),
            process(SERVER, ROOT, 50, 9_000, 0),
        ];
        for i in 0..a.clients {
            tasks.push(process(client_pid(i), ROOT, 100 + i, 5_000 + i, 0));
        }
        observed(tasks)
    }

    /// A correct run's output: the clients take turns on the server, one increment at a time.
    fn good_stdout(plan: &RunPlan) -> String {
        let a = asked(plan);
        let mut out = format!("listening socket={SOCKET} parent={ROOT}\nserver pid={SERVER}\n");
        for i in 0..a.clients {
            out += &format!("connected client={i} pid={}\n", client_pid(i));
        }
        let mut value: BTreeMap<&str, u64> = BTreeMap::new();
        for _ in 0..a.increments {
            for i in 0..a.clients {
                for key in &a.keys {
                    let v = value.entry(key).or_default();
                    *v += 1;
                    out += &format!("incr client={i} key={key} value={v}\n");
                }
            }
        }
        let mut len = 0;
        for i in 0..a.clients {
            for j in 0..a.items {
                len += 1;
                out += &format!("append client={i} item=c{i}-{j} len={len}\n");
            }
            out += &format!("done client={i} pid={}\n", client_pid(i));
        }
        for i in 0..a.clients {
            out += &format!("joined client={i} pid={} code=0\n", client_pid(i));
        }
        for key in &a.keys {
            out += &format!("final key={key} value={}\n", a.total());
        }
        out += &format!("final list=items len={len}\n");
        let mut items = a.items();
        items.sort();
        for item in items {
            out += &format!("item list=items value={item}\n");
        }
        out += &format!(
            "stopped server={SERVER} commands={} connections={}\n",
            a.commands(),
            a.clients + 1
        );
        out += &format!("summary clients={} server={SERVER} code=0\n", a.clients);
        out
    }

    fn plans() -> Vec<RunPlan> {
        vec![
            RunPlan::new("defaults").param("socket", SOCKET),
            RunPlan::new("random 1/1")
                .param("socket", SOCKET)
                .param("clients", 4)
                .param("increments", 7)
                .param("keys", 1)
                .param("items", 2),
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
                let obs = kernel(&asked(&p));
                run(p, &out, Some(obs))
            })
            .collect()
    }

    fn good() -> Vec<Run> {
        runs_with("", |s| s)
    }

    #[test]
    fn plan_has_defaults_random_and_a_widened_stress_run() {
        let plans = plan(&mut Rng::new(5));
        assert_eq!(plans.len(), 4);
        assert!(
            plans
                .iter()
                .all(|p| p.get::<String>("socket").as_deref() == Some(SOCKET))
        );
        let stress = &plans[3];
        assert_eq!(stress.get::<u64>("clients"), Some(8));
        assert!(stress.get::<u64>("increments").unwrap() >= 800);
        assert!(stress.has_flag("widen"));
        // At most 16 000 reply lines of about 34 bytes: under the 1 MiB capture head.
        let a = asked(stress);
        assert!(a.clients * a.increments * a.keys.len() as u64 * 40 < 1 << 20);
    }

    #[test]
    fn good_runs_pass_every_check() {
        for check in CHECKS {
            assert_eq!((check.eval)(&good()), Outcome::Pass, "{}", check.id);
        }
    }

    #[test]
    fn final_exact_counts_lost_updates_and_items() {
        let lost = runs_with("defaults", |s| {
            s.replace("final key=k1 value=300", "final key=k1 value=287")
        });
        let f = failure(final_exact(&lost));
        assert!(f.message.contains("13 update(s) lost"), "{}", f.message);
        assert_eq!(quoted(&f), ["final key=k1 value=287"]);

        let missing_key = runs_with("random", |s| s.replace("final key=k0 value=28\n", ""));
        let f = failure(final_exact(&missing_key));
        assert!(f.message.contains("`k0`"), "{}", f.message);

        let twice = runs_with("defaults", |s| {
            s.replace(
                "item list=items value=c1-0\n",
                "item list=items value=c1-0\nitem list=items value=c1-0\n",
            )
        });
        let f = failure(final_exact(&twice));
        assert!(f.message.contains("c1-0"), "{}", f.message);

        // The map printed before the clients were joined.
        let early = runs_with("defaults", |s| {
            let joined = "joined client=2 pid=302 code=0\n";
            let s = s.replace(joined, "");
            s.replace("stopped server", &format!("{joined}stopped server"))
        });
        let f = failure(final_exact(&early));
        assert!(f.message.contains("before"), "{}", f.message);
        assert_eq!(f.quotes.len(), 2);
    }

    #[test]
    fn replies_consistent_catches_repeated_values_and_missing_replies() {
        // Two clients got the same value: an update lost on the way.
        let repeated = runs_with("random", |s| {
            s.replace(
                "incr client=1 key=k0 value=6\n",
                "incr client=1 key=k0 value=5\n",
            )
        });
        let f = failure(replies_consistent(&repeated));
        assert!(f.message.contains("k0=5"), "{}", f.message);
        assert!(
            f.hint.as_deref().unwrap_or("").contains("get"),
            "{:?}",
            f.hint
        );

        // Each client counting by itself: values restart at 1 in every client.
        let local = runs_with("random", |s| {
            let mut out = String::new();
            let mut own: BTreeMap<String, u64> = BTreeMap::new();
            for line in s.lines() {
                if line.starts_with("incr ") {
                    let who = line.split(" value=").next().unwrap().to_string();
                    let v = own.entry(who.clone()).or_default();
                    *v += 1;
                    out += &format!("{who} value={v}\n");
                } else {
                    out += &format!("{line}\n");
                }
            }
            out
        });
        let f = failure(replies_consistent(&local));
        assert!(f.message.contains("k0=1"), "{}", f.message);

        let backwards = runs_with("random", |s| {
            let s = s.replace(
                "incr client=0 key=k0 value=1\n",
                "incr client=0 key=k0 value=X\n",
            );
            let s = s.replace(
                "incr client=0 key=k0 value=5\n",
                "incr client=0 key=k0 value=1\n",
            );
            s.replace("value=X", "value=5")
        });
        let f = failure(replies_consistent(&backwards));
        assert!(f.message.contains("client=0 key=k0"), "{}", f.message);

        let short = runs_with("defaults", |s| {
            s.replace("incr client=2 key=k1 value=300\n", "")
        });
        let f = failure(replies_consistent(&short));
        assert!(f.message.contains("99"), "{}", f.message);

        let too_big = runs_with("defaults", |s| {
            s.replace("key=k1 value=300\n", "key=k1 value=301\n")
        });
        let f = failure(replies_consistent(&too_big));
        assert!(f.message.contains("301"), "{}", f.message);
    }

    #[test]
    fn server_talked_wants_a_server_process_that_outlives_the_clients() {
        // The "server" is the main process itself.
        let in_parent = runs_with("defaults", |s| {
            s.replace("server pid=200", "server pid=100")
        });
        let f = failure(server_talked(&in_parent));
        assert!(f.message.contains("main process itself"), "{}", f.message);

        // The server ended before a client did.
        let mut early = good();
        let obs = early[0].outcome.observation.as_mut().unwrap();
        obs.tasks[1].end_us = Some(4_000);
        let f = failure(server_talked(&early));
        assert!(f.message.contains("ended before"), "{}", f.message);

        // Clients that counted alone: the server applied only the appends.
        let local = runs_with("defaults", |s| s.replace("commands=609", "commands=9"));
        let f = failure(server_talked(&local));
        assert!(f.message.contains("609"), "{}", f.message);

        let reconnecting = runs_with("defaults", |s| s.replace("connections=4", "connections=12"));
        let f = failure(server_talked(&reconnecting));
        assert!(f.message.contains("12"), "{}", f.message);

        let missing = runs_with("random", |s| s.replace("connected client=3 pid=303\n", ""));
        let f = failure(server_talked(&missing));
        assert!(f.message.contains('3'), "{}", f.message);
    }

    #[test]
    fn clean_end_names_a_socket_left_behind() {
        let mut left = good();
        left[1].outcome.files.push(FileLeft {
            path: SOCKET.into(),
            bytes: 0,
            kind: FileKind::Socket,
        });
        let f = failure(clean_end(&left));
        assert!(f.message.contains("manager.sock"), "{}", f.message);
        assert!(f.run.unwrap().contains("random"));

        // A regular file is not a socket.
        let mut notes = good();
        notes[0].outcome.files.push(FileLeft {
            path: "notes.txt".into(),
            bytes: 3,
            kind: FileKind::File,
        });
        assert_eq!(clean_end(&notes), Outcome::Pass);

        let mut running = good();
        running[0].outcome.leftover_processes = vec![200];
        let f = failure(clean_end(&running));
        assert!(f.message.contains("200"), "{}", f.message);

        let not_last = runs_with("defaults", |s| format!("{s}final key=k0 value=300\n"));
        let f = failure(clean_end(&not_last));
        assert!(f.message.contains("must come last"), "{}", f.message);
    }

    #[test]
    fn kernel_check_without_observation_is_not_verified() {
        let blind: Vec<Run> = plans()
            .into_iter()
            .map(|p| {
                let out = good_stdout(&p);
                run(p, &out, None)
            })
            .collect();
        assert!(matches!(server_talked(&blind), Outcome::NotVerified { .. }));
        assert_eq!(final_exact(&blind), Outcome::Pass);
        assert_eq!(replies_consistent(&blind), Outcome::Pass);
        assert_eq!(clean_end(&blind), Outcome::Pass);
    }
}
