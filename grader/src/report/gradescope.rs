//! Gradescope's `results.json` (autograder specification): total score, execution time, and
//! one test per check with its score, maximum, status, output and visibility.

use serde_json::{Value, json};

use super::{Report, failure_text};
use crate::check::Outcome;

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
                "name": format!("{} {}: {}", e.id, e.slug, c.title),
                "number": format!("{}.{}", e.id, c.id),
                "score": c.points,
                "max_score": c.max_points,
                "status": if c.points == c.max_points && e.error.is_none() { "passed" } else { "failed" },
                "output": output,
                "visibility": "visible",
                "tags": [e.slug.clone()],
            }));
        }
    }
    let summary = super::human::render(report);
    let results = json!({
        "score": report.score,
        "execution_time": report.elapsed_ms / 1000,
        "output": summary,
        "output_format": "text",
        "tests": tests,
    });
    serde_json::to_string_pretty(&results).expect("always serializes")
}
