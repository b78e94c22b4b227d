//! What `serve` adds to the HTML it serves, and only to that (never to what
//! `build` writes): the live-reload script and, while the last rebuild
//! failed, the error overlay.
//!
//! Both are inline (no extra request, nothing external) and sit between
//! [`MARK_START`] and [`MARK_END`] just before `</body>`, so the rest of the
//! page is byte for byte what `build` writes.

use super::overlay::{overlay, OVERLAY_ID};
use super::reload::EVENTS_PATH;
use crate::html::script_json;

/// Opens what serve adds to a page.
pub(crate) const MARK_START: &str = "<!-- stepwise serve: live reload -->";

/// Closes what serve adds to a page.
pub(crate) const MARK_END: &str = "<!-- /stepwise serve -->";

/// The script, with `__STEPWISE_BUILD__`, `__STEPWISE_EVENTS__` and
/// `__STEPWISE_OVERLAY__` to fill in.
const CLIENT_JS: &str = include_str!("client.js");

/// `html` with the reload script (for build `build`) and, when `error` is
/// given, the error overlay inserted before `</body>` (at the end if there
/// is none).
pub(crate) fn inject(html: &[u8], build: &str, error: Option<&str>) -> Vec<u8> {
    let mut added = String::with_capacity(CLIENT_JS.len() + 512);
    added.push_str(MARK_START);
    if let Some(e) = error {
        added.push_str(&overlay(e));
    }
    added.push_str("<script>");
    added.push_str(
        &CLIENT_JS
            .replace("__STEPWISE_BUILD__", &js_string(build))
            .replace("__STEPWISE_EVENTS__", &js_string(EVENTS_PATH))
            .replace("__STEPWISE_OVERLAY__", &js_string(OVERLAY_ID)),
    );
    added.push_str("</script>");
    added.push_str(MARK_END);
    let at = find_body_end(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + added.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(added.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A JavaScript string literal for `s`, safe inside `<script>`.
fn js_string(s: &str) -> String {
    script_json(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()))
}

/// Byte offset of the last `</body` (any case) in `html`.
fn find_body_end(html: &[u8]) -> Option<usize> {
    const NEEDLE: &[u8] = b"</body";
    if html.len() < NEEDLE.len() {
        return None;
    }
    (0..=html.len() - NEEDLE.len())
        .rev()
        .find(|&i| html[i..i + NEEDLE.len()].eq_ignore_ascii_case(NEEDLE))
}

/// `html` without what [`inject`] added: what `build` writes.
#[cfg(test)]
pub(crate) fn strip(html: &str) -> String {
    match (html.find(MARK_START), html.find(MARK_END)) {
        (Some(a), Some(b)) if a < b => format!("{}{}", &html[..a], &html[b + MARK_END.len()..]),
        _ => html.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goes_before_the_body_end_and_strips_back() {
        let page = "<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject(page.as_bytes(), "b-1", None)).expect("utf-8");
        assert!(out.starts_with("<html><body><p>x</p><!-- stepwise serve"));
        assert!(out.ends_with("<!-- /stepwise serve --></BODY></html>"));
        assert!(out.contains("\"b-1\""));
        assert!(!out.contains(&format!("id=\"{OVERLAY_ID}\"")));
        assert_eq!(strip(&out), page);
    }

    #[test]
    fn without_a_body_goes_at_the_end() {
        let out = String::from_utf8(inject(b"<p>x", "b", None)).expect("utf-8");
        assert!(out.starts_with("<p>x<!-- stepwise serve"));
    }

    #[test]
    fn overlay_escapes_the_error() {
        let out = String::from_utf8(inject(
            b"<body></body>",
            "b",
            Some("error: a.md:2:1: <script>alert(1)</script>"),
        ))
        .expect("utf-8");
        assert!(out.contains(&format!("id=\"{OVERLAY_ID}\"")));
        assert!(out.contains("a.md:2:1: &lt;script&gt;"));
        assert!(!out.contains("<script>alert"));
    }

    #[test]
    fn the_script_loads_nothing() {
        assert!(!CLIENT_JS.contains("http"));
        assert!(!CLIENT_JS.contains("import"));
    }
}
