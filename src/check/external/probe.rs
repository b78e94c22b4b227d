//! Asking servers about URLs, politely: a HEAD request, then GET where HEAD
//! gets an error (servers that refuse HEAD answer 405 or 501, some answer
//! it wrongly); up to [`WORKERS`] requests at once, but one at a time to any
//! one host; each request bounded by a timeout; a 429 answer waited out
//! once or twice when its `Retry-After` asks for at most [`MAX_WAIT`];
//! redirects followed by hand, so that a permanent one can be reported
//! with its new address. The user agent names stepwise, its version and
//! where it comes from. A host that cannot be reached at all (no such
//! host, refused, no connection within the timeout, TLS) is not asked
//! again for its other URLs: they get the same answer, so a site down or a
//! machine offline costs one timeout per host, not one per link.

use super::verdict::{Failure, Outcome};
use crate::sync::lock;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};
use ureq::Agent;

/// Requests under way at once, at most (each to another host).
pub(super) const WORKERS: usize = 8;

/// Redirects followed before giving up.
const MAX_REDIRECTS: usize = 10;

/// Longest `Retry-After` waited out, in seconds; a server asking for longer
/// is reported as it answered.
const MAX_WAIT: u64 = 60;

/// Times a 429 is waited out and asked again.
const MAX_RETRIES: usize = 2;

/// The user agent of every request.
pub(super) const USER_AGENT: &str = concat!(
    "stepwise/",
    env!("CARGO_PKG_VERSION"),
    " (link check; +",
    env!("CARGO_PKG_REPOSITORY"),
    ")"
);

/// Asks about each of `urls`, in parallel across hosts, one at a time per
/// host. Returns every URL with its outcome (in no particular order).
pub(super) fn probe_all(urls: Vec<String>, timeout: Duration) -> Vec<(String, Outcome)> {
    let mut by_host: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for url in urls {
        by_host.entry(host_key(&url)).or_default().push(url);
    }
    let workers = WORKERS.min(by_host.len());
    let queue = Mutex::new(by_host.into_values().collect::<Vec<_>>());
    let results = Mutex::new(Vec::new());
    let agent = agent(timeout);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let next = lock(&queue).pop();
                let Some(urls) = next else { break };
                let mut down: Option<Outcome> = None;
                for url in urls {
                    let outcome = match &down {
                        Some(o) => o.clone(),
                        None => {
                            let (outcome, host_down) = probe(&agent, &url, timeout);
                            if host_down {
                                down = Some(outcome.clone());
                            }
                            outcome
                        }
                    };
                    lock(&results).push((url, outcome));
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

fn agent(timeout: Duration) -> Agent {
    Agent::config_builder()
        .timeout_global(Some(timeout))
        .timeout_connect(Some(timeout))
        .max_redirects(0)
        .max_redirects_will_error(false)
        .http_status_as_error(false)
        .user_agent(USER_AGENT)
        .build()
        .into()
}

/// What one request got back.
struct Answer {
    status: u16,
    location: Option<String>,
    /// Seconds the server asked to wait (`Retry-After`).
    retry_after: Option<u64>,
}

/// Asks about `url`, following redirects. Also says whether `url`'s host
/// could not be reached at all (its first request failed before any answer).
fn probe(agent: &Agent, url: &str, timeout: Duration) -> (Outcome, bool) {
    let mut at = url.to_string();
    // The first permanent redirect's status, and where the unbroken run of
    // permanent redirects from the start leads.
    let mut moved: Option<(u16, String)> = None;
    let mut permanent_so_far = true;
    let mut waited = 0;
    for _ in 0..=MAX_REDIRECTS {
        let answer = match ask(agent, &at, timeout, &mut waited) {
            Ok(a) => a,
            Err((why, host_down)) => {
                return (Outcome::Unreachable { why }, host_down && at == url);
            }
        };
        let status = answer.status;
        if (300..400).contains(&status) {
            let Some(next) = answer.location.and_then(|l| join(&at, &l)) else {
                return (Outcome::Fine { status }, false);
            };
            if (status == 301 || status == 308) && permanent_so_far {
                moved = Some((moved.map_or(status, |m| m.0), next.clone()));
            } else {
                permanent_so_far = false;
            }
            at = next;
            continue;
        }
        if status >= 400 {
            let at = (at != url).then_some(at);
            return (Outcome::Broken { status, at, waited }, false);
        }
        let outcome = match moved {
            Some((status, to)) => Outcome::Moved { status, to },
            None => Outcome::Fine { status },
        };
        return (outcome, false);
    }
    let why = Failure::Redirects {
        count: MAX_REDIRECTS,
    };
    (Outcome::Unreachable { why }, false)
}

/// One URL, without redirects: HEAD, then GET if HEAD gets an error; a
/// 429 waited out when the server says for how long.
fn ask(
    agent: &Agent,
    url: &str,
    timeout: Duration,
    waited: &mut u64,
) -> Result<Answer, (Failure, bool)> {
    let mut retries = 0;
    loop {
        let mut answer = request(agent, true, url, timeout)?;
        if answer.status >= 400 && answer.status != 429 {
            answer = request(agent, false, url, timeout)?;
        }
        if answer.status == 429 && retries < MAX_RETRIES {
            if let Some(wait) = answer.retry_after.filter(|w| *w <= MAX_WAIT) {
                std::thread::sleep(Duration::from_secs(wait));
                *waited += wait;
                retries += 1;
                continue;
            }
        }
        return Ok(answer);
    }
}

fn request(
    agent: &Agent,
    head: bool,
    url: &str,
    timeout: Duration,
) -> Result<Answer, (Failure, bool)> {
    let wire = encode(url);
    let result = if head {
        agent.head(&wire).call()
    } else {
        // The body is never read: the status and headers are the answer.
        agent.get(&wire).call()
    };
    let response = result.map_err(|e| failure(e, url, timeout))?;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().to_string())
    };
    Ok(Answer {
        status: response.status().as_u16(),
        location: header("location"),
        retry_after: header("retry-after").and_then(|v| retry_after(&v, SystemTime::now())),
    })
}

