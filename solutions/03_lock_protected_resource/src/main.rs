//! 03 lock_protected_resource — reference solution.
//!
//! N writer processes share one resource, standard output. Each writes a block of K lines with
//! a pause between lines; a lock shared between the processes keeps every block whole. This is
//! Python's
//!
//! ```python
//! def writer(i, lock):
//!     with lock:                      # the whole block, not each line
//!         for j in range(1, k + 1):
//!             print(f"writer {i} line {j}/{k}")
//!             time.sleep(pause)
//! lock = Lock()
//! ps = [Process(target=writer, args=(i, lock)) for i in range(1, n + 1)]
//! ```
//!
//! A `std::sync::Mutex` cannot play the part of `Lock`: after `fork` every process has its own
//! copy of the mutex, and locking your copy excludes nobody. The lock must live in the kernel,
//! where all processes see the same one. Here it is an advisory `flock` on a lock file: the
//! kernel lets one open file description hold it exclusively at a time and releases it when its
//! holder closes the file or dies.

use std::fs::{File, OpenOptions};
use std::path::Path;
use std::thread;
use std::time::Duration;

use clap::Parser;
use nix::fcntl::{Flock, FlockArg};
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork, getpid};

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
    // One lock file per run of this program (the pid makes it unique). The parent only decides
    // the name: each child opens the file itself, see `take_lock`.
    let lock_path = std::env::temp_dir().join(format!("forklings-03-{}.lock", getpid()));

    // Start every writer first, then wait for all: they run at the same time and the lock alone
    // decides who writes when.
    let writers: Vec<Pid> = (1..=args.writers)
        .map(|i| start_writer(i, &args, &lock_path))
        .collect();
    for pid in writers {
        match waitpid(pid, None).expect("waitpid failed") {
            WaitStatus::Exited(_, 0) => {}
            other => panic!("writer {pid} ended badly: {other:?}"),
        }
    }
    // Every writer has closed the file: nobody needs it any more.
    let _ = std::fs::remove_file(&lock_path);

    println!(
        "done writers={} lines={}",
        args.writers,
        args.writers * args.lines
    );
}

/// Forks writer `i`; returns its pid to the parent.
fn start_writer(i: u32, args: &Args, lock_path: &Path) -> Pid {
    // SAFETY: this program never starts a thread, so the child is an exact copy of a
    // single-threaded process and may run any code, not only async-signal-safe functions.
    match unsafe { fork() }.expect("fork failed") {
        ForkResult::Child => writer(i, args, lock_path),
        ForkResult::Parent { child } => child,
    }
}

/// One writer process: takes the lock, writes its whole block, releases the lock, exits.
fn writer(i: u32, args: &Args, lock_path: &Path) -> ! {
    let pid = getpid();
    // The critical section is the whole block: the lock is taken before the first line and
    // released after the last, so no other writer can print in between.
    let lock = take_lock(lock_path);
    for j in 1..=args.lines {
        println!("writer {i} pid={pid} line={j}/{}", args.lines);
        if j < args.lines {
            thread::sleep(Duration::from_millis(args.pause_ms));
        }
    }
    // Dropping the Flock unlocks the file. (`process::exit` runs no destructors; the kernel
    // would release the lock anyway when the process dies, but say it where it happens.)
    drop(lock);
    std::process::exit(0)
}

/// Opens the lock file in THIS process and blocks until it holds the exclusive lock.
///
/// `flock` locks belong to an open file description, the kernel object `open` creates. A file
/// opened once by the parent before `fork` is shared by all children (they inherit the same
/// description), so they would all "hold" the same lock at once. Each writer opens its own.
fn take_lock(lock_path: &Path) -> Flock<File> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path)
        .unwrap_or_else(|e| panic!("cannot open lock file {}: {e}", lock_path.display()));
    Flock::lock(file, FlockArg::LockExclusive)
        .unwrap_or_else(|(_, errno)| panic!("cannot lock {}: {errno}", lock_path.display()))
}
