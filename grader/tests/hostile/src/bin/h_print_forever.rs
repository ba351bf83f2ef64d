//! hostile: prints a short line every millisecond, forever
//! expect: deadlock or infinite loop?

fn main() {
    for i in 0u64.. {
        println!("tick {i}");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}
