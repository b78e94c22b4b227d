//! `stepwise serve` end to end: the real binary on a free port over a temp
//! copy of `tests/fixtures/serve`, spoken to over plain HTTP (std
//! `TcpStream`), with the live-reload event stream read like a browser.
//!
//! Every wait is bounded by [`DEADLINE`] and polls; nothing sleeps for a
//! fixed time and then asserts. The helpers that start a server and read
//! its pages are shared with `diagnostics`.

use crate::common::whole;
use insta::assert_snapshot;
use scraper::{Html, Selector};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Generous: the machine may be busy compiling.
const DEADLINE: Duration = Duration::from_secs(20);

const MARK_START: &str = "<!-- stepwise serve: live reload -->";
const MARK_END: &str = "<!-- /stepwise serve -->";

// ---------------------------------------------------------------- helpers

/// The `serve` fixture in a fresh temp folder.
fn fixture() -> tempfile::TempDir {
    crate::common::fixture("serve")
}

/// Saves `text` into `root/rel` the way most editors do: a temporary file
/// renamed over the old one, so the server never sees half a file.
pub(crate) fn save(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    let tmp = path.with_extension("md.tmp-save");
    std::fs::write(&tmp, text).expect("write temp");
    std::fs::rename(&tmp, &path).expect("rename over");
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).expect("read")
}

/// A running `stepwise serve`; killed when dropped.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) port: u16,
    /// stdout and stderr, line by line as they come.
    log: Arc<Mutex<String>>,
    /// stderr alone: a multi-line error stays whole here (in `log` a line of
    /// stdout may land between its lines).
    errors: Arc<Mutex<String>>,
}

impl Server {
    /// Serves `root` on a port the system picks.
    pub(crate) fn start(root: &Path) -> Self {
        Self::start_on(root, 0)
    }

    /// Serves `root`, asking for `port`.
    fn start_on(root: &Path, port: u16) -> Self {
        Self::start_with(root, port, &[])
    }

