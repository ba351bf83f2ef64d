//! JUnit XML, as GitLab's test reports and the common GitHub JUnit reporters read it: one
//! `testsuite` per exercise (a hidden variant is its own suite, `06_shared_counter (hidden:
//! many-workers)`) with the points of each check in its `properties`, one `testcase` per check
//! with `classname`, a stable `name` (`exactly_once: every task ran exactly once`, no points),
//! `file` (the source to edit) and `time` (what the check took to judge the runs), and as its
//! text the points and the failure with its quoted lines. A check that could not be verified
//! (full points) is `skipped` with the reason; an exercise that could not be graded has an
//! `error` per check. Valid against `grader/schema/junit.xsd`.

use std::fmt::Write;

use super::{ExerciseReport, Report, Status, failure_text};
use crate::check::Outcome;
use crate::t;

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

/// A check's time in seconds, as JUnit writes it: the time it spent judging the runs (the
/// runs themselves are the suite's time).
fn seconds(us: u64) -> String {
    format!("{}.{:06}", us / 1_000_000, us % 1_000_000)
}

/// The suite of an exercise: `06_shared_counter`, or for a hidden variant
/// `06_shared_counter (hidden: many-workers)`.
fn suite_name(e: &ExerciseReport) -> String {
    format!("{}_{}", e.id, super::human::name(e))
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
    let skipped = if e.status == Status::Error {
        0
    } else {
        e.checks
            .iter()
            .filter(|c| matches!(c.outcome, Outcome::NotVerified { .. }))
            .count()
    };
    let name = suite_name(e);
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" \
         skipped=\"{skipped}\" time=\"{:.3}\">",
        xml(&name),
        e.checks.len(),
        e.elapsed_ms as f64 / 1000.0
    );
    // Points live in the suite's properties and in a failure's text, never in a testcase's
    // name: GitLab knows a test by suite, classname and name, so a name must not change when
    // the check starts to pass.
    let _ = writeln!(out, "    <properties>");
    let mut property = |key: &str, value: String| {
        let _ = writeln!(
            out,
            "      <property name=\"{}\" value=\"{}\"/>",
            xml(key),
            xml(&value)
        );
    };
    property("score", format!("{}/{}", e.score, e.max_score));
    for c in &e.checks {
        property(
            &format!("points.{}", c.id),
            format!("{}/{}", c.points, c.max_points),
        );
    }
    let _ = writeln!(out, "    </properties>");
    for c in &e.checks {
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" time=\"{}\"",
            xml(&format!("forklings.{name}")),
            xml(&format!("{}: {}", c.id, c.title)),
            xml(&e.source),
            seconds(c.elapsed_us)
        );
        if e.status == Status::Error {
            let why = e.error.clone().unwrap_or_default();
            let _ = writeln!(
                out,
                ">\n      <error message=\"{}\" type=\"not_graded\">{}</error>\n    </testcase>",
                xml(&why),
                xml_text(&why)
            );
        } else if let Some((message, body)) = failure_text(c) {
            let points = t!("report.points", points = c.points, max = c.max_points);
            let _ = writeln!(
                out,
                ">\n      <failure message=\"{}\" type=\"check\">{}</failure>\n    </testcase>",
                xml(&message),
                xml_text(&format!("{points}\n{body}"))
            );
        } else if let Outcome::NotVerified { reason } = &c.outcome {
            // Full points, but the grader could not look: a skip says so to CI.
            let _ = writeln!(
                out,
                ">\n      <skipped message=\"{}\">{}</skipped>\n    </testcase>",
                xml(reason),
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
    let count = |status: Status, pick: fn(&Outcome) -> bool| -> usize {
        report
            .exercises
            .iter()
            .filter(|e| e.status == status)
            .flat_map(|e| &e.checks)
            .filter(|c| pick(&c.outcome))
            .count()
    };
    let failures = count(Status::Fail, |o| matches!(o, Outcome::Fail(_)));
    let errors = count(Status::Error, |_| true);
    let skipped = count(Status::Fail, |o| matches!(o, Outcome::NotVerified { .. }))
        + count(Status::Pass, |o| matches!(o, Outcome::NotVerified { .. }));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"forklings (seed {})\" tests=\"{checks}\" failures=\"{failures}\" \
         errors=\"{errors}\" skipped=\"{skipped}\" time=\"{:.3}\">",
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
