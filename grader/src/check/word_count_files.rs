//! 17 word_count_files: the course's parallel word count. A pool of W worker processes counts
//! the words of every file in a folder the grader creates (`RunPlan::setup`), one file at a
//! time to whichever worker is free; the parent prints one line per file, sorted by name, and
//! a total.
//!
//! Output:
//!
//! ```text
//! file name=<name> words=<N> worker=<pid>            (a file counted)
//! error name=<name> worker=<pid> reason=<text…>      (a file that could not be counted)
//! total files=<F> words=<T> errors=<E>               (last)
//! ```
//!
//! The folder: F = W·(W+3) files of very different sizes (a few words to a few thousand), an
//! empty one, one the program may not read, one that is not UTF-8 (an error, like Python's
//! `UnicodeDecodeError`), and two large ones at name positions `a` and `a + W`: both in the
//! first contiguous chunk of W+3 names and on the same residue mod W, so a split decided before
//! the work starts (chunks by count, or round-robin) gives both to one worker in every run,
//! while a dynamic hand-out gives the second to a worker that is free, not to the one still
//! counting the first. The grader wrote the files, so it knows every count exactly.

use std::collections::BTreeMap;

use crate::check::invariants::{exactly_once, pids_are_child_processes, summary_is_last};
use crate::check::{Check, Exercise, Failure, Outcome, Problem, any_run, each_healthy_run};
use crate::observe::{Exit, exit_words};
use crate::parse::Line;
use crate::rng::Rng;
use crate::run::setup::{Content, FileSpec};
use crate::run::{Run, RunPlan};
use crate::t;

pub static EXERCISE: Exercise = Exercise {
    id: "17",
    slug: "word_count_files",
    plan,
    checks: CHECKS,
};

/// The program's defaults.
const DEFAULT_DIR: &str = "texts";
const DEFAULT_WORKERS: u64 = 4;

/// The two large files: about this many words each (measured: a debug build counts 300 000
/// words in about 0.1 s, the small files in well under a millisecond each).
const LARGE_WORDS: u64 = 300_000;

/// At most this many workers, whatever the machine (F = W·(W+3) files).
const MAX_WORKERS: u64 = 8;

fn cores() -> u64 {
    std::thread::available_parallelism().map_or(1, |n| n.get() as u64)
}

fn plan(rng: &mut Rng) -> Vec<RunPlan> {
    let limit = std::time::Duration::from_secs(10);
    let mut runs = vec![folder(
        RunPlan::new("defaults"),
        rng,
        DEFAULT_DIR,
        DEFAULT_WORKERS,
    )];
    // Random: another folder name and W, so a hard-coded "texts" or 4 shows.
    let w = rng.range(2, 5);
    runs.push(folder(
        RunPlan::new("random")
            .param("dir", "corpus")
            .param("workers", w),
        rng,
        "corpus",
        w,
    ));
    // Stress: more workers than the machine has CPUs.
    let w = (2 * cores() + 1).min(MAX_WORKERS);
    runs.push(folder(
        RunPlan::new("stress")
            .param("dir", DEFAULT_DIR)
            .param("workers", w),
        rng,
        DEFAULT_DIR,
        w,
    ));
    // Two more folders: the spread is judged over every run, any one showing it is enough.
    for k in 1..=2 {
        let w = rng.range(3, 4);
        runs.push(folder(
            RunPlan::new(format!("skew {k}/2"))
                .param("dir", DEFAULT_DIR)
                .param("workers", w),
            rng,
            DEFAULT_DIR,
            w,
        ));
    }
    runs.into_iter().map(|r| r.timeout(limit)).collect()
}

