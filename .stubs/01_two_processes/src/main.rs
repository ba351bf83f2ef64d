//! 01 two_processes — two child processes run two different functions in parallel; the parent
//! waits for both and reports how each one ended.
//!
//! Read README.md first. Replace the two `todo!()`s below; leave the `println!`s as they are
//! (the grader reads them). Run `cargo xtask grade 01` to check your work.

use std::thread;
use std::time::Duration;

use clap::Parser;
use nix::unistd::{Pid, getpid};

/// Two processes, two different functions, in parallel.
#[derive(Parser, Debug)]
struct Args {
    /// The number both functions work on.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(0..=90))]
    input: u64,
    /// How long child alpha works at least (milliseconds), so the lifetimes clearly overlap.
    #[arg(long, default_value_t = 200)]
    alpha_ms: u64,
    /// How long child beta works at least (milliseconds); below --alpha-ms, beta ends first.
    #[arg(long, default_value_t = 200)]
    beta_ms: u64,
    /// The exit code child beta ends with (alpha ends with 0).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(i32).range(0..=255))]
    exit_code: i32,
}

impl Args {
    /// How long the child `name` works: `--alpha-ms` for alpha, `--beta-ms` for beta.
    fn work_ms(&self, name: &str) -> u64 {
        if name == "alpha" {
            self.alpha_ms
        } else {
            self.beta_ms
        }
    }
}

fn main() {
    let args = Args::parse();
    println!("parent pid={} started", getpid());

    let children = start_children(&args);

    for (name, pid) in children {
        let status = wait_for(pid);
        println!("parent reaped {name} pid={pid} status={status}");
    }
    println!("parent done");
}

/// Starts the two children and returns their names and pids: `[("alpha", …), ("beta", …)]`.
///
/// - alpha runs `sum_of_squares` and exits with code 0;
/// - beta runs `fibonacci` and exits with code `args.exit_code`.
///
/// Each child runs `child_body(...)`, which never returns. Both must be running before this
/// function returns: `main` waits for them only afterwards.
fn start_children(args: &Args) -> [(&'static str, Pid); 2] {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (args, child_body, sum_of_squares, fibonacci);

    // TODO: fork() twice (nix::unistd::fork is `unsafe`: write a `// SAFETY:` comment). In the
    // child branch call child_body(...); in the parent branch keep the child's pid.
    todo!("fork child alpha and child beta, both before waiting for either")
}

/// Waits until the child `pid` has ended and says how: `exited:<code>` or `signaled:<SIGNAME>`
/// (for example `exited:0`, `signaled:SIGKILL`).
fn wait_for(pid: Pid) -> String {
    let _ = pid;
    // TODO: nix::sys::wait::waitpid, then a `match` on the WaitStatus it returns.
    todo!("waitpid for this child and describe its WaitStatus")
}

/// Everything a child does (already written). It never returns: it ends the child process.
fn child_body(name: &str, work: fn(u64) -> u64, args: &Args, exit_code: i32) -> ! {
    println!("child {name} pid={} begin", getpid());
    let result = work(args.input);
    // Stand-in for real work that takes time.
    thread::sleep(Duration::from_millis(args.work_ms(name)));
    println!("child {name} pid={} result={result}", getpid());
    std::process::exit(exit_code)
}

/// alpha: 1² + 2² + … + n².
fn sum_of_squares(n: u64) -> u64 {
    (1..=n).map(|i| i * i).sum()
}

/// beta: the n-th Fibonacci number, fib(0) = 0, fib(1) = 1.
fn fibonacci(n: u64) -> u64 {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        (a, b) = (b, a + b);
    }
    a
}
