//! Messages in English and Italian: one catalog per language (`i18n/en.txt`, `i18n/it.txt`),
//! looked up by dotted key (`watch.passed`) with named placeholders (`{exercise}`).
//!
//! Code never spells a user-facing message: it names a key with [`tr!`](crate::tr) (in a language
//! it is given) or [`t!`](crate::t) (in the process's language, [`current`]), whose key must be a
//! string literal so the tests can find every use. The tests fail when a key is in one catalog
//! and not the other, when its placeholders differ between languages, when code uses a key no
//! catalog has (or passes other arguments than the key's placeholders), and when a catalog keeps
//! a key nothing uses.
//!
//! The one exception to literal keys: the words of the exercises (`exercise.<slug>.title`,
//! `.topic`) and of their checks (`check.<slug>.<id>.title`, `.hint`), which
//! [`crate::check::Exercise`] looks up by slug and id through [`text`]. The tests list those keys
//! from the catalog of exercises, so a check without a title or hint in either language fails
//! them too, and they check that each lesson's table of checks (`README.md`, `README.it.md`)
//! shows the same titles.
//!
//! The language of a process is set once by its `main` ([`set_current`], from `--lang`, else
//! `LC_ALL` / `LC_MESSAGES` / `LANG`); the supervisor gets it in its run spec. Nothing set means
//! English, which is what every test sees unless it asks for another ([`with_lang`]).
//!
//! Catalog format, one message per line:
//!
//! ```text
//! # a comment
//! watch.passed = {exercise} passes: {score}/{max} points.
//! ```
//!
//! The text after the first `=` is trimmed; `\n` is a line break, `\\` a backslash, `{{` and `}}`
//! literal braces. Keys are made of `a-z`, `0-9`, `_` and `.`; the first segment names the part
//! of the program that owns the message (`watch.`, `list.`, `grade.`…).

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::{self, Display};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

/// A language the messages exist in.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    It,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::It];

    /// The language of the user's locale: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is
    /// set and not empty decides (as POSIX orders them); Italian for `it` / `it_IT.UTF-8`,
    /// English for anything else.
    pub fn from_env() -> Lang {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let locale = var("LC_ALL")
            .or_else(|| var("LC_MESSAGES"))
            .or_else(|| var("LANG"));
        locale.as_deref().map_or(Lang::En, Lang::from_locale)
    }

    /// `it_IT.UTF-8`, `it_CH`, `it` → Italian; anything else → English.
    pub fn from_locale(locale: &str) -> Lang {
        let language = locale
            .split(['_', '.', '@', '-'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if language == "it" { Lang::It } else { Lang::En }
    }

    /// The language asked for on the command line, else the locale's.
    pub fn resolve(asked: Option<Lang>) -> Lang {
        asked.unwrap_or_else(Lang::from_env)
    }

    /// `en`, `it`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::It => "it",
        }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("i18n/en.txt"),
            Lang::It => include_str!("i18n/it.txt"),
        }
    }

    fn catalog(self) -> &'static Catalog {
        static EN: OnceLock<Catalog> = OnceLock::new();
        static IT: OnceLock<Catalog> = OnceLock::new();
        let cell = match self {
            Lang::En => &EN,
            Lang::It => &IT,
        };
        // A malformed line is a bug the tests catch; at run time it is skipped.
        cell.get_or_init(|| parse(self.source()).unwrap_or_else(|(catalog, _)| catalog))
    }
}

impl Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

// ── the language of this process ─────────────────────────────────────────────────────────

/// The process's language: 0 while nobody has set it, else `1 + Lang as u8`.
static CURRENT: AtomicU8 = AtomicU8::new(0);

