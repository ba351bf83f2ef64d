//! hostile: forks in an endless loop; every child sleeps for a minute
//! expect: created more than 256

use nix::unistd::{ForkResult, fork};
use std::time::Duration;

fn main() {
    loop {
        // SAFETY: the program is single-threaded, and the child only sleeps and exits.
        match unsafe { fork() } {
            Ok(ForkResult::Child) => {
                std::thread::sleep(Duration::from_secs(60));
                std::process::exit(0);
            }
            Ok(ForkResult::Parent { .. }) => {}
            Err(_) => std::thread::sleep(Duration::from_millis(1)),
        }
    }
}
