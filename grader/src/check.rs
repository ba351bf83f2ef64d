//! Checks: the model every exercise's checks share, and the helpers that walk runs.
//!
//! Each exercise has one module below (`check/<slug>.rs`) that exports an [`Exercise`]: how to
//! plan its runs, and its checks. A check is a plain function from the runs to an [`Outcome`];
//! it quotes the output lines that show a failure and carries a hint. Invariants used by
//! several exercises (exactly-once, order, overlap, …) live once in `check/invariants.rs`.

use serde::{Deserialize, Serialize};

use crate::i18n;
use crate::rng::Rng;
use crate::run::{Run, RunPlan};
use crate::t;

pub use crate::verdict::{Failure, MAX_QUOTE_CHARS, MAX_QUOTES, Outcome, Problem, Quote};

pub mod invariants;
pub mod io_fetch;
pub mod lock_order;

pub mod condition_buffer;
pub mod lock_protected_resource;
pub mod manager_server;
pub mod pipe_duplex;
pub mod pool_map;
pub mod producer_consumer;
pub mod queue_exchange;
pub mod semaphore_event;
pub mod shared_counter;
pub mod speedup;
pub mod start_methods;
pub mod thread_pool;
pub mod threads_and_locals;
pub mod two_processes;
pub mod word_count_files;
pub mod work_queue_cancel;

/// One exercise as the grader knows it. Its words are in the message catalogs
/// ([`Exercise::title`], [`Exercise::topic`], [`Exercise::check_title`], [`Exercise::check_hint`]).
pub struct Exercise {
    /// Two digits: `"06"`.
    pub id: &'static str,
    /// Folder and package suffix: `"shared_counter"` → `exercises/06_shared_counter`.
    pub slug: &'static str,
    /// The runs to make, parameters drawn from the seeded generator.
    pub plan: fn(&mut Rng) -> Vec<RunPlan>,
    pub checks: &'static [Check],
}

impl std::fmt::Debug for Exercise {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exercise")
            .field("id", &self.id)
            .field("slug", &self.slug)
            .finish_non_exhaustive()
    }
}

/// Which crate of an exercise to grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    /// `exercises/NN_slug`: the student's code.
    Exercise,
    /// `solutions/NN_slug`: the reference solution.
    Solution,
}

impl Exercise {
    /// `06_shared_counter`.
    pub fn dir_name(&self) -> String {
        format!("{}_{}", self.id, self.slug)
    }

    /// The Cargo package (and binary) name of the stub or the solution.
    pub fn package(&self, variant: Variant) -> String {
        match variant {
            Variant::Exercise => format!("ex{}_{}", self.id, self.slug),
            Variant::Solution => format!("sol{}_{}", self.id, self.slug),
        }
    }

    /// `exercises/06_shared_counter` or `solutions/06_shared_counter`.
    pub fn dir(&self, variant: Variant) -> String {
        match variant {
            Variant::Exercise => format!("exercises/{}", self.dir_name()),
            Variant::Solution => format!("solutions/{}", self.dir_name()),
        }
    }

    /// One line for lists and reports, in the current language (`exercise.<slug>.title`).
    pub fn title(&self) -> &'static str {
        self.title_in(i18n::current())
    }

    /// The title in `lang`.
    pub fn title_in(&self, lang: i18n::Lang) -> &'static str {
        i18n::text(lang, &format!("exercise.{}.title", self.slug))
    }

    /// The course topic it mirrors (Python's multiprocessing), in the current language
    /// (`exercise.<slug>.topic`).
    pub fn topic(&self) -> &'static str {
        i18n::text(i18n::current(), &format!("exercise.{}.topic", self.slug))
    }

    /// What `check` (one of this exercise's) establishes, in one line, in the current language
    /// (`check.<slug>.<id>.title`): "the counter is exact under stress".
    pub fn check_title(&self, check: &Check) -> &'static str {
        i18n::text(
            i18n::current(),
            &format!("check.{}.{}.title", self.slug, check.id),
        )
    }

    /// What to look at when `check` fails, in the current language (`check.<slug>.<id>.hint`).
    pub fn check_hint(&self, check: &Check) -> String {
        i18n::format(
            i18n::current(),
            &format!("check.{}.{}.hint", self.slug, check.id),
            &[],
        )
    }

    pub fn max_points(&self) -> u32 {
        self.checks.iter().map(|c| c.points).sum()
    }

    /// Whether `query` names this exercise: `06`, `6`, `shared_counter`, `06_shared_counter`.
    pub fn matches(&self, query: &str) -> bool {
        let q = query.trim().replace('-', "_");
        let number = |s: &str| s.parse::<u32>().ok();
        q == self.id
            || q == self.slug
            || q == self.dir_name()
            || (number(&q).is_some() && number(&q) == number(self.id))
    }
}

