//! What rendering one page's Markdown produces ([`Rendered`]): its HTML and
//! everything the rest of the render and the checks read of it.

use super::sections::Section;
use crate::check::{AnchorRef, ExternalLink, ImageRef, RootLink};
use crate::load::link_targets::Target;
use serde::Serialize;
use std::collections::HashSet;

/// An entry of a page's table of contents (h2, with its h3s as children).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct TocEntry {
    /// The heading's id.
    pub(crate) id: String,
    /// The heading's text.
    pub(crate) title: String,
    /// 2 or 3.
    pub(crate) level: u8,
    /// h3 entries under an h2.
    pub(crate) children: Vec<TocEntry>,
}

/// A page's body, rendered.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub(crate) html: String,
    /// h2/h3 headings, nested.
    pub(crate) toc: Vec<TocEntry>,
    /// Every id the body defines.
    pub(crate) anchors: HashSet<String>,
    /// Links to anchors, checked later.
    pub(crate) anchor_refs: Vec<AnchorRef>,
    /// Byte offsets of h1 headings in the body.
    pub(crate) h1_offsets: Vec<usize>,
    /// Images, with their alt text.
    pub(crate) images: Vec<ImageRef>,
    /// Text by section.
    pub(crate) sections: Vec<Section>,
    /// The links between pages of the site, as written in the HTML, with
    /// what each leads to (the print page rewrites them for its location).
    pub(crate) links: Vec<(String, Target)>,
    /// Its links to the site root (`/x/`), where each is written: the link
    /// check reports a broken one there.
    pub(crate) root_links: Vec<RootLink>,
    /// Its http(s) links, where each is written: `check --external` asks
    /// their servers and reports a broken one there.
    pub(crate) external_links: Vec<ExternalLink>,
}
