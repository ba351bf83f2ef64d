//! Gradescope's `results.json` (autograder specification): total score, execution time, and
//! one test per check with its score, maximum, status, output and visibility.
//!
//! The checks of a teacher's hidden variant take the variant's visibility (`hidden`,
//! `after_due_date` (the default), `after_published`: Gradescope's own names); every other
//! check is `visible`. While a test is not shown, Gradescope hides the student's total too; a
//! `hidden` test hides it for good. The top-level `output`, which a student always sees, is the human report of the
//! visible part only, so a hidden variant's name and failures never show there.

use serde_json::{Value, json};

use super::{ExerciseReport, Report, Visibility, failure_text};
use crate::check::Outcome;

/// Who may see the tests of `e`, in Gradescope's words.
fn visibility(e: &ExerciseReport) -> Visibility {
    e.hidden
        .as_ref()
        .map_or(Visibility::Visible, |h| h.visibility)
}

/// The exercise's slug, and the hidden variant's name.
fn tags(e: &ExerciseReport) -> Vec<String> {
    let mut tags = vec![e.slug.clone()];
    tags.extend(e.hidden.as_ref().map(|h| format!("hidden: {}", h.name)));
    tags
}

/// The report without the exercises a student may not see yet, with a note saying how many
/// were left out.
fn visible_part(report: &Report) -> Report {
    let mut visible = report.clone();
    visible
        .exercises
        .retain(|e| visibility(e) == Visibility::Visible);
    let left_out = report.exercises.len() - visible.exercises.len();
    if left_out > 0 {
        visible.score = visible.exercises.iter().map(|e| e.score).sum();
        visible.max_score = visible.exercises.iter().map(|e| e.max_score).sum();
        visible
            .notes
            .push(crate::t!("report.hidden_left_out", count = left_out));
    }
    visible
}

pub fn render(report: &Report) -> String {
    let mut tests: Vec<Value> = Vec::new();
    for e in &report.exercises {
        for c in &e.checks {
            let output = match (&e.error, failure_text(c), &c.outcome) {
                (Some(err), _, _) => err.clone(),
                (None, Some((_, body)), _) => body,
                (None, None, Outcome::NotVerified { reason }) => reason.clone(),
                _ => String::new(),
            };
            tests.push(json!({
                "name": format!("{} {}: {}", e.id, super::human::name(e), c.title),
                "number": match &e.hidden {
                    Some(h) => format!("{}.{}.{}", e.id, h.name, c.id),
                    None => format!("{}.{}", e.id, c.id),
                },
                "score": c.points,
                "max_score": c.max_points,
                "status": if c.points == c.max_points && e.error.is_none() { "passed" } else { "failed" },
                "output": output,
                "visibility": visibility(e),
                "tags": tags(e),
            }));
        }
    }
    let summary = super::human::render(&visible_part(report));
    let results = json!({
        "score": report.score,
        "execution_time": report.elapsed_ms / 1000,
        "output": summary,
        "output_format": "text",
        // The log of run_autograder is the teacher's (it may name hidden variants).
        "stdout_visibility": "hidden",
        "tests": tests,
    });
    serde_json::to_string_pretty(&results).expect("always serializes")
}
