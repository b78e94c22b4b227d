//! The sources page's list, after its own text: one section per source of
//! its `sources:` front matter, with the source's id as the heading's id
//! (so `sources.md#ecfmg` leads there), its address, its note (Markdown,
//! links rewritten as the body's are) and the date it was last checked,
//! printed the site's way. Each source is also in the table of contents and
//! in the search index.

use super::renderer::{options, Renderer};
use crate::html::escape;
use crate::load::link_targets::Target;
use crate::load::{NoteLink, Source};
use crate::render::rendered::TocEntry;
use crate::render::sections::Section;
use crate::url::relative;
use pulldown_cmark::{CowStr, Event, Parser, Tag};

impl Renderer<'_> {
    /// The list of sources, when this is the sources page.
    pub(super) fn source_list(&mut self) -> Option<String> {
        let sources = self.site.sources.as_ref().filter(|s| s.page == self.id)?;
        let mut html = String::from("<div class=\"sources\">\n");
        for source in &sources.entries {
            let id = escape(&source.id);
            let name = escape(&source.name);
            let url = escape(&source.url);
            let checked = source
                .checked
                .map(|d| (d, d.format(&self.site.config.parsed.dates)));
            html.push_str(&format!(
                "<section class=\"source\">\n<h2 id=\"{id}\">{name} <a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section: {name}\">#</a></h2>\n<p class=\"source-url\"><a href=\"{url}\">{url}</a></p>\n"
            ));
            html.push_str(&self.note_html(source));
            if let Some((date, words)) = checked {
                html.push_str(&format!(
                    "<p class=\"source-checked\">Last checked <time datetime=\"{date}\">{}</time></p>\n",
                    escape(&words)
                ));
            }
            html.push_str("</section>\n");
            self.out.toc.push(TocEntry {
                id: source.id.clone(),
                title: source.name.clone(),
                level: 2,
                children: Vec::new(),
            });
            self.out.sections.push(Section {
                id: Some(source.id.clone()),
                heading: source.name.clone(),
                level: 2,
                text: note_text(&source.note),
            });
        }
        html.push_str("</div>\n");
        Some(html)
    }

    /// A source's note as HTML: its links to pages and to the site root
    /// written relative to this page (and recorded, for the print page),
    /// raw HTML shown as text.
    fn note_html(&mut self, source: &Source) -> String {
        if source.note.trim().is_empty() {
            return String::new();
        }
        let from = &self.site.pages[self.id].path;
        let portable = self.site.config.portable;
        let mut links: Vec<(String, Target)> = Vec::new();
        let events: Vec<Event> = Parser::new_ext(&source.note, options())
            .map(|event| match event {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => Event::Start(Tag::Link {
                    link_type,
                    dest_url: rewrite(&source.links, dest_url, from, portable, &mut links),
                    title,
                    id,
                }),
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => Event::Start(Tag::Image {
                    link_type,
                    dest_url: rewrite(&source.links, dest_url, from, portable, &mut links),
                    title,
                    id,
                }),
                Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
                other => other,
            })
            .collect();
        self.out.links.append(&mut links);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        html
    }
}

/// `dest` as the page at `from` writes it: a link the note's resolved
/// links name, relative to `from`; anything else (external) as written.
fn rewrite<'e>(
    resolved: &[NoteLink],
    dest: CowStr<'e>,
    from: &str,
    portable: bool,
    links: &mut Vec<(String, Target)>,
) -> CowStr<'e> {
    let Some(link) = resolved.iter().find(|l| l.dest == *dest) else {
        return dest;
    };
    let url = relative(from, &link.to, portable);
    let target = match link.page {
        Some(page) => Target::Page {
            page,
            anchor: link.anchor.clone(),
        },
        None => Target::SiteRoot(link.to.clone()),
    };
    links.push((url.clone(), target));
    url.into()
}

/// A note's words, for the search index.
fn note_text(note: &str) -> String {
    let mut text = String::new();
    for event in Parser::new(note) {
        if let Event::Text(t) | Event::Code(t) = event {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&t);
        }
    }
    text
}
