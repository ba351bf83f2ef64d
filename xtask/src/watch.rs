//! `cargo xtask watch [ID] [--manual]`: grades the current exercise every time one of its
//! sources is saved, and redraws a compact verdict (score, the first failing check with its
//! lines and hint, the next step). Keys: `h` hint, `n` next exercise, `l` list, `r` grade again,
//! `q` quit.
//!
//! - Saves are noticed by a file watcher on `exercises/NN_slug/src/` (debounced: one grading per
//!   burst of events). The sources' sizes and times are also polled: a save the watcher did not
//!   report (WSL mounts, network drives) is graded anyway, with a note suggesting `--manual`.
//! - Grading runs on a worker thread, so keys answer at once even while a deadlocked program
//!   waits out its time limit; a save during a grading queues one more.
//! - With a terminal on stdin, keys are read one at a time (raw mode, restored on the way out);
//!   without, one command per line, each handled once the grading in progress is over — so a
//!   script can drive it. Without a terminal on stdout, nothing is cleared: verdicts follow
//!   each other.

use std::collections::VecDeque;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use grader::catalog;
use grader::check::{Exercise, Variant};
use grader::grade::{self, Progress};
use grader::i18n::Lang;
use grader::report::ExerciseReport;
use grader::state::{self, State};
use grader::tr;

mod files;
mod term;
pub mod verdict;

use term::Key;

#[derive(clap::Args)]
pub struct Args {
    /// The exercise to start with: its number (01) or name (two_processes). Default: the first
    /// one you have not passed.
    pub id: Option<String>,
    /// Do not watch files: grade when you press r (for file systems that do not report saves,
    /// like WSL mounts and network drives).
    #[arg(long)]
    pub manual: bool,
}

/// Saves closer together than this are one save.
const DEBOUNCE: Duration = Duration::from_millis(120);
/// How often the sources' signature is polled.
const POLL: Duration = Duration::from_millis(500);
/// A change the poll saw that no file event announced within this long was missed by the
/// watcher.
const MISSED_AFTER: Duration = Duration::from_millis(900);

/// What the main loop reacts to.
pub enum Event {
    Key(Key),
    InputClosed,
    FileChanged,
    WatchFailed(String),
    Phase {
        seq: u64,
        phase: Phase,
    },
    Graded {
        seq: u64,
        result: Result<Box<Graded>, String>,
        elapsed: Duration,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Building,
    /// Cargo waits for the build lock another cargo holds (a `cargo test`?).
    WaitingForLock,
    /// Cargo compiled `done` of `total` crates.
    Compiling {
        done: usize,
        total: usize,
    },
    Running,
}

pub struct Graded {
    report: ExerciseReport,
    /// Why the progress could not be saved, if it could not.
    state_error: Option<String>,
}

struct Job {
    seq: u64,
    exercise: &'static Exercise,
}

/// What is shown below the verdict.
enum Panel {
    None,
    Hint(String),
    List(String),
}

pub fn run(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    let root = crate::root();
    let state = State::load(&root);
    let exercise = match &args.id {
        Some(id) => crate::hint::one_exercise(id)?,
        None => match state.next_to_do() {
            Some(e) => e,
            None => {
                println!("{}", tr!(lang, "watch.all_done"));
                return Ok(ExitCode::SUCCESS);
            }
        },
    };
    let keys_from_terminal = std::io::stdin().is_terminal();
    let (tx, rx) = mpsc::channel();
    // Restores the terminal when `run` returns, by any path (panics included).
    let _raw = if keys_from_terminal {
        term::RawMode::enable().ok()
    } else {
        None
    };
    term::spawn_input(tx.clone(), keys_from_terminal);
    let jobs = spawn_worker(root.clone(), tx.clone());
    let mut app = App::new(root, lang, exercise, tx, jobs);
    app.manual = args.manual;
    app.keys_from_terminal = keys_from_terminal;
    app.screen = std::io::stdout().is_terminal();
    app.start(exercise);
    app.event_loop(&rx);
    Ok(ExitCode::SUCCESS)
}

impl App {
    /// Watching `exercise` with files, keys from a pipe, no screen: `run` adjusts.
    fn new(
        root: PathBuf,
        lang: Lang,
        exercise: &'static Exercise,
        tx: Sender<Event>,
        jobs: Sender<Job>,
    ) -> App {
        App {
            root,
            lang,
            manual: false,
            keys_from_terminal: false,
            screen: false,
            exercise,
            tx,
            jobs,
            watcher: None,
            polling: false,
            note: None,
            pending_save: None,
            event_since_snapshot: false,
            snapshot: Vec::new(),
            unannounced_since: None,
            last_poll: Instant::now(),
            seq: 0,
            job_exercise: "",
            grading: None,
            regrade_after: false,
            deferred: VecDeque::new(),
            last: None,
            count: 0,
            panel: Panel::None,
        }
    }
}

/// The worker: grades one exercise at a time, the newest job first (older ones are dropped).
fn spawn_worker(root: PathBuf, tx: Sender<Event>) -> Sender<Job> {
    let (jobs_tx, jobs) = mpsc::channel::<Job>();
    std::thread::spawn(move || {
        while let Ok(mut job) = jobs.recv() {
            while let Ok(newer) = jobs.try_recv() {
                job = newer;
            }
            let started = Instant::now();
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                grade_one(&root, &job, &tx)
            }))
            .unwrap_or_else(|_| Err(grader::t!("watch.grader_panicked")));
            let event = Event::Graded {
                seq: job.seq,
                result,
                elapsed: started.elapsed(),
            };
            if tx.send(event).is_err() {
                return;
            }
        }
    });
    jobs_tx
}

