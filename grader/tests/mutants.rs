//! Every mutant (a plausible wrong program in `solutions/mutants/src/bin/`) loses the points it
//! should: each check its header lists under `must-fail` fails, and its score is below full
//! marks. And every check of every exercise is shown to fail by at least one mutant.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use grader::catalog;
use grader::check::{Outcome, Variant};
use grader::grade::{Options, grade_program};

#[path = "support/headers.rs"]
mod headers;
use headers::described_programs;

/// How a mutant file becomes a program (`solutions/mutants/build.rs` uses the same module).
#[path = "../../solutions/mutants/src/patch.rs"]
#[allow(dead_code)]
mod patch;

/// A mutant may pass a racy or timing check by luck once; it must fail within this many gradings.
const ATTEMPTS: u64 = 3;

struct Mutant {
    name: String,
    exercise: String,
    must_fail: Vec<String>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn mutants() -> Vec<Mutant> {
    described_programs(&root().join("solutions/mutants/src/bin"))
        .into_iter()
        .map(|p| Mutant {
            exercise: p.required("mutant-of"),
            must_fail: p
                .required("must-fail")
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            name: p.name,
        })
        .collect()
}

#[test]
fn every_check_is_shown_to_fail_by_some_mutant() {
    let all = mutants();
    for e in catalog::all() {
        let mine: Vec<&Mutant> = all.iter().filter(|m| m.exercise == e.id).collect();
        assert!(
            mine.len() >= 2,
            "exercise {} needs at least two mutants",
            e.id
        );
        let covered: BTreeSet<&str> = mine
            .iter()
            .flat_map(|m| m.must_fail.iter().map(String::as_str))
            .collect();
        for c in e.checks {
            assert!(
                covered.contains(c.id),
                "no mutant of {} is shown to fail check `{}`",
                e.id,
                c.id
            );
        }
        for id in &covered {
            assert!(
                e.checks.iter().any(|c| c.id == *id),
                "a mutant of {} names an unknown check `{id}`",
                e.id
            );
        }
    }
}

/// A mutant is its solution plus a few exact edits, never a copy: the file has no code of its
/// own but the `include!` of what the build generates, and its edits are a small part of the
/// solution.
#[test]
fn every_mutant_is_a_small_patch_of_its_solution() {
    let generated = patch::generate_all(
        &root().join("solutions/mutants/src/bin"),
        &root().join("solutions"),
    )
    .unwrap_or_else(|errors| panic!("the mutants cannot be generated: {errors:#?}"));
    assert_eq!(generated.len(), mutants().len());
    let include = r#"include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));"#;
    for g in &generated {
        let text = std::fs::read_to_string(&g.file).unwrap();
        let own: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with("//!") && !l.trim().is_empty())
            .collect();
        assert_eq!(
            own,
            [include],
            "{}: code outside the edits",
            g.file.display()
        );
        let solution_lines = std::fs::read_to_string(&g.solution)
            .unwrap()
            .lines()
            .count();
        let replaced: usize = g
            .mutant
            .edits
            .iter()
            .map(|e| e.replace.lines().count())
            .sum();
        assert!(
            replaced * 3 <= solution_lines,
            "{}: its edits replace {replaced} lines of a {solution_lines}-line solution: \
             a mutant changes what the mistake needs, not the whole program",
            g.mutant.name
        );
    }
}