/// `plan` with a folder `dir` of W·(W+3) files laid out for `w` workers (see the module's
/// comment).
fn folder(mut plan: RunPlan, rng: &mut Rng, dir: &str, w: u64) -> RunPlan {
    let w = w.max(1);
    let count = (w * (w + 3)).max(6);
    let a = rng.range(0, 2.min(w - 1));
    let large = [a, a + w];
    // Three bad or odd files, away from the large ones.
    let mut others: Vec<u64> = (0..count).filter(|i| !large.contains(i)).collect();
    rng.shuffle(&mut others);
    let (empty, not_utf8, unreadable) = (others[0], others[1], others[2]);
    for i in 0..count {
        let seed = rng.range(1, u64::from(u32::MAX));
        let (stem, content) = if large.contains(&i) {
            let words = LARGE_WORDS + rng.range(0, 999);
            ("book", Content::Words { words, seed })
        } else if i == empty {
            ("empty", Content::Empty)
        } else if i == not_utf8 {
            ("latin1", Content::NotUtf8 { words: 40, seed })
        } else if i == unreadable {
            ("secret", Content::Unreadable)
        } else if rng.range(0, 2) == 0 {
            let words = rng.range(1, 30);
            ("note", Content::Words { words, seed })
        } else {
            let words = rng.range(200, 4000);
            ("chapter", Content::Words { words, seed })
        };
        plan = plan.file(FileSpec::new(&format!("{dir}/{i:02}-{stem}.txt"), content));
    }
    plan
}

static CHECKS: &[Check] = &[
    Check {
        id: "every_file_once",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", every_file_once),
    },
    Check {
        id: "counts_exact",
        points: 3,
        eval: |runs| each_healthy_run(runs, "", counts_exact),
    },
    Check {
        id: "errors_exact",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", errors_exact),
    },
    Check {
        id: "sorted_by_name",
        points: 1,
        eval: |runs| each_healthy_run(runs, "", sorted_by_name),
    },
    Check {
        id: "worker_processes",
        points: 2,
        eval: |runs| each_healthy_run(runs, "", worker_processes),
    },
    Check {
        id: "work_spread",
        points: 2,
        eval: work_spread,
    },
    Check {
        id: "clean_end",
        points: 1,
        eval: |runs| each_healthy_run(runs, "", clean_end),
    },
];

// ---------------------------------------------------------------------------------------------
// What the grader knows

/// One file of the run's folder, as the grader wrote it.
struct Expected {
    name: String,
    content: Content,
}

impl Expected {
    /// Its word count; `None` for a file that must be an error line.
    fn words(&self) -> Option<u64> {
        match self.content {
            Content::NotUtf8 { .. } | Content::Unreadable => None,
            _ => self.content.words(),
        }
    }

    fn is_large(&self) -> bool {
        matches!(self.content, Content::Words { words, .. } if words >= LARGE_WORDS)
    }
}

fn workers_of(run: &Run) -> u64 {
    run.plan.get("workers").unwrap_or(DEFAULT_WORKERS)
}

