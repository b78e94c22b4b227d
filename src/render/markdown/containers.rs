//! Blocks that are written inside a wrapper: GitHub alerts (`> [!NOTE]`)
//! as callouts with their title, tables inside a `div` that scrolls on a
//! narrow screen.

use super::renderer::Renderer;
use pulldown_cmark::{Alignment, BlockQuoteKind, Event, Tag, TagEnd};

impl<'a> Renderer<'a> {
    /// A GitHub alert of `kind` starts: a callout opens, with its title.
    pub(super) fn start_callout(kind: BlockQuoteKind) -> Event<'a> {
        let (class, label) = alert(kind);
        Event::Html(format!("<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{label}</p>\n").into())
    }

    /// A GitHub alert ends.
    pub(super) fn end_callout() -> Event<'a> {
        Event::Html("</div>\n".into())
    }

    /// A table starts, in its wrapper.
    pub(super) fn start_table(&mut self, alignments: Vec<Alignment>) -> Event<'a> {
        self.events
            .push(Event::Html("<div class=\"table-wrap\">\n".into()));
        Event::Start(Tag::Table(alignments))
    }

    /// A table ends, and its wrapper.
    pub(super) fn end_table(&mut self) -> Event<'a> {
        self.events.push(Event::End(TagEnd::Table));
        Event::Html("</div>\n".into())
    }
}

/// A GitHub alert's class and title.
fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}
