//! 17 word_count_files — reference solution.
//!
//! The course's parallel word count: every file of a folder counted by a pool of W worker
//! processes, one file at a time to whichever worker is free, like Python's
//!
//! ```python
//! with Pool(w) as pool:
//!     for name, words in pool.imap_unordered(count_words, sorted(os.listdir(folder))):
//!         ...
//! ```
//!
//! with what is underneath written out:
//!
//! ```text
//!            task pipe 0 ──► worker 0 ──┐
//!   parent ─ task pipe 1 ──► worker 1 ──┼──► one result pipe ──► parent
//!            task pipe 2 ──► worker 2 ──┘   (one line per file)
//! ```
//!
//! The parent lists the folder and sorts the names BEFORE it forks, so every worker has the
//! same list and a task is just a file's index. A worker answers one line per file, `slot index
//! words` or `slot index error reason`, in ONE write (shorter than PIPE_BUF, so the lines of
//! several workers never mix). A file that cannot be read (no permission, not UTF-8) is an
//! answer like any other: it is reported on its line and stops nothing else.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use clap::Parser;
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork, pipe};

/// Counts the words of every file in a folder with a pool of W worker processes.
#[derive(Parser, Debug)]
struct Args {
    /// The folder whose files are counted (every entry in it is a file to count).
    #[arg(long, default_value = "texts")]
    dir: PathBuf,
    /// How many worker processes the pool has (created once, reused for every file).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=64))]
    workers: u64,
}

/// What a worker found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Count {
    /// The file's words (Python's `len(text.split())`).
    Words(u64),
    /// Why the file could not be counted (one line of text).
    Error(String),
}

fn main() {
    let args = Args::parse();

    // 1. The names, sorted: the order of the output and of the hand-out.
    let names = list_files(&args.dir).unwrap_or_else(|e| {
        eprintln!(
            "error: cannot list the folder {}: {e}; give an existing folder with --dir",
            args.dir.display()
        );
        std::process::exit(2);
    });

    // 2. The pool counts every file; the results come back in NAME order, with the pid of the
    //    worker that counted each file.
    let results = count_all(&args.dir, &names, args.workers as usize);

    // 3. One line per file, in name order, then the total.
    let mut words = 0u64;
    let mut errors = 0u64;
    for (name, (count, worker)) in names.iter().zip(&results) {
        match count {
            Count::Words(n) => {
                words += n;
                println!("file name={name} words={n} worker={worker}");
            }
            Count::Error(reason) => {
                errors += 1;
                println!("error name={name} worker={worker} reason={reason}");
            }
        }
    }
    println!("total files={} words={words} errors={errors}", names.len());
}

