//! The report a person reads in a terminal (or a CI log): one line per exercise, then for each
//! exercise that did not pass its first failing check with the quoted output and a hint, then
//! the total and the next step. Plain text: it never needs a terminal.

use std::fmt::Write;

use super::{ExerciseReport, Report, Status};
use crate::check::{Outcome, Variant};

/// Longest message shown on an exercise's summary line.
const SUMMARY_WIDTH: usize = 90;

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

/// One line saying why an exercise did not pass, or nothing when it did.
fn reason(e: &ExerciseReport) -> String {
    if let Some(err) = &e.error {
        return err.clone();
    }
    if let Some(message) = e.checks.iter().find_map(|c| match &c.outcome {
        Outcome::Fail(f) => Some(f.message.clone()),
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
        Some(reason) => format!("{} check(s) {reason}", unverified.len()),
        None => String::new(),
    }
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let what = match report.variant {
        Variant::Exercise => "exercises",
        Variant::Solution => "reference solutions",
    };
    let repeat = if report.repeat > 1 {
        format!(" · {} repetitions each", report.repeat)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "forklings · grading the {what} · seed {}{repeat}\n",
        report.seed
    );
    let width = report
        .exercises
        .iter()
        .map(|e| e.slug.len())
        .max()
        .unwrap_or(0);
    for e in &report.exercises {
        let score = format!("{}/{}", e.score, e.max_score);
        let _ = writeln!(
            out,
            "  {} {} {:width$}  {score:>6}  {}",
            mark(e.status),
            e.id,
            e.slug,
            shorten(&reason(e), SUMMARY_WIDTH)
        );
    }
    for e in report.exercises.iter().filter(|e| e.status != Status::Pass) {
        details(&mut out, e);
    }
    let passed = report
        .exercises
        .iter()
        .filter(|e| e.status == Status::Pass)
        .count();
    let _ = writeln!(
        out,
        "\nTotal: {}/{} points · {passed} of {} exercises pass · {:.1} s",
        report.score,
        report.max_score,
        report.exercises.len(),
        report.elapsed_ms as f64 / 1000.0
    );
    for note in &report.notes {
        let _ = writeln!(out, "Note: {note}.");
    }
    if let Some(next) = report.exercises.iter().find(|e| e.status != Status::Pass) {
        if report.variant == Variant::Exercise
            && let Some(dir) = next.source.strip_suffix("/src/main.rs")
        {
            let _ = writeln!(
                out,
                "Next: read {dir}/README.md, edit {}, then run `cargo xtask grade {}`.",
                next.source, next.id
            );
        }
    } else if !report.exercises.is_empty() {
        let _ = writeln!(out, "Everything graded passes.");
    }
    out
}

fn details(out: &mut String, e: &ExerciseReport) {
    let _ = writeln!(
        out,
        "\n── {} {} · {}/{} ──",
        e.id, e.slug, e.score, e.max_score
    );
    if let Some(err) = &e.error {
        let _ = writeln!(out, "   {err}");
        let _ = writeln!(
            out,
            "   hint: fix the first compiler error, then grade again."
        );
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
        "   ✗ {}  ({}/{} points)",
        first.title, first.points, first.max_points
    );
    if let Some(run) = &f.run {
        let _ = writeln!(out, "     in {run}");
    }
    let _ = writeln!(out, "     {}", f.message);
    if !f.quotes.is_empty() {
        let w = f
            .quotes
            .iter()
            .map(|q| q.line.to_string().len())
            .max()
            .unwrap_or(1);
        for q in &f.quotes {
            let _ = writeln!(out, "     {:>w$} │ {}", q.line, q.text);
        }
    }
    let _ = writeln!(
        out,
        "     hint: {}",
        f.hint.as_deref().unwrap_or(&first.hint)
    );
    let _ = writeln!(out, "     replay: --seed {}", first.seed);
    if failing.len() > 1 {
        let others: Vec<&str> = failing[1..].iter().map(|c| c.id.as_str()).collect();
        let _ = writeln!(out, "     also failing: {}", others.join(", "));
    }
    for c in &e.checks {
        if let Outcome::NotVerified { reason } = &c.outcome {
            let _ = writeln!(out, "     ? {}: {reason}", c.title);
        }
    }
}
