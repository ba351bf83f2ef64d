//! The gradebook: one row per student, one column per exercise (and per hidden variant), the
//! total, a status and notes; written as CSV and shown as a table. A row keeps only what the
//! gradebook shows (no runs, no checks), so it travels as JSON between the machines of a
//! sharded class (`grade-class --shard`, `merge-class`) and renders the same everywhere.

use std::fmt::Write;

use grader::report::{ExerciseReport, Report, Status};
use grader::t;
use serde::{Deserialize, Serialize};

/// One column: an exercise, or one of its hidden variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub id: String,
    pub slug: String,
    pub hidden: Option<String>,
    pub max: u32,
}

impl Column {
    pub fn of(c: &Cell) -> Column {
        Column {
            id: c.id.clone(),
            slug: c.slug.clone(),
            hidden: c.hidden.clone(),
            max: c.max,
        }
    }

    /// `06` or `06 many-workers`.
    pub fn name(&self) -> String {
        match &self.hidden {
            Some(h) => format!("{} {h}", self.id),
            None => self.id.clone(),
        }
    }

    /// `06 shared_counter` or `06 many-workers`: the name an LMS shows.
    pub fn long_name(&self) -> String {
        match &self.hidden {
            Some(h) => format!("{} {h}", self.id),
            None => format!("{} {}", self.id, self.slug),
        }
    }

    fn matches(&self, c: &Cell) -> bool {
        c.id == self.id && c.hidden == self.hidden
    }
}

/// One exercise (or hidden variant) of one graded student.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub id: String,
    pub slug: String,
    pub hidden: Option<String>,
    pub max: u32,
    pub score: u32,
    pub passed: bool,
    /// Why it could not be graded (it does not compile, …): it scores 0.
    pub error: Option<String>,
}

impl Cell {
    fn of(e: &ExerciseReport) -> Cell {
        Cell {
            id: e.id.clone(),
            slug: e.slug.clone(),
            hidden: e.hidden.as_ref().map(|h| h.name.clone()),
            max: e.max_score,
            score: e.score,
            passed: e.status == Status::Pass,
            error: (e.status == Status::Error).then(|| {
                e.error
                    .clone()
                    .unwrap_or_else(|| t!("class.status.not_graded"))
            }),
        }
    }
}

/// What grading one student's repo gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub student: String,
    /// One per exercise and hidden variant; `None` when the repo could not be graded at all
    /// (see `notes`): such a student has no points, not zero points.
    pub cells: Option<Vec<Cell>>,
    pub notes: Vec<String>,
}

impl Row {
    pub fn of(student: String, report: Option<&Report>, notes: Vec<String>) -> Row {
        Row {
            student,
            cells: report.map(|r| r.exercises.iter().map(Cell::of).collect()),
            notes,
        }
    }

    pub fn graded(&self) -> bool {
        self.cells.is_some()
    }

    /// Points of `col`, `None` when the student has no such result.
    pub fn points(&self, col: &Column) -> Option<u32> {
        self.cell(col).map(|c| c.score)
    }

    pub fn cell(&self, col: &Column) -> Option<&Cell> {
        self.cells.as_ref()?.iter().find(|c| col.matches(c))
    }

    /// The total, `None` when not graded.
    pub fn total(&self) -> Option<u32> {
        self.cells.as_ref().map(|c| c.iter().map(|c| c.score).sum())
    }

    /// The points there were to get (0 when not graded).
    pub fn max(&self) -> u32 {
        self.cells
            .as_ref()
            .map_or(0, |c| c.iter().map(|c| c.max).sum())
    }

    /// `pass` (every exercise passes), `partial` (some points), `zero`, or `not graded`: the
    /// CSV's words, the same in every language (a program may read them).
    pub fn status(&self) -> &'static str {
        match &self.cells {
            None => "not graded",
            Some(c) if c.iter().all(|c| c.passed) => "pass",
            Some(_) if self.total() > Some(0) => "partial",
            Some(_) => "zero",
        }
    }

    /// [`Row::status`] in words for the teacher, in the current language.
    pub fn status_text(&self) -> String {
        match self.status() {
            "not graded" => t!("class.status.not_graded"),
            "pass" => t!("class.status.pass"),
            "partial" => t!("class.status.partial"),
            _ => t!("class.status.zero"),
        }
    }

    /// The notes, then one per exercise that could not be graded.
    pub fn all_notes(&self) -> Vec<String> {
        let mut notes = self.notes.clone();
        for c in self.cells.iter().flatten() {
            if let (Some(error), None) = (&c.error, &c.hidden) {
                notes.push(format!("{}: {error}", c.id));
            }
        }
        notes
    }
}

