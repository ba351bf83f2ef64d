//! mutant-of: 02
//! must-fail: workers_are_processes, big_message
//!
//! No worker processes at all: the parent computes every result itself and reports its own pid
//! as the worker. The output looks right; the kernel saw no child.
//!
//! ```find
//! use std::fs::{File, OpenOptions};
//! use std::io::{self, BufReader, Read, Write};
//! use std::path::Path;
//! use std::process::exit;
//! ```
//! ```replace
//! use std::io;
//! ```
//! ```find
//! use nix::fcntl::{Flock, FlockArg};
//! use nix::sys::wait::{WaitStatus, waitpid};
//! use nix::unistd::{ForkResult, Pid, fork, getpid, pipe};
//! ```
//! ```replace
//! use nix::unistd::getpid;
//! ```
//! ```find
//!     let (reader, writer) = make_queue()?;
//!
//!     // One worker process per task, all started before the parent reads anything.
//!     let mut workers = Vec::new();
//! ```
//! ```replace
//!     // No worker processes: the parent computes everything itself and queues it to itself.
//!     let me = getpid().as_raw();
//!     let mut messages = Vec::new();
//! ```
//! ```find
//!         workers.push(spawn_worker(&writer, &lock_path, move |worker| {
//!             Message::Result {
//! ```
//! ```replace
//!         messages.push(Message::Result {
//! ```
//! ```find
//!                 worker,
//!             }
//!         })?);
//! ```
//! ```replace
//!             worker: me,
//!         });
//! ```
//! ```find
//!         let n = args.big_bytes;
//!         workers.push(spawn_worker(&writer, &lock_path, move |worker| {
//!             Message::Big {
//!                 worker,
//!                 data: big_payload(n),
//! ```
//! ```replace
//!         messages.push(Message::Big {
//!             worker: me,
//!             data: big_payload(args.big_bytes),
//!         });
//! ```
//! ```find
//!         })?);
//! ```
//! ```replace
//!     for msg in &messages {
//!         let payload = msg.encode();
//!         let decoded =
//!             Message::decode(&payload).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
//!         print_message(&decoded);
//! ```
//! ```find
//!     let received = collect(reader, writer, &workers)?;
//! ```
//! ```replace
//!     let received = messages.len();
//! ```
//! ```find
//! }
//!
//! /// Makes the queue: a pipe, both ends as `File`s (`&File` implements `Read` and `Write`).
//! fn make_queue() -> io::Result<(File, File)> {
//!     let (read_end, write_end) = pipe()?;
//!     Ok((File::from(read_end), File::from(write_end)))
//! }
//!
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
//! /// Puts one framed message on the queue: `u32` little-endian length, then the payload,
//! /// written while holding the write lock so no other worker's frame can land in the middle.
//! fn send(queue: &File, lock_path: &Path, payload: &[u8]) -> io::Result<()> {
//!     let len = u32::try_from(payload.len())
//!         .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "message over 4 GiB"))?;
//!     // Each process opens the lock file itself: a descriptor inherited across fork would be
//!     // the same open file for everyone, and a flock on it would exclude no one.
//!     let file = OpenOptions::new()
//!         .create(true)
//!         .truncate(false)
//!         .write(true)
//!         .open(lock_path)?;
//!     let guard = Flock::lock(file, FlockArg::LockExclusive).map_err(|(_, e)| io::Error::from(e))?;
//!     let mut writer = queue;
//!     writer.write_all(&len.to_le_bytes())?;
//!     writer.write_all(payload)?;
//!     // Dropping the guard releases the lock (and the kernel would release it if we died).
//!     drop(guard);
//!     Ok(())
//! }
//!
//! /// Takes one framed message off the queue; `None` at end-of-file, i.e. once every write end
//! /// is closed and everything written has been read.
//! fn recv<R: Read>(queue: &mut R) -> io::Result<Option<Vec<u8>>> {
//!     let mut len = [0u8; 4];
//!     let mut got = 0;
//!     while got < len.len() {
//!         match queue.read(&mut len[got..])? {
//!             0 if got == 0 => return Ok(None),
//!             0 => {
//!                 return Err(io::Error::new(
//!                     io::ErrorKind::UnexpectedEof,
//!                     "the queue ended in the middle of a frame header",
//!                 ));
//!             }
//!             n => got += n,
//!         }
//!     }
//!     let mut payload = vec![0u8; u32::from_le_bytes(len) as usize];
//!     queue.read_exact(&mut payload)?;
//!     Ok(Some(payload))
//! }
//!
//! /// The parent's side: drain the queue to the end, printing each message, THEN reap the
//! /// workers. Returns how many messages arrived.
//! fn collect(reader: File, writer: File, workers: &[Pid]) -> io::Result<usize> {
//!     // Our own copy of the write end would keep the pipe open forever: no EOF, ever.
//!     drop(writer);
//!
//!     let mut reader = BufReader::new(reader);
//!     let mut received = 0;
//!     while let Some(payload) = recv(&mut reader)? {
//!         let msg =
//!             Message::decode(&payload).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
//!         print_message(&msg);
//!         received += 1;
//!     }
//!
//!     // Every worker has closed its write end (EOF), so they are ending or ended: reaping them
//!     // now cannot block for long. Doing this BEFORE draining deadlocks on big messages.
//!     for &pid in workers {
//!         match waitpid(pid, None)? {
//!             WaitStatus::Exited(_, 0) => {}
//!             status => {
//!                 eprintln!("worker {pid} ended badly: {status:?}");
//!                 exit(1);
//!             }
//!         }
//!     }
//!     Ok(received)
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