/// One check: what it is worth, and how to judge it. What it establishes and what to look at
/// when it fails are in the catalogs, under its id ([`Exercise::check_title`],
/// [`Exercise::check_hint`]).
pub struct Check {
    /// Stable identifier (`exact_under_stress`), used in machine-readable reports and as the
    /// catalog key of its title and hint.
    pub id: &'static str,
    pub points: u32,
    pub eval: fn(&[Run]) -> Outcome,
}

/// Runs `body` on every run whose label starts with `label_prefix` (`""` for all) and combines:
/// the first failure wins (tagged with its run), otherwise the first "not verified", otherwise
/// pass. Fails when no run matches: a check with nothing to look at must not pass.
pub fn each_run(
    runs: &[Run],
    label_prefix: &str,
    body: impl Fn(&Run) -> Result<(), Problem>,
) -> Outcome {
    let mut not_verified = None;
    let mut seen = 0;
    for run in runs
        .iter()
        .filter(|r| r.plan.label.starts_with(label_prefix))
    {
        seen += 1;
        match body(run) {
            Ok(()) => {}
            Err(Problem::Fail(mut f)) => {
                f.run.get_or_insert_with(|| run.plan.describe());
                return Outcome::Fail(f);
            }
            Err(Problem::NotVerified(why)) => {
                not_verified.get_or_insert(why);
            }
        }
    }
    if seen == 0 {
        return Outcome::Fail(Failure::new(t!("check.no_run", label = label_prefix)));
    }
    match not_verified {
        Some(reason) => Outcome::NotVerified { reason },
        None => Outcome::Pass,
    }
}

/// Like [`each_run`], but first requires each run to be healthy (finished, exit 0, no panic).
pub fn each_healthy_run(
    runs: &[Run],
    label_prefix: &str,
    body: impl Fn(&Run) -> Result<(), Problem>,
) -> Outcome {
    each_run(runs, label_prefix, |run| {
        run.healthy()?;
        body(run)
    })
}

/// A time on the run's clock (µs) as messages show it: milliseconds with one decimal.
pub fn ms(us: u64) -> String {
    format!("{:.1}", us as f64 / 1000.0)
}

/// Passes when any one of the `chosen` runs passes `attempt`: for what a busy machine can spoil
/// in a run but a correct program shows in some run (a speed, a spread), and a wrong one in
/// none. When none passes: not verified if some run could not be judged, else the first
/// failure, its message wrapped by `none(count, message)` when more than one run was tried.
/// `label` names the runs in the grader-bug message when `chosen` picks none.
pub fn any_run(
    runs: &[Run],
    label: &str,
    chosen: impl Fn(&Run) -> bool,
    attempt: impl Fn(&Run) -> Result<(), Problem>,
    none: impl Fn(usize, String) -> String,
) -> Outcome {
    let mut tried = 0;
    let mut first_failure: Option<Failure> = None;
    let mut not_verified = None;
    for run in runs.iter().filter(|r| chosen(r)) {
        tried += 1;
        match attempt(run) {
            Ok(()) => return Outcome::Pass,
            Err(Problem::NotVerified(why)) => {
                not_verified.get_or_insert(why);
            }
            Err(Problem::Fail(mut f)) => {
                f.run.get_or_insert_with(|| run.plan.describe());
                first_failure.get_or_insert(f);
            }
        }
    }
    match (not_verified, first_failure) {
        (Some(reason), _) => Outcome::NotVerified { reason },
        (None, Some(mut f)) => {
            if tried > 1 {
                f.message = none(tried, f.message);
            }
            Outcome::Fail(f)
        }
        (None, None) => Outcome::Fail(Failure::new(t!("check.no_run", label = label))),
    }
}

#[cfg(test)]
pub mod testing {
    //! Helpers for the checks' unit tests.
    use super::{Failure, Outcome};

