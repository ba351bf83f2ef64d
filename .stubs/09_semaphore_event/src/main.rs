//! 09 semaphore_event — your exercise. Read README.md first; replace each `todo!()`.
//!
//! Rust's std has neither a semaphore nor an event: both are built here from a `Mutex` and a
//! `Condvar`. First T threads go through a section that at most K of them may be in at once
//! (Python's `sem = threading.Semaphore(3)` and `with sem: ...`); then W waiters wait for an
//! event with their own timeouts while `main` sets it after a while (Python's
//! `ev = threading.Event()`, `ev.wait(timeout)`, `ev.set()`, `ev.clear()`): those whose timeout
//! ends first say so, the others are woken by the set.

use std::sync::{Arc, Barrier, Condvar, Mutex};
use std::thread;
use std::time::Duration;

use clap::Parser;

/// At most K of T threads in a section at once; then waiters released by an event.
#[derive(Parser, Debug)]
struct Args {
    /// How many threads go through the section.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=64))]
    threads: u64,
    /// How many of them may be inside at once (the semaphore's K).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=64))]
    permits: u64,
    /// How long each thread stays inside (milliseconds).
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u64).range(0..=1000))]
    hold_ms: u64,
    /// Each waiter's timeout (milliseconds), one per waiter.
    #[arg(long, value_delimiter = ',', default_values_t = [100, 200, 2100, 2400])]
    timeouts: Vec<u64>,
    /// When main sets the event, after starting the waiters (milliseconds).
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(0..=10_000))]
    set_ms: u64,
}

/// This thread's id as the kernel knows it (what `ps -L` shows): the grader looks up how the
/// scheduler treated each waiter by it.
fn os_tid() -> i32 {
    nix::unistd::gettid().as_raw()
}

/// A counting semaphore: at most `permits` holders at once.
struct Semaphore {
    /// How many threads are inside now. Only read and changed with the lock held.
    inside: Mutex<u64>,
    /// Signalled when a thread leaves.
    left: Condvar,
    permits: u64,
}

impl Semaphore {
    fn new(permits: u64) -> Self {
        Semaphore {
            inside: Mutex::new(0),
            left: Condvar::new(),
            permits,
        }
    }

    /// Waits until fewer than `permits` are inside, then enters. The `enter` line is printed
    /// with the lock held, so the printed order of enters and leaves is their true order.
    fn acquire(&self, id: u64) {
        // TODO: lock, wait on `left` while K are inside, enter, print (lock still held):
        // println!("enter id={id} inside={}", …);
        let _ = (&self.inside, &self.left, self.permits, id);
        todo!("acquire: wait for a free place, then enter")
    }

    /// Leaves, and wakes the waiters: each looks again under the lock.
    fn release(&self, id: u64) {
        // TODO: lock, leave, print (lock still held), wake the waiters:
        // println!("leave id={id} inside={}", …);
        let _ = id;
        todo!("release: leave and wake the waiters")
    }
}

/// An event: a flag that threads wait to see set.
struct Event {
    flag: Mutex<bool>,
    changed: Condvar,
}

impl Event {
    fn new() -> Self {
        Event {
            flag: Mutex::new(false),
            changed: Condvar::new(),
        }
    }

    /// Sets the flag and wakes EVERY waiter. `event set` is printed with the lock held: no
    /// waiter can see the flag set before the line is out.
    fn set(&self) {
        // TODO: lock, set the flag, print (lock still held), wake every waiter:
        // println!("event set");
        let _ = (&self.flag, &self.changed);
        todo!("set: set the flag and wake every waiter")
    }

    fn clear(&self) {
        todo!("clear: unset the flag")
    }

    /// Waits until the flag is set or `timeout` has passed; returns the flag, like Python's
    /// `Event.wait(timeout)`. The thread sleeps in the condition variable: no polling.
    fn wait(&self, timeout: Duration) -> bool {
        // TODO: sleep in the condition variable until the flag is set or the timeout ends
        // (no polling with `sleep`); return the flag.
        let _ = timeout;
        todo!("wait: the flag, or false at the timeout")
    }
}

fn main() {
    let args = Args::parse();
    through_semaphore(
        args.threads,
        args.permits,
        Duration::from_millis(args.hold_ms),
    );
    release_waiters(&args.timeouts, Duration::from_millis(args.set_ms));
}

/// T threads start together (a barrier) and each goes through the section once.
fn through_semaphore(threads: u64, permits: u64, hold: Duration) {
    let sem = Arc::new(Semaphore::new(permits));
    let start = Arc::new(Barrier::new(threads as usize));
    let handles: Vec<_> = (0..threads)
        .map(|id| {
            let sem = Arc::clone(&sem);
            let start = Arc::clone(&start);
            thread::spawn(move || {
                start.wait();
                sem.acquire(id);
                thread::sleep(hold);
                sem.release(id);
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    println!("semaphore done threads={threads} permits={permits}");
}

/// One waiter per timeout; main sets the event after `set_after`, then clears it again.
fn release_waiters(timeouts: &[u64], set_after: Duration) {
    let event = Arc::new(Event::new());
    let handles: Vec<_> = timeouts
        .iter()
        .enumerate()
        .map(|(id, &ms)| {
            let event = Arc::clone(&event);
            thread::spawn(move || {
                println!("waiter id={id} tid={} timeout_ms={ms} waiting", os_tid());
                if event.wait(Duration::from_millis(ms)) {
                    println!("waiter id={id} woken");
                } else {
                    println!("waiter id={id} timed_out");
                }
            })
        })
        .collect();
    thread::sleep(set_after);
    event.set();
    for h in handles {
        h.join().unwrap();
    }
    event.clear();
    println!(
        "event cleared wait={}",
        event.wait(Duration::from_millis(10))
    );
}
