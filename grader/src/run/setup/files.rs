//! Files for a run's scratch directory. A file is described, not stored: its contents are
//! generated from a seed, so a plan stays small, a hidden variant can ask for other files, and a
//! check regenerates the same bytes to know the exact answer (how many words, which files
//! cannot be read).

use std::path::{Component, Path};

use serde::{Deserialize, Serialize};

use crate::rng::Rng;

/// One file (or a stand-in that cannot be read) under the scratch directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileSpec {
    /// Relative to the scratch directory, `/`-separated, no `..` (folders are created).
    pub path: String,
    pub content: Content,
}

/// What a file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Content {
    /// `words` words from a small vocabulary, separated by single and double spaces, tabs and
    /// newlines, some lines blank; chosen by `seed`.
    Words { words: u64, seed: u64 },
    /// No bytes at all.
    Empty,
    /// Text of `words` words in which some bytes are not valid UTF-8.
    NotUtf8 { words: u64, seed: u64 },
    /// A file the program may not read (mode 000; a directory by that name when the program
    /// runs as root, which no mode stops).
    Unreadable,
}

/// The words files are made of: short and long, with accents (multi-byte UTF-8) and
/// punctuation attached, so that counting bytes or characters never gives the word count.
const VOCABULARY: [&str; 16] = [
    "processo",
    "thread",
    "pipe",
    "lock",
    "coda",
    "è",
    "perché",
    "fork",
    "pool",
    "worker",
    "semaforo,",
    "condizione.",
    "memoria",
    "condivisa",
    "a",
    "l'evento",
];

impl FileSpec {
    pub fn new(path: &str, content: Content) -> FileSpec {
        FileSpec {
            path: path.to_string(),
            content,
        }
    }

    /// The path is relative and stays inside the scratch directory.
    pub fn path_is_safe(&self) -> bool {
        let p = Path::new(&self.path);
        !self.path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
    }
}

impl Content {
    /// The file's bytes (`None` for a file that cannot be read).
    pub fn bytes(&self) -> Option<Vec<u8>> {
        match *self {
            Content::Words { words, seed } => Some(text(words, seed)),
            Content::Empty => Some(Vec::new()),
            Content::NotUtf8 { words, seed } => {
                let mut bytes = text(words.max(1), seed);
                // Invalid sequences inside the text: a lone continuation byte, a cut
                // two-byte sequence, a byte that never occurs in UTF-8.
                let at = bytes.len() / 2;
                bytes.splice(at..at, [0x80, b' ', 0xC3, b' ', 0xFF, b' ']);
                Some(bytes)
            }
            Content::Unreadable => None,
        }
    }

    /// How many whitespace-separated words a reader of the bytes finds (`None`: unreadable).
    /// For `NotUtf8`, the three invalid pieces are words of their own.
    pub fn words(&self) -> Option<u64> {
        match *self {
            Content::Words { words, .. } => Some(words),
            Content::Empty => Some(0),
            Content::NotUtf8 { words, .. } => Some(words.max(1) + 3),
            Content::Unreadable => None,
        }
    }
}

/// `words` words chosen by `seed`, with varied whitespace between them.
fn text(words: u64, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut out = String::new();
    for i in 0..words {
        if i > 0 {
            out.push_str(match rng.range(0, 9) {
                0 => "\n",
                1 => "  ",
                2 => "\t",
                3 => "\n\n",
                _ => " ",
            });
        }
        out.push_str(VOCABULARY[rng.range(0, VOCABULARY.len() as u64 - 1) as usize]);
    }
    if words > 0 {
        out.push('\n');
    }
    out.into_bytes()
}

/// Writes every file under `dir`. `program_is_root`: the program will run as root, for whom
/// mode 000 means nothing, so an unreadable file is made a directory instead.
pub fn write_all(dir: &Path, files: &[FileSpec], program_is_root: bool) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    for f in files {
        if !f.path_is_safe() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("fixture path {:?} leaves the scratch directory", f.path),
            ));
        }
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        match f.content.bytes() {
            Some(bytes) => {
                std::fs::write(&path, bytes)?;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644))?;
            }
            None if program_is_root => std::fs::create_dir_all(&path)?,
            None => {
                std::fs::write(&path, b"you may not read this\n")?;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(bytes: &[u8]) -> u64 {
        bytes
            .split(|b| b.is_ascii_whitespace())
            .filter(|w| !w.is_empty())
            .count() as u64
    }

    #[test]
    fn the_word_count_is_known_and_differs_from_bytes_and_chars() {
        for seed in 0..20 {
            for words in [0, 1, 7, 500] {
                let c = Content::Words { words, seed };
                let bytes = c.bytes().unwrap();
                assert_eq!(count(&bytes), words, "seed {seed}");
                assert_eq!(c.words(), Some(words));
                if words > 1 {
                    let text = String::from_utf8(bytes.clone()).unwrap();
                    assert_ne!(bytes.len() as u64, words);
                    assert_ne!(text.chars().count() as u64, words);
                    assert_ne!(text.lines().count() as u64, words, "seed {seed}");
                }
            }
        }
        assert_eq!(
            Content::Words { words: 9, seed: 4 }.bytes(),
            Content::Words { words: 9, seed: 4 }.bytes(),
            "the same seed gives the same file"
        );
    }

    #[test]
    fn not_utf8_is_not_utf8_and_its_words_are_counted() {
        let c = Content::NotUtf8 { words: 40, seed: 3 };
        let bytes = c.bytes().unwrap();
        assert!(String::from_utf8(bytes.clone()).is_err());
        assert_eq!(count(&bytes), c.words().unwrap());
    }

    #[test]
    fn files_are_written_and_the_unreadable_one_cannot_be_read() {
        let dir = std::env::temp_dir().join(format!("forklings-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let files = vec![
            FileSpec::new("in/a.txt", Content::Words { words: 12, seed: 1 }),
            FileSpec::new("in/empty.txt", Content::Empty),
            FileSpec::new("in/secret.txt", Content::Unreadable),
        ];
        write_all(&dir, &files, false).unwrap();
        assert_eq!(count(&std::fs::read(dir.join("in/a.txt")).unwrap()), 12);
        assert!(std::fs::read(dir.join("in/empty.txt")).unwrap().is_empty());
        let root = nix::unistd::geteuid().is_root();
        assert_eq!(std::fs::read(dir.join("in/secret.txt")).is_err(), !root);
        write_all(&dir.join("as-root"), &files[2..], true).unwrap();
        assert!(std::fs::read(dir.join("as-root/in/secret.txt")).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn paths_stay_inside() {
        for bad in ["../x", "/etc/passwd", "", "a/../../b"] {
            assert!(!FileSpec::new(bad, Content::Empty).path_is_safe(), "{bad}");
            assert!(
                write_all(
                    Path::new("/nonexistent"),
                    &[FileSpec::new(bad, Content::Empty)],
                    false
                )
                .is_err()
            );
        }
        assert!(FileSpec::new("in/a.txt", Content::Empty).path_is_safe());
    }
}
