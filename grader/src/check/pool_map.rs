//! 04 pool_map: placeholder until its checks are written.

use crate::check::{Check, Exercise};
use crate::rng::Rng;
use crate::run::RunPlan;

pub static EXERCISE: Exercise = Exercise {
    id: "04",
    slug: "pool_map",
    title: "pool_map",
    topic: "",
    plan,
    checks: CHECKS,
};

fn plan(_rng: &mut Rng) -> Vec<RunPlan> {
    vec![RunPlan::new("defaults")]
}

static CHECKS: &[Check] = &[];
