//! mutant-of: 04
//! must-fail: exactly_w_workers
//!
//! Forks a fresh process for every task (at most W alive at a time): results in order, the work
//! spread and handed out as processes finish, but it is not a pool: a pool creates its W
//! workers once and reuses them.

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

fn main() {
    let args = Args::parse();
    let tasks = args.tasks();
    let w = args.workers;
    let (res_r, res_w) = pipe().unwrap();
    let mut res_w = File::from(res_w);
    let mut reader = BufReader::new(File::from(res_r));
    let mut results = vec![0; tasks.len()];
    let mut pids: Vec<Pid> = Vec::new();
    let mut running = 0;
    for t in &tasks {
        if running == w {
            let (i, o) = read_result(&mut reader);
            results[i] = o;
            running -= 1;
        }
        // SAFETY: no thread has been started; the child runs ordinary code.
        match unsafe { fork() }.unwrap() {
            ForkResult::Child => {
                // The bug: one process per task.
                let output = run_task(*t);
                res_w
                    .write_all(format!("{} {}\n", t.index, output).as_bytes())
                    .unwrap();
                std::process::exit(0);
            }
            ForkResult::Parent { child } => {
                pids.push(child);
                running += 1;
            }
        }
    }
    for _ in 0..running {
        let (i, o) = read_result(&mut reader);
        results[i] = o;
    }
    for pid in pids {
        waitpid(pid, None).unwrap();
    }
    print_map(&results);
}
