//! mutant-of: 18
//! must-fail: at_most_w, pool_threads
//!
//! "One thread per URL is simplest." Every URL gets its own thread at once: N requests in
//! flight, whatever --workers says. With a thousand URLs that is a thousand threads and a
//! thousand connections against one server.
//!
//! ```find
//!     let pool: Vec<JoinHandle<()>> = (0..workers)
//! ```
//! ```replace
//!     let _ = (workers, fetcher);
//!     let pool: Vec<JoinHandle<()>> = (0..urls.len())
//! ```
//! ```find
//!             thread::spawn(move || fetcher(port, urls, results))
//! ```
//! ```replace
//!             thread::spawn(move || {
//!                 if let Ok(url) = urls.recv() {
//!                     let fetched = fetch(port, &url);
//!                     let _ = results.send((url, fetched, os_tid()));
//!                 }
//!             })
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
