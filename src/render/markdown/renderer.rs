//! The pass over one page's events: everything it keeps ([`Renderer`]),
//! and which family of events each event belongs to. The families are
//! handled in the other files of this folder, each an `impl Renderer`.

use super::raw_elements::RawElements;
use crate::check::ImageRef;
use crate::error::Diagnostic;
use crate::load::theme::TEMPLATE_IDS;
use crate::load::{PageId, Site};
use crate::render::char_refs::References;
use crate::render::figures::wrap_events;
use crate::render::image_files::{ImageFiles, ImageSizes};
use crate::render::link_rewrite::Link;
use crate::render::rendered::Rendered;
use crate::render::sections::{finish_section, Section};
use crate::render::terms::{glossary_list, TermLinks};
use crate::url::UniqueIds;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};
use std::collections::HashSet;

pub(crate) use crate::flavor::options;

/// Renders page `id` of `site`, its images unmeasured. Broken `.md` links
/// and control characters written as character references are returned as
/// diagnostics.
pub fn render(site: &Site, id: PageId) -> (Rendered, Vec<Diagnostic>) {
    render_page(site, id, &ImageFiles::none())
}

/// [`render`], the images the site publishes measured in `images` (their
/// `width` and `height`).
pub(crate) fn render_page(
    site: &Site,
    id: PageId,
    images: &dyn ImageSizes,
) -> (Rendered, Vec<Diagnostic>) {
    let page = &site.pages[id];
    let text = page.text();
    let body = &text[page.body_start..];
    let mut renderer = Renderer::new(site, id, body, images);
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
pub(super) type Problem = (usize, String, String);

/// Everything the render of one page's body keeps from event to event.
pub(super) struct Renderer<'a> {
    pub(super) site: &'a Site,
    pub(super) id: PageId,
    /// Rewrites the page's links.
    pub(super) link: Link<'a>,
    pub(super) out: Rendered,
    pub(super) problems: Vec<Problem>,
    /// The events to write, rewritten.
    pub(super) events: Vec<Event<'a>>,
    /// The heading being read: it is written at its end, once its text
    /// (hence its id) is known.
    pub(super) heading: Option<OpenHeading<'a>>,
    /// The section of the page's text being collected.
    pub(super) section: Section,
    /// The image being read, collecting its alt text.
    pub(super) image: Option<ImageRef>,
    /// The images being read (one, or more in an alt text): where each
    /// starts among the events being written, and where it is published,
    /// when the site publishes it.
    pub(super) open_images: Vec<(usize, Option<String>)>,
    /// Where the site's images are, to give each its size.
    pub(super) images: &'a dyn ImageSizes,
    /// The lines of the raw HTML block being read, with their offsets.
    pub(super) html_block: Option<Vec<(CowStr<'a>, usize)>>,
    /// The `{#id}`s of the headings so far.
    pub(super) explicit_ids: HashSet<String>,
    /// Automatic ids that repeat get -1, -2, ... They never take an id the
    /// theme's templates give elements of every page, nor an explicit
    /// `{#id}` of a heading further down.
    pub(super) ids: UniqueIds,
    /// Section text feeds the search index and a FAQ page's JSON-LD.
    /// Without search, it stops being collected at the first h2 that is not
    /// a question (the page is no FAQ then): that saves copying every
    /// page's text on large sites.
    pub(super) maybe_faq: bool,
    /// The glossary's terms, linked where each is first used (not on the
    /// glossary page itself, which lists them) outside headings, links,
    /// images and code.
    pub(super) terms: Option<TermLinks<'a>>,
    /// How many links the text is in.
    pub(super) in_link: usize,
    /// Whether the text is in a code block.
    pub(super) in_code: bool,
    /// The page's body, for raw text put back as it is written.
    pub(super) body: &'a str,
    /// The elements raw HTML has left open.
    pub(super) raw: RawElements,
    /// While a raw-text element is open: how many events there were after
    /// its start tag, and where in the body its content starts. Its end
    /// tag puts the content back as written, over the events in between.
    pub(super) raw_mark: Option<(usize, usize)>,
    /// Ends of paragraphs whose starts went with raw content put back,
    /// still to drop, and how deep the events are below them.
    pub(super) drop_ends: usize,
    pub(super) drop_depth: usize,
    /// Text read since the last other event, for the glossary: Markdown
    /// cuts text at quotes and stray `*`, and a term may span the cut.
    pub(super) pending: String,
}

/// A heading being read.
pub(super) struct OpenHeading<'a> {
    pub(super) level: HeadingLevel,
    /// Its `{#id}`, when it has one.
    pub(super) id: Option<CowStr<'a>>,
    /// Its `{.class}`es.
    pub(super) classes: Vec<CowStr<'a>>,
    /// Where it starts in the body.
    pub(super) offset: usize,
    /// What is written inside it, rewritten.
    pub(super) events: Vec<Event<'a>>,
    /// Its text, for its id, the table of contents and its section.
    pub(super) text: String,
}

impl<'a> Renderer<'a> {
    /// Ready to render the Markdown `body` of page `id` of `site`.
    fn new(site: &'a Site, id: PageId, body: &'a str, images: &'a dyn ImageSizes) -> Self {
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
        if let Some(s) = site.sources.as_ref().filter(|s| s.page == id) {
            for source in &s.entries {
                ids.reserve(&source.id);
            }
        }
        for id in Renderer::explicit_heading_ids(body) {
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
            open_images: Vec::new(),
            images,
            html_block: None,
            explicit_ids: HashSet::new(),
            ids,
            maybe_faq: true,
            terms: glossary
                .filter(|g| g.page != id)
                .map(|g| TermLinks::new(g, site, id)),
            in_link: 0,
            in_code: false,
            body,
            raw: RawElements::default(),
            raw_mark: None,
            drop_ends: 0,
            drop_depth: 0,
            pending: String::new(),
        }
    }

    /// Takes the next event of the body, found at `offset`.
    fn event(&mut self, event: Event<'a>, offset: usize) {
        let more_text = matches!(event, Event::Text(_)) && self.marks_terms();
        if !more_text {
            self.flush_terms();
        }
        if self.dropped_end(&event) {
            return;
        }
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
            Event::Start(Tag::BlockQuote(Some(kind))) => Renderer::start_callout(kind),
            Event::End(TagEnd::BlockQuote(Some(_))) => Renderer::end_callout(),
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
        self.flush_terms();
        if let Some(open) = self.raw.open() {
            let name = open.name;
            self.problems.push((
                open.at,
                format!("this <{name}> is never closed: it hides the rest of the page, and of the print page"),
                format!("end it with `</{name}>`, or write `&lt;{name}>` to show the tag as text"),
            ));
        }
        finish_section(&mut self.out.sections, &mut self.section);
        let sources = self.source_list();
        let mut out = self.out;
        let mut events = self.events;
        if let Some(list) = sources {
            events.push(Event::Html(list.into()));
        }
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
        pulldown_cmark::html::push_html(&mut out.html, wrap_events(events).into_iter());
        (out, self.problems)
    }
}
