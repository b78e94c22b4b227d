//! Markdown to HTML: heading ids and anchor links, the table of contents,
//! GFM alerts as callouts, and links between content files rewritten to
//! relative URLs.
//!
//! Rendering only *records* anchor links; whether the anchors exist is
//! checked once every page is rendered (see `render`).

use crate::error::Diagnostic;
use crate::html::escape;
use crate::load::links::{resolve, Target};
use crate::load::Site;
use crate::url::relative;
use crate::url::slugify;
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

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

/// An image in a page's body, checked by `check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// The destination as written.
    pub dest: String,
    /// The alt text.
    pub alt: String,
    /// Byte offset of the image in the page's body.
    pub offset: usize,
}

/// The plain text under one heading (or before the first), for search and
/// structured data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading's id; `None` for text before the first heading.
    pub id: Option<String>,
    /// The heading's text.
    pub heading: String,
    /// Heading level (0 before the first heading).
    pub level: u8,
    /// The section's text, whitespace collapsed.
    pub text: String,
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
    /// Byte offsets of h1 headings in the body.
    pub h1_offsets: Vec<usize>,
    /// Images, with their alt text.
    pub images: Vec<ImageRef>,
    /// Text by section.
    pub sections: Vec<Section>,
    /// Link URLs as written on the page, with what they become on the
    /// guide's print page.
    pub print_links: Vec<(String, String)>,
}

/// URL path of the print page of the guide that page `index` belongs to.
pub fn print_path(site: &Site, index: usize) -> String {
    format!("{}print/", site.guides[site.pages[index].guide].dir)
}

/// A page's HTML as it appears on its guide's print page: ids prefixed with
/// the page's [`print_anchor`], links between pages turned into links
/// within the print page.
pub fn html_for_print(site: &Site, index: usize, body: &Rendered) -> String {
    let prefix = print_anchor(site, index);
    let links: HashMap<String, String> = body
        .print_links
        .iter()
        .filter(|(url, _)| !url.starts_with('#'))
        .map(|(url, print_url)| (escape(url), escape(print_url)))
        .collect();
    // One pass over the attributes: our own HTML always quotes them with `"`
    // and escapes `"` in text, so `="` only ever starts an attribute value.
    let html = &body.html;
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html.as_str();
    while let Some(i) = rest.find("=\"") {
        let (before, after) = rest.split_at(i + 2);
        out.push_str(before);
        let name_start = before[..i]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .map_or(0, |j| j + 1);
        let name = &before[name_start..i];
        let end = after.find('"').unwrap_or(after.len());
        let value = &after[..end];
        match name {
            "id" => {
                out.push_str(&prefix);
                out.push_str("--");
                out.push_str(value);
            }
            "href" if value.starts_with('#') => {
                out.push('#');
                out.push_str(&prefix);
                out.push_str("--");
                out.push_str(&value[1..]);
            }
            "href" | "src" => out.push_str(links.get(value).map_or(value, String::as_str)),
            _ => out.push_str(value),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The fragment that page `page`'s section gets on its guide's print page;
/// its headings' ids there are `<fragment>--<id>`.
pub fn print_anchor(site: &Site, page: usize) -> String {
    let path = site.pages[page].path.trim_end_matches('/');
    if path.is_empty() {
        "home".into()
    } else {
        slugify(path)
    }
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
    let mut section = Section::default();
    let mut image: Option<ImageRef> = None;
    let mut diags = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut heading: Option<(HeadingLevel, Option<CowStr>, Vec<CowStr>, usize)> = None;
    let mut heading_events: Vec<Event> = Vec::new();
    let mut heading_text = String::new();
    let mut explicit_ids: HashSet<String> = HashSet::new();
    // Section text feeds the search index and a FAQ page's JSON-LD. Without
    // search, it stops being collected at the first h2 that is not a
    // question (the page is no FAQ then): that saves copying every page's
    // text on large sites.
    let mut maybe_faq = true;

    let text = page.text();
    let body = &text[page.body_start..];
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
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
                        out.h1_offsets.push(offset);
                    }
                    if lvl == 2 && !crate::render::metadata::is_question(&title) {
                        maybe_faq = false;
                    }
                    finish_section(&mut out.sections, &mut section);
                    section = Section {
                        id: Some(id.clone()),
                        heading: title.clone(),
                        level: lvl,
                        text: String::new(),
                    };
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
        let want_text = site.config.search || maybe_faq;
        match &event {
            Event::Text(t) | Event::Code(t) => match image.as_mut() {
                Some(img) => img.alt.push_str(t),
                None if want_text => push_collapsed(&mut section.text, t),
                None => {}
            },
            Event::SoftBreak | Event::HardBreak | Event::End(_) if want_text => {
                push_collapsed(&mut section.text, " ")
            }
            _ => {}
        }
        let mut link = Link {
            site,
            index,
            portable,
        };
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
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: link.rewrite(dest_url, range.start, &mut out, &mut diags),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                image = Some(ImageRef {
                    dest: dest_url.to_string(),
                    alt: String::new(),
                    offset: range.start,
                });
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: link.rewrite(dest_url, range.start, &mut out, &mut diags),
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Image) => {
                out.images.extend(image.take());
                Event::End(TagEnd::Image)
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
    finish_section(&mut out.sections, &mut section);
    out.html.reserve(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    (out, diags)
}

/// What link rewriting needs to know about the page being rendered.
struct Link<'a> {
    site: &'a Site,
    index: usize,
    portable: bool,
}

impl Link<'_> {
    /// Rewrites a link destination; broken links become diagnostics and are
    /// kept as written.
    fn rewrite<'e>(
        &mut self,
        dest: CowStr<'e>,
        offset: usize,
        out: &mut Rendered,
        diags: &mut Vec<Diagnostic>,
    ) -> CowStr<'e> {
        let (site, index) = (self.site, self.index);
        let page = &site.pages[index];
        match resolve(site, index, &dest) {
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
                // On the print page, pages of the same guide are sections of it.
                let base = print_anchor(site, target);
                let print_url = match &anchor {
                    _ if site.pages[target].guide != page.guide => {
                        relative(&print_path(site, index), &to, self.portable)
                    }
                    Some(a) => format!("#{base}--{a}"),
                    None => format!("#{base}"),
                };
                let url = relative(&page.path, &to, self.portable);
                out.print_links.push((url.clone(), print_url));
                url.into()
            }
            Ok(Target::SiteRoot(to)) => {
                let url = relative(&page.path, &to, self.portable);
                let print_url = relative(&print_path(site, index), &to, self.portable);
                out.print_links.push((url.clone(), print_url));
                url.into()
            }
            Ok(Target::Other) => dest,
            Err((message, hint)) => {
                diags.push(page.diag_in_body(offset, message).with_hint(hint));
                dest
            }
        }
    }
}

