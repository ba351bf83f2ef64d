//! mutant-of: 02
//! must-fail: workers_are_processes, big_message
//!
//! No worker processes at all: the parent computes every result itself and puts it on the queue
//! itself, with its own pid as the worker. The output looks right; the kernel saw no child. And
//! with a big message nobody reads the pipe while the parent writes into it: it fills up (64 KiB)
//! and the parent blocks in write() forever.
//!
//! ```find
//! use nix::unistd::{ForkResult, Pid, fork, getpid, pipe};
//! ```
//! ```replace
//! use nix::unistd::{Pid, getpid, pipe};
//! ```
//! ```find
//!     // Every worker is started before the parent reads anything. The big senders first: their
//!     // frames are still being written (the pipe holds only 64 KiB) while the others write theirs.
//!     let mut workers = Vec::new();
//!     let big_workers = if args.big_bytes > 0 {
//!         args.big_workers
//!     } else {
//!         0
//!     };
//!     for _ in 0..big_workers {
//!         let n = args.big_bytes;
//!         workers.push(spawn_worker(&writer, &lock_path, move |worker| {
//!             Message::Big {
//!                 worker,
//!                 data: big_payload(n),
//!             }
//!         })?);
//!     }
//!     // One worker process per task.
//!     for (id, task) in args.tasks.iter().copied().enumerate() {
//!         workers.push(spawn_worker(&writer, &lock_path, move |worker| {
//!             Message::Result {
//!                 id,
//!                 task,
//!                 value: task.compute(),
//!                 worker,
//!             }
//!         })?);
//!     }
//!
//!     let received = collect(reader, writer, &workers)?;
//! ```
//! ```replace
//!     let worker = getpid().as_raw();
//!     for (id, task) in args.tasks.iter().copied().enumerate() {
//!         let value = task.compute();
//!         let msg = Message::Result {
//!             id,
//!             task,
//!             value,
//!             worker,
//!         };
//!         send(&writer, &lock_path, &msg.encode())?;
//!     }
//!     let big_workers = if args.big_bytes > 0 {
//!         args.big_workers
//!     } else {
//!         0
//!     };
//!     for _ in 0..big_workers {
//!         let data = big_payload(args.big_bytes);
//!         send(&writer, &lock_path, &Message::Big { worker, data }.encode())?;
//!     }
//!
//!     let received = collect(reader, writer, &[])?;
//! ```
//! ```find
//! /// Forks one worker. The child builds its message with `make(its own pid)`, puts it on the
//! /// queue and exits; the parent gets the child's pid back.
//! fn spawn_worker(
//!     queue: &File,
//!     lock_path: &Path,
//!     make: impl FnOnce(i32) -> Message,
//! ) -> io::Result<Pid> {
//!     // SAFETY: this program never starts a thread, so the child is a copy of a single-threaded
//!     // process and may do anything (allocate, print, …) before it exits.
//!     match unsafe { fork() }? {
//!         ForkResult::Child => {
//!             let msg = make(getpid().as_raw());
//!             let code = match send(queue, lock_path, &msg.encode()) {
//!                 Ok(()) => 0,
//!                 Err(e) => {
//!                     eprintln!("worker {}: cannot send: {e}", getpid());
//!                     1
//!                 }
//!             };
//!             // The child ends here: it must never return into the parent's loop.
//!             exit(code)
//!         }
//!         ForkResult::Parent { child } => Ok(child),
//!     }
//! }
//!
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
