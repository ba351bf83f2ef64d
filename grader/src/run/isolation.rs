//! The run's own corner of the machine, set up by the supervisor before it starts the program:
//! a mount namespace with a fresh `/dev/shm` and `/tmp`, and an IPC namespace (POSIX message
//! queues, System V shared memory, semaphores and message queues) that vanishes with the run.
//!
//! Inside the IPC namespace the supervisor mounts the namespace's own `mqueue` file system
//! (detached at once, so the program never sees it), watches it with inotify, and reads the real
//! attributes (`mq_getattr`) of every queue that appears: what the program asked the kernel
//! for, not what it printed. After the run it lists what is left there and in
//! `/proc/sysvipc/*` (which show the reader's namespace).
//!
//! Where the system refuses namespaces (no root and no user namespaces), the run still happens:
//! `/dev/shm` falls back to a before/after diff, `/tmp` is the machine's, and what needs the IPC
//! namespace is reported as "not verified here".

use std::collections::BTreeSet;
use std::fs::File;
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;

use nix::errno::Errno;
use nix::mount::{MntFlags, MsFlags, mount, umount2};
use nix::mqueue::{MQ_OFlag, mq_close, mq_getattr, mq_open};
use nix::sched::{CloneFlags, unshare};
use nix::sys::inotify::{AddWatchFlags, InitFlags, Inotify};
use nix::sys::stat::Mode;
use nix::unistd::{getegid, geteuid};

use super::{IpcReport, QueueAttr, QueueSeen};
use crate::t;

/// Size of the private `/dev/shm` and `/tmp` (each a tmpfs, so memory).
const TMPFS_OPTIONS: &str = "mode=1777,size=256m";

/// What [`isolate`] obtained.
pub struct Isolation {
    /// `/dev/shm` is a fresh tmpfs of this run (else: a before/after diff of the shared one).
    pub private_shm: bool,
    /// `/tmp` is a fresh tmpfs of this run.
    pub private_tmp: bool,
    /// The program can be executed at its own path (false: it lives under the private `/tmp`
    /// and could not be put back there).
    pub program_at_path: bool,
    /// The run's IPC namespace, watched; or why there is none.
    pub ipc: Result<IpcWatch, String>,
}

impl Isolation {
    /// No namespace at all, for `why`.
    pub fn none(why: String) -> Isolation {
        Isolation {
            private_shm: false,
            private_tmp: false,
            program_at_path: true,
            ipc: Err(why),
        }
    }
}

/// Gives this supervisor (and so the program it starts) its own namespaces. Call once, before
/// any thread is started (unshare of a user namespace needs a single-threaded process). A
/// `program` under `/tmp` is put back at its path in the private `/tmp` (a bind mount).
pub fn isolate(program: &Path) -> Isolation {
    let mut isolation = Isolation::none(String::new());
    let ipc_ns = match new_namespaces() {
        Ok(ipc_ns) => ipc_ns,
        Err(e) => {
            isolation.ipc = Err(t!("isolation.no_namespaces", error = e));
            return isolation;
        }
    };
    if let Err(e) = mount(
        None::<&str>,
        "/",
        None::<&str>,
        MsFlags::MS_REC | MsFlags::MS_PRIVATE,
        None::<&str>,
    ) {
        isolation.ipc = Err(t!("isolation.no_namespaces", error = e));
        return isolation;
    }
    let tmpfs = |target: &str| {
        mount(
            Some("tmpfs"),
            target,
            Some("tmpfs"),
            MsFlags::MS_NOSUID | MsFlags::MS_NODEV,
            Some(TMPFS_OPTIONS),
        )
        .is_ok()
    };
    isolation.private_shm = tmpfs("/dev/shm");
    // Opened in this namespace, before /tmp is covered: a bind mount takes its source from the
    // caller's own namespace only.
    let hidden = program.starts_with("/tmp");
    let reopened = if hidden {
        nix::fcntl::open(
            program,
            nix::fcntl::OFlag::O_PATH | nix::fcntl::OFlag::O_CLOEXEC,
            Mode::empty(),
        )
        .ok()
    } else {
        None
    };
    isolation.private_tmp = tmpfs("/tmp");
    isolation.program_at_path =
        !isolation.private_tmp || !hidden || reopened.is_some_and(|fd| bind_file(&fd, program));
    isolation.ipc = match ipc_ns {
        Err(e) => Err(t!("isolation.no_ipc_namespace", error = e)),
        Ok(()) if !isolation.private_shm => Err(t!(
            "isolation.no_ipc_namespace",
            error = "no private /dev/shm to mount mqueue on"
        )),
        Ok(()) => IpcWatch::start().map_err(|e| t!("isolation.no_mqueue", error = e)),
    };
    isolation
}

/// Makes the file open as `fd` appear at `path` in the private `/tmp` (a bind mount over an
/// empty file, in directories made for it); whether it worked.
fn bind_file(fd: &OwnedFd, path: &Path) -> bool {
    let made = path
        .parent()
        .is_some_and(|dir| std::fs::create_dir_all(dir).is_ok())
        && File::create(path).is_ok();
    made && mount(
        Some(format!("/proc/self/fd/{}", fd.as_raw_fd()).as_str()),
        path,
        None::<&str>,
        MsFlags::MS_BIND,
        None::<&str>,
    )
    .is_ok()
}

