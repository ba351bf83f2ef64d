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
use grader::report;
use grader::t;

use crate::root;

pub mod chart;
pub mod gradebook;
pub mod sources;
pub mod workspace;

use gradebook::Row;
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
    /// Write the gradebook here as CSV.
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
    /// Write an SVG chart of the score distribution per exercise here.
    #[arg(long, value_name = "FILE.svg")]
    chart: Option<PathBuf>,
    /// Write each student's full report here, as `<student>.json` (forklings' JSON schema).
    #[arg(long, value_name = "DIR")]
    reports: Option<PathBuf>,
    /// The teacher's hidden variants (see docs/hidden-variants.example.toml).
    #[arg(long, value_name = "FILE")]
    hidden: Option<PathBuf>,
    /// Seed of the randomized runs (the same for every student).
    #[arg(long)]
    seed: Option<u64>,
    /// Gradings of each exercise; a check passes only if it passes every time.
    #[arg(long, default_value_t = 1)]
    repeat: u32,
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

    let rows = grade_all(prepared, &exercises, &opts, args.jobs as usize);
    let columns = gradebook::columns(&rows);
    print!("{}", gradebook::table(&rows, &columns));
    println!(
        "\n{}",
        t!(
            "class.summary",
            count = rows.len(),
            secs = format!("{:.1}", started.elapsed().as_secs_f64()),
            seed = opts.seed
        )
    );
    if let Some(path) = &args.csv {
        std::fs::write(path, gradebook::csv(&rows, &columns))
            .with_context(|| t!("class.csv_failed", path = path.display()))?;
        println!("{}", t!("class.csv_written", path = path.display()));
    }
    if let Some(path) = &args.chart {
        let title = format!("forklings · {}", args.dir.display());
        std::fs::write(path, chart::svg(&rows, &columns, &title))
            .with_context(|| t!("class.chart_failed", path = path.display()))?;
        println!("{}", t!("class.chart_written", path = path.display()));
    }
    if let Some(dir) = &args.reports {
        std::fs::create_dir_all(dir).with_context(|| t!("io.creating", path = dir.display()))?;
        for row in &rows {
            if let Some(r) = &row.report {
                let path = dir.join(format!("{}.json", row.student));
                std::fs::write(&path, report::render(r, report::Format::Json))
                    .with_context(|| t!("io.writing", path = path.display()))?;
            }
        }
        println!("{}", t!("class.reports_written", path = dir.display()));
    }
    Ok(ExitCode::SUCCESS)
}

/// Grades every prepared student, `jobs` at a time, keeping the students' order.
fn grade_all(
    prepared: Vec<Prepared>,
    exercises: &[&'static Exercise],
    opts: &Options,
    jobs: usize,
) -> Vec<Row> {
    let total = prepared.len();
    let bar = indicatif::ProgressBar::new(total as u64).with_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
            .expect("a valid template"),
    );
    let queue = Mutex::new(prepared.into_iter().enumerate());
    let rows: Mutex<Vec<(usize, Row)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, total.max(1)) {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().expect("queue lock").next();
                    let Some((index, p)) = next else { break };
                    bar.set_message(t!("class.grading", student = p.student.name));
                    let started = Instant::now();
                    let row = grade_one(p, exercises, opts, started);
                    let line = format!(
                        "  {:<24} {}",
                        row.student,
                        t!(
                            "class.student_graded",
                            score = format!("{:>4}", row.total()),
                            max = row.report.as_ref().map_or(0, |r| r.max_score),
                            secs = format!("{:.1}", started.elapsed().as_secs_f64())
                        )
                    );
                    if bar.is_hidden() {
                        eprintln!("{line}");
                    } else {
                        bar.println(line);
                    }
                    bar.inc(1);
                    rows.lock().expect("rows lock").push((index, row));
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
) -> Row {
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
    Row {
        student: p.student.name,
        report,
        notes,
    }
}
