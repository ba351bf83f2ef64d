//! Hidden variants: a teacher's extra gradings of an exercise, kept in a file outside the
//! student repo (`--hidden FILE`). A variant takes the exercise's own plan and changes the
//! parameters of some of its runs (more workers, longer stress, a tighter queue); the exercise's
//! checks judge those runs as they judge the usual ones, and the result is reported under the
//! variant's own name, with the visibility the teacher chose.
//!
//! ```toml
//! [[variant]]
//! exercise = "06"                  # number or name, as on the command line
//! name = "many-workers"            # letters, digits, '-' and '_'
//! visibility = "after_published"   # visible | hidden | after_due_date (default) | after_published
//! repeat = 3                       # optional: gradings of this variant (default: as --repeat)
//!
//! [[variant.runs]]
//! match = "stress"                 # the plan's runs whose label starts with this ("" = all)
//! set = { workers = 8, increments = 400 }   # parameters to set; `true` adds a flag, `false` removes it
//! timeout_ms = 10000               # optional: a new time limit for those runs
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::catalog;
use crate::check::Exercise;
use crate::report::{Hidden, Visibility};
use crate::rng::Rng;
use crate::run::RunPlan;
use crate::t;

/// One hidden variant, checked against the catalog.
#[derive(Debug, Clone)]
pub struct Variant {
    pub exercise: &'static Exercise,
    pub name: String,
    pub visibility: Visibility,
    pub repeat: Option<u32>,
    pub changes: Vec<RunChange>,
}

/// Parameters to set on the runs whose label starts with `matching`.
#[derive(Debug, Clone, PartialEq)]
pub struct RunChange {
    pub matching: String,
    /// Name → value; `None` removes the parameter (a flag set to `false`), `Some("")` is a flag.
    pub set: BTreeMap<String, Option<String>>,
    pub timeout_ms: Option<u64>,
}

/// What is wrong with a hidden-variants file.
#[derive(Debug)]
pub enum HiddenError {
    Read {
        path: String,
        source: std::io::Error,
    },
    Syntax {
        path: String,
        message: String,
    },
    Invalid {
        path: String,
        variant: String,
        message: String,
    },
}

impl std::fmt::Display for HiddenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            HiddenError::Read { path, source } => {
                t!("hidden.unreadable", path = path, error = source)
            }
            HiddenError::Syntax { path, message } => {
                t!("hidden.syntax", path = path, error = message)
            }
            HiddenError::Invalid {
                path,
                variant,
                message,
            } => t!(
                "hidden.invalid",
                path = path,
                variant = variant,
                error = message
            ),
        })
    }
}

impl std::error::Error for HiddenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            HiddenError::Read { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    variant: Vec<RawVariant>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVariant {
    exercise: String,
    name: String,
    #[serde(default)]
    visibility: Visibility,
    repeat: Option<u32>,
    #[serde(default)]
    runs: Vec<RawRuns>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRuns {
    #[serde(rename = "match")]
    matching: String,
    #[serde(default)]
    set: BTreeMap<String, toml::Value>,
    timeout_ms: Option<u64>,
}

/// Reads and checks the variants in `path`.
pub fn load(path: &Path) -> Result<Vec<Variant>, HiddenError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| HiddenError::Read {
        path: shown.clone(),
        source,
    })?;
    parse(&text, &shown)
}

/// Whether `text` looks like a hidden-variants file: TOML with a top-level `variant` (the
/// `[[variant]]` tables, or a mistyped `[variant]`). `export-student`
/// and the Gradescope bundle refuse such a file outside `hidden/` and `*.hidden.toml`, so a
/// file of variants a teacher committed under another name never reaches a student.
pub fn looks_like_variants(text: &str) -> bool {
    toml::from_str::<toml::Table>(text).is_ok_and(|t| t.contains_key("variant"))
}

