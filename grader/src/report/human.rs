//! The report a person reads in a terminal (or a CI log): one line per exercise, then for each
//! exercise that did not pass its first failing check with the quoted output and a hint, then
//! the total and the next step.
//!
//! [`render`] is plain text: it never needs a terminal. [`render_styled`] is the same text with
//! ANSI styles (green ✓, red ✗, yellow !, bold headings, dim hints and quote gutters), for
//! [`super::emit`] to write through `anstream`, which strips them when colours are off
//! (`NO_COLOR`, no terminal). Stripping the styled text gives exactly the plain one.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use super::{ExerciseReport, Report, Status};
use crate::check::{Outcome, Variant};
use crate::t;

/// Longest message shown on an exercise's summary line.
const SUMMARY_WIDTH: usize = 90;

/// The styles of one rendering: all plain, or coloured for a terminal.
#[derive(Clone, Copy)]
struct Styles {
    pass: Style,
    fail: Style,
    error: Style,
    strong: Style,
    dim: Style,
}

impl Styles {
    const PLAIN: Styles = Styles {
        pass: Style::new(),
        fail: Style::new(),
        error: Style::new(),
        strong: Style::new(),
        dim: Style::new(),
    };

    const COLOURED: Styles = Styles {
        pass: AnsiColor::Green.on_default(),
        fail: AnsiColor::Red.on_default(),
        error: AnsiColor::Yellow.on_default(),
        strong: Style::new().bold(),
        dim: Style::new().dimmed(),
    };

    fn status(&self, status: Status) -> Style {
        match status {
            Status::Pass => self.pass,
            Status::Fail => self.fail,
            Status::Error => self.error,
        }
    }
}

/// `text` in `style`; nothing added around empty text or a plain style.
fn paint(style: Style, text: impl std::fmt::Display) -> String {
    let text = text.to_string();
    if text.is_empty() {
        text
    } else {
        format!("{style}{text}{style:#}")
    }
}

/// Text from a program or a check, made safe for a terminal: control characters become
/// visible escapes (line breaks stay), so nothing but our own styles reaches the terminal.
fn clean(text: &str) -> String {
    text.split('\n')
        .map(crate::parse::sanitize)
        .collect::<Vec<_>>()
        .join("\n")
}

fn mark(status: Status) -> &'static str {
    match status {
        Status::Pass => "✓",
        Status::Fail => "✗",
        Status::Error => "!",
    }
}

fn shorten(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let cut: String = s.chars().take(width - 1).collect();
        format!("{cut}…")
    }
}

/// The name an exercise goes by in reports: `shared_counter`, or for a teacher's hidden
/// variant `shared_counter (hidden: many-workers)`.
pub fn name(e: &ExerciseReport) -> String {
    match &e.hidden {
        Some(h) => t!("report.hidden_name", slug = e.slug, name = h.name),
        None => e.slug.clone(),
    }
}

/// One line saying why an exercise did not pass, or nothing when it did.
fn reason(e: &ExerciseReport) -> String {
    if let Some(err) = &e.error {
        return err.clone();
    }
    if let Some(message) = e.checks.iter().find_map(|c| match &c.outcome {
        // A message may go on with details (a timeout's list of stuck tasks): its first line
        // is the verdict.
        Outcome::Fail(f) => Some(f.headline().to_string()),
        _ => None,
    }) {
        return message;
    }
    let unverified: Vec<&str> = e
        .checks
        .iter()
        .filter_map(|c| match &c.outcome {
            Outcome::NotVerified { reason } => Some(reason.as_str()),
            _ => None,
        })
        .collect();
    match unverified.first() {
        Some(reason) => t!(
            "report.unverified",
            count = unverified.len(),
            reason = reason
        ),
        None => String::new(),
    }
}

/// The report as plain text.
pub fn render(report: &Report) -> String {
    render_with(report, Styles::PLAIN)
}

