//! 07 threads_and_locals — W worker threads, each started with a function and its arguments,
//! count N times into thread-local storage and report their own count; `main` joins them and
//! prints the total. A heartbeat thread beats meanwhile, and nobody joins it: when `main`
//! returns, the process ends and the heartbeat with it.
//!
//! Read README.md first. Replace the five `todo!()`s below; leave the `println!`s as they are
//! (the grader reads them). Run `cargo xtask grade 07` to check your work.

use std::thread::{self, JoinHandle};
use std::time::Duration;

use clap::Parser;

/// W threads count into thread-local storage; a daemon heartbeat beats meanwhile.
#[derive(Parser, Debug)]
struct Args {
    /// How many worker threads.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..=64))]
    workers: u64,
    /// How many times each worker counts.
    #[arg(long, default_value_t = 100)]
    count: u64,
    /// Pause after each count (microseconds), so that the workers run at the same time.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(0..=100_000))]
    work_us: u64,
    /// The heartbeat's period (milliseconds).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    beat_ms: u64,
}

// TODO: declare the thread-local counter here, Python's `threading.local()`:
// `thread_local! { static COUNTED: … }` holding a `std::cell::Cell<u64>` that starts at 0.

/// Adds 1 to the calling thread's own count.
fn count_once() {
    todo!("add 1 to this thread's own counter (thread_local!)")
}

/// The calling thread's own count so far.
fn counted() -> u64 {
    todo!("read this thread's own counter")
}

/// The kernel's id of the calling thread (what `ps -L` and `/proc/<pid>/task/` show). Not
/// `std::thread::ThreadId`, which is Rust's own numbering, nor `std::process::id()`, which is
/// the same for every thread of the process. (Already written.)
fn os_tid() -> i32 {
    nix::unistd::gettid().as_raw()
}

/// A worker thread's function: counts `count` times into its thread-local counter, pausing
/// `work` after each count, then reports and returns what its own counter holds. (Already
/// written: it is what each worker thread runs.)
fn worker(id: u64, count: u64, work: Duration) -> u64 {
    for _ in 0..count {
        count_once();
        thread::sleep(work);
    }
    let counted = counted();
    println!("worker id={id} tid={} counted={counted}", os_tid());
    counted
}

/// The heartbeat thread's function: beats every `period`, forever. It never returns: the
/// process's end stops it. (Already written.)
fn heartbeat(period: Duration) {
    let tid = os_tid();
    for beat in 0u64.. {
        println!("heartbeat tid={tid} beat={beat}");
        thread::sleep(period);
    }
}

fn main() {
    let args = Args::parse();
    let period = Duration::from_millis(args.beat_ms);
    let work = Duration::from_micros(args.work_us);

    start_heartbeat(period);
    let workers = start_workers(args.workers, args.count, work);
    let total = join_all(workers);
    println!("main total={total} workers={}", args.workers);
}

/// Starts the heartbeat thread, running `heartbeat(period)`, as a daemon: nobody will ever join
/// it.
fn start_heartbeat(period: Duration) {
    let _ = (period, heartbeat); // delete this line when your code uses them
    // TODO: std::thread::spawn (or thread::Builder, to give it a name) with a `move` closure;
    // what to do with the JoinHandle it returns is the lesson of this function.
    todo!("start the heartbeat thread, and never join it")
}

/// Starts `workers` threads, worker `id` running `worker(id, count, work)`, and returns their
/// handles: ALL of them started before any is waited for.
fn start_workers(workers: u64, count: u64, work: Duration) -> Vec<JoinHandle<u64>> {
    let _ = (workers, count, work, worker); // delete this line when your code uses them
    // TODO: one thread per id in 0..workers; a `move` closure gives each thread its own copy
    // of the arguments. Keep every JoinHandle.
    todo!("start one worker thread per id, all of them, and return their handles")
}

/// Waits for every worker and adds up what their functions returned.
fn join_all(workers: Vec<JoinHandle<u64>>) -> u64 {
    let _ = workers; // delete this line when your code uses it
    // TODO: join() each handle; Ok holds the u64 that worker() returned (Err: it panicked).
    todo!("join every worker and sum what each returned")
}