/// Parses and checks a variants file's text (`path` names it in errors).
pub fn parse(text: &str, path: &str) -> Result<Vec<Variant>, HiddenError> {
    let file: File = toml::from_str(text).map_err(|e| HiddenError::Syntax {
        path: path.into(),
        message: e.message().to_string(),
    })?;
    let mut variants: Vec<Variant> = Vec::new();
    for raw in file.variant {
        let invalid = |message: String| HiddenError::Invalid {
            path: path.into(),
            variant: raw.name.clone(),
            message,
        };
        if raw.name.is_empty()
            || !raw
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(invalid(t!("hidden.bad_name")));
        }
        let exercise = catalog::select(std::slice::from_ref(&raw.exercise))
            .map_err(|e| invalid(e.to_string()))?[0];
        if variants
            .iter()
            .any(|v| v.name == raw.name && v.exercise.id == exercise.id)
        {
            return Err(invalid(t!("hidden.twice", exercise = exercise.id)));
        }
        if raw.repeat == Some(0) {
            return Err(invalid(t!("hidden.repeat_zero")));
        }
        if raw.runs.is_empty() {
            return Err(invalid(t!("hidden.no_runs")));
        }
        let known = known_params(exercise);
        let labels = labels(exercise);
        let mut changes = Vec::new();
        for runs in raw.runs {
            if !labels.iter().any(|l| l.starts_with(&runs.matching)) {
                return Err(invalid(t!(
                    "hidden.no_such_run",
                    exercise = exercise.id,
                    label = runs.matching,
                    labels = labels.join(", ")
                )));
            }
            let mut set = BTreeMap::new();
            for (name, value) in runs.set {
                if !known.contains(&name) {
                    return Err(invalid(t!(
                        "hidden.no_such_parameter",
                        exercise = exercise.id,
                        name = name,
                        known = known.join(", ")
                    )));
                }
                let value = match value {
                    toml::Value::Boolean(true) => Some(String::new()),
                    toml::Value::Boolean(false) => None,
                    toml::Value::Integer(i) if i >= 0 => Some(i.to_string()),
                    toml::Value::String(s) if !s.is_empty() => Some(s),
                    other => {
                        return Err(invalid(t!("hidden.bad_value", name = name, value = other)));
                    }
                };
                set.insert(name, value);
            }
            if runs.timeout_ms == Some(0) {
                return Err(invalid(t!("hidden.timeout_zero")));
            }
            changes.push(RunChange {
                matching: runs.matching,
                set,
                timeout_ms: runs.timeout_ms,
            });
        }
        variants.push(Variant {
            exercise,
            name: raw.name,
            visibility: raw.visibility,
            repeat: raw.repeat,
            changes,
        });
    }
    Ok(variants)
}

/// A few plans of `e`, enough to see every label and parameter it uses.
fn sample_plans(e: &Exercise) -> Vec<RunPlan> {
    (0..8).flat_map(|s| (e.plan)(&mut Rng::new(s))).collect()
}

fn labels(e: &Exercise) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for p in sample_plans(e) {
        if !labels.contains(&p.label) {
            labels.push(p.label);
        }
    }
    labels
}

fn known_params(e: &Exercise) -> Vec<String> {
    let mut names: Vec<String> = sample_plans(e)
        .into_iter()
        .flat_map(|p| p.params.into_iter().map(|(k, _)| k))
        .collect();
    names.sort();
    names.dedup();
    names
}

impl Variant {
    /// The exercise's plan for this seed, with the variant's changes made.
    pub fn plan(&self, rng: &mut Rng) -> Vec<RunPlan> {
        let mut plans = (self.exercise.plan)(rng);
        for plan in &mut plans {
            for change in &self.changes {
                if !plan.label.starts_with(&change.matching) {
                    continue;
                }
                for (name, value) in &change.set {
                    plan.params.retain(|(k, _)| k != name);
                    if let Some(v) = value {
                        plan.params.push((name.clone(), v.clone()));
                    }
                }
                if let Some(t) = change.timeout_ms {
                    plan.timeout_ms = t;
                }
            }
        }
        plans
    }

