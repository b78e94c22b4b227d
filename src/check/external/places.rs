//! Which outside URLs a site links to, and where each is written: in a
//! page's content (the render recorded the offset), or, for links no page's
//! content writes (a template's), in the first built file that has it.
//! A URL is asked of its server once, however many places write it, and
//! its problem is reported at every place in the content.

use super::verdict::Found;
use crate::error::Diagnostic;
use crate::html::for_each_attribute;
use crate::load::{PageId, Site};
use std::collections::BTreeMap;

/// An http(s) link written in a page's Markdown or raw HTML, found while
/// rendering it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExternalLink {
    /// The URL as written.
    pub(crate) url: String,
    /// Byte offset of the link in the page's body.
    pub(crate) offset: usize,
}

impl ExternalLink {
    /// The link to `dest`, written at `offset`, if it is an http(s) URL.
    pub(crate) fn of(dest: &str, offset: usize) -> Option<ExternalLink> {
        is_web(dest).then(|| ExternalLink {
            url: dest.to_string(),
            offset,
        })
    }
}

/// Whether `url` is an `http:` or `https:` URL with a host.
fn is_web(url: &str) -> bool {
    let lower = |n: usize| url.get(..n).map(str::to_ascii_lowercase);
    (lower(7).as_deref() == Some("http://") && url.len() > 7)
        || (lower(8).as_deref() == Some("https://") && url.len() > 8)
}

/// Where a URL is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Place {
    /// In page `page`'s body, at byte `offset`.
    Content { page: PageId, offset: usize },
    /// In the built file `path`, at byte `offset`, and in `more` other
    /// built files besides.
    Built {
        path: String,
        offset: usize,
        more: usize,
    },
}

/// The URL without its fragment: what is asked of the server, and what
/// the results are kept under.
pub(super) fn key(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// Every outside URL of the site (by [`key`], sorted), with where it is
/// written. URLs under `base_url` are the site itself and are left out.
pub(super) fn collect<'a>(
    site: &Site,
    links_of: &'a dyn Fn(PageId) -> &'a [ExternalLink],
    files: &[(&str, &[u8])],
    base_url: Option<&str>,
) -> BTreeMap<String, Vec<Place>> {
    let own = |url: &str| base_url.is_some_and(|b| url.starts_with(b));
    let mut places: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    for page in site.pages.ids() {
        for link in links_of(page) {
            if !own(&link.url) {
                places
                    .entry(key(&link.url).to_string())
                    .or_default()
                    .push(Place::Content {
                        page,
                        offset: link.offset,
                    });
            }
        }
    }
    // What the content does not write comes from templates: reported in
    // the first built file that has it, once, with how many more do.
    let mut built: BTreeMap<String, Place> = BTreeMap::new();
    let mut files: Vec<&(&str, &[u8])> = files.iter().filter(|f| f.0.ends_with(".html")).collect();
    files.sort_by_key(|f| f.0);
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(bytes);
        let mut seen = std::collections::HashSet::new();
        for_each_attribute(&text, |a| {
            let linkish = matches!(
                (&*a.tag, &*a.name),
                ("a" | "area" | "link", "href")
                    | (
                        "img"
                            | "source"
                            | "iframe"
                            | "video"
                            | "audio"
                            | "track"
                            | "script"
                            | "embed",
                        "src"
                    )
            );
            if !linkish || !is_web(&a.value) || own(&a.value) {
                return;
            }
            let url = key(&a.value);
            if places.contains_key(url) || !seen.insert(url.to_string()) {
                return;
            }
            match built.get_mut(url) {
                Some(Place::Built { more, .. }) => *more += 1,
                _ => {
                    built.insert(
                        url.to_string(),
                        Place::Built {
                            path: path.to_string(),
                            offset: a.offset,
                            more: 0,
                        },
                    );
                }
            }
        });
    }
    for (url, place) in built {
        places.insert(url, vec![place]);
    }
    places
}

/// The diagnostics for `found` at each of `places`.
pub(super) fn report(
    site: &Site,
    files: &[(&str, &[u8])],
    out_label: &str,
    places: &[Place],
    found: &Found,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for place in places {
        let d = match place {
            Place::Content { page, offset } => site.pages[*page]
                .diag_in_body(*offset, found.message.clone())
                .with_hint(found.hint.clone()),
            Place::Built { path, offset, more } => {
                let text = files
                    .iter()
                    .find(|f| f.0 == path)
                    .map(|f| String::from_utf8_lossy(f.1).into_owned())
                    .unwrap_or_default();
                let also = match more {
                    0 => String::new(),
                    1 => " (1 more built file has it too)".to_string(),
                    n => format!(" ({n} more built files have it too)"),
                };
                Diagnostic::at_offset(
                    format!("{out_label}/{path}"),
                    &text,
                    *offset,
                    format!("{}{also}", found.message),
                )
                .with_hint(format!(
                    "{}; the link comes from a template, not from a page's content",
                    found.hint
                ))
            }
        };
        diags.push(if found.warning { d.warning() } else { d });
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_links_are_outside_links() {
        for yes in ["http://a.org", "https://a.org/x#y", "HTTPS://A.ORG"] {
            assert!(ExternalLink::of(yes, 0).is_some(), "{yes}");
        }
        for no in [
            "https://",
            "mailto:a@b.org",
            "ftp://a.org",
            "/x/",
            "x.md",
            "//a.org",
        ] {
            assert!(ExternalLink::of(no, 0).is_none(), "{no}");
        }
    }

    #[test]
    fn the_fragment_is_not_part_of_what_is_asked() {
        assert_eq!(key("https://a.org/x?q=1#part"), "https://a.org/x?q=1");
        assert_eq!(key("https://a.org/"), "https://a.org/");
    }
}
