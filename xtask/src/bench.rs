//! `cargo xtask bench`: what things cost, measured side by side in one run. The reference
//! solutions at sizes where time matters (a lock per increment, a task per pipe message, a
//! message queue item, a 64 MiB transfer beside a raw pipe copy of the same size), each run bare
//! and under the grader's supervisor; then the grader itself: grading time per exercise and
//! save-to-verdict (touch a source, rebuild, grade). Prints a table and writes an SVG chart.
//!
//! Figures, not tests: nothing here asserts a time. The binaries are the ones the grader grades
//! (the `dev` profile a student builds), so the lessons can quote what a student will see.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use grader::catalog;
use grader::check::Variant;
use grader::grade;
use grader::observe::Exit;
use grader::run::{Ending, supervisor};
use grader::t;

mod chart;
mod pipe;

#[derive(clap::Args)]
pub struct Args {
    /// Runs of each measurement; the table shows the median.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=50))]
    repeat: u32,
    /// Where to write the SVG chart.
    #[arg(long, default_value = "target/bench/bench.svg")]
    svg: PathBuf,
    /// Only the solutions at size, not the grader's own timings (quicker).
    #[arg(long)]
    no_grader: bool,
}

/// One solution at a size where time matters.
struct Case {
    /// The exercise (its solution package is graded by the grader too).
    id: &'static str,
    /// What is measured, for the table: `3 × 100 000 locked increments`.
    what: String,
    args: Vec<String>,
    /// How many units the run moves, and their name, for the throughput column.
    units: u64,
    unit: Unit,
}

#[derive(Clone, Copy)]
enum Unit {
    Items(&'static str),
    Bytes,
}

/// A 64 MiB message, as issue 14 asks.
const BIG_BYTES: u64 = 64 << 20;

/// 1² + … + N² for N = 10⁸, the course's parallel sum (issue 14).
const SPEEDUP_N: u64 = 100_000_000;

fn cases() -> Vec<Case> {
    // A single argument may hold at most 128 KiB (MAX_ARG_STRLEN): the inputs go in chunks.
    let inputs: Vec<String> = (1..=100_000u64)
        .collect::<Vec<_>>()
        .chunks(10_000)
        .flat_map(|c| {
            let list = c.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
            ["--inputs".to_string(), list]
        })
        .collect();
    let mut pool = inputs;
    pool.extend(["--costs-ms", "0", "--workers", "3"].map(String::from));
    // 16 over as many workers as the bench may use CPUs: its speedup is then the machine's.
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    vec![
        Case {
            id: "06",
            what: t!("bench.case.06"),
            args: ["--workers", "3", "--increments", "100000"]
                .map(String::from)
                .to_vec(),
            units: 300_000,
            unit: Unit::Items("increments"),
        },
        Case {
            id: "04",
            what: t!("bench.case.04"),
            args: pool,
            units: 100_000,
            unit: Unit::Items("tasks"),
        },
        Case {
            id: "05",
            what: t!("bench.case.05"),
            args: ["--producers", "2", "--items", "50000", "--consumers", "3"]
                .map(String::from)
                .to_vec(),
            units: 100_000,
            unit: Unit::Items("items"),
        },
        Case {
            id: "16",
            what: t!("bench.case.16", workers = cpus),
            args: vec![
                "--n".into(),
                SPEEDUP_N.to_string(),
                "--workers".into(),
                cpus.to_string(),
            ],
            units: SPEEDUP_N,
            unit: Unit::Items("numbers"),
        },
        Case {
            id: "02",
            what: t!("bench.case.02"),
            args: vec!["--big-bytes".into(), BIG_BYTES.to_string()],
            units: BIG_BYTES,
            unit: Unit::Bytes,
        },
    ]
}

/// The medians of one case.
pub struct Row {
    pub label: String,
    pub what: String,
    pub bare: Duration,
    pub supervised: Option<Duration>,
    pub throughput: String,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let root = crate::root();
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into());
    eprintln!(
        "{}",
        t!(
            "bench.start",
            repeat = args.repeat,
            cpus = cpus,
            load = load
        )
    );

