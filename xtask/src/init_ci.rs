//! `cargo xtask init-ci github|gitlab|gradescope`: a ready-made CI setup for a class.
//!
//! - `github`: `.github/workflows/classroom.yml` for the student repos. One step per exercise
//!   grades it with `--format github` and hands the Classroom result JSON (base64) to
//!   `classroom-resources/autograding-grading-reporter`, which sums the points of every check
//!   and reports them to GitHub Classroom: points per exercise, partial credit per check.
//! - `gitlab`: `.gitlab-ci.yml`, one job whose JUnit report GitLab shows in its Tests tab.
//! - `gradescope`: `autograder.zip` (`setup.sh`, `run_autograder` and the grader's side of the
//!   repo, never the solutions), optionally with the teacher's hidden variants.
//!
//! - `github-class`, `gitlab-class`: for the teacher's own repo, a class graded on several
//!   machines: a GitHub Actions matrix or a GitLab `parallel:` job runs
//!   `grade-class --shard K/N` on a folder of student repos, and one last job joins the shards
//!   with `merge-class` into the gradebook CSV and chart (see [`github_class_workflow`]).
//!
//! The points in the workflow come from the catalog, so they follow the checks.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use grader::catalog;
use grader::t;
use grader::tamper::teacher_only;
use serde_json::json;

use crate::export::{self, SOLUTIONS_PLACEHOLDER, SOLUTIONS_PLACEHOLDER_TEXT};

pub const GITHUB_PATH: &str = ".github/workflows/classroom.yml";
pub const GITLAB_PATH: &str = ".gitlab-ci.yml";
pub const GITHUB_CLASS_PATH: &str = ".github/workflows/grade-class.yml";
pub const GITLAB_CLASS_PATH: &str = ".gitlab/grade-class.yml";
const GRADESCOPE_ZIP: &str = "autograder.zip";
/// Where the hidden variants file goes in the Gradescope bundle (`run_autograder` looks there).
const BUNDLED_HIDDEN: &str = "hidden/variants.toml";

const SETUP_SH: &str = include_str!("init_ci/setup.sh");
const RUN_AUTOGRADER: &str = include_str!("init_ci/run_autograder");
const GITLAB_CI: &str = include_str!("init_ci/gitlab-ci.yml");

