//! The build-time search index: one entry per section of every page,
//! written as a `.js` file (so it loads from `file://`, where `fetch` fails)
//! for the default theme's small search script.
//!
//! Small sites are indexed in full. Large ones keep each section's heading
//! and the start of its text, so the index stays loadable in a browser.

use crate::load::Site;
use crate::render::sections::Section;

/// Output path of the index.
pub const INDEX_PATH: &str = "search-index.js";

/// Bytes of Markdown up to which every section is indexed in full.
const TEXT_BUDGET: usize = 4_000_000;
/// Most characters of one section's text.
const MAX_TEXT: usize = 1500;
/// Fewest characters of one section's text, however large the site.
const MIN_TEXT: usize = 160;

/// How many characters of each section's text the index keeps, decided from
/// the size of the site's Markdown before anything is rendered (so pages can
/// be cut as they are rendered).
pub fn text_cap(site: &Site) -> usize {
    cap_for(site.pages.iter().map(|p| p.body_len()).sum())
}

/// [`text_cap`] for a site of `total` bytes of Markdown.
pub fn cap_for(total: usize) -> usize {
    if total <= TEXT_BUDGET {
        return MAX_TEXT;
    }
    (MAX_TEXT * TEXT_BUDGET / total).clamp(MIN_TEXT, MAX_TEXT)
}

/// The first `cap` characters of `text`.
fn head(text: &str, cap: usize) -> &str {
    match text.char_indices().nth(cap) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// Page `page`'s entries of the index's `sections` array, as JSON
/// (`[page, heading, id, text]` each, comma-separated, without brackets), each
/// text cut to `cap` characters. Made while the page is rendered, so a build
/// keeps only this of every page's text.
pub fn entries(page: usize, sections: &[Section], cap: usize) -> String {
    let mut out = Vec::new();
    for (k, s) in sections.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        let entry = (
            page,
            s.heading.as_str(),
            s.id.as_deref().unwrap_or(""),
            head(&s.text, cap),
        );
        // Writing JSON into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut out, &entry);
    }
    out.shrink_to_fit();
    String::from_utf8(out).unwrap_or_default()
}

/// The index as JavaScript:
/// `window.STEPWISE_SEARCH={"pages":[[title, path], ...],"sections":[[page, heading, id, text], ...]}`,
/// from every page's [`entries`] in page order. Sized from the entries before it is
/// written: a large site's index is tens of MB.
pub fn index(site: &Site, entries: &[impl AsRef<str>]) -> Vec<u8> {
    let pages: Vec<(&str, &str)> = site
        .pages
        .iter()
        .map(|p| (p.meta.title.as_str(), p.path.as_str()))
        .collect();
    let pages = serde_json::to_vec(&pages).unwrap_or_else(|_| b"[]".to_vec());
    // Loaded with <script src>, never inlined: no `</script>` escaping needed.
    let (start, middle, end) = (
        &b"window.STEPWISE_SEARCH={\"pages\":"[..],
        &b",\"sections\":["[..],
        &b"]};\n"[..],
    );
    let len = start.len()
        + pages.len()
        + middle.len()
        + entries.iter().map(|e| e.as_ref().len() + 1).sum::<usize>()
        + end.len();
    let mut out = Vec::with_capacity(len);
    out.extend_from_slice(start);
    out.extend_from_slice(&pages);
    out.extend_from_slice(middle);
    let mut first = true;
    for e in entries.iter().map(AsRef::as_ref).filter(|e| !e.is_empty()) {
        if !first {
            out.push(b',');
        }
        first = false;
        out.extend_from_slice(e.as_bytes());
    }
    out.extend_from_slice(end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_json_arrays_with_text_cut_to_the_cap() {
        let sections = vec![
            Section {
                id: Some("a".into()),
                heading: "A \"quoted\" one".into(),
                level: 2,
                text: "\u{e9}t\u{e9} long text".into(),
            },
            Section {
                id: None,
                heading: String::new(),
                level: 0,
                text: "intro".into(),
            },
        ];
        let json = format!("[{}]", entries(3, &sections, 4));
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            parsed,
            serde_json::json!([
                [3, "A \"quoted\" one", "a", "\u{e9}t\u{e9} "],
                [3, "", "", "intr"]
            ])
        );
        assert_eq!(entries(0, &[], 4), "");
    }
}
