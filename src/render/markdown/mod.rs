//! Markdown to HTML: heading ids and anchor links, the table of contents,
//! GFM alerts as callouts, and links between content files rewritten to
//! relative URLs.
//!
//! Rendering only *records* links to anchors and images; whether the
//! anchors exist is checked once every page is rendered
//! ([`crate::check::broken_anchors`]). What the print page makes of a page's
//! links is the print page's business ([`super::print`]).
//!
//! A page renders in one pass over pulldown-cmark's events. All that the
//! pass keeps is one [`Renderer`]; each family of events is handled in its
//! own file: `headings.rs` (ids, anchor links, sections, the table of
//! contents), `links_images.rs` (addresses rewritten, images and their alt
//! text recorded), `raw_html.rs` (HTML blocks and inline HTML),
//! `containers.rs` (callouts, tables) and `prose.rs` (text and code: the
//! sections' text, glossary terms). Lists, task lists, footnotes and
//! emphasis pass through as pulldown-cmark writes them.

mod containers;
mod headings;
mod links_images;
mod prose;
mod raw_html;

use super::controls::References;
use super::links::Link;
pub use super::rendered::{Rendered, TocEntry};
use super::sections::{finish_section, Section};
use super::terms::{glossary_list, TermLinks};
use crate::check::ImageRef;
use crate::error::Diagnostic;
use crate::load::theme::TEMPLATE_IDS;
use crate::load::{PageId, Site};
use crate::url::UniqueIds;
use headings::{explicit_heading_ids, OpenHeading};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
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

/// Renders page `id` of `site`. Broken `.md` links and control
/// characters written as character references are returned as diagnostics.
pub fn render(site: &Site, id: PageId) -> (Rendered, Vec<Diagnostic>) {
    let page = &site.pages[id];
    let text = page.text();
    let body = &text[page.body_start..];
    let mut renderer = Renderer::new(site, id, body);
    let mut references = References::new(body);
    let mut parser = Parser::new_ext(body, options()).into_offset_iter();
    while let Some((event, range)) = parser.next() {
        references.check(
            &event,
            &range,
            parser.reference_definitions(),
            &mut renderer.problems,
        );
        renderer.event(event, range.start);
    }
    let (out, problems) = renderer.finish(body.len());
    let diags = page.diags_in_body(problems).collect();
    (out, diags)
}

/// A problem found in the body, located once rendering is done: (offset,
/// message, hint).
type Problem = (usize, String, String);

/// Everything the render of one page's body keeps from event to event.
struct Renderer<'a> {
    site: &'a Site,
    id: PageId,
    /// Rewrites the page's links.
    link: Link<'a>,
    out: Rendered,
    problems: Vec<Problem>,
    /// The events to write, rewritten.
    events: Vec<Event<'a>>,
    /// The heading being read: it is written at its end, once its text
    /// (hence its id) is known.
    heading: Option<OpenHeading<'a>>,
    /// The section of the page's text being collected.
    section: Section,
    /// The image being read, collecting its alt text.
    image: Option<ImageRef>,
    /// The lines of the raw HTML block being read, with their offsets.
    html_block: Option<Vec<(CowStr<'a>, usize)>>,
    /// The `{#id}`s of the headings so far.
    explicit_ids: HashSet<String>,
    /// Automatic ids that repeat get -1, -2, ... They never take an id the
    /// theme's templates give elements of every page, nor an explicit
    /// `{#id}` of a heading further down.
    ids: UniqueIds,
    /// Section text feeds the search index and a FAQ page's JSON-LD.
    /// Without search, it stops being collected at the first h2 that is not
    /// a question (the page is no FAQ then): that saves copying every
    /// page's text on large sites.
    maybe_faq: bool,
    /// The glossary's terms, linked where each is first used (not on the
    /// glossary page itself, which lists them) outside headings, links,
    /// images and code.
    terms: Option<TermLinks<'a>>,
    /// How many links the text is in.
    in_link: usize,
    /// Whether the text is in a code block.
    in_code: bool,
}