/// The columns of a class: those of the first graded row (every graded row has the same ones).
pub fn columns(rows: &[Row]) -> Vec<Column> {
    rows.iter()
        .find_map(|r| r.cells.as_ref())
        .map(|cells| cells.iter().map(Column::of).collect())
        .unwrap_or_default()
}

/// A CSV field: quoted when it holds a separator, a quote or a line break; and, when a
/// spreadsheet would run it as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return: a student folder named `=2+3`), prefixed with `'`, which spreadsheets show as text.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The byte order mark that makes Excel read a CSV file as UTF-8 (without it, Excel reads the
/// Italian notes as Windows-1252 and garbles every accent). LibreOffice, Python's `utf-8-sig`,
/// Moodle and Canvas skip it.
pub const BOM: &str = "\u{feff}";

/// The gradebook as CSV: `student,01,02,…,total,max,status,notes`, UTF-8 with a BOM. The header
/// and the status words are English in every language (a machine format: spreadsheets and
/// scripts read them); the notes are in the current language. A student who could not be graded
/// has empty cells, not zeros.
pub fn csv(rows: &[Row], columns: &[Column]) -> String {
    let mut out = String::from(BOM);
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
            fields.push(cell_text(row, c));
        }
        fields.push(row.total().map(|t| t.to_string()).unwrap_or_default());
        fields.push(max.to_string());
        fields.push(row.status().to_string());
        fields.push(csv_field(&row.all_notes().join("; ")));
        let _ = writeln!(out, "{}", fields.join(","));
    }
    out
}

/// A row's points in `col`: empty when the student was not graded (or lacks the column).
pub fn cell_text(row: &Row, col: &Column) -> String {
    match (row.graded(), row.points(col)) {
        (_, Some(p)) => p.to_string(),
        (true, None) => "0".to_string(),
        (false, None) => String::new(),
    }
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
            let cell = match row.cell(c) {
                Some(e) if e.error.is_some() => t!("class.cell.error"),
                Some(e) => e.score.to_string(),
                None => "-".to_string(),
            };
            let _ = write!(out, " {cell:>6}");
        }
        let total = match row.total() {
            Some(t) => format!("{t}/{max}"),
            None => format!("-/{max}"),
        };
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
                elapsed_us: 0,
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
            Row::of(
                "alice".into(),
                Some(&report(vec![
                    exercise("01", 4, 4, None),
                    exercise("02", 5, 5, None),
                    exercise("02", 5, 5, Some("big")),
                ])),
                vec![],
            ),
            Row::of(
                "bob, jr.".into(),
                Some(&report(vec![
                    exercise("01", 2, 4, None),
                    broken,
                    exercise("02", 0, 5, Some("big")),
                ])),
                vec!["modified grader files: grader/src/check.rs".into()],
            ),
            Row::of(
                "carol".into(),
                None,
                vec!["no exercises/ folder found".into()],
            ),
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
        let text = text.strip_prefix(BOM).expect("a BOM for Excel");
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
        // Not graded: no points at all, which is not zero points.
        assert_eq!(
            lines[3],
            "carol,,,,,14,not graded,no exercises/ folder found"
        );
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_text() {
        for (name, cell) in [
            ("=2+3", "'=2+3"),
            ("+39 333", "'+39 333"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("=1,2", "\"'=1,2\""),
            ("a=b", "a=b"),
            ("mario.rossi", "mario.rossi"),
        ] {
            assert_eq!(csv_field(name), cell, "{name:?}");
        }
        let rows = vec![Row::of(
            "=2+3".into(),
            Some(&report(vec![exercise("01", 4, 4, None)])),
            vec!["-rf: note".into()],
        )];
        let text = csv(&rows, &columns(&rows));
        assert_eq!(text.lines().nth(1), Some("'=2+3,4,4,4,pass,'-rf: note"));
    }

    #[test]
    fn rows_travel_as_json_unchanged() {
        let rows = rows();
        let json = serde_json::to_string(&rows).unwrap();
        let back: Vec<Row> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, rows);
        assert_eq!(csv(&back, &columns(&back)), csv(&rows, &columns(&rows)));
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
        assert!(carol.ends_with(" -/14  non valutato"), "{carol}");
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
