//! Raw HTML written in the Markdown: its links treated as Markdown links
//! are, its `<img>`s and `<h1>`s recorded (`Link::raw_html` in
//! `render/link_rewrite.rs`), and an HTML comment that a block never closes
//! reported. An HTML block comes a line at a time: its tags are read once
//! the block is whole (a tag may span lines).

use super::renderer::Renderer;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

impl<'a> Renderer<'a> {
    /// An HTML block starts.
    pub(super) fn start_html_block(&mut self) -> Event<'a> {
        self.html_block = Some(Vec::new());
        Event::Start(Tag::HtmlBlock)
    }

    /// A line of HTML at `offset`: kept for the end of its block when it is
    /// in one (`None`), else rewritten.
    pub(super) fn html(&mut self, html: CowStr<'a>, offset: usize) -> Option<Event<'a>> {
        match self.html_block.as_mut() {
            Some(pieces) => {
                pieces.push((html, offset));
                None
            }
            None => Some(Event::Html(self.link.raw_html(
                vec![(html, offset)],
                &mut self.out,
                &mut self.problems,
            ))),
        }
    }

    /// Inline HTML at `offset`, rewritten.
    pub(super) fn inline_html(&mut self, html: CowStr<'a>, offset: usize) -> Event<'a> {
        Event::InlineHtml(self.link.raw_html(
            vec![(html, offset)],
            &mut self.out,
            &mut self.problems,
        ))
    }

    /// An HTML block ends: written whole, rewritten.
    pub(super) fn end_html_block(&mut self) -> Event<'a> {
        let pieces = self.html_block.take().unwrap_or_default();
        if let Some(offset) = unclosed_comment(&pieces) {
            self.problems.push((
                offset,
                "this HTML comment is never closed: it hides the rest of the page, and of the print page".into(),
                "end it with `-->`, or write `&lt;!--` to show the characters".into(),
            ));
        }
        let html = self
            .link
            .raw_html(pieces, &mut self.out, &mut self.problems);
        self.events.push(Event::Html(html));
        Event::End(TagEnd::HtmlBlock)
    }
}

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
