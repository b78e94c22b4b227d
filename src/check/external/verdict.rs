//! What the server's answer about a link means ([`Outcome`], as kept in the
//! cache), and how it is reported ([`judge`]): broken and unreachable links
//! are errors, links that moved for good are warnings naming the new
//! address, and everything else is fine.

use serde::{Deserialize, Serialize};

/// What asking for a URL came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Outcome {
    /// A 2xx answer (after any temporary redirects), or a 3xx without a
    /// new address: the link works.
    Fine { status: u16 },
    /// It works, but from a permanent redirect (301, 308) on: `to` is the
    /// address the permanent redirects lead to.
    Moved { status: u16, to: String },
    /// A 4xx or 5xx answer; `at` is where redirects led, when they did.
    Broken {
        status: u16,
        at: Option<String>,
        /// Seconds waited for a 429 that asked to wait, in all.
        waited: u64,
    },
    /// No answer: the request failed.
    Unreachable { why: Failure },
}

/// Why a request got no answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Failure {
    /// The host name does not resolve.
    NoSuchHost { host: String },
    /// Nothing listens at the address.
    Refused,
    /// No answer within the timeout.
    Timeout { secs: u64 },
    /// The TLS handshake failed.
    Tls { detail: String },
    /// Redirects that go on and on.
    Redirects { count: usize },
    /// Anything else, as the client words it.
    Other { detail: String },
}

/// A problem to report at every place the link is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Found {
    pub(super) message: String,
    pub(super) hint: String,
    /// A warning, not an error.
    pub(super) warning: bool,
}

/// The problem with `url` that `outcome` shows, if there is one.
pub(super) fn judge(url: &str, outcome: &Outcome) -> Option<Found> {
    let error = |message: String, hint: &str| {
        Some(Found {
            message,
            hint: hint.to_string(),
            warning: false,
        })
    };
    match outcome {
        Outcome::Fine { .. } => None,
        Outcome::Moved { status, to } => Some(Found {
            message: format!("link {url} moved permanently ({status}) to {to}"),
            hint: "link to the new address".to_string(),
            warning: true,
        }),
        Outcome::Broken { status, at, waited } => {
            let after = match at {
                Some(at) => format!(" (redirected to {at})"),
                None => String::new(),
            };
            let message = format!(
                "broken link {url}: the server answers {}{after}",
                status_text(*status)
            );
            match status {
                404 | 410 => error(message, "the page is gone: find where it moved and link there, or remove the link"),
                429 if *waited > 0 => error(
                    format!("{message}, also after waiting the {waited} s it asked for"),
                    "the server limits how often it is asked: run the check again later",
                ),
                429 => error(message, "the server limits how often it is asked: run the check again later"),
                401 | 403 => error(message, "the server refuses the request: open the link in a browser; if it works there, the site turns programs away"),
                500..=599 => error(message, "the server failed: if it lasts, the site may be gone"),
                _ => error(message, "open the link in a browser and fix or remove it"),
            }
        }
        Outcome::Unreachable { why } => {
            let (why, hint) = match why {
                Failure::NoSuchHost { host } => (
                    format!("no such host {host}"),
                    "check the host name; on a machine with no internet connection, no outside link can be reached",
                ),
                Failure::Refused => (
                    "the connection was refused".to_string(),
                    "nothing answers at that address: check the host and port",
                ),
                Failure::Timeout { secs } => (
                    format!("no answer within {secs} s"),
                    "the server is slow or down: run the check again later, or allow longer with --external-timeout",
                ),
                Failure::Tls { detail } => (
                    format!("TLS failed ({detail})"),
                    "the site's certificate or HTTPS setup is broken: open the link in a browser",
                ),
                Failure::Redirects { count } => (
                    format!("more than {count} redirects"),
                    "the address redirects in a loop: open the link in a browser",
                ),
                Failure::Other { detail } => (
                    detail.clone(),
                    "open the link in a browser and fix or remove it",
                ),
            };
            error(format!("unreachable link {url}: {why}"), hint)
        }
    }
}

/// `404 Not Found`: the code and its reason phrase.
pub(super) fn status_text(status: u16) -> String {
    let reason = ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason());
    match reason {
        Some(r) => format!("{status} {r}"),
        None => status.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moved_is_a_warning_broken_and_unreachable_are_errors() {
        assert_eq!(
            judge("https://a.org/", &Outcome::Fine { status: 200 }),
            None
        );
        let moved = judge(
            "http://a.org/",
            &Outcome::Moved {
                status: 301,
                to: "https://a.org/".into(),
            },
        )
        .expect("moved");
        assert!(moved.warning);
        assert_eq!(
            moved.message,
            "link http://a.org/ moved permanently (301) to https://a.org/"
        );
        let gone = judge(
            "https://a.org/x",
            &Outcome::Broken {
                status: 404,
                at: None,
                waited: 0,
            },
        )
        .expect("broken");
        assert!(!gone.warning);
        assert_eq!(
            gone.message,
            "broken link https://a.org/x: the server answers 404 Not Found"
        );
        let dns = judge(
            "https://b.org/",
            &Outcome::Unreachable {
                why: Failure::NoSuchHost {
                    host: "b.org".into(),
                },
            },
        )
        .expect("unreachable");
        assert_eq!(
            dns.message,
            "unreachable link https://b.org/: no such host b.org"
        );
    }

    #[test]
    fn outcomes_round_trip_through_json() {
        let o = Outcome::Unreachable {
            why: Failure::Timeout { secs: 10 },
        };
        let text = serde_json::to_string(&o).expect("json");
        assert_eq!(serde_json::from_str::<Outcome>(&text).expect("parse"), o);
    }
}