/// The report with ANSI styles, for a terminal that shows colours.
pub fn render_styled(report: &Report) -> String {
    render_with(report, Styles::COLOURED)
}

fn render_with(report: &Report, s: Styles) -> String {
    let mut out = String::new();
    let heading = match report.variant {
        Variant::Exercise => t!("report.heading.exercises", seed = report.seed),
        Variant::Solution => t!("report.heading.solutions", seed = report.seed),
    };
    let repeat = if report.repeat > 1 {
        format!(" · {}", t!("report.heading.repeat", count = report.repeat))
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "{} · {heading}{repeat}\n",
        paint(s.strong, "forklings"),
    );
    let width = report
        .exercises
        .iter()
        .map(|e| name(e).chars().count())
        .max()
        .unwrap_or(0);
    for e in &report.exercises {
        let score = format!("{}/{}", e.score, e.max_score);
        let reason = clean(&shorten(&reason(e), SUMMARY_WIDTH));
        let _ = writeln!(
            out,
            "  {} {} {}  {}  {}",
            paint(s.status(e.status), mark(e.status)),
            e.id,
            paint(s.strong, pad(&name(e), width)),
            paint(s.status(e.status), format!("{score:>6}")),
            paint(s.dim, reason)
        );
    }
    for e in report.exercises.iter().filter(|e| e.status != Status::Pass) {
        details(&mut out, e, s);
    }
    let passed = report
        .exercises
        .iter()
        .filter(|e| e.status == Status::Pass)
        .count();
    let _ = writeln!(
        out,
        "\n{} · {} · {:.1} s",
        paint(
            s.strong,
            t!("report.total", score = report.score, max = report.max_score)
        ),
        t!(
            "report.passed",
            passed = passed,
            total = report.exercises.len()
        ),
        report.elapsed_ms as f64 / 1000.0
    );
    for note in &report.notes {
        let _ = writeln!(
            out,
            "{}",
            paint(s.dim, t!("report.note", note = clean(note)))
        );
    }
    if let Some(next) = report.exercises.iter().find(|e| e.status != Status::Pass) {
        if report.variant == Variant::Exercise
            && let Some(dir) = next.source.strip_suffix("/src/main.rs")
        {
            let _ = writeln!(
                out,
                "{} {}",
                paint(s.strong, t!("report.next")),
                t!(
                    "report.next_step",
                    dir = dir,
                    source = next.source,
                    id = next.id
                )
            );
        }
    } else if !report.exercises.is_empty() {
        let _ = writeln!(out, "{}", paint(s.pass, t!("report.all_pass")));
    }
    out
}

/// `text` padded with spaces to `width` characters.
fn pad(text: &str, width: usize) -> String {
    format!("{text:width$}")
}