thread_local! {
    /// A language this thread speaks for a while ([`with_lang`]), before the process's.
    static THIS_THREAD: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// Sets the language of every message [`t!`](crate::t) makes from now on, in every thread.
///
/// Each binary calls it once at startup, after reading `--lang`:
/// `i18n::set_current(Lang::resolve(args.lang))`. The supervisor, a separate process, gets the
/// grader's language in its run spec and sets it too.
pub fn set_current(lang: Lang) {
    CURRENT.store(lang as u8 + 1, Ordering::Relaxed);
}

/// The language messages are made in: the one [`with_lang`] set for this thread, else the one
/// [`set_current`] set for the process, else English.
///
/// English (not the locale) when nothing was set, so that a library user and every test get
/// the same words on every machine: the binaries decide from `--lang` and the locale.
pub fn current() -> Lang {
    THIS_THREAD
        .with(Cell::get)
        .unwrap_or_else(|| match CURRENT.load(Ordering::Relaxed) {
            2 => Lang::It,
            _ => Lang::En,
        })
}

/// Runs `f` with this thread's messages in `lang` (other threads are not affected): for a
/// test, or for rendering one report in a language of its own.
pub fn with_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<Lang>);
    impl Drop for Restore {
        fn drop(&mut self) {
            THIS_THREAD.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(THIS_THREAD.with(|c| c.replace(Some(lang))));
    f()
}

/// The text of a key that takes no placeholders and is not named by a literal in the code: an
/// exercise's title or topic, a check's title or hint (`exercise.<slug>.title`,
/// `check.<slug>.<id>.hint`). The tests know these keys from the catalog of exercises, and
/// check that their texts have no braces, so the text is returned as stored. Falls back to
/// English, then to an empty text.
pub fn text(lang: Lang, key: &str) -> &'static str {
    lang.catalog()
        .get(key)
        .or_else(|| Lang::En.catalog().get(key))
        .unwrap_or("")
}

/// The words of a stub's `todo!("…")` in `lang`. The stubs say what is left to do in English;
/// the catalogs hold each of those texts (`todo.<slug>.<n>`: the English text word for word as
/// the shipped stub has it, and its translation), so an Italian report does not quote English.
/// A text no catalog knows (a student's own `todo!()`) comes back as it is.
pub fn todo_text(lang: Lang, english: &str) -> String {
    Lang::En
        .catalog()
        .messages
        .iter()
        .find(|(key, text)| key.starts_with("todo.") && text.as_str() == english)
        .map_or_else(
            || english.to_string(),
            |(key, _)| text(lang, key).to_string(),
        )
}

/// A parsed catalog: key → text (escapes already resolved, placeholders still in).
#[derive(Debug, Default)]
pub struct Catalog {
    messages: HashMap<&'static str, String>,
}

impl Catalog {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.messages.get(key).map(String::as_str)
    }

    pub fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.messages.keys().copied()
    }
}

/// Parses a catalog; on malformed lines returns what it could read and one error per line.
pub fn parse(source: &'static str) -> Result<Catalog, (Catalog, Vec<String>)> {
    let mut catalog = Catalog::default();
    let mut errors = Vec::new();
    for (no, line) in source.lines().enumerate() {
        let no = no + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((key, text)) = line.split_once('=') else {
            errors.push(format!("line {no}: no '=' in {line:?}"));
            continue;
        };
        let key = key.trim();
        if !valid_key(key) {
            errors.push(format!("line {no}: bad key {key:?} (a-z, 0-9, _ and dots)"));
            continue;
        }
        let text = unescape(text.trim());
        if let Err(e) = placeholders(&text) {
            errors.push(format!("line {no} ({key}): {e}"));
            continue;
        }
        if catalog.messages.insert(key, text).is_some() {
            errors.push(format!("line {no}: key {key} defined twice"));
        }
    }
    if errors.is_empty() {
        Ok(catalog)
    } else {
        Err((catalog, errors))
    }
}

fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && !key.starts_with('.')
        && !key.ends_with('.')
        && !key.contains("..")
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('\\') => out.push('\\'),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The placeholder names of a text, sorted and without repeats; an error for an unclosed `{` or
/// a stray `}`.
pub fn placeholders(text: &str) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        let (c, after) = (rest.as_bytes()[i], &rest[i + 1..]);
        if after.starts_with(c as char) {
            rest = &after[1..]; // `{{` or `}}`
            continue;
        }
        if c == b'}' {
            return Err(format!("stray '}}' in {text:?} (write '}}}}')"));
        }
        let end = after
            .find('}')
            .ok_or_else(|| format!("unclosed '{{' in {text:?}"))?;
        let name = &after[..end];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("bad placeholder {{{name}}} in {text:?}"));
        }
        names.push(name.to_string());
        rest = &after[end + 1..];
    }
    names.sort();
    names.dedup();
    Ok(names)
}

/// The text of `key` in `lang` with its placeholders filled from `args`. Never fails: a key
/// missing from `lang` falls back to English, then to the key itself; a placeholder without an
/// argument stays as written. Use [`tr!`](crate::tr) rather than calling this directly.
pub fn format(lang: Lang, key: &str, args: &[(&str, &dyn Display)]) -> String {
    let text = lang
        .catalog()
        .get(key)
        .or_else(|| Lang::En.catalog().get(key))
        .unwrap_or(key);
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let (c, after) = (rest.as_bytes()[i] as char, &rest[i + 1..]);
        if after.starts_with(c) {
            out.push(c);
            rest = &after[1..];
            continue;
        }
        match (c, after.find('}')) {
            ('{', Some(end)) => {
                let name = &after[..end];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => {
                        use fmt::Write;
                        let _ = write!(out, "{value}");
                    }
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            _ => {
                out.push(c);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A message from the catalogs: `tr!(lang, "list.next", exercise = e.id)`.
///
/// The key must be a string literal and the arguments `name = value` (any `Display`), one per
/// placeholder of the key: the tests in `grader/src/i18n.rs` read every use in the sources and
/// check both against the catalogs.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $key:literal $(,)?) => {
        $crate::i18n::format($lang, $key, &[])
    };
    ($lang:expr, $key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::format(
            $lang,
            $key,
            &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),+],
        )
    };
}

