//! 02 queue_exchange — reference solution.
//!
//! One worker process per task computes `op(a, b)` and sends the result back to the parent
//! through ONE queue that every worker shares. The queue is built by hand, the way Python's
//! `multiprocessing.Queue` is built under the hood:
//!
//! - a **pipe**: the parent keeps the read end, every worker inherits the write end;
//! - **framing**: a pipe carries bytes, not messages, so each message travels as a 4-byte
//!   little-endian length followed by that many bytes of payload;
//! - **serialization**: a message becomes a payload as a text header line (`result 0 add 10 5
//!   15 4242`), optionally followed by raw bytes (the big payload);
//! - a **write lock**: a write of more than `PIPE_BUF` (4096) bytes into a pipe is not atomic,
//!   so two writers could interleave their frames; each worker holds an exclusive `flock` on a
//!   lock file while it writes one frame (Python's Queue has the same lock).
//!
//! The parent closes its own copy of the write end, then reads frames until end-of-file (EOF
//! comes once every write end is closed, i.e. every worker has finished), and only then waits
//! for the workers. Waiting first would deadlock as soon as a message is larger than what the
//! pipe can buffer (64 KiB): the worker blocks in `write` until someone reads, and the parent
//! blocks in `waitpid` until the worker ends.

use std::fs::{File, OpenOptions};
use std::io::{self, BufReader, Read, Write};
use std::path::Path;
use std::process::exit;
use std::str::FromStr;

use clap::Parser;
use nix::fcntl::{Flock, FlockArg};
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork, getpid, pipe};

/// Workers compute, one queue brings every result back to the parent.
#[derive(Parser, Debug)]
struct Args {
    /// The tasks, comma-separated, each `op:a:b` with op one of add, mul, pow.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "add:10:5,mul:10:5,pow:2:10"
    )]
    tasks: Vec<Task>,
    /// When > 0, extra workers each send a payload of this many bytes (0: no big message).
    #[arg(long, default_value_t = 0)]
    big_bytes: usize,
    /// How many extra workers send a big payload when --big-bytes > 0.
    #[arg(long, default_value_t = 1)]
    big_workers: usize,
}

/// The operations `calcola(op, a, b)` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Mul,
    Pow,
}

impl FromStr for Op {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "add" => Ok(Op::Add),
            "mul" => Ok(Op::Mul),
            "pow" => Ok(Op::Pow),
            other => Err(format!("unknown operation `{other}` (add, mul or pow)")),
        }
    }
}

impl std::fmt::Display for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Op::Add => "add",
            Op::Mul => "mul",
            Op::Pow => "pow",
        })
    }
}

/// One task: `op:a:b`.
#[derive(Debug, Clone, Copy)]
struct Task {
    op: Op,
    a: i64,
    b: i64,
}

impl FromStr for Task {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let parts: Vec<&str> = s.trim().split(':').collect();
        let [op, a, b] = parts[..] else {
            return Err(format!("`{s}` is not a task of the form op:a:b"));
        };
        let number = |x: &str| {
            x.parse::<i64>()
                .map_err(|_| format!("`{x}` in `{s}` is not an integer"))
        };
        let task = Task {
            op: op.parse()?,
            a: number(a)?,
            b: number(b)?,
        };
        if task.op == Op::Pow && !(0..=u32::MAX as i64).contains(&task.b) {
            return Err(format!("`{s}`: the exponent must be >= 0"));
        }
        Ok(task)
    }
}

impl Task {
    /// `calcola(op, a, b)`: the work one worker does.
    fn compute(&self) -> i64 {
        let value = match self.op {
            Op::Add => self.a.checked_add(self.b),
            Op::Mul => self.a.checked_mul(self.b),
            Op::Pow => self.a.checked_pow(self.b as u32),
        };
        value.expect("the result does not fit in an i64")
    }
}

/// What travels on the queue.
#[derive(Debug)]
enum Message {
    /// One task's result, computed by process `worker`.
    Result {
        id: usize,
        task: Task,
        value: i64,
        worker: i32,
    },
    /// The big payload (`--big-bytes`), sent by process `worker`.
    Big { worker: i32, data: Vec<u8> },
}

impl Message {
    /// Serialization: a text header line, then (for `Big` only) the raw bytes.
    ///
    /// `result <id> <op> <a> <b> <value> <worker>\n` or `big <worker>\n<data…>`.
    fn encode(&self) -> Vec<u8> {
        match self {
            Message::Result {
                id,
                task,
                value,
                worker,
            } => format!(
                "result {id} {} {} {} {value} {worker}\n",
                task.op, task.a, task.b
            )
            .into_bytes(),
            Message::Big { worker, data } => {
                let mut bytes = format!("big {worker}\n").into_bytes();
                bytes.extend_from_slice(data);
                bytes
            }
        }
    }

    /// The inverse of [`Message::encode`].
    fn decode(payload: &[u8]) -> Result<Message, String> {
        let newline = payload
            .iter()
            .position(|&b| b == b'\n')
            .ok_or("a payload without its header line")?;
        let header = std::str::from_utf8(&payload[..newline])
            .map_err(|_| "a header line that is not text".to_string())?;
        let body = &payload[newline + 1..];
        let words: Vec<&str> = header.split(' ').collect();
        let int = |w: &str| {
            w.parse::<i64>()
                .map_err(|_| format!("`{w}` in header `{header}` is not an integer"))
        };
        match words[..] {
            ["result", id, op, a, b, value, worker] => Ok(Message::Result {
                id: int(id)? as usize,
                task: Task {
                    op: op.parse()?,
                    a: int(a)?,
                    b: int(b)?,
                },
                value: int(value)?,
                worker: int(worker)? as i32,
            }),
            ["big", worker] => Ok(Message::Big {
                worker: int(worker)? as i32,
                data: body.to_vec(),
            }),
            _ => Err(format!("an unknown header `{header}`")),
        }
    }
}

