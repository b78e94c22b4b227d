//! The anchors content links to: a Markdown link with a `#fragment` and a
//! checklist item's `see:` must land on a heading of their target page.
//! Checked once every page's headings are known, and reported in the
//! content file that holds the link.

use crate::error::{closest, Diagnostic, Result};
use crate::load::{PageId, Site};
use std::collections::HashSet;

/// A link to an anchor on a page, found while rendering Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AnchorRef {
    /// The page the anchor must be on.
    pub(crate) page: PageId,
    /// The anchor.
    pub(crate) anchor: String,
    /// Byte offset of the link in the linking page's body.
    pub(crate) offset: usize,
}

/// What the anchor check needs of one rendered page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageAnchors<'a> {
    /// Every id the page's body defines (its headings').
    pub(crate) ids: &'a HashSet<String>,
    /// The page's links to anchors.
    pub(crate) refs: &'a [AnchorRef],
}

/// Every Markdown link and checklist `see:` of the pages `sources` of
/// `site` whose anchor is not a heading of its target page (`anchors` gives
/// any page's anchors): every page after a whole render, the pages that
/// changed and those that link to them after an edit. A page with a broken
/// one has its text loaded again if a build let go of it; failing that is
/// the error.
pub(crate) fn broken_anchors_in<'a>(
    site: &Site,
    anchors: &dyn Fn(PageId) -> PageAnchors<'a>,
    sources: impl Iterator<Item = PageId> + Clone,
) -> Result<Vec<Diagnostic>> {
    let mut diags = Vec::new();
    for i in sources.clone() {
        let page = anchors(i);
        let found: Vec<(usize, String, String)> = page
            .refs
            .iter()
            .filter(|r| !anchors(r.page).ids.contains(&r.anchor))
            .map(|r| {
                (
                    r.offset,
                    format!(
                        "broken anchor: no heading with id `{}` in {}",
                        r.anchor,
                        site.pages[r.page].source.display()
                    ),
                    anchor_hint(anchors(r.page).ids, &r.anchor),
                )
            })
            .collect();
        if !found.is_empty() {
            site.pages[i].text.load()?;
            diags.extend(site.pages[i].diags_in_body(found));
        }
    }
    for i in sources {
        let page = &site.pages[i];
        for item in page.meta.checklist.iter().flat_map(|g| &g.items) {
            let (Some(see), Some(target)) = (&item.see, &item.target) else {
                continue;
            };
            let Some(anchor) = &target.anchor else {
                continue;
            };
            let ids = anchors(target.page).ids;
            if !ids.contains(anchor) {
                page.text.load()?;
                diags.push(
                    site.pages[i]
                        .diag_at_key(
                            "see",
                            Some(see),
                            format!(
                                "checklist item \"{}\": see target `#{anchor}` is not a heading in {}",
                                item.id,
                                site.pages[target.page].source.display()
                            ),
                        )
                        .with_hint(anchor_hint(ids, anchor)),
                );
            }
        }
        broken_note_anchors(site, anchors, i, &mut diags)?;
    }
    Ok(diags)
}

/// The links in sources' notes (when page `i` lists the sources) whose
/// anchor is not a heading of their page, each at its note's line.
fn broken_note_anchors<'a>(
    site: &Site,
    anchors: &dyn Fn(PageId) -> PageAnchors<'a>,
    i: PageId,
    diags: &mut Vec<Diagnostic>,
) -> Result<()> {
    let Some(list) = site.sources.as_ref().filter(|s| s.page == i) else {
        return Ok(());
    };
    let page = &site.pages[i];
    for source in &list.entries {
        // The n-th source with a note has the page's n-th `note:` line.
        let nth = page.meta.sources[..source.index]
            .iter()
            .filter(|e| e.note.is_some())
            .count();
        for link in &source.links {
            let (Some(target), Some(anchor)) = (link.page, &link.anchor) else {
                continue;
            };
            let ids = anchors(target).ids;
            if !ids.contains(anchor) {
                page.text.load()?;
                diags.push(
                    page.diag_at_nth_key(
                        "note",
                        None,
                        nth,
                        format!(
                            "source `{}`: broken anchor: no heading with id `{anchor}` in {}",
                            source.id,
                            site.pages[target].source.display()
                        ),
                    )
                    .with_hint(anchor_hint(ids, anchor)),
                );
            }
        }
    }
    Ok(())
}

fn anchor_hint(anchors: &HashSet<String>, anchor: &str) -> String {
    let mut ids: Vec<&str> = anchors.iter().map(String::as_str).collect();
    ids.sort_unstable();
    match closest(anchor, &ids) {
        Some(c) => format!("did you mean `#{c}`?"),
        None => "link to a heading id that exists (see the page's table of contents)".into(),
    }
}
