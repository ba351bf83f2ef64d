//! JUnit XML, as GitLab's test reports and the common GitHub JUnit reporters read it: one
//! `testsuite` per exercise, one `testcase` per check, the failure text with its quoted lines.

use std::fmt::Write;

use super::{ExerciseReport, Report, Status, failure_text};
use crate::check::Outcome;

/// Escapes text for an XML attribute value (newlines kept as `&#10;`), dropping characters
/// XML 1.0 forbids.
fn xml(text: &str) -> String {
    escape(text, true)
}

/// Escapes text for XML element content (newlines kept as they are).
fn xml_text(text: &str) -> String {
    escape(text, false)
}

fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' if !attribute => out.push('\n'),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('?'),
            c => out.push(c),
        }
    }
    out
}

fn suite(out: &mut String, e: &ExerciseReport) {
    let failures = e
        .checks
        .iter()
        .filter(|c| matches!(c.outcome, Outcome::Fail(_)))
        .count();
    let (failures, errors) = if e.status == Status::Error {
        (0, e.checks.len())
    } else {
        (failures, 0)
    };
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" \
         skipped=\"0\" time=\"{:.3}\">",
        xml(&format!("{}_{}", e.id, e.slug)),
        e.checks.len(),
        e.elapsed_ms as f64 / 1000.0
    );
    for c in &e.checks {
        let _ = write!(
            out,
            "    <testcase classname=\"forklings.{}_{}\" name=\"{}\" time=\"0\"",
            xml(&e.id),
            xml(&e.slug),
            xml(&format!(
                "{} ({}/{} points): {}",
                c.id, c.points, c.max_points, c.title
            ))
        );
        if e.status == Status::Error {
            let why = e.error.clone().unwrap_or_default();
            let _ = writeln!(
                out,
                ">\n      <error message=\"{}\">{}</error>\n    </testcase>",
                xml(&why),
                xml_text(&why)
            );
        } else if let Some((message, body)) = failure_text(c) {
            let _ = writeln!(
                out,
                ">\n      <failure message=\"{}\" type=\"check\">{}</failure>\n    </testcase>",
                xml(&message),
                xml_text(&body)
            );
        } else if let Outcome::NotVerified { reason } = &c.outcome {
            let _ = writeln!(
                out,
                ">\n      <system-out>{}</system-out>\n    </testcase>",
                xml_text(reason)
            );
        } else {
            let _ = writeln!(out, "/>");
        }
    }
    let _ = writeln!(out, "  </testsuite>");
}

pub fn render(report: &Report) -> String {
    let checks: usize = report.exercises.iter().map(|e| e.checks.len()).sum();
    let failures: usize = report
        .exercises
        .iter()
        .filter(|e| e.status == Status::Fail)
        .flat_map(|e| &e.checks)
        .filter(|c| matches!(c.outcome, Outcome::Fail(_)))
        .count();
    let errors: usize = report
        .exercises
        .iter()
        .filter(|e| e.status == Status::Error)
        .map(|e| e.checks.len())
        .sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"forklings (seed {})\" tests=\"{checks}\" failures=\"{failures}\" \
         errors=\"{errors}\" time=\"{:.3}\">",
        report.seed,
        report.elapsed_ms as f64 / 1000.0
    );
    for e in &report.exercises {
        suite(&mut out, e);
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_forbidden_characters() {
        assert_eq!(
            xml("a<b>&\"c'\n\u{1}"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#10;?"
        );
        assert_eq!(xml_text("x\ny<"), "x\ny&lt;");
    }
}
