//! 06 shared_counter — W worker processes each add 1 to a counter in shared memory N times,
//! under a lock shared between processes; each worker also counts in its own slot of a shared
//! array. The parent waits for all of them and prints the counter (W × N) and the slots.
//!
//! Read README.md first. Replace the four `todo!()`s below; leave the `println!`s as they are
//! (the grader reads them). Run `cargo xtask grade 06` to check your work.

use std::io;
use std::path::Path;
use std::time::Duration;

use clap::Parser;
use nix::unistd::Pid;
use shared_memory::{Shmem, ShmemError};

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

/// The layout of the shared segment: the counter every worker adds to (Python's `Value`), and
/// one slot per worker (Python's `Array`). `#[repr(C)]` fixes the layout, so every process
/// agrees on where each field is.
#[repr(C)]
struct Shared {
    counter: u64,
    slots: [u64; MAX_WORKERS],
}

/// One increment of a shared cell, written the way the CPU does it: read, add 1, write back.
/// Between the read and the write another process can do the same, and one update is lost.
/// `widen` holds that window open: the process naps between the read and the write, as if the
/// scheduler had stopped it right there. (Already written: call it, don't change it.)
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

fn main() {
    let args = Args::parse();
    // The lock file's path, decided before forking. Each worker opens the file ITSELF.
    let lock_path = std::env::temp_dir().join(format!("forklings-06-{}.lock", std::process::id()));

    let mut shmem = match create_segment() {
        Ok(shmem) => shmem,
        Err(e) => {
            eprintln!("cannot create the shared segment: {e}");
            std::process::exit(1);
        }
    };
    // The segment seen as a `Shared`. The kernel fills a new segment with zeros.
    let shared = shmem.as_ptr().cast::<Shared>();

    let mut children = Vec::new();
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
        children.push(start_worker(&mut shmem, work));
    }

    let all_ok = wait_all(&children);

    // Every worker has ended: nothing writes to the segment any more.
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

    // Clean up. The parent created the segment, so it is its owner: dropping `shmem` unlinks
    // it from /dev/shm. The lock file goes too.
    drop(shmem);
    let _ = std::fs::remove_file(&lock_path);
    if !all_ok {
        eprintln!("a worker failed: the counter above is not to be trusted");
        std::process::exit(1);
    }
}

/// Creates the shared segment, big enough for one `Shared`.
fn create_segment() -> Result<Shmem, ShmemError> {
    // TODO: shared_memory::ShmemConf: a new configuration, its size, create.
    todo!("create a shared segment of size_of::<Shared>() bytes")
}

/// Forks one worker process and returns its pid (in the parent).
///
/// In the child: stop being the owner of the segment (after fork the child holds a copy of the
/// parent's `Shmem`, owner flag included), run `work()`, and end the process with the code it
/// returns — the child must never come back into `main`'s loop.
fn start_worker(shmem: &mut Shmem, work: impl FnOnce() -> i32) -> Pid {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (shmem, work);
    // TODO: nix::unistd::fork is `unsafe`: write a `// SAFETY:` comment saying why it is fine
    // here. Then Shmem::set_owner(false) and std::process::exit in the child.
    todo!("fork; in the child: set_owner(false), run work(), exit with its code")
}

/// A worker's job, in its own process: `increments` times, add 1 to the counter while holding
/// the lock; and count each increment in its own slot, `slots[index]` (no lock needed: nobody
/// else writes it).
fn count(
    index: usize,
    shared: *mut Shared,
    lock_path: &Path,
    increments: u64,
    widen: bool,
) -> io::Result<()> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (index, shared, lock_path, increments, widen, increment);
    // TODO:
    // - open the lock file here, in the worker (std::fs::File::options(), create it if needed);
    // - pointers to the two cells: `&raw mut (*shared).counter`, `&raw mut (*shared).slots[index]`;
    // - each time: nix::fcntl::Flock::lock(file, FlockArg::LockExclusive), then
    //   increment(counter, widen), then unlock() to get the file back;
    // - increment your own slot (outside the lock is fine).
    todo!("open the lock file yourself; lock, increment the counter, unlock; count in your slot")
}

/// Waits for every child; true when all of them exited with code 0.
fn wait_all(children: &[Pid]) -> bool {
    let _ = children; // delete this line too
    // TODO: nix::sys::wait::waitpid for each pid; WaitStatus::Exited(_, 0) is success.
    todo!("waitpid every child")
}

/// The counter and the first `workers` slots, read from the segment. (Already written.)
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
