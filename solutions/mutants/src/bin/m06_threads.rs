//! mutant-of: 06
//! must-fail: workers_are_processes
//!
//! Threads instead of processes: an `Arc<AtomicU64>` counter and atomic slots, one
//! `std::thread` per worker, each printing its thread id as its "pid". The numbers come out
//! right (atomics are exact), but the exercise is about processes sharing memory: the kernel
//! sees threads of one process, not W child processes.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use clap::Parser;

const MAX_WORKERS: usize = 64;

#[derive(Parser, Debug)]
struct Args {
    #[arg(long, default_value_t = 3,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_WORKERS as u64))]
    workers: usize,
    #[arg(long, default_value_t = 100)]
    increments: u64,
    #[arg(long)]
    widen: bool,
}

fn main() {
    let args = Args::parse();
    let counter = Arc::new(AtomicU64::new(0));
    let slots: Arc<Vec<AtomicU64>> =
        Arc::new((0..args.workers).map(|_| AtomicU64::new(0)).collect());

    let handles: Vec<_> = (0..args.workers)
        .map(|index| {
            let counter = Arc::clone(&counter);
            let slots = Arc::clone(&slots);
            let (increments, widen) = (args.increments, args.widen);
            std::thread::spawn(move || {
                for _ in 0..increments {
                    if widen {
                        std::thread::yield_now();
                    }
                    counter.fetch_add(1, Ordering::SeqCst);
                    slots[index].fetch_add(1, Ordering::Relaxed);
                }
                println!(
                    "worker index={index} pid={} finished",
                    nix::unistd::gettid()
                );
            })
        })
        .collect();
    for handle in handles {
        handle.join().expect("a worker thread panicked");
    }

    let values: Vec<u64> = slots.iter().map(|s| s.load(Ordering::SeqCst)).collect();
    println!("counter value={}", counter.load(Ordering::SeqCst));
    println!(
        "slots values={} sum={}",
        values
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(","),
        values.iter().sum::<u64>()
    );
}
