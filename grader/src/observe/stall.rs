//! Where a run was stuck: what the kernel says about each task still alive at the moment the
//! time limit passed, read from `/proc` by the supervisor *before* it signals anything.
//!
//! For every live thread: its state, the system call it is blocked in (`/proc/<pid>/task/<tid>/
//! syscall`, with the descriptor or child it waits on) or, failing that, the kernel function it
//! sleeps in (`wchan`). For every live process: the pipe ends it holds (`/proc/<pid>/fd`,
//! `fdinfo`), so a verdict can say who still holds the write end of a pipe someone waits on,
//! and the Unix sockets it holds with each one's peer (the kernel's `sock_diag`), so it can say
//! who holds the other end of a socket pair (Python's `Pipe()`) someone reads.
//! Which words a student reads for these facts is `run/stalled.rs`'s business.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// The live tasks of a run and the pipe ends they hold, at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stall {
    /// The program's main process.
    pub root: i32,
    /// Every live thread of every live process of the run, by process then thread id.
    pub tasks: Vec<StalledTask>,
    /// Every pipe end a live process holds.
    pub pipes: Vec<PipeEnd>,
    /// Every Unix socket a live process holds.
    #[serde(default)]
    pub sockets: Vec<SocketEnd>,
    /// Processes of the run that had ended but were not yet waited for by their parent.
    pub zombies: Vec<i32>,
}

/// One thread (a process's main thread included) and where it waits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StalledTask {
    /// The process (thread group id).
    pub pid: i32,
    /// The thread; equal to `pid` for a process's main thread.
    pub tid: i32,
    /// The kernel's name of the thread (`comm`).
    pub comm: String,
    pub wait: Wait,
    /// The system call's name (`read`, `wait4`…), or the kernel function it sleeps in.
    pub call: Option<String>,
}

/// What a task was doing, as far as the kernel tells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Wait {
    /// On a CPU or ready to run: not blocked at all.
    Running,
    /// Blocked reading descriptor `fd`; `pipe` is the pipe's inode when it is one.
    Read { fd: i32, pipe: Option<u64> },
    /// Blocked writing descriptor `fd` (a full pipe, when `pipe` is set).
    Write { fd: i32, pipe: Option<u64> },
    /// Waiting for a child to end: `pid`, or any child (`None`).
    Child { pid: Option<i32> },
    /// Waiting in `accept` for a connection on the listening socket `fd`: a server nobody
    /// connects to (or told to stop).
    Accept { fd: i32 },
    /// A futex: a lock, a condition variable, a thread's end (join).
    Futex,
    /// Receiving from an empty POSIX message queue.
    QueueReceive,
    /// Sending to a full POSIX message queue.
    QueueSend,
    /// Waiting for a file lock (`flock`, `fcntl(F_SETLKW)`).
    FileLock,
    /// Sleeping for a time.
    Sleep,
    /// Waiting on several descriptors (`poll`, `select`, `epoll_wait`).
    Poll,
    /// Waiting for a signal (`pause`, `sigsuspend`, `sigtimedwait`).
    Signal,
    /// A System V semaphore.
    Semaphore,
    /// Some other system call, by number.
    Other { syscall: i64 },
    /// Blocked, but the kernel did not say where (or we could not read it).
    Unknown,
}

impl Wait {
    /// Whether the task can only go on when another task does something: blocked in a wait
    /// that someone else must end. Running, sleeping or unknown tasks may still make progress.
    pub fn waits_on_others(&self) -> bool {
        !matches!(
            self,
            Wait::Running | Wait::Sleep | Wait::Other { .. } | Wait::Unknown
        )
    }
}

/// One pipe end held by a live process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipeEnd {
    pub pid: i32,
    pub fd: i32,
    /// The pipe's inode (`pipe:[N]`): both ends of one pipe share it.
    pub pipe: u64,
    /// The write end (else the read end).
    pub write: bool,
}

