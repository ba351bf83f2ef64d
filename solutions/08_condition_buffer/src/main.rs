//! 08 condition_buffer — reference solution.
//!
//! P producer threads and C consumer threads share a bounded buffer of capacity K: a
//! `Mutex<Buffer>` and two condition variables, `not_empty` (consumers wait on it) and
//! `not_full` (producers wait on it). When every producer is done, `main` closes the buffer and
//! wakes every consumer; each one takes what is left and ends. This is Python's
//!
//! ```python
//! with cv:
//!     while not items and not closed:
//!         cv.wait()
//!     item = items.popleft()
//! ```
//!
//! with `Condvar::wait(guard)` for `cv.wait()`: it releases the lock while asleep and hands the
//! guard back, locked again, when it wakes.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::Duration;

use clap::Parser;

/// P producers and C consumers around a bounded buffer guarded by a Mutex and Condvars.
#[derive(Parser, Debug)]
struct Args {
    /// How many producer threads.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..=32))]
    producers: u64,
    /// How many consumer threads.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..=32))]
    consumers: u64,
    /// How many items the buffer holds at most.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=1000))]
    capacity: u64,
    /// How many items each producer puts.
    #[arg(long, default_value_t = 10)]
    items: u64,
    /// Pause of a producer before each item (microseconds), outside the lock.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(0..=100_000))]
    produce_us: u64,
    /// Pause of a consumer after each item (microseconds), outside the lock.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(0..=100_000))]
    consume_us: u64,
}

/// What the lock protects: the items, and whether the buffer is closed.
struct Buffer {
    /// (producer, item number), oldest first.
    items: VecDeque<(u64, u64)>,
    /// Set once by `main` after every producer is done: no item will come any more.
    closed: bool,
}

/// The buffer and its two conditions. Both `Condvar`s go with the one `Mutex`: a thread waits
/// on a condition only while holding that mutex's guard.
struct Shared {
    state: Mutex<Buffer>,
    /// Signalled when an item arrives, or the buffer is closed.
    not_empty: Condvar,
    /// Signalled when an item leaves.
    not_full: Condvar,
    capacity: usize,
}

/// A producer: puts `items` items, (id, 0), (id, 1), …, waiting while the buffer is full.
fn producer(shared: &Shared, id: u64, items: u64, pause: Duration) {
    for item in 0..items {
        thread::sleep(pause);
        let mut buf = shared.state.lock().unwrap();
        // `while`, not `if`: when this thread wakes, another producer may have filled the
        // buffer again before it got the lock back.
        while buf.items.len() >= shared.capacity {
            buf = shared.not_full.wait(buf).unwrap();
        }
        buf.items.push_back((id, item));
        // Printed under the lock: the size is the buffer's, at this very moment.
        println!("put producer={id} item={item} size={}", buf.items.len());
        shared.not_empty.notify_one();
    }
}

/// A consumer: takes items until the buffer is closed and empty; returns how many it took.
fn consumer(shared: &Shared, id: u64, pause: Duration) -> u64 {
    let mut got = 0;
    loop {
        let mut buf = shared.state.lock().unwrap();
        // `while`, not `if`: another consumer may have taken the item this thread was woken
        // for (a stolen wakeup), and a wait may also return for no reason at all.
        while buf.items.is_empty() && !buf.closed {
            buf = shared.not_empty.wait(buf).unwrap();
        }
        let Some((producer, item)) = buf.items.pop_front() else {
            // Empty, and closed: nothing will ever come.
            println!("consumer id={id} got={got}");
            return got;
        };
        println!(
            "get consumer={id} producer={producer} item={item} size={}",
            buf.items.len()
        );
        shared.not_full.notify_one();
        drop(buf); // let the others in while this one "works"
        got += 1;
        thread::sleep(pause);
    }
}

fn main() {
    let args = Args::parse();
    let shared = Shared {
        state: Mutex::new(Buffer {
            items: VecDeque::new(),
            closed: false,
        }),
        not_empty: Condvar::new(),
        not_full: Condvar::new(),
        capacity: args.capacity as usize,
    };
    let produce = Duration::from_micros(args.produce_us);
    let consume = Duration::from_micros(args.consume_us);

    // Scoped threads may borrow `shared`: the scope joins them all before it returns.
    let total: u64 = thread::scope(|s| {
        let shared = &shared;
        let consumers: Vec<_> = (0..args.consumers)
            .map(|id| s.spawn(move || consumer(shared, id, consume)))
            .collect();
        let producers: Vec<_> = (0..args.producers)
            .map(|id| s.spawn(move || producer(shared, id, args.items, produce)))
            .collect();
        for p in producers {
            p.join().unwrap();
        }
        close(shared);
        consumers.into_iter().map(|c| c.join().unwrap()).sum()
    });
    println!("main total={total}");
}

/// Closes the buffer and wakes EVERY waiting consumer: each must see `closed` to end. One
/// `notify_one` would wake one of them and leave the others asleep forever.
fn close(shared: &Shared) {
    let mut buf = shared.state.lock().unwrap();
    buf.closed = true;
    println!("close size={}", buf.items.len());
    shared.not_empty.notify_all();
}
