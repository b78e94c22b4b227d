//! Headings: each gets an id (its `{#id}`, checked, or a slug of its text
//! made unique on the page) and an anchor link, opens a section of the
//! page's text, and goes into the table of contents when it is an h2 or h3.
//! A heading is written at its end, once its text, hence its id, is known.

use super::renderer::{options, OpenHeading, Renderer};
use crate::html::escape;
use crate::load::theme::TEMPLATE_IDS;
use crate::render::rendered::TocEntry;
use crate::render::sections::{finish_section, is_question, Section};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag};

impl<'a> Renderer<'a> {
    /// A heading of `level` starts at `offset`, with the `{#id}` and
    /// `{.class}`es it was given.
    pub(super) fn start_heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        offset: usize,
    ) {
        self.heading = Some(OpenHeading {
            level,
            id,
            classes,
            offset,
            events: Vec::new(),
            text: String::new(),
        });
    }

    /// The heading being read ends: it is written with its id and anchor
    /// link, opens a section and enters the table of contents.
    pub(super) fn end_heading(&mut self) {
        let Some(heading) = self.heading.take() else {
            return;
        };
        let id = self.heading_id(heading.id, &heading.text, heading.offset);
        let title = heading.text.trim().to_string();
        let lvl = heading.level as u8;
        if lvl == 1 {
            self.out.h1_offsets.push(heading.offset);
        }
        if lvl == 2 && !is_question(&title) {
            self.maybe_faq = false;
        }
        finish_section(&mut self.out.sections, &mut self.section);
        self.section = Section {
            id: Some(id.clone()),
            heading: title.clone(),
            level: lvl,
            text: String::new(),
        };
        let class_attr = if heading.classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape(&heading.classes.join(" ")))
        };
        self.events.push(Event::Html(
            format!("<h{lvl} id=\"{}\"{class_attr}>", escape(&id)).into(),
        ));
        self.events.extend(heading.events);
        self.events.push(Event::Html(
            format!(
                " <a class=\"anchor\" href=\"#{}\" aria-label=\"Link to this section: {}\">#</a></h{lvl}>\n",
                escape(&id),
                escape(&title)
            )
            .into(),
        ));
        add_toc(&mut self.out.toc, lvl, id, title);
    }

    /// The explicit `{#id}`s of the headings of `body`, read before the
    /// body renders so that automatic ids can keep clear of them. Only a
    /// body that has `{#` at all is parsed for them.
    pub(super) fn explicit_heading_ids(body: &str) -> Vec<String> {
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

    /// The id of the heading at `offset` with `text`: its `explicit` `{#id}`
    /// as written (one the theme's templates use, or one repeated on the
    /// page, is a problem), else a slug of its text made unique.
    fn heading_id(&mut self, explicit: Option<CowStr>, text: &str, offset: usize) -> String {
        let Some(e) = explicit.filter(|e| !e.is_empty()) else {
            return self.ids.heading(None, text);
        };
        let e = e.to_string();
        if TEMPLATE_IDS.contains(&e.as_str()) {
            self.problems.push((
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
        } else if self
            .site
            .sources
            .as_ref()
            .is_some_and(|s| s.page == self.id && s.by_id(&e).is_some())
        {
            self.problems.push((
                offset,
                format!("heading id `{e}` is also the id of a source listed on this page"),
                "choose another {#id}: each source's section takes its id".into(),
            ));
        } else if !self.explicit_ids.insert(e.clone()) {
            self.problems.push((
                offset,
                format!("duplicate heading id `{e}`"),
                "each {#id} must be unique on its page".into(),
            ));
        }
        e
    }
}

/// Adds a heading to the table of contents: an h2 at the top, an h3 under
/// the h2 before it (at the top when there is none), other levels not.
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
