//! hostile: creates a POSIX message queue (3 slots) and a System V shared-memory segment, removes neither, and exits 0
//! expect: was never printed

use nix::mqueue::{MQ_OFlag, MqAttr, mq_open};
use nix::sys::stat::Mode;

/// The System V key of the segment (`grader/tests/hostile.rs` looks for it on the machine).
const KEY: nix::libc::key_t = 0x0f0c_1e05;

fn main() {
    let name = format!("/forklings-hostile-mq-{}", std::process::id());
    let attr = MqAttr::new(0, 3, 16, 0);
    let flags = MQ_OFlag::O_CREAT | MQ_OFlag::O_RDWR;
    mq_open(
        name.as_str(),
        flags,
        Mode::S_IRUSR | Mode::S_IWUSR,
        Some(&attr),
    )
    .expect("mq_open");
    // SAFETY: shmget only creates a segment (no memory of this process is touched).
    let id = unsafe { nix::libc::shmget(KEY, 4096, nix::libc::IPC_CREAT | 0o600) };
    assert!(id >= 0, "shmget: {}", std::io::Error::last_os_error());
    println!("queue {name} segment key={KEY}");
}
