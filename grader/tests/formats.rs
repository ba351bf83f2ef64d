//! The report formats, each checked against what reads it: snapshots of every renderer over
//! one crafted report (a pass, a failure with quoted lines, a check not verified, an exercise
//! that does not compile, a hidden variant); the JSON against `grader/schema/report.schema.json`;
//! the JUnit XML against `grader/schema/junit.xsd` (with `xmllint`) and as GitLab's parser
//! reads it; the human report's colours and progress line end to end, with and without a
//! terminal.

use std::path::{Path, PathBuf};
use std::process::Output;

#[path = "support/shipped.rs"]
mod shipped;

use assert_cmd::Command;
use grader::check::{Failure, Outcome, Quote, Variant};
use grader::report::{
    self, CheckReport, ExerciseReport, Format, Hidden, Report, RunSummary, SCHEMA_VERSION, Status,
    Visibility,
};

// ---------------------------------------------------------------------------------------------
// The crafted report

fn check(id: &str, title: &str, max_points: u32, outcome: Outcome) -> CheckReport {
    CheckReport {
        id: id.into(),
        title: title.into(),
        points: if outcome.passed() { max_points } else { 0 },
        max_points,
        outcome,
        hint: format!("the hint of {id}"),
        seed: 42,
        elapsed_us: 1500,
    }
}

fn run(label: &str, args: &[&str], processes: Option<usize>) -> RunSummary {
    RunSummary {
        label: label.into(),
        args: args.iter().map(|a| a.to_string()).collect(),
        ending: "exit 0".into(),
        elapsed_ms: 35,
        processes,
        threads: processes.map(|_| 0),
        leftover_processes: 0,
        stdout_bytes: 120,
    }
}

fn exercise(id: &str, slug: &str, status: Status, checks: Vec<CheckReport>) -> ExerciseReport {
    ExerciseReport {
        id: id.into(),
        slug: slug.into(),
        title: format!("the {slug} exercise"),
        program: format!("ex{id}_{slug}"),
        source: format!("exercises/{id}_{slug}/src/main.rs"),
        status,
        score: checks.iter().map(|c| c.points).sum(),
        max_score: checks.iter().map(|c| c.max_points).sum(),
        error: None,
        checks,
        runs: vec![run("defaults", &[], Some(4))],
        notes: Vec::new(),
        hidden: None,
        elapsed_ms: 250,
    }
}

