//! Markdown to HTML: heading ids and anchor links, the table of contents,
//! GFM alerts as callouts, and links between content files rewritten to
//! relative URLs.
//!
//! Rendering only *records* links to anchors and images; whether the
//! anchors exist is checked once every page is rendered
//! ([`crate::check::broken_anchors`]). What the print page makes of a page's
//! links is the print page's business ([`super::print`]).

use super::sections::{finish_section, is_question, push_collapsed, Section};
use crate::check::{AnchorRef, ImageRef};
use crate::error::Diagnostic;
use crate::html::{escape, for_each_tag, Attr};
use crate::load::links::{resolve, Target};
use crate::load::theme::TEMPLATE_IDS;
use crate::load::{Glossary, Site};
use crate::url::{relative, UniqueIds};
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
    /// The links between pages of the site, as written in the HTML, with
    /// what each leads to (the print page rewrites them for its location).
    pub links: Vec<(String, Target)>,
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
    // Problems found, located once rendering is done: (offset, message, hint).
    let mut problems: Vec<(usize, String, String)> = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut heading: Option<(HeadingLevel, Option<CowStr>, Vec<CowStr>, usize)> = None;
    let mut heading_events: Vec<Event> = Vec::new();
    let mut heading_text = String::new();
    // The lines of the raw HTML block being read, with their offsets.
    let mut html_block: Option<Vec<(CowStr, usize)>> = None;
    let mut explicit_ids: HashSet<String> = HashSet::new();
    // Automatic ids that repeat get -1, -2, ... They never take an id the
    // theme's templates give elements of every page, nor an explicit
    // `{#id}` of a heading further down.
    let mut ids = UniqueIds::new(1);
    for id in TEMPLATE_IDS {
        ids.reserve(id);
    }
    // Section text feeds the search index and a FAQ page's JSON-LD. Without
    // search, it stops being collected at the first h2 that is not a
    // question (the page is no FAQ then): that saves copying every page's
    // text on large sites.
    let mut maybe_faq = true;
    // The glossary's terms, linked where each is first used (not on the
    // glossary page itself, which lists them) outside headings, links,
    // images and code.
    let glossary = site.glossary.as_ref();
    let mut terms = glossary
        .filter(|g| g.page != index)
        .map(|g| TermLinks::new(g, site, index));
    if let Some(g) = glossary.filter(|g| g.page == index) {
        for t in &g.terms {
            ids.reserve(&t.id);
        }
    }
    let (mut in_link, mut in_code) = (0usize, false);

    let text = page.text();
    let body = &text[page.body_start..];
    for id in explicit_heading_ids(body) {
        ids.reserve(&id);
    }
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if heading.is_some() {
            match event {
                Event::End(TagEnd::Heading(_)) => {
                    let (level, id, classes, offset) =
                        heading
                            .take()
                            .unwrap_or((HeadingLevel::H2, None, vec![], 0));
                    let id = match id.filter(|e| !e.is_empty()) {
                        Some(e) => {
                            let e = e.to_string();
                            if TEMPLATE_IDS.contains(&e.as_str()) {
                                problems.push((
                                    offset,
                                    format!("heading id `{e}` is already the id of an element of every page"),
                                    format!(
                                        "choose another {{#id}}; the theme's templates use {}",
                                        TEMPLATE_IDS
                                            .iter()
                                            .map(|t| format!("`{t}`"))
                                            .collect::<Vec<_>>()
                                            .join(", ")
                                    ),
                                ));
                            } else if !explicit_ids.insert(e.clone()) {
                                problems.push((
                                    offset,
                                    format!("duplicate heading id `{e}`"),
                                    "each {#id} must be unique on its page".into(),
                                ));
                            }
                            e
                        }
                        None => ids.heading(None, &heading_text),
                    };
                    let title = heading_text.trim().to_string();
                    let lvl = level as u8;
                    if lvl == 1 {
                        out.h1_offsets.push(offset);
                    }
                    if lvl == 2 && !is_question(&title) {
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
        // A heading's text belongs to the section it opens (its `heading`),
        // not to the one before it: a FAQ answer ends at the next question.
        let want_text = (site.config.search || maybe_faq) && heading.is_none();
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
            }) => {
                in_link += 1;
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: link.rewrite(dest_url, range.start, &mut out, &mut problems),
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
                image = Some(ImageRef {
                    dest: dest_url.to_string(),
                    alt: String::new(),
                    offset: range.start,
                    raw: false,
                });
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: link.rewrite(dest_url, range.start, &mut out, &mut problems),
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
            Event::Html(h) => {
                // An HTML block comes a line at a time: its tags are read
                // once the block is whole (a tag may span lines).
                match html_block.as_mut() {
                    Some(pieces) => {
                        pieces.push((h, range.start));
                        continue;
                    }
                    None => {
                        Event::Html(link.raw_html(vec![(h, range.start)], &mut out, &mut problems))
                    }
                }
            }
            Event::InlineHtml(h) => {
                Event::InlineHtml(link.raw_html(vec![(h, range.start)], &mut out, &mut problems))
            }
            Event::Start(Tag::HtmlBlock) => {
                html_block = Some(Vec::new());
                Event::Start(Tag::HtmlBlock)
            }
            Event::End(TagEnd::HtmlBlock) => {
                let pieces = html_block.take().unwrap_or_default();
                events.push(Event::Html(link.raw_html(pieces, &mut out, &mut problems)));
                Event::End(TagEnd::HtmlBlock)
            }
            Event::Text(t) if heading.is_none() && image.is_none() && in_link == 0 && !in_code => {
                match terms.as_mut() {
                    Some(terms) => {
                        terms.mark(t, &mut events, &mut out);
                        continue;
                    }
                    None => Event::Text(t),
                }
            }
            e => {
                match &e {
                    Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
                    Event::Start(Tag::CodeBlock(_)) => in_code = true,
                    Event::End(TagEnd::CodeBlock) => in_code = false,
                    _ => {}
                }
                e
            }
        };
        if heading.is_some() {
            heading_events.push(event);
        } else {
            events.push(event);
        }
    }
    finish_section(&mut out.sections, &mut section);
    if let Some(g) = glossary.filter(|g| g.page == index) {
        events.push(Event::Html(glossary_list(g).into()));
        // Each term is found (as text, not as a heading of its own, so a
        // term never outranks the pages that explain it) and leads to its
        // definition.
        out.sections.extend(g.terms.iter().map(|t| Section {
            id: Some(t.id.clone()),
            heading: String::new(),
            level: 3,
            text: match &t.expansion {
                Some(x) => format!("{} ({x})", t.term),
                None => t.term.clone(),
            },
        }));
    }
    out.anchors = ids.into_set();
    for id in TEMPLATE_IDS {
        out.anchors.remove(*id);
    }
    out.html.reserve(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    let diags = page.diags_in_body(problems).collect();
    (out, diags)
}

/// Links the first use of each glossary term on one page to its definition.
struct TermLinks<'a> {
    glossary: &'a Glossary,
    /// The glossary page's URL path, from the site root.
    to: &'a str,
    /// The page being rendered's URL path.
    from: &'a str,
    portable: bool,
    /// Which terms this page has linked already.
    used: Vec<bool>,
}

