//! 03 lock_protected_resource: placeholder until its checks are written.

use crate::check::{Check, Exercise};
use crate::rng::Rng;
use crate::run::RunPlan;

pub static EXERCISE: Exercise = Exercise {
    id: "03",
    slug: "lock_protected_resource",
    title: "lock_protected_resource",
    topic: "",
    plan,
    checks: CHECKS,
};

fn plan(_rng: &mut Rng) -> Vec<RunPlan> {
    vec![RunPlan::new("defaults")]
}

static CHECKS: &[Check] = &[];
