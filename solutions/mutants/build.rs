//! Generates every mutant's program: its solution plus the edits in `src/bin/NAME.rs`
//! (see `src/patch.rs`), written to `$OUT_DIR/NAME.rs`, which the mutant file `include!`s.
//! A `find` that no longer occurs exactly once in its solution stops the build, naming the
//! mutant and the text: a mutant never drifts from the code it mutates.

use std::path::PathBuf;

#[path = "src/patch.rs"]
#[allow(dead_code)]
mod patch;

fn main() {
    let here = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    let solutions = here
        .parent()
        .expect("solutions/mutants has a parent")
        .to_path_buf();
    let bin = here.join("src/bin");
    println!("cargo::rerun-if-changed=src/bin");
    println!("cargo::rerun-if-changed=src/patch.rs");
    if let Ok(entries) = std::fs::read_dir(&solutions) {
        for e in entries.flatten() {
            let main = e.path().join("src/main.rs");
            if e.path() != here && main.is_file() {
                println!("cargo::rerun-if-changed={}", main.display());
            }
        }
    }
    match patch::generate_all(&bin, &solutions) {
        Ok(generated) => {
            for g in generated {
                let path = out.join(format!("{}.rs", g.mutant.name));
                std::fs::write(&path, g.source)
                    .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
            }
        }
        Err(errors) => {
            eprintln!("the mutants cannot be generated:");
            for e in &errors {
                eprintln!("  {e}");
            }
            eprintln!(
                "fix the mutant's ```find text in solutions/mutants/src/bin/ to match its \
                 solution again (or the solution, if it was changed by mistake)"
            );
            std::process::exit(1);
        }
    }
}
