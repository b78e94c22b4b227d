//! HTTP: the routes, the safe mapping from request paths to the site's
//! files, content types, and which host names the preview answers to.
//!
//! Every request must name this machine in its `Host` header (`localhost`,
//! a loopback address, or the address `--bind` gave): a web page on another
//! site that points its own name at 127.0.0.1 (DNS rebinding) then gets a
//! plain 403, not the preview. A request with no `Host` header, or with
//! two, gets a 400.
//!
//! Files are looked up in the in-memory site only, never on disk, and a
//! request path is refused (404) unless it is a plain path inside the site:
//! no `.` or `..` segment (encoded or not), no empty segment (`//etc/passwd`),
//! no backslash or NUL. A folder serves its `index.html` (`/dir` redirects
//! to `/dir/`); there are no directory listings; anything else gets the
//! site's `404.html` with status 404.

use super::inject;
use super::reload::{self, Hub, Snapshot, EVENTS_PATH};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::net::IpAddr;
use std::sync::Arc;

/// The preview's routes: the event stream, and the site for everything
/// else; both only for requests that name one of `hosts`.
pub(crate) fn router(hub: Arc<Hub>, hosts: Hosts) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(reload::events))
        .fallback(site_file)
        .with_state(hub)
        .layer(middleware::from_fn_with_state(Arc::new(hosts), check_host))
}

/// The host names the preview answers to: `localhost`, the loopback
/// addresses and the address it is bound to, with any port. Bound to all
/// interfaces (`0.0.0.0`, `::`), it answers to any IP address, since it
/// cannot know which of this machine's a client used; a host *name* is never
/// this machine's for sure, so only `localhost` is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hosts {
    bind: IpAddr,
}

impl Hosts {
    /// The hosts of a preview bound to `bind`.
    pub(crate) fn new(bind: IpAddr) -> Self {
        Hosts { bind }
    }

    /// Whether `host` (a `Host` header's value: a name or an address, with
    /// an optional port) names this preview.
    pub(crate) fn allows(&self, host: &str) -> bool {
        let name = match host.strip_prefix('[') {
            Some(rest) => match rest.split_once(']') {
                Some((addr, port)) if port.is_empty() || is_port(port) => addr,
                _ => return false,
            },
            None => match host.rsplit_once(':') {
                Some((name, port)) if is_port(port) => name,
                Some(_) => return false,
                None => host,
            },
        };
        let name = name.strip_suffix('.').unwrap_or(name);
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let Ok(ip) = name.parse::<IpAddr>() else {
            return false;
        };
        let ip = ip.to_canonical();
        ip.is_loopback() || ip == self.bind || self.bind.is_unspecified()
    }
}

/// `:1111`'s `1111`.
fn is_port(s: &str) -> bool {
    let digits = s.strip_prefix(':').unwrap_or(s);
    !digits.is_empty() && digits.len() <= 5 && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Refuses a request whose `Host` (or absolute-form target) is not one of
/// `hosts`, and one with no `Host` header or more than one (which would
/// leave open which of them names the server: 400).
async fn check_host(State(hosts): State<Arc<Hosts>>, req: Request, next: Next) -> Response {
    let mut hosts_named = req.headers().get_all(header::HOST).iter();
    let host = match (hosts_named.next(), hosts_named.next()) {
        (Some(host), None) => host,
        (None, _) => return plain(StatusCode::BAD_REQUEST, "400 bad request: no Host header\n"),
        (Some(_), Some(_)) => {
            return plain(
                StatusCode::BAD_REQUEST,
                "400 bad request: more than one Host header\n",
            )
        }
    };
    let named = [
        Some(host.to_str().unwrap_or_default()),
        req.uri().authority().map(|a| a.as_str()),
    ];
    if let Some(host) = named.into_iter().flatten().find(|h| !hosts.allows(h)) {
        return plain(
            StatusCode::FORBIDDEN,
            format!(
                "403 forbidden: stepwise serve answers only to localhost and this machine's \
                 addresses, not to {host:?} (a guard against DNS rebinding). Open the preview at \
                 the address it printed.\n"
            ),
        );
    }
    next.run(req).await
}

/// Where a request path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// A file of the site, by its path inside the site.
    File(String),
    /// A folder asked for without its trailing slash: redirect there.
    Redirect(String),
    /// Nothing (or something refused).
    NotFound,
}

/// Resolves the raw (still percent-encoded) request path `raw` against the
/// site, whose files `exists` tells apart.
pub(crate) fn resolve(raw: &str, exists: impl Fn(&str) -> bool) -> Resolved {
    let Some(decoded) = percent_decode(raw) else {
        return Resolved::NotFound;
    };
    let Some(rest) = decoded.strip_prefix('/') else {
        return Resolved::NotFound;
    };
    if rest.contains(['\\', '\0']) {
        return Resolved::NotFound;
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        if *s == "." || *s == ".." || (s.is_empty() && i != last) {
            return Resolved::NotFound;
        }
    }
    let folder = rest.is_empty() || rest.ends_with('/');
    let key = if folder {
        format!("{rest}index.html")
    } else {
        rest.to_string()
    };
    if exists(&key) {
        return Resolved::File(key);
    }
    if !folder && exists(&format!("{rest}/index.html")) {
        return Resolved::Redirect(format!("{raw}/"));
    }
    Resolved::NotFound
}