/// One Unix socket held by a live process: an end of a socket pair (`UnixStream::pair`), or a
/// connected or listening socket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocketEnd {
    pub pid: i32,
    pub fd: i32,
    /// The socket's inode (`socket:[N]`).
    pub inode: u64,
    /// The inode of the socket it is connected to; `None` when unconnected or the kernel did
    /// not say.
    pub peer: Option<u64>,
}

impl Stall {
    /// The Unix socket process `pid` has open as descriptor `fd`.
    pub fn socket(&self, pid: i32, fd: i32) -> Option<&SocketEnd> {
        self.sockets.iter().find(|s| s.pid == pid && s.fd == fd)
    }

    /// The processes holding the other end of the socket `pid` has open as `fd`: who can still
    /// write what it reads (and read what it writes). Empty when its peer is not known.
    pub fn peer_holders(&self, pid: i32, fd: i32) -> BTreeSet<i32> {
        let Some(peer) = self.socket(pid, fd).and_then(|s| s.peer) else {
            return BTreeSet::new();
        };
        self.sockets
            .iter()
            .filter(|s| s.inode == peer)
            .map(|s| s.pid)
            .collect()
    }

    /// The processes holding an end of `pipe` (the write ends when `write`), without repeats.
    pub fn holders(&self, pipe: u64, write: bool) -> BTreeSet<i32> {
        self.pipes
            .iter()
            .filter(|p| p.pipe == pipe && p.write == write)
            .map(|p| p.pid)
            .collect()
    }

    /// The threads of process `pid`.
    pub fn threads_of(&self, pid: i32) -> impl Iterator<Item = &StalledTask> {
        self.tasks.iter().filter(move |t| t.pid == pid)
    }
}

/// Reads what the kernel says about every process (and its threads) among `pids` (process or
/// thread ids; duplicates and dead ones are fine) of the run whose main process is `root`.
/// Never fails: what cannot be read is [`Wait::Unknown`] or left out.
pub fn take(root: i32, pids: impl IntoIterator<Item = i32>) -> Stall {
    let mut groups = BTreeSet::new();
    let mut zombies = BTreeSet::new();
    for pid in pids {
        let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
            continue;
        };
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .map(str::trim)
        };
        let Some(tgid) = field("Tgid:").and_then(|v| v.parse::<i32>().ok()) else {
            continue;
        };
        if field("State:").is_some_and(|s| s.starts_with('Z') || s.starts_with('X')) {
            zombies.insert(tgid);
        } else {
            groups.insert(tgid);
        }
    }
    let mut stall = Stall {
        root,
        zombies: zombies.difference(&groups).copied().collect(),
        ..Stall::default()
    };
    for pid in groups {
        let mut tids: Vec<i32> = std::fs::read_dir(format!("/proc/{pid}/task"))
            .map(|dir| {
                dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
                    .collect()
            })
            .unwrap_or_default();
        tids.sort_unstable();
        for tid in tids {
            if let Some(task) = read_task(pid, tid) {
                stall.tasks.push(task);
            }
        }
        stall.pipes.extend(pipe_ends(pid));
        stall.sockets.extend(socket_ends(pid));
    }
    if !stall.sockets.is_empty() {
        let peers = unix_peers();
        for s in &mut stall.sockets {
            s.peer = peers.get(&s.inode).copied();
        }
    }
    stall
}

fn read_task(pid: i32, tid: i32) -> Option<StalledTask> {
    let dir = format!("/proc/{pid}/task/{tid}");
    let stat = std::fs::read_to_string(format!("{dir}/stat")).ok()?;
    let (comm, state) = parse_stat(&stat)?;
    if matches!(state, 'Z' | 'X') {
        return None;
    }
    let wchan = std::fs::read_to_string(format!("{dir}/wchan"))
        .ok()
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty() && w != "0");
    let syscall = std::fs::read_to_string(format!("{dir}/syscall")).ok();
    let (wait, call) = if state == 'R' {
        (Wait::Running, None)
    } else {
        match syscall.as_deref().and_then(parse_syscall) {
            Some((nr, args)) => {
                let fd_pipe = |fd: i32| {
                    std::fs::read_link(format!("/proc/{pid}/fd/{fd}"))
                        .ok()
                        .and_then(|l| pipe_inode(&l.to_string_lossy()))
                };
                let (wait, name) = classify(nr, &args, fd_pipe);
                (wait, name.map(str::to_string).or(wchan))
            }
            None => (
                wchan.as_deref().map_or(Wait::Unknown, classify_wchan),
                wchan,
            ),
        }
    };
    Some(StalledTask {
        pid,
        tid,
        comm,
        wait,
        call,
    })
}

