//! 01 two_processes: placeholder until its checks are written.

use crate::check::{Check, Exercise};
use crate::rng::Rng;
use crate::run::RunPlan;

pub static EXERCISE: Exercise = Exercise {
    id: "01",
    slug: "two_processes",
    title: "two_processes",
    topic: "",
    plan,
    checks: CHECKS,
};

fn plan(_rng: &mut Rng) -> Vec<RunPlan> {
    vec![RunPlan::new("defaults")]
}

static CHECKS: &[Check] = &[];
