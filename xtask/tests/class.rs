//! `cargo xtask grade-class` on a generated class: solutions, stubs, mutants, a submission that
//! does not compile, a hostile one, one that changed the grader, one that is not a repo, one
//! that symlinks the solution. The gradebook must say exactly what each deserves.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command as Std;

use assert_cmd::Command;

mod common {
    pub mod env;
}

use common::env::{repo, serial};

/// How a mutant becomes a program (teachers' side, like this test).
#[path = "../../solutions/mutants/src/patch.rs"]
#[allow(dead_code)]
mod patch;

const EXERCISES: [&str; 18] = [
    "01_two_processes",
    "02_queue_exchange",
    "03_lock_protected_resource",
    "04_pool_map",
    "05_producer_consumer",
    "06_shared_counter",
    "12_pipe_duplex",
    "13_manager_server",
    "14_work_queue_cancel",
    "15_start_methods",
    "16_speedup",
    "17_word_count_files",
    "07_threads_and_locals",
    "08_condition_buffer",
    "09_semaphore_event",
    "10_lock_order",
    "11_thread_pool",
    "18_io_fetch",
];

/// A student's repo as the student template has it: the tracked files but the teacher's own.
fn student_repo(to: &Path) {
    let out = Std::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(repo())
        .output();
    let files: Vec<String> = match out {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout)
            .split('\0')
            .filter(|f| !f.is_empty())
            .map(String::from)
            .collect(),
        _ => panic!("git ls-files failed: this test needs the repo's git checkout"),
    };
    for f in files {
        if grader::tamper::teacher_only(&f) {
            continue;
        }
        let from = repo().join(&f);
        if !from.is_file() {
            continue;
        }
        let target = to.join(&f);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(from, target).unwrap();
    }
    // The stubs as shipped, not this repo's exercises/ (which may hold someone's work).
    for e in grader::catalog::all() {
        let stub = repo().join(".stubs").join(e.dir_name()).join("src/main.rs");
        let main = to.join("exercises").join(e.dir_name()).join("src/main.rs");
        std::fs::copy(&stub, &main).unwrap_or_else(|err| panic!("{}: {err}", stub.display()));
    }
}

fn put(student: &Path, exercise: &str, code: &str) {
    std::fs::write(
        student.join("exercises").join(exercise).join("src/main.rs"),
        code,
    )
    .unwrap();
}

fn solution(exercise: &str) -> String {
    std::fs::read_to_string(repo().join("solutions").join(exercise).join("src/main.rs")).unwrap()
}

fn file(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap()
}

/// A mutant's whole program (its solution with the mutant's edits), as a student would submit it.
fn mutant(name: &str) -> String {
    let generated = patch::generate_all(
        &repo().join("solutions/mutants/src/bin"),
        &repo().join("solutions"),
    )
    .unwrap_or_else(|errors| panic!("the mutants cannot be generated: {errors:#?}"));
    generated
        .into_iter()
        .find(|g| g.mutant.name == name)
        .unwrap_or_else(|| panic!("no mutant {name}"))
        .source
}

fn solved(student: &Path) {
    for e in EXERCISES {
        put(student, e, &solution(e));
    }
}

/// The gradebook as student → column → cell.
fn gradebook(csv: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let csv = csv.strip_prefix('\u{feff}').expect("a BOM, for Excel");
    let mut lines = csv.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    lines
        .map(|l| {
            // Student names here have no commas; the notes column (last) may, so split at most.
            let cells: Vec<&str> = l.splitn(header.len(), ',').collect();
            let row: BTreeMap<String, String> = header
                .iter()
                .cloned()
                .zip(cells.iter().map(|c| c.to_string()))
                .collect();
            (row["student"].clone(), row)
        })
        .collect()
}

