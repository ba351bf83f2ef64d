//! 05 producer_consumer — producers and consumers, each a process, around a BOUNDED queue.
//!
//! Read README.md first. Replace the `todo!()`s below; leave the `println!`s as they are (the
//! grader reads them). Run `cargo xtask grade 05` to check your work.
//!
//! What is already written: the arguments, the `Message` type and its bytes, `main`, what a
//! producer and a consumer do, and the tally pipe that brings each consumer's count back.
//! What is yours: the bounded queue (a POSIX message queue), putting and taking messages, the
//! sentinels, starting the processes and waiting for them.

use std::fs::File;
use std::io::{self, Read, Write};
use std::thread::sleep;
use std::time::Duration;

use clap::Parser;
use nix::mqueue::MqdT;
use nix::unistd::{Pid, getpid, pipe};

/// Producers and consumers around a bounded queue between processes.
#[derive(Parser, Debug)]
struct Args {
    /// Number of producer processes.
    #[arg(long, default_value_t = 2)]
    producers: u32,
    /// Items each producer puts (seq 0..items).
    #[arg(long, default_value_t = 5)]
    items: u32,
    /// Number of consumer processes.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    consumers: u32,
    /// How many messages the queue holds before a put blocks (an unprivileged user may ask
    /// for at most 10: /proc/sys/fs/mqueue/msg_max).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=10))]
    capacity: u32,
    /// Milliseconds each consumer sleeps after each item it takes (simulated work).
    #[arg(long, default_value_t = 0)]
    consume_ms: u64,
}

/// What travels on the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Message {
    /// Item number `seq` of producer `producer`.
    Item { producer: u32, seq: u32 },
    /// The sentinel (Python's `None`): "no more items, stop".
    Stop,
}

/// The largest message on the queue, in bytes.
const MSG_SIZE: usize = 8;

impl Message {
    /// An item is 8 bytes (producer and seq, little-endian); the sentinel is an empty message.
    fn encode(&self) -> Vec<u8> {
        match self {
            Message::Item { producer, seq } => [producer.to_le_bytes(), seq.to_le_bytes()].concat(),
            Message::Stop => Vec::new(),
        }
    }

    fn decode(bytes: &[u8]) -> io::Result<Message> {
        match bytes.len() {
            0 => Ok(Message::Stop),
            8 => Ok(Message::Item {
                producer: u32::from_le_bytes(bytes[..4].try_into().unwrap()),
                seq: u32::from_le_bytes(bytes[4..].try_into().unwrap()),
            }),
            n => Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("a message of {n} bytes is neither an item nor a stop"),
            )),
        }
    }
}

fn main() -> io::Result<()> {
    let args = Args::parse();
    // The queue's name is global on the machine: the parent's pid makes it ours.
    let name = format!("/forklings-05-{}", std::process::id());
    let queue = open_queue(&name, args.capacity)?;
    // Each consumer writes its count here when it is done; the parent adds them up.
    let (tally_reader, tally_writer) = tally_pipe()?;

    let mut consumers = Vec::new();
    for c in 0..args.consumers {
        consumers.push(spawn(|| {
            consumer(c, &queue, &tally_writer, args.consume_ms)
        })?);
    }
    let mut producers = Vec::new();
    for p in 0..args.producers {
        producers.push(spawn(|| producer(p, args.items, &queue))?);
    }
    // Only the consumers write to the tally; our copy would only keep it open.
    drop(tally_writer);

    // Once every producer has ended, no item can come any more…
    for pid in producers {
        wait_for(pid)?;
    }
    // …so each consumer gets its sentinel, queued behind every item.
    stop_consumers(&queue, args.consumers)?;
    for pid in consumers {
        wait_for(pid)?;
    }

    let consumed = read_tally(tally_reader)?;
    close_queue(queue, &name)?;
    println!(
        "all done produced={} consumed={consumed}",
        args.producers * args.items
    );
    Ok(())
}

/// Producer `p`: puts its items `(p, 0) … (p, items - 1)` in order. Each `put` may block
/// while the queue is full.
fn producer(p: u32, items: u32, queue: &MqdT) -> io::Result<()> {
    for seq in 0..items {
        put(queue, Message::Item { producer: p, seq })?;
        println!("put producer={p} seq={seq} pid={}", getpid());
    }
    Ok(())
}

