//! `cargo xtask grade-class DIR`: grade a folder of student repos (one folder each) into a
//! gradebook. Only each student's `exercises/*/src` is taken ([`sources`]); it is compiled in
//! one class workspace with the teacher's manifests, so dependencies build once and equal
//! sources build once ([`workspace`]); each program runs under the teacher's supervisor like any
//! grading. A broken or hostile submission is a row with notes, never the end of the run.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::Context;
use grader::catalog;
use grader::check::{Exercise, Variant};
use grader::grade::{self, Options, Target};
use grader::report::{self, Report};
use grader::t;

use crate::root;

pub mod chart;
pub mod gradebook;
pub mod lms;
pub mod shard;
pub mod sources;
pub mod workspace;

use gradebook::Row;
use lms::{Lms, Roster};
use shard::{ClassFile, Shard};
use sources::Sources;
use workspace::ClassWorkspace;

#[derive(clap::Args)]
pub struct Args {
    /// A folder holding one folder per student (a clone of their repo).
    dir: PathBuf,
    /// Students graded at the same time. Runs have time limits and timing checks are built to
    /// survive a busy machine, but on a small machine 1 keeps every verdict crisp.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=64))]
    jobs: u32,
    /// Grade only shard K of N (every N-th student in name order, from the K-th), with
    /// `--seed` and `--json`; `merge-class` joins the N gradebooks into the class's.
    #[arg(long, value_name = "K/N", requires_all = ["seed", "json"])]
    shard: Option<Shard>,
    #[command(flatten)]
    out: Outputs,
    /// Write each student's full report here, as `<student>.json` (forklings' JSON schema).
    #[arg(long, value_name = "DIR")]
    reports: Option<PathBuf>,
    /// The teacher's hidden variants (see hidden/example.toml).
    #[arg(long, value_name = "FILE")]
    hidden: Option<PathBuf>,
    /// Seed of the randomized runs (the same for every student).
    #[arg(long)]
    seed: Option<u64>,
    /// Gradings of each exercise; a check passes only if it passes every time.
    #[arg(long, default_value_t = 1)]
    repeat: u32,
}

/// What a gradebook is written as; `grade-class` and `merge-class` share them.
#[derive(clap::Args)]
pub struct Outputs {
    /// Write the gradebook here as CSV (UTF-8 with a BOM, so Excel reads the accents).
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
    /// Write an SVG chart of the score distribution per exercise here.
    #[arg(long, value_name = "FILE.svg")]
    chart: Option<PathBuf>,
    /// Write the gradebook here as JSON: what `merge-class` joins.
    #[arg(long, value_name = "FILE.json")]
    json: Option<PathBuf>,
    /// Also write the CSV this LMS's grade import reads (needs --roster and --lms-csv).
    #[arg(long, value_enum, requires_all = ["roster", "lms_csv"])]
    lms: Option<Lms>,
    /// CSV of `folder,identity` lines: each student folder's identity in the LMS (Moodle:
    /// email, ID number or username; Canvas: SIS Login ID).
    #[arg(long, value_name = "FILE", requires = "lms")]
    roster: Option<PathBuf>,
    /// Where to write the LMS's CSV.
    #[arg(long, value_name = "FILE", requires = "lms")]
    lms_csv: Option<PathBuf>,
}

impl Outputs {
    /// The roster, checked against `students` (every folder must be in it), when `--lms`.
    fn roster<'a>(
        &self,
        students: impl IntoIterator<Item = &'a str>,
    ) -> anyhow::Result<Option<Roster>> {
        let Some(path) = &self.roster else {
            return Ok(None);
        };
        let roster = Roster::load(path)?;
        roster
            .check(students)
            .with_context(|| t!("class.roster.in", path = path.display()))?;
        Ok(Some(roster))
    }

    /// Shows the gradebook and writes every file asked for.
    fn write(&self, class: &ClassFile, roster: Option<&Roster>) -> anyhow::Result<()> {
        let rows = &class.rows;
        let columns = gradebook::columns(rows);
        print!("{}", gradebook::table(rows, &columns));
        if let Some(path) = &self.csv {
            std::fs::write(path, gradebook::csv(rows, &columns))
                .with_context(|| t!("class.csv_failed", path = path.display()))?;
            println!("{}", t!("class.csv_written", path = path.display()));
        }
        if let Some(path) = &self.chart {
            std::fs::write(path, chart::svg(rows, &columns, &class.title))
                .with_context(|| t!("class.chart_failed", path = path.display()))?;
            println!("{}", t!("class.chart_written", path = path.display()));
        }
        if let Some(path) = &self.json {
            let json = serde_json::to_string_pretty(class).expect("a gradebook serializes");
            std::fs::write(path, json + "\n")
                .with_context(|| t!("io.writing", path = path.display()))?;
            println!("{}", t!("class.json_written", path = path.display()));
        }
        if let (Some(lms), Some(path), Some(roster)) = (self.lms, &self.lms_csv, roster) {
            std::fs::write(path, lms::csv(lms, rows, &columns, roster))
                .with_context(|| t!("io.writing", path = path.display()))?;
            println!("{}", t!("class.lms_written", path = path.display()));
        }
        Ok(())
    }
}

