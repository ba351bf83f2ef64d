//! 06 shared_counter: placeholder until its checks are written.

use crate::check::{Check, Exercise};
use crate::rng::Rng;
use crate::run::RunPlan;

pub static EXERCISE: Exercise = Exercise {
    id: "06",
    slug: "shared_counter",
    title: "shared_counter",
    topic: "",
    plan,
    checks: CHECKS,
};

fn plan(_rng: &mut Rng) -> Vec<RunPlan> {
    vec![RunPlan::new("defaults")]
}

static CHECKS: &[Check] = &[];
