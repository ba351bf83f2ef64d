//! hostile: ignores SIGTERM, then sleeps forever (only SIGKILL stops it)
//! expect: deadlock or infinite loop?

use nix::sys::signal::{SigHandler, Signal, signal};

fn main() {
    // SAFETY: SIG_IGN installs no handler code, so nothing can run in signal context.
    unsafe { signal(Signal::SIGTERM, SigHandler::SigIgn) }.expect("ignore SIGTERM");
    println!("ignoring SIGTERM");
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}
