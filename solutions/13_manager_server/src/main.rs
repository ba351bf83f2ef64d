//! 13 manager_server — reference solution.
//!
//! Python's `multiprocessing.Manager()` is a server process that owns the shared dict and list;
//! the other processes hold proxies that send it a message per call. This is the same thing,
//! written out: one server process owns a map; W client processes send it commands over a Unix
//! socket (`incr key`, `get key`, `set key value`, `append list item`) and never touch its memory.
//!
//! The parent binds the listening socket BEFORE it forks anyone, so no client can try to
//! connect before the server listens. It forks the server (an accept loop, a thread per
//! connection, the map behind one `Mutex`, each command applied whole under the lock), then the
//! clients, waits for every client, asks the server to stop, and waits for the server, which
//! prints the final map and removes the socket's file before it exits.
//!
//! The lesson's trap: `d[k] += 1` through a proxy is two calls, a `get` and a `set`, and two
//! clients can read the same value in between: an update is lost. `incr` is one command, applied
//! under the lock in one piece, so the server serialises the increments.

use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::exit;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::Duration;

use clap::Parser;
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork, getpid};

/// A server process owns a map; client processes send it commands over a Unix socket.
#[derive(Parser, Debug)]
struct Args {
    /// How many client processes.
    #[arg(long, default_value_t = 3)]
    clients: usize,
    /// How many times each client increments each key.
    #[arg(long, default_value_t = 100)]
    increments: u64,
    /// How many shared counters (`k0`, `k1`, …).
    #[arg(long, default_value_t = 2)]
    keys: usize,
    /// How many items each client appends to the shared list `items`.
    #[arg(long, default_value_t = 3)]
    items: usize,
    /// Where to bind the socket (default: a name in $TMPDIR).
    #[arg(long)]
    socket: Option<PathBuf>,
    /// The server naps between reading a counter and writing it back (still under the lock):
    /// it widens the window in which a lost update can happen, as the grader's stress runs do.
    #[arg(long)]
    widen: bool,
}

/// The shared counters' names: `k0`, `k1`, …
fn key_names(keys: usize) -> Vec<String> {
    (0..keys).map(|k| format!("k{k}")).collect()
}

/// What the server owns: only the server process ever touches it.
#[derive(Default)]
struct Store {
    counters: BTreeMap<String, u64>,
    lists: BTreeMap<String, Vec<String>>,
    /// Commands applied (`stop` is not one).
    commands: u64,
    /// Connections accepted.
    connections: u64,
}

fn main() -> io::Result<()> {
    let args = Args::parse();
    let path = args.socket.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("forklings-manager-{}.sock", getpid()))
    });
    // Bound before any fork: a client can connect as soon as it exists.
    let listener = UnixListener::bind(&path).map_err(|err| {
        io::Error::new(
            err.kind(),
            format!(
                "cannot bind the socket at {}: {err} (a file left there by an earlier run? remove it)",
                path.display()
            ),
        )
    })?;
    println!("listening socket={} parent={}", path.display(), getpid());
    let server = start_server(listener, &path, &args)?;
    let clients = start_clients(&path, &args)?;
    join_clients(&clients)?;
    stop_server(&path)?;
    let code = reap(server)?;
    println!(
        "summary clients={} server={server} code={code}",
        args.clients
    );
    if code == 0 {
        Ok(())
    } else {
        Err(io::Error::other(format!(
            "the server exited with code {code}"
        )))
    }
}

/// Forks the server process, which serves on `listener` until told to stop; the parent keeps no
/// copy of the listener (the clients it forks next must not inherit one either).
fn start_server(listener: UnixListener, path: &Path, args: &Args) -> io::Result<Pid> {
    // SAFETY: the parent starts no thread, so the child is a copy of a single-threaded process
    // and may run any code (the server starts its threads after the fork).
    match unsafe { fork() }.map_err(io::Error::from)? {
        ForkResult::Child => {
            let code = match serve(listener, path, args.widen) {
                Ok(()) => 0,
                Err(err) => {
                    eprintln!("server: {err}");
                    1
                }
            };
            exit(code)
        }
        ForkResult::Parent { child } => {
            drop(listener);
            Ok(child)
        }
    }
}

/// The server: accepts connections, serves each on its own thread, and when a client says
/// `stop`, prints the final map, removes the socket's file and returns.
fn serve(listener: UnixListener, path: &Path, widen: bool) -> io::Result<()> {
    let me = getpid();
    println!("server pid={me}");
    let store = Arc::new(Mutex::new(Store::default()));
    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    {
        let store = Arc::clone(&store);
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let store = Arc::clone(&store);
                let stop_tx = stop_tx.clone();
                thread::spawn(move || {
                    if let Err(err) = handle(&stream, &store, widen, &stop_tx) {
                        eprintln!("server: a connection failed: {err}");
                    }
                });
            }
        });
    }
    // Wait for `stop`. The accept thread stays blocked in accept; it ends with the process.
    stop_rx
        .recv()
        .map_err(|_| io::Error::other("the accept loop ended before anyone said stop"))?;
    let store = lock(&store);
    for (key, value) in &store.counters {
        println!("final key={key} value={value}");
    }
    for (list, items) in &store.lists {
        println!("final list={list} len={}", items.len());
        let mut sorted = items.clone();
        sorted.sort();
        for item in sorted {
            println!("item list={list} value={item}");
        }
    }
    println!(
        "stopped server={me} commands={} connections={}",
        store.commands, store.connections
    );
    std::fs::remove_file(path)
}