/// Why a request failed, in the terms of [`Failure`], and whether the
/// host could not be reached at all (as opposed to one page failing).
fn failure(e: ureq::Error, url: &str, timeout: Duration) -> (Failure, bool) {
    let timed_out = Failure::Timeout {
        secs: timeout.as_secs_f64().ceil() as u64,
    };
    let host_down = match &e {
        ureq::Error::HostNotFound | ureq::Error::Tls(_) | ureq::Error::Rustls(_) => true,
        ureq::Error::Timeout(t) => matches!(t, ureq::Timeout::Connect | ureq::Timeout::Resolve),
        ureq::Error::Io(e) => e.kind() == std::io::ErrorKind::ConnectionRefused,
        _ => false,
    };
    let why = match e {
        ureq::Error::HostNotFound => Failure::NoSuchHost {
            host: host(url).to_string(),
        },
        ureq::Error::Timeout(_) => timed_out,
        ureq::Error::Io(e) => match e.kind() {
            std::io::ErrorKind::ConnectionRefused => Failure::Refused,
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => timed_out,
            // A failed name lookup has no error kind of its own, and each
            // system words it differently: ask once more, to tell.
            _ if !resolves(url) => Failure::NoSuchHost {
                host: host(url).to_string(),
            },
            _ => Failure::Other {
                detail: e.to_string(),
            },
        },
        ureq::Error::Tls(detail) => Failure::Tls {
            detail: detail.to_string(),
        },
        ureq::Error::Rustls(e) => Failure::Tls {
            detail: e.to_string(),
        },
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => Failure::Other {
            detail: "not a valid address".to_string(),
        },
        ureq::Error::Protocol(e) => Failure::Other {
            detail: format!("the answer is not valid HTTP ({e})"),
        },
        ureq::Error::ConnectionFailed => Failure::Other {
            detail: "the connection failed".to_string(),
        },
        other => Failure::Other {
            detail: other.to_string(),
        },
    };
    let host_down = host_down || matches!(why, Failure::NoSuchHost { .. });
    (why, host_down)
}

/// `url` as it goes on the wire: what a browser percent-encodes (letters
/// beyond ASCII, spaces and the like, as written in Markdown) encoded, the
/// rest (and `%` escapes already there) left as written.
fn encode(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        if b > 0x7e || b <= 0x20 || b"\"<>\\^`{|}".contains(&b) {
            out.push_str(&format!("%{b:02X}"));
        } else {
            out.push(char::from(b));
        }
    }
    out
}

