//! GitHub: the result JSON that GitHub Classroom's grading reporter reads, a Markdown score
//! table for the job summary, and one annotation per failed check — with every piece of
//! program output escaped so it can never become a workflow command.

use std::fmt::Write;

use serde_json::json;

use super::{Report, Status, failure_text};
use crate::check::Outcome;
use crate::t;

/// Linux refuses to start a program with one environment string (`NAME=value`) longer than
/// this (`MAX_ARG_STRLEN`, 32 pages): the reporter gets each result in `<ID>_RESULTS`, and with
/// one such variable too long its step never starts and Classroom records nothing for anyone.
pub const ENV_STRING_LIMIT: usize = 128 * 1024;

/// The most a result may take, in bytes of JSON: in base64 (4/3 of it) 64 KiB, half of
/// [`ENV_STRING_LIMIT`], whatever the program printed. Failure texts are cut to fit.
pub const MAX_RESULT_BYTES: usize = 48 * 1024;

fn status_word(passed: bool, error: bool) -> &'static str {
    match (error, passed) {
        (true, _) => "error",
        (false, true) => "pass",
        (false, false) => "fail",
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The points one test of the result is worth: the greatest common divisor of the checks'
/// points (1 for this kit's catalog).
///
/// The reporter sends Classroom the sum of the tests' scores, but its log scores a result as
/// tests passed ÷ tests × `max_score`. The two agree only when every test is worth the same,
/// so a check worth 5 points is written as 5 tests of 1 point (`… · point 1/5` to `5/5`), all passed
/// or all failed like the check.
pub fn unit_points(report: &Report) -> u32 {
    let g = report
        .exercises
        .iter()
        .flat_map(|e| &e.checks)
        .fold(0, |g, c| gcd(c.max_points, g));
    g.max(1)
}

/// One test of the result, its message apart (cut to fit by [`render`]).
struct Unit {
    test: serde_json::Value,
    message: String,
}

fn units(report: &Report) -> Vec<Unit> {
    let g = unit_points(report);
    let mut out = Vec::new();
    for e in &report.exercises {
        let error = e.status == Status::Error;
        for (i, c) in e.checks.iter().enumerate() {
            let n = c.max_points / g;
            let earned = c.points / g;
            let first_message = match (&e.error, failure_text(c)) {
                // One exercise that could not be graded: its error once, then a pointer to it.
                (Some(err), _) if i == 0 => err.clone(),
                (Some(_), _) => t!("grade.not_graded"),
                (None, Some((_, body))) => body,
                (None, None) => String::new(),
            };
            let title = format!("{} {}: {}", e.id, super::human::name(e), c.title);
            for k in 0..n {
                let passed = k < earned;
                let first_missed = k == earned;
                out.push(Unit {
                    test: json!({
                        "name": if n == 1 {
                            title.clone()
                        } else {
                            t!("github.point", title = title, k = k + 1, n = n)
                        },
                        "status": status_word(passed, error),
                        "score": if passed { g } else { 0 },
                        "max_score": g,
                        "test_code": if k == 0 { c.id.as_str() } else { "" },
                        "filename": e.source,
                        "line_no": 0,
                        "execution_time": format!("{:.3}s", c.elapsed_us as f64 / 1e6),
                    }),
                    message: if first_missed || (error && k == 0) {
                        first_message.clone()
                    } else {
                        String::new()
                    },
                });
            }
        }
    }
    out
}

/// The Classroom result, `{version, status, max_score, tests: [{name, status, score, …}]}`,
/// at most [`MAX_RESULT_BYTES`]: every check's points as tests of [`unit_points`] each, a
/// failure's text on the first test it cost.
pub fn render(report: &Report) -> String {
    let units = units(report);
    let any_error = report.exercises.iter().any(|e| e.status == Status::Error);
    let result = |cut_at: Option<usize>| -> String {
        let tests: Vec<serde_json::Value> = units
            .iter()
            .map(|u| {
                let mut test = u.test.clone();
                test["message"] = match cut_at {
                    Some(max) => crate::verdict::cut(&u.message, max),
                    None => u.message.clone(),
                }
                .into();
                test
            })
            .collect();
        let result = json!({
            "version": 1,
            "status": status_word(report.all_passed(), any_error),
            "max_score": report.max_score,
            "score": report.score,
            "tests": tests,
        });
        serde_json::to_string_pretty(&result).expect("always serializes") + "\n"
    };
    let whole = result(None);
    if whole.len() <= MAX_RESULT_BYTES {
        return whole;
    }
    // Too long: cut every message to an equal share of what is left, smaller until it fits.
    let bare = result(Some(0)).len();
    let messages = units
        .iter()
        .filter(|u| !u.message.is_empty())
        .count()
        .max(1);
    let mut share = MAX_RESULT_BYTES.saturating_sub(bare) / messages;
    loop {
        let cut = result(Some(share));
        if cut.len() <= MAX_RESULT_BYTES || share == 0 {
            return cut;
        }
        share /= 2;
    }
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
        "\n{}\n\n{}",
        t!(
            "github.total",
            score = report.score,
            max = report.max_score,
            seed = report.seed
        ),
        t!("github.recorded")
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