/// The files of the run's folder, sorted by name.
fn expected(run: &Run) -> Vec<Expected> {
    let dir: String = run
        .plan
        .get("dir")
        .unwrap_or_else(|| DEFAULT_DIR.to_string());
    let prefix = format!("{dir}/");
    let mut files: Vec<Expected> = run
        .plan
        .setup
        .files
        .iter()
        .filter_map(|f| {
            Some(Expected {
                name: f.path.strip_prefix(&prefix)?.to_string(),
                content: f.content.clone(),
            })
        })
        .collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// The `file` and `error` lines, with the name each one gives.
fn per_file(lines: &[Line]) -> Result<Vec<(String, &Line)>, Failure> {
    lines
        .iter()
        .filter(|l| l.tag() == "file" || l.tag() == "error")
        .map(|l| Ok((l.require::<String>("name")?, l)))
        .collect()
}

/// Why `got` words is not the count, when it is something else of the file that a program
/// computes by mistake: its bytes, characters, lines, or pieces between single spaces.
fn cause(content: &Content, got: u64) -> Option<String> {
    let bytes = content.bytes()?;
    let text = String::from_utf8_lossy(&bytes);
    let single = text.split(' ').count() as u64;
    let single_nonempty = text.split(' ').filter(|p| !p.is_empty()).count() as u64;
    if got == bytes.len() as u64 {
        Some(t!("check.word_count_files.cause_bytes"))
    } else if got == text.chars().count() as u64 {
        Some(t!("check.word_count_files.cause_chars"))
    } else if got == text.lines().count() as u64 {
        Some(t!("check.word_count_files.cause_lines"))
    } else if got == single || got == single_nonempty {
        Some(t!("check.word_count_files.cause_single_space"))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Checks

/// Every file of the folder on exactly one `file` or `error` line, and no other name.
fn every_file_once(run: &Run) -> Result<(), Problem> {
    let lines = run.lines();
    let files = expected(run);
    let got = per_file(&lines)?;
    exactly_once(
        &t!("check.word_count_files.one"),
        &t!("check.word_count_files.many"),
        files.iter().map(|f| f.name.clone()),
        &got,
    )?;
    Ok(())
}

/// The words of every file counted are exact, and the total says files=F words=T, T the sum
/// over the files that can be read.
fn counts_exact(run: &Run) -> Result<(), Problem> {
    let lines = run.lines();
    let files = expected(run);
    let by_name: BTreeMap<&str, &Expected> = files.iter().map(|f| (f.name.as_str(), f)).collect();
    for l in lines.iter().filter(|l| l.tag() == "file") {
        let name: String = l.require("name")?;
        let Some(want) = by_name.get(name.as_str()).and_then(|f| f.words()) else {
            continue; // not a file of the folder, or one that must be an error: other checks
        };
        let got: u64 = l.require("words")?;
        if got != want {
            let mut message = t!(
                "check.word_count_files.wrong_count",
                name = name,
                want = want,
                got = got
            );
            if let Some(cause) = cause(&by_name[name.as_str()].content, got) {
                message = format!("{message}: {cause}");
            }
            return Err(Failure::new(message).quote(l).into());
        }
    }
    let total = summary_is_last(&lines, "`total files=… words=… errors=…`", |l| {
        l.tag() == "total"
    })?;
    let want_files = files.len() as u64;
    let want_words: u64 = files.iter().filter_map(Expected::words).sum();
    let got_files: u64 = total.require("files")?;
    let got_words: u64 = total.require("words")?;
    if got_files != want_files || got_words != want_words {
        return Err(Failure::new(t!(
            "check.word_count_files.wrong_total",
            files = want_files,
            words = want_words,
            got_files = got_files,
            got_words = got_words
        ))
        .quote(total)
        .into());
    }
    Ok(())
}

/// An `error` line for exactly the files that cannot be counted (unreadable, not UTF-8), a
/// `file` line (words=0 for the empty one) for every other, and errors=E on the total.
fn errors_exact(run: &Run) -> Result<(), Problem> {
    let lines = run.lines();
    let files = expected(run);
    let by_name: BTreeMap<&str, &Expected> = files.iter().map(|f| (f.name.as_str(), f)).collect();
    for (name, l) in per_file(&lines)? {
        let Some(f) = by_name.get(name.as_str()) else {
            continue; // every_file_once names it
        };
        match (l.tag(), &f.content) {
            ("file", Content::Unreadable) => {
                return Err(Failure::new(t!(
                    "check.word_count_files.unreadable_counted",
                    name = name
                ))
                .quote(l)
                .into());
            }
            ("file", Content::NotUtf8 { .. }) => {
                return Err(Failure::new(t!(
                    "check.word_count_files.not_utf8_counted",
                    name = name
                ))
                .quote(l)
                .into());
            }
            ("error", Content::Empty) => {
                return Err(
                    Failure::new(t!("check.word_count_files.empty_error", name = name))
                        .quote(l)
                        .into(),
                );
            }
            ("error", Content::Words { .. }) => {
                return Err(
                    Failure::new(t!("check.word_count_files.good_error", name = name))
                        .quote(l)
                        .into(),
                );
            }
            _ => {}
        }
    }
    let want = files.iter().filter(|f| f.words().is_none()).count() as u64;
    let Some(total) = lines.iter().rev().find(|l| l.tag() == "total") else {
        return Err(Failure::new(t!(
            "check.summary.missing",
            line = "`total files=… words=… errors=…`"
        ))
        .quote_all(lines.iter().rev().take(3))
        .into());
    };
    let got: u64 = total.require("errors")?;
    if got != want {
        return Err(Failure::new(t!(
            "check.word_count_files.wrong_errors",
            want = want,
            got = got
        ))
        .quote(total)
        .into());
    }
    Ok(())
}

/// The `file` and `error` lines come in name order (byte order, Python's `sorted`), the total
/// after them.
fn sorted_by_name(run: &Run) -> Result<(), Problem> {
    let lines = run.lines();
    let got = per_file(&lines)?;
    for pair in got.windows(2) {
        let ((a, la), (b, lb)) = (&pair[0], &pair[1]);
        if a > b {
            return Err(Failure::new(t!(
                "check.word_count_files.out_of_order",
                first = a,
                second = b
            ))
            .quote(*la)
            .quote(*lb)
            .into());
        }
    }
    summary_is_last(&lines, "`total files=… words=… errors=…`", |l| {
        l.tag() == "total"
    })?;
    Ok(())
}

/// (kernel) The main process created exactly W processes, no more at any depth, and the
/// `worker=` pids are theirs.
fn worker_processes(run: &Run) -> Result<(), Problem> {
    let lines = run.lines();
    let w = workers_of(run);
    let obs = run.observation()?;
    let kids: Vec<_> = obs.children_of(obs.root).collect();
    let all = obs.processes().count();
    if kids.len() as u64 != w || all != kids.len() {
        let threads = obs.threads().count();
        let message = if kids.is_empty() && threads > 0 {
            t!(
                "check.word_count_files.threads_not_processes",
                threads = threads,
                w = w
            )
        } else {
            t!(
                "check.word_count_files.process_count",
                count = all,
                w = w,
                files = expected(run).len()
            )
        };
        return Err(Failure::new(message).into());
    }
    let with_pid: Vec<&Line> = lines
        .iter()
        .filter(|l| l.tag() == "file" || l.tag() == "error")
        .collect();
    pids_are_child_processes(obs, "worker", &with_pid)?;
    Ok(())
}

/// One run: healthy, and its two large files counted by two different workers.
fn spread_in(run: &Run) -> Result<(), Problem> {
    run.healthy()?;
    let lines = run.lines();
    let files = expected(run);
    let got = per_file(&lines)?;
    let mut large: Vec<(&str, i32, &Line)> = Vec::new();
    for f in files.iter().filter(|f| f.is_large()) {
        let Some((_, l)) = got.iter().find(|(n, _)| *n == f.name) else {
            return Err(
                Failure::new(t!("check.word_count_files.large_missing", name = f.name)).into(),
            );
        };
        large.push((f.name.as_str(), l.require("worker")?, l));
    }
    match large.as_slice() {
        [(a, wa, la), (b, wb, lb)] if wa == wb => Err(Failure::new(t!(
            "check.word_count_files.not_spread",
            first = a,
            second = b,
            worker = wa,
            w = workers_of(run),
            files = files.len()
        ))
        .quote(*la)
        .quote(*lb)
        .into()),
        _ => Ok(()),
    }
}

/// In at least one run, the two large files were counted by two different workers. One run is
/// enough: on a busy machine the worker with the first large file may finish it before another
/// worker has been given a CPU at all, while a split decided before the work starts gives both
/// to one worker in every run, whatever the machine.
///
/// Only runs whose folder is laid out for their W are judged: the two large files where both
/// static splits (contiguous chunks of ⌈F/W⌉ files, file i to worker i % W) give them to one
/// worker. The plan lays every folder out so; a hidden variant that changes `--workers` keeps
/// the files, and a run where a split decided up front would spread them by luck proves nothing.
fn work_spread(runs: &[Run]) -> Outcome {
    if !runs.iter().any(static_splits_stack) {
        return Outcome::NotVerified {
            reason: t!("check.word_count_files.spread_not_judged"),
        };
    }
    any_run(runs, "", static_splits_stack, spread_in, |_, message| {
        message
    })
}

/// Whether both static splits of the run's folder (sorted by name) give the two large files to
/// one worker.
fn static_splits_stack(run: &Run) -> bool {
    let files = expected(run);
    let w = workers_of(run).max(1) as usize;
    let large: Vec<usize> = files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.is_large())
        .map(|(i, _)| i)
        .collect();
    let [p, q] = large[..] else {
        return false;
    };
    let chunk = files.len().div_ceil(w).max(1);
    p / chunk == q / chunk && p % w == q % w
}

/// (kernel) Every worker ended by itself with 0 before the main process ended: the parent
/// closed the task pipes and waited for each one.
fn clean_end(run: &Run) -> Result<(), Problem> {
    let obs = run.observation()?;
    let root_end = obs.root_task().and_then(|t| t.end_us).unwrap_or(u64::MAX);
    for child in obs.children_of(obs.root) {
        if child.exit != Some(Exit::Code(0)) {
            let how = child
                .exit
                .as_ref()
                .map_or_else(|| t!("check.word_count_files.unknown_status"), exit_words);
            return Err(Failure::new(t!(
                "check.word_count_files.worker_exit",
                pid = child.pid,
                how = how
            ))
            .into());
        }
        if child.end_us.is_none_or(|end| end > root_end) {
            return Err(Failure::new(t!(
                "check.word_count_files.worker_outlived",
                pid = child.pid
            ))
            .into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{failure, quoted};
    use crate::observe::Observation;
    use crate::run::fixture::{observed, process, run};

    const ROOT: i32 = 100;

    fn plan_of(label: &str, w: u64, seed: u64) -> RunPlan {
        folder(
            RunPlan::new(label)
                .param("dir", "texts")
                .param("workers", w),
            &mut Rng::new(seed),
            "texts",
            w,
        )
    }

    /// Root 100 and workers 101..=100+w, every worker ending before the root.
    fn obs(w: u64) -> Observation {
        let mut tasks = vec![process(ROOT, 1, 0, 100_000, 0)];
        for k in 0..w {
            tasks.push(process(ROOT + 1 + k as i32, ROOT, 10, 90_000, 0));
        }
        observed(tasks)
    }

    /// What the reference solution prints for `plan`: the files in name order, each counted
    /// by the worker `worker(index)` (an index into 101..), the bad files as errors.
    fn output(plan: &RunPlan, worker: impl Fn(usize) -> i32) -> String {
        let r = run(plan.clone(), "", None);
        let files = expected(&r);
        let mut out = String::new();
        let (mut words, mut errors) = (0, 0);
        for (i, f) in files.iter().enumerate() {
            let pid = ROOT + 1 + worker(i);
            match f.words() {
                Some(n) => {
                    words += n;
                    out += &format!("file name={} words={n} worker={pid}\n", f.name);
                }
                None => {
                    errors += 1;
                    out += &format!(
                        "error name={} worker={pid} reason=Permission denied (os error 13)\n",
                        f.name
                    );
                }
            }
        }
        out += &format!(
            "total files={} words={words} errors={errors}\n",
            files.len()
        );
        out
    }

    /// A dynamic pool's likely hand-out: file i to worker i % w, except that the second large
    /// file goes to the worker after the first one's.
    fn dynamic(plan: &RunPlan) -> impl Fn(usize) -> i32 {
        let w = plan.get::<u64>("workers").unwrap() as usize;
        let r = run(plan.clone(), "", None);
        let large: Vec<usize> = expected(&r)
            .iter()
            .enumerate()
            .filter(|(_, f)| f.is_large())
            .map(|(i, _)| i)
            .collect();
        let second = large[1];
        move |i| {
            if i == second {
                ((i + 1) % w) as i32
            } else {
                (i % w) as i32
            }
        }
    }

    fn good(plan: RunPlan) -> Run {
        let w = plan.get::<u64>("workers").unwrap();
        let out = output(&plan, dynamic(&plan));
        run(plan, &out, Some(obs(w)))
    }

    fn check(id: &str) -> fn(&[Run]) -> Outcome {
        CHECKS.iter().find(|c| c.id == id).unwrap().eval
    }

    #[test]
    fn the_folder_puts_both_large_files_on_one_worker_of_any_static_split() {
        for seed in 0..40 {
            for w in 1..=MAX_WORKERS {
                let p = plan_of("t", w, seed);
                let r = run(p, "", None);
                let files = expected(&r);
                assert_eq!(files.len() as u64, (w * (w + 3)).max(6));
                let large: Vec<u64> = (0..files.len())
                    .filter(|&i| files[i].is_large())
                    .map(|i| i as u64)
                    .collect();
                assert_eq!(large.len(), 2);
                let chunk = (files.len() as u64).div_ceil(w);
                assert_eq!(large[0] / chunk, large[1] / chunk, "chunks, w={w}");
                assert_eq!(large[0] % w, large[1] % w, "round-robin, w={w}");
                let kinds =
                    |k: fn(&Content) -> bool| files.iter().filter(|f| k(&f.content)).count();
                assert_eq!(kinds(|c| matches!(c, Content::Empty)), 1);
                assert_eq!(kinds(|c| matches!(c, Content::Unreadable)), 1);
                assert_eq!(kinds(|c| matches!(c, Content::NotUtf8 { .. })), 1);
                let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
                assert!(names.iter().all(|n| !n.contains('/') && !n.contains(' ')));
            }
        }
    }

    #[test]
    fn the_plan_varies_the_folder_and_the_workers() {
        let runs = plan(&mut Rng::new(3));
        assert!(runs.len() >= 5);
        assert!(runs[0].params.is_empty(), "the defaults run passes nothing");
        assert!(
            runs[0]
                .setup
                .files
                .iter()
                .all(|f| f.path.starts_with("texts/"))
        );
        assert_eq!(runs[1].get::<String>("dir").as_deref(), Some("corpus"));
        assert!(
            runs[1]
                .setup
                .files
                .iter()
                .all(|f| f.path.starts_with("corpus/"))
        );
        assert!(
            runs[2].get::<u64>("workers").unwrap() > cores().min(MAX_WORKERS - 1) || cores() >= 4
        );
        for r in &runs {
            assert!(r.setup.files.iter().all(FileSpec::path_is_safe));
            assert!(r.timeout_ms >= 10_000);
        }
    }

    #[test]
    fn a_good_run_passes_every_check() {
        for seed in 0..5 {
            let r = good(plan_of("skew 1/2", 3 + seed % 2, seed));
            for c in CHECKS {
                assert_eq!(
                    (c.eval)(std::slice::from_ref(&r)),
                    Outcome::Pass,
                    "{}",
                    c.id
                );
            }
        }
    }

    #[test]
    fn kernel_checks_without_observation_are_not_verified() {
        let p = plan_of("t", 3, 1);
        let out = output(&p, dynamic(&p));
        let r = run(p, &out, None);
        for id in ["worker_processes", "clean_end"] {
            assert!(
                matches!(
                    check(id)(std::slice::from_ref(&r)),
                    Outcome::NotVerified { .. }
                ),
                "{id}"
            );
        }
        assert_eq!(check("work_spread")(&[r]), Outcome::Pass);
    }

    /// The output of `plan` with line `name`'s text changed by `edit`.
    fn edited(plan: &RunPlan, edit: impl Fn(&Expected, String) -> String) -> Run {
        let w = plan.get::<u64>("workers").unwrap();
        let r0 = run(plan.clone(), "", None);
        let files = expected(&r0);
        let out: String = output(plan, dynamic(plan))
            .lines()
            .map(|l| {
                let name = Line::parse(0, l).raw("name").map(str::to_string);
                match name.and_then(|n| files.iter().find(|f| f.name == n)) {
                    Some(f) => edit(f, l.to_string()),
                    None => l.to_string(),
                }
            })
            .map(|l| l + "\n")
            .collect();
        run(plan.clone(), &out, Some(obs(w)))
    }

    #[test]
    fn bytes_or_single_spaces_fail_counts_exact_and_say_so() {
        let p = plan_of("t", 3, 2);
        let bytes = edited(&p, |f, l| match (&f.content, f.words()) {
            (Content::Words { .. }, Some(n)) if n > 0 => l.replace(
                &format!("words={n} "),
                &format!("words={} ", f.content.bytes().unwrap().len()),
            ),
            _ => l,
        });
        let f = failure(check("counts_exact")(&[bytes]));
        assert!(
            f.message
                .contains(&t!("check.word_count_files.cause_bytes")),
            "{}",
            f.message
        );
        assert_eq!(quoted(&f).len(), 1);

        let single = edited(&p, |f, l| match (&f.content, f.words()) {
            (Content::Words { .. }, Some(n)) if n > 0 => {
                let bytes = f.content.bytes().unwrap();
                let pieces = String::from_utf8(bytes).unwrap().split(' ').count();
                l.replace(&format!("words={n} "), &format!("words={pieces} "))
            }
            _ => l,
        });
        let f = failure(check("counts_exact")(&[single]));
        assert!(
            f.message
                .contains(&t!("check.word_count_files.cause_single_space"))
        );
    }

    #[test]
    fn a_wrong_total_fails_counts_exact() {
        let p = plan_of("t", 3, 4);
        let r = good(p.clone());
        let text = r
            .outcome
            .stdout
            .text
            .replace("total files=", "total files=1");
        let f = failure(check("counts_exact")(&[run(p, &text, Some(obs(3)))]));
        assert!(quoted(&f)[0].starts_with("total"));
    }

    #[test]
    fn errors_counted_as_zero_or_good_files_as_errors_fail_errors_exact() {
        let p = plan_of("t", 3, 5);
        let zero = edited(&p, |f, l| match f.content {
            Content::Unreadable | Content::NotUtf8 { .. } => {
                let pid = Line::parse(0, &l).raw("worker").unwrap().to_string();
                format!("file name={} words=0 worker={pid}", f.name)
            }
            _ => l,
        });
        let f = failure(check("errors_exact")(std::slice::from_ref(&zero)));
        assert_eq!(quoted(&f).len(), 1);
        assert!(check("every_file_once")(&[zero]).passed());

        let empty_error = edited(&p, |f, l| match f.content {
            Content::Empty => {
                let pid = Line::parse(0, &l).raw("worker").unwrap().to_string();
                format!("error name={} worker={pid} reason=empty", f.name)
            }
            _ => l,
        });
        assert!(!check("errors_exact")(&[empty_error]).passed());
    }

    #[test]
    fn a_run_stopped_at_the_first_error_fails_every_file_once() {
        let p = plan_of("t", 3, 6);
        let r = good(p.clone());
        let text: String = r
            .outcome
            .stdout
            .text
            .lines()
            .take_while(|l| !l.starts_with("error"))
            .map(|l| format!("{l}\n"))
            .collect();
        let f = failure(check("every_file_once")(&[run(p, &text, Some(obs(3)))]));
        assert!(
            f.message.contains(&t!("check.word_count_files.many")),
            "{}",
            f.message
        );
    }

    #[test]
    fn completion_order_fails_sorted_by_name() {
        let p = plan_of("t", 3, 7);
        let r = good(p.clone());
        let mut lines: Vec<&str> = r.outcome.stdout.text.lines().collect();
        lines.swap(0, 2);
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        let f = failure(check("sorted_by_name")(&[run(p, &text, Some(obs(3)))]));
        assert_eq!(quoted(&f).len(), 2);
    }

    #[test]
    fn a_process_per_file_threads_or_a_fake_pid_fail_worker_processes() {
        let p = plan_of("t", 3, 8);
        let out = output(&p, dynamic(&p));
        let files = expected(&run(p.clone(), "", None)).len() as u64;
        let r = run(p.clone(), &out, Some(obs(files)));
        assert!(!check("worker_processes")(&[r]).passed());

        let mut threads = obs(3);
        for t in threads.tasks.iter_mut().skip(1) {
            t.thread = true;
        }
        let f = failure(check("worker_processes")(&[run(
            p.clone(),
            &out,
            Some(threads),
        )]));
        assert!(f.message.contains("thread"), "{}", f.message);

        let fake = out.replace("worker=101", "worker=999");
        assert!(!check("worker_processes")(&[run(p, &fake, Some(obs(3)))]).passed());
    }

    #[test]
    fn every_planned_folder_is_laid_out_so_static_splits_stack_the_large_files() {
        for seed in 0..50 {
            for r in plan(&mut Rng::new(seed)) {
                let r = run(r, "", None);
                assert!(static_splits_stack(&r), "{}", r.plan.describe());
            }
        }
    }

    #[test]
    fn runs_whose_folder_is_not_laid_out_for_their_w_are_not_judged() {
        // A hidden variant set --workers 4 on a folder laid out for 3: file i to worker i % 4
        // spreads the large files at a and a + 3, so a static split would pass by luck.
        let mut p = plan_of("variant", 3, 1);
        for (name, value) in &mut p.params {
            if name == "workers" {
                *value = "4".into();
            }
        }
        let r = run(p.clone(), &output(&p, |i| (i % 4) as i32), Some(obs(4)));
        assert!(!static_splits_stack(&r));
        assert!(matches!(
            work_spread(std::slice::from_ref(&r)),
            Outcome::NotVerified { .. }
        ));
        // Beside a run laid out for its W, only that one is judged.
        let q = plan_of("skew", 3, 2);
        let stacked = run(q.clone(), &output(&q, |i| (i % 3) as i32), Some(obs(3)));
        assert!(!work_spread(&[r, stacked]).passed());
    }

    #[test]
    fn a_static_split_fails_work_spread_in_every_run_and_one_spread_run_passes() {
        let plans: Vec<RunPlan> = (0..3).map(|s| plan_of("skew", 3, s)).collect();
        let chunked: Vec<Run> = plans
            .iter()
            .map(|p| {
                let n = expected(&run(p.clone(), "", None)).len();
                let chunk = n.div_ceil(3);
                run(p.clone(), &output(p, |i| (i / chunk) as i32), Some(obs(3)))
            })
            .collect();
        let f = failure(work_spread(&chunked));
        assert_eq!(quoted(&f).len(), 2);
        assert!(f.run.is_some());
        let round_robin: Vec<Run> = plans
            .iter()
            .map(|p| run(p.clone(), &output(p, |i| (i % 3) as i32), Some(obs(3))))
            .collect();
        assert!(!work_spread(&round_robin).passed());
        let mut mixed = round_robin.clone();
        mixed.push(good(plans[0].clone()));
        assert_eq!(work_spread(&mixed), Outcome::Pass);
    }

    #[test]
    fn workers_outliving_the_parent_or_failing_fail_clean_end() {
        let p = plan_of("t", 3, 9);
        let out = output(&p, dynamic(&p));
        let mut late = obs(3);
        late.tasks[2].end_us = Some(120_000);
        let f = failure(check("clean_end")(&[run(p.clone(), &out, Some(late))]));
        assert!(f.message.contains("102"), "{}", f.message);
        let mut bad = obs(3);
        bad.tasks[1].exit = Some(Exit::Code(101));
        assert!(!check("clean_end")(&[run(p, &out, Some(bad))]).passed());
    }

    #[test]
    fn the_cause_of_a_wrong_count_is_named() {
        let c = Content::Words { words: 50, seed: 1 };
        let bytes = c.bytes().unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(cause(&c, bytes.len() as u64).is_some());
        assert!(cause(&c, text.chars().count() as u64).is_some());
        assert!(cause(&c, text.lines().count() as u64).is_some());
        assert_eq!(cause(&c, 50), None);
        assert_eq!(cause(&Content::Unreadable, 3), None);
    }
}
