//! 18 io_fetch — reference solution.
//!
//! The course's feed reader on loopback: N URLs fetched by a pool of W threads. The work is
//! I/O-bound — each fetch mostly waits for the server — so W threads finish in about N/W
//! waits instead of N, whatever the number of CPUs. `main` prints each result as it arrives
//! (Python's `as_completed`), a failed URL is reported on its line and stops nothing else, and
//! the summary counts both. This is Python's
//!
//! ```python
//! with ThreadPoolExecutor(max_workers=w) as pool:
//!     futures = {pool.submit(fetch, url): url for url in urls}
//!     for f in as_completed(futures):
//!         ...  # f.result(), or the exception it raised
//! ```
//!
//! with `std::net::TcpStream` for `urllib`, a `crossbeam_channel` of URLs for the executor's
//! queue and one of results for `as_completed`.

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
/// an answer cut short or none at all is an error, in words.
fn fetch(port: u16, path: &str) -> Fetched {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(WAIT_LIMIT))
        .map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).map_err(|e| e.to_string())?;
    if answer.is_empty() {
        return Err("no-answer".to_string());
    }
    let head_end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("answer-cut-short")?;
    let head = String::from_utf8_lossy(&answer[..head_end]);
    let status = head.split(' ').nth(1).unwrap_or("?");
    if status != "200" {
        return Err(format!("status-{status}"));
    }
    Ok(answer.len() - head_end - 4)
}

/// One pool thread: fetches URLs from the queue until it is closed and empty, and sends each
/// result, with its own thread id, to `main`.
fn fetcher(port: u16, urls: Receiver<String>, results: Sender<Report>) {
    let tid = os_tid();
    for url in urls {
        let fetched = fetch(port, &url);
        if results.send((url, fetched, tid)).is_err() {
            return;
        }
    }
}

/// Starts `workers` pool threads running [`fetcher`] and queues every URL; returns the
/// threads and the channel their results arrive on, which closes after the last result.
fn start_pool(workers: u64, port: u16, urls: &[String]) -> (Vec<JoinHandle<()>>, Receiver<Report>) {
    let (url_tx, url_rx) = unbounded::<String>();
    let (result_tx, result_rx) = unbounded();
    let pool: Vec<JoinHandle<()>> = (0..workers)
        .map(|_| {
            let (urls, results) = (url_rx.clone(), result_tx.clone());
            thread::spawn(move || fetcher(port, urls, results))
        })
        .collect();
    // Only the pool's copies remain: the results channel closes when the last thread ends.
    drop(result_tx);
    for url in urls {
        url_tx
            .send(url.clone())
            .expect("the pool threads are alive");
    }
    // No more URLs: each thread's loop ends once the queue is empty.
    drop(url_tx);
    (pool, result_rx)
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
