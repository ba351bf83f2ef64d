//! hostile: spins in a busy loop forever, printing nothing
//! expect: deadlock or infinite loop?

fn main() {
    let mut n: u64 = 0;
    loop {
        n = std::hint::black_box(n.wrapping_add(1));
    }
}
