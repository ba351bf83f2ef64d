//! 11 thread_pool — your pool of threads. Fill in the `todo!()`s; keep every `println!` as it is
//! (the grader reads these lines). See README.md.
//!
//! A pool of W worker threads, created once, runs N submitted tasks of skewed costs (task 0 is
//! slow, the others are cheap). `main` prints each result the moment it completes, then all the
//! results in input order. With `--fail-at K`, task K fails: the pool cancels every task not yet
//! started (they never run), lets the started ones finish, and still shuts down cleanly. This is
//! Python's
//!
//! ```python
//! with ThreadPoolExecutor(max_workers=w) as pool:
//!     futures = {pool.submit(task, i): i for i in range(n)}
//!     for f in as_completed(futures):
//!         ...  # on an exception: pool.shutdown(cancel_futures=True)
//! ```
//!
//! with a `crossbeam_channel` of jobs for the executor's queue, one of completions for
//! `as_completed`, and a `Mutex<bool>` for "cancelled".

// The pool's fields, helpers and imports are yours to use: until you fill the `todo!()`s they
// are unused.
#![allow(dead_code, unused_imports)]

use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use clap::Parser;
use crossbeam_channel::{Receiver, Sender, unbounded};

/// W pool threads run N tasks of skewed costs; results as completed, then in input order.
#[derive(Parser, Debug)]
struct Args {
    /// How many pool threads.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=32))]
    workers: u64,
    /// How many tasks.
    #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u64).range(1..=1000))]
    tasks: u64,
    /// The cost of task 0 (milliseconds).
    #[arg(long, default_value_t = 400)]
    slow_ms: u64,
    /// The cost of every other task (milliseconds).
    #[arg(long, default_value_t = 30)]
    fast_ms: u64,
    /// The task that fails (none when absent).
    #[arg(long)]
    fail_at: Option<u64>,
}

/// What a task gives back: its value, or why it failed.
type TaskResult = Result<u64, String>;

/// A submitted task: its index in input order and the work to do.
type Job = (u64, Box<dyn FnOnce() -> TaskResult + Send>);

/// How a task ended, as the pool reports it on the completions channel.
#[derive(Debug)]
enum Completion {
    Done(u64),
    Failed,
    /// Never started: an earlier task failed first.
    Cancelled,
}

/// The pool: W threads created once, a job queue, a completions queue and the shared state.
struct Pool {
    jobs: Option<Sender<Job>>,
    completions: Receiver<(u64, Completion)>,
    threads: Vec<JoinHandle<()>>,
}

/// The state the pool threads share: whether a task failed (then nothing new starts).
/// Every `start` and `failed` line is printed while holding this lock, so their order on
/// stdout is the order in which the decisions were taken.
struct State {
    cancelled: bool,
}

fn os_tid() -> i32 {
    nix::unistd::gettid().as_raw()
}

impl Pool {
    /// Starts `workers` threads, each taking jobs from the queue until it is closed.
    fn new(workers: u64) -> Pool {
        // One job channel (every pool thread takes from it), one completions channel, the
        // shared State behind Arc<Mutex<…>>; start `workers` threads running pool_thread.
        let _ = workers;
        todo!("start the pool threads")
    }

    /// Queues `task` as task `index` (Python's `pool.submit`).
    fn submit(&self, index: u64, task: impl FnOnce() -> TaskResult + Send + 'static) {
        let _ = (index, task);
        todo!("queue the task")
    }

    /// The next task to complete, whichever it is (one step of Python's `as_completed`).
    fn next_completed(&self) -> (u64, Completion) {
        todo!("receive the next completion")
    }

    /// Closes the queue and waits for every pool thread to end (Python's `pool.shutdown()`).
    fn shutdown(mut self) {
        let _ = &mut self;
        todo!("close the queue, join every pool thread")
    }
}

/// A pool thread: takes jobs until the queue is closed and empty. A job taken after a failure is
/// cancelled, not run.
fn pool_thread(jobs: Receiver<Job>, done: Sender<(u64, Completion)>, state: Arc<Mutex<State>>) {
    let tid = os_tid();
    let _ = (jobs, done, state);
    // For each job: under the state lock, either (cancelled) report it Cancelled without running
    // it, or print the start line; run it; on an error, set cancelled and print the failed line
    // under the lock; send the completion.
    let (index, tid2) = (0u64, tid);
    println!("start i={index} tid={tid2}");
    println!("failed i={index}");
    todo!("take jobs until the queue is closed")
}

/// Task `i`: works for `cost`, then gives i², or fails when asked to.
fn task(i: u64, cost: Duration, fail: bool) -> TaskResult {
    thread::sleep(cost);
    if fail {
        Err(format!("task {i} failed"))
    } else {
        Ok(i * i)
    }
}

fn main() {
    let args = Args::parse();
    let pool = Pool::new(args.workers);
    for i in 0..args.tasks {
        let cost = Duration::from_millis(if i == 0 { args.slow_ms } else { args.fast_ms });
        let fail = args.fail_at == Some(i);
        pool.submit(i, move || task(i, cost, fail));
    }

    let mut results: Vec<Option<Completion>> = (0..args.tasks).map(|_| None).collect();
    for _ in 0..args.tasks {
        let (i, completion) = pool.next_completed();
        if let Completion::Done(value) = completion {
            println!("done i={i} value={value}");
        }
        results[i as usize] = Some(completion);
    }
    pool.shutdown();

    let (mut done, mut failed, mut cancelled) = (0, 0, 0);
    for (i, r) in results.iter().enumerate() {
        match r {
            Some(Completion::Done(value)) => {
                done += 1;
                println!("result i={i} value={value}");
            }
            Some(Completion::Failed) => failed += 1,
            Some(Completion::Cancelled) | None => cancelled += 1,
        }
    }
    println!("summary done={done} failed={failed} cancelled={cancelled}");
}
