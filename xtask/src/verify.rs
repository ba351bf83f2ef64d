//! `cargo xtask verify`: the teacher's self-test. Every solution passes every check on repeated
//! gradings, every stub scores zero quickly, and the pristine copy of each stub in `.stubs/`
//! (which `reset` restores and the tests grade) is the stub in `exercises/`.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use grader::catalog;
use grader::check::Variant;
use grader::grade;
use grader::report::{self, Status};
use grader::t;

use crate::options;

/// A stub must be graded (to zero) within this time, or it counts as hanging.
const STUB_BUDGET: Duration = Duration::from_secs(15);

pub fn run(repeat: u32, seed: Option<u64>) -> anyhow::Result<ExitCode> {
    let exercises = catalog::all();
    if let Some(e) = exercises
        .iter()
        .find(|e| !crate::root().join(e.dir(Variant::Solution)).is_dir())
    {
        anyhow::bail!(t!("verify.no_solutions", dir = e.dir(Variant::Solution)));
    }
    let sol_opts = options(Variant::Solution, seed, repeat)?;
    eprintln!(
        "{}",
        t!(
            "verify.start",
            repeat = sol_opts.repeat,
            seed = sol_opts.seed
        )
    );
    let solutions = grade::grade(&exercises, &sol_opts, |p| {
        let grade::Progress::Graded(e) = p else {
            return;
        };
        eprintln!(
            "  {}",
            t!(
                "verify.solution_graded",
                id = e.id,
                slug = e.slug,
                score = e.score,
                max = e.max_score,
                secs = secs(e.elapsed_ms)
            )
        );
    })?;
    let stub_opts = options(Variant::Exercise, Some(sol_opts.seed), 1)?;
    let started = Instant::now();
    let stubs = grade::grade(&exercises, &stub_opts, |_| {})?;
    let stub_time = started.elapsed();

    let mut ok = true;
    println!(
        "\n{:<28} {:>10} {:>9} {:>8} {:>9}  {}",
        t!("verify.column.exercise"),
        t!("verify.column.solution"),
        t!("verify.column.time"),
        t!("verify.column.stub"),
        t!("verify.column.time"),
        t!("verify.column.verdict")
    );
    for (sol, stub) in solutions.exercises.iter().zip(&stubs.exercises) {
        let mut problems = Vec::new();
        if sol.status != Status::Pass {
            problems.push(t!("verify.solution_lost", problem = first_problem(sol)));
        }
        if stub.score != 0 {
            problems.push(t!("verify.stub_scored", score = stub.score));
        }
        if stub.status == Status::Error {
            problems.push(t!(
                "verify.stub_no_build",
                error = stub.error.clone().unwrap_or_default()
            ));
        }
        if Duration::from_millis(stub.elapsed_ms) > STUB_BUDGET {
            problems.push(t!("verify.stub_slow", secs = secs(stub.elapsed_ms)));
        }
        if let Some(e) = exercises.iter().find(|e| e.slug == stub.slug)
            && let Some(files) = crate::reset::pristine_differs(&crate::root(), e)
        {
            problems.push(t!(
                "verify.stub_copy_differs",
                dir = e.dir_name(),
                files = files
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
                t!("verify.ok")
            } else {
                problems.join("; ")
            }
        );
    }
    println!(
        "\n{}",
        t!(
            "verify.summary",
            repeat = sol_opts.repeat,
            secs = secs(solutions.elapsed_ms),
            stub_secs = format!("{:.1}", stub_time.as_secs_f64()),
            seed = sol_opts.seed
        )
    );
    if ok {
        println!("{}", t!("verify.passed"));
        Ok(ExitCode::SUCCESS)
    } else {
        println!("{}", t!("verify.failed"));
        Ok(ExitCode::FAILURE)
    }
}

/// Milliseconds as seconds with one decimal: `1.5`.
fn secs(ms: u64) -> String {
    format!("{:.1}", ms as f64 / 1000.0)
}

fn first_problem(e: &report::ExerciseReport) -> String {
    if let Some(err) = &e.error {
        return err.clone();
    }
    e.checks
        .iter()
        .find_map(|c| match &c.outcome {
            grader::check::Outcome::Fail(f) => {
                Some(format!("{} — {} (seed {})", c.id, f.headline(), c.seed))
            }
            _ => None,
        })
        .unwrap_or_default()
}
