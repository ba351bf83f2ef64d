//! mutant-of: 03
//! must-fail: blocks_whole
//!
//! The lock is real (each writer opens the file itself) but guards each line, not the block:
//! every single write is protected, yet during each pause another writer takes the lock and
//! prints in the middle of the block.
//!
//! ```find
//! fn main() {
//!     let args = Args::parse();
//!     // One lock file per run of this program (the pid makes it unique). The parent only decides
//!     // the name: each child opens the file itself, see `take_lock`.
//!     let lock_path = std::env::temp_dir().join(format!("forklings-03-{}.lock", getpid()));
//!
//!     // Start every writer first, then wait for all: they run at the same time and the lock alone
//!     // decides who writes when.
//!     let writers: Vec<Pid> = (1..=args.writers)
//!         .map(|i| start_writer(i, &args, &lock_path))
//!         .collect();
//!     for pid in writers {
//! ```
//! ```replace
//! fn wait_ok(pid: Pid) {
//! ```
//! ```find
//!     let _ = std::fs::remove_file(&lock_path);
//! ```
//! ```replace
//! fn open_lock_file(lock_path: &Path) -> File {
//!     OpenOptions::new()
//!         .create(true)
//!         .truncate(false)
//!         .write(true)
//!         .open(lock_path)
//!         .expect("cannot open the lock file")
//! }
//!
//! fn lock(file: File) -> Flock<File> {
//!     Flock::lock(file, FlockArg::LockExclusive).unwrap_or_else(|(_, e)| panic!("flock: {e}"))
//! }
//!
//! fn pause(args: &Args, j: u32) {
//!     if j < args.lines {
//!         thread::sleep(Duration::from_millis(args.pause_ms));
//!     }
//! }
//!
//! fn done(args: &Args, lock_path: &Path) {
//!     let _ = std::fs::remove_file(lock_path);
//! ```
//! ```find
//! fn start_writer(i: u32, args: &Args, lock_path: &Path) -> Pid {
//! ```
//! ```replace
//! fn writer(i: u32, args: &Args, lock_path: &Path) -> ! {
//!     let pid = getpid();
//!     for j in 1..=args.lines {
//!         let guard = lock(open_lock_file(lock_path));
//!         println!("writer {i} pid={pid} line={j}/{}", args.lines);
//!         drop(guard);
//!         pause(args, j);
//!     }
//!     std::process::exit(0)
//! }
//!
//! fn main() {
//!     let args = Args::parse();
//!     let lock_path = std::env::temp_dir().join(format!("forklings-03-{}.lock", getpid()));
//!     let mut pids = Vec::new();
//!     for i in 1..=args.writers {
//! ```
//! ```find
//!         ForkResult::Child => writer(i, args, lock_path),
//!         ForkResult::Parent { child } => child,
//! ```
//! ```replace
//!             ForkResult::Child => writer(i, &args, &lock_path),
//!             ForkResult::Parent { child } => pids.push(child),
//! ```
//! ```find
//! fn writer(i: u32, args: &Args, lock_path: &Path) -> ! {
//!     let pid = getpid();
//!     // The critical section is the whole block: the lock is taken before the first line and
//!     // released after the last, so no other writer can print in between.
//!     let lock = take_lock(lock_path);
//!     for j in 1..=args.lines {
//!         println!("writer {i} pid={pid} line={j}/{}", args.lines);
//!         if j < args.lines {
//!             thread::sleep(Duration::from_millis(args.pause_ms));
//! ```
//! ```replace
//!     pids.into_iter().for_each(wait_ok);
//!     done(&args, &lock_path);
//! ```
//! ```find
//!     }
//!     // Dropping the Flock unlocks the file. (`process::exit` runs no destructors; the kernel
//!     // would release the lock anyway when the process dies, but say it where it happens.)
//!     drop(lock);
//!     std::process::exit(0)
//! }
//!
//! /// Opens the lock file in THIS process and blocks until it holds the exclusive lock.
//! ///
//! /// `flock` locks belong to an open file description, the kernel object `open` creates. A file
//! /// opened once by the parent before `fork` is shared by all children (they inherit the same
//! /// description), so they would all "hold" the same lock at once. Each writer opens its own.
//! fn take_lock(lock_path: &Path) -> Flock<File> {
//!     let file = OpenOptions::new()
//!         .create(true)
//!         .truncate(false)
//!         .write(true)
//!         .open(lock_path)
//!         .unwrap_or_else(|e| panic!("cannot open lock file {}: {e}", lock_path.display()));
//!     Flock::lock(file, FlockArg::LockExclusive)
//!         .unwrap_or_else(|(_, errno)| panic!("cannot lock {}: {errno}", lock_path.display()))
//! }
//! ```
//! ```replace
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
