//! 02 queue_exchange: placeholder until its checks are written.

use crate::check::{Check, Exercise};
use crate::rng::Rng;
use crate::run::RunPlan;

pub static EXERCISE: Exercise = Exercise {
    id: "02",
    slug: "queue_exchange",
    title: "queue_exchange",
    topic: "",
    plan,
    checks: CHECKS,
};

fn plan(_rng: &mut Rng) -> Vec<RunPlan> {
    vec![RunPlan::new("defaults")]
}

static CHECKS: &[Check] = &[];
