//! hostile: writes a file straight into /tmp (not $TMPDIR) and exits 0 without removing it
//! expect: was never printed

fn main() {
    let path = format!("/tmp/forklings-hostile-tmp-{}", std::process::id());
    std::fs::write(&path, b"left behind").expect("write into /tmp");
    println!("wrote {path}");
}