    /// Serves `root`, asking for `port`, with the environment variables `env`.
    pub(crate) fn start_with(root: &Path, port: u16, env: &[(&str, &str)]) -> Self {
        let port = port.to_string();
        let args = [
            "serve",
            "--root",
            root.to_str().expect("utf-8 path"),
            "--port",
            &port,
        ];
        let mut child = Command::new(env!("CARGO_BIN_EXE_stepwise"))
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start stepwise serve");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let out_log = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(port) = url_port(&line) {
                    let _ = tx.send(port);
                }
                out_log.lock().expect("log").push_str(&(line + "\n"));
            }
        });
        let errors = Arc::new(Mutex::new(String::new()));
        let (err_log, err_only) = (log.clone(), errors.clone());
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let line = line + "\n";
                err_only.lock().expect("log").push_str(&line);
                err_log.lock().expect("log").push_str(&line);
            }
        });
        let port = rx.recv_timeout(DEADLINE).unwrap_or_else(|_| {
            let _ = child.kill();
            panic!("serve did not start:\n{}", log.lock().expect("log"))
        });
        Server {
            child,
            port,
            log,
            errors,
        }
    }

    pub(crate) fn log(&self) -> String {
        self.log.lock().expect("log").clone()
    }

    /// What the server wrote to stderr so far.
    pub(crate) fn errors(&self) -> String {
        self.errors.lock().expect("log").clone()
    }

    pub(crate) fn get(&self, target: &str) -> Response {
        request(self.port, "GET", target)
    }

    pub(crate) fn events(&self) -> Events {
        let events = Events::connect(self.port);
        let (name, _) = events
            .next(|_| true)
            .unwrap_or_else(|| panic!("no hello event:\n{}", self.log()));
        assert_eq!(name, "hello");
        events
    }

    /// Waits for event `name`, skipping others; returns its data.
    pub(crate) fn wait_for(&self, events: &Events, name: &str) -> String {
        match events.next(|(n, _)| n == name) {
            Some((_, data)) => data,
            None => panic!(
                "no `{name}` event within {DEADLINE:?}; server log:\n{}",
                self.log()
            ),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The port of the `http://127.0.0.1:PORT/` URL in a line, if any.
fn url_port(line: &str) -> Option<u16> {
    let rest = &line[line.find("http://127.0.0.1:")? + "http://127.0.0.1:".len()..];
    rest[..rest.find('/')?].parse().ok()
}

pub(crate) struct Response {
    pub(crate) status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub(crate) fn html(&self) -> Html {
        Html::parse_document(&self.text())
    }
}

/// One HTTP/1.1 request with the request target sent exactly as given.
fn request(port: u16, method: &str, target: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("send request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&raw[..eol])
                .split(';')
                .next()
                .unwrap_or("0")
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&raw[start..(start + size).min(raw.len())]);
        raw = &raw[(start + size + 2).min(raw.len())..];
    }
    out
}

/// The live-reload event stream, read on a thread like a browser would.
pub(crate) struct Events {
    rx: Receiver<(String, String)>,
}

impl Events {
    fn connect(port: u16) -> Self {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        write!(
            stream,
            "GET /__stepwise/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send request");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stream);
            let mut line = String::new();
            let mut chunked = false;
            // Status line and headers.
            loop {
                line.clear();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                if line.to_ascii_lowercase().starts_with("transfer-encoding:")
                    && line.contains("chunked")
                {
                    chunked = true;
                }
                if line == "\r\n" {
                    break;
                }
            }
            let mut buf = String::new();
            let (mut name, mut data) = (String::new(), Vec::<String>::new());
            loop {
                // One chunk (or whatever arrives, when not chunked).
                let piece = if chunked {
                    line.clear();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let size = usize::from_str_radix(line.trim(), 16).unwrap_or(0);
                    if size == 0 {
                        return;
                    }
                    let mut bytes = vec![0; size + 2];
                    if r.read_exact(&mut bytes).is_err() {
                        return;
                    }
                    bytes.truncate(size);
                    bytes
                } else {
                    let mut bytes = vec![0; 4096];
                    match r.read(&mut bytes) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => bytes[..n].to_vec(),
                    }
                };
                buf.push_str(&String::from_utf8_lossy(&piece));
                while let Some(nl) = buf.find('\n') {
                    let l = buf[..nl].trim_end_matches('\r').to_string();
                    buf.drain(..=nl);
                    if l.is_empty() {
                        if !name.is_empty() || !data.is_empty() {
                            let event = (std::mem::take(&mut name), data.join("\n"));
                            data.clear();
                            if tx.send(event).is_err() {
                                return;
                            }
                        }
                    } else if let Some(v) = l.strip_prefix("event:") {
                        name = v.trim().to_string();
                    } else if let Some(v) = l.strip_prefix("data:") {
                        data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
                    }
                }
            }
        });
        Events { rx }
    }

    /// The next event that `pred` accepts (skipping others), within the deadline.
    fn next(&self, pred: impl Fn(&(String, String)) -> bool) -> Option<(String, String)> {
        let end = Instant::now() + DEADLINE;
        loop {
            let left = end.checked_duration_since(Instant::now())?;
            match self.rx.recv_timeout(left) {
                Ok(e) if pred(&e) => return Some(e),
                Ok(_) => continue,
                Err(_) => return None,
            }
        }
    }
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = Selector::parse(css).expect("selector");
    doc.select(&sel).collect()
}

