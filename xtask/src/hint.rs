//! `cargo xtask hint ID [--level N]`: the staged hints of an exercise, from
//! `exercises/NN_slug/hints.md` (`hints.it.md` in Italian, English when there is none), one
//! level at a time: a nudge, then the concept, then the API to use. Without `--level` it shows
//! the first level not seen yet (remembered in the state file) and says how to get the next.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use grader::catalog;
use grader::check::{Exercise, Variant};
use grader::i18n::Lang;
use grader::state::State;
use grader::tr;

#[derive(clap::Args)]
pub struct Args {
    /// The exercise: its number (01) or name (two_processes).
    pub id: String,
    /// Which hint: 1 (a nudge), 2 (the idea), 3 (the API to use). Default: the next one you
    /// have not seen yet.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=9))]
    pub level: Option<u8>,
}

pub fn run(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    let root = crate::root();
    let e = one_exercise(&args.id)?;
    let shown = show(&root, e, lang, args.level)?;
    let footer = match shown.next_level {
        Some(level) => tr!(lang, "hint.more", id = e.id, level = level),
        None => tr!(lang, "hint.last", lesson = lesson(e)),
    };
    anstream::print!("{}\n{footer}\n", shown.text);
    Ok(ExitCode::SUCCESS)
}

/// The one exercise `query` names.
pub fn one_exercise(query: &str) -> anyhow::Result<&'static Exercise> {
    let found = catalog::select(&[query.to_string()])?;
    Ok(found[0])
}

/// One hint of a hints file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub level: u8,
    pub text: String,
}

/// The hints of a `hints.md`: each `## Hint N` (or `## Indizio N`) heading starts level N,
/// which runs to the next heading (headings inside code fences do not count).
pub fn parse(markdown: &str) -> Vec<Hint> {
    let mut hints: Vec<Hint> = Vec::new();
    let mut current: Option<(u8, Vec<&str>)> = None;
    let mut in_fence = false;
    let finish = |current: &mut Option<(u8, Vec<&str>)>, hints: &mut Vec<Hint>| {
        if let Some((level, lines)) = current.take() {
            hints.push(Hint {
                level,
                text: lines.join("\n").trim().to_string(),
            });
        }
    };
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !in_fence && (line.starts_with("# ") || line.starts_with("## ")) {
            finish(&mut current, &mut hints);
            current = heading_level(line).map(|level| (level, Vec::new()));
            continue;
        }
        if let Some((_, lines)) = current.as_mut() {
            lines.push(line);
        }
    }
    finish(&mut current, &mut hints);
    hints.sort_by_key(|h| h.level);
    hints.dedup_by_key(|h| h.level);
    hints
}

