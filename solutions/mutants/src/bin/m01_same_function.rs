//! mutant-of: 01
//! must-fail: own_function
//!
//! A copy-paste slip: both children run sum_of_squares, so beta prints alpha's result.

use std::thread;
use std::time::Duration;

use clap::Parser;
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork, getpid};

#[derive(Parser, Debug)]
struct Args {
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(0..=90))]
    input: u64,
    #[arg(long, default_value_t = 200)]
    work_ms: u64,
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(i32).range(0..=255))]
    exit_code: i32,
}

fn start_child(name: &str, work: fn(u64) -> u64, args: &Args, exit_code: i32) -> Pid {
    // SAFETY: no thread was started, the child may run any code.
    match unsafe { fork() }.expect("fork failed") {
        ForkResult::Child => child_body(name, work, args, exit_code),
        ForkResult::Parent { child } => child,
    }
}

fn child_body(name: &str, work: fn(u64) -> u64, args: &Args, exit_code: i32) -> ! {
    println!("child {name} pid={} begin", getpid());
    let result = work(args.input);
    thread::sleep(Duration::from_millis(args.work_ms));
    println!("child {name} pid={} result={result}", getpid());
    std::process::exit(exit_code)
}

fn sum_of_squares(n: u64) -> u64 {
    (1..=n).map(|i| i * i).sum()
}

fn wait_for(pid: Pid) -> String {
    match waitpid(pid, None).expect("waitpid failed") {
        WaitStatus::Exited(_, code) => format!("exited:{code}"),
        WaitStatus::Signaled(_, signal, _) => format!("signaled:{}", signal.as_str()),
        other => unreachable!("{other:?}"),
    }
}

fn main() {
    let args = Args::parse();
    println!("parent pid={} started", getpid());

    let children = [
        ("alpha", start_child("alpha", sum_of_squares, &args, 0)),
        (
            "beta",
            start_child("beta", sum_of_squares, &args, args.exit_code),
        ),
    ];
    for (name, pid) in children {
        let status = wait_for(pid);
        println!("parent reaped {name} pid={pid} status={status}");
    }
    println!("parent done");
}