/// `comm` and state from a `/proc/…/stat` line (the name is in parentheses and may hold
/// spaces and parentheses: the last `)` ends it).
pub fn parse_stat(stat: &str) -> Option<(String, char)> {
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let comm = stat.get(open + 1..close)?.to_string();
    let state = stat.get(close + 2..)?.chars().next()?;
    Some((comm, state))
}

/// The number and arguments of the system call a task is blocked in, from its `syscall` file
/// (`"0 0x3 0x7ff… …"`); `None` when it is running or not in a system call (`running`, `-1 …`).
pub fn parse_syscall(line: &str) -> Option<(i64, Vec<u64>)> {
    let mut words = line.split_whitespace();
    let nr: i64 = words.next()?.parse().ok()?;
    if nr < 0 {
        return None;
    }
    let args = words
        .take(6)
        .map(|w| u64::from_str_radix(w.trim_start_matches("0x"), 16).unwrap_or(0))
        .collect();
    Some((nr, args))
}

/// `pipe:[17141]` → 17141.
pub fn pipe_inode(link: &str) -> Option<u64> {
    link.strip_prefix("pipe:[")?.strip_suffix(']')?.parse().ok()
}

/// What system call `nr` with `args` means; `fd_pipe` tells which pipe a descriptor is.
pub fn classify(
    nr: i64,
    args: &[u64],
    fd_pipe: impl Fn(i32) -> Option<u64>,
) -> (Wait, Option<&'static str>) {
    use nix::libc;
    let arg = |i: usize| args.get(i).copied().unwrap_or(0);
    // Descriptors and pids are C ints: the kernel prints them as 64-bit words.
    let int = |i: usize| arg(i) as u32 as i32;
    let name = syscall_name(nr);
    let wait = match nr {
        libc::SYS_read | libc::SYS_readv | libc::SYS_pread64 | libc::SYS_preadv => Wait::Read {
            fd: int(0),
            pipe: fd_pipe(int(0)),
        },
        // A socket is read with recv (recvfrom) and written with send (sendto) as well.
        libc::SYS_recvfrom | libc::SYS_recvmsg => Wait::Read {
            fd: int(0),
            pipe: fd_pipe(int(0)),
        },
        libc::SYS_sendto | libc::SYS_sendmsg => Wait::Write {
            fd: int(0),
            pipe: fd_pipe(int(0)),
        },
        libc::SYS_write | libc::SYS_writev | libc::SYS_pwrite64 | libc::SYS_pwritev => {
            Wait::Write {
                fd: int(0),
                pipe: fd_pipe(int(0)),
            }
        }
        libc::SYS_accept | libc::SYS_accept4 => Wait::Accept { fd: int(0) },
        libc::SYS_wait4 => Wait::Child {
            pid: Some(int(0)).filter(|&p| p > 0),
        },
        libc::SYS_waitid => Wait::Child {
            // idtype P_PID (1) names one child; P_ALL and P_PGID do not.
            pid: Some(int(1)).filter(|_| arg(0) == 1),
        },
        libc::SYS_futex => Wait::Futex,
        libc::SYS_mq_timedreceive => Wait::QueueReceive,
        libc::SYS_mq_timedsend => Wait::QueueSend,
        libc::SYS_flock => Wait::FileLock,
        libc::SYS_fcntl if matches!(int(1), libc::F_SETLKW | libc::F_OFD_SETLKW) => Wait::FileLock,
        libc::SYS_nanosleep | libc::SYS_clock_nanosleep => Wait::Sleep,
        libc::SYS_ppoll | libc::SYS_pselect6 | libc::SYS_epoll_pwait => Wait::Poll,
        libc::SYS_rt_sigsuspend | libc::SYS_rt_sigtimedwait => Wait::Signal,
        libc::SYS_semop | libc::SYS_semtimedop => Wait::Semaphore,
        _ => arch_specific(nr).unwrap_or(Wait::Other { syscall: nr }),
    };
    (wait, name)
}

