//! hostile: sleeps forever, printing nothing
//! expect: deadlock or infinite loop?

fn main() {
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}
