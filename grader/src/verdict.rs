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

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
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

    /// Replaces the check's hint for this failure.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Quotes one output line (kept in line order, without repeats, at most [`MAX_QUOTES`],
    /// each cut to [`MAX_QUOTE_CHARS`]).
    pub fn quote(mut self, line: &impl QuotedLine) -> Self {
        if self.quotes.len() < MAX_QUOTES && !self.quotes.iter().any(|q| q.line == line.line_no()) {
            let full = line.line_text();
            let mut text: String = full.chars().take(MAX_QUOTE_CHARS).collect();
            if text.len() < full.len() {
                text.push(' ');
                text.push_str(&t!("check.quote_cut", bytes = full.len()));
            }
            self.quotes.push(Quote {
                line: line.line_no(),
                text,
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
