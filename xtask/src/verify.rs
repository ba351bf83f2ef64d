//! `cargo xtask verify`: the teacher's self-test. Every solution passes every check on repeated
//! gradings, and every stub scores zero quickly.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use grader::catalog;
use grader::check::Variant;
use grader::grade;
use grader::report::{self, Status};

use crate::options;

/// A stub must be graded (to zero) within this time, or it counts as hanging.
const STUB_BUDGET: Duration = Duration::from_secs(15);

pub fn run(repeat: u32, seed: Option<u64>) -> anyhow::Result<ExitCode> {
    let exercises = catalog::all();
    if let Some(e) = exercises
        .iter()
        .find(|e| !crate::root().join(e.dir(Variant::Solution)).is_dir())
    {
        anyhow::bail!(
            "verify needs the teacher's repo: solutions/ is missing ({} is not here); \
             a student repo made by `cargo xtask export-student` has no solutions",
            e.dir(Variant::Solution)
        );
    }
    let sol_opts = options(Variant::Solution, seed, repeat)?;
    eprintln!(
        "verify: grading every solution {} times (seed {}), then every stub once…",
        sol_opts.repeat, sol_opts.seed
    );
    let solutions = grade::grade(&exercises, &sol_opts, |p| {
        let grade::Progress::Graded(e) = p else {
            return;
        };
        eprintln!(
            "  solution {} {}: {}/{} in {:.1} s",
            e.id,
            e.slug,
            e.score,
            e.max_score,
            e.elapsed_ms as f64 / 1000.0
        );
    })?;
    let stub_opts = options(Variant::Exercise, Some(sol_opts.seed), 1)?;
    let started = Instant::now();
    let stubs = grade::grade(&exercises, &stub_opts, |_| {})?;
    let stub_time = started.elapsed();

    let mut ok = true;
    println!(
        "\n{:<28} {:>10} {:>9} {:>8} {:>9}  verdict",
        "exercise", "solution", "time", "stub", "time"
    );
    for (sol, stub) in solutions.exercises.iter().zip(&stubs.exercises) {
        let mut problems = Vec::new();
        if sol.status != Status::Pass {
            problems.push(format!("solution lost points: {}", first_problem(sol)));
        }
        if stub.score != 0 {
            problems.push(format!("stub scored {} instead of 0", stub.score));
        }
        if stub.status == Status::Error {
            problems.push(format!(
                "stub does not build: {}",
                stub.error.clone().unwrap_or_default()
            ));
        }
        if Duration::from_millis(stub.elapsed_ms) > STUB_BUDGET {
            problems.push(format!(
                "stub took {:.1} s to grade",
                stub.elapsed_ms as f64 / 1000.0
            ));
        }
        ok &= problems.is_empty();
        println!(
            "{:<28} {:>10} {:>8.1}s {:>8} {:>8.1}s  {}",
            format!("{} {}", sol.id, sol.slug),
            format!("{}/{}", sol.score, sol.max_score),
            sol.elapsed_ms as f64 / 1000.0,
            format!("{}/{}", stub.score, stub.max_score),
            stub.elapsed_ms as f64 / 1000.0,
            if problems.is_empty() {
                "ok".to_string()
            } else {
                problems.join("; ")
            }
        );
    }
    println!(
        "\nsolutions: {} gradings each, {:.1} s · stubs: {:.1} s · seed {}",
        sol_opts.repeat,
        solutions.elapsed_ms as f64 / 1000.0,
        stub_time.as_secs_f64(),
        sol_opts.seed
    );
    if ok {
        println!("verify: every solution passes every check, every stub scores 0.");
        Ok(ExitCode::SUCCESS)
    } else {
        println!(
            "verify: FAILED (replay a solution with `cargo xtask grade --solutions --seed N`)."
        );
        Ok(ExitCode::FAILURE)
    }
}

fn first_problem(e: &report::ExerciseReport) -> String {
    if let Some(err) = &e.error {
        return err.clone();
    }
    e.checks
        .iter()
        .find_map(|c| match &c.outcome {
            grader::check::Outcome::Fail(f) => {
                Some(format!("{} — {} (seed {})", c.id, f.message, c.seed))
            }
            _ => None,
        })
        .unwrap_or_default()
}
