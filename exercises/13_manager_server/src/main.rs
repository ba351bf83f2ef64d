//! 13 manager_server — one server process owns a map; client processes change it only by
//! sending it commands over a Unix socket.
//!
//! Read README.md first. Replace the `todo!()`s below; leave the `println!`s as they are (the
//! grader reads them). Run `cargo xtask grade 13` to check your work.
//!
//! What is already written: the arguments, the store the server owns, `main`'s outline (the
//! socket is bound before any fork), the nap of `--widen`, sending a command and reading its
//! reply (`ask`), stopping the server and waiting for a process. What is yours: forking the
//! server and the clients (who keeps which copy of the listener), the server's accept loop with
//! a thread per connection, applying each command whole under the lock, the clients' commands,
//! and the order of the end: every client joined, then `stop`, then the socket file removed.

use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::Duration;

use clap::Parser;
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{Pid, getpid};

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
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (listener, path, args, serve);
    // TODO: fork (nix::unistd::fork is `unsafe`: write a `// SAFETY:` comment). In the child:
    // run `serve(listener, path, args.widen)`, then end with std::process::exit (0 when serve
    // succeeded, else print the error to stderr and exit 1). In the parent: drop the listener
    // (only the server accepts; the clients you fork next must not inherit it) and return the
    // child's pid.
    todo!("fork the server; the parent keeps no copy of the listener")
}

/// The server: accepts connections, serves each on its own thread, and when a client says
/// `stop`, prints the final map, removes the socket's file and returns.
fn serve(listener: UnixListener, path: &Path, widen: bool) -> io::Result<()> {
    let me = getpid();
    println!("server pid={me}");
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (
        listener,
        path,
        widen,
        handle,
        Store::default,
        mpsc::channel::<()>,
        Arc::new(()),
    );
    // TODO: the map behind one lock, shared by the threads: `Arc<Mutex<Store>>`. A channel
    // (`mpsc::channel::<()>()`) on which a connection's thread says "stop". Spawn an accept
    // thread: for each stream of `listener.incoming()`, spawn a thread that runs
    // `handle(&stream, &store, widen, &stop_tx)` (clone the Arc and the sender for it). Then
    // wait on the channel. When it says stop: lock the store and print, in this order,
    //     println!("final key={key} value={value}");        (every counter, sorted by key)
    //     println!("final list={list} len={}", items.len()); (every list)
    //     println!("item list={list} value={item}");         (its items, sorted)
    //     println!("stopped server={me} commands={} connections={}", store.commands, store.connections);
    // then remove the socket's file (std::fs::remove_file(path)): bind made it, nothing else
    // removes it. Returning ends the server process (the accept thread with it).
    todo!("accept connections, a thread each; on stop print the map and remove the socket file")
}

/// One connection: read a command per line, apply it, write the reply; `stop` tells the server's
/// main thread to finish.
fn handle(
    stream: &UnixStream,
    shared: &Mutex<Store>,
    widen: bool,
    stop: &mpsc::Sender<()>,
) -> io::Result<()> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (stream, shared, widen, stop, apply);
    // TODO: count the connection (`lock(shared).connections += 1`). Then read one command per
    // line (a BufReader on `stream`) until end-of-file (return Ok). For `stop`: write `bye\n`,
    // send () on `stop`, and return. Any other command: `apply` it and write the reply and a
    // newline (one write_all of the whole line).
    todo!("read a command per line and reply to each; on stop reply bye and tell the main thread")
}

/// Applies one command to the store, whole, under the lock, and returns the reply.
fn apply(shared: &Mutex<Store>, command: &str, widen: bool) -> String {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (shared, command, widen, nap, lock);
    let _ = |s: Store| (s.counters, s.lists, s.commands, s.connections);
    // TODO: lock the store ONCE, for the whole command (`let mut store = lock(shared);`), and
    // count it (`store.commands += 1`). Split the command into words and match:
    //   ["incr", key]          → the counter + 1 (absent counts as 0); call `nap(widen)` between
    //                            reading it and inserting the new value; reply the new value
    //   ["get", key]           → the counter (0 when absent)
    //   ["set", key, value]    → store the number; reply `ok`
    //   ["append", list, item] → push the item on the list; reply the list's new length
    //   anything else          → reply `error unknown command: …`
    todo!("apply one command whole, under the lock, and return the reply")
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
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (path, args, client);
    // TODO: for index in 0..args.clients: fork; the child runs `client(index, path, args)` and
    // exits (0, or 1 after printing the error); the parent keeps the pid. Return the pids in
    // order.
    todo!("fork the clients, each running client(), and return their pids")
}

/// A client: one connection; `--increments` rounds of `incr` on every key, then its own items
/// appended to the list `items`; every reply printed.
fn client(index: usize, path: &Path, args: &Args) -> io::Result<()> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (
        index,
        path,
        args,
        ask_number::<BufReader<&UnixStream>>,
        key_names,
    );
    // TODO: connect ONCE (UnixStream::connect(path)); print
    //     println!("connected client={index} pid={me}");       (me = getpid())
    // With a BufReader on `&stream`: `--increments` times, for every key of key_names(args.keys),
    // ask the server `incr <key>` (ask_number) and print its reply
    //     println!("incr client={index} key={key} value={value}");
    // Then for j in 0..args.items: item = format!("c{index}-{j}"); ask `append items <item>`:
    //     println!("append client={index} item={item} len={len}");
    // Last: println!("done client={index} pid={me}");
    // The client keeps no map of its own: every number it prints is the server's reply.
    todo!("connect once; incr every key K times, then append your items; print every reply")
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
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (clients, reap);
    // TODO: `reap` every client, in order, and print
    //     println!("joined client={index} pid={pid} code={code}");
    // Return an error when a client's code was not 0 (after waiting for all of them).
    todo!("wait for every client")
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
