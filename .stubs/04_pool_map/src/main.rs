//! 04 pool_map — a pool of worker processes, like Python's `Pool(3).map(f, range(1, 11))`.
//!
//! Read README.md first. Your job is `pool_map` below: create W worker processes ONCE, hand
//! the tasks out one at a time to whichever worker is free, and return the outputs in INPUT
//! order. Everything else (arguments, f itself, the output lines) is written for you.
//!
//! Run it:   cargo run -q -p ex04_pool_map -- --workers 3
//! Grade it: cargo xtask grade 04

use std::thread;
use std::time::Duration;

use clap::Parser;

/// Pool.map(f, inputs) over a pool of worker processes, where f(x) = x * x after a pause.
#[derive(Parser, Debug)]
struct Args {
    /// How many worker processes the pool has (created once, reused for every task).
    #[arg(long, default_value_t = 3)]
    workers: usize,
    /// The inputs of the map, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1,2,3,4,5,6,7,8,9,10")]
    inputs: Vec<u64>,
    /// How long f takes, in milliseconds: one value for every task, or one per input.
    #[arg(long, value_delimiter = ',', default_value = "20")]
    costs_ms: Vec<u64>,
}

/// One task of the map: its position in the input list, its input, how long f takes on it.
#[derive(Debug, Clone, Copy)]
struct Task {
    index: usize,
    input: u64,
    cost_ms: u64,
}

impl Args {
    /// The tasks, one per input, each with its cost.
    fn tasks(&self) -> Result<Vec<Task>, String> {
        if self.workers == 0 {
            return Err("--workers must be at least 1".into());
        }
        let cost = |i: usize| match self.costs_ms.as_slice() {
            [one] => Ok(*one),
            many if many.len() == self.inputs.len() => Ok(many[i]),
            many => Err(format!(
                "--costs-ms has {} values for {} inputs: give one value, or one per input",
                many.len(),
                self.inputs.len()
            )),
        };
        self.inputs
            .iter()
            .enumerate()
            .map(|(index, &input)| {
                Ok(Task {
                    index,
                    input,
                    cost_ms: cost(index)?,
                })
            })
            .collect()
    }
}

/// f of the course: `x * x`, after sleeping the task's cost. A WORKER calls it and it prints the
/// task line (its own pid shows which worker did the task). Do not change the line.
#[allow(dead_code)] // your worker processes will call it
fn run_task(task: Task) -> u64 {
    thread::sleep(Duration::from_millis(task.cost_ms));
    let output = task.input * task.input;
    println!(
        "task index={} input={} output={} worker={}",
        task.index,
        task.input,
        output,
        std::process::id()
    );
    output
}

/// `Pool(workers).map(f, inputs)`: the outputs, in INPUT order.
///
/// 1. The pool. For each of the `workers` workers: create a task pipe (parent → worker) and a
///    result pipe (worker → parent) with `nix::unistd::pipe`, then `fork`. The child closes
///    every pipe end that is not its own (dropping a `File`/`OwnedFd` closes it), then loops:
///    read a task from its task pipe, `run_task` it, write `index output` back on its result
///    pipe, until the task pipe reports EOF; then `std::process::exit(0)`.
///    The parent keeps the pid, the write end of the task pipe, the read end of the result pipe.
/// 2. Listening to every worker at once. Only AFTER all forks: one thread per result pipe reads
///    its worker's answers and forwards `(worker, index, output)` into one
///    `crossbeam_channel`, so the main thread can wait for "any worker finished".
/// 3. The map. Send one task to each worker. Then, for each answer that comes back: store the
///    output at its task's index, and send that same worker the next task, if any is left.
/// 4. Shutdown. Drop the task pipes' write ends (EOF: "no more tasks"), join the reader
///    threads, `waitpid` every worker.
fn pool_map(workers: usize, tasks: &[Task]) -> Vec<u64> {
    let _ = (workers, tasks);
    todo!("build the pool of worker processes and map the tasks over it (steps 1-4 above)")
}

fn main() {
    let args = Args::parse();
    let tasks = args.tasks().unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(2);
    });

    let results = pool_map(args.workers, &tasks);

    let sum: u64 = results.iter().sum();
    let list: Vec<String> = results.iter().map(u64::to_string).collect();
    println!("map results={} sum={sum}", list.join(","));
}
