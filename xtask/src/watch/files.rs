//! Noticing saves: a file watcher (`notify`: inotify on Linux) on the exercise's `src/`, and a
//! cheap signature of its sources (path, size, modification time) that is polled to catch the
//! saves a file system does not report (WSL mounts, network drives).

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::SystemTime;

use notify::{EventKind, RecursiveMode, Watcher as _};

use super::Event;

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    _inner: notify::RecommendedWatcher,
}

/// Watches `dir` (recursively) and sends [`Event::FileChanged`] for every change to a Rust
/// source in it, [`Event::WatchFailed`] when the watcher reports an error.
pub fn watch(dir: &Path, tx: Sender<Event>) -> notify::Result<Watcher> {
    let mut inner =
        notify::recommended_watcher(move |res: notify::Result<notify::Event>| match res {
            Ok(event) if relevant(&event) => {
                let _ = tx.send(Event::FileChanged);
            }
            Ok(_) => {}
            Err(e) => {
                let _ = tx.send(Event::WatchFailed(e.to_string()));
            }
        })?;
    inner.watch(dir, RecursiveMode::Recursive)?;
    Ok(Watcher { _inner: inner })
}

/// A change that can change the program: a write, a creation, a rename or a removal of a Rust
/// source (not an editor's swap or backup file, not a read).
fn relevant(event: &notify::Event) -> bool {
    matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
    ) && event.paths.iter().any(|p| is_source(p))
}

/// `main.rs`, `worker.rs`; not `.#main.rs` (an editor's lock) nor `main.rs~`.
pub fn is_source(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    !name.starts_with('.') && name.ends_with(".rs")
}

/// What the sources under a folder look like now: changes when a file is saved, added or
/// removed.
pub type Signature = Vec<(PathBuf, u64, Option<SystemTime>)>;

pub fn signature(dir: &Path) -> Signature {
    fn walk(dir: &Path, out: &mut Signature) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = entry.metadata() else {
                continue;
            };
            if meta.is_dir() {
                walk(&path, out);
            } else if is_source(&path) {
                out.push((path, meta.len(), meta.modified().ok()));
            }
        }
    }
    let mut out = Signature::new();
    walk(dir, &mut out);
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn sources_only() {
        assert!(is_source(Path::new("src/main.rs")));
        assert!(is_source(Path::new("/x/src/worker.rs")));
        assert!(!is_source(Path::new("src/.#main.rs")));
        assert!(!is_source(Path::new("src/main.rs~")));
        assert!(!is_source(Path::new("src/.main.rs.swp")));
        assert!(!is_source(Path::new("src/4913")));
    }

    #[test]
    fn a_save_is_seen_by_the_watcher_and_the_signature() {
        let dir = std::env::temp_dir().join(format!("forklings-watch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("nested")).unwrap();
        std::fs::write(dir.join("main.rs"), "fn main() {}\n").unwrap();
        let before = signature(&dir);
        assert_eq!(before.len(), 1);

        let (tx, rx) = mpsc::channel();
        let _watcher = watch(&dir, tx).unwrap();
        std::fs::write(dir.join("notes.txt"), "not a source").unwrap();
        std::fs::write(dir.join("nested/part.rs"), "// more\n").unwrap();
        let event = rx.recv_timeout(Duration::from_secs(5)).expect("an event");
        assert!(matches!(event, Event::FileChanged));
        assert_ne!(signature(&dir), before);
        assert_eq!(signature(&dir).len(), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
