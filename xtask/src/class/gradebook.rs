//! The gradebook: one row per student, one column per exercise (and per hidden variant), the
//! total, a status and notes; written as CSV and shown as a table.

use std::fmt::Write;

use grader::report::{ExerciseReport, Report, Status};
use grader::t;

/// One column: an exercise, or one of its hidden variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub id: String,
    pub slug: String,
    pub hidden: Option<String>,
    pub max: u32,
}

impl Column {
    pub fn of(e: &ExerciseReport) -> Column {
        Column {
            id: e.id.clone(),
            slug: e.slug.clone(),
            hidden: e.hidden.as_ref().map(|h| h.name.clone()),
            max: e.max_score,
        }
    }

    /// `06` or `06 many-workers`.
    pub fn name(&self) -> String {
        match &self.hidden {
            Some(h) => format!("{} {h}", self.id),
            None => self.id.clone(),
        }
    }

    fn matches(&self, e: &ExerciseReport) -> bool {
        e.id == self.id && e.hidden.as_ref().map(|h| &h.name) == self.hidden.as_ref()
    }
}

/// What grading one student's repo gave.
#[derive(Debug, Clone)]
pub struct Row {
    pub student: String,
    /// `None` when the repo could not be graded at all (see `notes`).
    pub report: Option<Report>,
    pub notes: Vec<String>,
}

impl Row {
    /// Points of `col`, `None` when the student has no such result.
    pub fn points(&self, col: &Column) -> Option<u32> {
        self.exercise(col).map(|e| e.score)
    }

    pub fn exercise(&self, col: &Column) -> Option<&ExerciseReport> {
        self.report
            .as_ref()?
            .exercises
            .iter()
            .find(|e| col.matches(e))
    }

    pub fn total(&self) -> u32 {
        self.report.as_ref().map_or(0, |r| r.score)
    }

    /// `pass` (every exercise passes), `partial` (some points), `zero`, or `not graded`: the
    /// CSV's words, the same in every language (a program may read them).
    pub fn status(&self) -> &'static str {
        match &self.report {
            None => "not graded",
            Some(r) if r.all_passed() => "pass",
            Some(r) if r.score > 0 => "partial",
            Some(_) => "zero",
        }
    }

    /// [`Row::status`] in words for the teacher, in the current language.
    pub fn status_text(&self) -> String {
        match &self.report {
            None => t!("class.status.not_graded"),
            Some(r) if r.all_passed() => t!("class.status.pass"),
            Some(r) if r.score > 0 => t!("class.status.partial"),
            Some(_) => t!("class.status.zero"),
        }
    }

    /// The notes, then one per exercise that could not be graded.
    pub fn all_notes(&self) -> Vec<String> {
        let mut notes = self.notes.clone();
        if let Some(r) = &self.report {
            for e in r.exercises.iter().filter(|e| e.status == Status::Error) {
                if e.hidden.is_none() {
                    let error = e
                        .error
                        .clone()
                        .unwrap_or_else(|| t!("class.status.not_graded"));
                    notes.push(format!("{}: {error}", e.id));
                }
            }
        }
        notes
    }
}

