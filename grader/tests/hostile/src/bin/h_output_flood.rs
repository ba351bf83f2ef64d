//! hostile: writes to stdout as fast as it can and never stops (gigabytes within the limit)
//! expect: an endless print loop?

use std::io::Write;

fn main() {
    let chunk = vec![b'x'; 1 << 20];
    let mut out = std::io::stdout().lock();
    loop {
        if out.write_all(&chunk).is_err() {
            return;
        }
    }
}