/// A message from the catalogs in the current language ([`current`]): `t!("run.timed_out",
/// secs = limit)`. The same rules as [`tr!`](crate::tr): a literal key, one `name = value` per
/// placeholder.
#[macro_export]
macro_rules! t {
    ($key:literal $(,)?) => {
        $crate::i18n::format($crate::i18n::current(), $key, &[])
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::format(
            $crate::i18n::current(),
            $key,
            &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),+],
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    fn catalogs() -> Vec<(Lang, Catalog)> {
        Lang::ALL
            .iter()
            .map(|&lang| {
                let catalog = parse(lang.source()).unwrap_or_else(|(_, errors)| {
                    panic!("i18n/{}.txt:\n{}", lang.code(), errors.join("\n"))
                });
                (lang, catalog)
            })
            .collect()
    }

    #[test]
    fn every_catalog_parses_and_has_the_same_keys_and_placeholders() {
        let catalogs = catalogs();
        let (_, en) = &catalogs[0];
        let mut problems = Vec::new();
        for (lang, catalog) in &catalogs[1..] {
            for key in en.keys() {
                match catalog.get(key) {
                    None => problems.push(format!("{key}: in en.txt, missing from {lang}.txt")),
                    Some(text) => {
                        let theirs = placeholders(text).unwrap();
                        let ours = placeholders(en.get(key).unwrap()).unwrap();
                        if theirs != ours {
                            problems.push(format!(
                                "{key}: placeholders {ours:?} in en.txt but {theirs:?} in {lang}.txt"
                            ));
                        }
                    }
                }
            }
            for key in catalog.keys() {
                if en.get(key).is_none() {
                    problems.push(format!("{key}: in {lang}.txt, missing from en.txt"));
                }
            }
        }
        problems.sort();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn parse_reports_malformed_lines() {
        let (_, errors) = parse(
            "ok.key = fine {x}\nno equals here\nBad.Key = x\ndup = a\ndup = b\nopen = {x\nstray = }\n",
        )
        .unwrap_err();
        assert_eq!(errors.len(), 5, "{errors:#?}");
        assert!(errors[0].starts_with("line 2"), "{errors:#?}");
        assert!(errors.iter().any(|e| e.contains("defined twice")));
    }

    #[test]
    fn placeholders_and_escapes() {
        assert_eq!(
            placeholders("{b} and {a}, {b} {{not}} }}").unwrap(),
            ["a", "b"]
        );
        assert!(placeholders("{a b}").is_err());
        let catalog = parse("k = one\\ntwo \\\\ {x}").unwrap();
        assert_eq!(catalog.get("k"), Some("one\ntwo \\ {x}"));
    }

    #[test]
    fn format_fills_named_arguments_and_never_fails() {
        // Through a real key, so the fallbacks are those of the shipped catalogs.
        let text = format(Lang::En, "no.such.key {x}", &[("x", &1 as &dyn Display)]);
        assert_eq!(text, "no.such.key 1", "an unknown key shows itself");
        let en = crate::tr!(
            Lang::En,
            "list.next",
            id = "06",
            slug = "shared_counter",
            lesson = "L"
        );
        let it = crate::tr!(
            Lang::It,
            "list.next",
            id = "06",
            slug = "shared_counter",
            lesson = "L"
        );
        assert!(
            en.contains("06 shared_counter") && en.contains("watch 06"),
            "{en}"
        );
        assert!(
            it.contains("06 shared_counter") && it.contains("watch 06"),
            "{it}"
        );
        assert_ne!(en, it);
        let partial = format(Lang::En, "list.next", &[("id", &"06" as &dyn Display)]);
        assert!(
            partial.contains("{slug}") && !partial.contains("{id}"),
            "{partial}"
        );
    }

    #[test]
    fn language_from_the_locale() {
        for (locale, lang) in [
            ("it_IT.UTF-8", Lang::It),
            ("it_CH", Lang::It),
            ("it", Lang::It),
            ("IT_it.utf8", Lang::It),
            ("en_US.UTF-8", Lang::En),
            ("C", Lang::En),
            ("C.UTF-8", Lang::En),
            ("POSIX", Lang::En),
            ("fr_FR.UTF-8", Lang::En),
            ("", Lang::En),
        ] {
            assert_eq!(Lang::from_locale(locale), lang, "{locale:?}");
        }
        assert_eq!(Lang::resolve(Some(Lang::It)), Lang::It);
    }

    // ── every use of a key in the sources ──────────────────────────────────────────────────

    /// One `tr!(lang, "key", name = value, …)` found in a source file.
    #[derive(Debug)]
    struct Use {
        place: String,
        key: Result<String, String>,
        args: Vec<String>,
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// Splits the text after `tr!(` into its top-level arguments, up to the closing `)`.
    fn macro_arguments(text: &str) -> Vec<String> {
        let mut args = vec![String::new()];
        let mut depth = 0usize;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' => {
                    let current = args.last_mut().unwrap();
                    current.push(c);
                    while let Some(s) = chars.next() {
                        current.push(s);
                        if s == '\\' {
                            if let Some(escaped) = chars.next() {
                                current.push(escaped);
                            }
                        } else if s == '"' {
                            break;
                        }
                    }
                    continue;
                }
                '\'' => {
                    // A char literal ('(' or '\''): copy it whole; a lifetime has no closing quote.
                    let lookahead: String = chars.clone().take(3).collect();
                    let len = if lookahead.starts_with('\\') {
                        lookahead.find('\'').map(|i| i + 1)
                    } else if lookahead.chars().nth(1) == Some('\'') {
                        Some(2)
                    } else {
                        None
                    };
                    let current = args.last_mut().unwrap();
                    current.push(c);
                    for _ in 0..len.unwrap_or(0) {
                        current.push(chars.next().unwrap());
                    }
                    continue;
                }
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth == 0 => break,
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => {
                    args.push(String::new());
                    continue;
                }
                _ => {}
            }
            args.last_mut().unwrap().push(c);
        }
        args.into_iter()
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect()
    }

    fn uses_in(path: &Path, workspace: &Path) -> Vec<Use> {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.strip_prefix(workspace).unwrap_or(path).display();
        // Comment lines (docs that show the macro) are not uses.
        let code: String = text
            .lines()
            .map(|l| {
                if l.trim_start().starts_with("//") {
                    ""
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let mut uses = Vec::new();
        // `tr!(lang, "key", …)` and `t!("key", …)`: the key is the argument at `key_at`.
        for (call, key_at) in [("tr!(", 1), ("t!(", 0)] {
            for (at, _) in code.match_indices(call) {
                if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    continue; // some_other_tr!( or format!(
                }
                let line = code[..at].lines().count().max(1);
                let args = macro_arguments(&code[at + call.len()..]);
                let key = match args.get(key_at) {
                    Some(k) if k.starts_with('"') && k.ends_with('"') && k.len() >= 2 => {
                        Ok(k[1..k.len() - 1].to_string())
                    }
                    other => Err(format!("the key must be a string literal, found {other:?}")),
                };
                let names = args
                    .iter()
                    .skip(key_at + 1)
                    .map(|a| a.split('=').next().unwrap_or("").trim().to_string())
                    .collect();
                uses.push(Use {
                    place: format!("{name}:{line}"),
                    key,
                    args: names,
                });
            }
        }
        uses
    }

    /// The keys the code looks up without a literal ([`text`]): every exercise's title and
    /// topic, every check's title and hint, and the words of the stubs' `todo!()`s
    /// ([`todo_text`], checked against the stubs by `every_todo_of_the_stubs_has_its_words`).
    fn computed_keys() -> Vec<String> {
        let mut keys: Vec<String> = Lang::En
            .catalog()
            .keys()
            .filter(|k| k.starts_with("todo."))
            .map(String::from)
            .collect();
        for e in crate::catalog::all() {
            keys.push(format!("exercise.{}.title", e.slug));
            keys.push(format!("exercise.{}.topic", e.slug));
            for c in e.checks {
                keys.push(format!("check.{}.{}.title", e.slug, c.id));
                keys.push(format!("check.{}.{}.hint", e.slug, c.id));
            }
        }
        keys
    }

    fn all_uses() -> Vec<Use> {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        for dir in ["grader/src", "xtask/src"] {
            rust_files(&workspace.join(dir), &mut files);
        }
        files.sort();
        let this_file = Path::new(file!()).file_name().unwrap();
        files
            .iter()
            .filter(|f| {
                !(f.file_name() == Some(this_file)
                    && f.parent().is_some_and(|p| p.ends_with("src")))
            })
            .flat_map(|f| uses_in(f, &workspace))
            .collect()
    }

    #[test]
    fn the_scanner_finds_both_macros() {
        let dir = std::env::temp_dir().join(format!("forklings-i18n-scan-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("x.rs");
        std::fs::write(
            &file,
            "// t!(\"in.a.comment\")\nlet a = tr!(lang, \"a.b\", x = 1);\n\
             let b = crate::t!(\"c.d\", y = f(1, 2));\nlet c = format!(\"{}\", 1);\n",
        )
        .unwrap();
        let uses = uses_in(&file, &dir);
        let _ = std::fs::remove_dir_all(&dir);
        let found: Vec<(String, Vec<String>)> =
            uses.into_iter().map(|u| (u.key.unwrap(), u.args)).collect();
        assert_eq!(
            found,
            [
                ("a.b".to_string(), vec!["x".to_string()]),
                ("c.d".to_string(), vec!["y".to_string()])
            ]
        );
    }

    #[test]
    fn the_scanner_reads_macro_calls() {
        let args = macro_arguments(r#"lang, "a.b", x = format!("{}, {}", y, ')'), z = v[1]) rest"#);
        assert_eq!(
            args,
            [
                r#"lang"#,
                r#""a.b""#,
                r#"x = format!("{}, {}", y, ')')"#,
                "z = v[1]"
            ]
        );
    }

    #[test]
    fn every_key_the_code_uses_is_in_the_catalogs_with_its_placeholders() {
        let uses = all_uses();
        assert!(
            uses.len() > 20,
            "found only {} uses of tr!: is the scanner broken?",
            uses.len()
        );
        let (_, en) = &catalogs()[0];
        let mut problems = Vec::new();
        for u in &uses {
            match &u.key {
                Err(e) => problems.push(format!("{}: {e}", u.place)),
                Ok(key) => match en.get(key) {
                    None => problems.push(format!("{}: key {key} is in no catalog", u.place)),
                    Some(text) => {
                        let wanted: BTreeSet<String> =
                            placeholders(text).unwrap().into_iter().collect();
                        let given: BTreeSet<String> = u.args.iter().cloned().collect();
                        if wanted != given {
                            problems.push(format!(
                                "{}: {key} takes {wanted:?}, the code passes {given:?}",
                                u.place
                            ));
                        }
                    }
                },
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_key_in_the_catalogs_is_used() {
        let used: BTreeMap<String, usize> =
            all_uses()
                .into_iter()
                .filter_map(|u| u.key.ok())
                .fold(BTreeMap::new(), |mut m, k| {
                    *m.entry(k).or_default() += 1;
                    m
                });
        let computed = computed_keys();
        let (_, en) = &catalogs()[0];
        let mut unused: Vec<&str> = en
            .keys()
            .filter(|k| !used.contains_key(*k) && !computed.iter().any(|c| c == k))
            .collect();
        unused.sort();
        assert!(
            unused.is_empty(),
            "keys no code uses (remove them, or use them): {unused:?}"
        );
    }

    #[test]
    fn every_exercise_and_check_has_its_texts_without_placeholders() {
        let mut problems = Vec::new();
        for (lang, catalog) in catalogs() {
            for key in computed_keys() {
                match catalog.get(&key) {
                    None => problems.push(format!("{key}: missing from {lang}.txt")),
                    Some("") => problems.push(format!("{key}: empty in {lang}.txt")),
                    // Titles are returned as stored ([`text`]): no braces at all. Hints are
                    // formatted (`{{` is a brace) but get no arguments.
                    Some(t) if !key.ends_with(".hint") && t.contains(['{', '}']) => {
                        problems.push(format!("{key}: braces in {lang}.txt ({t:?})"))
                    }
                    Some(t) if !placeholders(t).is_ok_and(|p| p.is_empty()) => {
                        problems.push(format!("{key}: placeholders in {lang}.txt ({t:?})"))
                    }
                    Some(_) => {}
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// The `todo!("…")` texts of the stubs as shipped (`.stubs/`, never a student's
    /// `exercises/`), in order: exercise directory → texts.
    fn stub_todos() -> Vec<(String, Vec<String>)> {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        crate::catalog::all()
            .iter()
            .map(|e| {
                let path = workspace
                    .join(".stubs")
                    .join(e.dir_name())
                    .join("src/main.rs");
                let source = std::fs::read_to_string(&path)
                    .unwrap_or_else(|err| panic!("{}: {err}", path.display()));
                // `todo!("…")` on one line, or as rustfmt breaks a long one: `todo!(` then the
                // text on a line of its own.
                let texts = source
                    .split("todo!(")
                    .skip(1)
                    .filter_map(|rest| {
                        let text = rest.trim_start().strip_prefix('"')?;
                        text.split_once('"').map(|(t, _)| t.to_string())
                    })
                    .collect();
                (e.slug.to_string(), texts)
            })
            .collect()
    }

    /// Every `todo!()` of every stub has its words in both catalogs, under its exercise and
    /// number, and the catalogs keep no words a stub no longer has.
    #[test]
    fn every_todo_of_the_stubs_has_its_words() {
        let mut problems = Vec::new();
        let mut expected = Vec::new();
        for (slug, texts) in stub_todos() {
            assert!(!texts.is_empty(), "{slug}: no todo!() found in its stub");
            for (n, english) in texts.iter().enumerate() {
                let key = format!("todo.{slug}.{}", n + 1);
                match Lang::En.catalog().get(&key) {
                    Some(t) if t == english => {}
                    other => problems.push(format!(
                        "{key}: the stub says {english:?}, en.txt says {other:?}"
                    )),
                }
                let italian = todo_text(Lang::It, english);
                if italian == *english {
                    problems.push(format!("{key}: no Italian words for {english:?}"));
                }
                assert_eq!(todo_text(Lang::En, english), *english);
                expected.push(key);
            }
        }
        for key in Lang::En.catalog().keys().filter(|k| k.starts_with("todo.")) {
            if !expected.iter().any(|e| e == key) {
                problems.push(format!("{key}: no stub has this todo!() any more"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        // A todo!() of the student's own is quoted as it is.
        assert_eq!(todo_text(Lang::It, "my own"), "my own");
    }

    /// The table of checks in each lesson (`README.md`, `README.it.md`) names every check with
    /// the title the grader shows, word for word.
    #[test]
    fn the_lessons_show_the_check_titles_the_grader_shows() {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut problems = Vec::new();
        for e in crate::catalog::all() {
            for (lang, file) in [(Lang::En, "README.md"), (Lang::It, "README.it.md")] {
                let path = workspace
                    .join(e.dir(crate::check::Variant::Exercise))
                    .join(file);
                let Ok(lesson) = std::fs::read_to_string(&path) else {
                    problems.push(format!("{}: cannot be read", path.display()));
                    continue;
                };
                for c in e.checks {
                    let row = format!("| `{}` | ", c.id);
                    let Some(line) = lesson.lines().find(|l| l.starts_with(&row)) else {
                        problems.push(format!("{}: no row for check {}", path.display(), c.id));
                        continue;
                    };
                    let shown = line[row.len()..].split(" | ").next().unwrap_or("");
                    let title = text(lang, &format!("check.{}.{}.title", e.slug, c.id));
                    if shown != title {
                        problems.push(format!(
                            "{} ({}): the lesson says {shown:?}, {}.txt says {title:?}",
                            path.display(),
                            c.id,
                            lang.code()
                        ));
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_current_language_is_english_unless_set_and_per_thread_when_asked() {
        // Tests never call `set_current` (it would change every test's language): this thread's
        // language is what `with_lang` sets, and English outside it.
        assert_eq!(current(), Lang::En);
        let inside = with_lang(Lang::It, || {
            assert_eq!(current(), Lang::It);
            // Another thread keeps the process's language.
            std::thread::spawn(current).join().unwrap()
        });
        assert_eq!(inside, Lang::En);
        assert_eq!(current(), Lang::En);
        let it = with_lang(Lang::It, || crate::t!("report.hint", hint = "x"));
        assert_eq!(it, "suggerimento: x");
        assert_eq!(crate::t!("report.hint", hint = "x"), "hint: x");
        // Restored even when `f` panics.
        let _ = std::panic::catch_unwind(|| with_lang::<()>(Lang::It, || panic!("boom")));
        assert_eq!(current(), Lang::En);
    }

    #[test]
    fn the_language_travels_in_json_as_its_code() {
        assert_eq!(serde_json::to_string(&Lang::It).unwrap(), "\"it\"");
        assert_eq!(serde_json::from_str::<Lang>("\"en\"").unwrap(), Lang::En);
    }
}
