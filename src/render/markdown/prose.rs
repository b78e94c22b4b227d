//! Text and code: the text of the page by section (for the search index and
//! a FAQ page's structured data), images' alt text, and glossary terms
//! linked where each is first used, outside headings, links, images and
//! code.

use super::renderer::Renderer;
use crate::render::sections::push_collapsed;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

impl<'a> Renderer<'a> {
    /// Adds what `event` says to the alt text of the image being read, or
    /// to the text of the section. A heading's text belongs to the section
    /// it opens (its `heading`), not to the one before it: a FAQ answer
    /// ends at the next question.
    pub(super) fn collect_text(&mut self, event: &Event) {
        let want_text = (self.site.config.search || self.maybe_faq) && self.heading.is_none();
        match event {
            Event::Text(t) | Event::Code(t) => match self.image.as_mut() {
                Some(img) => img.alt.push_str(t),
                None if want_text => push_collapsed(&mut self.section.text, t),
                None => {}
            },
            // A line break, or the end of a block (paragraph, list item,
            // table cell), separates words; the end of emphasis or of a link
            // does not ("(Step 2)", "grades,", not "(Step 2 )", "grades ,").
            Event::SoftBreak | Event::HardBreak if want_text => {
                push_collapsed(&mut self.section.text, " ")
            }
            Event::End(end) if want_text && !inline(end) => {
                push_collapsed(&mut self.section.text, " ")
            }
            _ => {}
        }
    }

    /// Whether text here has its glossary terms linked: not in a heading,
    /// an image, a link or code, nor in raw HTML's `<a>`, `<code>`,
    /// `<script>` and their kind.
    pub(super) fn marks_terms(&self) -> bool {
        self.heading.is_none()
            && self.image.is_none()
            && self.in_link == 0
            && !self.in_code
            && self.raw.allows_terms()
    }

    /// `text`, kept until the next other event so that the glossary sees
    /// the whole run of text (`None`), or as it is without a glossary.
    pub(super) fn mark_terms(&mut self, text: CowStr<'a>) -> Option<Event<'a>> {
        if self.terms.is_none() {
            return Some(Event::Text(text));
        }
        self.pending.push_str(&text);
        None
    }

    /// Writes the text kept, with the first use on the page of each
    /// glossary term linked to its definition.
    pub(super) fn flush_terms(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.pending);
        match self.terms.as_mut() {
            Some(terms) => terms.mark(text.into(), &mut self.events, &mut self.out),
            None => self.events.push(Event::Text(text.into())),
        }
    }

    /// A code block starts.
    pub(super) fn start_code_block(&mut self, kind: CodeBlockKind<'a>) -> Event<'a> {
        self.in_code = true;
        Event::Start(Tag::CodeBlock(kind))
    }

    /// A code block ends.
    pub(super) fn end_code_block(&mut self) -> Event<'a> {
        self.in_code = false;
        Event::End(TagEnd::CodeBlock)
    }
}

/// Whether `end` closes an element inside a line of text.
fn inline(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}