    /// How reports mark it.
    pub fn hidden(&self) -> Hidden {
        Hidden {
            name: self.name.clone(),
            visibility: self.visibility,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[[variant]]
exercise = "shared_counter"
name = "many-workers"
visibility = "after_published"
repeat = 2

[[variant.runs]]
match = "stress"
set = { workers = 8, increments = 300, widen = false }
timeout_ms = 9000
"#;

    #[test]
    fn a_variant_changes_only_the_matching_runs() {
        let v = parse(GOOD, "h.toml").unwrap();
        assert_eq!(v.len(), 1);
        let v = &v[0];
        assert_eq!(v.exercise.id, "06");
        assert_eq!(v.visibility, Visibility::AfterPublished);
        assert_eq!(v.repeat, Some(2));
        let plans = v.plan(&mut Rng::new(3));
        let usual = (v.exercise.plan)(&mut Rng::new(3));
        assert_eq!(plans.len(), usual.len());
        for (p, u) in plans.iter().zip(&usual) {
            if p.label.starts_with("stress") {
                assert_eq!(p.get::<u64>("workers"), Some(8), "{}", p.label);
                assert_eq!(p.get::<u64>("increments"), Some(300));
                assert!(!p.has_flag("widen"));
                assert_eq!(p.timeout_ms, 9000);
            } else {
                assert_eq!(p, u, "a run the variant does not match is unchanged");
            }
        }
    }

    #[test]
    fn visibility_defaults_to_after_due_date_and_flags_can_be_added() {
        let v = parse(
            r#"
[[variant]]
exercise = "6"
name = "widened-defaults"
[[variant.runs]]
match = "defaults"
set = { widen = true }
"#,
            "h.toml",
        )
        .unwrap();
        assert_eq!(v[0].visibility, Visibility::AfterDueDate);
        let plans = v[0].plan(&mut Rng::new(1));
        assert!(plans[0].has_flag("widen"));
        assert!(plans[0].args().contains(&"--widen".to_string()));
    }

    fn error(text: &str) -> String {
        parse(text, "h.toml").unwrap_err().to_string()
    }

    #[test]
    fn mistakes_are_named() {
        let base = |runs: &str| {
            format!("[[variant]]\nexercise = \"06\"\nname = \"v\"\n[[variant.runs]]\n{runs}\n")
        };
        assert!(
            error(&base("match = \"strss\"\nset = { workers = 2 }"))
                .contains("no run of exercise 06 is labelled 'strss…'")
        );
        assert!(
            error(&base("match = \"stress\"\nset = { wrkers = 2 }"))
                .contains("has no parameter 'wrkers'")
        );
        assert!(error(&base("match = \"stress\"\nset = { workers = -2 }")).contains("workers"));
        assert!(
            error(&base(
                "match = \"stress\"\nset = { workers = 2 }\ntimeout_ms = 0"
            ))
            .contains("timeout_ms")
        );
        assert!(
            error("[[variant]]\nexercise = \"99\"\nname = \"v\"\n[[variant.runs]]\nmatch = \"\"\n")
                .contains("no exercise is called '99'")
        );
        assert!(error("[[variant]]\nexercise = \"06\"\nname = \"v\"\n").contains("changes no run"));
        assert!(
            error("[[variant]]\nexercise = \"06\"\nname = \"bad name\"\n").contains("a name is")
        );
        assert!(error("[[variant]]\nexercise = \"06\"\nnme = \"v\"\n").contains("not a valid"));
        let twice = format!("{GOOD}\n{GOOD}");
        assert!(error(&twice).contains("two variants of this name"));
    }

    #[test]
    fn the_teachers_example_parses() {
        // Read at run time: the example is teacher-only, and a student repo has none.
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../hidden/example.toml");
        let Ok(doc) = std::fs::read_to_string(path) else {
            eprintln!("no {path} (a student repo): nothing to check");
            return;
        };
        let variants = parse(&doc, "hidden/example.toml").unwrap();
        assert!(!variants.is_empty());
        assert!(looks_like_variants(&doc));
    }

    #[test]
    fn a_file_of_variants_is_recognized_by_its_variant_tables() {
        assert!(looks_like_variants(GOOD));
        assert!(looks_like_variants("variant = [{ exercise = \"06\" }]"));
        assert!(looks_like_variants("[variant]\nexercise = \"06\""));
        for other in [
            "[package]\nname = \"x\"",
            "[workspace]\nmembers = [\"variant\"]",
            "not toml [[",
            "",
        ] {
            assert!(!looks_like_variants(other), "{other}");
        }
    }
}
