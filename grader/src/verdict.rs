//! Verdicts: what a check (or a run's health) concludes, below every stage that produces one.
//!
//! `run` (a run's health), `parse` (a missing field) and `check` (the invariants) all produce
//! [`Failure`]s; keeping the type here lets each of them use it without reaching up the
//! pipeline.

use serde::{Deserialize, Serialize};

use crate::t;

/// A line that a failure can quote: its 1-based number in stdout, and its text.
/// [`crate::parse::Line`] is one.
pub trait QuotedLine {
    fn line_no(&self) -> usize;
    fn line_text(&self) -> &str;
}

impl<T: QuotedLine + ?Sized> QuotedLine for &T {
    fn line_no(&self) -> usize {
        (**self).line_no()
    }
    fn line_text(&self) -> &str {
        (**self).line_text()
    }
}

/// The verdict of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    Fail(Failure),
    /// The grader could not look (e.g. ptrace refused): full points, with the reason shown.
    NotVerified {
        reason: String,
    },
}

impl Outcome {
    pub fn passed(&self) -> bool {
        !matches!(self, Outcome::Fail(_))
    }

    /// Combines two verdicts on the same check: the first failure wins, then the first
    /// "not verified", else pass.
    pub fn and(self, other: Outcome) -> Outcome {
        match (self, other) {
            (f @ Outcome::Fail(_), _) | (_, f @ Outcome::Fail(_)) => f,
            (nv @ Outcome::NotVerified { .. }, _) | (_, nv @ Outcome::NotVerified { .. }) => nv,
            _ => Outcome::Pass,
        }
    }
}

/// Why a check failed: a message, the output lines that show it, and the run it happened in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub message: String,
    pub quotes: Vec<Quote>,
    /// `run 'stress 2/3' (arguments: …)`, set by the run walkers.
    pub run: Option<String>,
    /// A hint for this failure in particular, shown instead of the check's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// One quoted line of a program's stdout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// 1-based line number in stdout (0: not a stdout line).
    pub line: usize,
    pub text: String,
}

/// At most this many lines are quoted for one failure.
pub const MAX_QUOTES: usize = 8;
/// A quoted line is cut after this many characters.
pub const MAX_QUOTE_CHARS: usize = 300;
/// A failure's message (and its hint) is cut after this many characters: a message can carry
/// what a program printed (a panic's first line), and every report repeats it per check.
pub const MAX_MESSAGE_CHARS: usize = 1000;

/// Why an exercise could not be graded (a compile error with its source lines, the grader's own
/// failure) is cut after this many characters.
pub const MAX_ERROR_CHARS: usize = 4000;

/// `text` cut after `max_chars` characters, with a note of its whole length in bytes when it
/// was longer.
pub fn cut(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        None => text.to_string(),
        Some((end, _)) => format!(
            "{} {}",
            &text[..end],
            t!("check.quote_cut", bytes = text.len())
        ),
    }
}

impl Failure {
    /// A failure saying `message` (cut to [`MAX_MESSAGE_CHARS`]).
    pub fn new(message: impl AsRef<str>) -> Self {
        Failure {
            message: cut(message.as_ref(), MAX_MESSAGE_CHARS),
            quotes: Vec::new(),
            run: None,
            hint: None,
        }
    }

    /// The verdict: the message's first line (details, such as a timeout's list of the tasks
    /// still alive, may follow it on the next lines).
    pub fn headline(&self) -> &str {
        self.message.lines().next().unwrap_or_default()
    }

    /// Replaces the check's hint for this failure (cut to [`MAX_MESSAGE_CHARS`]).
    pub fn hint(mut self, hint: impl AsRef<str>) -> Self {
        self.hint = Some(cut(hint.as_ref(), MAX_MESSAGE_CHARS));
        self
    }

    /// Quotes one output line (kept in line order, without repeats, at most [`MAX_QUOTES`],
    /// each cut to [`MAX_QUOTE_CHARS`]).
    pub fn quote(mut self, line: &impl QuotedLine) -> Self {
        if self.quotes.len() < MAX_QUOTES && !self.quotes.iter().any(|q| q.line == line.line_no()) {
            self.quotes.push(Quote {
                line: line.line_no(),
                text: cut(line.line_text(), MAX_QUOTE_CHARS),
            });
            self.quotes.sort_by_key(|q| q.line);
        }
        self
    }

    pub fn quote_all<'a, L: QuotedLine + 'a>(self, lines: impl IntoIterator<Item = &'a L>) -> Self {
        lines.into_iter().fold(self, Failure::quote)
    }
}

/// What a per-run check body can return besides success: a failure, or "could not look".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Fail(Failure),
    NotVerified(String),
}

impl From<Failure> for Problem {
    fn from(f: Failure) -> Self {
        Problem::Fail(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stdout line, as `crate::parse::Line` is one (this module sits below `parse`).
    struct Line(usize, String);

    impl QuotedLine for Line {
        fn line_no(&self) -> usize {
            self.0
        }
        fn line_text(&self) -> &str {
            &self.1
        }
    }

    #[test]
    fn messages_hints_and_quotes_are_bounded() {
        let long = "é".repeat(3 * MAX_MESSAGE_CHARS);
        let f = Failure::new(&long)
            .hint(&long)
            .quote(&Line(1, long.clone()));
        for (what, text, max) in [
            ("message", &f.message, MAX_MESSAGE_CHARS),
            ("hint", f.hint.as_ref().unwrap(), MAX_MESSAGE_CHARS),
            ("quote", &f.quotes[0].text, MAX_QUOTE_CHARS),
        ] {
            let kept = text.chars().take_while(|c| *c == 'é').count();
            assert_eq!(kept, max, "{what}: {text}");
            assert!(
                text.ends_with(&format!("({} bytes in all)", long.len())),
                "{what}: {text}"
            );
        }
        assert_eq!(Failure::new("short").message, "short");
        assert_eq!(cut("abc", 3), "abc");
        assert_eq!(cut("abcd", 3), "abc … (4 bytes in all)");
    }
}
