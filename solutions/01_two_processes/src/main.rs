//! 01 two_processes — reference solution.
//!
//! Two child processes run two different functions at the same time; the parent waits for
//! both and reports how each one ended. This is Python's
//!
//! ```python
//! a = Process(target=alpha, args=(n,)); b = Process(target=beta, args=(n,))
//! a.start(); b.start()          # both running now
//! a.join(); b.join()            # then wait for each
//! print(a.exitcode, b.exitcode)
//! ```
//!
//! written with the system calls underneath it: `fork` is `start`, `waitpid` is `join`, and the
//! `WaitStatus` it returns is `exitcode` (a negative `exitcode` in Python is a signal).

use std::thread;
use std::time::Duration;

use clap::Parser;
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork, getpid};

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

    // Start BOTH children before waiting for either: while the parent forks beta, alpha is
    // already running. Waiting for alpha before forking beta would run them one after the other.
    let children = [
        ("alpha", start_child("alpha", sum_of_squares, &args, 0)),
        (
            "beta",
            start_child("beta", fibonacci, &args, args.exit_code),
        ),
    ];

    // Only now wait: `waitpid` blocks until that child has ended and collects its status (the
    // kernel keeps a finished child as a zombie until its parent does this).
    for (name, pid) in children {
        let status = wait_for(pid);
        println!("parent reaped {name} pid={pid} status={status}");
    }
    println!("parent done");
}

/// Forks a child that runs `work` and exits with `exit_code`; returns its pid to the parent.
/// Python's `Process(target=work).start()`.
fn start_child(name: &str, work: fn(u64) -> u64, args: &Args, exit_code: i32) -> Pid {
    // SAFETY: this program never starts a thread, so the child is an exact copy of a
    // single-threaded process and may run any code, not only async-signal-safe functions.
    match unsafe { fork() }.expect("fork failed") {
        ForkResult::Child => child_body(name, work, args, exit_code),
        ForkResult::Parent { child } => child,
    }
}

/// Everything a child does. It never returns: returning would let the child carry on with the
/// parent's code (fork the second child itself, wait, print `parent done`…).
fn child_body(name: &str, work: fn(u64) -> u64, args: &Args, exit_code: i32) -> ! {
    println!("child {name} pid={} begin", getpid());
    let result = work(args.input);
    // Stand-in for real work that takes time.
    thread::sleep(Duration::from_millis(args.work_ms(name)));
    println!("child {name} pid={} result={result}", getpid());
    // The exit code is how a child tells its parent how it went (`exitcode` in Python).
    std::process::exit(exit_code)
}

/// Waits for `pid` to end and describes how: `exited:<code>` or `signaled:<SIGNAME>`.
/// Python's `p.join()` followed by `p.exitcode`.
fn wait_for(pid: Pid) -> String {
    match waitpid(pid, None).expect("waitpid failed") {
        WaitStatus::Exited(_, code) => format!("exited:{code}"),
        WaitStatus::Signaled(_, signal, _) => format!("signaled:{}", signal.as_str()),
        // Without WUNTRACED/WCONTINUED flags waitpid reports only the two endings above.
        other => unreachable!("waitpid without flags reported {other:?}"),
    }
}

/// alpha: 1² + 2² + … + n².
fn sum_of_squares(n: u64) -> u64 {
    (1..=n).map(|i| i * i).sum()
}

/// beta: the n-th Fibonacci number, fib(0) = 0, fib(1) = 1 (fits in u64 up to n = 93).
fn fibonacci(n: u64) -> u64 {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        (a, b) = (b, a + b);
    }
    a
}
