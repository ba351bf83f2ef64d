//! hostile: double fork: the grandchild sleeps 60 s, the intermediate child exits at once, the parent reaps it and exits 0
//! expect: left 1 process(es) running

use nix::sys::wait::waitpid;
use nix::unistd::{ForkResult, fork};

fn main() {
    // SAFETY: the program is single-threaded; each child only forks, sleeps or exits.
    match unsafe { fork() }.expect("fork") {
        ForkResult::Child => {
            // SAFETY: as above, the intermediate child is single-threaded too.
            if let Ok(ForkResult::Child) = unsafe { fork() } {
                std::thread::sleep(std::time::Duration::from_secs(60));
            }
            std::process::exit(0);
        }
        ForkResult::Parent { child } => {
            let _ = waitpid(child, None);
            println!("parent leaves");
        }
    }
}
