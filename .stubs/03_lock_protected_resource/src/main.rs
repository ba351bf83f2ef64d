//! 03 lock_protected_resource — N writer processes share standard output; a lock shared between
//! the processes keeps each writer's block of lines whole.
//!
//! Read README.md first. Replace the three `todo!()`s below; leave the `println!`s as they are
//! (the grader reads them). Run `cargo xtask grade 03` to check your work.

use std::fs::File;
use std::path::Path;
use std::thread;
use std::time::Duration;

use clap::Parser;
use nix::fcntl::Flock;
use nix::unistd::{Pid, getpid};

/// Writers that take turns on standard output, a whole block each.
#[derive(Parser, Debug)]
struct Args {
    /// How many writer processes.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=64))]
    writers: u32,
    /// How many lines each writer prints in its block.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=1000))]
    lines: u32,
    /// Pause between two lines of a block (milliseconds).
    #[arg(long, default_value_t = 20)]
    pause_ms: u64,
}

fn main() {
    let args = Args::parse();
    // One lock file per run of this program. The parent only decides its name.
    let lock_path = std::env::temp_dir().join(format!("forklings-03-{}.lock", getpid()));

    let writers = start_writers(&args, &lock_path);
    wait_for_all(writers);
    let _ = std::fs::remove_file(&lock_path);

    println!(
        "done writers={} lines={}",
        args.writers,
        args.writers * args.lines
    );
}

/// Forks the writers 1..=args.writers and returns their pids. Writer `i` runs
/// `writer(i, args, lock_path)`, which never returns.
fn start_writers(args: &Args, lock_path: &Path) -> Vec<Pid> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (args, lock_path, writer);

    // TODO: fork once per writer (nix::unistd::fork is `unsafe`: write a `// SAFETY:` comment).
    // Start them all before waiting for any: they must run at the same time.
    todo!("fork one child per writer; each child calls writer(i, ...)")
}

/// Waits until every writer has ended (and checks each ended with exit code 0).
fn wait_for_all(pids: Vec<Pid>) {
    let _ = pids;
    todo!("waitpid for each writer")
}

/// One writer process: its whole block of lines must come out in one piece.
fn writer(i: u32, args: &Args, lock_path: &Path) -> ! {
    let pid = getpid();
    let lock = take_lock(lock_path);
    for j in 1..=args.lines {
        println!("writer {i} pid={pid} line={j}/{}", args.lines);
        if j < args.lines {
            thread::sleep(Duration::from_millis(args.pause_ms));
        }
    }
    drop(lock);
    std::process::exit(0)
}

/// Blocks until this process holds the lock, and returns it (dropping it unlocks).
fn take_lock(lock_path: &Path) -> Flock<File> {
    let _ = lock_path;
    // TODO: open the lock file HERE, in the writer process (create it if it does not exist),
    // then nix::fcntl::Flock::lock(file, FlockArg::LockExclusive). README.md explains why a file
    // opened by the parent before fork would not do.
    todo!("open the lock file in this process and lock it exclusively")
}