impl<'a> TermLinks<'a> {
    fn new(glossary: &'a Glossary, site: &'a Site, index: usize) -> Self {
        TermLinks {
            glossary,
            to: &site.pages[glossary.page].path,
            from: &site.pages[index].path,
            portable: site.config.portable,
            used: vec![false; glossary.terms.len()],
        }
    }

    /// Pushes `text` onto `events` with the first use of each term in it
    /// (not used earlier on the page) linked to its definition.
    fn mark<'e>(&mut self, text: CowStr<'e>, events: &mut Vec<Event<'e>>, out: &mut Rendered) {
        let mut done = 0;
        for (range, t) in self.glossary.uses(&text) {
            if self.used[t] {
                continue;
            }
            self.used[t] = true;
            let term = &self.glossary.terms[t];
            let url = relative(
                self.from,
                &format!("{}#{}", self.to, term.id),
                self.portable,
            );
            // An abbreviation as the guide writes it gets its expansion;
            // any other form (the spelled-out name, a plural) the definition.
            let abbr = term
                .expansion
                .as_ref()
                .filter(|_| text[range.clone()] == term.term);
            let open = match abbr {
                Some(x) => format!(
                    "<a class=\"term\" href=\"{}\"><abbr title=\"{}\">",
                    escape(&url),
                    escape(x)
                ),
                None => format!(
                    "<a class=\"term\" href=\"{}\" title=\"{}\">",
                    escape(&url),
                    escape(&term.definition)
                ),
            };
            let close = if abbr.is_some() {
                "</abbr></a>"
            } else {
                "</a>"
            };
            out.links.push((
                url,
                Target::Page {
                    page: self.glossary.page,
                    anchor: Some(term.id.clone()),
                },
            ));
            events.push(Event::Text(text[done..range.start].to_string().into()));
            events.push(Event::InlineHtml(open.into()));
            events.push(Event::Text(text[range.clone()].to_string().into()));
            events.push(Event::InlineHtml(close.into()));
            done = range.end;
        }
        match done {
            0 => events.push(Event::Text(text)),
            _ => events.push(Event::Text(text[done..].to_string().into())),
        }
    }
}

/// The glossary page's list of terms, after its own text.
fn glossary_list(g: &Glossary) -> String {
    let mut html = String::from("<dl class=\"glossary\">\n");
    for t in &g.terms {
        html.push_str(&format!(
            "<dt id=\"{}\"><dfn>{}</dfn>",
            escape(&t.id),
            escape(&t.term)
        ));
        if let Some(x) = &t.expansion {
            html.push_str(&format!(
                " <span class=\"expansion\">({})</span>",
                escape(x)
            ));
        }
        html.push_str(&format!("</dt>\n<dd>{}</dd>\n", escape(&t.definition)));
    }
    html.push_str("</dl>\n");
    html
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
        problems: &mut Vec<(usize, String, String)>,
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
                out.links.push((url.clone(), Target::SiteRoot(to)));
                url.into()
            }
            Ok(Target::Other) => dest,
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
    fn raw_html<'e>(
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

/// The explicit `{#id}`s of the headings of `body`, read before the body
/// renders so that automatic ids can keep clear of them. Only a body that
/// has `{#` at all is parsed for them.
fn explicit_heading_ids(body: &str) -> Vec<String> {
    if !body.contains("{#") {
        return Vec::new();
    }
    Parser::new_ext(body, options())
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) if !id.is_empty() => {
                Some(id.to_string())
            }
            _ => None,
        })
        .collect()
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