#[test]
fn every_mutant_loses_the_points_it_should() {
    let built = grader::build::build(&root(), &["mutants".to_string()]).expect("cargo runs");
    assert!(
        built.errors.is_empty(),
        "mutants do not build: {:?}",
        built.errors
    );
    let failures = Mutex::new(BTreeMap::new());
    let queue = Mutex::new(mutants());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                while let Some(m) = queue.lock().unwrap().pop() {
                    if let Err(why) = check_mutant(&m, &built.programs) {
                        failures.lock().unwrap().insert(m.name.clone(), why);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{failures:#?}");
}

/// One grading of a built program, as the student's exercise, with `seed`.
fn options(seed: u64) -> Options {
    Options {
        root: root(),
        variant: Variant::Exercise,
        seed,
        repeat: 1,
        supervisor: PathBuf::from(env!("CARGO_BIN_EXE_forklings-grader")),
        max_timeout_ms: None,
        template: None,
        hidden: Vec::new(),
    }
}

fn check_mutant(m: &Mutant, programs: &BTreeMap<String, PathBuf>) -> Result<(), String> {
    let e = catalog::select(std::slice::from_ref(&m.exercise)).map_err(|e| e.to_string())?[0];
    let program = programs
        .get(&m.name)
        .ok_or_else(|| format!("no binary {} was built", m.name))?;
    let mut still_passing: BTreeSet<String> = m.must_fail.iter().cloned().collect();
    for seed in 1..=ATTEMPTS {
        let opts = options(seed);
        let report = grade_program(e, program, &opts, &m.name, &m.name);
        if let Some(err) = &report.error {
            return Err(format!("could not be graded: {err}"));
        }
        if report.score >= report.max_score {
            return Err(format!("scored full marks with seed {seed}"));
        }
        for c in &report.checks {
            if matches!(c.outcome, Outcome::Fail(_)) {
                still_passing.remove(&c.id);
            }
        }
        if still_passing.is_empty() {
            return Ok(());
        }
    }
    Err(format!(
        "passed {still_passing:?} in all {ATTEMPTS} gradings, though its header says it must fail them"
    ))
}

/// Measures, for the exercise READMEs, how often each mutant fails the checks its header names
/// and how often each solution passes everything. Not a test of the suite (it takes long):
/// `FORKLINGS_RATES=100 cargo test -p grader --test mutants -- --ignored --nocapture fail_rates`
/// (`FORKLINGS_RATES_ONLY=m05_capacity_plus_one,sol05` to measure some; `FORKLINGS_RATES_SOLUTIONS=200`
/// for another count of solution gradings). Seeds 1..=N.
#[test]
#[ignore = "a measurement: run it by hand (see the doc comment)"]
fn fail_rates() {
    let n: u64 = std::env::var("FORKLINGS_RATES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let n_solutions: u64 = std::env::var("FORKLINGS_RATES_SOLUTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    let only: Vec<String> = std::env::var("FORKLINGS_RATES_ONLY")
        .map(|v| v.split(',').map(|s| s.trim().to_string()).collect())
        .unwrap_or_default();
    let wanted = |name: &str| only.is_empty() || only.iter().any(|o| o == name);
    let mut packages = vec!["mutants".to_string()];
    let all = catalog::all();
    let solutions: Vec<_> = all
        .iter()
        .filter(|e| wanted(&format!("sol{}", e.id)))
        .collect();
    packages.extend(solutions.iter().map(|e| e.package(Variant::Solution)));
    let built = grader::build::build(&root(), &packages).expect("cargo runs");
    assert!(built.errors.is_empty(), "{:?}", built.errors);

    // (label, exercise, program, checks that must fail (empty: a solution), gradings)
    let mut jobs: Vec<(String, String, PathBuf, Vec<String>, u64)> = Vec::new();
    for m in mutants().into_iter().filter(|m| wanted(&m.name)) {
        let program = built.programs[&m.name].clone();
        jobs.push((m.name, m.exercise, program, m.must_fail, n));
    }
    for e in &solutions {
        let program = built.programs[&e.package(Variant::Solution)].clone();
        jobs.push((
            format!("sol{}", e.id),
            e.id.to_string(),
            program,
            vec![],
            n_solutions,
        ));
    }
    let work: Mutex<Vec<(usize, u64)>> = Mutex::new(
        (0..jobs.len())
            .flat_map(|j| (1..=jobs[j].4).map(move |seed| (j, seed)))
            .rev()
            .collect(),
    );
    /// Gradings, those as expected (every named check failed; a solution: everything passed),
    /// and the seeds of the others.
    type Row = (u64, u64, Vec<u64>);
    let tally: Mutex<BTreeMap<String, Row>> = Mutex::new(BTreeMap::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let Some((j, seed)) = work.lock().unwrap().pop() else {
                        break;
                    };
                    let (label, exercise, program, must_fail, _) = &jobs[j];
                    let e = catalog::select(std::slice::from_ref(exercise)).unwrap()[0];
                    let opts = options(seed);
                    let report = grade_program(e, program, &opts, label, label);
                    let failed: BTreeSet<&str> = report
                        .checks
                        .iter()
                        .filter(|c| matches!(c.outcome, Outcome::Fail(_)))
                        .map(|c| c.id.as_str())
                        .collect();
                    let good = if must_fail.is_empty() {
                        report.error.is_none() && failed.is_empty()
                    } else {
                        must_fail.iter().all(|c| failed.contains(c.as_str()))
                    };
                    if !good {
                        // What went otherwise, to find out why (a solution's failing checks).
                        let why: Vec<String> = report
                            .checks
                            .iter()
                            .filter_map(|c| match &c.outcome {
                                Outcome::Fail(f) => Some(format!("{}: {}", c.id, f.headline())),
                                _ => None,
                            })
                            .collect();
                        eprintln!("{label} seed {seed}: {why:?} {:?}", report.error);
                    }
                    let mut t = tally.lock().unwrap();
                    let row = t.entry(label.clone()).or_default();
                    row.0 += 1;
                    if good {
                        row.1 += 1;
                    } else {
                        row.2.push(seed);
                    }
                }
            });
        }
    });
    println!("\n| program | gradings | as expected | seeds that were not |");
    println!("|---|---|---|---|");
    for (label, (total, good, bad)) in tally.into_inner().unwrap() {
        let what = if label.starts_with("sol") {
            "passed every check"
        } else {
            "failed every named check"
        };
        println!("| {label} | {total} | {good} {what} | {bad:?} |");
    }
}
