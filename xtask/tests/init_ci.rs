//! `cargo xtask init-ci github|gitlab|gradescope`: each writes its files, they parse, and the
//! commands in them work here: the GitHub step and the GitLab job are run as their YAML says on
//! this repo's stubs, and the Gradescope bundle is unpacked into a scratch `/autograder` whose
//! `setup.sh` and `run_autograder` grade a fake submission. Teacher only (it uses a solution).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use grader::catalog;
use serde_yaml_ng::Value;

mod common {
    pub mod env;
    #[path = "../../../grader/tests/support/shipped.rs"]
    pub mod shipped;
}

use common::env::{have, repo, serial, target_root, without_cargo_env};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("forklings-init-ci-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The stubs as shipped in a workspace of their own, for the CI commands that grade "this
/// repo's stubs": they run in this repo with `FORKLINGS_ROOT` pointing here, since the repo's
/// own `exercises/` may hold a student's work. Removed when dropped, and the exercises' builds
/// in `target` forgotten before and after (cargo keys a member's build by its name, not its
/// path: see `shipped::forget_builds`).
struct ShippedRepo {
    root: PathBuf,
    target: PathBuf,
}

impl ShippedRepo {
    fn new(name: &str, target: &Path) -> ShippedRepo {
        let root = scratch(name);
        common::shipped::workspace(&root, &[], target);
        ShippedRepo {
            root,
            target: target.to_path_buf(),
        }
    }
}

impl Drop for ShippedRepo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
        common::shipped::forget_builds(&self.target);
    }
}

fn xtask(args: &[&str]) -> Output {
    common::env::xtask().args(args).output().unwrap()
}

/// `bash` with nothing of what `cargo test` set for this test but `CARGO_HOME`, building into
/// `target`.
fn bash(target: &Path) -> Command {
    let mut cmd = Command::new("bash");
    without_cargo_env(&mut cmd);
    cmd.env("CARGO_TARGET_DIR", target);
    cmd
}

fn text(out: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn yaml(path: &Path) -> Value {
    serde_yaml_ng::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{} is not valid YAML: {e}", path.display()))
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("no string {key} in {v:?}"))
}