/// One connection: read a command per line, apply it, write the reply; `stop` tells the server's
/// main thread to finish.
fn handle(
    stream: &UnixStream,
    shared: &Mutex<Store>,
    widen: bool,
    stop: &mpsc::Sender<()>,
) -> io::Result<()> {
    lock(shared).connections += 1;
    let mut reader = BufReader::new(stream);
    let mut writer = stream;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let command = line.trim();
        if command == "stop" {
            writer.write_all(b"bye\n")?;
            let _ = stop.send(());
            return Ok(());
        }
        let reply = apply(shared, command, widen);
        writer.write_all(format!("{reply}\n").as_bytes())?;
    }
}

/// Applies one command to the store, whole, under the lock, and returns the reply.
fn apply(shared: &Mutex<Store>, command: &str, widen: bool) -> String {
    let mut store = lock(shared);
    store.commands += 1;
    let words: Vec<&str> = command.split_whitespace().collect();
    match words[..] {
        ["incr", key] => {
            let value = store.counters.get(key).copied().unwrap_or(0) + 1;
            nap(widen);
            store.counters.insert(key.to_string(), value);
            value.to_string()
        }
        ["get", key] => store.counters.get(key).copied().unwrap_or(0).to_string(),
        ["set", key, value] => match value.parse::<u64>() {
            Ok(value) => {
                store.counters.insert(key.to_string(), value);
                "ok".to_string()
            }
            Err(_) => format!("error not a number: {value}"),
        },
        ["append", list, item] => {
            let items = store.lists.entry(list.to_string()).or_default();
            items.push(item.to_string());
            items.len().to_string()
        }
        _ => format!("error unknown command: {command}"),
    }
}

/// The lock, even if a thread panicked while holding it (the map is still whole: every command
/// changes it in one step).
fn lock(shared: &Mutex<Store>) -> MutexGuard<'_, Store> {
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

/// With `--widen`, a short nap between reading a counter and writing it back.
fn nap(widen: bool) {
    if widen {
        thread::sleep(Duration::from_micros(1));
    }
}

/// Forks the W clients; returns their pids, in order.
fn start_clients(path: &Path, args: &Args) -> io::Result<Vec<Pid>> {
    let mut pids = Vec::with_capacity(args.clients);
    for index in 0..args.clients {
        // SAFETY: the parent is single-threaded (see start_server).
        match unsafe { fork() }.map_err(io::Error::from)? {
            ForkResult::Child => {
                let code = match client(index, path, args) {
                    Ok(()) => 0,
                    Err(err) => {
                        eprintln!("client {index}: {err}");
                        1
                    }
                };
                exit(code)
            }
            ForkResult::Parent { child } => pids.push(child),
        }
    }
    Ok(pids)
}

/// A client: one connection; `--increments` rounds of `incr` on every key, then its own items
/// appended to the list `items`; every reply printed.
fn client(index: usize, path: &Path, args: &Args) -> io::Result<()> {
    let me = getpid();
    let stream = UnixStream::connect(path).map_err(|err| {
        io::Error::new(
            err.kind(),
            format!("cannot connect to {}: {err}", path.display()),
        )
    })?;
    println!("connected client={index} pid={me}");
    let mut reader = BufReader::new(&stream);
    let keys = key_names(args.keys);
    for _ in 0..args.increments {
        for key in &keys {
            let value = ask_number(&stream, &mut reader, &format!("incr {key}"))?;
            println!("incr client={index} key={key} value={value}");
        }
    }
    for j in 0..args.items {
        let item = format!("c{index}-{j}");
        let len = ask_number(&stream, &mut reader, &format!("append items {item}"))?;
        println!("append client={index} item={item} len={len}");
    }
    println!("done client={index} pid={me}");
    Ok(())
}

/// Sends one command (a line) and reads the server's one-line reply.
fn ask<R: BufRead>(mut stream: &UnixStream, reader: &mut R, command: &str) -> io::Result<String> {
    stream.write_all(format!("{command}\n").as_bytes())?;
    let mut reply = String::new();
    if reader.read_line(&mut reply)? == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("the server closed the connection before replying to `{command}`"),
        ));
    }
    Ok(reply.trim().to_string())
}

/// [`ask`], for a reply that is a number.
fn ask_number<R: BufRead>(stream: &UnixStream, reader: &mut R, command: &str) -> io::Result<u64> {
    let reply = ask(stream, reader, command)?;
    reply.parse().map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("the server replied `{reply}` to `{command}`"),
        )
    })
}

/// Waits for every client, in order, and fails if one did not exit with 0.
fn join_clients(clients: &[Pid]) -> io::Result<()> {
    let mut failed = 0;
    for (index, &pid) in clients.iter().enumerate() {
        let code = reap(pid)?;
        println!("joined client={index} pid={pid} code={code}");
        if code != 0 {
            failed += 1;
        }
    }
    if failed > 0 {
        return Err(io::Error::other(format!(
            "{failed} client(s) failed: their error output says why"
        )));
    }
    Ok(())
}

/// Connects to the server and says `stop`; the server replies `bye`.
fn stop_server(path: &Path) -> io::Result<()> {
    let stream = UnixStream::connect(path)?;
    let mut reader = BufReader::new(&stream);
    let reply = ask(&stream, &mut reader, "stop")?;
    if reply != "bye" {
        return Err(io::Error::other(format!(
            "the server replied `{reply}` to `stop`"
        )));
    }
    Ok(())
}

/// Waits for one child; its exit code (a child killed by a signal is an error).
fn reap(pid: Pid) -> io::Result<i32> {
    match waitpid(pid, None).map_err(io::Error::from)? {
        WaitStatus::Exited(_, code) => Ok(code),
        other => Err(io::Error::other(format!(
            "process {pid} ended abnormally: {other:?}"
        ))),
    }
}
