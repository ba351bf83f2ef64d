//! 18 io_fetch — fetch N URLs from a local server with a pool of W threads.
//!
//! The work is I/O-bound: each fetch mostly waits for the server. W threads that wait at the
//! same time finish in about N/W waits instead of N. Read the lesson (README.md) first.
//!
//! Replace each `todo!()`. Keep the `println!`s as they are: they print the lines the grader
//! reads.

// The helpers and imports are yours to use: until you fill the `todo!()`s they are unused.
#![allow(dead_code, unused_imports)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use clap::Parser;
use crossbeam_channel::{Receiver, Sender, unbounded};

/// Fetch N URLs from a local server with a pool of W threads.
#[derive(Parser, Debug)]
struct Args {
    /// The port of the server on 127.0.0.1 (the grader starts it and gives it).
    #[arg(long)]
    port: u16,
    /// The paths to fetch, comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "/feed/1,/feed/2,/feed/3,/feed/4,/feed/5,/feed/6,/feed/7,/feed/8,/feed/9,/feed/10,/feed/11,/feed/12"
    )]
    urls: Vec<String>,
    /// How many pool threads.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=64))]
    workers: u64,
}

/// How long a fetch may wait for the server before it counts as failed.
const WAIT_LIMIT: Duration = Duration::from_secs(5);

/// What one fetch gave: the body's length, or why there is none.
type Fetched = Result<usize, String>;

/// What a pool thread sends `main` for each URL: the URL, what came of it, the thread's id.
type Report = (String, Fetched, i32);

fn os_tid() -> i32 {
    nix::unistd::gettid().as_raw()
}

/// `GET path` from 127.0.0.1:port: the length of the body of a `200` answer; any other status,
/// an answer cut short or none at all is an error, in words without spaces (`status-500`,
/// `no-answer`).
fn fetch(port: u16, path: &str) -> Fetched {
    // Connect, send the request (`Connection: close`: the server closes when it has answered),
    // read the whole answer with WAIT_LIMIT as the read timeout, then split the head from the
    // body at the first empty line and read the status from the first line.
    let _ = (port, path);
    todo!("fetch one URL")
}

/// One pool thread: fetches URLs from the queue until it is closed and empty, and sends each
/// result, with its own thread id (`os_tid()`), to `main`.
fn fetcher(port: u16, urls: Receiver<String>, results: Sender<Report>) {
    let _ = (port, urls, results);
    todo!("take URLs until the queue is closed, send each result")
}

/// Starts `workers` pool threads running [`fetcher`] and queues every URL; returns the
/// threads and the channel their results arrive on, which must close after the last result
/// (drop every `Sender` that is not a pool thread's).
fn start_pool(workers: u64, port: u16, urls: &[String]) -> (Vec<JoinHandle<()>>, Receiver<Report>) {
    let (url_tx, url_rx) = unbounded::<String>();
    let (result_tx, result_rx) = unbounded::<Report>();
    let _ = (workers, port, urls, url_tx, url_rx, result_tx, result_rx);
    todo!("start the pool, queue the URLs, close the channels")
}

fn main() {
    let args = Args::parse();
    let (pool, result_rx) = start_pool(args.workers, args.port, &args.urls);

    let (mut fetched, mut failed) = (0, 0);
    for (url, result, tid) in result_rx {
        match result {
            Ok(bytes) => {
                fetched += 1;
                println!("fetched url={url} bytes={bytes} tid={tid}");
            }
            Err(why) => {
                failed += 1;
                println!("failed url={url} why={why} tid={tid}");
            }
        }
    }
    for t in pool {
        t.join().expect("a pool thread panicked");
    }
    println!(
        "summary fetched={fetched} failed={failed} workers={}",
        args.workers
    );
}