/// Whether the host of `url` has an address.
fn resolves(url: &str) -> bool {
    use std::net::ToSocketAddrs;
    let authority = host(url);
    let with_port = if authority.ends_with(']') || !authority.contains(':') {
        let port = if url
            .get(..5)
            .is_some_and(|s| s.eq_ignore_ascii_case("https"))
        {
            443
        } else {
            80
        };
        format!("{authority}:{port}")
    } else {
        authority.to_string()
    };
    with_port
        .to_socket_addrs()
        .is_ok_and(|mut a| a.next().is_some())
}

/// Seconds to wait for a `Retry-After` value: a number of seconds, or an
/// HTTP date (none when it has passed).
fn retry_after(value: &str, now: SystemTime) -> Option<u64> {
    if let Ok(secs) = value.parse::<u64>() {
        return Some(secs);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    let wait = at.duration_since(now).unwrap_or_default();
    Some(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
}

/// `scheme://host:port` of a URL, lowercase: requests to one key go one
/// at a time.
fn host_key(url: &str) -> String {
    let scheme = url.split("://").next().unwrap_or_default();
    format!("{scheme}://{}", host(url)).to_ascii_lowercase()
}

/// The host (and port) of an absolute URL, without user info.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    authority.rsplit('@').next().unwrap_or(authority)
}

/// The absolute URL a `Location` value written at `base` names.
fn join(base: &str, location: &str) -> Option<String> {
    if location.contains("://") {
        return Some(location.to_string());
    }
    let (scheme, rest) = base.split_once("://")?;
    if let Some(net) = location.strip_prefix("//") {
        return Some(format!("{scheme}://{net}"));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let origin = format!("{scheme}://{authority}");
    if location.starts_with('/') {
        return Some(format!("{origin}{location}"));
    }
    let path = &rest[authority.len()..];
    let path = path.split(['?', '#']).next().unwrap_or_default();
    if location.starts_with('?') {
        return Some(format!("{origin}{path}{location}"));
    }
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    Some(format!("{origin}{dir}{location}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_resolved_against_the_url_asked() {
        let base = "https://a.org/x/y?q=1";
        assert_eq!(
            join(base, "https://b.org/").as_deref(),
            Some("https://b.org/")
        );
        assert_eq!(join(base, "//c.org/z").as_deref(), Some("https://c.org/z"));
        assert_eq!(join(base, "/new").as_deref(), Some("https://a.org/new"));
        assert_eq!(join(base, "z").as_deref(), Some("https://a.org/x/z"));
        assert_eq!(join(base, "?p=2").as_deref(), Some("https://a.org/x/y?p=2"));
        assert_eq!(join("http://a.org", "b").as_deref(), Some("http://a.org/b"));
    }

    #[test]
    fn what_a_browser_would_encode_is_encoded() {
        assert_eq!(
            encode("https://a.org/über uns?q=a|b&x=%20"),
            "https://a.org/%C3%BCber%20uns?q=a%7Cb&x=%20"
        );
        assert_eq!(encode("https://a.org/x-y_z~1"), "https://a.org/x-y_z~1");
    }

    #[test]
    fn hosts_are_told_apart_by_scheme_host_and_port() {
        assert_eq!(host_key("HTTPS://u@A.org:8443/x?y"), "https://a.org:8443");
        assert_eq!(host("http://127.0.0.1:9/"), "127.0.0.1:9");
        assert_ne!(host_key("http://a.org/"), host_key("https://a.org/"));
    }

    #[test]
    fn retry_after_is_seconds_or_a_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        assert_eq!(retry_after("7", now), Some(7));
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now), Some(10));
        assert_eq!(
            retry_after(
                "Wed, 21 Oct 2015 07:28:00 GMT",
                now + Duration::from_secs(60)
            ),
            Some(0)
        );
        assert_eq!(retry_after("soon", now), None);
    }

    #[test]
    fn the_user_agent_names_stepwise_and_its_version() {
        assert!(USER_AGENT.starts_with(concat!("stepwise/", env!("CARGO_PKG_VERSION"), " (")));
    }
}
