//! 07 threads_and_locals — reference solution.
//!
//! W worker threads, each started with a function and its arguments, count N times into
//! thread-local storage and report their own count; `main` joins them and adds up what their
//! functions returned. A heartbeat thread beats meanwhile, and is never joined: when `main`
//! returns, the process ends and takes the heartbeat with it. This is Python's
//!
//! ```python
//! local = threading.local()
//! threading.Thread(target=heartbeat, daemon=True).start()
//! ts = [threading.Thread(target=worker, args=(i, n)) for i in range(w)]
//! for t in ts: t.start()
//! for t in ts: t.join()
//! ```
//!
//! with `thread_local!` for `threading.local()`, `thread::spawn(move || worker(id, …))` for
//! `Thread(target=worker, args=(id, …))`, and a `JoinHandle` that is dropped, not joined, for
//! `daemon=True`.

use std::cell::Cell;
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

thread_local! {
    /// This thread's own count (Python's `threading.local()` attribute). Every thread that
    /// touches `COUNTED` gets its own `Cell`, starting at 0; no other thread can see it, so no
    /// lock is needed and `Cell` (not `Sync`) is enough.
    static COUNTED: Cell<u64> = const { Cell::new(0) };
}

/// Adds 1 to the calling thread's own count.
fn count_once() {
    COUNTED.set(COUNTED.get() + 1);
}

/// The calling thread's own count so far.
fn counted() -> u64 {
    COUNTED.get()
}

/// The kernel's id of the calling thread (what `ps -L` and `/proc/<pid>/task/` show). Not
/// `std::thread::ThreadId`, which is Rust's own numbering, nor `std::process::id()`, which is
/// the same for every thread of the process.
fn os_tid() -> i32 {
    nix::unistd::gettid().as_raw()
}

/// A worker thread's function: counts `count` times into its thread-local counter, pausing
/// `work` after each count, then reports and returns what its own counter holds.
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
/// process's end stops it.
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
    // Returning from `main` ends the process: the heartbeat is still beating, and stops here.
}

/// Starts the heartbeat thread, a daemon: its `JoinHandle` is dropped at once. A dropped handle
/// detaches the thread: nobody will wait for it, and when `main` returns the process exits and
/// the kernel ends it wherever it is. (Python's `daemon=True`; in Rust every thread is a daemon
/// unless someone joins it.)
fn start_heartbeat(period: Duration) {
    thread::Builder::new()
        .name("heartbeat".into())
        .spawn(move || heartbeat(period))
        .expect("cannot start the heartbeat thread");
}

/// Starts `workers` threads, worker `id` running `worker(id, count, work)`, and returns their
/// handles. EVERY worker is started before any is waited for: `spawn` returns at once and the
/// thread runs beside `main`. Each closure moves its own copy of the arguments into its thread
/// (Python's `Thread(target=worker, args=(id, count, work))`).
fn start_workers(workers: u64, count: u64, work: Duration) -> Vec<JoinHandle<u64>> {
    (0..workers)
        .map(|id| {
            thread::Builder::new()
                .name(format!("worker-{id}"))
                .spawn(move || worker(id, count, work))
                .expect("cannot start a worker thread")
        })
        .collect()
}

/// Waits for every worker and adds up what their functions returned. `join` gives `Err` when
/// the thread panicked: pass the panic on.
fn join_all(workers: Vec<JoinHandle<u64>>) -> u64 {
    workers
        .into_iter()
        .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
        .sum()
}
