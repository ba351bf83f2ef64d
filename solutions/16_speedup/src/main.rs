//! 16 speedup — reference solution.
//!
//! The sum of the squares of 1..=N, exactly (`u128`), computed twice: once in this process,
//! then split over W worker processes, each sending its partial sum back through its own pipe.
//! The program times both and prints the speedup. This is Python's
//!
//! ```python
//! t0 = time.time(); total = sum(k * k for k in range(1, n + 1)); t_seq = time.time() - t0
//! t0 = time.time()
//! with Pool(w) as pool:
//!     parts = pool.starmap(sum_squares, chunks(n, w))   # one chunk per worker
//! t_par = time.time() - t0
//! print(f"speedup {t_seq / t_par:.2f}")
//! ```
//!
//! written with what is underneath: `fork` starts a worker, a pipe carries its 16-byte answer,
//! `waitpid` reaps it.

use std::fs::File;
use std::io::{Read, Write};
use std::time::Instant;

use clap::Parser;
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork, pipe};

/// Sum of squares of 1..=N, sequentially and over W worker processes.
#[derive(Parser, Debug)]
struct Args {
    /// The last number: the program sums 1² + 2² + … + N².
    #[arg(long, default_value_t = 6_000_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000_000))]
    n: u64,
    /// How many worker processes share the work.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=64))]
    workers: u64,
}

fn main() {
    let args = Args::parse();

    // 1. Sequentially, in this process.
    let started = Instant::now();
    let total = sum_squares(1, args.n);
    let sequential_ms = ms(started);
    println!("sequential sum={total} ms={sequential_ms:.3}");

    // 2. The parent decides every chunk before it forks, so the chunks are one plan it can
    //    print and check: together they cover 1..=N, each number once.
    let chunks: Vec<(u64, u64)> = (0..args.workers)
        .map(|i| chunk(args.n, args.workers, i))
        .collect();
    for (i, (from, to)) in chunks.iter().enumerate() {
        println!("chunk worker={i} from={from} to={to}");
    }

    // 3. In parallel: start EVERY worker first, only then read and wait. Reading (or waiting
    //    for) worker 0 before forking worker 1 would run them one after the other.
    let started = Instant::now();
    let mut workers = Vec::with_capacity(chunks.len());
    for &(from, to) in &chunks {
        workers.push(start_worker(from, to));
    }
    let partials = collect(workers);
    let parallel_ms = ms(started);
    let parallel: u128 = partials.iter().map(|&(_, partial)| partial).sum();

    for (i, (pid, partial)) in partials.iter().enumerate() {
        println!("partial worker={i} pid={pid} sum={partial}");
    }
    println!(
        "parallel sum={parallel} ms={parallel_ms:.3} workers={}",
        args.workers
    );
    println!("speedup {:.2}", sequential_ms / parallel_ms);
}

/// The chunk of worker `i` of `w` over 1..=n, as (from, to), both included. The first n % w
/// workers take one number more, so no chunk is longer than another by more than one; a chunk
/// is empty (`to == from - 1`) only when there are more workers than numbers.
fn chunk(n: u64, w: u64, i: u64) -> (u64, u64) {
    let base = n / w;
    let extra = n % w;
    let from = i * base + i.min(extra) + 1;
    let len = base + u64::from(i < extra);
    (from, from + len - 1)
}

/// Forks a worker that sums the squares of from..=to and writes the sum (16 bytes, little
/// endian) into a pipe of its own. Returns its pid and the read end of that pipe.
fn start_worker(from: u64, to: u64) -> (Pid, File) {
    let (read_end, write_end) = pipe().expect("creating a worker's pipe");
    // SAFETY: this program never starts a thread, so the child is an exact copy of a
    // single-threaded process and may run any code, not only async-signal-safe functions.
    match unsafe { fork() }.expect("fork failed") {
        ForkResult::Child => {
            drop(read_end);
            let partial = sum_squares(from, to);
            let mut out = File::from(write_end);
            out.write_all(&partial.to_le_bytes())
                .expect("writing the partial sum into the pipe");
            // Leave now: returning would run the parent's code (fork more workers, print…).
            std::process::exit(0)
        }
        ForkResult::Parent { child } => {
            // The parent only reads: its copy of the write end must go, or a worker that died
            // before writing would leave the parent waiting forever instead of reading EOF.
            drop(write_end);
            (child, File::from(read_end))
        }
    }
}

/// Reads every worker's partial sum from its pipe, then reaps every worker; returns (pid,
/// partial) in worker order. Reading first is what makes the waits short: a worker's answer
/// is in its pipe as soon as it is computed, and `read_exact` waits exactly for it.
fn collect(workers: Vec<(Pid, File)>) -> Vec<(Pid, u128)> {
    let mut partials = Vec::with_capacity(workers.len());
    for (pid, mut answer) in workers {
        let mut bytes = [0u8; 16];
        answer
            .read_exact(&mut bytes)
            .expect("reading a worker's partial sum (16 bytes) from its pipe");
        partials.push((pid, u128::from_le_bytes(bytes)));
    }
    for &(pid, _) in &partials {
        match waitpid(pid, None).expect("waitpid failed") {
            WaitStatus::Exited(_, 0) => {}
            other => panic!("worker {pid} ended badly: {other:?}"),
        }
    }
    partials
}

/// from² + (from+1)² + … + to², exactly: 1²+…+N² passes u64::MAX (about 1.8·10¹⁹) near
/// N = 3.8 million, so the sum and every square are u128.
fn sum_squares(from: u64, to: u64) -> u128 {
    (from..=to).map(|k| u128::from(k) * u128::from(k)).sum()
}

/// Milliseconds since `started`, with microseconds.
fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}
