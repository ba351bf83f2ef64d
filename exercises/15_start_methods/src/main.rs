//! 15 start_methods — one job started with fork and with spawn; then a fork beside a thread.
//!
//! Read README.md first. Replace the `todo!()`s below; leave the `println!`s as they are (the
//! grader reads them). Run `cargo xtask grade 15` to check your work.
//!
//! What is already written: the arguments, the global SCALE and its initial value, the log and
//! its helper thread (`flusher`), `main`'s outline and every line the program prints. What is
//! yours: the two jobs (what each child can know), starting the job with spawn (this program's
//! own binary again, with arguments) and with fork, waiting for each child, and the fork beside
//! the helper thread that does not hang.

use std::error::Error;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, mpsc};
use std::thread;
use std::time::Duration;

use clap::Parser;
use nix::unistd::Pid;

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

/// The fork child's job: n × scale, and what it sees of the global.
fn forked_job(n: u64) {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = n;
    // TODO: read SCALE (the child inherited the parent's memory: what value is there?), then
    //     println!("child method=fork pid={pid} global={global} n={n} result={result}");
    // with pid = nix::unistd::getpid() and result = n × the scale this child knows.
    todo!("print what the fork child sees and computes")
}

/// The spawned child's job: n × scale, and what it sees of the global.
fn spawned_job(args: &Args) {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = args;
    // TODO: read SCALE (this is a fresh run of the program: what value is there?), then
    //     println!("child method=spawn pid={pid} global={global} scale={scale} n={n} result={result}");
    // with scale and n as this child got them, and result = n × the scale of the run.
    todo!("print what the spawned child sees and computes")
}

/// Starts the job with "spawn": this program's own binary again, with `--child` and the job's
/// parameters as arguments. Returns the child's pid.
fn start_spawned(args: &Args) -> Result<Pid, Box<dyn Error>> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = args;
    // TODO: std::process::Command::new(std::env::current_exe()?) with the arguments
    // `--child --scale S --n N`, then .spawn()? and Pid::from_raw(child.id() as i32).
    todo!("run this program again with --child and the job's parameters")
}

/// Starts the job with fork: the child runs `forked_job` and exits. Returns the child's pid.
fn start_forked(n: u64) -> Result<Pid, Box<dyn Error>> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (n, forked_job);
    // TODO: nix::unistd::fork (it is `unsafe`: write a `// SAFETY:` comment: is there any
    // thread yet?). In the child: forked_job(n), then std::process::exit(0). In the parent:
    // return the child's pid.
    todo!("fork a child that runs forked_job and exits")
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
    // TODO: fork while the helper thread runs (`unsafe`: your `// SAFETY:` comment says why
    // the child cannot meet a lock another thread held). The child takes LOG's lock, pushes
    // an entry of its own and prints (logged = the log's length after its push)
    //     println!("child method=fork-thread pid={pid} logged={logged}");
    // then exits with 0. The parent returns the child's pid.
    // The trap: fork copies only the calling thread. If the helper holds the lock at that
    // instant, the child's copy of the mutex stays locked forever. The way out is in README.md.
    todo!("fork the child beside the helper thread without inheriting a locked mutex")
}

/// Waits for `child` and prints how it ended.
fn reap(method: &str, child: Pid) -> Result<(), Box<dyn Error>> {
    // This line only silences "unused" warnings until your code uses these; delete it then.
    let _ = (method, child);
    // TODO: nix::sys::wait::waitpid(child, None). For WaitStatus::Exited(pid, code) print
    //     println!("reaped method={method} pid={pid} code={code}");
    // and return an error unless code is 0; any other status is an error too.
    todo!("wait for this child by its pid")
}