/// Prints one received message in the format the grader reads.
fn print_message(msg: &Message) {
    match msg {
        Message::Result {
            id,
            task,
            value,
            worker,
        } => println!(
            "result id={id} op={} a={} b={} value={value} worker={worker}",
            task.op, task.a, task.b
        ),
        Message::Big { worker, data } => println!(
            "big bytes={} checksum={:016x} worker={worker}",
            data.len(),
            fnv1a64(data)
        ),
    }
}

fn main() -> io::Result<()> {
    let args = Args::parse();
    // One lock file per run (the parent's pid makes it unique); every worker opens it itself.
    let lock_path =
        std::env::temp_dir().join(format!("forklings-02-queue-{}.lock", std::process::id()));

    // The queue: one pipe. The parent reads `reader`; every worker inherits `writer`.
    let (reader, writer) = make_queue()?;

    // Every worker is started before the parent reads anything. The big senders first: their
    // frames are still being written (the pipe holds only 64 KiB) while the others write theirs.
    let mut workers = Vec::new();
    let big_workers = if args.big_bytes > 0 {
        args.big_workers
    } else {
        0
    };
    for _ in 0..big_workers {
        let n = args.big_bytes;
        workers.push(spawn_worker(&writer, &lock_path, move |worker| {
            Message::Big {
                worker,
                data: big_payload(n),
            }
        })?);
    }
    // One worker process per task.
    for (id, task) in args.tasks.iter().copied().enumerate() {
        workers.push(spawn_worker(&writer, &lock_path, move |worker| {
            Message::Result {
                id,
                task,
                value: task.compute(),
                worker,
            }
        })?);
    }

    let received = collect(reader, writer, &workers)?;
    let _ = std::fs::remove_file(&lock_path);
    println!("queue closed results={received}");
    Ok(())
}

/// Makes the queue: a pipe, both ends as `File`s (`&File` implements `Read` and `Write`).
fn make_queue() -> io::Result<(File, File)> {
    let (read_end, write_end) = pipe()?;
    Ok((File::from(read_end), File::from(write_end)))
}

/// Forks one worker. The child builds its message with `make(its own pid)`, puts it on the
/// queue and exits; the parent gets the child's pid back.
fn spawn_worker(
    queue: &File,
    lock_path: &Path,
    make: impl FnOnce(i32) -> Message,
) -> io::Result<Pid> {
    // SAFETY: this program never starts a thread, so the child is a copy of a single-threaded
    // process and may do anything (allocate, print, …) before it exits.
    match unsafe { fork() }? {
        ForkResult::Child => {
            let msg = make(getpid().as_raw());
            let code = match send(queue, lock_path, &msg.encode()) {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("worker {}: cannot send: {e}", getpid());
                    1
                }
            };
            // The child ends here: it must never return into the parent's loop.
            exit(code)
        }
        ForkResult::Parent { child } => Ok(child),
    }
}

/// Puts one framed message on the queue: `u32` little-endian length, then the payload,
/// written while holding the write lock so no other worker's frame can land in the middle.
fn send(queue: &File, lock_path: &Path, payload: &[u8]) -> io::Result<()> {
    let len = u32::try_from(payload.len())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "message over 4 GiB"))?;
    // Each process opens the lock file itself: a descriptor inherited across fork would be
    // the same open file for everyone, and a flock on it would exclude no one.
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path)?;
    let guard = Flock::lock(file, FlockArg::LockExclusive).map_err(|(_, e)| io::Error::from(e))?;
    let mut writer = queue;
    writer.write_all(&len.to_le_bytes())?;
    writer.write_all(payload)?;
    // Dropping the guard releases the lock (and the kernel would release it if we died).
    drop(guard);
    Ok(())
}

/// Takes one framed message off the queue; `None` at end-of-file, i.e. once every write end
/// is closed and everything written has been read.
fn recv<R: Read>(queue: &mut R) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 4];
    let mut got = 0;
    while got < len.len() {
        match queue.read(&mut len[got..])? {
            0 if got == 0 => return Ok(None),
            0 => {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the queue ended in the middle of a frame header",
                ));
            }
            n => got += n,
        }
    }
    let mut payload = vec![0u8; u32::from_le_bytes(len) as usize];
    queue.read_exact(&mut payload)?;
    Ok(Some(payload))
}

/// The parent's side: drain the queue to the end, printing each message, THEN reap the
/// workers. Returns how many messages arrived.
fn collect(reader: File, writer: File, workers: &[Pid]) -> io::Result<usize> {
    // Our own copy of the write end would keep the pipe open forever: no EOF, ever.
    drop(writer);

    let mut reader = BufReader::new(reader);
    let mut received = 0;
    while let Some(payload) = recv(&mut reader)? {
        let msg =
            Message::decode(&payload).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        print_message(&msg);
        received += 1;
    }

    // Every worker has closed its write end (EOF), so they are ending or ended: reaping them
    // now cannot block for long. Doing this BEFORE draining deadlocks on big messages.
    for &pid in workers {
        match waitpid(pid, None)? {
            WaitStatus::Exited(_, 0) => {}
            status => {
                eprintln!("worker {pid} ended badly: {status:?}");
                exit(1);
            }
        }
    }
    Ok(received)
}

/// The big payload: byte `i` is `(i * 31 + 7) % 251`.
fn big_payload(n: usize) -> Vec<u8> {
    (0..n).map(|i| ((i * 31 + 7) % 251) as u8).collect()
}

/// FNV-1a, 64 bits: a checksum of what arrived, so the grader can tell a torn message.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
