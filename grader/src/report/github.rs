//! GitHub: the result JSON that GitHub Classroom's grading reporter reads, a Markdown score
//! table for the job summary, and one annotation per failed check — with every piece of
//! program output escaped so it can never become a workflow command.

use std::fmt::Write;

use serde_json::json;

use super::{Report, Status, failure_text};
use crate::check::Outcome;
use crate::t;

fn status_word(passed: bool, error: bool) -> &'static str {
    match (error, passed) {
        (true, _) => "error",
        (false, true) => "pass",
        (false, false) => "fail",
    }
}

/// The Classroom result: `{version, status, max_score, tests: [{name, status, score, …}]}`.
pub fn render(report: &Report) -> String {
    let mut tests = Vec::new();
    for e in &report.exercises {
        for c in &e.checks {
            let message = match (&e.error, failure_text(c)) {
                (Some(err), _) => err.clone(),
                (None, Some((_, body))) => body,
                (None, None) => String::new(),
            };
            tests.push(json!({
                "name": format!("{} {}: {}", e.id, super::human::name(e), c.title),
                "status": status_word(c.outcome.passed(), e.status == Status::Error),
                "score": c.points,
                "max_score": c.max_points,
                "message": message,
                "test_code": c.id,
                "filename": e.source,
                "line_no": 0,
                "execution_time": format!("{:.2}s", e.elapsed_ms as f64 / 1000.0),
            }));
        }
    }
    let any_error = report.exercises.iter().any(|e| e.status == Status::Error);
    let result = json!({
        "version": 1,
        "status": status_word(report.all_passed(), any_error),
        "max_score": report.max_score,
        "score": report.score,
        "tests": tests,
    });
    serde_json::to_string_pretty(&result).expect("always serializes") + "\n"
}

/// A Markdown table of scores for `$GITHUB_STEP_SUMMARY`.
pub fn summary(report: &Report) -> String {
    let mut out = format!(
        "### forklings\n\n| {} | {} | {} |\n|---|---:|---|\n",
        t!("github.column.exercise"),
        t!("github.column.score"),
        t!("github.column.status")
    );
    for e in &report.exercises {
        let status = match e.status {
            Status::Pass => format!("✅ {}", t!("github.status.pass")),
            Status::Fail => format!("❌ {}", t!("github.status.fail")),
            Status::Error => format!("⚠️ {}", t!("github.status.error")),
        };
        let _ = writeln!(
            out,
            "| {} {} | {}/{} | {status} |",
            e.id,
            super::human::name(e).replace('|', "\\|"),
            e.score,
            e.max_score
        );
    }
    let _ = writeln!(
        out,
        "\n{}",
        t!(
            "github.total",
            score = report.score,
            max = report.max_score,
            seed = report.seed
        )
    );
    out
}

/// Escapes the data of a workflow command (after the final `::`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command (`title=…`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One `::error` annotation per failed check, each on one line whatever the output held.
pub fn annotations(report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    for e in &report.exercises {
        for c in &e.checks {
            let body = match (&e.error, &c.outcome) {
                (Some(err), _) => err.clone(),
                (None, Outcome::Fail(_)) => failure_text(c).map(|(_, b)| b).unwrap_or_default(),
                _ => continue,
            };
            out.push(format!(
                "::error file={},title={}::{}",
                escape_property(&e.source),
                escape_property(&format!("{} {}: {}", e.id, super::human::name(e), c.title)),
                escape_data(&body)
            ));
            if e.error.is_some() {
                break; // one annotation for an exercise that could not be graded
            }
        }
    }
    out
}

/// Appends the summary to `$GITHUB_STEP_SUMMARY` (when set) and prints the annotations on
/// standard error, where the runner reads workflow commands too.
pub fn publish(report: &Report) -> std::io::Result<()> {
    if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") {
        use std::io::Write as _;
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        file.write_all(summary(report).as_bytes())?;
    }
    for line in annotations(report) {
        eprintln!("{line}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_cannot_start_a_workflow_command() {
        let data = escape_data("bad\n::stop-commands::x\r\n::add-mask::y 100%");
        assert!(!data.contains('\n') && !data.contains('\r'));
        assert!(data.ends_with("100%25"), "{data}");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
