//! 08 condition_buffer — P producer threads and C consumer threads share a bounded buffer of
//! capacity K: a `Mutex<Buffer>` and two condition variables. When every producer is done,
//! `main` closes the buffer; every consumer takes what is left and ends.
//!
//! Read README.md first. Replace the five `todo!()`s below; leave the `println!`s as they are
//! (the grader reads them). Run `cargo xtask grade 08` to check your work.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard};
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
#[allow(dead_code)] // your code will read these fields
struct Buffer {
    /// (producer, item number), oldest first.
    items: VecDeque<(u64, u64)>,
    /// Set once by `main` after every producer is done: no item will come any more.
    closed: bool,
}

/// The buffer and its two conditions, both used with the one `Mutex`.
#[allow(dead_code)] // your code will read these fields
struct Shared {
    state: Mutex<Buffer>,
    /// To signal when an item arrives, or the buffer is closed (consumers wait on it).
    not_empty: Condvar,
    /// To signal when an item leaves (producers wait on it).
    not_full: Condvar,
    capacity: usize,
}

/// Locks the buffer and returns the guard once the buffer has room for one more item (fewer
/// than `shared.capacity` items). Waits on `not_full` meanwhile: asleep, not polling.
fn lock_with_room(shared: &Shared) -> MutexGuard<'_, Buffer> {
    let _ = shared; // delete this line when your code uses it
    // TODO: lock, then wait on `shared.not_full` for as long as the buffer is full.
    // `Condvar::wait` takes the guard and gives it back, locked again, when it wakes.
    todo!("lock the buffer and wait until it has room")
}

/// Locks the buffer and returns the guard once it holds an item, or is closed. Waits on
/// `not_empty` meanwhile.
fn lock_with_item_or_closed(shared: &Shared) -> MutexGuard<'_, Buffer> {
    let _ = shared; // delete this line when your code uses it
    // TODO: lock, then wait on `shared.not_empty` for as long as the buffer is empty and open.
    todo!("lock the buffer and wait until it has an item or is closed")
}

/// Called by a producer right after it put an item, still holding the lock.
fn item_put(shared: &Shared) {
    let _ = shared; // delete this line when your code uses it
    todo!("tell the consumers: one item arrived")
}

/// Called by a consumer right after it took an item, still holding the lock.
fn item_taken(shared: &Shared) {
    let _ = shared; // delete this line when your code uses it
    todo!("tell the producers: there is room for one more")
}

/// A producer: puts `items` items, (id, 0), (id, 1), …, waiting while the buffer is full.
/// (Already written.)
fn producer(shared: &Shared, id: u64, items: u64, pause: Duration) {
    for item in 0..items {
        thread::sleep(pause);
        let mut buf = lock_with_room(shared);
        buf.items.push_back((id, item));
        // Printed under the lock: the size is the buffer's, at this very moment.
        println!("put producer={id} item={item} size={}", buf.items.len());
        item_put(shared);
    }
}

/// A consumer: takes items until the buffer is closed and empty; returns how many it took.
/// (Already written.)
fn consumer(shared: &Shared, id: u64, pause: Duration) -> u64 {
    let mut got = 0;
    loop {
        let mut buf = lock_with_item_or_closed(shared);
        let Some((producer, item)) = buf.items.pop_front() else {
            // Empty, and closed: nothing will ever come.
            println!("consumer id={id} got={got}");
            return got;
        };
        println!(
            "get consumer={id} producer={producer} item={item} size={}",
            buf.items.len()
        );
        item_taken(shared);
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

/// Closes the buffer: no item will come any more. Every consumer must learn it, also those
/// asleep in a wait.
fn close(shared: &Shared) {
    let _ = shared; // delete this line when your code uses it
    // TODO: lock; set `closed`; while still holding the lock print exactly
    //     println!("close size={}", buf.items.len());
    // then wake the consumers that wait on `not_empty` — all of them.
    todo!("close the buffer and wake every waiting consumer")
}
