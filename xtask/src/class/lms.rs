//! The gradebook in the CSV an LMS imports (`--lms moodle|canvas --roster FILE --lms-csv FILE`).
//!
//! The roster maps each student folder to the student's identity in the LMS: a CSV of
//! `folder,identity` lines (an optional header line starting with `folder`, `#` comments and
//! blank lines are skipped). A folder of the class missing from the roster is an error that
//! names it, before anything is graded: an LMS import that silently drops a student is worse
//! than none.
//!
//! - Moodle (Grades → Import → CSV file): one identity column, matched to the user field the
//!   teacher picks in "Map from / Map to" (email address, ID number or username), then one column
//!   per exercise and `forklings total`. An empty cell is "no grade" for Moodle.
//! - Canvas (Grades → Import): `Student, ID, SIS User ID, SIS Login ID, Section`, then one column
//!   per exercise, and a `Points Possible` row. The identity goes in `SIS Login ID`, the column
//!   Canvas matches when `ID` is empty; a column whose name is no assignment of the course
//!   becomes a new assignment with the points of that row. No total: Canvas sums itself.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use anyhow::{Context, bail};
use grader::t;

use super::gradebook::{Column, Row, cell_text, csv_field};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lms {
    /// Moodle's grade import (CSV file).
    Moodle,
    /// Canvas's gradebook import.
    Canvas,
}

/// Student folder → LMS identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    /// The identity column's name: the header's second field, else `identity`.
    pub identity: String,
    pub map: BTreeMap<String, String>,
}

/// The fields of one CSV line (quotes and doubled quotes; no line breaks inside fields).
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().expect("one field").push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            (c, _) => out.last_mut().expect("one field").push(c),
        }
    }
    out.into_iter().map(|f| f.trim().to_string()).collect()
}

impl Roster {
    pub fn load(path: &Path) -> anyhow::Result<Roster> {
        let text = std::fs::read_to_string(path)
            .with_context(|| t!("io.reading", path = path.display()))?;
        Roster::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Roster, String> {
        let mut roster = Roster {
            identity: "identity".into(),
            map: BTreeMap::new(),
        };
        let mut owner: BTreeMap<String, String> = BTreeMap::new();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let f = fields(line);
            if roster.map.is_empty() && f[0].eq_ignore_ascii_case("folder") {
                if let Some(name) = f.get(1).filter(|n| !n.is_empty()) {
                    roster.identity = name.clone();
                }
                continue;
            }
            let (folder, identity) = match f.as_slice() {
                [folder, identity, ..] if !folder.is_empty() && !identity.is_empty() => {
                    (folder.clone(), identity.clone())
                }
                _ => return Err(t!("class.roster.bad_line", line = line_no)),
            };
            if let Some(other) = owner.get(&identity) {
                return Err(t!(
                    "class.roster.shared_identity",
                    line = line_no,
                    identity = identity,
                    other = other
                ));
            }
            if roster.map.contains_key(&folder) {
                return Err(t!("class.roster.twice", line = line_no, folder = folder));
            }
            owner.insert(identity.clone(), folder.clone());
            roster.map.insert(folder, identity);
        }
        Ok(roster)
    }

    /// Every one of `students` has an identity; else an error naming those without one.
    pub fn check<'a>(&self, students: impl IntoIterator<Item = &'a str>) -> anyhow::Result<()> {
        let missing: Vec<&str> = students
            .into_iter()
            .filter(|s| !self.map.contains_key(*s))
            .collect();
        if !missing.is_empty() {
            bail!(t!(
                "class.roster.unmapped",
                count = missing.len(),
                folders = missing.join(", ")
            ));
        }
        Ok(())
    }
}

/// The name of a column in the LMS (a grade item in Moodle, an assignment in Canvas).
fn item(c: &Column) -> String {
    format!("forklings {}", c.long_name())
}

