//! 16 speedup — the sum of the squares of 1..=N, exactly, computed once in this process and
//! once split over W worker processes that send their partial sums back through pipes; the
//! program prints both times and the speedup.
//!
//! Read README.md first. Replace the four `todo!()`s below; leave `main` and its `println!`s as
//! they are (the grader reads them). Run `cargo xtask grade 16` to check your work.

use std::fs::File;
use std::time::Instant;

use clap::Parser;
use nix::unistd::Pid;

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

/// The chunk of worker `i` (0-based) of `w` over 1..=n, as (from, to), both included.
///
/// Together the chunks cover 1..=n, every number exactly once, and no chunk is longer than
/// another by more than one number (n = 10, w = 3: 1..=4, 5..=7, 8..=10). When there are more
/// workers than numbers, a chunk may be empty: `to == from - 1`.
fn chunk(n: u64, w: u64, i: u64) -> (u64, u64) {
    let _ = (n, w, i);
    // TODO: n / w numbers each, and one more for the first n % w workers.
    todo!("compute worker i's chunk: from and to, both included")
}

/// Starts one worker process for the chunk from..=to; returns its pid and the read end of
/// its own pipe.
///
/// The worker computes `sum_squares(from, to)`, writes it into the pipe as 16 bytes
/// (`to_le_bytes`) and exits with code 0: it must never return into the parent's code.
fn start_worker(from: u64, to: u64) -> (Pid, File) {
    let _ = (from, to);
    // TODO: nix::unistd::pipe, then fork (it is `unsafe`: write a `// SAFETY:` comment). Each
    // side drops the pipe end it does not use; `File::from(owned_fd)` gives read and write.
    todo!("make a pipe and fork a worker that sends its partial sum through it")
}

/// Reads every worker's partial sum from its pipe (16 bytes, `u128::from_le_bytes`), then
/// waits for every worker; returns (pid, partial) in worker order.
fn collect(workers: Vec<(Pid, File)>) -> Vec<(Pid, u128)> {
    let _ = workers;
    // TODO: std::io::Read::read_exact on each pipe, then nix::sys::wait::waitpid on each pid.
    todo!("read every partial sum, then waitpid every worker")
}

/// from² + (from+1)² + … + to², exactly (0 for an empty chunk).
fn sum_squares(from: u64, to: u64) -> u128 {
    let _ = (from, to);
    // TODO: how big does 1² + … + N² get? Look at u64::MAX before you choose the types.
    todo!("sum the squares of from..=to without overflow")
}

/// Milliseconds since `started`, with microseconds.
fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}
