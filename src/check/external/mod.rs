//! `stepwise check --external`: asks the server behind every http(s) link
//! of the site whether the page is still there.
//!
//! In: the site, each page's http(s) links as the render recorded them
//! ([`ExternalLink`]: the URL and where it is written in the content), the
//! built files (for links that come from templates), and what earlier runs
//! learned, kept for a while in the output folder's sidecar. Out:
//! diagnostics at the place each link is written: an error for a broken
//! link (4xx, 5xx) or one nothing answers at (no such host, refused, TLS,
//! timeout), a warning with the new address for one that moved for good
//! (301, 308).
//!
//! This is the one part of stepwise that uses the network, and only when
//! asked: `build`, `check` without `--external` and `serve` never call it.
//!
//! - [`places`]: which URLs the site links to, and where each is written.
//! - [`probe`]: the requests (HEAD, then GET where HEAD is refused; a few
//!   at once, one at a time per host; a timeout; a wait on 429).
//! - [`verdict`]: what an answer means, worded as a diagnostic.
//! - [`cache`]: answers kept in `.<out>.stepwise/external-links.json`.

mod cache;
mod places;
mod probe;
mod verdict;

pub(crate) use places::ExternalLink;

use crate::error::Diagnostic;
use crate::load::{PageId, Site};
use std::path::Path;
use std::time::{Duration, SystemTime};

/// How `check --external` goes about it.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// How long an answer is trusted before the link is asked again.
    pub max_age: Duration,
    /// How long a request may take, from the first byte sent to the
    /// answer's headers (each request of a redirect, each retry).
    pub timeout: Duration,
}

/// What `check --external` did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Distinct URLs the site links to (fragments left out).
    pub links: usize,
    /// Of those, asked of their servers in this run.
    pub asked: usize,
    /// Of those, answered from earlier runs' results.
    pub cached: usize,
}

/// Checks every http(s) link of `site`. `links_of(i)` gives page `i`'s
/// links as the render recorded them; `files` is the built site, whose
/// other http(s) links (from templates) are reported in the built file,
/// named under `out_label`. Links to the site's own `base_url` are left
/// out: they are the site itself, which the link check covers. Answers
/// are kept in the file `cache` (in the output folder's sidecar), if any.
pub(crate) fn check_external<'a>(
    site: &Site,
    links_of: &'a dyn Fn(PageId) -> &'a [ExternalLink],
    files: &[(&str, &[u8])],
    out_label: &str,
    opts: &ExternalOptions,
    cache: Option<&Path>,
) -> (Vec<Diagnostic>, Summary) {
    let places = places::collect(site, links_of, files, site.config.base_url.as_deref());
    let now = SystemTime::now();
    let mut known = cache.map(cache::load).unwrap_or_default();
    let mut outcomes = std::collections::HashMap::new();
    let mut ask = Vec::new();
    for url in places.keys() {
        match known.get(url).filter(|e| e.fresh(now, opts.max_age)) {
            Some(e) => {
                outcomes.insert(url.clone(), e.outcome.clone());
            }
            None => ask.push(url.clone()),
        }
    }
    let summary = Summary {
        links: places.len(),
        asked: ask.len(),
        cached: places.len() - ask.len(),
    };
    for (url, outcome) in probe::probe_all(ask, opts.timeout) {
        known.insert(url.clone(), cache::Entry::new(now, outcome.clone()));
        outcomes.insert(url, outcome);
    }
    // Only the site's links are kept: the file does not grow forever.
    known.retain(|url, _| places.contains_key(url));
    if let Some(path) = cache {
        cache::save(path, &known);
    }
    let mut diags = Vec::new();
    for (url, at) in &places {
        if let Some(found) = outcomes.get(url).and_then(|o| verdict::judge(url, o)) {
            diags.extend(places::report(site, files, out_label, at, &found));
        }
    }
    diags.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
    (diags, summary)
}
