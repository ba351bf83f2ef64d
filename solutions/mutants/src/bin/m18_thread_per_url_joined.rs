//! mutant-of: 18
//! must-fail: w_in_flight, faster_than_sequential, pool_threads
//!
//! "Start a thread, join it" — the Python habit `t = Thread(target=fetch, args=(url,));
//! t.start(); t.join()` inside the loop over the URLs. Each thread is joined before the next one
//! starts: one request at a time, N threads in all, and no time saved.
//!
//! ```find
//!     let (url_tx, url_rx) = unbounded::<String>();
//!     let (result_tx, result_rx) = unbounded();
//!     let pool: Vec<JoinHandle<()>> = (0..workers)
//!         .map(|_| {
//!             let (urls, results) = (url_rx.clone(), result_tx.clone());
//!             thread::spawn(move || fetcher(port, urls, results))
//!         })
//!         .collect();
//! ```
//! ```replace
//!     let _ = (workers, fetcher);
//!     let (url_tx, url_rx) = unbounded::<String>();
//!     let (result_tx, result_rx) = unbounded();
//!     for url in urls {
//!         let (url, results) = (url.clone(), result_tx.clone());
//!         thread::spawn(move || {
//!             let fetched = fetch(port, &url);
//!             let _ = results.send((url, fetched, os_tid()));
//!         })
//!         .join()
//!         .expect("the thread ended");
//!     }
//!     drop(url_rx);
//!     let urls: &[String] = &[];
//!     let pool: Vec<JoinHandle<()>> = Vec::new();
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));
