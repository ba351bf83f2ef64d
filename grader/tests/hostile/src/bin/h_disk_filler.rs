//! hostile: writes 1 GiB to a file in the temp dir
//! expect: file larger than

use std::io::Write;

fn main() {
    let path = std::env::temp_dir().join("filler.bin");
    let mut file = std::fs::File::create(&path).expect("create the file");
    let chunk = vec![0x5au8; 1 << 20];
    for _ in 0..1024 {
        file.write_all(&chunk).expect("write");
    }
    println!("wrote 1 GiB to {}", path.display());
}