fn details(out: &mut String, e: &ExerciseReport, s: Styles) {
    let _ = writeln!(
        out,
        "\n{}",
        paint(
            s.strong,
            format!("── {} {} · {}/{} ──", e.id, name(e), e.score, e.max_score)
        )
    );
    if let Some(err) = &e.error {
        let _ = writeln!(out, "   {}", paint(s.error, clean(err)));
        let _ = writeln!(out, "   {}", paint(s.dim, t!("report.compile_error_hint")));
        return;
    }
    let failing: Vec<_> = e
        .checks
        .iter()
        .filter(|c| matches!(c.outcome, Outcome::Fail(_)))
        .collect();
    let Some(first) = failing.first() else {
        return;
    };
    let Outcome::Fail(f) = &first.outcome else {
        unreachable!("filtered on failures")
    };
    let _ = writeln!(
        out,
        "   {} {}  {}",
        paint(s.fail, "✗"),
        paint(s.strong, &first.title),
        t!(
            "report.points",
            points = first.points,
            max = first.max_points
        )
    );
    if let Some(run) = &f.run {
        let _ = writeln!(out, "     {}", t!("report.in_run", run = clean(run)));
    }
    for line in f.message.lines() {
        let _ = writeln!(out, "     {}", clean(line));
    }
    if !f.quotes.is_empty() {
        let w = f
            .quotes
            .iter()
            .map(|q| q.line.to_string().len())
            .max()
            .unwrap_or(1);
        for q in &f.quotes {
            let _ = writeln!(
                out,
                "     {} {}",
                paint(s.dim, format!("{:>w$} │", q.line)),
                clean(&q.text)
            );
        }
    }
    let hint = clean(f.hint.as_deref().unwrap_or(&first.hint));
    let _ = writeln!(out, "     {}", paint(s.dim, t!("report.hint", hint = hint)));
    let _ = writeln!(
        out,
        "     {}",
        paint(s.dim, t!("report.replay", seed = first.seed))
    );
    if failing.len() > 1 {
        let others: Vec<&str> = failing[1..].iter().map(|c| c.id.as_str()).collect();
        let _ = writeln!(
            out,
            "     {}",
            paint(s.dim, t!("report.also_failing", checks = others.join(", ")))
        );
    }
    for c in &e.checks {
        if let Outcome::NotVerified { reason } = &c.outcome {
            let _ = writeln!(
                out,
                "     {} {}: {}",
                paint(s.error, "?"),
                c.title,
                clean(reason)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paint_adds_nothing_to_plain_or_empty_text() {
        assert_eq!(paint(Style::new(), "x"), "x");
        assert_eq!(paint(Styles::COLOURED.fail, ""), "");
        let red = paint(Styles::COLOURED.fail, "✗");
        assert!(red.starts_with('\u{1b}') && red.contains('✗'), "{red:?}");
        assert_eq!(anstream::adapter::strip_str(&red).to_string(), "✗");
    }

    #[test]
    fn the_report_speaks_the_current_language() {
        use crate::i18n::{Lang, with_lang};
        let e = crate::catalog::select(&["06".to_string()]).unwrap()[0];
        let render_in = |lang| {
            with_lang(lang, || {
                let error = crate::t!("build.does_not_compile", error = "error[E0308]: types");
                let exercise = crate::grade::errored(
                    e,
                    "ex06_shared_counter",
                    "exercises/06_shared_counter/src/main.rs",
                    error,
                );
                render(&Report {
                    schema_version: super::super::SCHEMA_VERSION,
                    seed: 7,
                    repeat: 2,
                    variant: Variant::Exercise,
                    score: 0,
                    max_score: exercise.max_score,
                    exercises: vec![exercise],
                    elapsed_ms: 1500,
                    notes: vec!["a note".into()],
                })
            })
        };
        let en = render_in(Lang::En);
        for expected in [
            "forklings · grading the exercises · seed 7 · 2 repetitions each",
            "  ! 06 shared_counter    0/13  does not compile: error[E0308]: types",
            "   hint: fix the first compiler error, then grade again.",
            "Total: 0/13 points · 0 of 1 exercises pass · 1.5 s",
            "Note: a note.",
            "Next: read exercises/06_shared_counter/README.md, edit",
        ] {
            assert!(en.contains(expected), "{expected:?} in:\n{en}");
        }
        let it = render_in(Lang::It);
        for expected in [
            "forklings · valutazione degli esercizi · seed 7 · 2 ripetizioni ciascuno",
            "  ! 06 shared_counter    0/13  non compila: error[E0308]: types",
            "   suggerimento: correggi il primo errore del compilatore, poi valuta di nuovo.",
            "Totale: 0/13 punti · esercizi superati: 0 su 1 · 1.5 s",
            "Nota: a note.",
            "Prossimo passo: leggi exercises/06_shared_counter/README.it.md, modifica",
        ] {
            assert!(it.contains(expected), "{expected:?} in:\n{it}");
        }
    }

    #[test]
    fn program_text_cannot_drive_the_terminal() {
        let text = clean("ok\n\u{1b}[2J\u{1b}]0;title\u{7}x");
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text}"
        );
        assert!(text.starts_with("ok\n"), "{text}");
    }
}