#[test]
fn github_workflow_has_one_step_per_exercise_with_the_catalogs_points() {
    let out_dir = scratch("github");
    let out = xtask(&["init-ci", "github", "--out", out_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let path = out_dir.join(".github/workflows/classroom.yml");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("classroom.yml"),
        "{}",
        text(&out)
    );
    let wf = yaml(&path);
    // What GitHub Classroom needs to find the points.
    assert_eq!(str_of(&wf, "name"), "Autograding Tests");
    let jobs = wf["jobs"].as_mapping().unwrap();
    assert_eq!(jobs.len(), 1);
    let job = &wf["jobs"]["run-autograding-tests"];
    let steps = job["steps"].as_sequence().unwrap();
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    for action in [
        "actions/checkout@v4",
        "dtolnay/rust-toolchain@stable",
        "Swatinem/rust-cache@v2",
        "classroom-resources/autograding-grading-reporter@v1",
    ] {
        assert!(uses.contains(&action), "{action} not in {uses:?}");
    }

    let mut ids = Vec::new();
    for e in catalog::all() {
        let step = steps
            .iter()
            .find(|s| s["name"].as_str().is_some_and(|n| n.starts_with(e.id)))
            .unwrap_or_else(|| panic!("no step grades exercise {}", e.id));
        assert_eq!(
            str_of(step, "name"),
            format!("{} {} ({} points)", e.id, e.slug, e.max_points())
        );
        let script = str_of(step, "run");
        assert!(
            script.contains(&format!("cargo xtask grade {} --format github", e.id)),
            "{script}"
        );
        // It runs after a failed step, and stops grading in time to write its fallback.
        assert_eq!(str_of(step, "if"), "${{ !cancelled() }}");
        let minutes = step["timeout-minutes"].as_u64().unwrap();
        let bound = time_bound(script);
        assert!(
            bound + 10 + 30 <= minutes * 60,
            "{bound} s in {minutes} min"
        );
        ids.push(str_of(step, "id").to_string());
    }
    let reporter = steps.last().unwrap();
    assert_eq!(
        str_of(reporter, "uses"),
        "classroom-resources/autograding-grading-reporter@v1"
    );
    assert_eq!(str_of(reporter, "if"), "always()");
    let runners = str_of(&reporter["with"], "runners");
    assert_eq!(runners, ids.join(","));
    // The reporter's own check of its input (src/main.js), on whose failure it blames the
    // list: `^([a-zA-Z0-9]+,)*[a-zA-Z0-9]+$`.
    assert!(
        runners
            .split(',')
            .all(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric())),
        "{runners}"
    );
    // The reporter reads each runner's result from <ID>_RESULTS; a step that left none (it was
    // cancelled or timed out) gives a zero-point result, never an empty one.
    let env: BTreeMap<String, String> = serde_yaml_ng::from_value(reporter["env"].clone()).unwrap();
    assert_eq!(env.len(), ids.len());
    for (id, e) in ids.iter().zip(catalog::all()) {
        let value = &env[&format!("{}_RESULTS", id.to_uppercase())];
        let result: serde_json::Value = serde_json::from_slice(&decode_base64(
            missing_result(value, id).unwrap_or_else(|| panic!("no fallback in {value}")),
        ))
        .unwrap();
        assert_eq!(result["max_score"], e.max_points());
        assert_eq!(result["status"], "error");
        assert_eq!(result["tests"][0]["score"], 0);
        assert!(
            result["tests"][0]["message"]
                .as_str()
                .unwrap()
                .contains("left no result"),
            "{result}"
        );
    }

    // An existing workflow is kept unless --force.
    let again = xtask(&["init-ci", "github", "--out", out_dir.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    assert!(text(&again).contains("--force"), "{}", text(&again));
    let forced = xtask(&[
        "init-ci",
        "github",
        "--force",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert!(forced.status.success(), "{}", text(&forced));
    let _ = std::fs::remove_dir_all(&out_dir);
}

/// The value `${{ steps.<id>.outputs.result || '<fallback>' }}` gives when the step left no
/// result: its fallback (GitHub's `||` yields its right side when the left one is empty).
fn missing_result<'a>(value: &'a str, id: &str) -> Option<&'a str> {
    value
        .strip_prefix(&format!("${{{{ steps.{id}.outputs.result || '"))?
        .strip_suffix("' }}")
}

/// Decodes base64 with the `base64` tool, as `base64 -w0` encoded it in the step.
fn decode_base64(encoded: &str) -> Vec<u8> {
    let decoded = Command::new("base64")
        .arg("-d")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(encoded.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(decoded.status.success(), "not base64: {encoded}");
    decoded.stdout
}

/// A `cargo` that does `body` (a shell script), for a step to call instead of the real one.
fn fake_cargo(name: &str, body: &str) -> PathBuf {
    let dir = scratch(name);
    let cargo = dir.join("cargo");
    std::fs::write(&cargo, format!("#!/bin/sh\n{body}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// What a workflow step handed the reporter: `$GITHUB_OUTPUT`'s `result=` (base64), and how long
/// the step took.
struct StepResult {
    encoded: String,
    took: std::time::Duration,
}

impl StepResult {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&decode_base64(&self.encoded)).unwrap()
    }
}

/// Runs the `run:` script of the workflow step that grades `exercise`, as GitHub does (in
/// `workdir`, with `fake` put before PATH, the script changed by `edit`).
fn run_github_step(
    exercise: &str,
    name: &str,
    workdir: &Path,
    fake: Option<&Path>,
    edit: impl Fn(&str) -> String,
) -> StepResult {
    let dir = scratch(&format!("github-step-{name}"));
    let out = xtask(&["init-ci", "github", "--out", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let wf = yaml(&dir.join(".github/workflows/classroom.yml"));
    let step = wf["jobs"]["run-autograding-tests"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str().is_some_and(|n| n.starts_with(exercise)))
        .unwrap()
        .clone();
    let script = dir.join("step.sh");
    let run = edit(str_of(&step, "run"));
    std::fs::write(&script, &run).unwrap();
    let (output, summary, temp) = (dir.join("output"), dir.join("summary.md"), dir.join("tmp"));
    std::fs::create_dir_all(&temp).unwrap();
    // The stubs as shipped, not this repo's exercises/ (someone's work may be there); a step
    // changed to grade the solutions grades this repo's.
    let stubs = (!run.contains("--solutions"))
        .then(|| ShippedRepo::new(&format!("github-repo-{name}"), &target_root()));
    let mut cmd = bash(&target_root());
    if let Some(stubs) = &stubs {
        cmd.env("FORKLINGS_ROOT", &stubs.root);
    }
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
        .arg(&script)
        .current_dir(workdir)
        .env("RUNNER_TEMP", &temp)
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_STEP_SUMMARY", &summary);
    if let Some(first) = fake {
        let path = std::env::var("PATH").unwrap_or_default();
        cmd.env("PATH", format!("{}:{path}", first.display()));
    }
    let started = std::time::Instant::now();
    let out = cmd.output().unwrap();
    let took = started.elapsed();
    assert!(out.status.success(), "the step failed: {}", text(&out));
    let outputs = std::fs::read_to_string(&output).unwrap();
    let encoded = outputs
        .lines()
        .find_map(|l| l.strip_prefix("result="))
        .unwrap_or_else(|| panic!("no result in $GITHUB_OUTPUT: {outputs}"))
        .to_string();
    let _ = std::fs::remove_dir_all(&dir);
    StepResult { encoded, took }
}

#[test]
fn github_step_grades_a_stub_and_hands_classroom_json_to_the_reporter() {
    if !have("bash") || !have("base64") {
        return;
    }
    let _serial = serial();
    let e = catalog::select(&["06".to_string()]).unwrap()[0];
    let result = run_github_step("06", "stub", &repo(), None, str::to_string).json();
    assert_eq!(result["version"], 1);
    assert_eq!(result["status"], "fail");
    assert_eq!(result["max_score"], e.max_points());
    let tests = result["tests"].as_array().unwrap();
    // One test per point: the reporter's log table (passed ÷ tests × max) then shows the
    // points Classroom records.
    assert_eq!(tests.len() as u32, e.max_points());
    for t in tests {
        for key in ["name", "status", "score", "max_score", "message"] {
            assert!(t.get(key).is_some(), "{key} missing in {t}");
        }
        assert_eq!(t["score"], 0, "{t}");
        assert_eq!(t["status"], "fail", "{t}");
    }
    let max: u64 = tests.iter().map(|t| t["max_score"].as_u64().unwrap()).sum();
    assert_eq!(max, u64::from(e.max_points()));
}

#[test]
fn github_step_reports_an_error_worth_zero_when_the_grader_cannot_run() {
    if !have("bash") || !have("base64") {
        return;
    }
    let fake = fake_cargo("broken", "echo 'error: cargo is broken' >&2\nexit 101");
    let e = catalog::select(&["01".to_string()]).unwrap()[0];
    let result = run_github_step("01", "broken", &repo(), Some(&fake), str::to_string).json();
    assert_eq!(result["status"], "error");
    assert_eq!(result["max_score"], e.max_points());
    assert_eq!(result["tests"][0]["score"], 0);
    assert_eq!(result["tests"][0]["max_score"], e.max_points());
    let _ = std::fs::remove_dir_all(&fake);
}

#[test]
fn github_step_stops_a_grading_that_hangs_and_still_leaves_a_result() {
    if !have("bash") || !have("base64") || !have("timeout") {
        return;
    }
    // A grader that never ends (a build stuck, a machine overloaded): the step's own bound
    // stops it, here after 2 s instead of minutes, and the fallback result is written.
    let fake = fake_cargo("hangs", "exec sleep 600");
    let minutes = std::cell::Cell::new(0);
    let step = run_github_step("02", "hangs", &repo(), Some(&fake), |s| {
        let bound = time_bound(s);
        minutes.set(bound / 60);
        s.replace(
            &format!("timeout --kill-after=10s {bound} "),
            "timeout --kill-after=1s 2 ",
        )
    });
    assert!(step.took.as_secs() < 30, "took {:?}", step.took);
    let result = step.json();
    assert_eq!(result["status"], "error");
    assert_eq!(result["tests"][0]["score"], 0);
    assert!(
        result["tests"][0]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("stopped after {} minutes", minutes.get())),
        "{result}"
    );
    let _ = std::fs::remove_dir_all(&fake);
}

#[test]
fn github_step_never_hands_over_a_result_too_large_for_an_environment_variable() {
    if !have("bash") || !have("base64") {
        return;
    }
    // A grader that writes 200 kB (an old one, or one a student changed): in base64 that is
    // over the 128 KiB Linux allows one environment string, and the reporter would not start.
    let fake = fake_cargo(
        "huge",
        "while [ $# -gt 0 ]; do [ \"$1\" = --output ] && out=\"$2\"; shift; done\n\
         head -c 200000 /dev/zero | tr '\\0' x > \"$out\"",
    );
    let step = run_github_step("03", "huge", &repo(), Some(&fake), str::to_string);
    assert!(step.encoded.len() < 4096, "{} bytes", step.encoded.len());
    assert_eq!(step.json()["status"], "error");
    let _ = std::fs::remove_dir_all(&fake);
}

/// The time bound an exercise step puts on its grading (`timeout --kill-after=10s N cargo …`),
/// in seconds.
fn time_bound(script: &str) -> u64 {
    script
        .split("timeout --kill-after=10s ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next()?.parse::<u64>().ok())
        .unwrap_or_else(|| panic!("no time bound in {script}"))
}

#[test]
fn gitlab_job_writes_the_junit_report_gitlab_reads() {
    if !have("bash") {
        return;
    }
    let _serial = serial();
    let dir = scratch("gitlab");
    let out = xtask(&["init-ci", "gitlab", "--out", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let ci = yaml(&dir.join(".gitlab-ci.yml"));
    let job = &ci["grade"];
    assert!(str_of(job, "image").starts_with("rust"), "{job:?}");
    assert_eq!(str_of(&job["artifacts"], "when"), "always");
    let junit = str_of(&job["artifacts"]["reports"], "junit");
    let script: Vec<&str> = job["script"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    let grade = script
        .iter()
        .find(|l| l.starts_with("cargo xtask grade"))
        .unwrap_or_else(|| panic!("no grade command in {script:?}"));
    assert!(grade.contains("--format junit"), "{grade}");

    // Run the job's commands as GitLab would, the project being this repo with its stubs.
    let project = dir.join("project");
    std::fs::create_dir_all(&project).unwrap();
    let stubs = ShippedRepo::new("gitlab-repo", &target_root());
    let out = bash(&target_root())
        .args(["-e", "-c", &script.join("\n")])
        .current_dir(repo())
        .env("FORKLINGS_ROOT", &stubs.root)
        .env("CI_PROJECT_DIR", &project)
        .output()
        .unwrap();
    // The stubs fail, so the job fails; the report is there all the same.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let xml = std::fs::read_to_string(project.join(junit))
        .unwrap_or_else(|e| panic!("no {junit} where the artifact is read: {e}\n{}", text(&out)));
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), catalog::all().len());
    for (suite, e) in suites.iter().zip(catalog::all()) {
        let cases: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(cases.len(), e.checks.len(), "exercise {}", e.id);
        assert!(
            cases
                .iter()
                .all(|c| c.children().any(|n| n.has_tag_name("failure"))),
            "every check of a stub fails (exercise {})",
            e.id
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hidden_variants_go_only_in_the_gradescope_bundle() {
    for target in ["github", "gitlab"] {
        let out = xtask(&[
            "init-ci",
            target,
            "--hidden",
            "x.toml",
            "--out",
            "/nonexistent",
        ]);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        assert!(text(&out).contains("--hidden goes with gradescope only"));
    }
}

/// Makes `dir` hold exactly the files of `zip`, rewriting only those that changed, so that cargo
/// keeps its builds from one run of the test to the next.
fn unpack(zip: &Path, dir: &Path) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.enclosed_name().unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        let path = dir.join(&name);
        if std::fs::read(&path).ok().as_ref() != Some(&bytes) {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &bytes).unwrap();
        }
        if let Some(mode) = entry.unix_mode() {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode & 0o777)).unwrap();
        }
        names.push(name.to_string_lossy().into_owned());
    }
    remove_others(dir, Path::new(""), &names);
    names
}

fn remove_others(dir: &Path, rel: &Path, keep: &[String]) {
    for entry in std::fs::read_dir(dir.join(rel)).unwrap().flatten() {
        let path = rel.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            remove_others(dir, &path, keep);
        } else if !keep.iter().any(|k| Path::new(k) == path) {
            std::fs::remove_file(dir.join(&path)).unwrap();
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The points each exercise got in a Gradescope results.json, by exercise id.
fn points_by_exercise(results: &serde_json::Value) -> BTreeMap<String, (u64, u64)> {
    let mut points = BTreeMap::new();
    for t in results["tests"].as_array().unwrap() {
        let id = t["name"].as_str().unwrap()[..2].to_string();
        let entry = points.entry(id).or_insert((0, 0));
        entry.0 += t["score"].as_f64().unwrap() as u64;
        entry.1 += t["max_score"].as_f64().unwrap() as u64;
    }
    points
}

#[test]
fn gradescope_bundle_grades_a_submission_as_gradescope_runs_it() {
    if !have("bash") || !have("find") {
        return;
    }
    let _serial = serial();
    let out_dir = scratch("gradescope");
    let out = xtask(&["init-ci", "gradescope", "--out", out_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let zip = out_dir.join("autograder.zip");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("autograder.zip"),
        "{}",
        text(&out)
    );
    // What to enter as the assignment's points: the exercises' points.
    let all_points: u32 = catalog::all().iter().map(|e| e.max_points()).sum();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!("enter {all_points} as")),
        "{}",
        text(&out)
    );

    // What is in the bundle: the scripts at the top, the grader's side of the repo, no teacher
    // files, no docs.
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    for script in ["setup.sh", "run_autograder"] {
        let mode = archive.by_name(script).unwrap().unix_mode().unwrap();
        assert_eq!(mode & 0o777, 0o755, "{script} must be executable");
    }
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    for needed in [
        "Cargo.toml",
        "Cargo.lock",
        ".cargo/config.toml",
        "grader/src/lib.rs",
        "xtask/src/main.rs",
        "exercises/06_shared_counter/Cargo.toml",
        "exercises/06_shared_counter/src/main.rs",
        "solutions/README.md",
    ] {
        assert!(names.iter().any(|n| n == needed), "{needed} not bundled");
    }
    for name in &names {
        assert!(
            !grader::tamper::teacher_only(name) || name == "solutions/README.md",
            "{name} is the teacher's"
        );
        assert!(
            !name.ends_with("README.md") || name == "solutions/README.md",
            "{name}"
        );
    }

    // An /autograder of our own: the bundle in source/, a submission whose exercise 02 is the
    // solution, nested one folder down as in a zip, with a grader and a manifest of its own
    // that must not be used.
    let base = target_root().join("gradescope-test");
    let ag = base.join("autograder");
    let source = ag.join("source");
    std::fs::create_dir_all(&source).unwrap();
    unpack(&zip, &source);
    for script in ["setup.sh", "run_autograder"] {
        let check = Command::new("bash")
            .arg("-n")
            .arg(source.join(script))
            .output()
            .unwrap();
        assert!(check.status.success(), "{script}: {}", text(&check));
    }
    let submission = ag.join("submission");
    let _ = std::fs::remove_dir_all(&submission);
    let student = submission.join("forklings-main");
    copy_dir(&repo().join("exercises"), &student.join("exercises"));
    // The stubs as shipped, not this repo's exercises/ (which may hold someone's work).
    for e in catalog::all() {
        std::fs::remove_dir_all(
            student
                .join(e.dir(grader::check::Variant::Exercise))
                .join("src"),
        )
        .unwrap();
        copy_dir(
            &repo().join(".stubs").join(e.dir_name()).join("src"),
            &student
                .join(e.dir(grader::check::Variant::Exercise))
                .join("src"),
        );
    }
    let solved = "02_queue_exchange";
    std::fs::remove_dir_all(student.join("exercises").join(solved).join("src")).unwrap();
    copy_dir(
        &repo().join("solutions").join(solved).join("src"),
        &student.join("exercises").join(solved).join("src"),
    );
    std::fs::write(
        student.join("exercises").join(solved).join("Cargo.toml"),
        "this manifest is not used",
    )
    .unwrap();
    std::fs::create_dir_all(student.join("grader/src")).unwrap();
    std::fs::write(student.join("grader/src/lib.rs"), "a forged grader").unwrap();
    let _ = std::fs::remove_dir_all(ag.join("results"));

    let run = |script: &str| {
        let out = bash(&base.join("target"))
            .arg(source.join(script))
            .current_dir(&ag)
            .env("AUTOGRADER_ROOT", &ag)
            .env("FORKLINGS_SKIP_RUSTUP", "1")
            .output()
            .unwrap();
        assert!(out.status.success(), "{script}: {}", text(&out));
        out
    };
    run("setup.sh");
    let out = run("run_autograder");
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ag.join("results/results.json")).unwrap())
            .unwrap_or_else(|e| panic!("results.json: {e}\n{}", text(&out)));
    let points = points_by_exercise(&results);
    assert_eq!(
        points.len(),
        catalog::all().len(),
        "{results:#}\n{}",
        text(&out)
    );
    for e in catalog::all() {
        let expected = if e.dir_name() == solved {
            e.max_points()
        } else {
            0
        };
        assert_eq!(
            points[e.id],
            (u64::from(expected), u64::from(e.max_points())),
            "exercise {}",
            e.id
        );
    }
    let solved_points = catalog::select(&["02".to_string()]).unwrap()[0].max_points();
    assert_eq!(results["score"].as_f64(), Some(f64::from(solved_points)));

    // With hidden variants: bundled, and graded under their own names.
    let hidden = out_dir.join("variants.hidden.toml");
    let secret = "secret-4f2a9c";
    std::fs::write(
        &hidden,
        format!(
            "# {secret}\n[[variant]]\nexercise = \"06\"\nname = \"many-workers\"\n\n\
             [[variant.runs]]\nmatch = \"stress\"\nset = {{ workers = 8, increments = 300 }}\n"
        ),
    )
    .unwrap();
    // A student's exercise 01 tries to read the bundled variants and leaves what it got where
    // the test can see it (and in its output, which results.json may quote).
    // Outside /tmp: each graded run has a /tmp of its own, and what it writes there is gone
    // (and the repo itself may be under /tmp).
    let outside = if Path::new("/var/tmp").is_dir() {
        PathBuf::from("/var/tmp")
    } else {
        PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
    };
    let probe = outside.join(format!("forklings-probe-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&probe);
    std::fs::create_dir_all(&probe).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o777)).unwrap();
    let verdict_file = probe.join("verdict.txt");
    std::fs::write(
        student.join("exercises/01_two_processes/src/main.rs"),
        format!(
            "fn main() {{\n    \
             let verdict = match std::fs::read_to_string({variants:?}) {{\n        \
             Ok(text) => format!(\"read: {{text}}\"),\n        \
             Err(e) => format!(\"denied: {{e}}\"),\n    }};\n    \
             println!(\"{{verdict}}\");\n    \
             std::fs::write({verdict_file:?}, &verdict).unwrap();\n}}\n",
            variants = source.join("hidden/variants.toml"),
        ),
    )
    .unwrap();
    let out = xtask(&[
        "init-ci",
        "gradescope",
        "--out",
        out_dir.to_str().unwrap(),
        "--hidden",
        hidden.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    // The points to enter: a variant adds its exercise's points again.
    let total = all_points + catalog::select(&["06".to_string()]).unwrap()[0].max_points();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!("enter {total} as")),
        "{}",
        text(&out)
    );
    let mode = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap())
        .unwrap()
        .by_name("hidden/variants.toml")
        .unwrap()
        .unix_mode()
        .unwrap();
    assert_eq!(mode & 0o777, 0o600, "the variants are root's only");
    let names = unpack(&zip, &source);
    assert!(
        names.iter().any(|n| n == "hidden/variants.toml"),
        "{names:?}"
    );
    // Modes as a careless unzip would leave them: setup.sh locks the file all the same.
    std::fs::set_permissions(
        source.join("hidden/variants.toml"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    run("setup.sh");
    let mode = std::fs::metadata(source.join("hidden/variants.toml"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let out = run("run_autograder");
    let results = std::fs::read_to_string(ag.join("results/results.json")).unwrap();
    assert!(
        results.contains("many-workers"),
        "{results}\n{}",
        text(&out)
    );
    assert!(!results.contains(secret), "the variants leaked: {results}");
    // The program ran as `nobody` (the grader is root here) and could not read them.
    if nix::unistd::Uid::effective().is_root() {
        let verdict = std::fs::read_to_string(&verdict_file)
            .unwrap_or_else(|e| panic!("the probe did not run ({e}): {}", text(&out)));
        assert!(verdict.starts_with("denied: "), "{verdict}");
        assert!(verdict.contains("ermission denied"), "{verdict}");
    } else {
        eprintln!(
            "note: not root: the graded programs run as this user, who owns the variants file; \
             its protection from them is checked only as root"
        );
    }
    let _ = std::fs::remove_dir_all(&probe);

    // A submission without exercises/ still gets a results.json, worth 0, that says why.
    std::fs::remove_dir_all(&submission).unwrap();
    std::fs::create_dir_all(submission.join("stray")).unwrap();
    run("run_autograder");
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ag.join("results/results.json")).unwrap())
            .unwrap();
    assert_eq!(results["score"], 0);
    assert!(
        results["output"]
            .as_str()
            .unwrap()
            .contains("No exercises/ folder"),
        "{results}"
    );
    let _ = std::fs::remove_dir_all(&out_dir);
}

/// `github-class` and `gitlab-class`: one grading job per shard, each with its own `K/N`, the
/// same seed for all, and a last job that merges what they upload; the merge command runs here
/// as the YAML writes it, on shard gradebooks made for the purpose.
#[test]
fn class_ci_grades_shards_and_merges_them() {
    let out_dir = scratch("class");
    for target in ["github-class", "gitlab-class"] {
        let out = xtask(&[
            "init-ci",
            target,
            "--shards",
            "4",
            "--class",
            "students",
            "--out",
            out_dir.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", text(&out));
    }
    for path in [
        ".github/workflows/grade-class.yml",
        ".gitlab/grade-class.yml",
    ] {
        assert!(
            grader::tamper::teacher_only(path),
            "{path} must not reach the students"
        );
    }

    let gh = yaml(&out_dir.join(".github/workflows/grade-class.yml"));
    assert!(
        gh["on"].get("workflow_dispatch").is_some(),
        "run by hand: {:?}",
        gh["on"]
    );
    assert_eq!(str_of(&gh["env"], "CLASS_DIR"), "students");
    let grade = &gh["jobs"]["grade"];
    let shards: Vec<u64> = grade["strategy"]["matrix"]["shard"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(shards, [1, 2, 3, 4]);
    let runs: Vec<&str> = grade["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect();
    let command = runs.iter().find(|r| r.contains("grade-class")).unwrap();
    for part in [
        "--shard ${{ matrix.shard }}/4",
        "--seed ${{ github.run_id }}",
        "--json \"shard-${{ matrix.shard }}.json\"",
    ] {
        assert!(command.contains(part), "{part} not in {command}");
    }
    let merge_job = &gh["jobs"]["gradebook"];
    assert_eq!(str_of(merge_job, "needs"), "grade");
    let gh_merge = merge_job["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s["run"].as_str())
        .find(|r| r.contains("merge-class"))
        .unwrap()
        .to_string();

    let gl = yaml(&out_dir.join(".gitlab/grade-class.yml"));
    assert_eq!(gl["grade-class"]["parallel"].as_u64(), Some(4));
    let script: Vec<&str> = gl["grade-class"]["script"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let command = script.iter().find(|r| r.contains("grade-class")).unwrap();
    for part in [
        "--shard \"$CI_NODE_INDEX/$CI_NODE_TOTAL\"",
        "--seed \"$CI_PIPELINE_ID\"",
        "--json \"shard-$CI_NODE_INDEX.json\"",
    ] {
        assert!(command.contains(part), "{part} not in {command}");
    }
    assert_eq!(
        gl["gradebook"]["needs"].as_sequence().unwrap()[0].as_str(),
        Some("grade-class")
    );
    let gl_merge = gl["gradebook"]["script"].as_sequence().unwrap()[0]
        .as_str()
        .unwrap()
        .to_string();

    // What the grading jobs upload: one gradebook per shard (here, one student each).
    let work = scratch("class-merge");
    for k in 1..=4 {
        let class: Vec<String> = (1..=4).map(|i| format!("s{i}")).collect();
        let file = serde_json::json!({
            "forklings_gradebook": 1,
            "title": "forklings · students",
            "seed": 42,
            "repeat": 1,
            "shard": {"k": k, "n": 4},
            "class": class,
            "rows": [{"student": format!("s{k}"), "cells": null, "notes": ["no exercises/ folder found"]}],
        });
        std::fs::write(work.join(format!("shard-{k}.json")), file.to_string()).unwrap();
    }
    let xtask = env!("CARGO_BIN_EXE_xtask");
    for merge in [gh_merge, gl_merge] {
        let _ = std::fs::remove_file(work.join("gradebook.csv"));
        let out = Command::new("bash")
            .arg("-c")
            .arg(merge.replace("cargo xtask", xtask))
            .current_dir(&work)
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .output()
            .unwrap();
        assert!(out.status.success(), "{merge}\n{}", text(&out));
        let csv = std::fs::read_to_string(work.join("gradebook.csv")).unwrap();
        assert_eq!(csv.lines().count(), 5, "{csv}");
        assert!(csv.contains("s4,,0,not graded,"), "{csv}");
        assert!(work.join("chart.svg").is_file() && work.join("gradebook.json").is_file());
    }
}

/// GitHub Classroom's reporter itself, run with `node` on what the workflow's steps hand it:
/// only when `FORKLINGS_REPORTER` names a copy of
/// `classroom-resources/autograding-grading-reporter` at its `v1` tag (its `dist/main.js` is
/// what the action runs). CI has no network to fetch it, so this is an opt-in check:
///
/// ```sh
/// git clone -b v1 https://github.com/classroom-resources/autograding-grading-reporter /tmp/reporter
/// FORKLINGS_REPORTER=/tmp/reporter cargo test -p xtask --test init_ci reporter -- --nocapture
/// ```
///
/// Six steps as a push can leave them: two stubs graded, a solution graded, a grader that
/// fails, a result too large, a step cancelled (no output at all). The reporter must send
/// Classroom the sum of the points, and its log must show each exercise's points.
#[test]
fn the_reporter_records_what_the_steps_hand_it() {
    let Some(reporter) = std::env::var_os("FORKLINGS_REPORTER").map(PathBuf::from) else {
        eprintln!("note: FORKLINGS_REPORTER is not set: the reporter is not run here");
        return;
    };
    let main = reporter.join("dist/main.js");
    assert!(main.is_file(), "no {}", main.display());
    if !have("node") || !have("bash") || !have("base64") {
        return;
    }
    let _serial = serial();
    let dir = scratch("reporter");
    let out = xtask(&["init-ci", "github", "--out", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let wf = yaml(&dir.join(".github/workflows/classroom.yml"));
    let steps = wf["jobs"]["run-autograding-tests"]["steps"]
        .as_sequence()
        .unwrap();
    let reporter_step = steps.last().unwrap();
    let env: BTreeMap<String, String> =
        serde_yaml_ng::from_value(reporter_step["env"].clone()).unwrap();

    let broken = fake_cargo("reporter-broken", "exit 101");
    let huge = fake_cargo(
        "reporter-huge",
        "while [ $# -gt 0 ]; do [ \"$1\" = --output ] && out=\"$2\"; shift; done\n\
         head -c 200000 /dev/zero | tr '\\0' x > \"$out\"",
    );
    let solution =
        |s: &str| s.replace("cargo xtask grade 03 ", "cargo xtask grade 03 --solutions ");
    // (exercise, its step's output or None when cancelled, the points it must get)
    let e = |id: &str| catalog::select(&[id.to_string()]).unwrap()[0];
    let outputs: Vec<(&str, Option<String>, u32)> = vec![
        (
            "01",
            Some(run_github_step("01", "r01", &repo(), Some(&broken), str::to_string).encoded),
            0,
        ),
        ("02", None, 0),
        (
            "03",
            Some(run_github_step("03", "r03", &repo(), None, solution).encoded),
            e("03").max_points(),
        ),
        (
            "04",
            Some(run_github_step("04", "r04", &repo(), Some(&huge), str::to_string).encoded),
            0,
        ),
        (
            "05",
            Some(run_github_step("05", "r05", &repo(), None, str::to_string).encoded),
            0,
        ),
        (
            "06",
            Some(run_github_step("06", "r06", &repo(), None, str::to_string).encoded),
            0,
        ),
    ];
    let mut node = Command::new("node");
    node.arg(&main)
        .current_dir(&dir)
        .env("INPUT_RUNNERS", str_of(&reporter_step["with"], "runners"));
    let mut expected_total = 0;
    for (id, output, points) in &outputs {
        let step_id = format!("ex{id}");
        let value = &env[&format!("EX{id}_RESULTS")];
        // GitHub's `a || 'b'`: the step's output, or the fallback when it is empty.
        let given = match output {
            Some(o) if !o.is_empty() => o.as_str(),
            _ => missing_result(value, &step_id).unwrap(),
        };
        node.env(format!("EX{id}_RESULTS"), given);
        expected_total += points;
    }
    let out = node.output().unwrap();
    let log = String::from_utf8_lossy(&out.stdout).to_string();
    eprintln!("{log}");
    let max: u32 = catalog::all().iter().map(|e| e.max_points()).sum();
    assert!(
        log.contains(&format!(
            "::notice title=Autograding complete::Points {expected_total}/{max}"
        )),
        "{}",
        text(&out)
    );
    // Its log shows the points of every exercise, as Classroom gets them.
    for (id, _, points) in &outputs {
        let shown = format!(
            "Total points for ex{id}: {points}.00/{}",
            e(id).max_points()
        );
        assert!(log.contains(&shown), "{shown:?} not in the log");
    }
    assert!(log.contains("::error::Some tests failed."), "{log}");
    for d in [dir, broken, huge] {
        let _ = std::fs::remove_dir_all(d);
    }
}
