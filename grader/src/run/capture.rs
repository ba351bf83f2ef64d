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

/// Bytes of each line a [`Watch`] sees (enough for a prefix).
pub const WATCHED_PREFIX: usize = 128;

/// Told of the lines of a stream as they arrive, read by read: the start of each line
/// completed by this read (at most [`WATCHED_PREFIX`] bytes, without the newline), and how many
/// lines have arrived in all, these included.
pub type Watch = Box<dyn FnMut(&[Vec<u8>], usize) + Send>;

/// Accumulates a stream within fixed bounds.
pub struct Capture {
    head: Vec<u8>,
    tail: VecDeque<u8>,
    head_cap: usize,
    tail_cap: usize,
    total: u64,
    /// When each line of the head was complete (its `\n` arrived), in µs since `t0`.
    line_us: Vec<u64>,
    t0: Option<Instant>,
    watch: Option<Watch>,
    /// The start of the line being read, for the watch.
    partial: Vec<u8>,
    /// Complete lines so far (every line, past the head too).
    lines: usize,
}

impl std::fmt::Debug for Capture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Capture")
            .field("total", &self.total)
            .field("lines", &self.lines)
            .field("watched", &self.watch.is_some())
            .finish_non_exhaustive()
    }
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
            watch: None,
            partial: Vec::new(),
            lines: 0,
        }
    }

    /// Shows every line to `watch` as it arrives (after the read that completed it).
    pub fn watched(mut self, watch: Watch) -> Self {
        self.watch = Some(watch);
        self
    }

    /// Splits a read into lines for the watch.
    fn tell_watch(&mut self, bytes: &[u8]) {
        let Some(watch) = self.watch.as_mut() else {
            return;
        };
        let mut done = Vec::new();
        for piece in bytes.split_inclusive(|b| *b == b'\n') {
            let (body, complete) = match piece.strip_suffix(b"\n") {
                Some(body) => (body, true),
                None => (piece, false),
            };
            let room = WATCHED_PREFIX.saturating_sub(self.partial.len());
            self.partial
                .extend_from_slice(&body[..room.min(body.len())]);
            if complete {
                done.push(std::mem::take(&mut self.partial));
                self.lines += 1;
            }
        }
        if !done.is_empty() {
            watch(&done, self.lines);
        }
    }

    /// Records when each line of the head arrives, in µs since `t0` (the clock of the
    /// observation's `start_us`).
    pub fn timed(mut self, t0: Instant) -> Self {
        self.t0 = Some(t0);
        self
    }

    pub fn push(&mut self, mut bytes: &[u8]) {
        // The watch is told after the lines are timed: a signal it sends comes after them.
        let all = bytes;
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
        self.tell_watch(all);
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

    #[test]
    fn the_watch_sees_each_line_once_complete_with_the_count_so_far() {
        use std::sync::{Arc, Mutex};
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let mut c = Capture::new(4, 4).watched(Box::new(move |lines, total| {
            let lines: Vec<String> = lines
                .iter()
                .map(|l| String::from_utf8_lossy(l).into_owned())
                .collect();
            log.lock().unwrap().push((lines, total));
        }));
        c.push(b"done 1\nsta");
        c.push(b"rt 2");
        c.push(b"\n\n");
        c.push(&[b'x'; 300]);
        c.push(b"\n");
        let seen = seen.lock().unwrap().clone();
        assert_eq!(
            seen,
            [
                (vec!["done 1".to_string()], 1),
                (vec!["start 2".to_string(), String::new()], 3),
                (vec!["x".repeat(WATCHED_PREFIX)], 4),
            ]
        );
    }
}
