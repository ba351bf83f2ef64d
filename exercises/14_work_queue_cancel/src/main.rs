//! 14 work_queue_cancel — a queue of jobs for worker processes, cancelled cleanly by Ctrl-C.
//!
//! Read README.md first. Replace the `todo!()`s below; leave the `println!`s as they are (the
//! grader reads them). Run `cargo xtask grade 14` to check your work.
//!
//! What is already written: the arguments, `main`, what a worker does with a job (its file,
//! its `start`/`done` lines, its acknowledgement), the queue (a POSIX message queue, as in 05),
//! the acknowledgement pipe, forking and waiting.
//! What is yours: Ctrl-C as a flag in the parent and ignored in the workers, putting the jobs,
//! waiting for their acknowledgements (`JoinableQueue.join`), taking back the queued jobs on
//! Ctrl-C, and stopping the workers.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::exit;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::sleep;
use std::time::Duration;

use clap::Parser;
use nix::errno::Errno;
use nix::mqueue::{MQ_OFlag, MqAttr, MqdT, mq_close, mq_open, mq_receive, mq_unlink};
use nix::sys::stat::Mode;
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork, getpid, pipe};

/// A queue of jobs done by worker processes, cancelled cleanly by Ctrl-C.
#[derive(Parser, Debug)]
struct Args {
    /// Number of jobs.
    #[arg(long, default_value_t = 12)]
    jobs: u32,
    /// Number of worker processes.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=32))]
    workers: u32,
    /// Milliseconds each job takes.
    #[arg(long, default_value_t = 50)]
    job_ms: u64,
    /// Directory for the jobs' output files (created if missing).
    #[arg(long, default_value = "out")]
    out: PathBuf,
}

/// Jobs the queue holds before a put blocks.
const CAPACITY: i64 = 6;
/// A job is its number, 4 bytes; the sentinel is an empty message.
const MSG_SIZE: usize = 4;
/// The exit status after a Ctrl-C: 128 + SIGINT (2).
const INTERRUPTED: i32 = 130;

/// Set by the SIGINT handler, read by the parent's loops.
static CANCELLED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_sigint(_: nix::libc::c_int) {
    // Only an atomic store: the one thing a handler may safely do here.
    CANCELLED.store(true, Ordering::SeqCst);
}

fn main() -> io::Result<()> {
    let args = Args::parse();
    fs::create_dir_all(&args.out)?;
    // The queue's name is global on the machine: the parent's pid makes it ours.
    let name = format!("/forklings-14-{}", std::process::id());
    let queue = open_queue(&name)?;
    // Acknowledgements: each worker writes the number of every job it finished.
    let (acks, ack_writer) = ack_pipe()?;

    // Before the first fork: a Ctrl-C from now on only sets the flag (in the parent).
    catch_sigint()?;
    let mut workers = Vec::new();
    for _ in 0..args.workers {
        workers.push(spawn(|| worker(&queue, &ack_writer, &args))?);
    }
    // Only the workers acknowledge; our copy would keep the pipe open for ever.
    drop(ack_writer);

    let put = put_jobs(&queue, args.jobs)?;
    let done = wait_for_acks(acks, &name, put)?;
    stop_workers(&queue, workers)?;
    close_queue(queue, &name)?;

    println!("summary done={done} cancelled={}", args.jobs - done);
    if cancelled() {
        exit(INTERRUPTED);
    }
    Ok(())
}

/// Whether a Ctrl-C came.
fn cancelled() -> bool {
    CANCELLED.load(Ordering::SeqCst)
}

/// Puts jobs 0, 1, … on the queue until all `jobs` are in or a Ctrl-C comes; returns how many
/// were put. A put blocks while the queue is full; the signal interrupts it (`EINTR`).
fn put_jobs(queue: &MqdT, jobs: u32) -> io::Result<u32> {
    let _ = (queue, jobs);
    // TODO: mq_send each job number (job.to_le_bytes(), priority 0) while jobs remain and
    // cancelled() is false. A send blocks while the queue is full; a Ctrl-C interrupts it
    // with Errno::EINTR: go round the loop again, where the flag is checked.
    todo!(
        "put jobs 0.. until all are in or the flag is set; a put interrupted (EINTR) is tried again only if not cancelled"
    )
}

/// `JoinableQueue.join()`: waits until each of the `put` jobs is acknowledged or taken back
/// from the queue (on Ctrl-C); returns how many were acknowledged (done).
fn wait_for_acks(mut acks: File, name: &str, put: u32) -> io::Result<u32> {
    let _ = (&mut acks, name, put, take_back);
    // TODO: each acknowledgement is 4 bytes on `acks`. Loop: if cancelled() and you have not
    // done it yet, take_back(name) the queued jobs (once). Stop when done + taken back == put.
    // A read interrupted by Ctrl-C fails with ErrorKind::Interrupted: go round again. A read of
    // 0 bytes means every worker is gone: that is an error.
    todo!(
        "read acknowledgements until done + taken back = put; on Ctrl-C take back the queued jobs once"
    )
}

/// One sentinel per worker (each stops at the first it takes), then waits for every worker.
fn stop_workers(queue: &MqdT, workers: Vec<Pid>) -> io::Result<()> {
    let _ = (queue, workers, wait_for);
    // TODO: the sentinel is an empty message (mq_send(queue, &[], 0), again on EINTR); then
    // wait_for every worker.
    todo!("one sentinel per worker, then waitpid each")
}

