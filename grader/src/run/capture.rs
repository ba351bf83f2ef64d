//! Bounded capture of one output stream: the head in full up to a cap, then only a rolling
//! tail, and a count of everything. A program that prints gigabytes costs the grader a fixed
//! amount of memory, and the report still shows how its output began and how it ended.

use std::collections::VecDeque;
use std::io::Read;
use std::time::Instant;

use super::Captured;

/// Bytes kept from the start of a stream.
pub const HEAD_BYTES: usize = 1 << 20;
/// Bytes kept from the end of a stream once the head is full.
pub const TAIL_BYTES: usize = 64 << 10;
/// Arrival times kept: one per line of the head, at most this many.
pub const MAX_LINE_TIMES: usize = 100_000;

/// Accumulates a stream within fixed bounds.
#[derive(Debug)]
pub struct Capture {
    head: Vec<u8>,
    tail: VecDeque<u8>,
    head_cap: usize,
    tail_cap: usize,
    total: u64,
    /// When each line of the head was complete (its `\n` arrived), in µs since `t0`.
    line_us: Vec<u64>,
    t0: Option<Instant>,
}

impl Capture {
    pub fn new(head_cap: usize, tail_cap: usize) -> Self {
        Capture {
            head: Vec::new(),
            tail: VecDeque::new(),
            head_cap,
            tail_cap,
            total: 0,
            line_us: Vec::new(),
            t0: None,
        }
    }

    /// Records when each line of the head arrives, in µs since `t0` (the clock of the
    /// observation's `start_us`).
    pub fn timed(mut self, t0: Instant) -> Self {
        self.t0 = Some(t0);
        self
    }

    pub fn push(&mut self, mut bytes: &[u8]) {
        self.total += bytes.len() as u64;
        let room = self.head_cap - self.head.len();
        let into_head = room.min(bytes.len());
        if let Some(t0) = self.t0 {
            let now = t0.elapsed().as_micros() as u64;
            let lines = bytes[..into_head].iter().filter(|b| **b == b'\n').count();
            let room = MAX_LINE_TIMES.saturating_sub(self.line_us.len());
            self.line_us
                .extend(std::iter::repeat_n(now, lines.min(room)));
        }
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
            line_us: self.line_us,
        }
    }

    /// Reads `reader` to its end (or first error) within the bounds.
    pub fn read_all(reader: impl Read, head_cap: usize, tail_cap: usize) -> Captured {
        Capture::new(head_cap, tail_cap).read_to_end(reader)
    }

    /// Reads `reader` to its end (or first error) into this capture.
    pub fn read_to_end(mut self, mut reader: impl Read) -> Captured {
        let mut buf = vec![0u8; 64 << 10];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => self.push(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
        self.finish()
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

    #[test]
    fn lines_of_the_head_are_timed_in_order_and_bounded() {
        let t0 = Instant::now();
        let mut c = Capture::new(1000, 10).timed(t0);
        c.push(b"a\nb");
        std::thread::sleep(std::time::Duration::from_millis(20));
        c.push(b"\nc\n");
        let got = c.finish();
        assert_eq!(got.line_us.len(), 3);
        assert_eq!(got.line_us[0], got.line_us[0].min(got.line_us[1]));
        assert!(
            got.line_us[1] >= got.line_us[0] + 20_000,
            "{:?}",
            got.line_us
        );
        assert_eq!(got.line_us[1], got.line_us[2]);
        // Untimed captures (stderr) keep no times; lines past the head are not timed.
        assert!(
            Capture::read_all(&b"x\ny\n"[..], 100, 10)
                .line_us
                .is_empty()
        );
        let mut c = Capture::new(4, 100).timed(t0);
        c.push(b"1\n2\n3\n4\n");
        assert_eq!(c.finish().line_us.len(), 2);
    }
}