fn grade_one(root: &std::path::Path, job: &Job, tx: &Sender<Event>) -> Result<Box<Graded>, String> {
    let opts = crate::options(Variant::Exercise, None, 1).map_err(|e| format!("{e:#}"))?;
    let seq = job.seq;
    let report = grade::grade(&[job.exercise], &opts, |p| {
        let phase = match p {
            Progress::Building { .. } => Phase::Building,
            Progress::WaitingForLock => Phase::WaitingForLock,
            Progress::Compiling { done, total } => Phase::Compiling { done, total },
            Progress::Grading { .. } => Phase::Running,
            Progress::Graded(_) => return,
        };
        let _ = tx.send(Event::Phase { seq, phase });
    })
    .map_err(|e| format!("{e:#}"))?;
    let state_error = state::record_report(root, &report)
        .err()
        .map(|e| format!("{e:#}"));
    let report = report
        .exercises
        .into_iter()
        .find(|r| r.hidden.is_none())
        .ok_or_else(|| grader::t!("watch.no_report"))?;
    Ok(Box::new(Graded {
        report,
        state_error,
    }))
}

struct App {
    root: PathBuf,
    lang: Lang,
    manual: bool,
    keys_from_terminal: bool,
    /// Stdout is a terminal: clear and redraw.
    screen: bool,
    exercise: &'static Exercise,
    tx: Sender<Event>,
    jobs: Sender<Job>,
    watcher: Option<files::Watcher>,
    /// Saves are found by polling only (the watcher failed or missed one).
    polling: bool,
    /// Something to know about watching (shown until the exercise changes).
    note: Option<String>,
    /// When the last file event of a burst arrived (debounce).
    pending_save: Option<Instant>,
    /// A file event arrived since `snapshot` was taken.
    event_since_snapshot: bool,
    /// The sources' signature when the last grading started.
    snapshot: files::Signature,
    /// When polling first saw a change no event announced.
    unannounced_since: Option<Instant>,
    last_poll: Instant,
    /// Number of the newest job, and the exercise it grades.
    seq: u64,
    job_exercise: &'static str,
    /// The grading in progress, and what it is doing.
    grading: Option<Phase>,
    /// A save arrived during the grading: grade again after it.
    regrade_after: bool,
    /// Keys from a pipe wait for the grading in progress.
    deferred: VecDeque<Key>,
    last: Option<(ExerciseReport, Duration)>,
    /// Gradings of this exercise so far.
    count: u32,
    panel: Panel,
}

impl App {
    fn src(&self) -> PathBuf {
        self.root
            .join(self.exercise.dir(Variant::Exercise))
            .join("src")
    }