#[test]
fn a_generated_class_gets_the_gradebook_it_deserves() {
    let _one = serial();
    let class = std::env::temp_dir().join(format!("forklings-class-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&class);
    let who = |name: &str| {
        let dir = class.join(name);
        student_repo(&dir);
        dir
    };
    solved(&who("alice"));
    who("bob"); // the stubs, untouched
    let carol = who("carol");
    solved(&carol);
    put(&carol, "06_shared_counter", &mutant("m06_no_lock"));
    put(&carol, "01_two_processes", &mutant("m01_sequential"));
    let dave = who("dave");
    solved(&dave);
    put(
        &dave,
        "03_lock_protected_resource",
        &solution("03_lock_protected_resource").replacen(
            "fn main()",
            "fn main() { let x: u8 = \"no\"; }\nfn unused()",
            1,
        ),
    );
    let eve = who("eve");
    solved(&eve);
    put(
        &eve,
        "01_two_processes",
        &file("grader/tests/hostile/src/bin/h_sleep_forever.rs"),
    );
    put(
        &eve,
        "02_queue_exchange",
        &file("grader/tests/hostile/src/bin/h_setsid_escape.rs"),
    );
    put(
        &eve,
        "04_pool_map",
        "const S: &str = include_str!(\"/etc/passwd\");\nfn main() { println!(\"{S}\"); }\n",
    );
    let frank = who("frank");
    solved(&frank);
    let check = frank.join("grader/src/check.rs");
    let text = std::fs::read_to_string(&check).unwrap();
    std::fs::write(&check, text + "\n// always full marks, please\n").unwrap();
    std::fs::create_dir_all(class.join("grace")).unwrap();
    std::fs::write(class.join("grace/notes.txt"), "I forgot to push").unwrap();
    let heidi = who("heidi");
    let main = heidi.join("exercises/06_shared_counter/src/main.rs");
    std::fs::remove_file(&main).unwrap();
    std::os::unix::fs::symlink(
        repo().join("solutions/06_shared_counter/src/main.rs"),
        &main,
    )
    .unwrap();

    let csv = class.join("gradebook.csv");
    let chart = class.join("chart.svg");
    let out = Command::from_std(common::env::xtask())
        .arg("grade-class")
        .arg(&class)
        .arg("--csv")
        .arg(&csv)
        .arg("--chart")
        .arg(&chart)
        .args(["--seed", "5"])
        .timeout(std::time::Duration::from_secs(900))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let book = gradebook(&std::fs::read_to_string(&csv).unwrap());
    let names: Vec<&str> = book.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "alice", "bob", "carol", "dave", "eve", "frank", "grace", "heidi"
        ]
    );
    let max = &book["alice"]["max"];
    let col = |id: &str| {
        book["alice"]
            .keys()
            .find(|k| k.starts_with(id))
            .unwrap()
            .clone()
    };
    let full = |id: &str| {
        col(id)
            .split("(/")
            .nth(1)
            .unwrap()
            .trim_end_matches(')')
            .to_string()
    };
    let explain = || {
        format!(
            "{}\n{stdout}\n{stderr}",
            std::fs::read_to_string(&csv).unwrap()
        )
    };

    assert_eq!(&book["alice"]["total"], max, "{}", explain());
    assert_eq!(book["alice"]["status"], "pass");
    assert_eq!(book["alice"]["notes"], "", "{}", explain());

    assert_eq!(book["bob"]["total"], "0", "{}", explain());
    assert_eq!(book["bob"]["status"], "zero");

    assert_ne!(book["carol"][&col("01")], full("01"), "{}", explain());
    assert_ne!(book["carol"][&col("06")], full("06"), "{}", explain());
    assert_eq!(book["carol"][&col("03")], full("03"));
    assert_eq!(book["carol"]["status"], "partial");

    assert_eq!(book["dave"][&col("03")], "0");
    assert!(
        book["dave"]["notes"].contains("03: does not compile"),
        "{}",
        explain()
    );
    assert!(
        book["dave"]["notes"].contains("(exercises/03_lock_protected_resource/src/main.rs:"),
        "{}",
        explain()
    );
    assert_eq!(book["dave"][&col("06")], full("06"));

    assert_eq!(book["eve"][&col("01")], "0", "{}", explain());
    assert_ne!(book["eve"][&col("02")], full("02"), "{}", explain());
    assert_eq!(book["eve"][&col("04")], "0");
    assert!(
        book["eve"]["notes"].contains("reads outside"),
        "{}",
        explain()
    );
    assert_eq!(book["eve"][&col("06")], full("06"), "{}", explain());

    assert_eq!(&book["frank"]["total"], max, "{}", explain());
    assert!(
        book["frank"]["notes"].contains("modified grader files"),
        "{}",
        explain()
    );
    assert!(book["frank"]["notes"].contains("grader/src/check.rs"));

    assert_eq!(book["grace"]["status"], "not graded");
    assert_eq!(book["grace"][&col("01")], "", "not graded is not 0 points");
    assert_eq!(book["grace"]["total"], "");
    assert!(book["grace"]["notes"].contains("no exercises/ folder"));

    assert_eq!(book["heidi"][&col("06")], "0");
    assert!(
        book["heidi"]["notes"].contains("main.rs is a symlink"),
        "{}",
        explain()
    );

    let svg = std::fs::read_to_string(&chart).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("the chart is well-formed SVG");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    // grace could not be graded: she is counted, not drawn as "no points".
    assert!(svg.contains("7 students graded · 1 not graded"), "{svg}");
    assert!(stdout.contains("8 students graded"), "{stdout}");
    let _ = std::fs::remove_dir_all(&class);
}