    /// The failure inside `o`; panics (failing the test) when `o` is not a failure.
    pub fn failure(o: Outcome) -> Failure {
        match o {
            Outcome::Fail(f) => f,
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    /// The texts of the quoted lines of `f`.
    pub fn quoted(f: &Failure) -> Vec<&str> {
        f.quotes.iter().map(|q| q.text.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::fixture::run;

    #[test]
    fn and_prefers_failure_then_not_verified() {
        let nv = || Outcome::NotVerified { reason: "x".into() };
        let fail = || Outcome::Fail(Failure::new("f"));
        assert_eq!(Outcome::Pass.and(Outcome::Pass), Outcome::Pass);
        assert!(matches!(nv().and(fail()), Outcome::Fail(_)));
        assert!(matches!(fail().and(nv()), Outcome::Fail(_)));
        assert_eq!(Outcome::Pass.and(nv()), nv());
    }

    fn runs() -> Vec<Run> {
        vec![
            run(RunPlan::new("defaults"), "ok 1\n", None),
            run(RunPlan::new("stress 1/2").param("n", 5), "ok 2\n", None),
            run(RunPlan::new("stress 2/2").param("n", 6), "bad\n", None),
        ]
    }

    #[test]
    fn each_run_reports_first_failure_with_its_run() {
        let outcome = each_run(&runs(), "stress", |r| {
            let lines = r.lines();
            if lines[0].tag() == "bad" {
                return Err(Failure::new("bad line").quote(&lines[0]).into());
            }
            Ok(())
        });
        let Outcome::Fail(f) = outcome else {
            panic!("expected a failure")
        };
        assert!(f.run.unwrap().contains("stress 2/2"));
        assert_eq!(f.quotes[0].text, "bad");
    }

    #[test]
    fn not_verified_only_without_failures() {
        let o = each_run(&runs(), "", |r| Err(r.observation().unwrap_err()));
        assert!(matches!(o, Outcome::NotVerified { .. }));
        assert!(o.passed());
    }

    #[test]
    fn no_matching_run_fails() {
        assert!(!each_run(&runs(), "nope", |_| Ok(())).passed());
    }

    /// An attempt that passes on `ok` lines, fails on `bad`, cannot judge anything else.
    fn attempt(r: &Run) -> Result<(), Problem> {
        match r.lines()[0].tag() {
            "ok" => Ok(()),
            "bad" => Err(Failure::new("slow").into()),
            _ => Err(Problem::NotVerified("busy".into())),
        }
    }

    fn none(count: usize, message: String) -> String {
        format!("none of {count}: {message}")
    }

    #[test]
    fn any_run_passes_on_one_good_run_among_bad_ones() {
        let o = any_run(&runs(), "", |_| true, attempt, none);
        assert_eq!(o, Outcome::Pass);
    }

    #[test]
    fn any_run_fails_with_the_first_failure_counting_the_runs_tried() {
        let bad = vec![
            run(RunPlan::new("skew 1"), "bad\n", None),
            run(RunPlan::new("skew 2"), "bad\n", None),
            run(RunPlan::new("other"), "ok\n", None),
        ];
        let chosen = |r: &Run| r.plan.label.starts_with("skew");
        let f = crate::check::testing::failure(any_run(&bad, "skew", chosen, attempt, none));
        assert_eq!(f.message, "none of 2: slow");
        assert!(f.run.unwrap().contains("skew 1"));
        // One run tried: its own words, not wrapped.
        let f = crate::check::testing::failure(any_run(&bad[1..], "skew", chosen, attempt, none));
        assert_eq!(f.message, "slow");
    }

    #[test]
    fn any_run_is_not_verified_when_a_run_could_not_be_judged() {
        let mixed = vec![
            run(RunPlan::new("a"), "bad\n", None),
            run(RunPlan::new("b"), "busy\n", None),
        ];
        let o = any_run(&mixed, "", |_| true, attempt, none);
        assert_eq!(
            o,
            Outcome::NotVerified {
                reason: "busy".into()
            }
        );
    }

    #[test]
    fn any_run_without_a_chosen_run_is_a_grader_bug() {
        assert!(!any_run(&runs(), "nope", |_| false, attempt, none).passed());
    }

    #[test]
    fn quotes_are_ordered_unique_and_capped() {
        let lines = crate::parse::lines(&"x\n".repeat(20));
        let f = Failure::new("m")
            .quote(&lines[3])
            .quote(&lines[1])
            .quote(&lines[3]);
        assert_eq!(f.quotes.iter().map(|q| q.line).collect::<Vec<_>>(), [2, 4]);
        assert_eq!(Failure::new("m").quote_all(&lines).quotes.len(), MAX_QUOTES);
        let long = crate::parse::lines(&"y".repeat(5000));
        let f = Failure::new("m").quote(&long[0]);
        assert!(f.quotes[0].text.starts_with(&"y".repeat(MAX_QUOTE_CHARS)));
        assert!(
            f.quotes[0].text.ends_with("(5000 bytes in all)"),
            "{}",
            f.quotes[0].text
        );
    }
}
