//! hostile: keeps asking for 64 MiB blocks until it holds 4 GiB
//! expect: ran out of memory

fn main() {
    // `vec![0; n]` maps zeroed pages without touching them, so the hog reaches the address-space
    // limit at once instead of after seconds of page faults (which a busy machine would stretch
    // past the time limit, turning the verdict into a timeout).
    let mut hog: Vec<Vec<u8>> = Vec::new();
    while hog.len() < 64 {
        hog.push(vec![0u8; 64 << 20]);
    }
    println!("holding {} MiB", hog.len() * 64);
}