/// One report with every case a renderer must handle.
fn sample() -> Report {
    let passed = exercise(
        "01",
        "two_processes",
        Status::Pass,
        vec![
            check(
                "exit_codes",
                "the parent reports both exit codes",
                2,
                Outcome::Pass,
            ),
            check("parallel", "the children overlap in time", 2, Outcome::Pass),
        ],
    );

    let mut failure = Failure::new("result for task 3 printed twice");
    failure.quotes = vec![
        Quote {
            line: 4,
            text: "result task=3 value=9".into(),
        },
        Quote {
            line: 11,
            text: "result task=3 value=9 <dup> & \"more\" 100% \\u{1b}[31m".into(),
        },
    ];
    failure.run = Some("run 'random' (arguments: --workers 3 --tasks 12)".into());
    let failure = failure.hint("each task must go to exactly one worker");
    let mut failing = exercise(
        "04",
        "pool_map",
        Status::Fail,
        vec![
            check("order", "results in input order", 2, Outcome::Pass),
            check(
                "exactly_once",
                "every task ran exactly once",
                3,
                Outcome::Fail(failure),
            ),
            check(
                "w_workers",
                "exactly W worker processes",
                2,
                Outcome::NotVerified {
                    reason: "not verified here: ptrace is turned off".into(),
                },
            ),
        ],
    );
    failing
        .runs
        .push(run("random", &["--workers", "3", "--tasks", "12"], None));
    failing.notes = vec!["ptrace is turned off".into()];

    let not_graded = |id: &str, title: &str, points: u32| CheckReport {
        seed: 0,
        elapsed_us: 0,
        ..check(
            id,
            title,
            points,
            Outcome::Fail(Failure::new("not graded: see the error")),
        )
    };
    let mut broken = exercise(
        "03",
        "lock_protected_resource",
        Status::Error,
        vec![
            not_graded("blocks_whole", "each block is whole", 3),
            not_graded("all_lines", "every line is printed", 2),
        ],
    );
    broken.error = Some(
        "does not compile: error[E0308]: mismatched types (exercises/03_lock_protected_resource/src/main.rs:12:9)"
            .into(),
    );
    broken.runs.clear();

    let base = exercise(
        "06",
        "shared_counter",
        Status::Pass,
        vec![check("exact", "the counter is exact", 5, Outcome::Pass)],
    );
    let mut stress = Failure::new("counter = 2391, expected 2400: updates were lost");
    stress.quotes = vec![Quote {
        line: 9,
        text: "counter 2391".into(),
    }];
    stress.run = Some("run 'stress 1/3' (arguments: --workers 8 --increments 300 --widen)".into());
    let mut hidden = exercise(
        "06",
        "shared_counter",
        Status::Fail,
        vec![check(
            "exact",
            "the counter is exact",
            5,
            Outcome::Fail(stress),
        )],
    );
    hidden.hidden = Some(Hidden {
        name: "many-workers".into(),
        visibility: Visibility::Hidden,
    });

    let exercises = vec![passed, broken, failing, base, hidden];
    Report {
        schema_version: SCHEMA_VERSION,
        seed: 42,
        repeat: 1,
        variant: Variant::Exercise,
        score: exercises.iter().map(|e| e.score).sum(),
        max_score: exercises.iter().map(|e| e.max_score).sum(),
        exercises,
        elapsed_ms: 1234,
        notes: vec!["ptrace is turned off".into()],
    }
}

// ---------------------------------------------------------------------------------------------
// Snapshots of every renderer

#[test]
fn snapshot_human() {
    insta::assert_snapshot!("human", report::render(&sample(), Format::Human));
}

#[test]
fn snapshot_json() {
    insta::assert_snapshot!("json", report::render(&sample(), Format::Json));
}

#[test]
fn snapshot_junit() {
    insta::assert_snapshot!("junit", report::render(&sample(), Format::Junit));
}

#[test]
fn snapshot_gradescope() {
    insta::assert_snapshot!("gradescope", report::render(&sample(), Format::Gradescope));
}

