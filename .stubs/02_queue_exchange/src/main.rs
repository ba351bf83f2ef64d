//! 02 queue_exchange — workers compute, ONE queue brings every result back to the parent.
//!
//! Read README.md first. Replace the `todo!()`s below; leave the `println!`s as they are (the
//! grader reads them). Run `cargo xtask grade 02` to check your work.
//!
//! What is already written: the arguments, the tasks and `calcola` (`Task::compute`), the
//! `Message` type, how a received message is printed, the big payload and its checksum, and
//! `main`. What is yours: the queue (a pipe, framing, serialization, a write lock), the worker
//! processes, and the parent's side (drain the queue, then reap the workers).

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::str::FromStr;

use clap::Parser;
use nix::unistd::Pid;

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
        // TODO: one header line of text (`result 0 add 10 5 15 4242` / `big 4242`), a `\n`,
        // then for `Big` the raw bytes. Any encoding works as long as `decode` reverses it.
        todo!("serialize this message into bytes")
    }

    /// The inverse of [`Message::encode`].
    fn decode(payload: &[u8]) -> Result<Message, String> {
        // This line only silences "unused" warnings until your code uses these; delete it then.
        let _ = payload;
        // TODO: split at the first `\n`, parse the header's words, rebuild the Message.
        todo!("rebuild a Message from the bytes `encode` made")
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
    // TODO: nix::unistd::pipe() gives (read end, write end) as OwnedFd; File::from(...) each.
    todo!("make the queue: a pipe")
}

/// Forks one worker. The child builds its message with `make(its own pid)`, puts it on the
/// queue and exits; the parent gets the child's pid back.
fn spawn_worker(
    queue: &File,
    lock_path: &Path,
    make: impl FnOnce(i32) -> Message,
) -> io::Result<Pid> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (queue, lock_path, make, send, Message::encode);
    // TODO: fork (nix::unistd::fork is `unsafe`: write a `// SAFETY:` comment). In the child:
    // build the message with `make(its own pid)`, `send` its encoding, then end the child
    // with std::process::exit (never return into the parent's loop). In the parent: return
    // the child's pid.
    todo!("fork one worker that puts its message on the queue and exits")
}

/// Puts one framed message on the queue: `u32` little-endian length, then the payload,
/// written while holding the write lock so no other worker's frame can land in the middle.
fn send(queue: &File, lock_path: &Path, payload: &[u8]) -> io::Result<()> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (queue, lock_path, payload);
    // TODO: open the lock file yourself (OpenOptions, create), take nix::fcntl::Flock with
    // FlockArg::LockExclusive, write the length (u32::to_le_bytes) and the payload
    // (`let mut w = queue; w.write_all(..)`), then let the lock go.
    todo!("put one frame on the queue while holding the write lock")
}

/// Takes one framed message off the queue; `None` at end-of-file, i.e. once every write end
/// is closed and everything written has been read.
fn recv<R: Read>(queue: &mut R) -> io::Result<Option<Vec<u8>>> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = queue;
    // TODO: read the 4-byte length (0 bytes read = end of file = `Ok(None)`), then exactly
    // that many bytes (read_exact).
    todo!("take one frame off the queue, or None at end of file")
}

/// The parent's side: every message printed, every worker reaped. Returns how many messages
/// arrived.
fn collect(reader: File, writer: File, workers: &[Pid]) -> io::Result<usize> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (
        reader,
        writer,
        workers,
        recv::<File>,
        Message::decode,
        print_message,
    );
    // TODO: three things, and their order matters (README: "the classic trap"):
    // - close the parent's own copy of the write end (drop it), or EOF never comes;
    // - read frames until EOF, `Message::decode` each and `print_message` it, counting them;
    // - waitpid every worker (nix::sys::wait::waitpid) and check each exited with 0.
    todo!("drain the queue and reap the workers")
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
