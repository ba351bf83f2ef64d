//! A loopback HTTP server for a run: bound to 127.0.0.1 on a free port (never another
//! address), it answers each `GET` after a delay, a chosen path with 500 or a closed
//! connection, and logs every request: when it arrived and was answered, on the run's clock
//! (the tracer's and the output lines'), and how many were in flight at once. It is the
//! observer of an I/O-bound program: what the program says it fetched is checked against what
//! the server saw.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// How the server answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpSpec {
    /// How long it waits before answering each request, in milliseconds.
    pub delay_ms: u64,
    /// Paths answered `500 Internal Server Error` (after the delay).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fail: Vec<String>,
    /// Paths whose connection is closed without an answer (after the delay).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hang_up: Vec<String>,
}

/// What the server saw during one run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpLog {
    pub port: u16,
    /// Every request, in the order they arrived (at most [`MAX_LOGGED`]).
    pub requests: Vec<HttpRequest>,
    /// The most requests in flight (arrived, not yet answered) at one moment.
    pub max_in_flight: u32,
    /// Connections that sent no request line (opened and closed, or garbage).
    pub bad_requests: u32,
}

/// One request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpRequest {
    /// The path of `GET <path> HTTP/1.x`.
    pub path: String,
    /// When its request line had arrived, µs since the run started.
    pub arrived_us: u64,
    /// When the answer was sent (or the connection closed), µs since the run started.
    pub answered_us: u64,
    /// The status sent; `None` when the connection was closed without an answer.
    pub status: Option<u16>,
    /// Requests in flight when it arrived, itself included.
    pub in_flight: u32,
}

/// The log keeps this many requests; a program that floods the server is seen anyway.
pub const MAX_LOGGED: usize = 10_000;
/// Connections served at once; beyond it a connection is closed at once.
const MAX_CONNECTIONS: u32 = 256;
/// How long a connection may take to send its request.
const READ_LIMIT: Duration = Duration::from_secs(2);

struct Shared {
    spec: HttpSpec,
    t0: Instant,
    stop: AtomicBool,
    in_flight: AtomicU32,
    max_in_flight: AtomicU32,
    connections: AtomicU32,
    bad: AtomicU32,
    log: Mutex<Vec<HttpRequest>>,
}

/// A running server; [`Server::stop`] ends it and returns its log.
pub struct Server {
    addr: std::net::SocketAddr,
    shared: Arc<Shared>,
    acceptor: JoinHandle<Vec<JoinHandle<()>>>,
}

impl Server {
    /// Binds 127.0.0.1:0 and starts answering; times are measured from `t0`.
    pub fn start(spec: &HttpSpec, t0: Instant) -> std::io::Result<Server> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            spec: spec.clone(),
            t0,
            stop: AtomicBool::new(false),
            in_flight: AtomicU32::new(0),
            max_in_flight: AtomicU32::new(0),
            connections: AtomicU32::new(0),
            bad: AtomicU32::new(0),
            log: Mutex::new(Vec::new()),
        });
        let acceptor = {
            let shared = shared.clone();
            thread::spawn(move || accept_loop(listener, shared))
        };
        Ok(Server {
            addr,
            shared,
            acceptor,
        })
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Stops accepting, waits for the connections being served, and returns the log.
    pub fn stop(self) -> HttpLog {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept.
        let _ = TcpStream::connect(self.addr);
        for handle in self.acceptor.join().unwrap_or_default() {
            let _ = handle.join();
        }
        let mut requests = std::mem::take(&mut *self.shared.log.lock().expect("log"));
        requests.sort_by_key(|r| r.arrived_us);
        HttpLog {
            port: self.addr.port(),
            requests,
            max_in_flight: self.shared.max_in_flight.load(Ordering::SeqCst),
            bad_requests: self.shared.bad.load(Ordering::SeqCst),
        }
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) -> Vec<JoinHandle<()>> {
    let mut handles = Vec::new();
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        if shared.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            shared.connections.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.shutdown(Shutdown::Both);
            continue;
        }
        let shared = shared.clone();
        handles.push(thread::spawn(move || {
            serve(stream, &shared);
            shared.connections.fetch_sub(1, Ordering::SeqCst);
        }));
        handles.retain(|h| !h.is_finished());
    }
    handles
}

fn now_us(t0: Instant) -> u64 {
    t0.elapsed().as_micros() as u64
}

