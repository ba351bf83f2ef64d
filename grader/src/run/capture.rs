//! Bounded capture of one output stream: the head in full up to a cap, then only a rolling
//! tail, and a count of everything. A program that prints gigabytes costs the grader a fixed
//! amount of memory, and the report still shows how its output began and how it ended.

use std::collections::VecDeque;
use std::io::Read;

use super::Captured;

/// Bytes kept from the start of a stream.
pub const HEAD_BYTES: usize = 1 << 20;
/// Bytes kept from the end of a stream once the head is full.
pub const TAIL_BYTES: usize = 64 << 10;

/// Accumulates a stream within fixed bounds.
#[derive(Debug)]
pub struct Capture {
    head: Vec<u8>,
    tail: VecDeque<u8>,
    head_cap: usize,
    tail_cap: usize,
    total: u64,
}

impl Capture {
    pub fn new(head_cap: usize, tail_cap: usize) -> Self {
        Capture {
            head: Vec::new(),
            tail: VecDeque::new(),
            head_cap,
            tail_cap,
            total: 0,
        }
    }

    pub fn push(&mut self, mut bytes: &[u8]) {
        self.total += bytes.len() as u64;
        let room = self.head_cap - self.head.len();
        let into_head = room.min(bytes.len());
        self.head.extend_from_slice(&bytes[..into_head]);
        bytes = &bytes[into_head..];
        if bytes.len() >= self.tail_cap {
            self.tail.clear();
            self.tail.extend(&bytes[bytes.len() - self.tail_cap..]);
        } else {
            let overflow = (self.tail.len() + bytes.len()).saturating_sub(self.tail_cap);
            self.tail.drain(..overflow);
            self.tail.extend(bytes);
        }
    }

    pub fn finish(self) -> Captured {
        let kept = (self.head.len() + self.tail.len()) as u64;
        let cut = self.total - kept;
        let mut text = String::from_utf8_lossy(&self.head).into_owned();
        if cut > 0 {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&format!(
                "[… {cut} bytes cut by the grader: the output was too long …]\n"
            ));
        }
        let (a, b) = self.tail.as_slices();
        let mut tail = a.to_vec();
        tail.extend_from_slice(b);
        text.push_str(&String::from_utf8_lossy(&tail));
        Captured {
            text,
            total_bytes: self.total,
            cut_bytes: cut,
        }
    }

    /// Reads `reader` to its end (or first error) within the bounds.
    pub fn read_all(mut reader: impl Read, head_cap: usize, tail_cap: usize) -> Captured {
        let mut cap = Capture::new(head_cap, tail_cap);
        let mut buf = vec![0u8; 64 << 10];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => cap.push(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
        cap.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_output_is_kept_whole() {
        let mut c = Capture::new(100, 10);
        c.push(b"hello\n");
        c.push(b"world\n");
        let got = c.finish();
        assert_eq!(got.text, "hello\nworld\n");
        assert_eq!((got.total_bytes, got.cut_bytes), (12, 0));
    }

    #[test]
    fn flood_keeps_head_and_tail_and_counts_the_cut() {
        let mut c = Capture::new(8, 4);
        for _ in 0..1000 {
            c.push(b"0123456789");
        }
        c.push(b"END\n");
        let got = c.finish();
        assert!(got.text.starts_with("01234567\n[… "), "{}", got.text);
        assert!(got.text.ends_with("END\n"), "{}", got.text);
        assert_eq!(got.total_bytes, 10_004);
        assert_eq!(got.cut_bytes, 10_004 - 12);
    }

    #[test]
    fn invalid_utf8_does_not_break_capture() {
        let got = Capture::read_all(&[0xff, 0xfe, b'o', b'k'][..], 100, 10);
        assert!(got.text.ends_with("ok"));
    }
}
