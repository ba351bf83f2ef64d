//! Output lines into tokens, once, for every exercise.
//!
//! Every program prints lines of the shape `tag word … key=value key=value`: words are the
//! tokens without `=`, fields the tokens with one. Each exercise's check module turns these
//! [`Line`]s into its own typed events; this module knows nothing of any exercise.

use std::str::FromStr;

use crate::t;
use crate::verdict::{Failure, QuotedLine};

/// One line of a program's standard output, tokenized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the captured stdout.
    pub no: usize,
    /// The line as printed (control characters replaced, see [`sanitize`]).
    pub text: String,
    words: Vec<String>,
    fields: Vec<(String, String)>,
}

impl QuotedLine for Line {
    fn line_no(&self) -> usize {
        self.no
    }
    fn line_text(&self) -> &str {
        &self.text
    }
}

impl Line {
    pub fn parse(no: usize, raw: &str) -> Line {
        let text = sanitize(raw);
        let mut words = Vec::new();
        let mut fields = Vec::new();
        for token in text.split_whitespace() {
            match token.split_once('=') {
                Some((k, v)) => fields.push((k.to_string(), v.to_string())),
                None => words.push(token.to_string()),
            }
        }
        Line {
            no,
            text,
            words,
            fields,
        }
    }

    /// The first word, which names the kind of event (`worker`, `result`, …).
    pub fn tag(&self) -> &str {
        self.words.first().map(String::as_str).unwrap_or("")
    }

    pub fn words(&self) -> &[String] {
        &self.words
    }

    pub fn has_word(&self, word: &str) -> bool {
        self.words.iter().any(|w| w == word)
    }

    /// The raw value of `key=…`, if present.
    pub fn raw(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// `key=…` parsed as `T`, if present and well-formed.
    pub fn get<T: FromStr>(&self, key: &str) -> Option<T> {
        self.raw(key).and_then(|v| v.parse().ok())
    }

    /// `key=…` parsed as `T`, or a failure that quotes this line.
    pub fn require<T: FromStr>(&self, key: &str) -> Result<T, Failure> {
        match self.raw(key) {
            Some(v) => v.parse().map_err(|_| {
                Failure::new(t!(
                    "parse.bad_value",
                    line = self.no,
                    key = key,
                    value = v,
                    kind = std::any::type_name::<T>()
                        .rsplit("::")
                        .next()
                        .unwrap_or("value")
                ))
                .quote(self)
            }),
            None => Err(Failure::new(t!(
                "parse.no_field",
                line = self.no,
                tag = self.tag(),
                key = key
            ))
            .quote(self)),
        }
    }

    /// `key=a,b,c` parsed as a list of `T` (an empty value is an empty list).
    pub fn require_list<T: FromStr>(&self, key: &str) -> Result<Vec<T>, Failure> {
        let raw: String = self.require(key)?;
        if raw.is_empty() {
            return Ok(Vec::new());
        }
        raw.split(',')
            .map(|item| {
                item.parse().map_err(|_| {
                    Failure::new(t!("parse.bad_item", line = self.no, item = item, key = key))
                        .quote(self)
                })
            })
            .collect()
    }
}

/// Splits captured stdout into tokenized lines (numbered from 1).
pub fn lines(stdout: &str) -> Vec<Line> {
    stdout
        .lines()
        .enumerate()
        .map(|(i, l)| Line::parse(i + 1, l))
        .collect()
}

/// Replaces control characters (terminal escapes, NULs, carriage returns) by visible escapes,
/// and breaks CI workflow commands, so program output can never drive the terminal or the CI
/// that shows a report.
pub fn sanitize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\t' => out.push(' '),
            c if c.is_control() => out.push_str(&c.escape_default().to_string()),
            c => out.push(c),
        }
    }
    // GitHub Actions acts on `##[command]` anywhere in a log line (and on `::command::` at its
    // start, which quotes never are): break the legacy form so output stays data.
    out.replace("##[", "##\\[")
}

/// What a panicking Rust program said, read from its stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Panic {
    /// A `todo!()` still in place: the message after `not yet implemented`.
    Todo { message: String, location: String },
    /// Any other panic: its message and `file:line:col`.
    Other { message: String, location: String },
}