    let cases = cases();
    let packages: Vec<String> = cases
        .iter()
        .map(|c| package_of(c.id))
        .collect::<anyhow::Result<_>>()?;
    let built = grader::build::build(&root, &packages)?;
    let supervisor_exe = std::env::current_exe().context(t!("io.current_exe"))?;

    let mut rows = Vec::new();
    for (case, package) in cases.iter().zip(&packages) {
        let program = built
            .program(package)
            .map_err(|e| anyhow::anyhow!("{package}: {e}"))?;
        eprintln!("  {}", case.what);
        let bare = median(args.repeat, || bare_run(&program, &case.args))?;
        let supervised = median(args.repeat, || {
            supervised_run(&supervisor_exe, &program, &case.args)
        })?;
        rows.push(Row {
            label: format!("{} {}", case.id, package_slug(package)),
            what: case.what.clone(),
            bare,
            supervised: Some(supervised),
            throughput: throughput(case.units, case.unit, bare),
        });
    }
    let raw = median(args.repeat, || pipe::raw_copy(BIG_BYTES))?;
    let big = rows.last().map(|r| r.bare).unwrap_or(raw);
    rows.push(Row {
        label: t!("bench.raw_pipe.label"),
        what: t!("bench.raw_pipe.what"),
        bare: raw,
        supervised: None,
        throughput: throughput(BIG_BYTES, Unit::Bytes, raw),
    });

    print_rows(&rows);
    println!(
        "\n{}",
        t!(
            "bench.pipe_ratio",
            ratio = format!("{:.1}", big.as_secs_f64() / raw.as_secs_f64().max(1e-9))
        )
    );

    let mut grading = Vec::new();
    if !args.no_grader {
        grading = grader_times(&root)?;
        println!("\n{}", t!("bench.grading.title"));
        for (label, d) in &grading {
            println!("  {label:<34} {:>8}", ms(*d));
        }
    }

    let svg_path = if args.svg.is_absolute() {
        args.svg.clone()
    } else {
        root.join(&args.svg)
    };
    if let Some(dir) = svg_path.parent() {
        std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
    }
    let subtitle = t!(
        "bench.chart.subtitle",
        cpus = cpus,
        load = load,
        repeat = args.repeat
    );
    std::fs::write(&svg_path, chart::svg(&rows, &grading, &subtitle))
        .with_context(|| svg_path.display().to_string())?;
    println!("\n{}", t!("bench.svg_written", path = svg_path.display()));
    Ok(ExitCode::SUCCESS)
}

/// The solution package of exercise `id`: `sol06_shared_counter`.
fn package_of(id: &str) -> anyhow::Result<String> {
    let e = catalog::select(&[id.to_string()])?;
    Ok(e[0].package(Variant::Solution))
}

/// `sol06_shared_counter` → `shared_counter`.
fn package_slug(package: &str) -> &str {
    package.split_once('_').map_or(package, |(_, s)| s)
}

fn median(
    repeat: u32,
    mut once: impl FnMut() -> anyhow::Result<Duration>,
) -> anyhow::Result<Duration> {
    let mut times = (0..repeat)
        .map(|_| once())
        .collect::<anyhow::Result<Vec<_>>>()?;
    times.sort();
    Ok(times[times.len() / 2])
}

/// The program alone, its output read and thrown away (as the supervisor reads it).
fn bare_run(program: &Path, args: &[String]) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| program.display().to_string())?;
    let mut sink = Vec::new();
    child.stdout.take().expect("piped").read_to_end(&mut sink)?;
    let status = child.wait()?;
    let took = started.elapsed();
    anyhow::ensure!(
        status.success(),
        t!(
            "bench.run_failed",
            program = program.display(),
            status = status
        )
    );
    Ok(took)
}

/// The same under the grader's supervisor: tracer, namespaces, limits, captured output.
fn supervised_run(exe: &Path, program: &Path, args: &[String]) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let outcome = supervisor::supervise_args(exe, program, args, 120_000, "bench")?;
    let took = started.elapsed();
    anyhow::ensure!(
        outcome.ending == Ending::Finished(Exit::Code(0)),
        t!(
            "bench.run_failed",
            program = program.display(),
            status = format!("{:?}", outcome.ending)
        )
    );
    Ok(took)
}

