//! `cargo run -p mutants -- write-sources DIR [NAME…]`: writes each mutant's whole program
//! (`DIR/NAME.rs`), its solution with its edits applied, as a student would submit it. For tests
//! and scripts that copy a mutant into a student's `exercises/` (`xtask/tests/class.rs`,
//! `scripts/demo-class.sh`). Teachers' side only, like the mutants.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

// The build script and the tests use all of it; this command only part.
#[allow(dead_code)]
mod patch;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some("write-sources"), Some(dir)) = (args.first().map(String::as_str), args.get(1)) else {
        eprintln!("usage: mutants write-sources DIR [NAME…]");
        return ExitCode::from(2);
    };
    let wanted = &args[2..];
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let solutions = here.parent().expect("solutions/mutants has a parent");
    let generated = match patch::generate_all(&here.join("src/bin"), solutions) {
        Ok(g) => g,
        Err(errors) => {
            for e in errors {
                eprintln!("{e}");
            }
            return ExitCode::FAILURE;
        }
    };
    let dir = PathBuf::from(dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let mut written = 0;
    for g in generated
        .iter()
        .filter(|g| wanted.is_empty() || wanted.contains(&g.mutant.name))
    {
        let path = dir.join(format!("{}.rs", g.mutant.name));
        if let Err(e) = std::fs::write(&path, &g.source) {
            eprintln!("cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        written += 1;
    }
    if written < wanted.len() {
        let names: Vec<&str> = generated.iter().map(|g| g.mutant.name.as_str()).collect();
        eprintln!(
            "unknown mutant among {wanted:?}; the mutants are: {}",
            names.join(", ")
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