/// The columns of a class: those of the first graded report (every report has the same ones).
pub fn columns(rows: &[Row]) -> Vec<Column> {
    rows.iter()
        .find_map(|r| r.report.as_ref())
        .map(|r| r.exercises.iter().map(Column::of).collect())
        .unwrap_or_default()
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The gradebook as CSV: `student,01,02,…,total,max,status,notes`. The header and the status
/// words are English in every language (a machine format: spreadsheets and scripts read them);
/// the notes are in the current language.
pub fn csv(rows: &[Row], columns: &[Column]) -> String {
    let mut out = String::new();
    let mut header = vec!["student".to_string()];
    header.extend(columns.iter().map(|c| format!("{} (/{})", c.name(), c.max)));
    header.extend(["total", "max", "status", "notes"].map(String::from));
    let _ = writeln!(
        out,
        "{}",
        header
            .iter()
            .map(|h| csv_field(h))
            .collect::<Vec<_>>()
            .join(",")
    );
    let max: u32 = columns.iter().map(|c| c.max).sum();
    for row in rows {
        let mut fields = vec![csv_field(&row.student)];
        for c in columns {
            fields.push(row.points(c).unwrap_or(0).to_string());
        }
        fields.push(row.total().to_string());
        fields.push(max.to_string());
        fields.push(row.status().to_string());
        fields.push(csv_field(&row.all_notes().join("; ")));
        let _ = writeln!(out, "{}", fields.join(","));
    }
    out
}

/// The gradebook as a plain table for the terminal, in the current language.
pub fn table(rows: &[Row], columns: &[Column]) -> String {
    let mut out = String::new();
    let student = t!("class.column.student");
    let width = rows
        .iter()
        .map(|r| r.student.chars().count())
        .max()
        .unwrap_or(0)
        .max(student.chars().count());
    let _ = write!(out, "{student:<width$}");
    for c in columns {
        let _ = write!(out, " {:>6}", shorten(&c.name(), 6));
    }
    let _ = writeln!(
        out,
        " {:>8}  {}",
        t!("class.column.total"),
        t!("class.column.status")
    );
    let max: u32 = columns.iter().map(|c| c.max).sum();
    for row in rows {
        let _ = write!(out, "{:<width$}", shorten(&row.student, width));
        for c in columns {
            let cell = match row.exercise(c) {
                Some(e) if e.status == Status::Error => t!("class.cell.error"),
                Some(e) => e.score.to_string(),
                None => "-".to_string(),
            };
            let _ = write!(out, " {cell:>6}");
        }
        let total = format!("{}/{max}", row.total());
        let _ = writeln!(out, " {total:>8}  {}", row.status_text());
        for note in row.all_notes() {
            let _ = writeln!(out, "{:<width$}   · {}", "", shorten(&note, 100));
        }
    }
    out
}

fn shorten(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let cut: String = s.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use grader::check::{Failure, Outcome, Variant};
    use grader::report::{CheckReport, Hidden, Visibility};

    pub fn exercise(id: &str, score: u32, max: u32, hidden: Option<&str>) -> ExerciseReport {
        ExerciseReport {
            id: id.into(),
            slug: format!("slug{id}"),
            title: "t".into(),
            program: "p".into(),
            source: "s".into(),
            status: if score == max {
                Status::Pass
            } else {
                Status::Fail
            },
            score,
            max_score: max,
            error: None,
            checks: vec![CheckReport {
                id: "c".into(),
                title: "c".into(),
                points: score,
                max_points: max,
                outcome: if score == max {
                    Outcome::Pass
                } else {
                    Outcome::Fail(Failure::new("no"))
                },
                hint: "h".into(),
                seed: 1,
            }],
            runs: vec![],
            notes: vec![],
            hidden: hidden.map(|name| Hidden {
                name: name.into(),
                visibility: Visibility::Hidden,
            }),
            elapsed_ms: 1,
        }
    }

    pub fn report(exercises: Vec<ExerciseReport>) -> Report {
        Report {
            schema_version: 1,
            seed: 1,
            repeat: 1,
            variant: Variant::Exercise,
            score: exercises.iter().map(|e| e.score).sum(),
            max_score: exercises.iter().map(|e| e.max_score).sum(),
            exercises,
            elapsed_ms: 1,
            notes: vec![],
        }
    }

    pub fn rows() -> Vec<Row> {
        let mut broken = exercise("02", 0, 5, None);
        broken.status = Status::Error;
        broken.error = Some("does not compile: error[E0425]".into());
        vec![
            Row {
                student: "alice".into(),
                report: Some(report(vec![
                    exercise("01", 4, 4, None),
                    exercise("02", 5, 5, None),
                    exercise("02", 5, 5, Some("big")),
                ])),
                notes: vec![],
            },
            Row {
                student: "bob, jr.".into(),
                report: Some(report(vec![
                    exercise("01", 2, 4, None),
                    broken,
                    exercise("02", 0, 5, Some("big")),
                ])),
                notes: vec!["modified grader files: grader/src/check.rs".into()],
            },
            Row {
                student: "carol".into(),
                report: None,
                notes: vec!["no exercises/ folder found".into()],
            },
        ]
    }

    #[test]
    fn csv_has_a_column_per_exercise_and_variant_and_escapes() {
        let rows = rows();
        let cols = columns(&rows);
        assert_eq!(
            cols.iter().map(Column::name).collect::<Vec<_>>(),
            ["01", "02", "02 big"]
        );
        let text = csv(&rows, &cols);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "student,01 (/4),02 (/5),02 big (/5),total,max,status,notes"
        );
        assert_eq!(lines[1], "alice,4,5,5,14,14,pass,");
        assert_eq!(
            lines[2],
            "\"bob, jr.\",2,0,0,2,14,partial,modified grader files: grader/src/check.rs; 02: does not compile: error[E0425]"
        );
        assert_eq!(
            lines[3],
            "carol,0,0,0,0,14,not graded,no exercises/ folder found"
        );
    }

    #[test]
    fn the_table_speaks_italian_and_the_csv_stays_english() {
        use grader::i18n::{Lang, with_lang};
        let rows = rows();
        let cols = columns(&rows);
        let text = with_lang(Lang::It, || table(&rows, &cols));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0], "studente     01     02 02 big   totale  stato",
            "{text}"
        );
        assert_eq!(
            lines[1], "alice         4      5      5    14/14  superato",
            "{text}"
        );
        let bob = lines.iter().find(|l| l.starts_with("bob")).unwrap();
        assert!(
            bob.contains("errore") && bob.ends_with(" 2/14  parziale"),
            "{bob}"
        );
        let carol = lines.iter().find(|l| l.starts_with("carol")).unwrap();
        assert!(carol.ends_with(" 0/14  non valutato"), "{carol}");
        // Nothing English is left in the words the table adds.
        let words: Vec<&str> = text.split_whitespace().collect();
        for word in ["student", "total", "status", "pass", "partial", "err"] {
            assert!(!words.contains(&word), "{word:?} in:\n{text}");
        }
        assert!(!text.contains("not graded"), "{text}");
        // The CSV is read by programs: the same header and status words in every language.
        assert_eq!(with_lang(Lang::It, || csv(&rows, &cols)), csv(&rows, &cols));
    }

    #[test]
    fn table_marks_errors_and_missing_results() {
        let rows = rows();
        let text = table(&rows, &columns(&rows));
        assert!(text.contains("alice"), "{text}");
        let bob = text.lines().find(|l| l.starts_with("bob")).unwrap();
        assert!(bob.contains("err"), "{bob}");
        let carol = text.lines().find(|l| l.starts_with("carol")).unwrap();
        assert!(
            carol.contains("not graded") && carol.contains('-'),
            "{carol}"
        );
    }
}
