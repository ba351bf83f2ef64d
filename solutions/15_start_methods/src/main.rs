//! 15 start_methods — reference solution.
//!
//! The same job started two ways, as Python's `multiprocessing` start methods do:
//!
//! - **fork**: the child is a copy of the parent at the instant of `fork`, globals included, so
//!   it sees the value `main` gave the global before starting it;
//! - **spawn**: the child is a fresh run of this program's own binary
//!   (`Command::new(current_exe())`), told by `--child` to run the job and nothing else. Like
//!   Python's spawn re-importing the module, it starts from the global's initial value: what it
//!   needs comes only from its arguments.
//!
//! Then the trap Python 3.12 warns about: `fork` in a process where another thread runs. A
//! helper thread flushes a shared log and holds its lock most of the time. A child forked while
//! the helper holds it inherits a locked mutex and no helper to unlock it: its first `lock()`
//! waits forever. The right way, what `pthread_atfork` handlers do: the forking thread takes the
//! lock itself before `fork` (so no other thread holds it at that instant), and both processes
//! release it right after.

use std::error::Error;
use std::process::{Command, exit};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, mpsc};
use std::thread;
use std::time::Duration;

use clap::Parser;
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork, getpid};

/// One job started with fork and with spawn; then a fork beside a thread that holds a lock.
#[derive(Parser, Debug)]
struct Args {
    /// The value `main` gives the global SCALE before it starts any child.
    #[arg(long, default_value_t = 10)]
    scale: u64,
    /// The job's input: each child computes n × scale.
    #[arg(long, default_value_t = 7)]
    n: u64,
    /// How long the helper thread holds the log's lock at each flush, in milliseconds.
    #[arg(long, default_value_t = 50)]
    hold_ms: u64,
    /// Only on the command line of a spawned child: run the job, nothing else.
    #[arg(long, hide = true)]
    child: bool,
}

/// The global's value in a fresh image of the program.
const INITIAL_SCALE: u64 = 1;
/// The global that `main` changes before it starts the children.
static SCALE: AtomicU64 = AtomicU64::new(INITIAL_SCALE);

/// A shared log; the helper thread flushes it while holding its lock.
static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());
/// Tells the helper thread to stop after its current flush.
static STOP: AtomicBool = AtomicBool::new(false);

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse();
    if args.child {
        // A spawned child: a new run of this binary. Nothing of the parent's memory came along.
        spawned_job(&args);
        return Ok(());
    }
    SCALE.store(args.scale, Ordering::SeqCst);
    println!(
        "global initial={INITIAL_SCALE} now={}",
        SCALE.load(Ordering::SeqCst)
    );
    let spawned = start_spawned(&args)?;
    let forked = start_forked(args.n)?;
    reap("spawn", spawned)?;
    reap("fork", forked)?;
    fork_beside_a_thread(Duration::from_millis(args.hold_ms))?;
    Ok(())
}

/// The fork child's job: it reads the global, which it inherited with the parent's memory.
fn forked_job(n: u64) {
    let global = SCALE.load(Ordering::SeqCst);
    println!(
        "child method=fork pid={} global={global} n={n} result={}",
        getpid(),
        n * global
    );
}

/// The spawned child's job: the global has its initial value here; the scale came as an
/// argument, the way Python's spawn pickles a Process's args.
fn spawned_job(args: &Args) {
    let global = SCALE.load(Ordering::SeqCst);
    println!(
        "child method=spawn pid={} global={global} scale={} n={} result={}",
        getpid(),
        args.scale,
        args.n,
        args.n * args.scale
    );
}

/// Starts the job with "spawn": this program's own binary again, with `--child` and the job's
/// parameters as arguments.
fn start_spawned(args: &Args) -> Result<Pid, Box<dyn Error>> {
    let me = std::env::current_exe()?;
    let child = Command::new(me)
        .arg("--child")
        .args(["--scale", &args.scale.to_string()])
        .args(["--n", &args.n.to_string()])
        .spawn()?;
    Ok(Pid::from_raw(child.id() as i32))
}

/// Starts the job with fork: the child runs `forked_job` and exits.
fn start_forked(n: u64) -> Result<Pid, Box<dyn Error>> {
    // SAFETY: no thread has been started yet, so the child is an exact copy of a
    // single-threaded process and may run any code.
    match unsafe { fork() }? {
        ForkResult::Child => {
            forked_job(n);
            exit(0)
        }
        ForkResult::Parent { child } => Ok(child),
    }
}

/// The helper thread: flushes the log over and over, holding its lock `hold` each time and
/// freeing it only for a moment in between. Says on `ready` once it holds the lock.
fn flusher(hold: Duration, ready: mpsc::Sender<()>) -> u64 {
    let mut flushes = 0;
    loop {
        let mut log = LOG.lock().expect("the log's lock");
        if flushes == 0 {
            let _ = ready.send(());
        }
        thread::sleep(hold); // a slow write of the log, under its lock
        log.push(format!("flush {flushes}"));
        flushes += 1;
        drop(log);
        if STOP.load(Ordering::SeqCst) {
            return flushes;
        }
        thread::sleep(Duration::from_millis(1));
    }
}

/// Forks a child that needs the log's lock while the helper thread runs, and reaps it.
fn fork_beside_a_thread(hold: Duration) -> Result<(), Box<dyn Error>> {
    let (ready_tx, ready_rx) = mpsc::channel();
    let helper = thread::spawn(move || flusher(hold, ready_tx));
    ready_rx.recv()?;
    println!("helper locked hold_ms={}", hold.as_millis());
    let child = fork_while_the_helper_runs()?;
    reap("fork-thread", child)?;
    STOP.store(true, Ordering::SeqCst);
    let flushes = helper.join().map_err(|_| "the helper thread panicked")?;
    println!("helper stopped flushes={flushes}");
    Ok(())
}

/// Forks a child that takes the log's lock, adds its entry and exits, without the hang.
/// Returns the child's pid.
fn fork_while_the_helper_runs() -> Result<Pid, Box<dyn Error>> {
    // Take the lock in this thread before forking: at the instant of fork no other thread holds
    // it, and each process releases its own copy right after (what pthread_atfork does).
    let before_fork = LOG.lock().expect("the log's lock");
    // SAFETY: this thread holds the only lock the child uses, so the child's copy of it is
    // released by the child itself; the child takes no lock another thread may hold at fork
    // (the helper never prints, so stdout's lock is free) and ends with `exit`.
    match unsafe { fork() }? {
        ForkResult::Child => {
            drop(before_fork); // the child's copy
            let logged = {
                let mut log = LOG.lock().expect("the log's lock");
                log.push(format!("child {}", getpid()));
                log.len()
            };
            println!("child method=fork-thread pid={} logged={logged}", getpid());
            exit(0)
        }
        ForkResult::Parent { child } => {
            drop(before_fork); // the parent's copy: the helper goes on
            Ok(child)
        }
    }
}

/// Waits for `child` and prints how it ended.
fn reap(method: &str, child: Pid) -> Result<(), Box<dyn Error>> {
    match waitpid(child, None)? {
        WaitStatus::Exited(pid, code) => {
            println!("reaped method={method} pid={pid} code={code}");
            if code == 0 {
                Ok(())
            } else {
                Err(format!("the {method} child exited with code {code}").into())
            }
        }
        other => Err(format!("the {method} child ended abnormally: {other:?}").into()),
    }
}
