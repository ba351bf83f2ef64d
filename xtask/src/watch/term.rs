//! The keyboard: single keys from a terminal in raw mode (restored on every way out), or one
//! command per line from a pipe, so watch can be scripted and never needs a terminal.

use std::io::Read;
use std::os::fd::AsFd;
use std::sync::mpsc::Sender;

use nix::sys::termios::{self, LocalFlags, SetArg, SpecialCharacterIndices, Termios};

use super::Event;

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Hint,
    Next,
    List,
    Regrade,
    Quit,
}

impl Key {
    /// The command of a key (`h`, `n`, `l`, `r`, `q`; Ctrl-C and Ctrl-D quit).
    pub fn of(byte: u8) -> Option<Key> {
        match byte.to_ascii_lowercase() {
            b'h' => Some(Key::Hint),
            b'n' => Some(Key::Next),
            b'l' => Some(Key::List),
            b'r' => Some(Key::Regrade),
            b'q' | 0x03 | 0x04 => Some(Key::Quit),
            _ => None,
        }
    }
}

/// The terminal in "one key at a time, no echo" mode while this lives. Ctrl-C arrives as a key
/// (signals from the keyboard are off), so quitting always passes through `Drop`; so does a
/// panic, which unwinds.
pub struct RawMode {
    saved: Termios,
}

impl RawMode {
    pub fn enable() -> nix::Result<RawMode> {
        let stdin = std::io::stdin();
        let saved = termios::tcgetattr(stdin.as_fd())?;
        let mut raw = saved.clone();
        raw.local_flags
            .remove(LocalFlags::ICANON | LocalFlags::ECHO | LocalFlags::ISIG);
        raw.control_chars[SpecialCharacterIndices::VMIN as usize] = 1;
        raw.control_chars[SpecialCharacterIndices::VTIME as usize] = 0;
        termios::tcsetattr(stdin.as_fd(), SetArg::TCSANOW, &raw)?;
        Ok(RawMode { saved })
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = termios::tcsetattr(std::io::stdin().as_fd(), SetArg::TCSANOW, &self.saved);
    }
}

/// Reads keys on a thread of its own and sends them as events: byte by byte from a terminal
/// (`raw`), else a line at a time (its first letter is the key). End of input is an event too.
pub fn spawn_input(tx: Sender<Event>, raw: bool) {
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin();
        if raw {
            let mut byte = [0u8; 1];
            loop {
                match stdin.read(&mut byte) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        if let Some(key) = Key::of(byte[0])
                            && tx.send(Event::Key(key)).is_err()
                        {
                            return;
                        }
                    }
                }
            }
        } else {
            let mut line = String::new();
            loop {
                line.clear();
                match std::io::BufRead::read_line(&mut stdin.lock(), &mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        let key = line.trim().bytes().next().and_then(Key::of);
                        if let Some(key) = key
                            && tx.send(Event::Key(key)).is_err()
                        {
                            return;
                        }
                    }
                }
            }
        }
        let _ = tx.send(Event::InputClosed);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(Key::of(b'h'), Some(Key::Hint));
        assert_eq!(Key::of(b'N'), Some(Key::Next));
        assert_eq!(Key::of(b'l'), Some(Key::List));
        assert_eq!(Key::of(b'r'), Some(Key::Regrade));
        assert_eq!(Key::of(b'q'), Some(Key::Quit));
        assert_eq!(Key::of(0x03), Some(Key::Quit), "Ctrl-C");
        assert_eq!(Key::of(b'x'), None);
        assert_eq!(Key::of(0x1b), None, "escape sequences are ignored");
    }
}