/// `## Hint 2` / `## Indizio 2 — the API` → 2.
fn heading_level(line: &str) -> Option<u8> {
    let rest = line.strip_prefix("## ")?.trim_start();
    let word_end = rest.find(char::is_whitespace)?;
    let word = rest[..word_end].to_ascii_lowercase();
    if word != "hint" && word != "indizio" {
        return None;
    }
    let number: String = rest[word_end..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    number.parse().ok()
}

/// The hints file of `e` in `lang`, and whether it had to fall back to English.
fn hints_file(root: &Path, e: &Exercise, lang: Lang) -> (PathBuf, bool) {
    let dir = root.join(e.dir(Variant::Exercise));
    if lang != Lang::En {
        let translated = dir.join(format!("hints.{}.md", lang.code()));
        if translated.is_file() {
            return (translated, false);
        }
        return (dir.join("hints.md"), true);
    }
    (dir.join("hints.md"), false)
}

/// The hints of `e` in `lang` (English when there is no translation), and whether they are in
/// English as a fallback.
pub fn load(root: &Path, e: &Exercise, lang: Lang) -> anyhow::Result<(Vec<Hint>, bool)> {
    let (path, fell_back) = hints_file(root, e, lang);
    let rel = path
        .strip_prefix(root)
        .unwrap_or(&path)
        .display()
        .to_string();
    let text =
        std::fs::read_to_string(&path).with_context(|| tr!(lang, "hint.no_file", path = rel))?;
    let hints = parse(&text);
    if hints.is_empty() {
        anyhow::bail!(tr!(lang, "hint.none_in_file", path = rel));
    }
    Ok((hints, fell_back))
}

/// A hint ready to print (heading and text), and the next level there is.
pub struct Shown {
    pub text: String,
    pub next_level: Option<u8>,
}

/// `exercises/01_two_processes/README.md`.
pub fn lesson(e: &Exercise) -> String {
    format!("{}/README.md", e.dir(Variant::Exercise))
}

/// Hint `level` of `e` (default: the first not seen yet, or the last one when all were seen),
/// recorded in the state file as seen.
pub fn show(root: &Path, e: &Exercise, lang: Lang, level: Option<u8>) -> anyhow::Result<Shown> {
    let (hints, fell_back) = load(root, e, lang)?;
    let mut state = State::load(root);
    let seen = state.get(e).map_or(0, |s| s.hints_seen);
    let last = hints.last().expect("load returns at least one hint").level;
    let hint = match level {
        Some(n) => hints.iter().find(|h| h.level == n).ok_or_else(|| {
            let levels: Vec<String> = hints.iter().map(|h| h.level.to_string()).collect();
            anyhow::anyhow!(tr!(
                lang,
                "hint.no_level",
                exercise = e.id,
                level = n,
                levels = levels.join(", ")
            ))
        })?,
        None => hints
            .iter()
            .find(|h| h.level > seen)
            .unwrap_or_else(|| hints.last().expect("not empty")),
    };
    state.saw_hint(e, hint.level);
    // Progress is a convenience: a read-only folder must not stop the hint.
    let _ = state.save(root);

    let mut text = String::new();
    let heading = tr!(
        lang,
        "hint.heading",
        level = hint.level,
        last = last,
        id = e.id,
        slug = e.slug
    );
    let bold = anstyle::Style::new().bold();
    text.push_str(&format!("{bold}{heading}{bold:#}\n"));
    if fell_back {
        text.push_str(&tr!(lang, "hint.in_english"));
        text.push('\n');
    }
    text.push('\n');
    text.push_str(&hint.text);
    text.push('\n');
    Ok(Shown {
        text,
        next_level: hints.iter().find(|h| h.level > hint.level).map(|h| h.level),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# Hints for 01\n\nIntro text, not a hint.\n\n## Hint 1\n\nThink of fork.\n\n## Hint 2\n\n- a list\n```sh\n# a shell comment, not a heading\n## nor this\n```\nafter the fence\n\n## Hint 3 — the API\n\nUse `waitpid`.\n";

    #[test]
    fn levels_are_read_from_their_headings() {
        let hints = parse(SAMPLE);
        let levels: Vec<u8> = hints.iter().map(|h| h.level).collect();
        assert_eq!(levels, [1, 2, 3]);
        assert_eq!(hints[0].text, "Think of fork.");
        assert!(
            hints[1].text.contains("# a shell comment"),
            "{:?}",
            hints[1]
        );
        assert!(hints[1].text.ends_with("after the fence"), "{:?}", hints[1]);
        assert_eq!(hints[2].text, "Use `waitpid`.");
    }

    #[test]
    fn italian_headings_and_other_sections() {
        let hints = parse("## Indizio 2\nb\n## Note\nnot a hint\n## Indizio 1\na\n");
        assert_eq!(
            hints,
            [
                Hint {
                    level: 1,
                    text: "a".into()
                },
                Hint {
                    level: 2,
                    text: "b".into()
                }
            ]
        );
        assert!(parse("# Just a title\n\ntext\n").is_empty());
        assert_eq!(heading_level("## Hint 12: more"), Some(12));
        assert_eq!(heading_level("## Hints"), None);
    }

    /// The lessons ship three levels, in English and (when present) Italian.
    #[test]
    fn every_exercise_has_three_levels_of_hints() {
        let root = crate::root();
        for e in catalog::all() {
            let dir = root.join(e.dir(Variant::Exercise));
            for name in ["hints.md", "hints.it.md"] {
                let path = dir.join(name);
                let Ok(text) = std::fs::read_to_string(&path) else {
                    assert_ne!(name, "hints.md", "{} is missing", path.display());
                    continue;
                };
                let levels: Vec<u8> = parse(&text).iter().map(|h| h.level).collect();
                assert_eq!(levels, [1, 2, 3], "{}", path.display());
            }
        }
    }
}