/// Closes the section being collected, collapsing its whitespace.
fn finish_section(sections: &mut Vec<Section>, section: &mut Section) {
    let mut section = std::mem::take(section);
    if section.text.ends_with(' ') {
        section.text.pop();
    }
    if section.id.is_some() || !section.text.is_empty() {
        sections.push(section);
    }
}

/// Appends `t` to `buf` with every run of whitespace as one space and none
/// at the start, so a section's text never needs collapsing afterwards.
///
/// Every page's whole text passes through here, so it copies runs of
/// non-space bytes at once and decodes only non-ASCII characters.
fn push_collapsed(buf: &mut String, t: &str) {
    // Most text is ASCII words with single spaces between them: copy it at
    // once when nothing in it would change.
    let mut space = buf.is_empty() || buf.ends_with(' ');
    let clean = t.bytes().all(|b| {
        let ok = b.is_ascii() && !matches!(b, b'\t'..=b'\r') && !(b == b' ' && space);
        space = b == b' ';
        ok
    });
    if clean {
        buf.push_str(t);
        return;
    }
    let bytes = t.as_bytes();
    let mut word = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (space, len) = if bytes[i].is_ascii() {
            (matches!(bytes[i], b'\t'..=b'\r' | b' '), 1)
        } else {
            let c = t[i..].chars().next().unwrap_or_default();
            (c.is_whitespace(), c.len_utf8())
        };
        if space {
            buf.push_str(&t[word..i]);
            if !buf.is_empty() && !buf.ends_with(' ') {
                buf.push(' ');
            }
            word = i + len;
        }
        i += len;
    }
    buf.push_str(&t[word..]);
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

#[cfg(test)]
mod collapse_tests {
    #[test]
    fn collapses_whitespace_like_split_whitespace() {
        for parts in [
            vec!["  a  b ", "\n c", " ", "d  "],
            vec![" "],
            vec!["x", "y", " z"],
            vec![
                "caf\u{e9}\u{a0}\u{a0}na\u{ef}ve",
                "\u{2003}\u{3000}",
                "\u{1F600} \t\u{b}\u{c}\rend",
            ],
            vec!["\u{85}lead", "", "trail\u{2029}"],
            vec![" lead", "two  spaces", " ", " x ", "y\n", "z"],
        ] {
            let mut buf = String::new();
            for p in &parts {
                super::push_collapsed(&mut buf, p);
            }
            if buf.ends_with(' ') {
                buf.pop();
            }
            let expected = parts
                .concat()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(buf, expected, "{parts:?}");
        }
    }
}