impl<'a> Renderer<'a> {
    /// Ready to render the Markdown `body` of page `id` of `site`.
    fn new(site: &'a Site, id: PageId, body: &str) -> Self {
        let mut ids = UniqueIds::new(1);
        for id in TEMPLATE_IDS {
            ids.reserve(id);
        }
        let glossary = site.glossary.as_ref();
        if let Some(g) = glossary.filter(|g| g.page == id) {
            for t in &g.terms {
                ids.reserve(&t.id);
            }
        }
        for id in explicit_heading_ids(body) {
            ids.reserve(&id);
        }
        Renderer {
            site,
            id,
            link: Link {
                site,
                id,
                portable: site.config.portable,
            },
            out: Rendered::default(),
            problems: Vec::new(),
            events: Vec::new(),
            heading: None,
            section: Section::default(),
            image: None,
            html_block: None,
            explicit_ids: HashSet::new(),
            ids,
            maybe_faq: true,
            terms: glossary
                .filter(|g| g.page != id)
                .map(|g| TermLinks::new(g, site, id)),
            in_link: 0,
            in_code: false,
        }
    }

    /// Takes the next event of the body, found at `offset`.
    fn event(&mut self, event: Event<'a>, offset: usize) {
        if let Some(heading) = self.heading.as_mut() {
            match event {
                Event::End(TagEnd::Heading(_)) => return self.end_heading(),
                Event::Text(ref t) | Event::Code(ref t) => heading.text.push_str(t),
                _ => {}
            }
        }
        self.collect_text(&event);
        let Some(event) = self.rewrite_event(event, offset) else {
            return;
        };
        match self.heading.as_mut() {
            Some(heading) => heading.events.push(event),
            None => self.events.push(event),
        }
    }

    /// `event`, found at `offset`, as it is to be written (`None`: it is
    /// written later, or already was), by the family it belongs to.
    fn rewrite_event(&mut self, event: Event<'a>, offset: usize) -> Option<Event<'a>> {
        Some(match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                self.start_heading(level, id, classes, offset);
                return None;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: self.start_link(dest_url, offset),
                title,
                id,
            }),
            Event::End(TagEnd::Link) => self.end_link(),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: self.start_image(dest_url, offset),
                title,
                id,
            }),
            Event::End(TagEnd::Image) => self.end_image(),
            Event::Start(Tag::BlockQuote(Some(kind))) => containers::start_callout(kind),
            Event::End(TagEnd::BlockQuote(Some(_))) => containers::end_callout(),
            Event::Start(Tag::Table(alignments)) => self.start_table(alignments),
            Event::End(TagEnd::Table) => self.end_table(),
            Event::Html(html) => return self.html(html, offset),
            Event::InlineHtml(html) => self.inline_html(html, offset),
            Event::Start(Tag::HtmlBlock) => self.start_html_block(),
            Event::End(TagEnd::HtmlBlock) => self.end_html_block(),
            Event::Start(Tag::CodeBlock(kind)) => self.start_code_block(kind),
            Event::End(TagEnd::CodeBlock) => self.end_code_block(),
            Event::Text(text) if self.marks_terms() => return self.mark_terms(text),
            other => other,
        })
    }

    /// The page's body rendered, and the problems found in it.
    fn finish(mut self, body_len: usize) -> (Rendered, Vec<Problem>) {
        finish_section(&mut self.out.sections, &mut self.section);
        let mut out = self.out;
        let mut events = self.events;
        if let Some(g) = self.site.glossary.as_ref().filter(|g| g.page == self.id) {
            events.push(Event::Html(glossary_list(g).into()));
            // Each term is found (as text, not as a heading of its own, so a
            // term never outranks the pages that explain it) and leads to
            // its definition.
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
        out.anchors = self.ids.into_set();
        for id in TEMPLATE_IDS {
            out.anchors.remove(*id);
        }
        out.html.reserve(body_len * 3 / 2);
        pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
        (out, self.problems)
    }
}
