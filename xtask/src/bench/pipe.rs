//! The yardstick for the pipe figures: the same number of bytes through a bare pipe, one thread
//! writing 64 KiB chunks and this one reading, with no framing, no serialization, no fork.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

/// How long `bytes` take through a pipe from a writer thread to this one.
pub fn raw_copy(bytes: u64) -> anyhow::Result<Duration> {
    let (mut reader, mut writer) = std::io::pipe()?;
    let started = Instant::now();
    let writing = std::thread::spawn(move || -> std::io::Result<()> {
        let chunk = vec![0x5au8; 64 * 1024];
        let mut left = bytes;
        while left > 0 {
            let n = left.min(chunk.len() as u64) as usize;
            writer.write_all(&chunk[..n])?;
            left -= n as u64;
        }
        Ok(())
    });
    let mut buf = vec![0u8; 64 * 1024];
    let mut got = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        got += n as u64;
    }
    writing.join().expect("the writer thread does not panic")?;
    anyhow::ensure!(
        got == bytes,
        "raw pipe copy: {got} of {bytes} bytes arrived"
    );
    Ok(started.elapsed())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_byte_arrives() {
        super::raw_copy(1 << 20).unwrap();
    }
}
