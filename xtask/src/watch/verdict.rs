//! The verdict block of the watch screen: the score, the first failing check with the lines that
//! show it and its hint, and the next step. A plain function to a `String` (styled with ANSI
//! codes that `anstream` drops where colours are not wanted), so it is snapshot-tested.

use std::fmt::Write;
use std::time::Duration;

use anstyle::{AnsiColor, Style};
use grader::check::Exercise;
use grader::check::Outcome;
use grader::i18n::Lang;
use grader::report::{ExerciseReport, Status};
use grader::tr;

/// The block for one grading of an exercise that took `elapsed` (build included); `next` is the
/// exercise after it in the course.
pub fn block(lang: Lang, r: &ExerciseReport, next: Option<&Exercise>, elapsed: Duration) -> String {
    let mut out = String::new();
    let secs = format!("{:.1}", elapsed.as_secs_f64());
    let bold = Style::new().bold();
    let (style, headline) = match r.status {
        Status::Pass => (
            AnsiColor::Green.on_default().bold(),
            tr!(
                lang,
                "watch.verdict.pass",
                id = r.id,
                slug = r.slug,
                score = r.score,
                max = r.max_score,
                secs = secs
            ),
        ),
        Status::Fail => (
            AnsiColor::Red.on_default().bold(),
            tr!(
                lang,
                "watch.verdict.fail",
                id = r.id,
                slug = r.slug,
                score = r.score,
                max = r.max_score,
                secs = secs
            ),
        ),
        Status::Error => (
            AnsiColor::Red.on_default().bold(),
            tr!(
                lang,
                "watch.verdict.error",
                id = r.id,
                slug = r.slug,
                score = r.score,
                max = r.max_score,
                secs = secs
            ),
        ),
    };
    let _ = writeln!(out, "{style}{headline}{style:#}");

    if let Some(error) = &r.error {
        let _ = writeln!(out, "  {error}");
    } else if let Some(first) = r
        .checks
        .iter()
        .find(|c| matches!(c.outcome, Outcome::Fail(_)))
    {
        let Outcome::Fail(f) = &first.outcome else {
            unreachable!("found a failure")
        };
        let _ = writeln!(out);
        let failed = tr!(
            lang,
            "watch.check.failed",
            title = first.title,
            points = first.points,
            max = first.max_points
        );
        let _ = writeln!(out, "  {bold}{failed}{bold:#}");
        if let Some(run) = &f.run {
            let _ = writeln!(out, "    {}", tr!(lang, "watch.check.run", run = run));
        }
        for line in f.message.lines() {
            let _ = writeln!(out, "    {line}");
        }
        let width = f
            .quotes
            .iter()
            .map(|q| q.line.to_string().len())
            .max()
            .unwrap_or(1);
        let dim = Style::new().dimmed();
        for q in &f.quotes {
            let _ = writeln!(out, "    {dim}{:>width$} │{dim:#} {}", q.line, q.text);
        }
        let hint = f.hint.as_deref().unwrap_or(&first.hint);
        let cyan = AnsiColor::Cyan.on_default();
        let _ = writeln!(
            out,
            "    {cyan}{}{cyan:#}",
            tr!(lang, "watch.check.hint", hint = hint)
        );
        let others: Vec<&str> = r
            .checks
            .iter()
            .filter(|c| matches!(c.outcome, Outcome::Fail(_)))
            .skip(1)
            .map(|c| c.id.as_str())
            .collect();
        if !others.is_empty() {
            let _ = writeln!(
                out,
                "    {}",
                tr!(lang, "watch.check.also", checks = others.join(", "))
            );
        }
    }
    for c in &r.checks {
        if let Outcome::NotVerified { reason } = &c.outcome {
            let _ = writeln!(
                out,
                "  {}",
                tr!(
                    lang,
                    "watch.check.not_verified",
                    title = c.title,
                    reason = reason
                )
            );
        }
    }
    for note in &r.notes {
        let _ = writeln!(out, "  {}", tr!(lang, "watch.note", note = note));
    }

    let _ = writeln!(out);
    let next_step = match r.status {
        Status::Pass => match next {
            Some(n) => tr!(lang, "watch.next.pass", id = n.id, slug = n.slug),
            None => tr!(lang, "watch.next.pass_last"),
        },
        Status::Error => tr!(lang, "watch.next.error", source = r.source),
        Status::Fail if r.score == 0 => tr!(
            lang,
            "watch.next.start",
            lesson = r
                .source
                .strip_suffix("src/main.rs")
                .map_or_else(|| r.source.clone(), |dir| format!("{dir}README.md")),
            source = r.source
        ),
        Status::Fail => tr!(lang, "watch.next.fix", source = r.source),
    };
    let _ = writeln!(out, "{bold}{next_step}{bold:#}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use grader::check::{Failure, Quote};
    use grader::report::CheckReport;

    fn check(id: &str, title: &str, points: u32, max: u32, outcome: Outcome) -> CheckReport {
        CheckReport {
            id: id.into(),
            title: title.into(),
            points,
            max_points: max,
            outcome,
            hint: format!("the hint of {id}"),
            seed: 7,
            elapsed_us: 0,
        }
    }

    fn report(status: Status, checks: Vec<CheckReport>, error: Option<&str>) -> ExerciseReport {
        ExerciseReport {
            id: "01".into(),
            slug: "two_processes".into(),
            title: "Two processes, two functions, in parallel".into(),
            program: "ex01_two_processes".into(),
            source: "exercises/01_two_processes/src/main.rs".into(),
            status,
            score: checks.iter().map(|c| c.points).sum(),
            max_score: checks.iter().map(|c| c.max_points).sum(),
            error: error.map(Into::into),
            checks,
            runs: Vec::new(),
            notes: Vec::new(),
            hidden: None,
            elapsed_ms: 321,
        }
    }

    fn failure(message: &str, quotes: &[(usize, &str)], run: &str) -> Outcome {
        Outcome::Fail(Failure {
            message: message.into(),
            quotes: quotes
                .iter()
                .map(|&(line, text)| Quote {
                    line,
                    text: text.into(),
                })
                .collect(),
            run: Some(run.into()),
            hint: None,
        })
    }

    fn next() -> &'static Exercise {
        grader::catalog::all()[1]
    }

    /// The block as a reader sees it without colours, the time redacted.
    fn shown(lang: Lang, r: &ExerciseReport) -> String {
        let text = block(lang, r, Some(next()), Duration::from_millis(1234));
        let plain = anstream::adapter::strip_str(&text).to_string();
        assert!(plain.contains("1.2"), "the time is shown: {plain}");
        plain.replace("1.2", "[secs]")
    }

    fn stub() -> ExerciseReport {
        let todo = "not done yet: fork the two children (todo!() at exercises/01_two_processes/src/main.rs:40:5)";
        report(
            Status::Fail,
            vec![
                check(
                    "runs_both",
                    "both children run and end",
                    0,
                    4,
                    failure(todo, &[], "run 'defaults' (default arguments)"),
                ),
                check(
                    "in_parallel",
                    "the children overlap in time",
                    0,
                    6,
                    failure(todo, &[], "run 'defaults' (default arguments)"),
                ),
                check(
                    "exit_codes",
                    "the parent reports how each ended",
                    0,
                    4,
                    failure(todo, &[], "run 'defaults' (default arguments)"),
                ),
            ],
            None,
        )
    }

    fn mutant_like() -> ExerciseReport {
        report(
            Status::Fail,
            vec![
                check(
                    "runs_both",
                    "both children run and end",
                    4,
                    4,
                    Outcome::Pass,
                ),
                check(
                    "in_parallel",
                    "the children overlap in time",
                    0,
                    6,
                    failure(
                        "beta started after alpha had ended: the parent waited for alpha before forking beta",
                        &[
                            (1, "alpha: start pid=101"),
                            (2, "alpha: end sum=338350"),
                            (3, "beta: start pid=102"),
                        ],
                        "run 'random 2/3' (arguments: --n 100 --fib 25 --exit-code 3)",
                    ),
                ),
                check(
                    "exit_codes",
                    "the parent reports how each ended",
                    0,
                    4,
                    failure(
                        "no line 'parent: beta exited:3'",
                        &[(5, "parent: beta exited:0")],
                        "run 'random 2/3' (arguments: --n 100 --fib 25 --exit-code 3)",
                    ),
                ),
                check(
                    "are_processes",
                    "alpha and beta are processes",
                    2,
                    2,
                    Outcome::NotVerified {
                        reason: "not verified here: ptrace is not allowed".into(),
                    },
                ),
            ],
            None,
        )
    }

    fn passing() -> ExerciseReport {
        report(
            Status::Pass,
            vec![
                check(
                    "runs_both",
                    "both children run and end",
                    4,
                    4,
                    Outcome::Pass,
                ),
                check(
                    "in_parallel",
                    "the children overlap in time",
                    6,
                    6,
                    Outcome::Pass,
                ),
                check(
                    "exit_codes",
                    "the parent reports how each ended",
                    4,
                    4,
                    Outcome::Pass,
                ),
            ],
            None,
        )
    }

    fn compile_error() -> ExerciseReport {
        let mut r = stub();
        r.status = Status::Error;
        r.error = Some("does not compile: error[E0308]: mismatched types (exercises/01_two_processes/src/main.rs:12:9)".into());
        r
    }

    #[test]
    fn block_of_a_stub() {
        insta::assert_snapshot!("verdict_stub", shown(Lang::En, &stub()));
    }

    #[test]
    fn block_of_a_wrong_program() {
        insta::assert_snapshot!("verdict_failing", shown(Lang::En, &mutant_like()));
    }

    #[test]
    fn block_of_a_passing_program() {
        insta::assert_snapshot!("verdict_passing", shown(Lang::En, &passing()));
    }

    #[test]
    fn block_of_a_compile_error() {
        insta::assert_snapshot!("verdict_compile_error", shown(Lang::En, &compile_error()));
    }

    #[test]
    fn block_in_italian() {
        insta::assert_snapshot!("verdict_failing_it", shown(Lang::It, &mutant_like()));
    }

    #[test]
    fn the_last_exercise_has_no_next() {
        let text = block(Lang::En, &passing(), None, Duration::ZERO);
        assert!(
            text.contains(&tr!(Lang::En, "watch.next.pass_last")),
            "{text}"
        );
    }
}
