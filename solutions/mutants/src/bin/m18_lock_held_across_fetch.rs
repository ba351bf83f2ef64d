//! mutant-of: 18
//! must-fail: w_in_flight, faster_than_sequential
//!
//! "Take the next URL under the lock." The lock that guards the shared list of URLs is held
//! until the fetch is done — what `while let Some(url) = urls.lock().unwrap().pop() { … }`
//! does, since the guard lives for the whole body. W threads, but one request at a time.
//!
//! ```find
//!     for url in urls {
//!         let fetched = fetch(port, &url);
//! ```
//! ```replace
//!     static QUEUE: std::sync::Mutex<()> = std::sync::Mutex::new(());
//!     loop {
//!         let guard = QUEUE.lock().unwrap();
//!         let Ok(url) = urls.recv() else { break };
//!         let fetched = fetch(port, &url);
//!         drop(guard);
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
