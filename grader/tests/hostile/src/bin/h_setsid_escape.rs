//! hostile: a child leaves the process group with setsid() and sleeps 60 s; the parent exits 0 at once
//! expect: left 1 process(es) running

use nix::unistd::{ForkResult, fork, setsid};

fn main() {
    // SAFETY: the program is single-threaded, and the child only calls setsid and sleeps.
    match unsafe { fork() }.expect("fork") {
        ForkResult::Child => {
            let _ = setsid();
            std::thread::sleep(std::time::Duration::from_secs(60));
            std::process::exit(0);
        }
        ForkResult::Parent { .. } => println!("parent leaves"),
    }
}
