//! The build-time search index: one entry per section of every page,
//! written as a `.js` file (so it loads from `file://`, where `fetch` fails)
//! for the default theme's small search script.
//!
//! Small sites are indexed in full. Large ones keep each section's heading
//! and the start of its text, so the index stays loadable in a browser.

use crate::content::Site;
use crate::markdown::Rendered;

/// Output path of the index.
pub const INDEX_PATH: &str = "search-index.js";

/// Characters of section text the whole index may hold before sections are cut.
const TEXT_BUDGET: usize = 4_000_000;
/// Most characters of one section's text.
const MAX_TEXT: usize = 1500;
/// Fewest characters of one section's text, however large the site.
const MIN_TEXT: usize = 160;

/// The index as JavaScript:
/// `window.STEPWISE_SEARCH={"pages":[[title, path], ...],"sections":[[page, heading, id, text], ...]}`.
pub fn index(site: &Site, bodies: &[Rendered]) -> String {
    let sections: usize = bodies.iter().map(|b| b.sections.len()).sum();
    let cap = (TEXT_BUDGET / sections.max(1)).clamp(MIN_TEXT, MAX_TEXT);
    let pages: Vec<(&str, &str)> = site
        .pages
        .iter()
        .map(|p| (p.meta.title.as_str(), p.path.as_str()))
        .collect();
    let mut entries = Vec::with_capacity(sections);
    for (i, body) in bodies.iter().enumerate() {
        for s in &body.sections {
            let text: String = s.text.chars().take(cap).collect();
            entries.push((i, s.heading.as_str(), s.id.as_deref().unwrap_or(""), text));
        }
    }
    let json = serde_json::json!({ "pages": pages, "sections": entries });
    format!(
        "window.STEPWISE_SEARCH={};\n",
        json.to_string().replace("</", "<\\/")
    )
}
