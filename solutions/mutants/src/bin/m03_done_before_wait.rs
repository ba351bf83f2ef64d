//! mutant-of: 03
//! must-fail: summary
//!
//! The parent prints its `done` line as soon as every writer is started, then waits for them:
//! the writers' lines come after the summary.

use std::fs::{File, OpenOptions};
use std::path::Path;
use std::thread;
use std::time::Duration;

use clap::Parser;
use nix::fcntl::{Flock, FlockArg};
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork, getpid};

#[derive(Parser, Debug)]
struct Args {
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=64))]
    writers: u32,
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=1000))]
    lines: u32,
    #[arg(long, default_value_t = 20)]
    pause_ms: u64,
}

fn wait_ok(pid: Pid) {
    match waitpid(pid, None).expect("waitpid failed") {
        WaitStatus::Exited(_, 0) => {}
        other => panic!("writer {pid} ended badly: {other:?}"),
    }
}

fn open_lock_file(lock_path: &Path) -> File {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path)
        .expect("cannot open the lock file")
}

fn lock(file: File) -> Flock<File> {
    Flock::lock(file, FlockArg::LockExclusive).unwrap_or_else(|(_, e)| panic!("flock: {e}"))
}

fn pause(args: &Args, j: u32) {
    if j < args.lines {
        thread::sleep(Duration::from_millis(args.pause_ms));
    }
}

fn writer(i: u32, args: &Args, lock_path: &Path) -> ! {
    let pid = getpid();
    let guard = lock(open_lock_file(lock_path));
    for j in 1..=args.lines {
        println!("writer {i} pid={pid} line={j}/{}", args.lines);
        pause(args, j);
    }
    drop(guard);
    std::process::exit(0)
}

fn main() {
    let args = Args::parse();
    let lock_path = std::env::temp_dir().join(format!("forklings-03-{}.lock", getpid()));
    let mut pids = Vec::new();
    for i in 1..=args.writers {
        // SAFETY: no thread was started, the child may run any code.
        match unsafe { fork() }.expect("fork failed") {
            ForkResult::Child => writer(i, &args, &lock_path),
            ForkResult::Parent { child } => pids.push(child),
        }
    }
    println!(
        "done writers={} lines={}",
        args.writers,
        args.writers * args.lines
    );
    pids.into_iter().for_each(wait_ok);
    // (Removing the lock file before the writers are done would break the lock itself: a
    // writer opening the path afterwards creates a new file, with a lock of its own.)
    let _ = std::fs::remove_file(&lock_path);
}