/// The calls only some architectures have (aarch64 has no `poll`, `select`, `pause`).
#[cfg(target_arch = "x86_64")]
fn arch_specific(nr: i64) -> Option<Wait> {
    use nix::libc;
    match nr {
        libc::SYS_poll | libc::SYS_select | libc::SYS_epoll_wait => Some(Wait::Poll),
        libc::SYS_pause => Some(Wait::Signal),
        _ => None,
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn arch_specific(_nr: i64) -> Option<Wait> {
    None
}

/// The name of a system call a student may meet, for the report (`None`: another one).
fn syscall_name(nr: i64) -> Option<&'static str> {
    use nix::libc;
    let known: &[(i64, &str)] = &[
        (libc::SYS_read, "read"),
        (libc::SYS_readv, "readv"),
        (libc::SYS_pread64, "pread64"),
        (libc::SYS_write, "write"),
        (libc::SYS_writev, "writev"),
        (libc::SYS_pwrite64, "pwrite64"),
        (libc::SYS_recvfrom, "recvfrom"),
        (libc::SYS_recvmsg, "recvmsg"),
        (libc::SYS_sendto, "sendto"),
        (libc::SYS_sendmsg, "sendmsg"),
        (libc::SYS_accept, "accept"),
        (libc::SYS_accept4, "accept4"),
        (libc::SYS_wait4, "wait4"),
        (libc::SYS_waitid, "waitid"),
        (libc::SYS_futex, "futex"),
        (libc::SYS_mq_timedreceive, "mq_timedreceive"),
        (libc::SYS_mq_timedsend, "mq_timedsend"),
        (libc::SYS_flock, "flock"),
        (libc::SYS_fcntl, "fcntl"),
        (libc::SYS_nanosleep, "nanosleep"),
        (libc::SYS_clock_nanosleep, "clock_nanosleep"),
        (libc::SYS_ppoll, "ppoll"),
        (libc::SYS_pselect6, "pselect6"),
        (libc::SYS_epoll_pwait, "epoll_pwait"),
        (libc::SYS_rt_sigsuspend, "rt_sigsuspend"),
        (libc::SYS_rt_sigtimedwait, "rt_sigtimedwait"),
        (libc::SYS_semop, "semop"),
        (libc::SYS_semtimedop, "semtimedop"),
        #[cfg(target_arch = "x86_64")]
        (libc::SYS_poll, "poll"),
        #[cfg(target_arch = "x86_64")]
        (libc::SYS_select, "select"),
        #[cfg(target_arch = "x86_64")]
        (libc::SYS_pause, "pause"),
        #[cfg(target_arch = "x86_64")]
        (libc::SYS_epoll_wait, "epoll_wait"),
    ];
    known.iter().find(|(n, _)| *n == nr).map(|(_, name)| *name)
}

/// A guess from the kernel function a task sleeps in, when its system call cannot be read.
pub fn classify_wchan(wchan: &str) -> Wait {
    let has = |s: &str| wchan.contains(s);
    if has("pipe_read") || has("unix_stream_read") || has("unix_stream_data_wait") {
        Wait::Read { fd: -1, pipe: None }
    } else if has("pipe_write") {
        Wait::Write { fd: -1, pipe: None }
    } else if has("do_wait") {
        Wait::Child { pid: None }
    } else if has("futex") {
        Wait::Futex
    } else if has("mq_timedreceive") {
        Wait::QueueReceive
    } else if has("mq_timedsend") {
        Wait::QueueSend
    } else if has("lock_inode_wait") || has("flock") {
        Wait::FileLock
    } else if has("nanosleep") {
        Wait::Sleep
    } else {
        Wait::Unknown
    }
}

/// The pipe ends process `pid` holds.
fn pipe_ends(pid: i32) -> Vec<PipeEnd> {
    let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return Vec::new();
    };
    let mut ends: Vec<PipeEnd> = dir
        .filter_map(|e| {
            let e = e.ok()?;
            let fd: i32 = e.file_name().to_str()?.parse().ok()?;
            let pipe = pipe_inode(&std::fs::read_link(e.path()).ok()?.to_string_lossy())?;
            let info = std::fs::read_to_string(format!("/proc/{pid}/fdinfo/{fd}")).ok()?;
            Some(PipeEnd {
                pid,
                fd,
                pipe,
                write: writes(&info)?,
            })
        })
        .collect();
    ends.sort_by_key(|p| p.fd);
    ends
}

