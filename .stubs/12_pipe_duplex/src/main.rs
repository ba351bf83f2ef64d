//! 12 pipe_duplex — parent and child talk both ways over ONE duplex channel.
//!
//! Read README.md first. Replace the `todo!()`s below; leave the `println!`s as they are (the
//! grader reads them). Run `cargo xtask grade 12` to check your work.
//!
//! What is already written: the arguments, the child's work (`next_step`), `main`'s outline
//! and every line the program prints. What is yours: the channel (a Unix socket pair made
//! before `fork`), which process closes which end, the framing (`send`, `recv`), the two sides
//! of the conversation (`serve`, `talk`), and the end: the parent closes its end, the child
//! sees end-of-file and exits by itself, the parent waits for it.

use std::io::{self, BufRead, Write};
use std::os::unix::net::UnixStream;

use clap::Parser;
use nix::unistd::Pid;

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
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = serve;
    // TODO: `UnixStream::pair()` gives two connected ends, like Python's
    // `parent_conn, child_conn = Pipe()`. Then fork (nix::unistd::fork is `unsafe`: write a
    // `// SAFETY:` comment). In the child: close (drop) the parent's end, run `serve` on the
    // child's end, and end the child with std::process::exit (0 when serve succeeded, else 1).
    // In the parent: close (drop) the child's end and return the parent's end and the pid.
    todo!("make the socket pair, fork, and keep one end in each process")
}

/// Closes the parent's end (what tells the child there is nothing more to come), then waits
/// for the child.
fn finish(parent_end: UnixStream, child: Pid) -> io::Result<()> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (parent_end, child, reap);
    // TODO: close the parent's end first, then `reap` the child. In this order.
    todo!("close the parent's end, then reap the child")
}

/// The child: answer every request until end-of-file, then say how many there were. It is
/// never told how many rounds there are.
fn serve(stream: UnixStream) -> io::Result<()> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (
        stream,
        send::<&UnixStream>,
        recv::<io::BufReader<&UnixStream>>,
        next_step,
    );
    // TODO: a BufReader on `&stream` to read, `&stream` itself to write. Loop: `recv` a
    // request; at end-of-file (None) leave the loop; compute `next_step(x)`, print
    //     println!("served round={served} x={x} reply={reply} child={me}");
    // (me = nix::unistd::getpid(), served = how many requests came before this one), then
    // `send` the reply. After the loop:
    //     println!("eof after={served} child={me}");
    todo!("answer requests until end-of-file")
}

/// The parent: `--rounds` rounds of request and reply. The first request is `--start`; each
/// next request is the previous reply.
fn talk(stream: &UnixStream, args: &Args) -> io::Result<()> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (stream, args);
    // TODO: for each round: print
    //     println!("sent round={round} x={x}");
    // `send` x, `recv` the reply (None here means the child went away: return an error), print
    //     println!("got round={round} reply={reply}");
    // and make the reply the next request.
    todo!("make the rounds of request and reply")
}

/// Waits for the child and reports how it ended.
fn reap(child: Pid) -> io::Result<()> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = child;
    // TODO: nix::sys::wait::waitpid(child, None). For WaitStatus::Exited(pid, code) print
    //     println!("reaped child={pid} code={code}");
    // and return an error unless code is 0; any other status is an error too.
    todo!("wait for the child")
}

/// Writes one number as a line (`"27\n"`) and flushes it, so the other side can read it now.
fn send<W: Write>(writer: W, value: u64) -> io::Result<()> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (writer, value);
    // TODO: writeln! the value, then flush.
    todo!("write one line and flush it")
}

/// Reads one line and parses it; `None` at end-of-file (every copy of the other end is closed).
fn recv<R: BufRead>(reader: R) -> io::Result<Option<u64>> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = reader;
    // TODO: read_line into a String; 0 bytes read means end-of-file (`Ok(None)`); otherwise
    // parse the trimmed line (an unparsable line is an io::ErrorKind::InvalidData error).
    todo!("read one line, or None at end-of-file")
}
