//! hostile: decodes 1 MiB of bytes that are not UTF-8 with `String::from_utf8(bytes).unwrap()`: the panic message is one line of several MB
//! expect: panicked

fn main() {
    // What a student did in exercise 02: read a whole message, then `from_utf8(..).unwrap()`.
    // The error's Debug form lists every byte, so the panic's first line is ~5 MB.
    let bytes = vec![0xff_u8; 1 << 20];
    let text = String::from_utf8(bytes).unwrap();
    println!("{text}");
}
