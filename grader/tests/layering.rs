//! The grader's modules depend on each other in one direction: the `use crate::…` lines of
//! `grader/src` (tests included) form no circle between top-level modules, so the folders read
//! catalog → build → run → observe → parse → check → report without a stage reaching back up.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module → the top-level modules its `use crate::…` lines name.
fn dependencies(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if !path.ends_with("i18n") {
                    stack.push(path);
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap();
            let top = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string();
            if top == "main" || top == "lib" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for line in text.lines() {
                let line = line.trim_start();
                let Some(rest) = line
                    .strip_prefix("use crate::")
                    .or_else(|| line.strip_prefix("pub use crate::"))
                else {
                    continue;
                };
                let module: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                // `t!`/`tr!` are crate-level macros, not a stage.
                if module != top && module != "t" && module != "tr" {
                    deps.entry(top.clone()).or_default().insert(module);
                }
            }
        }
    }
    deps
}

fn reaches(
    deps: &BTreeMap<String, BTreeSet<String>>,
    from: &str,
    to: &str,
    seen: &mut BTreeSet<String>,
) -> bool {
    let Some(next) = deps.get(from) else {
        return false;
    };
    for n in next {
        if n == to {
            return true;
        }
        if seen.insert(n.clone()) && reaches(deps, n, to, seen) {
            return true;
        }
    }
    false
}

#[test]
fn grader_modules_form_no_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let deps = dependencies(&src);
    assert!(deps.contains_key("check"), "the scan found the modules");
    let mut circles = Vec::new();
    for (module, targets) in &deps {
        for t in targets {
            if reaches(&deps, t, module, &mut BTreeSet::new()) {
                circles.push(format!("{module} -> {t} -> … -> {module}"));
            }
        }
    }
    assert!(circles.is_empty(), "import circles: {circles:#?}");
}

#[test]
fn the_scan_sees_a_circle() {
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    deps.entry("run".into()).or_default().insert("check".into());
    deps.entry("check".into()).or_default().insert("run".into());
    assert!(reaches(&deps, "check", "run", &mut BTreeSet::new()));
    assert!(!reaches(&deps, "run", "report", &mut BTreeSet::new()));
}
