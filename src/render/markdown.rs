//! Markdown to HTML: heading ids and anchor links, the table of contents,
//! GFM alerts as callouts, and links between content files rewritten to
//! relative URLs.
//!
//! Rendering only *records* links to anchors and images; whether the
//! anchors exist is checked once every page is rendered
//! ([`crate::check::broken_anchors`]). What the print page makes of a page's
//! links is the print page's business ([`super::print`]).

use super::controls::{holds_control, References};
use super::links::Link;
pub use super::rendered::{Rendered, TocEntry};
use super::sections::{finish_section, is_question, push_collapsed, Section};
use super::terms::{glossary_list, TermLinks};
use crate::check::ImageRef;
use crate::error::Diagnostic;
use crate::html::escape;
use crate::load::theme::TEMPLATE_IDS;
use crate::load::Site;
use crate::url::UniqueIds;
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

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

/// Renders page `index` of `site`. Broken `.md` links and control
/// characters written as character references are returned as diagnostics.
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
    let mut references = References::new(body);
    let mut parser = Parser::new_ext(body, options()).into_offset_iter();
    while let Some((event, range)) = parser.next() {
        references.check(
            &event,
            &range,
            parser.reference_definitions(),
            &mut problems,
        );
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
                    dest_url: rewrite(&mut link, dest_url, range.start, &mut out, &mut problems),
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
                    dest_url: rewrite(&mut link, dest_url, range.start, &mut out, &mut problems),
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
                if let Some(offset) = unclosed_comment(&pieces) {
                    problems.push((
                        offset,
                        "this HTML comment is never closed: it hides the rest of the page, and of the print page".into(),
                        "end it with `-->`, or write `&lt;!--` to show the characters".into(),
                    ));
                }
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

/// `dest`, a link's or image's address at `offset` of the body, rewritten
/// by `link`; as written when it holds a control character, which
/// [`References`] reports (a broken link message would show it raw).
fn rewrite<'a>(
    link: &mut Link,
    dest: CowStr<'a>,
    offset: usize,
    out: &mut Rendered,
    problems: &mut Vec<(usize, String, String)>,
) -> CowStr<'a> {
    if holds_control(&dest) {
        return dest;
    }
    link.rewrite(dest, offset, out, problems)
}

/// The explicit `{#id}`s of the headings of `body`, read before the body
/// renders so that automatic ids can keep clear of them. Only a body that
/// has `{#` at all is parsed for them.
/// Where an HTML comment opens that the block never closes (`pieces`: the
/// block's lines and their offsets in the body). A browser reads all that
/// follows as comment, down to the end of the page.
fn unclosed_comment(pieces: &[(CowStr, usize)]) -> Option<usize> {
    let text: String = pieces.iter().map(|(t, _)| t.as_ref()).collect();
    let mut from = 0;
    let open = loop {
        let open = from + text[from..].find("<!--")?;
        // `<!-->` and `<!--->` close at once.
        match text[open + 2..].find("-->") {
            Some(close) => from = open + 2 + close + 3,
            None => break open,
        }
    };
    let mut start = 0;
    for (piece, offset) in pieces {
        if open < start + piece.len() {
            return Some(offset + (open - start));
        }
        start += piece.len();
    }
    None
}

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