/// `cargo xtask merge-class SHARD.json…`
#[derive(clap::Args)]
pub struct MergeArgs {
    /// The gradebooks that `grade-class --shard K/N --json FILE` wrote, one per shard.
    #[arg(required = true, value_name = "FILE.json")]
    files: Vec<PathBuf>,
    #[command(flatten)]
    out: Outputs,
}

pub fn merge(args: MergeArgs) -> anyhow::Result<ExitCode> {
    let files = args
        .files
        .iter()
        .map(|p| Ok((p.clone(), ClassFile::read(p)?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let class = shard::merge(files)?;
    let roster = args.out.roster(class.class.iter().map(String::as_str))?;
    args.out.write(&class, roster.as_ref())?;
    println!(
        "\n{}",
        t!(
            "class.merged",
            count = class.rows.len(),
            shards = args.files.len(),
            seed = class.seed
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// One student's repo as found in DIR.
struct Student {
    name: String,
    /// The repo root (the folder holding `exercises/`), or why there is none.
    root: Result<PathBuf, String>,
}

/// The students in `dir`: every folder, sorted by name, skipping hidden ones.
fn students(dir: &Path) -> anyhow::Result<Vec<Student>> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| t!("class.unreadable_folder", dir = dir.display()))?;
    let mut students: Vec<Student> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .map(|name| {
            let path = dir.join(&name);
            Student {
                root: repo_root(&path),
                name,
            }
        })
        .collect();
    students.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(students)
}

/// The folder holding `exercises/`: the student's folder, or one folder below it (an archive
/// that unpacks into `<repo-name>/`).
fn repo_root(path: &Path) -> Result<PathBuf, String> {
    if path.join("exercises").is_dir() {
        return Ok(path.to_path_buf());
    }
    let inner: Vec<PathBuf> = std::fs::read_dir(path)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.join("exercises").is_dir())
                .collect()
        })
        .unwrap_or_default();
    match inner.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(t!("class.no_exercises")),
        _ => Err(t!("class.several_repos")),
    }
}

/// What the class build needs to know of one student: the package of each exercise.
struct Prepared {
    student: Student,
    targets: Vec<Target>,
    notes: Vec<String>,
}

