//! mutant-of: 06
//! must-fail: no_shm_left
//!
//! "The child must not be the owner": so the parent gives up ownership BEFORE forking, and the
//! children inherit a non-owner `Shmem`. Then nobody owns the segment and nobody unlinks it: every
//! run leaves a segment behind in /dev/shm.

use std::fs::File;
use std::io;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use nix::fcntl::{Flock, FlockArg};
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork};
use shared_memory::{Shmem, ShmemConf};

/// At most this many workers: one slot each in the segment.
const MAX_WORKERS: usize = 64;

/// W processes × N increments of one shared counter, under a lock.
#[derive(Parser, Debug)]
struct Args {
    /// How many worker processes.
    #[arg(long, default_value_t = 3,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_WORKERS as u64))]
    workers: usize,
    /// How many increments each worker makes.
    #[arg(long, default_value_t = 100)]
    increments: u64,
    /// Nap between the read and the write of each increment (the grader's stress runs use it:
    /// without a working lock, updates are then lost every time).
    #[arg(long)]
    widen: bool,
}

/// The layout of the shared segment: the counter every worker adds to (`Value`), and one slot
/// per worker (`Array`). `#[repr(C)]` fixes the layout, so every process agrees on it.
#[repr(C)]
struct Shared {
    counter: u64,
    slots: [u64; MAX_WORKERS],
}

/// One increment of a shared cell, written the way the CPU does it: read, add 1, write back.
/// Between the read and the write another process can do the same, and one update is lost.
/// `widen` (given by the lesson's stub) holds that window open: the process naps between the
/// read and the write, as if the scheduler had stopped it right there.
///
/// # Safety
/// `cell` must point to a `u64` inside the mapped shared segment.
unsafe fn increment(cell: *mut u64, widen: bool) {
    // SAFETY: the caller guarantees `cell` is valid for reads and writes. Volatile: the compiler
    // must really read and write the memory, which other processes change behind its back.
    let value = unsafe { cell.read_volatile() };
    if widen {
        std::thread::sleep(Duration::from_micros(1));
    }
    // SAFETY: as above.
    unsafe { cell.write_volatile(value + 1) };
}

fn main() -> ExitCode {
    let args = Args::parse();
    // The lock file's path is decided before forking; each child opens the file itself.
    let lock_path = std::env::temp_dir().join(format!("forklings-06-{}.lock", std::process::id()));

    // The segment: `shm_open` + `ftruncate` + `mmap(MAP_SHARED)`. The kernel fills it with
    // zeros, so the counter and every slot start at 0. Its creator is its owner: when the
    // owner drops its `Shmem`, the segment is unlinked from /dev/shm.
    let mut shmem = match ShmemConf::new().size(size_of::<Shared>()).create() {
        Ok(shmem) => shmem,
        Err(e) => {
            eprintln!("cannot create the shared segment: {e}");
            return ExitCode::FAILURE;
        }
    };
    let shared = shmem.as_ptr().cast::<Shared>();
    // Give up ownership before forking, so the children do not unlink it (and neither does
    // anybody else: wrong).
    shmem.set_owner(false);

    let mut children = Vec::with_capacity(args.workers);
    for index in 0..args.workers {
        // What worker `index` does, in its own process; returns its exit code.
        let work = || match count(index, shared, &lock_path, args.increments, args.widen) {
            Ok(()) => {
                println!("worker index={index} pid={} finished", std::process::id());
                0
            }
            Err(e) => {
                eprintln!("worker {index}: {e}");
                1
            }
        };
        match start_worker(&mut shmem, work) {
            Ok(child) => children.push(child),
            Err(e) => {
                eprintln!("fork failed: {e}");
                break;
            }
        }
    }

    // Wait for every child that was started, even when one failed: no zombies, no orphans.
    let all_ok = wait_all(&children) && children.len() == args.workers;

    // Every worker has ended (waitpid returned for each), so nothing writes any more: read.
    let (counter, slots) = read_result(shared, args.workers);
    println!("counter value={counter}");
    println!(
        "slots values={} sum={}",
        slots
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(","),
        slots.iter().sum::<u64>()
    );

    // Clean up: the parent is the owner, so dropping `shmem` unlinks the segment; the lock
    // file is ours to remove too (a child that never ran may not have created it).
    drop(shmem);
    match std::fs::remove_file(&lock_path) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => eprintln!("cannot remove {}: {e}", lock_path.display()),
    }

    if all_ok {
        ExitCode::SUCCESS
    } else {
        eprintln!("a worker failed: the counter above is not to be trusted");
        ExitCode::FAILURE
    }
}

/// Forks one worker process. The child gives up ownership of the segment, runs `work`, and
/// leaves with its exit code; the parent gets the child's pid.
fn start_worker(shmem: &mut Shmem, work: impl FnOnce() -> i32) -> nix::Result<Pid> {
    // SAFETY: the program has a single thread here (no thread is ever started), so the child
    // may run any code, not just async-signal-safe functions.
    match unsafe { fork() }? {
        ForkResult::Parent { child } => Ok(child),
        ForkResult::Child => {
            // Ownership was already given up in `main`.
            let _ = &shmem;
            let code = work();
            // `exit` runs no destructors of this stack: the child never returns into the
            // parent's loop in `main`.
            std::process::exit(code)
        }
    }
}

/// A worker's job, in its own process: N increments of the counter under the lock, and N of
/// its own slot without one.
fn count(
    index: usize,
    shared: *mut Shared,
    lock_path: &Path,
    increments: u64,
    widen: bool,
) -> io::Result<()> {
    // Opened here, after fork: this process gets its own open file description, so its flock
    // excludes the other workers'. A descriptor inherited from the parent would be one shared
    // description: one lock for everybody, excluding nobody.
    let mut file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(lock_path)?;
    // SAFETY: `shared` points to the segment mapped before fork (and still mapped in this
    // process); `index < MAX_WORKERS` (clap limits --workers). `&raw mut` makes no reference.
    let (counter, slot) = unsafe { (&raw mut (*shared).counter, &raw mut (*shared).slots[index]) };
    for _ in 0..increments {
        // Blocks until no other process holds the lock.
        let locked = Flock::lock(file, FlockArg::LockExclusive).map_err(|(_, e)| e)?;
        // SAFETY: `counter` points into the segment; the lock makes this process the only
        // one reading and writing it until unlock.
        unsafe { increment(counter, widen) };
        file = locked.unlock().map_err(|(_, e)| e)?;
        // Nobody else writes this worker's slot: no lock needed.
        // SAFETY: `slot` points into the segment.
        unsafe { increment(slot, false) };
    }
    Ok(())
}

/// Waits for every child; true when all exited with code 0.
fn wait_all(children: &[Pid]) -> bool {
    let mut all_ok = true;
    for &child in children {
        match waitpid(child, None) {
            Ok(WaitStatus::Exited(_, 0)) => {}
            Ok(status) => {
                eprintln!("worker {child} ended badly: {status:?}");
                all_ok = false;
            }
            Err(e) => {
                eprintln!("waitpid({child}): {e}");
                all_ok = false;
            }
        }
    }
    all_ok
}

/// The counter and the first `workers` slots, read from the segment.
fn read_result(shared: *const Shared, workers: usize) -> (u64, Vec<u64>) {
    // SAFETY: `shared` points to the mapped segment, and every writer has ended.
    unsafe {
        let counter = (&raw const (*shared).counter).read_volatile();
        let slots = (0..workers)
            .map(|i| (&raw const (*shared).slots[i]).read_volatile())
            .collect();
        (counter, slots)
    }
}
