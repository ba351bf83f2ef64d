//! A class graded on several machines: `grade-class --shard K/N` grades every N-th student
//! (in name order, from the K-th), and `merge-class` joins the shards' gradebook files
//! (`--json`) into the gradebook a single run with the same seed writes. Every student is
//! graded with the class's seed whatever the shard, so the scores do not depend on the split.

use std::path::PathBuf;
use std::str::FromStr;

use anyhow::{Context, bail, ensure};
use grader::t;
use serde::{Deserialize, Serialize};

use super::gradebook::{Row, columns};

/// Shard `k` (from 1) of `n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub k: u32,
    pub n: u32,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let parsed = s
            .split_once('/')
            .and_then(|(k, n)| Some((k.trim().parse().ok()?, n.trim().parse().ok()?)));
        match parsed {
            Some((k, n)) if n >= 1 && (1..=n).contains(&k) => Ok(Shard { k, n }),
            _ => Err(t!("class.shard.bad", shard = s)),
        }
    }
}

impl Shard {
    /// Whether the student at `index` of the class (sorted by name) is in this shard: the
    /// shards take turns, so they differ in size by one student at most.
    pub fn takes(&self, index: usize) -> bool {
        index % self.n as usize == (self.k - 1) as usize
    }
}

/// A gradebook as `--json` writes it: what `merge-class` needs to write the CSV, the chart and
/// the LMS file exactly as a single run would.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassFile {
    /// The format's version.
    pub forklings_gradebook: u32,
    /// The chart's title.
    pub title: String,
    pub seed: u64,
    pub repeat: u32,
    /// `None`: the whole class.
    pub shard: Option<Shard>,
    /// Every student folder of the class, in every shard: the merge checks that the shards
    /// were cut from the same class.
    pub class: Vec<String>,
    /// This file's students, in name order.
    pub rows: Vec<Row>,
}

pub const VERSION: u32 = 1;

impl ClassFile {
    pub fn read(path: &PathBuf) -> anyhow::Result<ClassFile> {
        let text = std::fs::read_to_string(path)
            .with_context(|| t!("io.reading", path = path.display()))?;
        let file: ClassFile = serde_json::from_str(&text)
            .with_context(|| t!("class.shard.not_a_gradebook", path = path.display()))?;
        ensure!(
            file.forklings_gradebook == VERSION,
            t!(
                "class.shard.version",
                path = path.display(),
                version = file.forklings_gradebook,
                expected = VERSION
            )
        );
        Ok(file)
    }
}

/// Joins the shards of one class into its whole gradebook. Refuses shards of different
/// classes, seeds, repeats or splits, a shard given twice, a missing shard, and hidden-variant
/// columns that differ.
pub fn merge(files: Vec<(PathBuf, ClassFile)>) -> anyhow::Result<ClassFile> {
    let Some((first_path, first)) = files.first() else {
        bail!(t!("class.shard.none"));
    };
    let n = first.shard.map_or(1, |s| s.n);
    let mut seen = vec![None::<&PathBuf>; n as usize];
    for (path, f) in &files {
        let same = f.seed == first.seed
            && f.repeat == first.repeat
            && f.class == first.class
            && f.shard.map_or(1, |s| s.n) == n;
        if !same {
            bail!(t!(
                "class.shard.mismatch",
                path = path.display(),
                first = first_path.display(),
                seed = f.seed,
                first_seed = first.seed
            ));
        }
        let k = f.shard.map_or(1, |s| s.k);
        if let Some(other) = seen[(k - 1) as usize].replace(path) {
            bail!(t!(
                "class.shard.twice",
                k = k,
                n = n,
                path = path.display(),
                other = other.display()
            ));
        }
    }
    let missing: Vec<String> = (1..=n)
        .filter(|k| seen[(*k - 1) as usize].is_none())
        .map(|k| format!("{k}/{n}"))
        .collect();
    if !missing.is_empty() {
        bail!(t!("class.shard.missing", shards = missing.join(", ")));
    }
    let mut rows: Vec<Row> = files.iter().flat_map(|(_, f)| f.rows.clone()).collect();
    rows.sort_by(|a, b| a.student.cmp(&b.student));
    let students: Vec<&str> = rows.iter().map(|r| r.student.as_str()).collect();
    ensure!(
        students == first.class.iter().map(String::as_str).collect::<Vec<_>>(),
        t!("class.shard.students_differ")
    );
    let cols = columns(&rows);
    if let Some(row) = rows
        .iter()
        .find(|r| r.graded() && columns(std::slice::from_ref(r)) != cols)
    {
        bail!(t!("class.shard.columns_differ", student = row.student));
    }
    Ok(ClassFile {
        forklings_gradebook: VERSION,
        title: first.title.clone(),
        seed: first.seed,
        repeat: first.repeat,
        shard: None,
        class: first.class.clone(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::super::gradebook::tests::rows;
    use super::*;

    fn class() -> ClassFile {
        let rows = rows();
        ClassFile {
            forklings_gradebook: VERSION,
            title: "t".into(),
            seed: 7,
            repeat: 1,
            shard: None,
            class: rows.iter().map(|r| r.student.clone()).collect(),
            rows,
        }
    }

    fn split(whole: &ClassFile, n: u32) -> Vec<(PathBuf, ClassFile)> {
        (1..=n)
            .map(|k| {
                let shard = Shard { k, n };
                let mut f = whole.clone();
                f.shard = Some(shard);
                f.rows = whole
                    .rows
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| shard.takes(*i))
                    .map(|(_, r)| r.clone())
                    .collect();
                (PathBuf::from(format!("shard-{k}.json")), f)
            })
            .collect()
    }

    #[test]
    fn shards_parse_and_take_turns() {
        assert_eq!("2/3".parse::<Shard>(), Ok(Shard { k: 2, n: 3 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let taken: Vec<Vec<usize>> = (1..=3)
            .map(|k| (0..8).filter(|i| Shard { k, n: 3 }.takes(*i)).collect())
            .collect();
        assert_eq!(taken, [vec![0, 3, 6], vec![1, 4, 7], vec![2, 5]]);
    }

    #[test]
    fn merged_shards_are_the_whole_class_in_any_order() {
        let whole = class();
        let mut shards = split(&whole, 3);
        shards.reverse();
        assert_eq!(merge(shards).unwrap(), whole);
        assert_eq!(
            merge(vec![("all.json".into(), whole.clone())]).unwrap(),
            whole
        );
    }

    #[test]
    fn a_missing_repeated_or_foreign_shard_is_refused() {
        let whole = class();
        let mut shards = split(&whole, 3);
        shards.remove(1);
        let e = merge(shards).unwrap_err().to_string();
        assert!(e.contains("2/3"), "{e}");

        let mut shards = split(&whole, 3);
        shards.push(shards[0].clone());
        let e = merge(shards).unwrap_err().to_string();
        assert!(e.contains("1/3") && e.contains("shard-1.json"), "{e}");

        let mut shards = split(&whole, 3);
        shards[2].1.seed = 8;
        let e = merge(shards).unwrap_err().to_string();
        assert!(e.contains("shard-3.json") && e.contains('8'), "{e}");
    }
}