/// The grader's own cost: one grading of every solution, and save-to-verdict for 06 (its
/// source touched, rebuilt, graded), as a student's `cargo xtask grade 06` after a save.
fn grader_times(root: &Path) -> anyhow::Result<Vec<(String, Duration)>> {
    let exercises = catalog::all();
    let opts = grade::Options::new(root.to_path_buf(), Variant::Solution, Some(1), 1, None)?;
    let report = grade::grade(&exercises, &opts, |_| {})?;
    let mut times: Vec<(String, Duration)> = report
        .exercises
        .iter()
        .map(|e| {
            (
                t!("bench.grading.exercise", id = e.id, slug = e.slug),
                Duration::from_millis(e.elapsed_ms),
            )
        })
        .collect();

    let six = catalog::select(&["06".to_string()])?;
    let source = root.join(six[0].dir(Variant::Solution)).join("src/main.rs");
    let started = Instant::now();
    touch(&source)?;
    grade::grade(&six, &opts, |_| {})?;
    times.push((t!("bench.grading.save_to_verdict"), started.elapsed()));
    Ok(times)
}

/// Sets `path`'s modification time to now, so cargo rebuilds it (its contents stay).
fn touch(path: &Path) -> anyhow::Result<()> {
    let file = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .with_context(|| path.display().to_string())?;
    file.set_modified(std::time::SystemTime::now())
        .with_context(|| path.display().to_string())
}

fn print_rows(rows: &[Row]) {
    println!(
        "\n{:<28} {:<40} {:>9} {:>11} {:>9} {:>16}",
        t!("bench.column.program"),
        t!("bench.column.what"),
        t!("bench.column.bare"),
        t!("bench.column.supervised"),
        t!("bench.column.overhead"),
        t!("bench.column.throughput"),
    );
    for r in rows {
        let (sup, over) = match r.supervised {
            Some(s) => (
                ms(s),
                format!(
                    "{:+.0}%",
                    (s.as_secs_f64() / r.bare.as_secs_f64() - 1.0) * 100.0
                ),
            ),
            None => ("—".into(), "—".into()),
        };
        println!(
            "{:<28} {:<40} {:>9} {:>11} {:>9} {:>16}",
            r.label,
            r.what,
            ms(r.bare),
            sup,
            over,
            r.throughput
        );
    }
}

pub fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn throughput(units: u64, unit: Unit, took: Duration) -> String {
    let secs = took.as_secs_f64().max(1e-9);
    match unit {
        Unit::Bytes => format!("{:.0} MiB/s", units as f64 / secs / (1 << 20) as f64),
        Unit::Items(name) => format!(
            "{:.2} µs/{}",
            secs * 1e6 / units as f64,
            name.trim_end_matches('s')
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throughput_in_words() {
        assert_eq!(
            throughput(64 << 20, Unit::Bytes, Duration::from_millis(500)),
            "128 MiB/s"
        );
        assert_eq!(
            throughput(
                300_000,
                Unit::Items("increments"),
                Duration::from_millis(600)
            ),
            "2.00 µs/increment"
        );
    }

    #[test]
    fn every_case_names_an_exercise_with_a_solution_package() {
        for c in cases() {
            let p = package_of(c.id).unwrap();
            assert!(p.starts_with(&format!("sol{}_", c.id)), "{p}");
        }
    }

    #[test]
    fn no_argument_is_longer_than_the_kernel_takes() {
        for c in cases() {
            for a in &c.args {
                assert!(a.len() < 128 * 1024, "{}: {} bytes", c.id, a.len());
            }
        }
    }

    #[test]
    fn the_median_is_the_middle_run() {
        let mut v = [30, 10, 20].into_iter();
        let m = median(3, || Ok(Duration::from_millis(v.next().unwrap()))).unwrap();
        assert_eq!(m, Duration::from_millis(20));
    }
}