    fn next_exercise(&self) -> Option<&'static Exercise> {
        let all = catalog::all();
        let at = all.iter().position(|e| e.id == self.exercise.id)?;
        all.get(at + 1).copied()
    }

    /// Starts on `exercise`: watch its sources and grade it.
    fn start(&mut self, exercise: &'static Exercise) {
        self.exercise = exercise;
        self.watcher = None;
        self.polling = false;
        self.note = None;
        self.last = None;
        self.count = 0;
        self.panel = Panel::None;
        self.pending_save = None;
        self.unannounced_since = None;
        if !self.manual {
            match files::watch(&self.src(), self.tx.clone()) {
                Ok(w) => self.watcher = Some(w),
                Err(e) => {
                    self.polling = true;
                    let note = tr!(
                        self.lang,
                        "watch.watcher_failed",
                        error = e,
                        dir = self.src().display()
                    );
                    self.set_note(note);
                }
            }
        }
        if !self.screen {
            self.print(&format!("{}\n", tr!(self.lang, "watch.keys")));
        }
        self.grade();
    }

    fn grade(&mut self) {
        if self.grading.is_some() && self.last_job_is_current() {
            self.regrade_after = true;
            return;
        }
        self.seq += 1;
        self.count += 1;
        self.snapshot = files::signature(&self.src());
        self.event_since_snapshot = false;
        self.unannounced_since = None;
        self.regrade_after = false;
        self.grading = Some(Phase::Building);
        self.job_exercise = self.exercise.id;
        let _ = self.jobs.send(Job {
            seq: self.seq,
            exercise: self.exercise,
        });
        if !self.screen {
            self.print(&format!(
                "{}\n",
                tr!(
                    self.lang,
                    "watch.grading_line",
                    id = self.exercise.id,
                    slug = self.exercise.slug,
                    count = self.count
                )
            ));
        }
        self.draw();
    }

    /// Whether the newest job is for the exercise shown (not left over from before `n`).
    fn last_job_is_current(&self) -> bool {
        self.job_exercise == self.exercise.id
    }

    /// Something to know about watching: on the screen until the exercise changes, or printed.
    fn set_note(&mut self, note: String) {
        if !self.screen {
            let yellow = anstyle::AnsiColor::Yellow.on_default();
            self.print(&format!("{yellow}{note}{yellow:#}\n"));
        }
        self.note = Some(note);
    }

    fn event_loop(&mut self, rx: &Receiver<Event>) {
        loop {
            let wait = match self.pending_save {
                Some(at) => (at + DEBOUNCE).saturating_duration_since(Instant::now()),
                None => POLL.saturating_sub(self.last_poll.elapsed()),
            };
            match rx.recv_timeout(wait.max(Duration::from_millis(5))) {
                Ok(event) => {
                    if self.handle(event) == Flow::Quit {
                        return;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            if self.pending_save.is_some_and(|at| at.elapsed() >= DEBOUNCE) {
                self.pending_save = None;
                self.grade();
            }
            if self.last_poll.elapsed() >= POLL {
                self.last_poll = Instant::now();
                self.poll();
            }
            if self.grading.is_none() {
                while let Some(key) = self.deferred.pop_front() {
                    if self.on_key(key) == Flow::Quit {
                        return;
                    }
                    if self.grading.is_some() {
                        break;
                    }
                }
            }
        }
    }

    fn handle(&mut self, event: Event) -> Flow {
        match event {
            Event::Key(key) => {
                if !self.keys_from_terminal && (self.grading.is_some() || !self.deferred.is_empty())
                {
                    self.deferred.push_back(key);
                    return Flow::Go;
                }
                return self.on_key(key);
            }
            Event::InputClosed => {}
            Event::FileChanged => {
                if !self.manual {
                    self.event_since_snapshot = true;
                    self.pending_save = Some(Instant::now());
                }
            }
            Event::WatchFailed(error) => {
                self.polling = true;
                let note = tr!(
                    self.lang,
                    "watch.watcher_failed",
                    error = error,
                    dir = self.src().display()
                );
                self.set_note(note);
                self.draw();
            }
            Event::Phase { seq, phase } => {
                if seq == self.seq && self.grading.is_some() {
                    // Without a screen, a wait for the lock is said once on a line of its own:
                    // a grading that seems stuck says why.
                    if !self.screen
                        && phase == Phase::WaitingForLock
                        && self.grading != Some(Phase::WaitingForLock)
                    {
                        self.print(&format!("{}\n", tr!(self.lang, "watch.waiting_for_lock")));
                    }
                    self.grading = Some(phase);
                    self.draw();
                }
            }
            Event::Graded {
                seq,
                result,
                elapsed,
            } => {
                if seq != self.seq {
                    return Flow::Go; // a grading of an exercise left with `n`
                }
                self.grading = None;
                match result {
                    Ok(graded) => {
                        let graded = *graded;
                        if let Some(error) = graded.state_error {
                            let note = tr!(self.lang, "xtask.state_not_saved", error = error);
                            self.set_note(note);
                        }
                        if !self.screen {
                            let block = verdict::block(
                                self.lang,
                                &graded.report,
                                self.next_exercise(),
                                elapsed,
                            );
                            self.print(&format!("{block}\n"));
                        }
                        self.last = Some((graded.report, elapsed));
                    }
                    Err(error) => {
                        let note = tr!(self.lang, "watch.grading_failed", error = error);
                        self.set_note(note);
                    }
                }
                if self.regrade_after {
                    self.grade();
                } else {
                    self.draw();
                }
            }
        }
        Flow::Go
    }

    fn on_key(&mut self, key: Key) -> Flow {
        match key {
            Key::Quit => return Flow::Quit,
            Key::Regrade => self.grade(),
            Key::Hint => {
                let text = match crate::hint::show(&self.root, self.exercise, self.lang, None) {
                    Ok(shown) => {
                        let more = match shown.next_level {
                            Some(level) => tr!(self.lang, "watch.hint_more", level = level),
                            None => tr!(
                                self.lang,
                                "watch.hint_last",
                                lesson = crate::hint::lesson(self.exercise)
                            ),
                        };
                        format!("{}\n{more}\n", shown.text)
                    }
                    Err(e) => format!("{e:#}\n"),
                };
                self.show_panel(Panel::Hint(text));
            }
            Key::List => {
                if matches!(self.panel, Panel::List(_)) && self.screen {
                    self.panel = Panel::None;
                    self.draw();
                } else {
                    let text = crate::list::render(&State::load(&self.root), self.lang);
                    self.show_panel(Panel::List(text));
                }
            }
            Key::Next => match self.next_exercise() {
                Some(next) => self.start(next),
                None => {
                    let text = tr!(self.lang, "watch.no_next");
                    self.show_panel(Panel::Hint(format!("{text}\n")));
                }
            },
        }
        Flow::Go
    }

    fn show_panel(&mut self, panel: Panel) {
        if !self.screen
            && let Panel::Hint(text) | Panel::List(text) = &panel
        {
            self.print(&format!("{text}\n"));
        }
        self.panel = panel;
        self.draw();
    }

    /// Polls the sources: a change no file event announced is graded, and the watcher is
    /// reported as unreliable here.
    fn poll(&mut self) {
        if self.manual || self.grading.is_some() || self.pending_save.is_some() {
            return;
        }
        let now = files::signature(&self.src());
        if now == self.snapshot {
            self.unannounced_since = None;
            return;
        }
        if self.event_since_snapshot {
            return; // the debounced event is on its way
        }
        if self.polling {
            self.grade();
            return;
        }
        match self.unannounced_since {
            None => self.unannounced_since = Some(Instant::now()),
            Some(since) if since.elapsed() >= MISSED_AFTER => {
                self.polling = true;
                let note = tr!(self.lang, "watch.missed_save", dir = self.src().display());
                self.set_note(note);
                self.grade();
            }
            Some(_) => {}
        }
    }

    fn print(&self, text: &str) {
        let mut out = anstream::stdout();
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
    }

    /// Clears the terminal and draws the screen (only when stdout is a terminal; otherwise the
    /// verdicts and panels were printed as they came).
    fn draw(&self) {
        if !self.screen {
            return;
        }
        let lang = self.lang;
        let e = self.exercise;
        let bold = anstyle::Style::new().bold();
        let dim = anstyle::Style::new().dimmed();
        let mut s = String::new();
        let title = tr!(
            lang,
            "watch.title",
            id = e.id,
            slug = e.slug,
            title = e.title_in(lang)
        );
        s.push_str(&format!("{bold}{title}{bold:#}\n"));
        let dir = e.dir(Variant::Exercise);
        let status = match self.grading {
            Some(Phase::Building) => tr!(lang, "watch.status.building", count = self.count),
            Some(Phase::WaitingForLock) => {
                tr!(lang, "watch.status.waiting_for_lock", count = self.count)
            }
            Some(Phase::Compiling { done, total }) => tr!(
                lang,
                "watch.status.compiling",
                count = self.count,
                done = done,
                total = total
            ),
            Some(Phase::Running) => tr!(lang, "watch.status.running", count = self.count),
            None if self.manual => tr!(lang, "watch.status.manual", count = self.count),
            None => tr!(lang, "watch.status.watching", count = self.count, dir = dir),
        };
        s.push_str(&format!("{dim}{status}{dim:#}\n\n"));
        match &self.last {
            Some((report, elapsed)) => {
                s.push_str(&verdict::block(
                    lang,
                    report,
                    self.next_exercise(),
                    *elapsed,
                ));
            }
            None => {
                s.push_str(&tr!(lang, "watch.first_grading"));
                s.push('\n');
            }
        }
        match &self.panel {
            Panel::None => {}
            Panel::Hint(text) | Panel::List(text) => {
                s.push_str("\n────\n");
                s.push_str(text);
            }
        }
        if let Some(note) = &self.note {
            let yellow = anstyle::AnsiColor::Yellow.on_default();
            s.push_str(&format!("\n{yellow}{note}{yellow:#}\n"));
        }
        s.push_str(&format!("\n{dim}{}{dim:#}\n", tr!(lang, "watch.keys")));
        let mut raw = std::io::stdout().lock();
        // Home and clear: written past anstream, which would strip them with colours off.
        let _ = raw.write_all(b"\x1b[H\x1b[2J\x1b[3J");
        let _ = raw.flush();
        drop(raw);
        self.print(&s);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Go,
    Quit,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let root =
            std::env::temp_dir().join(format!("forklings-watch-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("exercises/01_two_processes/src")).unwrap();
        std::fs::write(root.join(MAIN), "fn main() {}\n").unwrap();
        root
    }

    const MAIN: &str = "exercises/01_two_processes/src/main.rs";

    fn app(root: &std::path::Path) -> (App, Receiver<Job>) {
        let (tx, _rx) = mpsc::channel();
        let (jobs, job_rx) = mpsc::channel();
        let app = App::new(root.to_path_buf(), Lang::En, catalog::all()[0], tx, jobs);
        (app, job_rx)
    }

    fn append(root: &std::path::Path, text: &str) {
        let path = root.join(MAIN);
        let old = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, old + text).unwrap();
    }

    #[test]
    fn a_save_no_event_announced_is_graded_and_manual_mode_is_suggested() {
        let root = scratch("missed");
        let (mut app, jobs) = app(&root);
        app.grade();
        assert_eq!(jobs.try_recv().unwrap().seq, 1);
        app.grading = None; // graded

        append(&root, "// saved, but the watcher stays silent\n");
        app.poll();
        assert!(jobs.try_recv().is_err(), "the event gets time to arrive");
        std::thread::sleep(MISSED_AFTER + Duration::from_millis(50));
        app.poll();
        assert_eq!(jobs.try_recv().unwrap().seq, 2, "graded without an event");
        let note = app.note.clone().unwrap();
        assert!(
            note.contains("--manual") && note.contains("without a file event"),
            "{note}"
        );
        app.grading = None;

        // From now on, polling alone grades each save at once.
        append(&root, "// again\n");
        app.poll();
        assert_eq!(jobs.try_recv().unwrap().seq, 3);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn a_save_the_watcher_announced_is_left_to_the_debounce() {
        let root = scratch("announced");
        let (mut app, jobs) = app(&root);
        app.grade();
        let _ = jobs.try_recv();
        app.grading = None;
        append(&root, "// saved\n");
        assert_eq!(app.handle(Event::FileChanged), Flow::Go);
        assert!(app.pending_save.is_some());
        app.pending_save = None; // as if the debounce had fired and graded
        std::thread::sleep(MISSED_AFTER + Duration::from_millis(50));
        app.poll();
        app.poll();
        assert!(jobs.try_recv().is_err(), "no second grading");
        assert!(app.note.is_none());
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn manual_mode_grades_only_on_r_and_a_save_during_a_grading_queues_one_more() {
        let root = scratch("manual");
        let (mut app, jobs) = app(&root);
        app.manual = true;
        app.grade();
        let _ = jobs.try_recv();
        app.grading = None;
        append(&root, "// saved\n");
        app.handle(Event::FileChanged);
        std::thread::sleep(MISSED_AFTER + Duration::from_millis(50));
        app.poll();
        app.poll();
        assert!(jobs.try_recv().is_err(), "manual: saves are not graded");
        app.on_key(Key::Regrade);
        assert_eq!(jobs.try_recv().unwrap().seq, 2);

        // A request while grading the same exercise waits for the grading to end.
        app.on_key(Key::Regrade);
        assert!(jobs.try_recv().is_err());
        assert!(app.regrade_after);
        let _ = std::fs::remove_dir_all(&root);
    }
}
