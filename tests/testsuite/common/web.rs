//! A small web server on this machine's loopback address for the tests of
//! `check --external`: it answers by path and records every request (method,
//! path, user agent, when it came). It stops when dropped, or after a
//! minute.
//!
//! | path | answer |
//! | --- | --- |
//! | `/ok` | 200 |
//! | `/moved` | 301 to `/ok` |
//! | `/moved-for-now` | 302 to `/ok` |
//! | `/moved-then-gone` | 308 to `/gone` |
//! | `/gone` | 404 |
//! | `/down` | 503 |
//! | `/no-head` | 405 to HEAD, 200 to GET |
//! | `/busy-once` | 429 with `Retry-After: 1` the first time, then 200 |
//! | `/busy` | 429 with `Retry-After: 1`, always |
//! | anything, when started [`Web::slow`] | 200 after 3 s |

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request the server got.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub user_agent: String,
    /// When it came in.
    pub came: Instant,
}

/// A running server.
pub struct Web {
    pub port: u16,
    log: Arc<Mutex<Vec<Request>>>,
    stop: Arc<AtomicBool>,
}

impl Web {
    /// A server answering as the table in the module documentation says.
    pub fn start() -> Web {
        Web::run(Duration::ZERO)
    }

    /// A server that takes 3 s to answer anything with 200.
    pub fn slow() -> Web {
        Web::run(Duration::from_secs(3))
    }

    fn run(delay: Duration) -> Web {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.set_nonblocking(true).expect("nonblocking");
        let port = listener.local_addr().expect("addr").port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (log2, stop2) = (log.clone(), stop.clone());
        std::thread::spawn(move || {
            let seen: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
            // Bounded: the server stops when dropped, or after a minute.
            let end = Instant::now() + Duration::from_secs(60);
            while !stop2.load(Ordering::Relaxed) && Instant::now() < end {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (log, seen) = (log2.clone(), seen.clone());
                        std::thread::spawn(move || answer(stream, delay, &log, &seen));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Web { port, log, stop }
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The requests so far, in the order they came.
    pub fn requests(&self) -> Vec<Request> {
        let mut log = self.log.lock().expect("log").clone();
        log.sort_by_key(|r| r.came);
        log
    }
}

impl Drop for Web {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// A port nothing listens on: connections to it are refused.
pub fn refusing_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

fn answer(
    stream: TcpStream,
    delay: Duration,
    log: &Mutex<Vec<Request>>,
    seen: &Mutex<HashMap<String, usize>>,
) {
    let came = Instant::now();
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    let mut parts = first.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let mut user_agent = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("user-agent") {
                user_agent = value.trim().to_string();
            }
        }
    }
    let times = {
        let mut seen = seen.lock().expect("seen");
        let n = seen.entry(format!("{method} {path}")).or_default();
        *n += 1;
        *n
    };
    // Logged before answering: the test reads the log as soon as stepwise
    // is done, which may be before a slow answer goes out.
    log.lock().expect("log").push(Request {
        method: method.clone(),
        path: path.clone(),
        user_agent,
        came,
    });
    std::thread::sleep(delay);
    let (status, extra) = if !delay.is_zero() {
        ("200 OK", String::new())
    } else {
        match (method.as_str(), path.as_str()) {
            (_, "/ok") => ("200 OK", String::new()),
            (_, "/moved") => ("301 Moved Permanently", "Location: /ok\r\n".into()),
            (_, "/moved-for-now") => ("302 Found", "Location: /ok\r\n".into()),
            (_, "/moved-then-gone") => ("308 Permanent Redirect", "Location: /gone\r\n".into()),
            (_, "/down") => ("503 Service Unavailable", String::new()),
            ("HEAD", "/no-head") => ("405 Method Not Allowed", String::new()),
            ("GET", "/no-head") => ("200 OK", String::new()),
            (_, "/busy-once") if times == 1 => {
                ("429 Too Many Requests", "Retry-After: 1\r\n".into())
            }
            (_, "/busy-once") => ("200 OK", String::new()),
            (_, "/busy") => ("429 Too Many Requests", "Retry-After: 1\r\n".into()),
            _ => ("404 Not Found", String::new()),
        }
    };
    let mut stream = &stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
    let _ = stream.flush();
}