/// `socket:[17142]` → 17142.
pub fn socket_inode(link: &str) -> Option<u64> {
    link.strip_prefix("socket:[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

/// The sockets process `pid` holds (their peers are filled in by [`take`]).
fn socket_ends(pid: i32) -> Vec<SocketEnd> {
    let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return Vec::new();
    };
    let mut ends: Vec<SocketEnd> = dir
        .filter_map(|e| {
            let e = e.ok()?;
            let fd: i32 = e.file_name().to_str()?.parse().ok()?;
            let inode = socket_inode(&std::fs::read_link(e.path()).ok()?.to_string_lossy())?;
            Some(SocketEnd {
                pid,
                fd,
                inode,
                peer: None,
            })
        })
        .collect();
    ends.sort_by_key(|s| s.fd);
    ends
}

/// Every Unix socket's peer (inode → the peer's inode), as the kernel's `sock_diag` netlink
/// interface reports it (what `ss -x` shows); empty when it cannot be asked.
pub fn unix_peers() -> std::collections::BTreeMap<u64, u64> {
    use nix::libc;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    const SOCK_DIAG_BY_FAMILY: u16 = 20;
    const UDIAG_SHOW_PEER: u32 = 4;
    const UNIX_DIAG_PEER: u16 = 2;
    let mut peers = std::collections::BTreeMap::new();
    // SAFETY: socket(2) with constant arguments; the descriptor is owned right below.
    let raw = unsafe {
        libc::socket(
            libc::AF_NETLINK,
            libc::SOCK_DGRAM | libc::SOCK_CLOEXEC,
            libc::NETLINK_SOCK_DIAG,
        )
    };
    if raw < 0 {
        return peers;
    }
    // SAFETY: `raw` is a descriptor socket(2) just returned, owned by nothing else.
    let sock = unsafe { OwnedFd::from_raw_fd(raw) };
    // nlmsghdr (16 bytes), then unix_diag_req (24 bytes): every state, show the peer.
    let mut request = Vec::with_capacity(40);
    request.extend(40u32.to_ne_bytes());
    request.extend(SOCK_DIAG_BY_FAMILY.to_ne_bytes());
    request.extend(((libc::NLM_F_REQUEST | libc::NLM_F_DUMP) as u16).to_ne_bytes());
    request.extend(1u32.to_ne_bytes());
    request.extend(0u32.to_ne_bytes());
    request.extend([libc::AF_UNIX as u8, 0, 0, 0]);
    request.extend(u32::MAX.to_ne_bytes());
    request.extend(0u32.to_ne_bytes());
    request.extend(UDIAG_SHOW_PEER.to_ne_bytes());
    request.extend([0u8; 8]);
    // SAFETY: the buffer is valid for its length; an unbound netlink socket sends to the kernel.
    let sent = unsafe { libc::send(sock.as_raw_fd(), request.as_ptr().cast(), request.len(), 0) };
    if sent != request.len() as isize {
        return peers;
    }
    let u16_at = |b: &[u8], i: usize| b.get(i..i + 2).map(|s| u16::from_ne_bytes([s[0], s[1]]));
    let u32_at = |b: &[u8], i: usize| {
        b.get(i..i + 4)
            .map(|s| u32::from_ne_bytes([s[0], s[1], s[2], s[3]]))
    };
    let mut buf = vec![0u8; 32 * 1024];
    // A dump ends with NLMSG_DONE; the bound keeps a misbehaving answer from looping forever.
    for _ in 0..10_000 {
        // SAFETY: the buffer is valid for writes of its length.
        let n = unsafe { libc::recv(sock.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len(), 0) };
        if n <= 0 {
            return peers;
        }
        let data = &buf[..n as usize];
        let mut at = 0;
        while let (Some(len), Some(kind)) = (u32_at(data, at), u16_at(data, at + 4)) {
            let len = len as usize;
            if len < 16 || at + len > data.len() {
                return peers;
            }
            if kind == libc::NLMSG_DONE as u16 || kind == libc::NLMSG_ERROR as u16 {
                return peers;
            }
            // unix_diag_msg: family, type, state, pad (4 bytes), inode (4), cookie (8).
            let msg = &data[at + 16..at + len];
            if let Some(inode) = u32_at(msg, 4) {
                let mut attr = 16;
                while let (Some(alen), Some(atype)) = (u16_at(msg, attr), u16_at(msg, attr + 2)) {
                    let alen = alen as usize;
                    if alen < 4 {
                        break;
                    }
                    if atype == UNIX_DIAG_PEER
                        && let Some(peer) = u32_at(msg, attr + 4)
                        && peer != 0
                    {
                        peers.insert(u64::from(inode), u64::from(peer));
                    }
                    attr += (alen + 3) & !3;
                }
            }
            at += (len + 3) & !3;
        }
    }
    peers
}

/// Whether an `fdinfo` text describes a descriptor open for writing (`flags:` in octal).
pub fn writes(fdinfo: &str) -> Option<bool> {
    let flags = fdinfo
        .lines()
        .find_map(|l| l.strip_prefix("flags:"))?
        .trim();
    let flags = i64::from_str_radix(flags, 8).ok()?;
    let mode = flags & i64::from(nix::libc::O_ACCMODE);
    Some(mode == i64::from(nix::libc::O_WRONLY) || mode == i64::from(nix::libc::O_RDWR))
}

#[cfg(test)]
mod tests {
    use super::*;
    use nix::libc;

    #[test]
    fn reads_the_kernel_files() {
        assert_eq!(
            parse_stat("42 (my (odd) prog) S 1 42 42 0"),
            Some(("my (odd) prog".to_string(), 'S'))
        );
        assert_eq!(parse_syscall("running"), None);
        assert_eq!(parse_syscall("-1 0x7ffd 0x4011"), None);
        let (nr, args) =
            parse_syscall("0 0x3 0x7ff8e83f9000 0x20000 0x0 0x0 0x0 0x7fff34aa58d8 0x7ff8e8")
                .unwrap();
        assert_eq!((nr, args[0], args[2]), (0, 3, 0x20000));
        assert_eq!(pipe_inode("pipe:[17141]"), Some(17141));
        assert_eq!(pipe_inode("/dev/null"), None);
        assert_eq!(
            writes("pos:\t0\nflags:\t0100001\nmnt_id:\t16\n"),
            Some(true)
        );
        assert_eq!(writes("pos:\t0\nflags:\t00\n"), Some(false));
    }

    #[test]
    fn system_calls_become_waits() {
        let pipe = |fd: i32| (fd == 3).then_some(99);
        let minus_one = 0xffff_ffff;
        assert_eq!(
            classify(libc::SYS_read, &[3, 0, 0], pipe),
            (
                Wait::Read {
                    fd: 3,
                    pipe: Some(99)
                },
                Some("read")
            )
        );
        assert_eq!(
            classify(libc::SYS_wait4, &[minus_one], pipe).0,
            Wait::Child { pid: None }
        );
        assert_eq!(
            classify(libc::SYS_wait4, &[1234], pipe).0,
            Wait::Child { pid: Some(1234) }
        );
        assert_eq!(
            classify(libc::SYS_mq_timedreceive, &[3], pipe),
            (Wait::QueueReceive, Some("mq_timedreceive"))
        );
        assert_eq!(
            classify(libc::SYS_fcntl, &[4, libc::F_SETLKW as u64], pipe).0,
            Wait::FileLock
        );
        assert_eq!(
            classify(libc::SYS_fcntl, &[4, libc::F_GETFL as u64], pipe).0,
            Wait::Other {
                syscall: libc::SYS_fcntl
            }
        );
        assert_eq!(
            classify(libc::SYS_recvfrom, &[5, 0, 0], pipe),
            (Wait::Read { fd: 5, pipe: None }, Some("recvfrom"))
        );
        assert_eq!(
            classify(libc::SYS_sendto, &[5, 0, 0], pipe).0,
            Wait::Write { fd: 5, pipe: None }
        );
        assert_eq!(
            classify(libc::SYS_accept4, &[3, 0, 0, 0x80000], pipe),
            (Wait::Accept { fd: 3 }, Some("accept4"))
        );
        assert!(Wait::Accept { fd: 3 }.waits_on_others());
        assert!(classify_wchan("anon_pipe_read").waits_on_others());
        assert!(classify_wchan("unix_stream_read_generic").waits_on_others());
        assert_eq!(classify_wchan("do_wait"), Wait::Child { pid: None });
        assert_eq!(classify_wchan("something_else"), Wait::Unknown);
    }

    #[test]
    fn takes_a_blocked_process_and_its_pipe_ends() {
        // A child blocked reading a pipe whose write end this process holds.
        let mut child = std::process::Command::new("cat")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("cat runs");
        let pid = child.id() as i32;
        let mut stall = Stall::default();
        // Until cat is in its read: before that it may be running, or asleep in its exec or a
        // page fault (a wait the snapshot cannot name), which is no failure of the snapshot.
        for _ in 0..200 {
            stall = take(pid, [pid]);
            if stall
                .tasks
                .first()
                .is_some_and(|t| matches!(t.wait, Wait::Read { .. }))
            {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        drop(child.stdin.take());
        let _ = child.wait();
        let task = &stall.tasks[0];
        assert_eq!((task.pid, task.tid, task.comm.as_str()), (pid, pid, "cat"));
        let Wait::Read {
            fd: 0,
            pipe: Some(pipe),
        } = task.wait
        else {
            panic!("cat should be reading its stdin pipe: {task:?}");
        };
        assert_eq!(task.call.as_deref(), Some("read"));
        assert_eq!(stall.holders(pipe, false), BTreeSet::from([pid]));
    }

    #[test]
    fn takes_the_ends_of_a_socket_pair_and_their_peers() {
        let (a, b) = std::os::unix::net::UnixStream::pair().expect("a socket pair");
        let me = std::process::id() as i32;
        let stall = take(me, [me]);
        use std::os::fd::AsRawFd;
        let (fa, fb) = (a.as_raw_fd(), b.as_raw_fd());
        let end_a = stall.socket(me, fa).expect("end a is listed").clone();
        let end_b = stall.socket(me, fb).expect("end b is listed").clone();
        assert_ne!(end_a.inode, end_b.inode);
        if unix_peers().is_empty() {
            eprintln!("sock_diag unavailable here: peers not checked");
            return;
        }
        assert_eq!(end_a.peer, Some(end_b.inode));
        assert_eq!(end_b.peer, Some(end_a.inode));
        assert_eq!(stall.peer_holders(me, fa), BTreeSet::from([me]));
    }
}
