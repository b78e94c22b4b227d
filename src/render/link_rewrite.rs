//! Links written in a page's Markdown and raw HTML: resolved against the
//! site (`step-2.md#x`, `/images/x.png`), rewritten to relative URLs, and
//! recorded (anchors to check, images and h1s for the publishing checks,
//! targets for the print page, links to the site root for the link check,
//! http(s) links for `check --external`).
//! Broken `.md` links come back as problems.

use super::rendered::Rendered;
use crate::check::{AnchorRef, Beside, ExternalLink, ImageRef, RootLink};
use crate::html::{escape, for_each_tag, Attr};
use crate::load::link_targets::{resolve, Target};
use crate::load::{PageId, Site};
use crate::url::{normalize, relative};
use pulldown_cmark::CowStr;

/// What link rewriting needs to know about the page being rendered.
pub(super) struct Link<'a> {
    pub(super) site: &'a Site,
    pub(super) id: PageId,
    pub(super) portable: bool,
}

impl Link<'_> {
    /// Rewrites a link destination; broken links become diagnostics and are
    /// kept as written.
    pub(super) fn rewrite<'e>(
        &mut self,
        dest: CowStr<'e>,
        offset: usize,
        out: &mut Rendered,
        problems: &mut Vec<(usize, String, String)>,
    ) -> CowStr<'e> {
        let (site, id) = (self.site, self.id);
        let page = &site.pages[id];
        match resolve(site, id, &dest) {
            Ok(Target::Page {
                page: target,
                anchor,
            }) => {
                if let Some(a) = &anchor {
                    out.anchor_refs.push(AnchorRef {
                        page: target,
                        anchor: a.clone(),
                        offset,
                    });
                }
                let to = format!(
                    "{}{}",
                    site.pages[target].path,
                    anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default()
                );
                let url = relative(&page.path, &to, self.portable);
                out.links.push((
                    url.clone(),
                    Target::Page {
                        page: target,
                        anchor,
                    },
                ));
                url.into()
            }
            Ok(Target::SiteRoot(to)) => {
                let url = relative(&page.path, &to, self.portable);
                // Whether it leads anywhere is known once the whole site
                // is: the link check finds out, and reports it here.
                let beside = (!dest.starts_with('/')).then(|| {
                    let from = &page.rel[..page.rel.rfind('/').map_or(0, |i| i + 1)];
                    let path = dest.split(['#', '?']).next().unwrap_or_default();
                    Box::new(Beside {
                        written: dest.to_string(),
                        file: format!(
                            "content/{}",
                            normalize(&format!("{from}{path}")).unwrap_or_default()
                        ),
                    })
                });
                out.root_links.push(RootLink {
                    to: to.clone(),
                    offset,
                    beside,
                });
                out.links.push((url.clone(), Target::SiteRoot(to)));
                url.into()
            }
            Ok(Target::Other) => {
                if let Some(link) = ExternalLink::of(&dest, offset) {
                    out.external_links.push(link);
                }
                dest
            }
            Err((message, hint)) => {
                problems.push((offset, message, hint));
                dest
            }
        }
    }
}

impl Link<'_> {
    /// Raw HTML written in the Markdown (`pieces`: its text, in parts, each
    /// with its byte offset in the body), with its links treated as
    /// Markdown links are (`.md` files and root-relative URLs rewritten to
    /// relative URLs, broken `.md` links reported), and its `<img>`s and
    /// `<h1>`s recorded for the publishing checks, located in the content.
    pub(super) fn raw_html<'e>(
        &mut self,
        pieces: Vec<(CowStr<'e>, usize)>,
        out: &mut Rendered,
        problems: &mut Vec<(usize, String, String)>,
    ) -> CowStr<'e> {
        let mut pieces = pieces.into_iter();
        let (html, at) = match (pieces.next(), pieces.len()) {
            (Some(one), 0) => (one.0, vec![(0, one.1)]),
            (first, _) => {
                let mut text = String::new();
                let mut at = Vec::new();
                for (t, offset) in first.into_iter().chain(pieces) {
                    at.push((text.len(), offset));
                    text.push_str(&t);
                }
                (CowStr::from(text), at)
            }
        };
        if !html.contains('<') {
            return html;
        }
        // Where byte `i` of `html` is in the body.
        let body_offset = |i: usize| {
            let k = at.partition_point(|&(start, _)| start <= i).max(1) - 1;
            at[k].1 + (i - at[k].0)
        };
        let mut tags: Vec<(String, usize)> = Vec::new();
        let mut attrs: Vec<Attr> = Vec::new();
        for_each_tag(
            &html,
            |t, o| tags.push((t.to_string(), o)),
            |a| attrs.push(a),
        );
        let mut edits: Vec<((usize, usize), String)> = Vec::new();
        let mut attrs = attrs.into_iter().peekable();
        for (tag, offset) in tags {
            let mut image = (tag == "img").then(|| ImageRef {
                dest: String::new(),
                alt: String::new(),
                offset: body_offset(offset),
                raw: true,
            });
            if tag == "h1" {
                out.h1_offsets.push(body_offset(offset));
            }
            while let Some(a) = attrs.next_if(|a| a.offset == offset) {
                if let Some(img) = image.as_mut() {
                    match &*a.name {
                        "src" => img.dest = a.value.to_string(),
                        "alt" => img.alt = a.value.to_string(),
                        _ => {}
                    }
                }
                let linkish = matches!(
                    (&*a.tag, &*a.name),
                    ("a" | "area", "href")
                        | (
                            "img" | "source" | "iframe" | "video" | "audio" | "track",
                            "src"
                        )
                );
                if !linkish || a.value.is_empty() || a.value.starts_with('#') {
                    continue;
                }
                let dest = CowStr::from(a.value.to_string());
                let url = self.rewrite(dest, body_offset(offset), out, problems);
                // Rewritten values, and every link value not in double
                // quotes, are written back in double quotes: the print page
                // reads link values in that form only.
                let (start, end) = a.span;
                let quote = start.checked_sub(1).map(|q| html.as_bytes()[q]);
                let quoted = matches!(quote, Some(q @ (b'"' | b'\'')) if html.as_bytes().get(end) == Some(&q));
                if *url != *a.value || quote != Some(b'"') {
                    let span = if quoted {
                        (start - 1, end + 1)
                    } else {
                        (start, end)
                    };
                    edits.push((span, format!("\"{}\"", escape(&url))));
                }
            }
            out.images.extend(image);
        }
        if edits.is_empty() {
            return html;
        }
        let mut text = String::with_capacity(html.len() + 16);
        let mut last = 0;
        for ((start, end), value) in edits {
            text.push_str(&html[last..start]);
            text.push_str(&value);
            last = end;
        }
        text.push_str(&html[last..]);
        text.into()
    }
}
