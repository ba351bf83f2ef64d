//! hostile: waits for a line on stdin (closed by the grader, so end-of-file comes at once), then exits 0 having printed nothing
//! expect: was never printed

fn main() {
    let mut line = String::new();
    let n = std::io::stdin().read_line(&mut line).unwrap_or(0);
    if n > 0 {
        // Only if someone fed it input: then it hangs.
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
}