fn prepare(
    student: Student,
    teacher: &Path,
    exercises: &[&'static Exercise],
    ws: &mut ClassWorkspace,
) -> anyhow::Result<Prepared> {
    let mut notes = Vec::new();
    let mut targets = Vec::new();
    if let Ok(root) = &student.root {
        let changes = grader::tamper::compare(root, teacher);
        if !changes.is_empty() {
            let shown: Vec<String> = changes.iter().take(3).map(ToString::to_string).collect();
            let files = if changes.len() > 3 {
                t!(
                    "class.and_more",
                    files = shown.join(", "),
                    count = changes.len() - 3
                )
            } else {
                shown.join(", ")
            };
            notes.push(t!("class.modified_grader", files = files));
        }
        for e in exercises {
            let dir = e.dir(Variant::Exercise);
            let source = format!("{dir}/src/main.rs");
            let program = match Sources::read(&root.join(&dir).join("src")) {
                Ok(sources) => {
                    for s in &sources.skipped {
                        notes.push(t!("class.symlink_ignored", id = e.id, path = s));
                    }
                    let package = ws.add(teacher, e, &sources)?;
                    Ok(PathBuf::from(package))
                }
                Err(why) => Err(why),
            };
            targets.push(Target {
                name: format!("{}/{}", student.name, e.dir_name()),
                source,
                program,
            });
        }
    }
    Ok(Prepared {
        student,
        targets,
        notes,
    })
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let teacher = root();
    let exercises = catalog::all().to_vec();
    let opts = Options::new(
        teacher.clone(),
        Variant::Exercise,
        args.seed,
        args.repeat,
        args.hidden.as_deref(),
    )?;
    let students = students(&args.dir)?;
    anyhow::ensure!(
        !students.is_empty(),
        t!("class.no_students", dir = args.dir.display())
    );
    let class: Vec<String> = students.iter().map(|s| s.name.clone()).collect();
    // Before anything is built: an unmapped folder would fail the LMS file at the end.
    let roster = args.out.roster(class.iter().map(String::as_str))?;
    let students: Vec<Student> = students
        .into_iter()
        .enumerate()
        .filter(|(i, _)| args.shard.is_none_or(|s| s.takes(*i)))
        .map(|(_, s)| s)
        .collect();
    if let Some(shard) = args.shard {
        eprintln!(
            "{}",
            t!(
                "class.shard.grading",
                k = shard.k,
                n = shard.n,
                count = students.len(),
                total = class.len()
            )
        );
    }

    let mut ws = ClassWorkspace::open(&teacher)?;
    let mut prepared = Vec::new();
    for s in students {
        prepared.push(prepare(s, &teacher, &exercises, &mut ws)?);
    }
    eprintln!(
        "{}",
        t!(
            "class.building",
            students = prepared.len(),
            programs = ws.crates(),
            dir = ws.dir.display()
        )
    );
    let build_started = Instant::now();
    let built = ws.build()?;
    eprintln!(
        "{}",
        t!(
            "class.built",
            secs = format!("{:.1}", build_started.elapsed().as_secs_f64()),
            seed = opts.seed,
            jobs = args.jobs
        )
    );
    for p in &mut prepared {
        for (t, e) in p.targets.iter_mut().zip(&exercises) {
            if let Ok(package) = &t.program {
                let package = package.to_string_lossy().into_owned();
                // Compiler messages name the class crate's folder: show the student's.
                t.program = built.program(&package).map_err(|why| {
                    why.replace(
                        &format!("crates/{package}/"),
                        &format!("{}/", e.dir(Variant::Exercise)),
                    )
                });
            }
        }
    }

    let graded = grade_all(prepared, &exercises, &opts, args.jobs as usize);
    if let Some(dir) = &args.reports {
        std::fs::create_dir_all(dir).with_context(|| t!("io.creating", path = dir.display()))?;
        for (row, report) in &graded {
            if let Some(r) = report {
                let path = dir.join(format!("{}.json", row.student));
                std::fs::write(&path, report::render(r, report::Format::Json))
                    .with_context(|| t!("io.writing", path = path.display()))?;
            }
        }
    }
    let file = ClassFile {
        forklings_gradebook: shard::VERSION,
        title: format!("forklings · {}", args.dir.display()),
        seed: opts.seed,
        repeat: opts.repeat,
        shard: args.shard,
        class,
        rows: graded.into_iter().map(|(row, _)| row).collect(),
    };
    args.out.write(&file, roster.as_ref())?;
    if let Some(dir) = &args.reports {
        println!("{}", t!("class.reports_written", path = dir.display()));
    }
    println!(
        "\n{}",
        t!(
            "class.summary",
            count = file.rows.len(),
            secs = format!("{:.1}", started.elapsed().as_secs_f64()),
            seed = opts.seed
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// A student's gradebook row, and the full report when the repo could be graded.
type Graded = (Row, Option<Report>);

/// Grades every prepared student, `jobs` at a time, keeping the students' order.
fn grade_all(
    prepared: Vec<Prepared>,
    exercises: &[&'static Exercise],
    opts: &Options,
    jobs: usize,
) -> Vec<Graded> {
    let total = prepared.len();
    let bar = indicatif::ProgressBar::new(total as u64).with_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
            .expect("a valid template"),
    );
    let queue = Mutex::new(prepared.into_iter().enumerate());
    let rows: Mutex<Vec<(usize, Graded)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, total.max(1)) {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().expect("queue lock").next();
                    let Some((index, p)) = next else { break };
                    bar.set_message(t!("class.grading", student = p.student.name));
                    let started = Instant::now();
                    let (row, report) = grade_one(p, exercises, opts, started);
                    let line = format!(
                        "  {:<24} {}",
                        row.student,
                        t!(
                            "class.student_graded",
                            score = format!("{:>4}", row.total().unwrap_or(0)),
                            max = row.max(),
                            secs = format!("{:.1}", started.elapsed().as_secs_f64())
                        )
                    );
                    if bar.is_hidden() {
                        eprintln!("{line}");
                    } else {
                        bar.println(line);
                    }
                    bar.inc(1);
                    rows.lock().expect("rows lock").push((index, (row, report)));
                }
            });
        }
    });
    bar.finish_and_clear();
    let mut rows = rows.into_inner().expect("rows lock");
    rows.sort_by_key(|(i, _)| *i);
    rows.into_iter().map(|(_, r)| r).collect()
}

fn grade_one(
    p: Prepared,
    exercises: &[&'static Exercise],
    opts: &Options,
    started: Instant,
) -> Graded {
    let mut notes = p.notes;
    let report = match &p.student.root {
        Err(why) => {
            notes.push(why.clone());
            None
        }
        Ok(_) => {
            let reports = grade::grade_targets(exercises, &p.targets, opts, |_| {});
            Some(grade::assemble(reports, opts, started))
        }
    };
    let row = Row::of(p.student.name, report.as_ref(), notes);
    (row, report)
}