/// Every entry of `dir`, by name, sorted (byte order, as Python's `sorted(os.listdir(dir))`).
fn list_files(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        names.push(entry?.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Ok(names)
}

/// The words of one file: whitespace-separated pieces, as Python's `len(text.split())`. A file
/// that cannot be read, or is not UTF-8 (Python's `UnicodeDecodeError`), is an error, not 0.
fn count_words(path: &Path) -> Count {
    match std::fs::read_to_string(path) {
        Ok(text) => Count::Words(text.split_whitespace().count() as u64),
        Err(e) => Count::Error(e.to_string().replace('\n', " ")),
    }
}

/// The parent's side of one worker: its pid and the write end of its task pipe.
struct Worker {
    pid: Pid,
    tasks: File,
}

impl Worker {
    /// Hands file number `index` to this worker: one line, one write.
    fn send(&mut self, index: usize) {
        self.tasks
            .write_all(format!("{index}\n").as_bytes())
            .unwrap_or_else(|e| panic!("handing file {index} to worker {}: {e}", self.pid));
    }
}

/// Counts every file of `names` with a pool of `workers` processes, one file at a time to
/// whichever worker is free. Returns, in the order of `names`, each file's count and the pid
/// of the worker that counted it.
fn count_all(dir: &Path, names: &[String], workers: usize) -> Vec<(Count, Pid)> {
    let (mut pool, results) = start_pool(dir, names, workers);

    // The first file for every worker, then the next one to whichever answers.
    let mut next = 0;
    for worker in pool.iter_mut() {
        if next < names.len() {
            worker.send(next);
            next += 1;
        }
    }
    let mut counted: Vec<Option<(Count, Pid)>> = vec![None; names.len()];
    let mut answers = BufReader::new(results).lines();
    for _ in 0..names.len() {
        let line = answers
            .next()
            .expect("the workers stopped answering before every file was counted")
            .expect("reading the result pipe");
        let (slot, index, count) =
            parse_answer(&line).unwrap_or_else(|| panic!("malformed answer {line:?}"));
        counted[index] = Some((count, pool[slot].pid));
        if next < names.len() {
            pool[slot].send(next);
            next += 1;
        }
    }

    // Every file is counted: closing the task pipes is "no more work", each worker exits.
    let pids: Vec<Pid> = pool.into_iter().map(|w| w.pid).collect();
    for pid in pids {
        match waitpid(pid, None) {
            Ok(WaitStatus::Exited(_, 0)) => {}
            other => panic!("worker {pid} did not end well: {other:?}"),
        }
    }
    counted
        .into_iter()
        .enumerate()
        .map(|(i, c)| c.unwrap_or_else(|| panic!("no answer for {}", names[i])))
        .collect()
}

/// Forks `count` workers, each with its own task pipe; all of them answer into one result
/// pipe. Returns the parent's handles and the read end of the result pipe.
fn start_pool(dir: &Path, names: &[String], count: usize) -> (Vec<Worker>, File) {
    let (results_read, results_write) = pipe().expect("creating the result pipe");
    let mut pool: Vec<Worker> = Vec::with_capacity(count);
    for slot in 0..count {
        let (task_read, task_write) = pipe().expect("creating a task pipe");
        // SAFETY: this program never starts a thread, so the child is a full copy of a
        // single-threaded process and may run any Rust code.
        match unsafe { fork() }.expect("fork") {
            ForkResult::Child => {
                // Keep only this worker's own ends: a worker holding another one's task write
                // end would keep that worker from ever reading EOF.
                drop(pool);
                drop(task_write);
                drop(results_read);
                worker_loop(
                    slot,
                    dir,
                    names,
                    File::from(task_read),
                    File::from(results_write),
                );
            }
            ForkResult::Parent { child } => {
                drop(task_read);
                pool.push(Worker {
                    pid: child,
                    tasks: File::from(task_write),
                });
            }
        }
    }
    // Only the workers write answers: with the parent's copy closed, the pipe reports EOF
    // once every worker has gone, instead of never.
    drop(results_write);
    (pool, File::from(results_read))
}

/// A worker's whole life: read a file's index, count the file, answer; until EOF on its task
/// pipe. Never returns into the parent's code.
fn worker_loop(slot: usize, dir: &Path, names: &[String], tasks: File, mut results: File) -> ! {
    for line in BufReader::new(tasks).lines() {
        let line = line.expect("reading a task");
        let index: usize = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("malformed task {line:?}"));
        let answer = match count_words(&dir.join(&names[index])) {
            Count::Words(n) => format!("{slot} {index} {n}\n"),
            Count::Error(reason) => format!("{slot} {index} error {reason}\n"),
        };
        // One write of a short line: atomic on a pipe, never mixed with another worker's.
        results
            .write_all(answer.as_bytes())
            .expect("sending an answer to the parent");
    }
    std::process::exit(0);
}

/// `slot index words` or `slot index error reason…`.
fn parse_answer(line: &str) -> Option<(usize, usize, Count)> {
    let mut parts = line.splitn(3, ' ');
    let slot = parts.next()?.parse().ok()?;
    let index = parts.next()?.parse().ok()?;
    let rest = parts.next()?;
    let count = match rest.strip_prefix("error ") {
        Some(reason) => Count::Error(reason.to_string()),
        None => Count::Words(rest.parse().ok()?),
    };
    Some((slot, index, count))
}
