//! 17 word_count_files — the words of every file in a folder, counted by a pool of W worker
//! processes: one file at a time to whichever worker is free, one line per file sorted by name,
//! then a total. A file that cannot be read is reported on its line and stops nothing else.
//!
//! Read README.md first. Replace the five `todo!()`s below; leave `main`, the `println!`s and
//! the answer format as they are (the grader reads them). Run `cargo xtask grade 17` to check
//! your work.

// The helpers and imports are yours to use: until you fill the `todo!()`s they are unused.
#![allow(dead_code, unused_imports)]

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
    let _ = dir;
    // TODO: std::fs::read_dir, each entry's file_name() as a String (to_string_lossy), then
    // sort. Every entry is a file to count: do not skip any.
    todo!("list the folder's entries and sort their names")
}

/// The words of one file: whitespace-separated pieces, as Python's `len(text.split())`. A file
/// that cannot be read, or is not UTF-8 (Python's `UnicodeDecodeError`), is an error, not 0.
fn count_words(path: &Path) -> Count {
    let _ = path;
    // TODO: std::fs::read_to_string (it fails on a file you may not read and on one that is
    // not UTF-8), then split_whitespace().count(). On Err(e): Count::Error(e.to_string()).
    todo!("read the file as UTF-8 and count its words; a failure is a Count::Error, not 0")
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
    let _ = (dir, names, workers);
    // TODO: start_pool; send one file index to each worker (Worker::send); then read the
    // answers from the result pipe, one line each (BufReader::lines, parse_answer): store each
    // at its file's index with the pid of pool[slot], and send that worker the next file.
    // When every file is counted: drop the task pipes, waitpid every worker.
    todo!(
        "hand out one file at a time to whichever worker answers, then close the task pipes and waitpid every worker"
    )
}

/// Forks `count` workers, each with its own task pipe; all of them answer into one result
/// pipe. Returns the parent's handles and the read end of the result pipe.
fn start_pool(dir: &Path, names: &[String], count: usize) -> (Vec<Worker>, File) {
    let _ = (dir, names, count);
    // TODO: one pipe for the results, then for each slot a task pipe and a fork (it is
    // `unsafe`: write a `// SAFETY:` comment). The child keeps only its own task read end and
    // the result write end, and calls worker_loop; the parent keeps the task write end. After
    // the loop the parent drops its result write end.
    todo!("fork the workers: a task pipe each, one result pipe for all")
}

/// A worker's whole life: read a file's index, count the file, answer; until EOF on its task
/// pipe. Never returns into the parent's code.
fn worker_loop(slot: usize, dir: &Path, names: &[String], tasks: File, mut results: File) -> ! {
    let _ = (slot, dir, names, tasks, &mut results);
    // TODO: for each line of the task pipe (an index into names): count_words of
    // dir.join(&names[index]), then ONE write_all of `{slot} {index} {words}\n` or
    // `{slot} {index} error {reason}\n`. At EOF: std::process::exit(0).
    todo!("read a file's index, count the file, write one answer line; exit at EOF")
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