/// A worker: takes jobs until its sentinel; for each, writes its file and acknowledges it.
fn worker(queue: &MqdT, acks: &File, args: &Args) -> io::Result<()> {
    ignore_sigint()?;
    let mut acks = acks;
    loop {
        let mut buf = [0u8; MSG_SIZE];
        let mut priority = 0;
        let job = match mq_receive(queue, &mut buf, &mut priority) {
            Err(Errno::EINTR) => continue,
            Ok(0) => return Ok(()),
            Ok(4) => u32::from_le_bytes(buf),
            Ok(n) => return Err(io::Error::other(format!("a job of {n} bytes"))),
            Err(e) => return Err(e.into()),
        };
        println!("start job={job} pid={}", getpid());
        do_job(job, &args.out, args.job_ms)?;
        println!("done job={job} pid={}", getpid());
        acks.write_all(&job.to_le_bytes())?;
    }
}

/// The work: the output file is written under a temporary name and renamed when complete, so
/// nobody ever sees half a file under the final name.
fn do_job(job: u32, out: &Path, job_ms: u64) -> io::Result<()> {
    let partial = out.join(format!(".job-{job}.tmp"));
    let mut file = File::create(&partial)?;
    writeln!(file, "job {job}")?;
    sleep(Duration::from_millis(job_ms));
    writeln!(file, "done by {}", getpid())?;
    file.sync_data()?;
    fs::rename(&partial, out.join(format!("job-{job}.txt")))
}

/// Installs the SIGINT handler, without `SA_RESTART`: a blocked call returns `EINTR`.
fn catch_sigint() -> io::Result<()> {
    let _ = on_sigint;
    // TODO: sigaction(Signal::SIGINT, &SigAction::new(SigHandler::Handler(on_sigint),
    // SaFlags::empty(), SigSet::empty())) — `unsafe`, with a `// SAFETY:` line saying why the
    // handler is safe. No SA_RESTART: a blocked call must return EINTR so the loop sees the flag.
    todo!("install on_sigint for SIGINT with sigaction, without SA_RESTART")
}

/// In a worker: Ctrl-C reaches the whole process group; only the parent decides what it means.
fn ignore_sigint() -> io::Result<()> {
    // TODO: nix::sys::signal::signal(Signal::SIGINT, SigHandler::SigIgn) (`unsafe`, with a
    // `// SAFETY:` line). Think about what happens to a worker without it (README).
    todo!("ignore SIGINT in the worker: only the parent decides")
}

/// Takes back every job still in the queue (cancelled: nobody started them, nobody will) and
/// says so; returns how many.
fn take_back(name: &str) -> io::Result<u32> {
    let count = drain_queue(name)?;
    println!("cancel taken_back={count} pid={}", getpid());
    Ok(count)
}

/// Removes every job still in the queue, without blocking; returns how many.
fn drain_queue(name: &str) -> io::Result<u32> {
    let _ = name;
    // TODO: mq_open(name, O_RDONLY | O_NONBLOCK, Mode::empty(), None) — a descriptor of your
    // own, so the workers' stay blocking; mq_receive into [0u8; MSG_SIZE] until Errno::EAGAIN
    // (empty), counting; mq_close it.
    todo!("receive every job left in the queue without blocking; count them")
}

/// The acknowledgement pipe: (read end, write end).
fn ack_pipe() -> io::Result<(File, File)> {
    let (reader, writer) = pipe()?;
    Ok((File::from(reader), File::from(writer)))
}

/// Closes our descriptor and removes the queue's name.
fn close_queue(queue: MqdT, name: &str) -> io::Result<()> {
    mq_close(queue)?;
    mq_unlink(name)?;
    Ok(())
}

/// The job queue: at most `CAPACITY` jobs of `MSG_SIZE` bytes.
fn open_queue(name: &str) -> io::Result<MqdT> {
    let _ = mq_unlink(name);
    let attr = MqAttr::new(0, CAPACITY, MSG_SIZE as _, 0);
    Ok(mq_open(
        name,
        MQ_OFlag::O_CREAT | MQ_OFlag::O_EXCL | MQ_OFlag::O_RDWR,
        Mode::S_IRUSR | Mode::S_IWUSR,
        Some(&attr),
    )?)
}

/// Forks a child that runs `body` and exits (0 if it went well); returns the child's pid.
fn spawn(body: impl FnOnce() -> io::Result<()>) -> io::Result<Pid> {
    // SAFETY: this program never starts a thread, so the child is a copy of a single-threaded
    // process and may do anything before it exits.
    match unsafe { fork() }? {
        ForkResult::Child => {
            let code = match body() {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("worker {}: {e}", getpid());
                    1
                }
            };
            exit(code)
        }
        ForkResult::Parent { child } => Ok(child),
    }
}

/// Waits for one worker and requires it to have exited with 0.
fn wait_for(pid: Pid) -> io::Result<()> {
    loop {
        match waitpid(pid, None) {
            Err(Errno::EINTR) => continue,
            Ok(WaitStatus::Exited(_, 0)) => return Ok(()),
            Ok(status) => {
                return Err(io::Error::other(format!(
                    "worker {pid} ended badly: {status:?}"
                )));
            }
            Err(e) => return Err(e.into()),
        }
    }
}
