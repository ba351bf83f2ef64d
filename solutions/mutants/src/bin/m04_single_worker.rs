//! mutant-of: 04
//! must-fail: exactly_w_workers, spread
//!
//! Ignores --workers: forks a single worker and sends it every task. The output is right and
//! in order, but there is no pool to speak of.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::thread;
use std::time::Duration;

use clap::Parser;
use nix::sys::wait::waitpid;
use nix::unistd::{ForkResult, Pid, fork, pipe};

#[derive(Parser, Debug)]
struct Args {
    #[arg(long, default_value_t = 3)]
    workers: usize,
    #[arg(long, value_delimiter = ',', default_value = "1,2,3,4,5,6,7,8,9,10")]
    inputs: Vec<u64>,
    #[arg(long, value_delimiter = ',', default_value = "20")]
    costs_ms: Vec<u64>,
}

#[derive(Debug, Clone, Copy)]
struct Task {
    index: usize,
    input: u64,
    cost_ms: u64,
}

impl Args {
    fn tasks(&self) -> Vec<Task> {
        self.inputs
            .iter()
            .enumerate()
            .map(|(index, &input)| Task {
                index,
                input,
                cost_ms: if self.costs_ms.len() == 1 {
                    self.costs_ms[0]
                } else {
                    self.costs_ms[index]
                },
            })
            .collect()
    }
}

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

fn print_map(results: &[u64]) {
    let sum: u64 = results.iter().sum();
    let list: Vec<String> = results.iter().map(u64::to_string).collect();
    println!("map results={} sum={sum}", list.join(","));
}

/// Reads one `index output` line from the shared result pipe.
fn read_result(results: &mut BufReader<File>) -> (usize, u64) {
    let mut line = String::new();
    results.read_line(&mut line).expect("reading a result");
    let (i, o) = line.trim().split_once(' ').expect("malformed result");
    (i.parse().unwrap(), o.parse().unwrap())
}

/// Runs tasks read from `tasks` (`index input cost` lines) until EOF, answering on `results`.
fn worker_loop(tasks: File, mut results: File) -> ! {
    for line in BufReader::new(tasks).lines() {
        let line = line.unwrap();
        let v: Vec<u64> = line
            .split_whitespace()
            .map(|x| x.parse().unwrap())
            .collect();
        let task = Task {
            index: v[0] as usize,
            input: v[1],
            cost_ms: v[2],
        };
        let output = run_task(task);
        results
            .write_all(format!("{} {}\n", task.index, output).as_bytes())
            .unwrap();
    }
    std::process::exit(0);
}

fn send(pipe: &mut File, task: &Task) {
    pipe.write_all(format!("{} {} {}\n", task.index, task.input, task.cost_ms).as_bytes())
        .unwrap();
}

fn main() {
    let args = Args::parse();
    let tasks = args.tasks();
    let w = 1; // The bug: --workers is ignored.
    let _ = args.workers;
    let (res_r, res_w) = pipe().unwrap();
    let res_w = File::from(res_w);
    let mut pids: Vec<Pid> = Vec::new();
    let mut task_pipes: Vec<File> = Vec::new();
    for _ in 0..w {
        let (tr, tw) = pipe().unwrap();
        // SAFETY: no thread has been started; the child runs ordinary code.
        match unsafe { fork() }.unwrap() {
            ForkResult::Child => {
                drop(tw);
                drop(task_pipes);
                worker_loop(File::from(tr), res_w.try_clone().unwrap());
            }
            ForkResult::Parent { child } => {
                drop(tr);
                pids.push(child);
                task_pipes.push(File::from(tw));
            }
        }
    }
    drop(res_w);
    for t in &tasks {
        send(&mut task_pipes[t.index % w], t);
    }
    drop(task_pipes);
    let mut reader = BufReader::new(File::from(res_r));
    let mut results = vec![0; tasks.len()];
    for _ in 0..tasks.len() {
        let (i, o) = read_result(&mut reader);
        results[i] = o;
    }
    for pid in pids {
        waitpid(pid, None).unwrap();
    }
    print_map(&results);
}
