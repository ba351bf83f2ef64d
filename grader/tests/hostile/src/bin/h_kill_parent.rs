//! hostile: sends SIGKILL to its parent (the grader's supervisor), then sleeps forever
//! expect: killed the process that started it
//! expect-as-root: deadlock or infinite loop?

use nix::sys::signal::{Signal, kill};
use nix::unistd::getppid;

fn main() {
    // As root the grader runs it as `nobody`, which may not signal the supervisor: then it hangs.
    match kill(getppid(), Signal::SIGKILL) {
        Ok(()) => println!("killed my parent"),
        Err(e) => println!("could not kill my parent: {e}"),
    }
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}