/// Finds the first panic report in a Rust program's stderr.
///
/// Rust prints `thread 'main' panicked at src/main.rs:12:5:` followed by the message on the
/// next line(s).
pub fn find_panic(stderr: &str) -> Option<Panic> {
    let mut lines = stderr.lines();
    while let Some(line) = lines.next() {
        let Some(rest) = line.split_once("panicked at ").map(|(_, r)| r) else {
            continue;
        };
        let location = sanitize(rest.trim_end_matches(':').trim());
        // Cut before the message is worded, so the location survives a message of megabytes.
        let message = crate::verdict::cut(
            &sanitize(lines.next().unwrap_or("").trim()),
            crate::verdict::MAX_MESSAGE_CHARS / 2,
        );
        if let Some(todo) = message.strip_prefix("not yet implemented") {
            let todo = todo.trim_start_matches(':').trim();
            return Some(Panic::Todo {
                message: if todo.is_empty() {
                    t!("parse.todo_left")
                } else {
                    todo.to_string()
                },
                location,
            });
        }
        return Some(Panic::Other { message, location });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_fields() {
        let l = Line::parse(3, "worker 2 pid=41 done count=100");
        assert_eq!(l.tag(), "worker");
        assert_eq!(l.words(), ["worker", "2", "done"]);
        assert_eq!(l.get::<i32>("pid"), Some(41));
        assert_eq!(l.get::<u64>("count"), Some(100));
        assert!(l.has_word("done"));
        assert_eq!(l.get::<u64>("missing"), None);
    }

    #[test]
    fn require_quotes_the_line() {
        let l = Line::parse(7, "counter value=abc");
        let err = l.require::<u64>("value").unwrap_err();
        assert!(err.message.contains("line 7"), "{}", err.message);
        assert_eq!(err.quotes[0].line, 7);
        let err = l.require::<u64>("nope").unwrap_err();
        assert!(err.message.contains("no `nope=`"), "{}", err.message);
    }

    #[test]
    fn lists() {
        let l = Line::parse(1, "slots values=1,2,3 empty=");
        assert_eq!(l.require_list::<u32>("values").unwrap(), vec![1, 2, 3]);
        assert_eq!(l.require_list::<u32>("empty").unwrap(), Vec::<u32>::new());
        assert!(Line::parse(1, "x v=1,z").require_list::<u32>("v").is_err());
    }

    #[test]
    fn control_characters_are_escaped() {
        let l = Line::parse(1, "evil \u{1b}[2J\u{0} ::error::x");
        assert!(!l.text.contains('\u{1b}'));
        assert!(!l.text.contains('\0'));
        assert!(l.text.contains("\\u{1b}"));
        let forged = Line::parse(2, "x ##[error]forged ##[stop-commands]t");
        assert!(!forged.text.contains("##["), "{}", forged.text);
    }

    #[test]
    fn todo_panics_are_recognized() {
        let stderr = "\nthread 'main' panicked at exercises/06_shared_counter/src/main.rs:40:5:\nnot yet implemented: fork the workers\nnote: run with `RUST_BACKTRACE=1`\n";
        assert_eq!(
            find_panic(stderr),
            Some(Panic::Todo {
                message: "fork the workers".into(),
                location: "exercises/06_shared_counter/src/main.rs:40:5".into()
            })
        );
        let bare = "thread 'main' panicked at src/main.rs:1:1:\nnot yet implemented\n";
        assert!(matches!(find_panic(bare), Some(Panic::Todo { .. })));
        let escape = "thread 'main' panicked at src/main.rs:2:2:\n\u{1b}]0;pwned\u{7}boom\n";
        let Some(Panic::Other { message, .. }) = find_panic(escape) else {
            panic!("a panic")
        };
        assert!(
            !message.contains('\u{1b}') && message.ends_with("boom"),
            "{message}"
        );
        let other = "thread 'main' panicked at src/main.rs:9:9:\nindex out of bounds\n";
        assert_eq!(
            find_panic(other),
            Some(Panic::Other {
                message: "index out of bounds".into(),
                location: "src/main.rs:9:9".into()
            })
        );
        assert_eq!(find_panic("all good"), None);
        // `String::from_utf8(bytes).unwrap()` on 1 MiB of bad bytes: one line of megabytes.
        let huge = format!(
            "thread 'main' panicked at src/main.rs:7:41:\ncalled `Result::unwrap()` on an `Err` value: {}\n",
            "255, ".repeat(1 << 20)
        );
        let Some(Panic::Other { message, location }) = find_panic(&huge) else {
            panic!("a panic")
        };
        assert_eq!(location, "src/main.rs:7:41");
        assert!(
            message.len() < 2 * crate::verdict::MAX_MESSAGE_CHARS,
            "{}",
            message.len()
        );
        assert!(message.ends_with("bytes in all)"), "{message}");
    }
}
