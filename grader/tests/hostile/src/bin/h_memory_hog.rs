//! hostile: grows one Vec towards 4 GiB, touching every page
//! expect: ran out of memory

fn main() {
    let chunk = vec![0xa5u8; 16 << 20];
    let mut hog: Vec<u8> = Vec::new();
    while hog.len() < 4 << 30 {
        // Copies (so touches) every byte; the Vec doubles its capacity as it grows.
        hog.extend_from_slice(&chunk);
    }
    println!("allocated {} bytes", hog.len());
}
