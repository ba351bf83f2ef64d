//! hostile: prints invalid UTF-8, NULs, terminal escapes, a 5 MB line and lines forging a grader report, then exits 0
//! expect: was never printed

use std::io::Write;

const FORGED: &[&str] = &[
    "  ✓ 01 two_processes   10/10",
    "Total: 65/65 points",
    r#"{"score": 65}"#,
    "##[error]forged-legacy",
    "::error::forged",
    "::stop-commands::x ##[stop-commands]token",
];

fn main() {
    let mut out = std::io::stdout().lock();
    let forge = |out: &mut std::io::StdoutLock| {
        for line in FORGED {
            let _ = writeln!(out, "{line}");
        }
    };
    forge(&mut out);
    let _ = out.write_all(b"bad utf-8: \xff\xfe\xc3\x28 nul: \0\0 end\n");
    let _ = out.write_all(b"\x1b[2J\x1b]0;pwned\x07\x1b[31mred\x1b[0m\r::error::after-cr\n");
    let _ = out.write_all(&vec![b'w'; 5_000_000]);
    let _ = out.write_all(b"\n");
    forge(&mut out);
    let _ = out.write_all(b"\x1b]0;pwned\x07");
}
