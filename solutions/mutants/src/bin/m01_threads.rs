//! mutant-of: 01
//! must-fail: two_children, own_function, exit_status
//!
//! Threads instead of processes: std::thread::spawn is what `threading.Thread` would be, not
//! `multiprocessing.Process`. Both "children" are threads of the main process, so they print
//! its pid; the exit code is faked from what the thread returned, as no process ever exits.

use std::thread;
use std::time::Duration;

use clap::Parser;
use nix::unistd::getpid;

#[derive(Parser, Debug)]
struct Args {
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(0..=90))]
    input: u64,
    #[arg(long, default_value_t = 200)]
    work_ms: u64,
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(i32).range(0..=255))]
    exit_code: i32,
}

fn body(name: &'static str, work: fn(u64) -> u64, input: u64, work_ms: u64, code: i32) -> i32 {
    println!("child {name} pid={} begin", getpid());
    let result = work(input);
    thread::sleep(Duration::from_millis(work_ms));
    println!("child {name} pid={} result={result}", getpid());
    code
}

fn sum_of_squares(n: u64) -> u64 {
    (1..=n).map(|i| i * i).sum()
}

fn fibonacci(n: u64) -> u64 {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        (a, b) = (b, a + b);
    }
    a
}

fn main() {
    let args = Args::parse();
    println!("parent pid={} started", getpid());
    let (input, ms, code) = (args.input, args.work_ms, args.exit_code);
    let alpha = thread::spawn(move || body("alpha", sum_of_squares, input, ms, 0));
    let beta = thread::spawn(move || body("beta", fibonacci, input, ms, code));
    let pid = getpid();
    for (name, handle) in [("alpha", alpha), ("beta", beta)] {
        let code = handle.join().expect("thread panicked");
        println!("parent reaped {name} pid={pid} status=exited:{code}");
    }
    println!("parent done");
}