fn text_of(doc: &Html, css: &str) -> String {
    select(doc, css)
        .iter()
        .map(|e| e.text().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

pub(crate) fn overlay_text(doc: &Html) -> Option<String> {
    let found = select(doc, "#stepwise-overlay pre");
    found.first().map(|e| e.text().collect())
}

// ---------------------------------------------------------------- tests

#[test]
fn an_edit_reloads_open_pages_and_serves_the_new_html() {
    let site = fixture();
    let root = site.path();
    let server = Server::start(root);
    let page = server.get("/step-1/");
    assert_eq!(page.status, 200);
    assert!(text_of(&page.html(), "main").contains("Start here."));
    assert!(
        page.text().contains(MARK_START),
        "the reload script is injected"
    );

    let events = server.events();
    let text = read(root, "content/step-1.md").replace("Start here.", "Start right now.");
    save(root, "content/step-1.md", &text);
    server.wait_for(&events, "reload");

    let page = server.get("/step-1/");
    let main = text_of(&page.html(), "main");
    assert!(main.contains("Start right now."), "{main}");
    assert!(!main.contains("Start here."));

    // Written in place, as `sed -i` or a plain `open(w)` would.
    std::fs::write(
        root.join("content/step-2.md"),
        read(root, "content/step-2.md").replace("Keep going.", "Keep on going."),
    )
    .expect("write");
    let end = Instant::now() + DEADLINE;
    loop {
        server.wait_for(&events, "reload");
        if text_of(&server.get("/step-2/").html(), "main").contains("Keep on going.") {
            break;
        }
        assert!(Instant::now() < end, "the in-place edit never showed");
    }
    assert!(
        !root.join("output").exists(),
        "serve must never write output/"
    );
}

#[test]
fn a_bad_save_shows_an_overlay_over_the_last_good_page_until_fixed() {
    let site = fixture();
    let root = site.path();
    let server = Server::start(root);
    let events = server.events();
    let good = read(root, "content/step-1.md");

    save(
        root,
        "content/step-1.md",
        &good.replace("weight: 10", "weight: [10"),
    );
    let data = server.wait_for(&events, "build-error");
    assert!(data.contains("content/step-1.md:"), "{data}");

    let page = server.get("/step-1/");
    assert_eq!(page.status, 200);
    let doc = page.html();
    let overlay = overlay_text(&doc).expect("the overlay is served");
    assert!(overlay.contains("content/step-1.md:4"), "{overlay}");
    // The last good page is still there, under the overlay.
    assert!(text_of(&doc, "main").contains("Start here."));
    // Pages that did not change get the overlay too.
    assert!(overlay_text(&server.get("/step-2/").html()).is_some());
    // The terminal says where, too.
    let end = Instant::now() + DEADLINE;
    while !server.log().contains("content/step-1.md:4") {
        assert!(
            Instant::now() < end,
            "no error in the terminal:\n{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    // A page connecting now learns about the error at once.
    let late = server.events();
    server.wait_for(&late, "build-error");

    save(
        root,
        "content/step-1.md",
        &good.replace("Start here.", "Fixed and better."),
    );
    server.wait_for(&events, "reload");
    let doc = server.get("/step-1/").html();
    assert!(overlay_text(&doc).is_none(), "the overlay is gone");
    assert!(text_of(&doc, "main").contains("Fixed and better."));
}

#[test]
fn a_broken_link_and_a_broken_template_are_bad_saves_too() {
    let site = fixture();
    let root = site.path();
    let server = Server::start(root);
    let events = server.events();
    let good = read(root, "content/step-2.md");
    save(
        root,
        "content/step-2.md",
        &good.replace("(step-1.md)", "(step-7.md)"),
    );
    let data = server.wait_for(&events, "build-error");
    assert!(data.contains("content/step-2.md:12"), "{data}");
    save(root, "content/step-2.md", &good);
    server.wait_for(&events, "reload");

    let templates = root.join("themes/default/templates");
    std::fs::create_dir_all(&templates).expect("mkdir");
    std::fs::write(templates.join("page.html"), "{% if %}\n").expect("write");
    let data = server.wait_for(&events, "build-error");
    assert!(
        data.contains("themes/default/templates/page.html:1"),
        "{data}"
    );
    assert!(text_of(&server.get("/step-2/").html(), "main").contains("Keep going."));
    std::fs::remove_file(templates.join("page.html")).expect("remove");
    server.wait_for(&events, "reload");
    assert!(overlay_text(&server.get("/step-2/").html()).is_none());
}

#[test]
fn a_deleted_page_is_gone_from_the_site() {
    let site = fixture();
    let root = site.path();
    let server = Server::start(root);
    assert_eq!(server.get("/extra/").status, 200);
    let events = server.events();
    std::fs::remove_file(root.join("content/extra.md")).expect("delete");
    server.wait_for(&events, "reload");

    let gone = server.get("/extra/");
    assert_eq!(gone.status, 404);
    assert!(gone
        .header("content-type")
        .unwrap_or("")
        .starts_with("text/html"));
    assert!(text_of(&gone.html(), "h1").contains("Page not found"));
    // No page links to it any more.
    let home = server.get("/").html();
    let links: Vec<String> = select(&home, "a[href]")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(!links.iter().any(|h| h.contains("extra")), "{links:?}");
}

/// A link to the site root, written in a page that does not change, breaks
/// when the page it leads to is deleted: the overlay shows it at its line
/// in the content file, once (not again for the print page), as `stepwise
/// build` does; putting the page back clears it.
#[test]
fn a_root_link_broken_by_a_deleted_page_is_shown_where_it_is_written() {
    let site = fixture();
    let root = site.path();
    let step_2 = read(root, "content/step-2.md");
    std::fs::write(
        root.join("content/step-2.md"),
        format!("{step_2}\nSee [the extras](/extra/).\n"),
    )
    .expect("write");
    let extra = read(root, "content/extra.md");
    let server = Server::start(root);
    let events = server.events();
    assert!(overlay_text(&server.get("/step-2/").html()).is_none());

    std::fs::remove_file(root.join("content/extra.md")).expect("delete");
    server.wait_for(&events, "build-error");
    let overlay = overlay_text(&server.get("/step-2/").html()).expect("the overlay");
    assert_snapshot!(whole(format!("{overlay}\n")), @"
    error: content/step-2.md:14:5: broken link `/extra/`: no file extra/index.html in the site
       |
    14 | See [the extras](/extra/).
       |     ^
      = hint: check the address, or link to the page's .md file (`[text](page.md)`), which stays right when the page moves
    ");

    std::fs::write(root.join("content/extra.md"), extra).expect("write");
    server.wait_for(&events, "reload");
    assert!(overlay_text(&server.get("/step-2/").html()).is_none());
}

#[test]
fn requests_cannot_leave_the_site() {
    // A link out of the site is refused by the build itself
    // (`hostile_load::serve_shows_a_link_out_of_the_site_as_an_error`).
    let site = fixture();
    let root = site.path();
    let server = Server::start(root);
    for target in [
        "/../site.yaml",
        "/../../../../etc/passwd",
        "/%2e%2e/site.yaml",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/..%2fsite.yaml",
        "/step-1/../../site.yaml",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/..\\site.yaml",
        "/content/step-1.md",
        "/site.yaml",
        "/secret.txt",
        "/images/",
        "/images",
    ] {
        let r = server.get(target);
        assert_eq!(r.status, 404, "{target}");
        let body = r.text();
        assert!(
            !body.contains("top secret") && !body.contains("root:"),
            "{target}"
        );
        assert!(
            body.contains("Page not found"),
            "{target}: not the site's 404 page"
        );
    }
    // An absolute-form request target is no way out either.
    let absolute = request(server.port, "GET", "http://127.0.0.1/../site.yaml");
    assert!(matches!(absolute.status, 400 | 404), "{}", absolute.status);
    assert!(!absolute.text().contains("Serve fixture\""));
}

#[test]
fn folders_redirect_and_files_have_their_types() {
    let site = fixture();
    let server = Server::start(site.path());
    let r = server.get("/step-1");
    assert_eq!(r.status, 302);
    assert_eq!(r.header("location"), Some("/step-1/"));
    let r = server.get("/step-1/?x=1");
    assert_eq!(r.status, 200);
    for (target, ty) in [
        ("/", "text/html; charset=utf-8"),
        ("/step-1/index.html", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/extra.css", "text/css; charset=utf-8"),
        ("/notes.txt", "text/plain; charset=utf-8"),
        ("/images/dot.svg", "image/svg+xml"),
        ("/favicon.svg", "image/svg+xml"),
        ("/search/meta.js", "text/javascript; charset=utf-8"),
        ("/search/p/0.js", "text/javascript; charset=utf-8"),
        ("/search/t/0.js", "text/javascript; charset=utf-8"),
    ] {
        let r = server.get(target);
        assert_eq!(r.status, 200, "{target}");
        assert_eq!(r.header("content-type"), Some(ty), "{target}");
    }
    // Only HTML gets the script.
    assert!(!server.get("/style.css").text().contains("stepwise serve"));
    let head = request(server.port, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(request(server.port, "POST", "/").status, 405);
}

#[test]
fn a_page_in_a_folder_under_search_is_served_as_a_page() {
    // Only search/ itself is the results page; search fragments are under
    // search/p/. A page at search/visa/ is a page like any other.
    let site = fixture();
    std::fs::create_dir(site.path().join("content/search")).expect("folder");
    save(
        site.path(),
        "content/search/visa.md",
        "---\ntitle: Searching for a visa\n---\nWhere to look.\n",
    );
    let server = Server::start(site.path());
    let r = server.get("/search/visa/");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(text_of(&r.html(), "h1"), "Searching for a visa");
}

/// How many term files `search/meta.js` says the served index has.
fn term_files(server: &Server) -> usize {
    let meta = server.get("/search/meta.js").text();
    let bounds = meta
        .split("\"bounds\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("bounds in meta.js");
    bounds.split(' ').filter(|b| !b.is_empty()).count() + 1
}

/// About `bytes` of Markdown text, in made-up words.
fn words(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 16);
    let mut k = 0u64;
    while out.len() < bytes {
        k += 1;
        out.push_str(&format!(
            "w{:x}q ",
            k.wrapping_mul(2_654_435_761) % 1_000_003
        ));
    }
    out
}

#[test]
fn an_edit_of_text_alone_that_adds_term_files_serves_every_one() {
    // The number of term files follows the size of the Markdown (one per
    // 100 KB): a page's text growing past a step adds files that meta.js
    // names, and each must be served.
    let site = fixture();
    let big = |kb: usize| format!("---\ntitle: Big\n---\n{}\n", words(kb * 1000));
    save(site.path(), "content/big.md", &big(420));
    let server = Server::start(site.path());
    let before = term_files(&server);
    let events = server.events();
    save(site.path(), "content/big.md", &big(640));
    server.wait_for(&events, "reload");
    let after = term_files(&server);
    assert!(after > before, "{before} -> {after} term files");
    for k in 0..after {
        let r = server.get(&format!("/search/t/{k}.js"));
        assert_eq!(r.status, 200, "t/{k}.js of {after}");
    }
}

#[test]
fn served_pages_are_the_built_pages_plus_the_script_and_build_has_no_script() {
    let site = fixture();
    let root = site.path();
    let server = Server::start(root);
    let events = server.events();
    // Make the served site an incremental one first.
    let text = read(root, "content/step-2.md").replace("title: \"Step two", "title: \"Step 2");
    save(root, "content/step-2.md", &text);
    server.wait_for(&events, "reload");

    let (html, differences) = differences_from_build(&server, root);
    assert!(differences.is_empty(), "{differences:#?}");
    assert!(html >= 7, "only {html} pages built");
}

/// Builds the site at `root` with `stepwise build` and compares every
/// built file with the one `server` serves (without the reload script,
/// which the build must not have). Returns how many HTML pages were built,
/// and the differences found.
fn differences_from_build(server: &Server, root: &Path) -> (usize, Vec<String>) {
    let out = Command::new(env!("CARGO_BIN_EXE_stepwise"))
        .args(["build", "--root", root.to_str().expect("utf-8"), "--quiet"])
        .output()
        .expect("run build");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let output = root.join("output");
    let mut html = 0;
    let mut differences = Vec::new();
    for entry in walkdir::WalkDir::new(&output) {
        let entry = entry.expect("walk output");
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&output)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        if rel == stepwise::write::MARKER {
            // The output folder's marker is the write stage's, not the site's.
            continue;
        }
        let built = std::fs::read(entry.path()).expect("read built file");
        let built_text = String::from_utf8_lossy(&built);
        assert!(
            !built_text.contains(MARK_START)
                && !built_text.contains("__stepwiseServe = true")
                && !built_text.contains("__STEPWISE_")
                && !built_text.contains("EventSource"),
            "{rel} has the reload script"
        );
        let served = server.get(&format!("/{rel}"));
        if served.status != 200 {
            differences.push(format!("{rel}: status {}", served.status));
        } else if rel.ends_with(".html") {
            html += 1;
            let text = served.text();
            let (a, b) = (
                text.find(MARK_START).expect("script start"),
                text.find(MARK_END).expect("script end"),
            );
            let stripped = format!("{}{}", &text[..a], &text[b + MARK_END.len()..]);
            if stripped != built_text {
                differences.push(format!("{rel} differs from the build"));
            }
        } else if rel == "sw.js" {
            // The preview's offline worker only takes itself away.
            if !served.text().contains("unregister()") || served.text().contains("FILES") {
                differences.push(format!("{rel} is not the self-removing worker"));
            }
        } else if served.body != built {
            differences.push(format!("{rel} differs from the build"));
        }
    }
    (html, differences)
}

/// Waits until `server` serves what `stepwise build` builds (a change can
/// take more than one rebuild), and the pages at `gone` are gone.
fn serves_the_build(server: &Server, events: &Events, root: &Path, what: &str, gone: &[&str]) {
    let end = Instant::now() + DEADLINE;
    loop {
        server.wait_for(events, "reload");
        let (_, mut differences) = differences_from_build(server, root);
        for path in gone {
            let status = server.get(path).status;
            if status != 404 {
                differences.push(format!("{path}: status {status}, not gone"));
            }
        }
        if differences.is_empty() {
            return;
        }
        assert!(
            Instant::now() < end,
            "{what}: {differences:#?}\nserver log:\n{}",
            server.log()
        );
    }
}

#[test]
fn pages_and_guide_folders_renamed_moved_added_and_removed_are_served_as_built() {
    let site = fixture();
    let root = site.path();
    let server = Server::start(root);
    let events = server.events();
    let content = root.join("content");

    std::fs::rename(content.join("extra.md"), content.join("bonus.md")).expect("rename");
    serves_the_build(&server, &events, root, "a page renamed", &["/extra/"]);
    std::fs::rename(content.join("bonus.md"), content.join("more/bonus.md")).expect("move");
    serves_the_build(
        &server,
        &events,
        root,
        "a page moved to another guide",
        &["/bonus/"],
    );

    // A guide folder moved in whole, as `mv` or a file manager does.
    let spare = tempfile::tempdir_in(root).expect("temp dir");
    let folder = spare.path().join("guide");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(
        folder.join("_index.md"),
        "---\ntitle: \"A new guide\"\ndescription: \"Added while serving.\"\n---\n\nSee [its step](first.md#why).\n",
    )
    .expect("write");
    std::fs::write(
        folder.join("first.md"),
        "---\ntitle: \"Its first step\"\nstep: 1\nweight: 10\n---\n\n## Why {#why}\n\nBecause. Back to [the start](../step-1.md#first-section).\n",
    )
    .expect("write");
    std::fs::rename(&folder, content.join("new-guide")).expect("move in");
    serves_the_build(&server, &events, root, "a guide folder added", &[]);
    assert_eq!(server.get("/new-guide/first/").status, 200);
    assert!(text_of(&server.get("/new-guide/print/").html(), "main").contains("Because."));

    std::fs::remove_dir_all(content.join("new-guide")).expect("remove");
    serves_the_build(
        &server,
        &events,
        root,
        "a guide folder removed",
        &["/new-guide/", "/new-guide/first/", "/new-guide/print/"],
    );
}

#[test]
fn a_page_moved_and_saved_at_once_leaves_nothing_at_its_old_address() {
    let site = fixture();
    let root = site.path();
    let server = Server::start(root);
    let events = server.events();
    let content = root.join("content");
    // `mv`, then a tool saves the moved file through a temporary file renamed
    // over it, within the watcher's debounce: the watcher's events then name
    // only the new path, not the old one.
    std::fs::rename(content.join("extra.md"), content.join("more/extra.md")).expect("move");
    let text = read(root, "content/more/extra.md") + "\nSaved after the move.\n";
    std::fs::write(content.join("more/.extra.md.tmp"), text).expect("write");
    std::fs::rename(
        content.join("more/.extra.md.tmp"),
        content.join("more/extra.md"),
    )
    .expect("save");
    serves_the_build(
        &server,
        &events,
        root,
        "a page moved, then saved at once",
        &["/extra/"],
    );
}

#[test]
fn a_stylesheet_change_swaps_styles_without_reloading() {
    let site = fixture();
    let root = site.path();
    let server = Server::start(root);
    let events = server.events();
    std::fs::write(root.join("static/extra.css"), ".note { color: purple; }\n").expect("write");
    let (name, _) = events
        .next(|(n, _)| n == "css" || n == "reload")
        .unwrap_or_else(|| panic!("no event; log:\n{}", server.log()));
    assert_eq!(name, "css");
    assert!(server.get("/extra.css").text().contains("purple"));
    // Other static files reload the page.
    std::fs::write(root.join("static/notes.txt"), "new notes\n").expect("write");
    let (name, _) = events
        .next(|(n, _)| n == "css" || n == "reload")
        .expect("an event");
    assert_eq!(name, "reload");
}

/// The width of each image in the content of the page served at `path`.
fn image_widths(server: &Server, path: &str) -> Vec<String> {
    select(&server.get(path).html(), ".content img")
        .iter()
        .map(|e| e.value().attr("width").unwrap_or("-").to_string())
        .collect()
}

#[test]
fn files_beside_pages_and_the_sizes_of_images_follow_edits() {
    let site = fixture();
    let root = site.path();
    std::fs::create_dir_all(root.join("content/pics")).expect("mkdir");
    std::fs::write(
        root.join("content/pics/index.md"),
        "---\ntitle: Pictures\ndescription: Pictures.\n---\n![A](dot.png)\n\n![B](/images/dot.svg)\n",
    )
    .expect("write");
    std::fs::write(
        root.join("content/pics/dot.png"),
        crate::bundles::image("wide.png"),
    )
    .expect("write");
    let server = Server::start(root);
    let events = server.events();
    assert_eq!(image_widths(&server, "/pics/"), ["40", "1"]);
    assert_eq!(
        server.get("/pics/dot.png").body,
        crate::bundles::image("wide.png")
    );

    // Another picture over the page's own: served, and measured anew.
    std::fs::write(
        root.join("content/pics/dot.png"),
        crate::bundles::image("banner.gif"),
    )
    .expect("write");
    serves_the_build(
        &server,
        &events,
        root,
        "an image beside the page replaced",
        &[],
    );
    assert_eq!(
        server.get("/pics/dot.png").body,
        crate::bundles::image("banner.gif")
    );
    assert_eq!(image_widths(&server, "/pics/"), ["30", "1"]);

    // A picture of static/ changes size: the pages showing it follow.
    std::fs::write(
        root.join("static/images/dot.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"7\" height=\"5\"/>",
    )
    .expect("write");
    serves_the_build(&server, &events, root, "an image of static/ replaced", &[]);
    assert_eq!(image_widths(&server, "/pics/"), ["30", "7"]);

    // A new file beside the page is served; a removed one is gone.
    std::fs::write(root.join("content/pics/notes.txt"), "notes\n").expect("write");
    serves_the_build(&server, &events, root, "a file added beside the page", &[]);
    assert_eq!(server.get("/pics/notes.txt").text(), "notes\n");
    std::fs::remove_file(root.join("content/pics/notes.txt")).expect("remove");
    serves_the_build(
        &server,
        &events,
        root,
        "a file removed",
        &["/pics/notes.txt"],
    );
}

#[test]
fn editor_saves_with_backups_and_swap_files_work() {
    let site = fixture();
    let root = site.path();
    let server = Server::start(root);
    let events = server.events();
    let page = root.join("content/step-2.md");
    // vim: swap file, backup by rename, new file, backup removed.
    std::fs::write(root.join("content/.step-2.md.swp"), "swap").expect("swap");
    std::fs::rename(&page, root.join("content/step-2.md~")).expect("backup");
    std::fs::write(
        &page,
        read(root, "content/step-2.md~").replace("Keep going.", "Saved by vim."),
    )
    .expect("write");
    std::fs::remove_file(root.join("content/step-2.md~")).expect("remove backup");
    std::fs::remove_file(root.join("content/.step-2.md.swp")).expect("remove swap");
    let end = Instant::now() + DEADLINE;
    loop {
        server.wait_for(&events, "reload");
        let r = server.get("/step-2/");
        if r.status == 200 && text_of(&r.html(), "main").contains("Saved by vim.") {
            break;
        }
        assert!(Instant::now() < end, "the save never showed");
    }
    // Files editors leave around are not pages.
    std::fs::write(root.join("content/#step-2.md#"), "autosave").expect("write");
    std::fs::write(root.join("content/.#step-2.md"), "lock").expect("write");
    // A real edit after them: its reload comes, and nothing broke.
    let text = read(root, "content/step-2.md").replace("Saved by vim.", "Saved again.");
    save(root, "content/step-2.md", &text);
    server.wait_for(&events, "reload");
    let doc = server.get("/step-2/").html();
    assert!(overlay_text(&doc).is_none());
    assert!(text_of(&doc, "main").contains("Saved again."));
}

#[test]
fn a_site_broken_at_start_is_served_once_fixed() {
    let site = fixture();
    let root = site.path();
    let good = read(root, "content/step-1.md");
    save(root, "content/step-1.md", &good.replace("title:", "titel:"));
    let server = Server::start(root);
    let r = server.get("/step-1/");
    assert_eq!(r.status, 503);
    assert!(overlay_text(&r.html()).is_some_and(|t| t.contains("content/step-1.md")));
    let events = server.events();
    save(root, "content/step-1.md", &good);
    server.wait_for(&events, "reload");
    let r = server.get("/step-1/");
    assert_eq!(r.status, 200);
    assert!(overlay_text(&r.html()).is_none());
}

#[test]
fn a_taken_port_moves_to_the_next_one() {
    let site = fixture();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let server = Server::start_on(site.path(), port);
    assert_ne!(server.port, port);
    assert!(
        server.log().contains(&format!("Port {port} is in use")),
        "{}",
        server.log()
    );
    assert_eq!(server.get("/").status, 200);
    drop(taken);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = fixture();
    let mut server = Server::start(site.path());
    let events = server.events();
    let pid = server.child.id().to_string();
    let sent = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("run kill");
    assert!(sent.success());
    let end = Instant::now() + DEADLINE;
    let status = loop {
        if let Some(status) = server.child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            Instant::now() < end,
            "serve did not stop:\n{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}\n{}", server.log());
    drop(events);
    let end = Instant::now() + DEADLINE;
    while !server.log().contains("Stopped.") {
        assert!(Instant::now() < end, "{}", server.log());
        std::thread::sleep(Duration::from_millis(20));
    }
    // Nothing left behind in the site.
    let leftovers: Vec<PathBuf> = std::fs::read_dir(site.path())
        .expect("read root")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            !matches!(name.as_str(), "site.yaml" | "content" | "static")
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