#[test]
fn snapshot_github() {
    let r = sample();
    insta::assert_snapshot!("github", report::render(&r, Format::Github));
    insta::assert_snapshot!("github_summary", report::github::summary(&r));
    insta::assert_snapshot!(
        "github_annotations",
        report::github::annotations(&r).join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Hidden variants in each format

#[test]
fn hidden_variants_are_named_and_gradescope_hides_them() {
    let r = sample();
    let human = report::render(&r, Format::Human);
    assert!(
        human.contains("✗ 06 shared_counter (hidden: many-workers)"),
        "{human}"
    );
    assert!(human.contains("── 06 shared_counter (hidden: many-workers) · 0/5 ──"));

    let github = report::render(&r, Format::Github);
    assert!(github.contains("06 shared_counter (hidden: many-workers): the counter is exact"));

    let gs: serde_json::Value =
        serde_json::from_str(&report::render(&r, Format::Gradescope)).unwrap();
    let tests = gs["tests"].as_array().unwrap();
    let checks: usize = r.exercises.iter().map(|e| e.checks.len()).sum();
    assert_eq!(tests.len(), checks);
    for t in tests {
        let name = t["name"].as_str().unwrap();
        let expected = if name.contains("(hidden: many-workers)") {
            "hidden"
        } else {
            "visible"
        };
        assert_eq!(t["visibility"], expected, "{t:#}");
    }
    // What a student always sees leaves the hidden variant out, and says so.
    let output = gs["output"].as_str().unwrap();
    assert!(!output.contains("many-workers"), "{output}");
    assert!(!output.contains("updates were lost"), "{output}");
    assert!(
        output.contains("1 hidden variant(s) graded and not shown here"),
        "{output}"
    );
    assert_eq!(gs["score"], r.score);

    // Every Gradescope visibility is written under Gradescope's own name.
    for (visibility, word) in [
        (Visibility::Visible, "visible"),
        (Visibility::Hidden, "hidden"),
        (Visibility::AfterDueDate, "after_due_date"),
        (Visibility::AfterPublished, "after_published"),
    ] {
        let mut r = sample();
        r.exercises[4].hidden.as_mut().unwrap().visibility = visibility;
        let gs: serde_json::Value =
            serde_json::from_str(&report::render(&r, Format::Gradescope)).unwrap();
        let last = gs["tests"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["visibility"], word);
        let shown = gs["output"].as_str().unwrap().contains("many-workers");
        assert_eq!(shown, visibility == Visibility::Visible, "{visibility:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Colours

#[test]
fn styled_human_report_strips_to_the_plain_one() {
    let r = sample();
    let plain = report::human::render(&r);
    let styled = report::human::render_styled(&r);
    assert!(!plain.contains('\u{1b}'), "{plain}");
    assert!(styled.contains("\u{1b}["), "no ANSI styles in {styled:?}");
    assert!(styled.contains("\u{1b}[32m✓"), "pass is green: {styled:?}");
    assert!(styled.contains("\u{1b}[31m✗"), "fail is red: {styled:?}");
    assert!(
        styled.contains("\u{1b}[33m!"),
        "error is yellow: {styled:?}"
    );
    assert_eq!(anstream::adapter::strip_str(&styled).to_string(), plain);
}

/// The one escape the report may hold is a program's, shown escaped as text: `\u{1b}`.
fn has_ansi(text: &str) -> bool {
    text.contains('\u{1b}')
}

/// The lines of a human report, without the total's time (it differs between gradings).
fn without_time(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| match l.find(" exercises pass · ") {
            Some(i) => l[..i].to_string(),
            None => l.to_string(),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// End to end: the grader on exercise 01

/// Gradings here run one at a time (the solution's timing checks need no extra load).
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A hidden-variants file of this test's own (the teacher's example is not in a student repo).
fn variants_file() -> PathBuf {
    let path = std::env::temp_dir().join(format!("forklings-formats-{}.toml", std::process::id()));
    std::fs::write(
        &path,
        "[[variant]]\nexercise = \"06\"\nname = \"many-workers\"\nvisibility = \"after_published\"\n\n\
         [[variant.runs]]\nmatch = \"stress\"\nset = { workers = 8, increments = 300 }\n",
    )
    .unwrap();
    path
}

/// A workspace of the stubs as shipped (from `.stubs/`: `exercises/` may hold a student's
/// solutions), shared by this file's tests, and the target folder it builds in.
fn stubs() -> &'static (PathBuf, PathBuf) {
    static STUBS: std::sync::OnceLock<(PathBuf, PathBuf)> = std::sync::OnceLock::new();
    STUBS.get_or_init(|| {
        let target = shipped::scratch_target(Path::new(env!("CARGO_BIN_EXE_forklings-grader")));
        let root = target.join("workspaces/formats");
        shipped::workspace(&root, &["01_two_processes"], &target);
        (root, target)
    })
}

/// `forklings-grader grade --root <the stubs> --seed 7 ARGS…`, colour variables cleared.
fn grader(args: &[&str]) -> Command {
    let (stubs, target) = stubs();
    let mut cmd = grader_in(stubs, args);
    cmd.env("CARGO_TARGET_DIR", target);
    cmd
}

/// `forklings-grader grade --root ROOT --seed 7 ARGS…`, colour variables cleared.
fn grader_in(root: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::cargo_bin("forklings-grader").unwrap();
    cmd.arg("grade")
        .arg("--root")
        .arg(root)
        .args(["--seed", "7"])
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn graded(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "the grader failed: {}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    out
}

#[test]
fn without_a_terminal_or_with_no_color_the_report_is_plain() {
    let _serial = serial();
    // Standard output is a pipe here: no colours, and no progress line on standard error.
    let piped = graded(&mut grader(&["01"]));
    let stdout = text(&piped.stdout);
    assert!(stdout.contains("✗ 01 two_processes"), "{stdout}");
    assert!(!has_ansi(&stdout), "{stdout:?}");
    let stderr = text(&piped.stderr);
    assert!(
        !stderr.contains("grading 01") && !stderr.contains('\r') && !has_ansi(&stderr),
        "progress shown without a terminal: {stderr:?}"
    );

    // CLICOLOR_FORCE turns colours on into a pipe, and NO_COLOR wins over it.
    let forced = graded(grader(&["01"]).env("CLICOLOR_FORCE", "1"));
    let coloured = text(&forced.stdout);
    assert!(has_ansi(&coloured), "CLICOLOR_FORCE gave no colours");
    assert_eq!(
        without_time(&anstream::adapter::strip_str(&coloured).to_string()),
        without_time(&stdout)
    );
    let no_color = graded(
        grader(&["01"])
            .env("CLICOLOR_FORCE", "1")
            .env("NO_COLOR", "1"),
    );
    assert!(!has_ansi(&text(&no_color.stdout)), "NO_COLOR ignored");
    assert_eq!(without_time(&text(&no_color.stdout)), without_time(&stdout));

    // A file never gets colours.
    let file = std::env::temp_dir().join(format!("forklings-human-{}.txt", std::process::id()));
    let written = graded(
        grader(&["01", "--output"])
            .arg(&file)
            .env("CLICOLOR_FORCE", "1"),
    );
    assert!(written.stdout.is_empty());
    let saved = std::fs::read_to_string(&file).unwrap();
    let _ = std::fs::remove_file(&file);
    assert!(!has_ansi(&saved), "{saved:?}");
    assert_eq!(without_time(&saved), without_time(&stdout));
}

/// `tool` from PATH, or None with a note (it is not on a fresh machine); required when
/// `FORKLINGS_CI=1`. `package` is the Debian package that has it.
fn tool(tool: &str, package: &str, skipped: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(tool))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        if std::env::var_os("FORKLINGS_CI").is_some_and(|v| v == "1") {
            panic!("`{tool}` is missing: CI must install {package}");
        }
        eprintln!("note: `{tool}` ({package}) is not installed: {skipped} skipped");
    }
    found
}

/// `script` (util-linux) runs a command on a pseudo-terminal: the only way to see what a
/// student at a terminal sees.
fn script() -> Option<PathBuf> {
    tool("script", "bsdutils", "terminal test")
}

/// Runs the grader with `args` on a terminal; returns what the terminal showed.
fn on_a_terminal(args: &str) -> String {
    let script = script().expect("checked by the caller");
    let grader = PathBuf::from(env!("CARGO_BIN_EXE_forklings-grader"));
    let (stubs, target) = stubs();
    let command = format!(
        "{} grade --root {} --seed 7 {args}",
        grader.display(),
        stubs.display()
    );
    let out = std::process::Command::new(script)
        .args(["--quiet", "--return", "--command", &command, "/dev/null"])
        .env("CARGO_TARGET_DIR", target)
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    text(&out.stdout)
}

#[test]
fn on_a_terminal_human_has_colours_and_progress_and_json_has_neither() {
    let _serial = serial();
    if script().is_none() {
        return;
    }
    let shown = on_a_terminal("01");
    assert!(
        shown.contains("grading 01 two_processes (1/1)"),
        "no progress line: {shown:?}"
    );
    assert!(shown.contains("\u{1b}[31m✗"), "no colours: {shown:?}");
    // The progress line is cleared before the report: the report starts on a clean line.
    assert!(shown.contains("\u{1b}[1mforklings"), "{shown:?}");

    let json = on_a_terminal("01 --format json");
    assert!(
        !json.contains("grading 01"),
        "progress in JSON mode: {json:?}"
    );
    assert!(!json.contains("\u{1b}["), "escapes in JSON mode: {json:?}");
    let start = json.find('{').expect("a JSON report");
    let value: serde_json::Value = serde_json::from_str(json[start..].trim()).unwrap();
    assert_eq!(value["schema_version"], SCHEMA_VERSION);
}

// ---------------------------------------------------------------------------------------------
// The JSON schema

fn schema_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/report.schema.json")
}

struct Schema {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Schema {
    fn load() -> Schema {
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler.set_default_draft(boon::Draft::V2020_12);
        let index = compiler
            .compile(schema_path().to_str().unwrap(), &mut schemas)
            .unwrap_or_else(|e| panic!("the schema does not compile: {e:#}"));
        Schema { schemas, index }
    }

    fn check(&self, doc: &serde_json::Value) -> Result<(), String> {
        self.schemas
            .validate(doc, self.index)
            .map_err(|e| format!("{e:#}"))
    }
}

#[test]
fn crafted_report_validates_and_broken_ones_do_not() {
    let schema = Schema::load();
    let doc: serde_json::Value =
        serde_json::from_str(&report::render(&sample(), Format::Json)).unwrap();
    schema.check(&doc).unwrap();

    type Breaks = fn(&mut serde_json::Value);
    let broken: [(&str, Breaks); 6] = [
        ("no score", |d| {
            d.as_object_mut().unwrap().remove("score");
        }),
        ("an unknown field", |d| d["grade"] = "A".into()),
        ("another schema version", |d| d["schema_version"] = 2.into()),
        ("an unknown outcome", |d| {
            d["exercises"][2]["checks"][1]["outcome"]["status"] = "maybe".into()
        }),
        ("a failure without its quotes", |d| {
            d["exercises"][2]["checks"][1]["outcome"]
                .as_object_mut()
                .unwrap()
                .remove("quotes");
        }),
        ("an unknown visibility", |d| {
            d["exercises"][4]["hidden"]["visibility"] = "secret".into()
        }),
    ];
    for (what, breaks) in broken {
        let mut bad = doc.clone();
        breaks(&mut bad);
        assert!(schema.check(&bad).is_err(), "{what}: accepted");
    }
}

#[test]
fn real_reports_validate_against_the_schema() {
    let _serial = serial();
    let schema = Schema::load();
    let hidden = variants_file();
    // The stub from a scratch copy; the solutions from this repo.
    for (stub, args) in [
        (true, vec!["01", "--format", "json"]),
        (false, vec!["01", "--solutions", "--format", "json"]),
        (
            false,
            vec![
                "06",
                "--solutions",
                "--format",
                "json",
                "--hidden",
                hidden.to_str().unwrap(),
            ],
        ),
    ] {
        let mut cmd = if stub {
            grader(&args)
        } else {
            grader_in(&root(), &args)
        };
        let out = graded(&mut cmd);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", text(&out.stderr)));
        if let Err(e) = schema.check(&doc) {
            panic!("{args:?}: the report does not follow the schema:\n{e}\n{doc:#}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JUnit: the XSD, and what GitLab reads

/// `xmllint` (Debian: libxml2-utils).
fn xmllint() -> Option<PathBuf> {
    tool("xmllint", "libxml2-utils", "JUnit XSD validation")
}

/// Validates `xml` against `grader/schema/junit.xsd`; the error is xmllint's message.
fn against_xsd(xmllint: &Path, xml: &str, name: &str) -> Result<(), String> {
    let file = std::env::temp_dir().join(format!("forklings-{name}-{}.xml", std::process::id()));
    std::fs::write(&file, xml).unwrap();
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/junit.xsd");
    let out = std::process::Command::new(xmllint)
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(&file)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    if out.status.success() {
        Ok(())
    } else {
        Err(text(&out.stderr))
    }
}

#[test]
fn junit_follows_the_xsd() {
    let Some(xmllint) = xmllint() else {
        return;
    };
    let crafted = report::render(&sample(), Format::Junit);
    against_xsd(&xmllint, &crafted, "crafted").unwrap();

    // The schema can fail: a testcase without its classname, a count that is not a number.
    let no_class = crafted.replacen("classname=", "class=", 1);
    assert!(against_xsd(&xmllint, &no_class, "no-class").is_err());
    let bad_count = crafted.replacen("tests=\"", "tests=\"x", 2);
    assert!(against_xsd(&xmllint, &bad_count, "bad-count").is_err());

    let _serial = serial();
    let hidden = variants_file();
    // The stub from a scratch copy; the solution from this repo.
    for (stub, args) in [
        (true, vec!["01", "--format", "junit"]),
        (
            false,
            vec![
                "06",
                "--solutions",
                "--format",
                "junit",
                "--hidden",
                hidden.to_str().unwrap(),
            ],
        ),
    ] {
        let mut cmd = if stub {
            grader(&args)
        } else {
            grader_in(&root(), &args)
        };
        let out = graded(&mut cmd);
        if let Err(e) = against_xsd(&xmllint, &text(&out.stdout), "real") {
            panic!("{args:?}: {e}\n{}", text(&out.stdout));
        }
    }
}

/// One testcase as GitLab's JUnit parser sees it.
#[derive(Debug)]
struct GitlabCase {
    suite: String,
    classname: String,
    name: String,
    file: String,
    time: String,
    status: &'static str,
    output: String,
}

/// Reads JUnit XML the way GitLab does (`Gitlab::Ci::Parsers::Test::Junit`): testsuites ›
/// testsuite[name] › testcase[classname, name, file, time]; the status from a `failure`,
/// `error` or `skipped` child, whose text is the output shown; anything else is a success.
fn gitlab_read(xml: &str) -> Vec<GitlabCase> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let mut cases = Vec::new();
    for suite in root.children().filter(|n| n.has_tag_name("testsuite")) {
        for case in suite.children().filter(|n| n.has_tag_name("testcase")) {
            let verdict = case
                .children()
                .find(|n| ["failure", "error", "skipped"].contains(&n.tag_name().name()));
            let attr = |n: roxmltree::Node, a| n.attribute(a).unwrap_or_default().to_string();
            assert!(
                case.attribute("time")
                    .is_some_and(|t| t.parse::<f64>().is_ok())
            );
            cases.push(GitlabCase {
                suite: attr(suite, "name"),
                classname: attr(case, "classname"),
                name: attr(case, "name"),
                file: attr(case, "file"),
                time: attr(case, "time"),
                status: match verdict.map(|v| v.tag_name().name()) {
                    Some("failure") => "failed",
                    Some("error") => "error",
                    Some("skipped") => "skipped",
                    _ => "success",
                },
                output: verdict
                    .and_then(|v| v.text())
                    .unwrap_or_default()
                    .to_string(),
            });
        }
    }
    cases
}

#[test]
fn junit_reads_as_gitlab_reads_it() {
    let r = sample();
    let cases = gitlab_read(&report::render(&r, Format::Junit));
    let checks: usize = r.exercises.iter().map(|e| e.checks.len()).sum();
    assert_eq!(cases.len(), checks);
    for c in &cases {
        assert!(!c.name.is_empty() && c.classname.starts_with("forklings."));
        assert!(c.file.ends_with("/src/main.rs"), "{c:?}");
    }
    // GitLab keys a testcase by suite, classname and name: all distinct, hidden variant too.
    let mut keys: Vec<_> = cases
        .iter()
        .map(|c| format!("{}_{}_{}", c.suite, c.classname, c.name))
        .collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), cases.len());

    let failed = cases
        .iter()
        .find(|c| c.status == "failed" && c.suite == "04_pool_map")
        .expect("the failure");
    assert_eq!(failed.name, "exactly_once: every task ran exactly once");
    assert_eq!(failed.time, "0.001500", "the check's own time");
    assert_eq!(failed.file, "exercises/04_pool_map/src/main.rs");
    // The text GitLab shows: message, quoted lines, hint, replay.
    for line in [
        "(0/3 points)",
        "result for task 3 printed twice",
        "    4 | result task=3 value=9",
        "   11 | result task=3 value=9 <dup> & \"more\" 100% \\u{1b}[31m",
        "hint: each task must go to exactly one worker",
        "replay: --seed 42",
    ] {
        assert!(
            failed.output.contains(line),
            "{line:?} not in {:?}",
            failed.output
        );
    }
    let skipped = cases.iter().find(|c| c.status == "skipped").unwrap();
    assert!(skipped.output.contains("ptrace is turned off"));
    let errors: Vec<_> = cases.iter().filter(|c| c.status == "error").collect();
    assert_eq!(errors.len(), 2);
    assert!(errors[0].output.contains("does not compile"));
    let hidden: Vec<_> = cases
        .iter()
        .filter(|c| c.suite == "06_shared_counter (hidden: many-workers)")
        .collect();
    assert_eq!(hidden.len(), 1);
    assert_eq!(hidden[0].status, "failed");
    assert!(hidden[0].output.contains("    9 | counter 2391"));
    let passed = cases.iter().filter(|c| c.status == "success").count();
    assert_eq!(passed, 4);
}

/// GitLab knows a test by suite, classname and name: a check that starts to pass (a student's
/// fix) must keep its key, so a merge request shows it as a resolved failure.
#[test]
fn junit_names_do_not_change_with_the_points() {
    let failing = sample();
    let mut fixed = sample();
    for e in &mut fixed.exercises {
        e.status = Status::Pass;
        e.error = None;
        for c in &mut e.checks {
            c.outcome = Outcome::Pass;
            c.points = c.max_points;
        }
        e.score = e.max_score;
    }
    let keys = |r: &Report| -> Vec<String> {
        gitlab_read(&report::render(r, Format::Junit))
            .iter()
            .map(|c| format!("{}|{}|{}", c.suite, c.classname, c.name))
            .collect()
    };
    assert_eq!(keys(&failing), keys(&fixed));
    // The points are in the suite's properties, every check's.
    let xml = report::render(&failing, Format::Junit);
    assert!(
        xml.contains("<property name=\"points.exactly_once\" value=\"0/3\"/>"),
        "{xml}"
    );
    assert!(
        xml.contains("<property name=\"score\" value=\"4/7\"/>"),
        "{xml}"
    );
    assert!(!xml.contains("time=\"0\""), "{xml}");
}

// ---------------------------------------------------------------------------------------------
// GitHub Classroom: what its grading reporter does with a result
//
// `classroom-resources/autograding-grading-reporter@v1` (src/main.js, notify-classroom.js,
// helpers/test-helpers.js): it reads each step's result from `<ID>_RESULTS` (base64 JSON),
// sends Classroom "Points {Σ tests[].score}/{Σ max_score}", and in its log scores a result as
// tests passed ÷ tests × max_score. The functions below do its arithmetic, in f64 as it does.

/// The points the reporter sends Classroom for one result: (Σ score of the tests, max_score).
fn reporter_notice(result: &serde_json::Value) -> (f64, f64) {
    let tests = result["tests"].as_array().unwrap();
    let total = tests.iter().map(|t| t["score"].as_f64().unwrap()).sum();
    (total, result["max_score"].as_f64().unwrap())
}

/// The score the reporter's log table shows for one result: passed ÷ tests × max_score.
fn reporter_table(result: &serde_json::Value) -> f64 {
    let tests = result["tests"].as_array().unwrap();
    let passed = tests.iter().filter(|t| t["status"] == "pass").count();
    (passed as f64 / tests.len() as f64) * result["max_score"].as_f64().unwrap()
}

/// A report of catalog exercise `e` where its first `passing` checks passed.
fn catalog_report(e: &grader::check::Exercise, passing: usize) -> Report {
    let checks: Vec<CheckReport> = e
        .checks
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let outcome = if i < passing {
                Outcome::Pass
            } else {
                Outcome::Fail(Failure::new("wrong"))
            };
            check(c.id, e.check_title(c), c.points, outcome)
        })
        .collect();
    let status = if passing == checks.len() {
        Status::Pass
    } else {
        Status::Fail
    };
    let exercise = exercise(e.id, e.slug, status, checks);
    Report {
        schema_version: SCHEMA_VERSION,
        seed: 1,
        repeat: 1,
        variant: Variant::Exercise,
        score: exercise.score,
        max_score: exercise.max_score,
        exercises: vec![exercise],
        elapsed_ms: 1,
        notes: Vec::new(),
    }
}

#[test]
fn the_reporters_log_and_its_notice_agree_with_the_grade() {
    // Every exercise of the catalog, with 0, 1, … all of its checks passing.
    for e in grader::catalog::all() {
        for passing in 0..=e.checks.len() {
            let r = catalog_report(e, passing);
            let result: serde_json::Value =
                serde_json::from_str(&report::render(&r, Format::Github)).unwrap();
            let (notice, max) = reporter_notice(&result);
            let table = reporter_table(&result);
            let what = format!("{} with {passing} checks passing", e.id);
            assert_eq!(notice, f64::from(r.score), "{what}: the notice");
            assert_eq!(max, f64::from(r.max_score), "{what}: the notice's maximum");
            // Exactly, not roughly: the table prints the number as JavaScript computes it.
            assert_eq!(table, f64::from(r.score), "{what}: the log's table");
        }
    }
    // The crafted report: unequal points, an error, a check not verified.
    let r = sample();
    let result: serde_json::Value =
        serde_json::from_str(&report::render(&r, Format::Github)).unwrap();
    assert_eq!(reporter_notice(&result), (13.0, 26.0));
    assert_eq!(reporter_table(&result), 13.0);
    // One check of 3 points is three tests, the failure's text on the first it cost.
    let names: Vec<&str> = result["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .filter(|n| n.starts_with("04 pool_map: every task ran exactly once"))
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names[2].ends_with(" · point 3/3"), "{names:?}");
    let messages: Vec<&serde_json::Value> = result["tests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["message"].as_str().unwrap().contains("printed twice"))
        .collect();
    assert_eq!(messages.len(), 1);
    // The job summary says which number counts.
    let summary = report::github::summary(&r);
    assert!(summary.contains("GitHub Classroom records the sum of these points"));
}

#[test]
fn a_github_result_fits_in_an_environment_variable_whatever_the_program_printed() {
    // Every failure as long as it can be made, past the bounds `Failure` keeps: a message of
    // 5 MB, eight quoted lines of 1 MB, a compile error of 5 MB.
    let mut r = sample();
    let huge = |n: usize| "255, ".repeat(n / 5);
    for e in &mut r.exercises {
        if let Some(err) = &mut e.error {
            *err = huge(5_000_000);
        }
        for c in &mut e.checks {
            if let Outcome::Fail(f) = &mut c.outcome {
                f.message = huge(5_000_000);
                f.quotes = (1..=8)
                    .map(|line| Quote {
                        line,
                        text: huge(1_000_000),
                    })
                    .collect();
            }
        }
    }
    let result = report::render(&r, Format::Github);
    assert!(
        result.len() <= report::github::MAX_RESULT_BYTES,
        "{} bytes",
        result.len()
    );
    // `base64 -w0` writes 4 characters per 3 bytes: the variable the reporter's step gets.
    let variable = "EX04_RESULTS=".len() + result.len().div_ceil(3) * 4;
    assert!(
        variable < report::github::ENV_STRING_LIMIT * 2 / 3,
        "{variable} bytes"
    );
    // Still whole: every test, the same points, the failures' beginnings.
    let value: serde_json::Value = serde_json::from_str(&result).unwrap();
    assert_eq!(reporter_notice(&value), (13.0, 26.0));
    assert_eq!(value["tests"].as_array().unwrap().len(), 26);
    assert!(result.contains("255, 255"), "{result}");
    assert!(result.contains("bytes in all)"), "{result}");
}
