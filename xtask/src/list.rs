//! `cargo xtask list`: every exercise in course order with where you stand (not started, in
//! progress, done), your best score, and the next one to do marked. Read from the state file
//! that `grade` and `watch` update; plain text without a terminal or with `NO_COLOR`.

use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use grader::catalog;
use grader::check::Variant;
use grader::i18n::Lang;
use grader::state::{Standing, State};
use grader::tr;
use serde::Serialize;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// A table for people.
    Human,
    /// One JSON object: the exercises with their progress, and the next one to do.
    Json,
}

pub fn run(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    let state = State::load(&crate::root());
    match args.format {
        ListFormat::Human => anstream::print!("{}", render(&state, lang)),
        ListFormat::Json => println!("{}", json(&state)),
    }
    Ok(ExitCode::SUCCESS)
}

fn standing_text(standing: Standing, lang: Lang) -> String {
    match standing {
        Standing::NotStarted => tr!(lang, "list.status.not_started"),
        Standing::InProgress => tr!(lang, "list.status.in_progress"),
        Standing::Done => tr!(lang, "list.status.done"),
    }
}

fn standing_style(standing: Standing) -> Style {
    match standing {
        Standing::NotStarted => Style::new().dimmed(),
        Standing::InProgress => AnsiColor::Yellow.on_default(),
        Standing::Done => AnsiColor::Green.on_default(),
    }
}

fn pad(text: &str, width: usize) -> String {
    let len = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(len)))
}

/// The table, styled with ANSI codes (print it through `anstream`, which drops them when the
/// output is no terminal or `NO_COLOR` is set).
pub fn render(state: &State, lang: Lang) -> String {
    let exercises = catalog::all();
    let next = state.next_to_do();
    let statuses: Vec<String> = [Standing::NotStarted, Standing::InProgress, Standing::Done]
        .into_iter()
        .map(|s| standing_text(s, lang))
        .collect();
    let status_header = tr!(lang, "list.header.status");
    let status_w = statuses
        .iter()
        .chain([&status_header])
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0);
    let best_header = tr!(lang, "list.header.best");
    let best_w = best_header.chars().count().max(7);
    let slug_w = exercises.iter().map(|e| e.slug.len()).max().unwrap_or(0);
    let bold = Style::new().bold();
    let next_style = AnsiColor::Cyan.on_default().bold();

    let mut out = String::new();
    out.push_str(&format!("{bold}{}{bold:#}\n\n", tr!(lang, "list.title")));
    out.push_str(&format!(
        "     {}  {}  {}  {}\n",
        pad("#", 2),
        pad(&status_header, status_w),
        pad(&best_header, best_w),
        tr!(lang, "list.header.exercise")
    ));
    for e in exercises {
        let s = state.get(e);
        let standing = state.standing(e);
        let best = match s.and_then(|s| s.last_graded.map(|_| s.best_score)) {
            Some(best) => format!("{best}/{}", e.max_points()),
            None => format!("-/{}", e.max_points()),
        };
        let is_next = next.is_some_and(|n| n.id == e.id);
        let marker = if is_next {
            format!("{next_style}▶{next_style:#}")
        } else {
            " ".to_string()
        };
        let style = standing_style(standing);
        out.push_str(&format!(
            "  {marker}  {}  {style}{}{style:#}  {:>best_w$}  {} {}\n",
            e.id,
            pad(&standing_text(standing, lang), status_w),
            best,
            pad(e.slug, slug_w),
            e.title_in(lang),
        ));
    }
    out.push('\n');
    let done = exercises.iter().filter(|e| state.passed(e)).count();
    out.push_str(&tr!(
        lang,
        "list.summary",
        done = done,
        total = exercises.len()
    ));
    out.push('\n');
    match next {
        Some(e) => out.push_str(&format!(
            "{next_style}{}{next_style:#}\n",
            tr!(
                lang,
                "list.next",
                id = e.id,
                slug = e.slug,
                lesson = format!("{}/README.md", e.dir(Variant::Exercise))
            )
        )),
        None => {
            out.push_str(&tr!(lang, "list.all_done"));
            out.push('\n');
        }
    }
    out
}