/// Reads one request, waits, answers (or hangs up), logs it.
fn serve(mut stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(READ_LIMIT));
    let Some(path) = read_request(&mut stream) else {
        shared.bad.fetch_add(1, Ordering::SeqCst);
        return;
    };
    let arrived_us = now_us(shared.t0);
    let in_flight = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    shared.max_in_flight.fetch_max(in_flight, Ordering::SeqCst);
    thread::sleep(Duration::from_millis(shared.spec.delay_ms));
    let status = if shared.spec.hang_up.contains(&path) {
        None
    } else if shared.spec.fail.contains(&path) {
        Some(500)
    } else {
        Some(200)
    };
    // The request stops being in flight before its answer leaves: once the client has the
    // answer it may send its next request at once, and that one must not be counted beside it.
    let answered_us = now_us(shared.t0);
    shared.in_flight.fetch_sub(1, Ordering::SeqCst);
    if let Some(code) = status {
        let (reason, body) = match code {
            200 => ("OK", format!("ok {path}\n")),
            _ => ("Internal Server Error", format!("error {path}\n")),
        };
        let answer = format!(
            "HTTP/1.1 {code} {reason}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = stream.write_all(answer.as_bytes());
    }
    let _ = stream.shutdown(Shutdown::Both);
    let mut log = shared.log.lock().expect("log");
    if log.len() < MAX_LOGGED {
        log.push(HttpRequest {
            path,
            arrived_us,
            answered_us,
            status,
            in_flight,
        });
    }
}

/// The path of a `GET <path> HTTP/1.x` request, once its headers have arrived.
fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && !head.windows(2).any(|w| w == b"\n\n") {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 || head.len() > 16 * 1024 {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let line = head.split(|&b| b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?.trim_end();
    let mut words = line.split(' ');
    match (words.next(), words.next(), words.next()) {
        (Some("GET"), Some(path), Some(v)) if v.starts_with("HTTP/1.") => Some(path.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(port: u16, path: &str) -> String {
        let mut s = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out
    }

    #[test]
    fn answers_after_the_delay_and_logs_what_it_saw() {
        let spec = HttpSpec {
            delay_ms: 50,
            fail: vec!["/bad".into()],
            hang_up: vec!["/gone".into()],
        };
        let server = Server::start(&spec, Instant::now()).unwrap();
        let port = server.port();
        let clients: Vec<_> = ["/a", "/b", "/c", "/bad", "/gone"]
            .into_iter()
            .map(|p| thread::spawn(move || (p, get(port, p))))
            .collect();
        let answers: Vec<(&str, String)> = clients.into_iter().map(|c| c.join().unwrap()).collect();
        // A client that says nothing: counted once the server has seen it close.
        drop(TcpStream::connect((Ipv4Addr::LOCALHOST, port)).unwrap());
        let waited = Instant::now();
        while server.shared.bad.load(Ordering::SeqCst) == 0 && waited.elapsed().as_secs() < 5 {
            thread::sleep(Duration::from_millis(5));
        }
        for (p, a) in &answers {
            match *p {
                "/bad" => assert!(a.starts_with("HTTP/1.1 500"), "{a}"),
                "/gone" => assert_eq!(a, ""),
                _ => {
                    assert!(a.starts_with("HTTP/1.1 200 OK\r\n"), "{a}");
                    assert!(a.ends_with(&format!("\r\n\r\nok {p}\n")), "{a}");
                }
            }
        }
        let log = server.stop();
        assert_eq!(log.port, port);
        assert_eq!(log.requests.len(), 5);
        assert_eq!(log.bad_requests, 1);
        for r in &log.requests {
            assert!(r.answered_us >= r.arrived_us + 50_000, "{r:?}");
            assert_eq!(
                r.status,
                match r.path.as_str() {
                    "/bad" => Some(500),
                    "/gone" => None,
                    _ => Some(200),
                }
            );
        }
        // Five clients at once, each held 50 ms: more than one was in flight.
        assert!(log.max_in_flight >= 2, "{log:?}");
        assert!(log.max_in_flight <= 5);
    }

    #[test]
    fn one_client_at_a_time_is_never_two_in_flight() {
        let server = Server::start(&HttpSpec::default(), Instant::now()).unwrap();
        for p in ["/1", "/2", "/3"] {
            assert!(get(server.port(), p).contains("ok"));
        }
        let log = server.stop();
        assert_eq!(log.max_in_flight, 1);
        assert_eq!(
            log.requests
                .iter()
                .map(|r| r.path.as_str())
                .collect::<Vec<_>>(),
            ["/1", "/2", "/3"]
        );
    }

    #[test]
    fn binds_loopback_only() {
        let server = Server::start(&HttpSpec::default(), Instant::now()).unwrap();
        assert!(server.addr.ip().is_loopback(), "{}", server.addr);
        server.stop();
    }
}
