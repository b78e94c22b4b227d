//! The build-time search index: one entry per section of every page,
//! written as a `.js` file (so it loads from `file://`, where `fetch` fails)
//! for the default theme's small search script.

use crate::content::Site;
use crate::markdown::Rendered;
use serde::Serialize;

/// Output path of the index.
pub const INDEX_PATH: &str = "search-index.js";

/// Longest section text kept in the index, in characters.
const MAX_TEXT: usize = 1500;

#[derive(Serialize)]
struct Entry<'a> {
    /// Page title.
    t: &'a str,
    /// Section heading ("" for a page's introduction).
    h: &'a str,
    /// Root-relative URL path with the heading's anchor.
    u: String,
    /// Plain text.
    x: String,
}

/// The index as JavaScript: `window.STEPWISE_SEARCH=[...]`.
pub fn index(site: &Site, bodies: &[Rendered]) -> String {
    let mut entries = Vec::new();
    for (page, body) in site.pages.iter().zip(bodies) {
        for s in &body.sections {
            let u = match &s.id {
                Some(id) => format!("{}#{id}", page.path),
                None => page.path.clone(),
            };
            let x: String = s.text.chars().take(MAX_TEXT).collect();
            entries.push(Entry {
                t: &page.meta.title,
                h: &s.heading,
                u,
                x,
            });
        }
    }
    let json = serde_json::to_string(&entries).unwrap_or_else(|_| "[]".into());
    format!("window.STEPWISE_SEARCH={};\n", json.replace("</", "<\\/"))
}
