//! Reading one built HTML file for the link check: the ids it defines and
//! the internal links it makes ([`LinkInfo`]), in one scan of its
//! attributes.

use crate::html::for_each_attribute;
use crate::url::{is_internal, push_target};
use std::borrow::Cow;
use std::collections::HashSet;

/// What the link check needs of one HTML file, read from it: the ids it
/// defines and where its internal links lead. Made in parallel as files are
/// rendered; [`LinkIndex::insert`](super::LinkIndex::insert) keeps it in a more compact form. Links
/// to an anchor of the same file are checked at once and not kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct LinkInfo {
    /// Path of the file in the site.
    pub(crate) path: String,
    /// Ids (and `<a name>`s) the file defines.
    pub(crate) ids: HashSet<Box<str>>,
    /// Where the kept links lead, each `path` or `path#fragment`, one after
    /// another.
    pub(super) targets: String,
    /// Where each of `targets` ends.
    pub(super) ends: Vec<u32>,
}

impl LinkInfo {
    /// Extracts the ids and internal links of the HTML file at `path`.
    pub(crate) fn extract(path: &str, html: &str) -> LinkInfo {
        let (ids, links) = scan(html);
        let mut targets = String::new();
        let mut ends = Vec::with_capacity(links.len());
        let mut segments = Vec::new();
        for (url, _) in &links {
            if push_target(&mut targets, &mut segments, path, url) {
                ends.push(targets.len() as u32);
            }
        }
        LinkInfo {
            path: path.to_string(),
            ids,
            targets,
            ends,
        }
    }

    /// Where the kept links lead: (file path, fragment).
    pub(super) fn targets(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let t = &self.targets[start..end as usize];
            start = end as usize;
            match t.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (t, None),
            }
        })
    }
}

/// A link as written in a file: its URL and the byte offset of its tag.
pub(super) type Written<'a> = (Cow<'a, str>, usize);

/// The ids of an HTML file and its internal links that the file alone
/// cannot settle (as written, with the byte offset of their tag): every
/// one but links to an id of the same file.
pub(super) fn scan(html: &str) -> (HashSet<Box<str>>, Vec<Written<'_>>) {
    let mut ids: HashSet<Box<str>> = HashSet::new();
    // Internal links, kept until every id of the file is known.
    let mut links: Vec<(Cow<str>, usize)> = Vec::new();
    for_each_attribute(html, |a| {
        if a.name == "id" || (a.tag == "a" && a.name == "name") {
            ids.insert(a.value.as_ref().into());
            return;
        }
        // What the render rewrites in content's raw HTML, and what
        // templates load (`link`, `script`).
        let linkish = matches!(
            (&*a.tag, &*a.name),
            ("a" | "link" | "area", "href")
                | (
                    "img" | "script" | "source" | "iframe" | "video" | "audio" | "track",
                    "src"
                )
        );
        if linkish && !a.value.starts_with("data:") && is_internal(&a.value) {
            links.push((a.value, a.offset));
        }
    });
    links.retain(|(url, _)| match url.strip_prefix('#') {
        Some(frag) => !(frag.is_empty() || ids.contains(frag)),
        None => true,
    });
    (ids, links)
}

/// Whether the link index reads the file at `path` (an HTML file) rather
/// than only knowing it is there.
pub(crate) fn is_indexed(path: &str) -> bool {
    path.ends_with(".html")
}

/// What [`LinkIndex`](super::LinkIndex) keeps of the file at `path`: its
/// [`LinkInfo`] when it is an HTML page ([`is_indexed`]), nothing for other
/// files (which links can only lead to).
pub(crate) fn info_of(path: &str, bytes: &[u8]) -> Option<LinkInfo> {
    if !is_indexed(path) {
        return None;
    }
    std::str::from_utf8(bytes)
        .ok()
        .map(|html| LinkInfo::extract(path, html))
}