/// Consumer `c`: takes items until its sentinel, "works" `consume_ms` after each, then reports
/// how many it took.
fn consumer(c: u32, queue: &MqdT, tally: &File, consume_ms: u64) -> io::Result<()> {
    let mut consumed: u64 = 0;
    loop {
        match get(queue)? {
            Message::Stop => break,
            Message::Item { producer, seq } => {
                println!(
                    "got consumer={c} producer={producer} seq={seq} pid={}",
                    getpid()
                );
                consumed += 1;
                sleep(Duration::from_millis(consume_ms));
            }
        }
    }
    println!("consumer {c} pid={} done consumed={consumed}", getpid());
    report_count(tally, consumed)
}

/// Creates the bounded queue: at most `capacity` messages of at most `MSG_SIZE` bytes.
fn open_queue(name: &str, capacity: u32) -> io::Result<MqdT> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (name, capacity, MSG_SIZE);
    // TODO: nix::mqueue::mq_open(name, O_CREAT | O_EXCL | O_RDWR, owner read+write
    // (nix::sys::stat::Mode), Some(&MqAttr::new(0, capacity, MSG_SIZE, 0))). A queue with
    // this name may survive from an earlier run: mq_unlink it first (ignore the error).
    todo!("create the bounded queue: at most `capacity` messages of MSG_SIZE bytes")
}

/// Closes our descriptor and removes the queue's name.
fn close_queue(queue: MqdT, name: &str) -> io::Result<()> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (queue, name);
    // TODO: mq_close the descriptor, then mq_unlink the name (the queue outlives processes).
    todo!("close the queue and remove its name")
}

/// Puts one message; blocks while the queue is full.
fn put(queue: &MqdT, msg: Message) -> io::Result<()> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (queue, msg, Message::encode);
    // TODO: mq_send(queue, &msg.encode(), 0) — every message with the same priority, so the
    // queue stays FIFO. If it fails with Errno::EINTR, try again.
    todo!("send one message; it blocks while the queue is full")
}

/// Takes the oldest message; blocks while the queue is empty.
fn get(queue: &MqdT) -> io::Result<Message> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (queue, Message::decode);
    // TODO: mq_receive into a buffer of MSG_SIZE bytes (smaller fails with EMSGSIZE), then
    // Message::decode the bytes it received. If it fails with Errno::EINTR, try again.
    todo!("receive the oldest message; it blocks while the queue is empty")
}

/// One sentinel per consumer: each consumer stops at the first one it takes.
fn stop_consumers(queue: &MqdT, consumers: u32) -> io::Result<()> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (queue, consumers, Message::Stop);
    // TODO: how many sentinels (Message::Stop), and why is now the right moment (README)?
    todo!("put the sentinels")
}

/// Forks a child that runs `body` and exits (0 if it went well); returns the child's pid.
fn spawn(body: impl FnOnce() -> io::Result<()>) -> io::Result<Pid> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = body;
    // TODO: fork (nix::unistd::fork is `unsafe`: write a `// SAFETY:` comment). In the child:
    // run `body()`, then end the child with std::process::exit(0), or 1 if body failed
    // (print the error to stderr). Never return into main's loop. In the parent: return the
    // child's pid.
    todo!("fork a child that runs `body` and exits")
}

/// Waits for one child and requires it to have exited with 0.
fn wait_for(pid: Pid) -> io::Result<()> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = pid;
    // TODO: nix::sys::wait::waitpid; WaitStatus::Exited(_, 0) is the only good ending.
    todo!("wait for this child; fail unless it exited with 0")
}

/// The tally: a pipe from the consumers to the parent (already written for you).
fn tally_pipe() -> io::Result<(File, File)> {
    let (reader, writer) = pipe()?;
    Ok((File::from(reader), File::from(writer)))
}

/// A consumer's count: 8 bytes in one `write` (below PIPE_BUF, so never torn by another's).
fn report_count(tally: &File, consumed: u64) -> io::Result<()> {
    let mut tally = tally;
    tally.write_all(&consumed.to_le_bytes())
}

/// The sum of every count, read until every consumer's end of the pipe is closed.
fn read_tally(mut tally: File) -> io::Result<u64> {
    let mut bytes = Vec::new();
    tally.read_to_end(&mut bytes)?;
    Ok(bytes
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
        .sum())
}
