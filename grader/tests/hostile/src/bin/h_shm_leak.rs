//! hostile: creates a file in /dev/shm (a POSIX shared-memory segment) and exits 0 without removing it
//! expect: was never printed

fn main() {
    let name = format!("/dev/shm/forklings-hostile-leak-{}", std::process::id());
    std::fs::write(&name, b"leaked").expect("create the segment");
    println!("leaked {name}");
}
