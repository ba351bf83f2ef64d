//! The student repo's `README.md`, made from the teacher's: one file to keep true, two readers.
//! In the teacher's README, lines between `<!-- teacher-only -->` and `<!-- /teacher-only -->`
//! are left out of the student's, and a block `<!-- student-only` … `-->` (a comment, so the
//! teacher's page does not show it) is put in. Markers stand alone on their lines.

use anyhow::bail;
use grader::t;

const TEACHER_START: &str = "<!-- teacher-only -->";
const TEACHER_END: &str = "<!-- /teacher-only -->";
const STUDENT_START: &str = "<!-- student-only";
const STUDENT_END: &str = "-->";

/// The student's README from the teacher's; an unbalanced marker is an error naming its line.
pub fn student(teacher: &str) -> anyhow::Result<String> {
    #[derive(PartialEq)]
    enum In {
        Both,
        Teacher(usize),
        Student(usize),
    }
    let mut state = In::Both;
    let mut out = String::new();
    for (i, line) in teacher.split_inclusive('\n').enumerate() {
        let n = i + 1;
        let marker = line.trim();
        match (&state, marker) {
            (In::Both, TEACHER_START) => state = In::Teacher(n),
            (In::Both, STUDENT_START) => state = In::Student(n),
            (In::Teacher(_), TEACHER_END) | (In::Student(_), STUDENT_END) => state = In::Both,
            (_, TEACHER_START | TEACHER_END | STUDENT_START) => {
                bail!(t!("readme.misplaced_marker", line = n, marker = marker))
            }
            (In::Teacher(_), _) => {}
            (In::Both | In::Student(_), _) => {
                // One blank line where leaving a block out would make two.
                if !(marker.is_empty() && (out.is_empty() || out.ends_with("\n\n"))) {
                    out.push_str(line);
                }
            }
        }
    }
    match state {
        In::Both => Ok(out),
        In::Teacher(n) | In::Student(n) => bail!(t!("readme.unclosed_marker", line = n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teacher_blocks_go_and_student_blocks_come() {
        let teacher = "\
# kit

<!-- teacher-only -->
Teachers: clone this repo.
<!-- /teacher-only -->
<!-- student-only
Students: this is your copy.
-->

## Set up

<!-- teacher-only -->
## For teachers

Solutions, mutants.
<!-- /teacher-only -->

## Safety
";
        assert_eq!(
            student(teacher).unwrap(),
            "# kit\n\nStudents: this is your copy.\n\n## Set up\n\n## Safety\n"
        );
    }

    #[test]
    fn unbalanced_markers_are_errors_with_their_line() {
        let unclosed = student("a\n<!-- teacher-only -->\nb\n").unwrap_err();
        assert!(unclosed.to_string().contains("line 2"), "{unclosed}");
        let nested = student("<!-- teacher-only -->\n<!-- student-only\n-->\n").unwrap_err();
        assert!(nested.to_string().contains("line 2"), "{nested}");
        let stray = student("<!-- /teacher-only -->\n").unwrap_err();
        assert!(stray.to_string().contains("line 1"), "{stray}");
        assert_eq!(student("no markers\n").unwrap(), "no markers\n");
    }
}
