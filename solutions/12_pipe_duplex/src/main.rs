//! 12 pipe_duplex — reference solution.
//!
//! Parent and child talk both ways over ONE duplex channel, the way Python's `Pipe()` gives two
//! connected ends: a Unix socket pair (`UnixStream::pair()`), made before `fork`. Each process
//! keeps one end and closes the other: the child's copy of the parent's end would keep the
//! channel open forever, and the child would never see end-of-file.
//!
//! The parent sends a number, the child replies with the next step of its Collatz sequence
//! (`x / 2` when even, `3x + 1` when odd), and the parent's next request is that reply, so a
//! round can only start once the previous one ended. After `--rounds` rounds the parent closes
//! its end; the child, which was never told how many rounds there are, reads end-of-file
//! (`read_line` returns 0) and exits by itself. Only then does the parent wait for it.
//!
//! Framing: one request or reply per line of text (`"27\n"`), flushed before the other side
//! is waited for.

use std::io::{self, BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::process::exit;

use clap::Parser;
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork, getpid};

/// Parent and child talk both ways over one duplex channel.
#[derive(Parser, Debug)]
struct Args {
    /// How many rounds of request and reply the parent makes (only the parent knows it).
    #[arg(long, default_value_t = 5)]
    rounds: u32,
    /// The parent's first request.
    #[arg(long, default_value_t = 27)]
    start: u64,
}

/// The child's work on one request: the next step of the Collatz sequence.
fn next_step(x: u64) -> u64 {
    if x.is_multiple_of(2) {
        x / 2
    } else {
        3 * x + 1
    }
}

fn main() -> io::Result<()> {
    let args = Args::parse();
    let (parent_end, child) = start_child()?;
    talk(&parent_end, &args)?;
    println!("closing rounds={}", args.rounds);
    finish(parent_end, child)
}

/// Makes the duplex channel, forks the child that serves on one end, and returns the other end
/// with the child's pid.
fn start_child() -> io::Result<(UnixStream, Pid)> {
    // The duplex channel: two connected ends, like Python's `Pipe()`.
    let (parent_end, child_end) = UnixStream::pair()?;
    // SAFETY: this program starts no thread, so the child is an exact copy of a
    // single-threaded process and may run any code.
    match unsafe { fork() }.map_err(io::Error::from)? {
        ForkResult::Child => {
            // The parent's end is not the child's to keep: while a copy of it is open here,
            // end-of-file never comes.
            drop(parent_end);
            let code = match serve(child_end) {
                Ok(()) => 0,
                Err(err) => {
                    eprintln!("child: {err}");
                    1
                }
            };
            exit(code)
        }
        ForkResult::Parent { child } => {
            drop(child_end);
            Ok((parent_end, child))
        }
    }
}

/// Closes the parent's end (what tells the child there is nothing more to come), then waits
/// for the child.
fn finish(parent_end: UnixStream, child: Pid) -> io::Result<()> {
    drop(parent_end);
    reap(child)
}

/// The child: answer every request until end-of-file, then say how many there were.
fn serve(stream: UnixStream) -> io::Result<()> {
    let me = getpid();
    let mut reader = BufReader::new(&stream);
    let mut writer = &stream;
    let mut served = 0u32;
    while let Some(x) = recv(&mut reader)? {
        let reply = next_step(x);
        println!("served round={served} x={x} reply={reply} child={me}");
        send(&mut writer, reply)?;
        served += 1;
    }
    println!("eof after={served} child={me}");
    Ok(())
}

/// The parent: `--rounds` rounds of request and reply.
fn talk(stream: &UnixStream, args: &Args) -> io::Result<()> {
    let mut reader = BufReader::new(stream);
    let mut writer = stream;
    let mut x = args.start;
    for round in 0..args.rounds {
        println!("sent round={round} x={x}");
        send(&mut writer, x)?;
        let reply = recv(&mut reader)?.ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("the child closed the channel before replying to round {round}"),
            )
        })?;
        println!("got round={round} reply={reply}");
        x = reply;
    }
    Ok(())
}

/// Waits for the child and reports how it ended.
fn reap(child: Pid) -> io::Result<()> {
    match waitpid(child, None).map_err(io::Error::from)? {
        WaitStatus::Exited(pid, code) => {
            println!("reaped child={pid} code={code}");
            if code == 0 {
                Ok(())
            } else {
                Err(io::Error::other(format!(
                    "the child exited with code {code}"
                )))
            }
        }
        other => Err(io::Error::other(format!(
            "the child ended abnormally: {other:?}"
        ))),
    }
}

/// Writes one number as a line and flushes it, so the other side can read it now.
fn send<W: Write>(mut writer: W, value: u64) -> io::Result<()> {
    writeln!(writer, "{value}")?;
    writer.flush()
}

/// Reads one line and parses it; `None` at end-of-file (the other end is closed).
fn recv<R: BufRead>(mut reader: R) -> io::Result<Option<u64>> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    line.trim().parse().map(Some).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not a number: {line:?}"),
        )
    })
}
