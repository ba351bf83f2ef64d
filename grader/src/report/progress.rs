//! A one-line progress indicator on standard error while a grading runs: a spinner, then
//! `building 6 crates`, `compiling 12/37`, `waiting for another cargo … to release the build
//! lock…`, `grading 04 pool_map (4/6)`, cleared when the grading ends.
//!
//! Shown only for the `human` format and only when standard error is a terminal: never in a CI
//! log, a redirected file or next to a machine-readable report.

use std::borrow::Cow;
use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::ExerciseReport;
use super::Format;
use crate::check::Exercise;
use crate::t;

/// What a grading is doing, for progress displays.
#[derive(Clone, Copy)]
pub enum Progress<'a> {
    /// Compiling this many crates.
    Building { crates: usize },
    /// Cargo waits for the build lock another cargo holds (a `cargo test`, an editor's check).
    WaitingForLock,
    /// Cargo has compiled `done` of the `total` units of this build (dependencies included).
    Compiling { done: usize, total: usize },
    /// Running the checks of the `index`-th (0-based) of `total` exercises.
    Grading {
        exercise: &'a Exercise,
        index: usize,
        total: usize,
    },
    /// One exercise is graded.
    Graded(&'a ExerciseReport),
}

/// How often the spinner turns while a long run goes.
const TICK: Duration = Duration::from_millis(120);

/// What a progress event says on the status line, if anything.
pub fn describe(progress: Progress<'_>) -> Option<String> {
    match progress {
        Progress::Building { crates: 1 } => Some(t!("progress.building_one")),
        Progress::Building { crates } => Some(t!("progress.building", count = crates)),
        Progress::WaitingForLock => Some(t!("progress.waiting_for_lock")),
        Progress::Compiling { done, total } => {
            Some(t!("progress.compiling", done = done, total = total))
        }
        Progress::Grading {
            exercise,
            index,
            total,
        } => Some(t!(
            "progress.grading",
            id = exercise.id,
            slug = exercise.slug,
            number = index + 1,
            total = total
        )),
        // The next event replaces the line; the last one is cleared by `finish`.
        Progress::Graded(_) => None,
    }
}

/// The status line of one grading. Does nothing when it is off (not a terminal, not `human`),
/// but for a wait for the build lock, which a `human` report says once on standard error even
/// without a terminal: a grading that seems stuck says why.
pub struct StatusLine {
    bar: Option<ProgressBar>,
    /// Say a wait for the build lock on a line of its own (the `human` format without a bar).
    announce_wait: bool,
}

impl StatusLine {
    /// A status line for a grading reported in `format`: on only for `human` with standard
    /// error on a terminal.
    pub fn for_format(format: Format) -> StatusLine {
        let mut line = StatusLine::new(format == Format::Human && std::io::stderr().is_terminal());
        line.announce_wait = format == Format::Human && !line.is_on();
        line
    }

    /// A status line that is drawn on standard error when `on`, and does nothing otherwise.
    pub fn new(on: bool) -> StatusLine {
        let bar = on.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template("{spinner} {msg} · {elapsed}")
                .expect("the template is valid")
                .tick_chars("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ ");
            bar.set_style(style);
            bar.set_message(t!("progress.starting"));
            bar.enable_steady_tick(TICK);
            bar
        });
        StatusLine {
            bar,
            announce_wait: false,
        }
    }

    /// Whether anything is drawn.
    pub fn is_on(&self) -> bool {
        self.bar.is_some()
    }

    /// Shows what `progress` says (the callback of [`crate::grade::grade`]).
    pub fn update(&mut self, progress: Progress<'_>) {
        if let (Some(bar), Some(text)) = (&self.bar, describe(progress)) {
            bar.set_message(Cow::Owned(text));
        } else if self.announce_wait
            && let (Progress::WaitingForLock, Some(text)) = (progress, describe(progress))
        {
            eprintln!("{text}");
            self.announce_wait = false;
        }
    }

    /// Clears the line, so the report starts on a clean one.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl Drop for StatusLine {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    #[test]
    fn says_what_is_being_built_and_graded() {
        assert_eq!(
            describe(Progress::Building { crates: 6 }).as_deref(),
            Some("building 6 crates")
        );
        assert_eq!(
            describe(Progress::Building { crates: 1 }).as_deref(),
            Some("building 1 crate")
        );
        let pool = catalog::select(&["04".to_string()]).unwrap()[0];
        assert_eq!(
            describe(Progress::Grading {
                exercise: pool,
                index: 3,
                total: 6
            })
            .as_deref(),
            Some("grading 04 pool_map (4/6)")
        );
        assert_eq!(
            describe(Progress::Compiling {
                done: 12,
                total: 37
            })
            .as_deref(),
            Some("building: 12 of 37 crates compiled")
        );
        let waiting = describe(Progress::WaitingForLock).unwrap();
        assert!(
            waiting.contains("waiting for another cargo") && waiting.contains("build lock"),
            "{waiting}"
        );
    }

    #[test]
    fn says_it_in_italian_too() {
        use crate::i18n::{Lang, with_lang};
        let pool = catalog::select(&["04".to_string()]).unwrap()[0];
        let (one, many, grading) = with_lang(Lang::It, || {
            (
                describe(Progress::Building { crates: 1 }),
                describe(Progress::Building { crates: 6 }),
                describe(Progress::Grading {
                    exercise: pool,
                    index: 3,
                    total: 6,
                }),
            )
        });
        assert_eq!(one.as_deref(), Some("compilazione di 1 crate"));
        assert_eq!(many.as_deref(), Some("compilazione di 6 crate"));
        assert_eq!(grading.as_deref(), Some("valutazione di 04 pool_map (4/6)"));
    }

    #[test]
    fn off_for_machine_formats_and_when_asked() {
        // Machine-readable formats never get a status line, terminal or not.
        for format in [
            Format::Json,
            Format::Junit,
            Format::Gradescope,
            Format::Github,
        ] {
            assert!(!StatusLine::for_format(format).is_on());
        }
        let mut off = StatusLine::new(false);
        off.update(Progress::Building { crates: 2 });
        off.finish();
        assert!(!off.is_on());
    }
}