#[derive(clap::Args)]
pub struct Args {
    /// Which CI to set up.
    #[arg(value_enum)]
    target: Target,
    /// Folder to write into (default: this repo for github and gitlab, target/gradescope for
    /// the Gradescope bundle).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Replace a workflow or CI file that is already there.
    #[arg(long)]
    force: bool,
    /// gradescope only: bundle this hidden-variants file and grade every submission with it.
    #[arg(long, value_name = "FILE")]
    hidden: Option<PathBuf>,
    /// github-class, gitlab-class: machines that grade the class, each a share of the students.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=256))]
    shards: u32,
    /// github-class, gitlab-class: the folder of the repo holding one folder per student.
    #[arg(long, value_name = "DIR", default_value = "class")]
    class: String,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Target {
    /// A GitHub Actions workflow for GitHub Classroom, with points per exercise.
    Github,
    /// A GitLab CI job with the JUnit test report.
    Gitlab,
    /// A Gradescope autograder bundle (zip).
    Gradescope,
    /// A GitHub Actions workflow for the teacher's repo: grade-class on a matrix of machines,
    /// then one gradebook.
    GithubClass,
    /// A GitLab CI file for the teacher's repo: grade-class as a `parallel:` job, then one
    /// gradebook.
    GitlabClass,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let root = crate::root();
    if args.hidden.is_some() && args.target != Target::Gradescope {
        bail!(t!("init_ci.hidden_not_here"));
    }
    match args.target {
        Target::Github => {
            let path = args.out.unwrap_or(root).join(GITHUB_PATH);
            write_new(&path, &github_workflow(), args.force)?;
            let points: u32 = catalog::all().iter().map(|e| e.max_points()).sum();
            println!(
                "{}",
                t!(
                    "init_ci.wrote_github",
                    path = path.display(),
                    exercises = catalog::all().len(),
                    points = points
                )
            );
            println!("{}", t!("init_ci.next_github"));
        }
        Target::Gitlab => {
            let path = args.out.unwrap_or(root).join(GITLAB_PATH);
            write_new(&path, gitlab_ci(), args.force)?;
            println!("{}", t!("init_ci.wrote", path = path.display()));
            println!("{}", t!("init_ci.next_gitlab"));
        }
        Target::Gradescope => {
            let dir = args.out.unwrap_or_else(|| root.join("target/gradescope"));
            let hidden = match &args.hidden {
                Some(path) => {
                    let variants = grader::hidden::load(path)?;
                    let bytes = std::fs::read(path)
                        .with_context(|| t!("io.reading", path = path.display()))?;
                    Some((variants, bytes))
                }
                None => None,
            };
            let side = export::StudentSide::of(&root)?;
            let (zip, files) = gradescope_bundle(&side, hidden.as_ref().map(|(_, b)| &b[..]))?;
            std::fs::create_dir_all(&dir)
                .with_context(|| t!("io.creating", path = dir.display()))?;
            let path = dir.join(GRADESCOPE_ZIP);
            std::fs::write(&path, &zip).with_context(|| t!("io.writing", path = path.display()))?;
            let (path, kib) = (path.display(), zip.len().div_ceil(1024));
            let wrote = if hidden.is_some() {
                t!(
                    "init_ci.wrote_zip_hidden",
                    path = path,
                    files = files,
                    kib = kib
                )
            } else {
                t!("init_ci.wrote_zip", path = path, files = files, kib = kib)
            };
            println!("{wrote}");
            for note in side.notes() {
                println!("  {note}");
            }
            let variants = hidden.map(|(v, _)| v).unwrap_or_default();
            println!("  {}", gradescope_points(&variants));
            println!("{}", t!("init_ci.next_gradescope"));
        }
        Target::GithubClass | Target::GitlabClass => write_class_ci(&args, root)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `github-class` and `gitlab-class`: the CI file that grades a class on several machines.
fn write_class_ci(args: &Args, root: PathBuf) -> anyhow::Result<()> {
    let class = args.class.trim_end_matches('/');
    if class.is_empty() || class.contains(['"', '\'', '$', '`', '\n']) {
        bail!(t!("init_ci.bad_class_dir", dir = &args.class));
    }
    let out = args.out.clone().unwrap_or(root);
    let (path, text, next) = if args.target == Target::GithubClass {
        (
            out.join(GITHUB_CLASS_PATH),
            github_class_workflow(args.shards, class),
            t!("init_ci.next_github_class", class = class),
        )
    } else {
        (
            out.join(GITLAB_CLASS_PATH),
            gitlab_class_ci(args.shards, class),
            t!(
                "init_ci.next_gitlab_class",
                class = class,
                path = GITLAB_CLASS_PATH
            ),
        )
    };
    write_new(&path, &text, args.force)?;
    println!(
        "{}",
        t!(
            "init_ci.wrote_class",
            path = path.display(),
            shards = args.shards
        )
    );
    println!("{next}");
    Ok(())
}

/// The GitHub Actions workflow of `init-ci github-class`: a matrix job per shard grades its
/// students (`grade-class --shard K/N`, the run's id as the seed, the same in every shard)
/// and uploads its gradebook; the `gradebook` job merges them and uploads the CSV and chart.
pub fn github_class_workflow(shards: u32, class: &str) -> String {
    let list: Vec<String> = (1..=shards).map(|k| k.to_string()).collect();
    format!(
        "\
# forklings: grade a class of student repos on {shards} machines, then one gradebook.
# Written by `cargo xtask init-ci github-class`. Run it from the Actions tab (Run workflow).
# {class}/ holds one folder per student (a clone of their repo): commit them, add them as git
# submodules, or replace the step \"Check the class folder\" with one that fetches them
# (for GitHub Classroom: `gh classroom clone student-repos -a <assignment id>`, with a token).
# Every shard grades with the run's id as its seed, so the merged gradebook is the one a
# single `cargo xtask grade-class {class} --seed <run id>` would write.
name: Grade the class
on:
  workflow_dispatch:
permissions:
  contents: read
env:
  CLASS_DIR: {class}
jobs:
  grade:
    name: grade shard ${{{{ matrix.shard }}}}/{shards}
    runs-on: ubuntu-latest
    timeout-minutes: 120
    strategy:
      fail-fast: false
      matrix:
        shard: [{list}]
    steps:
      - uses: actions/checkout@v4
        with:
          submodules: recursive
      - uses: dtolnay/rust-toolchain@stable
      - uses: Swatinem/rust-cache@v2
      - name: Check the class folder
        run: test -d \"$CLASS_DIR\" || {{ echo \"$CLASS_DIR/ is missing, put one folder per student there\"; exit 1; }}
      - name: Grade shard ${{{{ matrix.shard }}}}/{shards}
        run: >-
          cargo xtask grade-class \"$CLASS_DIR\"
          --shard ${{{{ matrix.shard }}}}/{shards}
          --seed ${{{{ github.run_id }}}}
          --json \"shard-${{{{ matrix.shard }}}}.json\"
          --reports reports
      - uses: actions/upload-artifact@v4
        with:
          name: shard-${{{{ matrix.shard }}}}
          path: |
            shard-${{{{ matrix.shard }}}}.json
            reports/
  gradebook:
    needs: grade
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: dtolnay/rust-toolchain@stable
      - uses: Swatinem/rust-cache@v2
      - uses: actions/download-artifact@v4
        with:
          pattern: shard-*
          merge-multiple: true
      - name: Merge the shards
        run: cargo xtask merge-class shard-*.json --csv gradebook.csv --chart chart.svg --json gradebook.json
      - uses: actions/upload-artifact@v4
        with:
          name: gradebook
          path: |
            gradebook.csv
            chart.svg
            gradebook.json
            reports/
",
        list = list.join(", ")
    )
}

/// The GitLab CI file of `init-ci gitlab-class`: `grade-class` runs as a `parallel:` job (GitLab
/// numbers its copies in `CI_NODE_INDEX` of `CI_NODE_TOTAL`), the pipeline's id as the seed;
/// `gradebook` merges the shards' gradebooks.
pub fn gitlab_class_ci(shards: u32, class: &str) -> String {
    format!(
        "\
# forklings: grade a class of student repos on {shards} machines, then one gradebook.
# Written by `cargo xtask init-ci gitlab-class`. Use it as the project's CI file (Settings →
# CI/CD → CI/CD configuration file) or `include:` it from .gitlab-ci.yml; run the pipeline by
# hand (Build → Pipelines → Run pipeline).
# {class}/ holds one folder per student (a clone of their repo): commit them, add them as git
# submodules, or fetch them in a `before_script`. Every shard grades with the pipeline's id as
# its seed, so the merged gradebook is the one a single
# `cargo xtask grade-class {class} --seed <pipeline id>` would write.
stages:
  - grade
  - gradebook
variables:
  CLASS_DIR: {class}
  GIT_SUBMODULE_STRATEGY: recursive
  CARGO_HOME: $CI_PROJECT_DIR/.cargo-home
default:
  image: rust:1
  cache:
    key: forklings-class
    paths:
      - .cargo-home/registry/
      - target/
grade-class:
  stage: grade
  parallel: {shards}
  rules:
    - if: $CI_PIPELINE_SOURCE == \"web\"
  script:
    - test -d \"$CLASS_DIR\" || {{ echo \"$CLASS_DIR/ is missing, put one folder per student there\"; exit 1; }}
    - cargo xtask grade-class \"$CLASS_DIR\" --shard \"$CI_NODE_INDEX/$CI_NODE_TOTAL\" --seed \"$CI_PIPELINE_ID\" --json \"shard-$CI_NODE_INDEX.json\" --reports reports
  artifacts:
    paths:
      - shard-*.json
      - reports/
gradebook:
  stage: gradebook
  needs:
    - grade-class
  rules:
    - if: $CI_PIPELINE_SOURCE == \"web\"
  script:
    - cargo xtask merge-class shard-*.json --csv gradebook.csv --chart chart.svg --json gradebook.json
  artifacts:
    paths:
      - gradebook.csv
      - chart.svg
      - gradebook.json
      - reports/
"
    )
}

/// Writes a CI file, refusing to replace one unless `force`.
fn write_new(path: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    if path.exists() && !force {
        bail!(t!("init_ci.already_there", path = path.display()));
    }
    export::write_if_changed(path, text.as_bytes())?;
    Ok(())
}

/// How long an exercise step may grade before `timeout` stops it and the step writes its
/// fallback result, in seconds: the first step also builds the grader.
pub const STEP_GRADE_SECONDS: u32 = 540;
/// The step's own `timeout-minutes`, above [`STEP_GRADE_SECONDS`] so the fallback is written.
pub const STEP_TIMEOUT_MINUTES: u32 = 10;
/// A result larger than this is not handed to the reporter (the grader writes at most 48 KiB):
/// in base64 it would come near the 128 KiB Linux allows one environment string, and the
/// reporter's step would not start at all.
pub const STEP_MAX_RESULT_BYTES: u32 = 90_000;

/// The result of an exercise that earned nothing because `why`, in the reporter's format.
fn fallback_result(e: &grader::check::Exercise, why: &str) -> String {
    let points = e.max_points();
    json!({
        "version": 1,
        "status": "error",
        "max_score": points,
        "tests": [{
            "name": format!("{} {}", e.id, e.slug),
            "status": "error",
            "score": 0,
            "max_score": points,
            "message": why,
            "test_code": "",
            "filename": format!("exercises/{}/src/main.rs", e.dir_name()),
            "line_no": 0,
            "execution_time": "0s",
        }],
    })
    .to_string()
}

/// Standard base64 (what `base64 -w0` writes and the reporter's `Buffer.from(…, "base64")`
/// reads).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The GitHub Classroom workflow: one step per exercise, then the reporter.
///
/// The reporter (`autograding-grading-reporter@v1`) parses every runner's `<ID>_RESULTS`
/// before it notifies Classroom, so one step without a result loses every exercise's points.
/// Hence: every exercise step runs even after a failed step, stops grading in time to write a
/// fallback result, and never hands over a result too large for an environment variable; and
/// the reporter's variable falls back to a zero-point result when a step produced nothing
/// (cancelled, or killed at `timeout-minutes`). Step ids are letters and digits only, what the
/// reporter's input check accepts.
pub fn github_workflow() -> String {
    let mut out = String::from(
        "\
# forklings: grade every push of a student repo for GitHub Classroom, with points per exercise.
# Written by `cargo xtask init-ci github`; the points come from the grader's catalog.
# Each exercise step grades one exercise and hands its result (the JSON of `--format github`,
# in base64) to the reporter, which sends the points of every check to Classroom. Classroom
# finds the points only if the workflow is named \"Autograding Tests\" and its one job
# \"run-autograding-tests\".
# Every exercise step runs even after a failed step and always leaves a result (a zero-point
# one when the grader wrote none, or one too large to pass on); the reporter gets a zero-point
# result for a step that left nothing (cancelled or timed out), so one exercise never costs the
# others their points.
name: Autograding Tests
on:
  - push
  - workflow_dispatch
  - repository_dispatch
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
      - name: Checkout code
        uses: actions/checkout@v4
      - name: Install Rust
        uses: dtolnay/rust-toolchain@stable
      - name: Cache the build
        uses: Swatinem/rust-cache@v2
",
    );
    let mut env = String::new();
    let mut runners = Vec::new();
    for e in catalog::all() {
        let id = step_id(e.id);
        // What the reporter gets when the grader wrote no usable result.
        let fallback = fallback_result(
            e,
            &format!(
                "the grader wrote no usable result (it failed, or was stopped after {} minutes): \
                 the log of this step says why",
                STEP_GRADE_SECONDS / 60
            ),
        );
        debug_assert!(
            !fallback.contains('\''),
            "the fallback is single-quoted in bash"
        );
        let _ = write!(
            out,
            "      - name: {n} {slug} ({points} points)
        id: {id}
        if: ${{{{ !cancelled() }}}}
        timeout-minutes: {STEP_TIMEOUT_MINUTES}
        run: |
          report=\"$RUNNER_TEMP/forklings-{n}.json\"
          rm -f \"$report\"
          timeout --kill-after=10s {STEP_GRADE_SECONDS} cargo xtask grade {n} --format github --output \"$report\" || true
          if [ ! -s \"$report\" ] || [ \"$(wc -c < \"$report\")\" -gt {STEP_MAX_RESULT_BYTES} ]; then
            echo \"::error::exercise {n}: the grader wrote no usable result; it counts 0 points\"
            echo '{fallback}' > \"$report\"
          fi
          echo \"result=$(base64 -w0 < \"$report\")\" >> \"$GITHUB_OUTPUT\"
",
            n = e.id,
            slug = e.slug,
            points = e.max_points(),
        );
        let missing = base64(
            fallback_result(
                e,
                "this exercise's step left no result (cancelled, or stopped at its timeout-minutes): its log says why",
            )
            .as_bytes(),
        );
        let _ = writeln!(
            env,
            "          {}_RESULTS: \"${{{{ steps.{id}.outputs.result || '{missing}' }}}}\"",
            id.to_uppercase()
        );
        runners.push(id);
    }
    let _ = write!(
        out,
        "      - name: Autograding Reporter
        if: always()
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
{env}        with:
          runners: {}
",
        runners.join(",")
    );
    out
}

/// The reporter finds a step's result in `<ID>_RESULTS` (the step id upper-cased); its input
/// check accepts letters and digits only (`^([a-zA-Z0-9]+,)*[a-zA-Z0-9]+$`): `ex06`.
fn step_id(exercise: &str) -> String {
    format!("ex{exercise}")
}

pub fn gitlab_ci() -> &'static str {
    GITLAB_CI
}

/// Whether the Gradescope bundle needs this file of the repo to build and run the grader: the
/// workspace manifests, `.cargo/`, the grader and xtask crates (and the hostile test crate, a
/// workspace member), and each exercise's manifest and stub sources. Docs, tests, solutions: no.
fn in_bundle(path: &str) -> bool {
    if teacher_only(path) {
        return false;
    }
    let parts: Vec<&str> = path.split('/').collect();
    matches!(
        parts.as_slice(),
        ["Cargo.toml" | "Cargo.lock"]
            | [".cargo", ..]
            | ["grader" | "xtask", "Cargo.toml"]
            | ["grader" | "xtask", "src", ..]
            | ["grader", "tests", "hostile", ..]
            | ["exercises", _, "Cargo.toml"]
            | ["exercises", _, "src", ..]
    )
}

/// What to enter as the assignment's points in Gradescope: the exercises' points, and each
/// hidden variant's (a variant adds its exercise's points again).
fn gradescope_points(variants: &[grader::hidden::Variant]) -> String {
    let exercises: u32 = catalog::all().iter().map(|e| e.max_points()).sum();
    let hidden: u32 = variants.iter().map(|v| v.exercise.max_points()).sum();
    if variants.is_empty() {
        t!("init_ci.gradescope_points", points = exercises)
    } else {
        t!(
            "init_ci.gradescope_points_hidden",
            points = exercises + hidden,
            exercises = exercises,
            hidden = hidden,
            variants = variants.len()
        )
    }
}

/// The Gradescope autograder zip (files stored, not compressed: a few hundred KiB) and how
/// many files it holds: the committed student side of the repo that grading needs, and the
/// hidden variants readable by their owner only (root, who grades; the programs run as
/// `nobody`).
pub fn gradescope_bundle(
    side: &export::StudentSide,
    hidden: Option<&[u8]>,
) -> anyhow::Result<(Vec<u8>, usize)> {
    use zip::write::SimpleFileOptions;

    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let plain = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .unix_permissions(0o644);
    let script = plain.unix_permissions(0o755);
    let private = plain.unix_permissions(0o600);
    let mut files = 0;
    let mut add = |name: &str, bytes: &[u8], options| -> anyhow::Result<()> {
        zip.start_file(name, options)
            .and_then(|()| zip.write_all(bytes).map_err(Into::into))
            .with_context(|| t!("init_ci.zip_add_failed", name = name))?;
        files += 1;
        Ok(())
    };
    add("setup.sh", SETUP_SH.as_bytes(), script)?;
    add("run_autograder", RUN_AUTOGRADER.as_bytes(), script)?;
    for f in side.files.iter().filter(|f| in_bundle(&f.path)) {
        add(&f.path, &f.bytes, if f.executable { script } else { plain })?;
    }
    add(
        SOLUTIONS_PLACEHOLDER,
        SOLUTIONS_PLACEHOLDER_TEXT.as_bytes(),
        plain,
    )?;
    if let Some(hidden) = hidden {
        add(BUNDLED_HIDDEN, hidden, private)?;
    }
    let bytes = zip
        .finish()
        .with_context(|| t!("init_ci.zip_finish_failed"))?
        .into_inner();
    Ok((bytes, files))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_the_standard_one() {
        // RFC 4648, section 10.
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain:?}");
        }
        assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
    }
}