fn grade_class(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::from_std(common::env::xtask())
        .args(args)
        .timeout(std::time::Duration::from_secs(900))
        .output()
        .unwrap()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Three shards graded apart and merged give the very files one run gives; the gradebook's
/// cells a spreadsheet would run are text; an LMS file needs every folder in the roster.
#[test]
fn three_shards_merged_equal_one_run() {
    let _one = serial();
    let class = std::env::temp_dir().join(format!("forklings-shards-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&class);
    let dir = class.join("class");
    let who = |name: &str| {
        let d = dir.join(name);
        student_repo(&d);
        d
    };
    // Quick to grade: stubs, and the exercise whose solution grades fastest.
    let alice = who("alice");
    put(&alice, EXERCISES[1], &solution(EXERCISES[1]));
    who("bob");
    let formula = who("=2+3");
    put(&formula, EXERCISES[1], &solution(EXERCISES[1]));
    put(
        &formula,
        EXERCISES[0],
        &solution(EXERCISES[0]).replacen(
            "fn main()",
            "fn main() { let x: u8 = \"no\"; }\nfn f()",
            1,
        ),
    );
    std::fs::create_dir_all(dir.join("grace")).unwrap();
    let roster = class.join("roster.csv");
    std::fs::write(
        &roster,
        "folder,email\nalice,alice@uni.it\nbob,bob@uni.it\n=2+3,formula@uni.it\ngrace,grace@uni.it\n",
    )
    .unwrap();
    let at = |name: &str| class.join(name).into_os_string();
    let outputs = |prefix: &str| {
        [
            "--csv".into(),
            at(&format!("{prefix}.csv")),
            "--chart".into(),
            at(&format!("{prefix}.svg")),
            "--lms".into(),
            "moodle".into(),
            "--roster".into(),
            roster.clone().into_os_string(),
            "--lms-csv".into(),
            at(&format!("{prefix}-moodle.csv")),
        ]
    };
    let ok = |out: &std::process::Output| {
        assert!(
            out.status.success(),
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };

    let mut one: Vec<std::ffi::OsString> = vec![
        "grade-class".into(),
        dir.clone().into(),
        "--seed".into(),
        "11".into(),
    ];
    one.extend(outputs("one"));
    ok(&grade_class(
        &one.iter().map(|a| a.as_os_str()).collect::<Vec<_>>(),
    ));
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let json = at(&format!("shard-{k}.json"));
        let args: Vec<&std::ffi::OsStr> = vec![
            "grade-class".as_ref(),
            dir.as_os_str(),
            "--seed".as_ref(),
            "11".as_ref(),
            "--shard".as_ref(),
            shard.as_ref(),
            "--json".as_ref(),
            &json,
        ];
        let out = grade_class(&args);
        ok(&out);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(&format!("shard {k}/3")),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut merge: Vec<std::ffi::OsString> = vec!["merge-class".into()];
    // In another order than the shards': the merge sorts.
    for k in [3, 1, 2] {
        merge.push(at(&format!("shard-{k}.json")));
    }
    merge.extend(outputs("merged"));
    ok(&grade_class(
        &merge.iter().map(|a| a.as_os_str()).collect::<Vec<_>>(),
    ));
    for ext in [".csv", ".svg", "-moodle.csv"] {
        assert_eq!(
            read(&class.join(format!("merged{ext}"))),
            read(&class.join(format!("one{ext}"))),
            "merged{ext} differs from one{ext}"
        );
    }

    let text = read(&class.join("one.csv"));
    let book = gradebook(&text);
    assert_eq!(
        book.keys().collect::<Vec<_>>(),
        ["'=2+3", "alice", "bob", "grace"],
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.starts_with("'=2+3,0,")),
        "the formula folder is text:\n{text}"
    );
    let col02 = book["alice"].keys().find(|k| k.starts_with("02")).unwrap();
    assert_ne!(book["alice"][col02], "0", "{text}");
    assert_eq!(book["grace"][col02], "", "{text}");
    let moodle = read(&class.join("one-moodle.csv"));
    let lines: Vec<&str> = moodle.lines().collect();
    assert!(
        lines[0].starts_with("email,forklings 01 two_processes,"),
        "{moodle}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("formula@uni.it,0,")),
        "{moodle}"
    );
    // Not graded: an empty cell for every exercise and for the total.
    let grace = format!("grace@uni.it{}", ",".repeat(EXERCISES.len() + 1));
    assert!(lines.contains(&grace.as_str()), "{moodle}");

    // A folder missing from the roster: an error naming it, before anything is built.
    std::fs::write(&roster, "alice,alice@uni.it\nbob,bob@uni.it\n").unwrap();
    let out = grade_class(&one.iter().map(|a| a.as_os_str()).collect::<Vec<_>>());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("=2+3, grace"), "{stderr}");
    assert!(!stderr.contains("distinct programs"), "{stderr}");
    // A shard missing from the merge is named.
    let out = grade_class(&[
        "merge-class".as_ref(),
        at("shard-1.json").as_os_str(),
        at("shard-3.json").as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("2/3"), "{stderr}");
    let _ = std::fs::remove_dir_all(&class);
}