/// A new mount namespace, and an IPC namespace where the system allows one (the inner result).
/// As root directly; otherwise inside a new user namespace that maps only our own ids.
fn new_namespaces() -> nix::Result<Result<(), Errno>> {
    let root = geteuid().is_root();
    let base = if root {
        CloneFlags::empty()
    } else {
        CloneFlags::CLONE_NEWUSER
    } | CloneFlags::CLONE_NEWNS;
    let ipc = match unshare(base | CloneFlags::CLONE_NEWIPC) {
        Ok(()) => Ok(()),
        Err(e) => {
            unshare(base)?;
            Err(e)
        }
    };
    if !root {
        let (uid, gid) = (geteuid(), getegid());
        let write = |path: &str, text: String| std::fs::write(path, text).map_err(|_| Errno::EPERM);
        write("/proc/self/setgroups", "deny".into())?;
        write("/proc/self/uid_map", format!("{uid} {uid} 1"))?;
        write("/proc/self/gid_map", format!("{gid} {gid} 1"))?;
    }
    Ok(ipc)
}

/// The run's message queues, watched from the supervisor.
pub struct IpcWatch {
    /// The root of the namespace's mqueue file system (its mount is already detached).
    dir: File,
    /// Every queue read so far, in the order they appeared.
    seen: Arc<Mutex<Vec<QueueSeen>>>,
}

impl IpcWatch {
    /// Mounts the namespace's mqueue file system on a transient mount point in the private
    /// `/dev/shm`, keeps a descriptor of its root and an inotify watch on it, detaches the
    /// mount and removes the mount point (so the program finds nothing of it), then reads every
    /// queue created from now on, on a thread of its own.
    fn start() -> nix::Result<IpcWatch> {
        let point = Path::new("/dev/shm/.forklings-mqueue");
        std::fs::create_dir(point).map_err(|_| Errno::EIO)?;
        let mounted = mount(
            Some("mqueue"),
            point,
            Some("mqueue"),
            MsFlags::MS_NOSUID | MsFlags::MS_NODEV | MsFlags::MS_NOEXEC,
            None::<&str>,
        );
        let watched = mounted.and_then(|()| {
            let dir = File::open(point).map_err(|_| Errno::EIO)?;
            let inotify = Inotify::init(InitFlags::IN_CLOEXEC)?;
            inotify.add_watch(point, AddWatchFlags::IN_CREATE | AddWatchFlags::IN_MOVED_TO)?;
            Ok((dir, inotify))
        });
        let _ = umount2(point, MntFlags::MNT_DETACH);
        let _ = std::fs::remove_dir(point);
        let (dir, inotify) = watched?;
        let seen: Arc<Mutex<Vec<QueueSeen>>> = Arc::default();
        let found = seen.clone();
        // Blocks in read(2) until the process ends: nothing to join.
        thread::spawn(move || {
            while let Ok(events) = inotify.read_events() {
                for event in events {
                    if let Some(name) = event.name {
                        let queue = read_queue(&name.to_string_lossy());
                        found.lock().expect("queues seen").push(queue);
                    }
                }
            }
        });
        Ok(IpcWatch { dir, seen })
    }

    /// Names in the mqueue file system now.
    fn names(&self) -> BTreeSet<String> {
        names_in(Path::new(&format!(
            "/proc/self/fd/{}",
            self.dir.as_raw_fd()
        )))
    }

    /// After the run (every process gone): every queue seen, and what is left in the
    /// namespace. Queues still there that the watcher has not read yet are read now.
    pub fn report(&self) -> IpcReport {
        let left = self.names();
        let mut queues = self.seen.lock().expect("queues seen").clone();
        for name in &left {
            if !queues
                .iter()
                .any(|q| q.name.strip_prefix('/') == Some(name))
            {
                queues.push(read_queue(name));
            }
        }
        let mut leftover: Vec<String> = left.iter().map(|n| format!("mqueue /{n}")).collect();
        leftover.extend(system_v_objects());
        IpcReport { queues, leftover }
    }
}

/// Opens queue `name` (without creating it) and reads its attributes.
fn read_queue(name: &str) -> QueueSeen {
    let path = format!("/{name}");
    let attr = mq_open(path.as_str(), MQ_OFlag::O_RDONLY, Mode::empty(), None).and_then(|q| {
        let attr = mq_getattr(&q);
        let _ = mq_close(q);
        attr
    });
    // `c_long` is i32 on 32-bit targets.
    #[allow(clippy::unnecessary_cast)]
    QueueSeen {
        name: path,
        attr: attr.ok().map(|a| QueueAttr {
            max_messages: a.maxmsg() as i64,
            message_size: a.msgsize() as i64,
        }),
    }
}

/// System V objects of this IPC namespace: `sysv-shm key=… id=…` and the like.
fn system_v_objects() -> Vec<String> {
    let mut found = Vec::new();
    for (file, kind) in [
        ("shm", "sysv-shm"),
        ("sem", "sysv-sem"),
        ("msg", "sysv-msg"),
    ] {
        let Ok(text) = std::fs::read_to_string(format!("/proc/sysvipc/{file}")) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let mut cols = line.split_whitespace();
            if let (Some(key), Some(id)) = (cols.next(), cols.next()) {
                found.push(format!("{kind} key={key} id={id}"));
            }
        }
    }
    found
}

/// File names in `dir` (empty when it cannot be read).
pub fn names_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_system_v_objects_is_an_empty_list() {
        // Whatever this machine holds, every entry has the documented form.
        for entry in system_v_objects() {
            assert!(entry.starts_with("sysv-"), "{entry}");
            assert!(entry.contains(" key=") && entry.contains(" id="), "{entry}");
        }
    }
}
