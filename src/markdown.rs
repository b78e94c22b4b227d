//! Markdown to HTML: heading ids and anchor links, the table of contents,
//! GFM alerts as callouts, and links between content files rewritten to
//! relative URLs.
//!
//! Rendering only *records* anchor links; whether the anchors exist is
//! checked once every page is rendered (see `render`).

use crate::content::Site;
use crate::error::Diagnostic;
use crate::links::{resolve, Target};
use crate::slug::slugify;
use crate::url::relative;
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashSet;

/// An entry of a page's table of contents (h2, with its h3s as children).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    /// The heading's id.
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// 2 or 3.
    pub level: u8,
    /// h3 entries under an h2.
    pub children: Vec<TocEntry>,
}

/// A link to an anchor, to be checked once all pages are rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorRef {
    /// The page the anchor must be on.
    pub page: usize,
    /// The anchor.
    pub anchor: String,
    /// Byte offset of the link in the page's body.
    pub offset: usize,
}

/// A page's body, rendered.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// h2/h3 headings, nested.
    pub toc: Vec<TocEntry>,
    /// Every id the body defines.
    pub anchors: HashSet<String>,
    /// Links to anchors, checked later.
    pub anchor_refs: Vec<AnchorRef>,
    /// Number of h1 headings in the body.
    pub h1_count: usize,
}

/// The Markdown extensions stepwise enables.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders page `index` of `site`. Broken `.md` links are returned as diagnostics.
pub fn render(site: &Site, index: usize) -> (Rendered, Vec<Diagnostic>) {
    let page = &site.pages[index];
    let portable = site.config.portable;
    let mut out = Rendered::default();
    let mut diags = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut heading: Option<(HeadingLevel, Option<CowStr>, Vec<CowStr>, usize)> = None;
    let mut heading_events: Vec<Event> = Vec::new();
    let mut heading_text = String::new();
    let mut explicit_ids: HashSet<String> = HashSet::new();

    for (event, range) in Parser::new_ext(page.body(), options()).into_offset_iter() {
        if heading.is_some() {
            match event {
                Event::End(TagEnd::Heading(_)) => {
                    let (level, id, classes, offset) =
                        heading
                            .take()
                            .unwrap_or((HeadingLevel::H2, None, vec![], 0));
                    let explicit = id.map(|s| s.to_string());
                    if let Some(e) = &explicit {
                        if !explicit_ids.insert(e.clone()) {
                            diags.push(
                                page.diag_in_body(offset, format!("duplicate heading id `{e}`"))
                                    .with_hint("each {#id} must be unique on its page"),
                            );
                        }
                    }
                    let id = unique_id(&mut out.anchors, explicit, &heading_text);
                    let title = heading_text.trim().to_string();
                    let lvl = level as u8;
                    if lvl == 1 {
                        out.h1_count += 1;
                    }
                    let class_attr = if classes.is_empty() {
                        String::new()
                    } else {
                        format!(" class=\"{}\"", escape(&classes.join(" ")))
                    };
                    events.push(Event::Html(
                        format!("<h{lvl} id=\"{}\"{class_attr}>", escape(&id)).into(),
                    ));
                    events.append(&mut heading_events);
                    events.push(Event::Html(
                        format!(
                            " <a class=\"anchor\" href=\"#{}\" aria-label=\"Link to this section: {}\">#</a></h{lvl}>\n",
                            escape(&id),
                            escape(&title)
                        )
                        .into(),
                    ));
                    add_toc(&mut out.toc, lvl, id, title);
                    heading_text.clear();
                    continue;
                }
                Event::Text(ref t) | Event::Code(ref t) => heading_text.push_str(t),
                _ => {}
            }
        }
        let event = match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                heading = Some((level, id, classes, range.start));
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite(
                    site,
                    index,
                    &dest_url,
                    range.start,
                    portable,
                    &mut out,
                    &mut diags,
                )
                .map_or(dest_url, CowStr::from);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite(
                    site,
                    index,
                    &dest_url,
                    range.start,
                    portable,
                    &mut out,
                    &mut diags,
                )
                .map_or(dest_url, CowStr::from);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label) = alert(kind);
                Event::Html(format!("<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{label}</p>\n").into())
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html("</div>\n".into()),
            Event::Start(Tag::Table(a)) => {
                events.push(Event::Html("<div class=\"table-wrap\">\n".into()));
                Event::Start(Tag::Table(a))
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                Event::Html("</div>\n".into())
            }
            e => e,
        };
        if heading.is_some() {
            heading_events.push(event);
        } else {
            events.push(event);
        }
    }
    out.html.reserve(page.body().len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    (out, diags)
}

/// Rewrites a link destination; `None` keeps it as written.
fn rewrite(
    site: &Site,
    index: usize,
    dest: &str,
    offset: usize,
    portable: bool,
    out: &mut Rendered,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let page = &site.pages[index];
    match resolve(site, index, dest) {
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
            if target == index {
                return None;
            }
            let to = format!(
                "{}{}",
                site.pages[target].path,
                anchor.map(|a| format!("#{a}")).unwrap_or_default()
            );
            Some(relative(&page.path, &to, portable))
        }
        Ok(Target::SiteRoot(to)) => Some(relative(&page.path, &to, portable)),
        Ok(Target::Other) => None,
        Err((message, hint)) => {
            diags.push(page.diag_in_body(offset, message).with_hint(hint));
            None
        }
    }
}

fn unique_id(used: &mut HashSet<String>, explicit: Option<String>, text: &str) -> String {
    let base = explicit.unwrap_or_else(|| {
        let s = slugify(text);
        if s.is_empty() {
            "section".into()
        } else {
            s
        }
    });
    let mut id = base.clone();
    let mut n = 1;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

fn add_toc(toc: &mut Vec<TocEntry>, level: u8, id: String, title: String) {
    let entry = TocEntry {
        id,
        title,
        level,
        children: Vec::new(),
    };
    match level {
        2 => toc.push(entry),
        3 => match toc.last_mut() {
            Some(parent) => parent.children.push(entry),
            None => toc.push(entry),
        },
        _ => {}
    }
}

fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// Escapes text for an HTML attribute or text node.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
