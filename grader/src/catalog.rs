//! The catalog: every exercise, in course order. One entry per exercise; everything else about
//! it (runs, checks, points, hints) lives in its own module under `check/`.

use crate::check::{
    Exercise, condition_buffer, io_fetch, lock_order, lock_protected_resource, manager_server,
    pipe_duplex, pool_map, producer_consumer, queue_exchange, semaphore_event, shared_counter,
    speedup, start_methods, thread_pool, threads_and_locals, two_processes, word_count_files,
    work_queue_cancel,
};

/// All exercises, in the order a student should do them.
pub fn all() -> [&'static Exercise; 18] {
    [
        &two_processes::EXERCISE,
        &queue_exchange::EXERCISE,
        &lock_protected_resource::EXERCISE,
        &pool_map::EXERCISE,
        &producer_consumer::EXERCISE,
        &shared_counter::EXERCISE,
        &pipe_duplex::EXERCISE,
        &manager_server::EXERCISE,
        &work_queue_cancel::EXERCISE,
        &start_methods::EXERCISE,
        &speedup::EXERCISE,
        &word_count_files::EXERCISE,
        &threads_and_locals::EXERCISE,
        &condition_buffer::EXERCISE,
        &semaphore_event::EXERCISE,
        &lock_order::EXERCISE,
        &thread_pool::EXERCISE,
        &io_fetch::EXERCISE,
    ]
}

/// The exercises named by `queries` (`06`, `6`, `shared_counter`, `06_shared_counter`), in
/// catalog order; all of them when `queries` is empty.
pub fn select(queries: &[String]) -> Result<Vec<&'static Exercise>, UnknownExercise> {
    if queries.is_empty() {
        return Ok(all().to_vec());
    }
    for q in queries {
        if !all().iter().any(|e| e.matches(q)) {
            return Err(UnknownExercise(q.clone()));
        }
    }
    Ok(all()
        .into_iter()
        .filter(|e| queries.iter().any(|q| e.matches(q)))
        .collect())
}

#[derive(Debug)]
pub struct UnknownExercise(pub String);

impl std::fmt::Display for UnknownExercise {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::t!("catalog.unknown", query = self.0))
    }
}

impl std::error::Error for UnknownExercise {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_ordered() {
        let ids: Vec<&str> = all().iter().map(|e| e.id).collect();
        assert_eq!(
            ids,
            [
                "01", "02", "03", "04", "05", "06", "12", "13", "14", "15", "16", "17", "07", "08",
                "09", "10", "11", "18"
            ]
        );
    }

    #[test]
    fn selection_by_number_name_or_folder() {
        for q in [
            "06",
            "6",
            "shared_counter",
            "06_shared_counter",
            "shared-counter",
        ] {
            let got = select(&[q.to_string()]).unwrap();
            assert_eq!(got.len(), 1, "{q}");
            assert_eq!(got[0].slug, "shared_counter");
        }
        assert_eq!(select(&[]).unwrap().len(), all().len());
        assert!(select(&["99".to_string()]).is_err());
    }

    #[test]
    fn every_exercise_has_checks_worth_points() {
        for e in all() {
            assert!(!e.checks.is_empty(), "{} has no checks", e.id);
            assert!(e.checks.iter().all(|c| c.points > 0), "{}", e.id);
            let mut ids: Vec<&str> = e.checks.iter().map(|c| c.id).collect();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), e.checks.len(), "{}: duplicate check ids", e.id);
        }
    }

    #[test]
    fn every_exercise_has_both_crates() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for e in all() {
            for v in [
                crate::check::Variant::Exercise,
                crate::check::Variant::Solution,
            ] {
                let manifest = root.join(e.dir(v)).join("Cargo.toml");
                if v == crate::check::Variant::Solution
                    && !root.join("solutions").join(e.dir_name()).exists()
                {
                    continue; // a student repo (`cargo xtask export-student`) has no solutions
                }
                let text = std::fs::read_to_string(&manifest)
                    .unwrap_or_else(|err| panic!("{}: {err}", manifest.display()));
                assert!(
                    text.contains(&format!("name = \"{}\"", e.package(v))),
                    "{} must name its package {}",
                    manifest.display(),
                    e.package(v)
                );
            }
        }
    }
}