/// The import CSV for `lms` (rows must all be in the roster: see [`Roster::check`]). Cells of a
/// student who could not be graded are empty: both LMSs read that as "no grade".
pub fn csv(lms: Lms, rows: &[Row], columns: &[Column], roster: &Roster) -> String {
    let mut out = String::new();
    let line = |out: &mut String, fields: Vec<String>| {
        let _ = writeln!(out, "{}", fields.join(","));
    };
    let identity = |row: &Row| roster.map.get(&row.student).cloned().unwrap_or_default();
    match lms {
        Lms::Moodle => {
            let mut header = vec![csv_field(&roster.identity)];
            header.extend(columns.iter().map(|c| csv_field(&item(c))));
            header.push("forklings total".into());
            line(&mut out, header);
            for row in rows {
                let mut fields = vec![quote(&identity(row))];
                fields.extend(columns.iter().map(|c| cell_text(row, c)));
                fields.push(row.total().map(|t| t.to_string()).unwrap_or_default());
                line(&mut out, fields);
            }
        }
        Lms::Canvas => {
            let mut header: Vec<String> =
                ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
                    .map(String::from)
                    .to_vec();
            header.extend(columns.iter().map(|c| csv_field(&item(c))));
            line(&mut out, header);
            let mut points = vec!["Points Possible".to_string(); 1];
            points.extend(["", "", "", ""].map(String::from));
            points.extend(columns.iter().map(|c| c.max.to_string()));
            line(&mut out, points);
            for row in rows {
                let mut fields = vec![
                    csv_field(&row.student),
                    String::new(),
                    String::new(),
                    quote(&identity(row)),
                    String::new(),
                ];
                fields.extend(columns.iter().map(|c| cell_text(row, c)));
                line(&mut out, fields);
            }
        }
    }
    out
}

/// An identity as the LMS must read it: quoted when needed, never prefixed (an identity is the
/// teacher's, and `'` would stop it matching).
fn quote(s: &str) -> String {
    if s.contains([',', '"']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::super::gradebook::{columns, tests::rows};
    use super::*;

    fn roster() -> Roster {
        Roster::parse(
            "folder,email\n# the class of 2025\nalice,alice@uni.it\n\"bob, jr.\",bob@uni.it\ncarol,carol@uni.it\n",
        )
        .unwrap()
    }

    #[test]
    fn the_roster_reads_folders_identities_and_the_header() {
        let r = roster();
        assert_eq!(r.identity, "email");
        assert_eq!(r.map["bob, jr."], "bob@uni.it");
        assert_eq!(r.map.len(), 3);
        let bare = Roster::parse("\u{feff}alice,123\n\nbob , 456 \n").unwrap();
        assert_eq!(bare.identity, "identity");
        assert_eq!(bare.map["bob"], "456");
    }

    #[test]
    fn a_bad_roster_says_which_line() {
        let e = Roster::parse("alice,1\nbob\n").unwrap_err();
        assert!(e.contains("line 2"), "{e}");
        let e = Roster::parse("alice,1\nbob,1\n").unwrap_err();
        assert!(e.contains("line 2") && e.contains("alice"), "{e}");
        let e = Roster::parse("alice,1\nalice,2\n").unwrap_err();
        assert!(e.contains("line 2") && e.contains("twice"), "{e}");
    }

    #[test]
    fn an_unmapped_folder_is_an_error_that_names_it() {
        let r = Roster::parse("alice,1\n").unwrap();
        let e = r.check(["alice", "=2+3", "dave"]).unwrap_err().to_string();
        assert!(e.contains("=2+3, dave"), "{e}");
        assert!(r.check(["alice"]).is_ok());
    }

    #[test]
    fn moodle_gets_an_identity_column_a_column_per_exercise_and_the_total() {
        let rows = rows();
        let text = csv(Lms::Moodle, &rows, &columns(&rows), &roster());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "email,forklings 01 slug01,forklings 02 slug02,forklings 02 big,forklings total",
                "alice@uni.it,4,5,5,14",
                "bob@uni.it,2,0,0,2",
                // Not graded: empty cells, which Moodle imports as "no grade".
                "carol@uni.it,,,,",
            ]
        );
    }

    #[test]
    fn canvas_gets_its_student_columns_and_points_possible() {
        let rows = rows();
        let text = csv(Lms::Canvas, &rows, &columns(&rows), &roster());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "Student,ID,SIS User ID,SIS Login ID,Section,forklings 01 slug01,forklings 02 slug02,forklings 02 big",
                "Points Possible,,,,,4,5,5",
                "alice,,,alice@uni.it,,4,5,5",
                "\"bob, jr.\",,,bob@uni.it,,2,0,0",
                "carol,,,carol@uni.it,,,,",
            ]
        );
    }
}