/// Decodes `%XX` escapes; `None` if one is malformed or the result is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `Content-Type` of a file, from its name.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Every request but the event stream.
async fn site_file(State(hub): State<Arc<Hub>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "method not allowed\n",
        )
            .into_response();
    }
    let snapshot = hub.current();
    // Pages are rendered when asked for, and wait for a rebuild under way:
    // off the threads that serve events.
    tokio::task::spawn_blocking(move || respond(&snapshot, &uri))
        .await
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

fn respond(snapshot: &Snapshot, uri: &Uri) -> Response {
    if snapshot.files.is_empty() {
        return not_built(snapshot);
    }
    match resolve(uri.path(), |p| snapshot.files.contains(p)) {
        Resolved::File(path) => file(snapshot, &path, StatusCode::OK),
        Resolved::Redirect(to) => {
            let to = match uri.query() {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            match HeaderValue::from_str(&to) {
                Ok(location) => (
                    StatusCode::FOUND,
                    [
                        (header::LOCATION, location),
                        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                    ],
                )
                    .into_response(),
                Err(_) => not_found(snapshot),
            }
        }
        Resolved::NotFound => not_found(snapshot),
    }
}

/// The file at `path` of the snapshot, with the reload script in HTML.
fn file(snapshot: &Snapshot, path: &str, status: StatusCode) -> Response {
    let Some(bytes) = snapshot.files.get(path) else {
        return plain_not_found();
    };
    let content_type = content_type(path);
    let body = if content_type.starts_with("text/html") {
        Bytes::from(inject::inject(
            &bytes,
            &snapshot.build,
            snapshot.error.as_deref(),
        ))
    } else {
        bytes
    };
    (
        status,
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        Body::from(body),
    )
        .into_response()
}

fn not_found(snapshot: &Snapshot) -> Response {
    if snapshot.files.contains("404.html") {
        file(snapshot, "404.html", StatusCode::NOT_FOUND)
    } else {
        plain_not_found()
    }
}

fn plain_not_found() -> Response {
    plain(StatusCode::NOT_FOUND, "404 not found\n")
}

/// A plain-text answer with `status`.
fn plain(status: StatusCode, text: impl Into<Body>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text.into(),
    )
        .into_response()
}

/// Before the first good build: a page that shows the errors and reloads
/// once they are fixed.
fn not_built(snapshot: &Snapshot) -> Response {
    let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
        <title>stepwise serve</title>\n</head>\n<body>\n<p>The site has errors, so there is \
        nothing to show yet. This page reloads when they are fixed.</p>\n</body>\n</html>\n";
    let body = inject::inject(page.as_bytes(), &snapshot.build, snapshot.error.as_deref());
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(p: &str) -> bool {
        matches!(
            p,
            "index.html" | "style.css" | "step-1/index.html" | "a b/index.html" | "img/x.png"
        )
    }

    fn r(p: &str) -> Resolved {
        resolve(p, site)
    }

    #[test]
    fn serves_files_and_folders() {
        assert_eq!(r("/"), Resolved::File("index.html".into()));
        assert_eq!(r("/style.css"), Resolved::File("style.css".into()));
        assert_eq!(r("/step-1/"), Resolved::File("step-1/index.html".into()));
        assert_eq!(
            r("/step-1/index.html"),
            Resolved::File("step-1/index.html".into())
        );
        assert_eq!(r("/a%20b/"), Resolved::File("a b/index.html".into()));
        assert_eq!(r("/step-1"), Resolved::Redirect("/step-1/".into()));
        assert_eq!(r("/a%20b"), Resolved::Redirect("/a%20b/".into()));
    }

    #[test]
    fn refuses_to_leave_the_site() {
        for p in [
            "/../style.css",
            "/step-1/../style.css",
            "/%2e%2e/style.css",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/..%2fstyle.css",
            "/.%2e/style.css",
            "/./style.css",
            "//etc/passwd",
            "//style.css",
            "/step-1//index.html",
            "/%2fetc%2fpasswd",
            "/..\\style.css",
            "/%5c..%5cstyle.css",
            "/style.css%00.html",
            "/%zz",
            "/%ff",
            "style.css",
            "/img/",
            "/img",
            "/missing",
        ] {
            assert_eq!(r(p), Resolved::NotFound, "{p}");
        }
    }

    #[test]
    fn answers_only_to_this_machine() {
        let local = Hosts::new("127.0.0.1".parse().expect("ip"));
        for ok in [
            "localhost",
            "localhost:1111",
            "LocalHost.:80",
            "127.0.0.1",
            "127.0.0.1:1111",
            "[::1]",
            "[::1]:1111",
            "[::ffff:127.0.0.1]:1",
        ] {
            assert!(local.allows(ok), "{ok}");
        }
        for refused in [
            "",
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "192.168.1.5:1111",
            "127.0.0.1:x",
            "127.0.0.1:1111:1",
            "[::1",
            "[::1]x",
            "::1",
        ] {
            assert!(!local.allows(refused), "{refused}");
        }
        let lan = Hosts::new("192.168.1.5".parse().expect("ip"));
        assert!(lan.allows("192.168.1.5:1111") && lan.allows("localhost"));
        assert!(!lan.allows("10.0.0.2") && !lan.allows("mybox.local"));
        let all = Hosts::new("0.0.0.0".parse().expect("ip"));
        assert!(all.allows("10.0.0.2:1111") && all.allows("[fe80::1]"));
        assert!(!all.allows("evil.example"));
    }

    #[test]
    fn knows_content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("search/meta.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("a/dates.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("A.PNG"), "image/png");
        assert_eq!(content_type(".nojekyll"), "application/octet-stream");
        assert_eq!(content_type("README"), "application/octet-stream");
    }
}
