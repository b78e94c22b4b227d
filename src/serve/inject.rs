//! What `serve` adds to the HTML it serves, and only to that (never to what
//! `build` writes): the live-reload script and, while the last rebuild
//! failed, the error overlay.
//!
//! Both are inline (no extra request, nothing external) and sit between
//! [`MARK_START`] and [`MARK_END`] just before `</body>`, so the rest of the
//! page is byte for byte what `build` writes.

use crate::html::escape;

/// Opens what serve adds to a page.
pub const MARK_START: &str = "<!-- stepwise serve: live reload -->";

/// Closes what serve adds to a page.
pub const MARK_END: &str = "<!-- /stepwise serve -->";

/// The id of the overlay element.
pub const OVERLAY_ID: &str = "stepwise-overlay";

/// The script, with `__STEPWISE_BUILD__`, `__STEPWISE_EVENTS__` and
/// `__STEPWISE_OVERLAY__` to fill in.
const CLIENT_JS: &str = include_str!("client.js");

/// `html` with the reload script (for build `build`) and, when `error` is
/// given, the error overlay inserted before `</body>` (at the end if there
/// is none).
pub fn inject(html: &[u8], build: &str, error: Option<&str>) -> Vec<u8> {
    let mut added = String::with_capacity(CLIENT_JS.len() + 512);
    added.push_str(MARK_START);
    if let Some(e) = error {
        added.push_str(&overlay(e));
    }
    added.push_str("<script>");
    added.push_str(
        &CLIENT_JS
            .replace("__STEPWISE_BUILD__", &js_string(build))
            .replace(
                "__STEPWISE_EVENTS__",
                &js_string(super::reload::EVENTS_PATH),
            )
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

/// The overlay showing `error` (the text printed in the terminal).
pub fn overlay(error: &str) -> String {
    format!(
        concat!(
            "<div id=\"{id}\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;",
            "overflow:auto;background:rgba(20,22,28,.92);color:#f3f4f6;",
            "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2rem\">",
            "<div style=\"max-width:60rem;margin:0 auto\">",
            "<p style=\"margin:0 0 1rem;font:600 16px/1.4 system-ui,sans-serif;color:#fca5a5\">",
            "The last save has errors. The page below is the last good version; ",
            "it updates when the errors are fixed.</p>",
            "<pre style=\"white-space:pre-wrap;margin:0;padding:1rem;background:#0b0c10;",
            "border-left:4px solid #f87171;border-radius:4px\">{text}</pre>",
            "<button type=\"button\" onclick=\"this.parentNode.parentNode.remove()\" ",
            "style=\"margin-top:1rem;font:inherit;padding:.4rem 1rem;cursor:pointer\">",
            "Hide</button></div></div>"
        ),
        id = OVERLAY_ID,
        text = escape(error)
    )
}

/// A JavaScript string literal for `s`, safe inside `<script>`.
fn js_string(s: &str) -> String {
    serde_json::to_string(s)
        .unwrap_or_else(|_| "\"\"".into())
        .replace("</", "<\\/")
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
pub fn strip(html: &str) -> String {
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
