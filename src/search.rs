//! The build-time search index: one entry per section of every page,
//! written as a `.js` file (so it loads from `file://`, where `fetch` fails)
//! for the default theme's small search script.
//!
//! Small sites are indexed in full. Large ones keep each section's heading
//! and the start of its text, so the index stays loadable in a browser.

use crate::content::Site;
use crate::markdown::Section;

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
    let total: usize = site.pages.iter().map(|p| p.body_len()).sum();
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

/// `sections` with their text cut to `cap` characters (what [`index`] keeps
/// of them), so a build can drop the rest as soon as a page is rendered.
/// The memory is given back too: a 10,000-page build keeps every page's
/// sections until the index is written.
pub fn cut(mut sections: Vec<Section>, cap: usize) -> Vec<Section> {
    for s in &mut sections {
        let keep = head(&s.text, cap).len();
        s.text.truncate(keep);
        s.text.shrink_to_fit();
    }
    sections.shrink_to_fit();
    sections
}

/// The index as JavaScript:
/// `window.STEPWISE_SEARCH={"pages":[[title, path], ...],"sections":[[page, heading, id, text], ...]}`.
/// Written straight into one buffer: a large site's index is tens of MB.
pub fn index(site: &Site, sections: &[&[Section]], cap: usize) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct Index<'a> {
        pages: Vec<(&'a str, &'a str)>,
        sections: Vec<(usize, &'a str, &'a str, &'a str)>,
    }
    let index = Index {
        pages: site
            .pages
            .iter()
            .map(|p| (p.meta.title.as_str(), p.path.as_str()))
            .collect(),
        sections: sections
            .iter()
            .enumerate()
            .flat_map(|(i, page)| {
                page.iter().map(move |s| {
                    let text = head(&s.text, cap);
                    (i, s.heading.as_str(), s.id.as_deref().unwrap_or(""), text)
                })
            })
            .collect(),
    };
    // Loaded with <script src>, never inlined: no `</script>` escaping needed.
    let mut out = b"window.STEPWISE_SEARCH=".to_vec();
    if serde_json::to_writer(&mut out, &index).is_err() {
        out.extend_from_slice(b"{}");
    }
    out.extend_from_slice(b";\n");
    out
}