#[derive(Serialize)]
struct JsonList<'a> {
    exercises: Vec<JsonExercise<'a>>,
    /// The id of the next exercise to do (null: all done).
    next: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonExercise<'a> {
    id: &'a str,
    slug: &'a str,
    title: &'a str,
    status: Standing,
    best_score: u32,
    max_score: u32,
    last_score: Option<u32>,
    /// Seconds since the Unix epoch.
    last_graded: Option<u64>,
    hints_seen: u8,
}

/// The list as JSON, for scripts.
pub fn json(state: &State) -> String {
    let list = JsonList {
        exercises: catalog::all()
            .into_iter()
            .map(|e| {
                let s = state.get(e).cloned().unwrap_or_default();
                JsonExercise {
                    id: e.id,
                    slug: e.slug,
                    title: e.title(),
                    status: s.standing(),
                    best_score: s.best_score,
                    max_score: e.max_points(),
                    last_score: s.last_graded.map(|_| s.last_score),
                    last_graded: s.last_graded,
                    hints_seen: s.hints_seen,
                }
            })
            .collect(),
        next: state.next_to_do().map(|e| e.id),
    };
    serde_json::to_string_pretty(&list).expect("the list serializes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use grader::state::ExerciseState;

    /// 01 done, 02 in progress, 03 graded at zero, the rest never graded.
    fn crafted() -> State {
        let mut state = State::default();
        let all = catalog::all();
        *state.entry(all[0]) = ExerciseState {
            best_score: all[0].max_points(),
            max_score: all[0].max_points(),
            last_score: all[0].max_points(),
            last_graded: Some(1_700_000_000),
            passed: true,
            last_passed: true,
            hints_seen: 1,
        };
        *state.entry(all[1]) = ExerciseState {
            best_score: 3,
            max_score: all[1].max_points(),
            last_score: 2,
            last_graded: Some(1_700_000_100),
            ..Default::default()
        };
        *state.entry(all[2]) = ExerciseState {
            max_score: all[2].max_points(),
            last_graded: Some(1_700_000_200),
            ..Default::default()
        };
        state
    }

    fn plain(text: &str) -> String {
        anstream::adapter::strip_str(text).to_string()
    }

    #[test]
    fn list_in_english() {
        insta::assert_snapshot!("list_en", plain(&render(&crafted(), Lang::En)));
    }

    #[test]
    fn list_in_italian() {
        insta::assert_snapshot!("list_it", plain(&render(&crafted(), Lang::It)));
    }

    #[test]
    fn fresh_and_finished() {
        let fresh = plain(&render(&State::default(), Lang::En));
        let marked: Vec<&str> = fresh.lines().filter(|l| l.contains('▶')).collect();
        assert_eq!(marked.len(), 1, "{fresh}");
        assert!(marked[0].contains(" 01 "), "{fresh}");
        let mut all_done = State::default();
        for e in catalog::all() {
            all_done.entry(e).passed = true;
        }
        let done = plain(&render(&all_done, Lang::En));
        assert!(!done.contains('▶'), "{done}");
        assert!(done.contains(&tr!(Lang::En, "list.all_done")), "{done}");
    }

    #[test]
    fn json_marks_the_next_one() {
        let v: serde_json::Value = serde_json::from_str(&json(&crafted())).unwrap();
        assert_eq!(v["next"], "02");
        assert_eq!(v["exercises"][0]["status"], "done");
        assert_eq!(v["exercises"][1]["status"], "in_progress");
        assert_eq!(v["exercises"][1]["best_score"], 3);
        assert_eq!(v["exercises"][2]["status"], "not_started");
        assert_eq!(v["exercises"][3]["last_score"], serde_json::Value::Null);
    }
}
