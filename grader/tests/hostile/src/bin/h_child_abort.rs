//! hostile: a child process aborts; the parent waits for it and exits 0
//! expect: SIGABRT

use nix::sys::wait::waitpid;
use nix::unistd::{ForkResult, fork};

fn main() {
    // SAFETY: the program is single-threaded, and the child only aborts.
    match unsafe { fork() }.expect("fork") {
        ForkResult::Child => std::process::abort(),
        ForkResult::Parent { child } => {
            let status = waitpid(child, None).expect("waitpid");
            println!("child ended: {status:?}");
        }
    }
}
