//! mutant-of: 04
//! must-fail: exactly_w_workers
//!
//! Forks a fresh process for every task (at most W alive at a time): results in order, the work
//! spread and handed out as processes finish, but it is not a pool: a pool creates its W
//! workers once and reuses them.
//!
//! ```find
//! use crossbeam_channel::Sender;
//! use nix::sys::wait::{WaitStatus, waitpid};
//! ```
//! ```replace
//! use nix::sys::wait::waitpid;
//! ```
//! ```find
//!     fn tasks(&self) -> Result<Vec<Task>, String> {
//!         if self.workers == 0 {
//!             return Err("--workers must be at least 1".into());
//!         }
//!         let cost = |i: usize| match self.costs_ms.as_slice() {
//!             [one] => Ok(*one),
//!             many if many.len() == self.inputs.len() => Ok(many[i]),
//!             many => Err(format!(
//!                 "--costs-ms has {} values for {} inputs: give one value, or one per input",
//!                 many.len(),
//!                 self.inputs.len()
//!             )),
//!         };
//! ```
//! ```replace
//!     fn tasks(&self) -> Vec<Task> {
//! ```
//! ```find
//!             .map(|(index, &input)| {
//!                 Ok(Task {
//! ```
//! ```replace
//!             .map(|(index, &input)| Task {
//! ```
//! ```find
//!                     cost_ms: cost(index)?,
//!                 })
//! ```
//! ```replace
//!                 cost_ms: if self.costs_ms.len() == 1 {
//!                     self.costs_ms[0]
//!                 } else {
//!                     self.costs_ms[index]
//!                 },
//! ```
//! ```find
//! struct Worker {
//!     pid: Pid,
//!     /// Write end of the worker's task pipe: one `index input cost_ms` line per task. Dropping
//!     /// it closes the pipe, and the worker reads EOF: "no more tasks, exit".
//!     tasks: File,
//! }
//!
//! impl Worker {
//!     fn send(&mut self, task: &Task) {
//!         // Format first, then ONE write: the worker reads whole lines either way, but a single
//!         // write of a short message is the habit that keeps messages whole on shared pipes.
//!         let msg = format!("{} {} {}\n", task.index, task.input, task.cost_ms);
//!         self.tasks
//!             .write_all(msg.as_bytes())
//!             .unwrap_or_else(|e| panic!("sending task {} to worker {}: {e}", task.index, self.pid));
//!     }
//! }
//!
//! /// What a reader thread forwards to the main thread: worker `worker` finished task `index`.
//! struct Done {
//!     worker: usize,
//!     index: usize,
//!     output: u64,
//! }
//!
//! /// `Pool(workers).map(f, inputs)`: the outputs, in INPUT order.
//! fn pool_map(workers: usize, tasks: &[Task]) -> Vec<u64> {
//!     // 1. The pool: fork every worker now, while this process still has a single thread.
//!     let (mut pool, result_pipes) = start_pool(workers);
//!
//!     // 2. "Wait for any worker": one reader thread per result pipe forwards each answer into one
//!     //    channel, so the main thread blocks on a single `recv`. Threads only AFTER all forks.
//!     let (done_tx, done_rx) = crossbeam_channel::unbounded();
//!     let readers: Vec<_> = result_pipes
//!         .into_iter()
//!         .enumerate()
//!         .map(|(worker, pipe)| {
//!             let done_tx = done_tx.clone();
//!             thread::spawn(move || read_results(worker, pipe, done_tx))
//!         })
//!         .collect();
//!     drop(done_tx); // only the readers hold senders now
//!
//!     // 3. The map. Hand out tasks dynamically: one to each worker to start with, then the next
//!     //    one to whichever worker just finished. A slow task holds up one worker, not the rest.
//!     let mut results: Vec<Option<u64>> = vec![None; tasks.len()];
//!     let mut pending = tasks.iter();
//!     for worker in pool.iter_mut() {
//!         match pending.next() {
//!             Some(task) => worker.send(task),
//!             None => break, // fewer tasks than workers
//!         }
//!     }
//!     for _ in 0..tasks.len() {
//!         let done = done_rx
//!             .recv()
//!             .expect("every worker stopped answering before the map was complete");
//!         // Results arrive in COMPLETION order; storing each at its task's index gives them back
//!         // in INPUT order, as Pool.map does.
//!         results[done.index] = Some(done.output);
//!         if let Some(task) = pending.next() {
//!             pool[done.worker].send(task);
//!         }
//!     }
//!
//!     // 4. Shutdown: dropping the task pipes' write ends sends EOF to every worker, which exits;
//!     //    its result pipe then closes, its reader thread ends; then reap every worker.
//!     let pids: Vec<Pid> = pool.into_iter().map(|w| w.pid).collect();
//!     for reader in readers {
//!         reader.join().expect("a reader thread panicked");
//!     }
//!     for pid in pids {
//!         match waitpid(pid, None) {
//!             Ok(WaitStatus::Exited(_, 0)) => {}
//!             other => panic!("worker {pid} did not end well: {other:?}"),
//!         }
//!     }
//!
//!     results
//!         .into_iter()
//!         .enumerate()
//!         .map(|(i, r)| r.unwrap_or_else(|| panic!("no result for task {i}")))
//!         .collect()
//! }
//!
//! /// Forks `count` workers, each with its own task pipe and result pipe. Returns the parent's
//! /// handles and, in the same order, the read ends of the result pipes.
//! fn start_pool(count: usize) -> (Vec<Worker>, Vec<File>) {
//!     let mut pool: Vec<Worker> = Vec::with_capacity(count);
//!     let mut result_pipes: Vec<File> = Vec::with_capacity(count);
//!     for _ in 0..count {
//!         let (task_read, task_write) = pipe().expect("creating a task pipe");
//!         let (result_read, result_write) = pipe().expect("creating a result pipe");
//!         // SAFETY: no thread has been started yet (the reader threads come after every fork),
//!         // so the child is a full copy of a single-threaded process and may run any Rust code.
//!         match unsafe { fork() }.expect("fork") {
//!             ForkResult::Child => {
//!                 // The child inherited every descriptor the parent holds. Keep only its own two
//!                 // ends: a worker holding an earlier worker's task write end would keep that
//!                 // worker from ever seeing EOF.
//!                 drop(pool);
//!                 drop(result_pipes);
//!                 drop(task_write);
//!                 drop(result_read);
//!                 worker_loop(File::from(task_read), File::from(result_write));
//!             }
//!             ForkResult::Parent { child } => {
//!                 // The worker's ends are the worker's: close the parent's copies, or the result
//!                 // pipe would never report EOF to its reader thread.
//!                 drop(task_read);
//!                 drop(result_write);
//!                 pool.push(Worker {
//!                     pid: child,
//!                     tasks: File::from(task_write),
//!                 });
//!                 result_pipes.push(File::from(result_read));
//!             }
//!         }
//!     }
//!     (pool, result_pipes)
//! }
//!
//! /// A worker's whole life: read a task, run it, answer; until EOF on the task pipe.
//! fn worker_loop(tasks: File, mut results: File) -> ! {
//!     for line in BufReader::new(tasks).lines() {
//!         let line = line.expect("reading a task");
//!         let task = parse_task(&line).unwrap_or_else(|| panic!("malformed task {line:?}"));
//!         let output = run_task(task);
//!         // Print first (inside run_task), answer second: by the time the parent has every
//!         // answer, every task line is already in stdout, before the parent's summary.
//!         let msg = format!("{} {}\n", task.index, output);
//!         results
//!             .write_all(msg.as_bytes())
//!             .expect("sending a result to the parent");
//!     }
//!     // EOF: the parent closed the task pipe, the map is over.
//!     std::process::exit(0);
//! }
//!
//! fn parse_task(line: &str) -> Option<Task> {
//!     let mut fields = line.split_whitespace().map(str::parse::<u64>);
//!     let (Some(Ok(index)), Some(Ok(input)), Some(Ok(cost_ms))) =
//!         (fields.next(), fields.next(), fields.next())
//!     else {
//!         return None;
//!     };
//!     Some(Task {
//!         index: usize::try_from(index).ok()?,
//!         input,
//!         cost_ms,
//!     })
//! }
//!
//! /// A reader thread: forwards every `index output` line of worker `worker`'s result pipe into
//! /// the channel, until the worker exits and the pipe reports EOF.
//! fn read_results(worker: usize, pipe: File, done: Sender<Done>) {
//!     for line in BufReader::new(pipe).lines() {
//!         let line = line.expect("reading a result");
//!         let (index, output) = line
//!             .split_once(' ')
//!             .and_then(|(i, o)| Some((i.parse().ok()?, o.parse().ok()?)))
//!             .unwrap_or_else(|| panic!("malformed result {line:?} from worker {worker}"));
//!         if done
//!             .send(Done {
//!                 worker,
//!                 index,
//!                 output,
//!             })
//!             .is_err()
//!         {
//!             return; // the main thread is gone: nobody is listening
//!         }
//!     }
//! }
//!
//! fn main() {
//!     let args = Args::parse();
//!     let tasks = args.tasks().unwrap_or_else(|e| {
//!         eprintln!("error: {e}");
//!         std::process::exit(2);
//!     });
//!
//!     let results = pool_map(args.workers, &tasks);
//! ```
//! ```replace
//! fn print_map(results: &[u64]) {
//! ```
//! ```find
//!     println!("map results={} sum={sum}", list.join(","));
//! }
//! ```
//! ```replace
//!     println!("map results={} sum={sum}", list.join(","));
//! }
//! /// Reads one `index output` line from the shared result pipe.
//! fn read_result(results: &mut BufReader<File>) -> (usize, u64) {
//!     let mut line = String::new();
//!     results.read_line(&mut line).expect("reading a result");
//!     let (i, o) = line.trim().split_once(' ').expect("malformed result");
//!     (i.parse().unwrap(), o.parse().unwrap())
//! }
//!
//! fn main() {
//!     let args = Args::parse();
//!     let tasks = args.tasks();
//!     let w = args.workers;
//!     let (res_r, res_w) = pipe().unwrap();
//!     let mut res_w = File::from(res_w);
//!     let mut reader = BufReader::new(File::from(res_r));
//!     let mut results = vec![0; tasks.len()];
//!     let mut pids: Vec<Pid> = Vec::new();
//!     let mut running = 0;
//!     for t in &tasks {
//!         if running == w {
//!             let (i, o) = read_result(&mut reader);
//!             results[i] = o;
//!             running -= 1;
//!         }
//!         // SAFETY: no thread has been started; the child runs ordinary code.
//!         match unsafe { fork() }.unwrap() {
//!             ForkResult::Child => {
//!                 // The bug: one process per task.
//!                 let output = run_task(*t);
//!                 res_w
//!                     .write_all(format!("{} {}\n", t.index, output).as_bytes())
//!                     .unwrap();
//!                 std::process::exit(0);
//!             }
//!             ForkResult::Parent { child } => {
//!                 pids.push(child);
//!                 running += 1;
//!             }
//!         }
//!     }
//!     for _ in 0..running {
//!         let (i, o) = read_result(&mut reader);
//!         results[i] = o;
//!     }
//!     for pid in pids {
//!         waitpid(pid, None).unwrap();
//!     }
//!     print_map(&results);
//! }
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
