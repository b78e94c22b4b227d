//! Raw HTML written in the Markdown: its links treated as Markdown links
//! are, its `<img>`s and `<h1>`s recorded (`Link::raw_html` in
//! `render/link_rewrite.rs`), an HTML comment that a block never closes
//! reported, and the elements it opens followed (`raw_elements.rs`): the
//! content of a `<script>` or `<style>` goes out as written, and one never
//! closed is reported. An HTML block comes a line at a time: its tags are read once
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
            None => {
                let pieces = vec![(html, offset)];
                self.raw_tags(&pieces);
                Some(Event::Html(self.link.raw_html(
                    pieces,
                    &mut self.out,
                    &mut self.problems,
                )))
            }
        }
    }

    /// Inline HTML at `offset`, rewritten.
    pub(super) fn inline_html(&mut self, html: CowStr<'a>, offset: usize) -> Event<'a> {
        let pieces = vec![(html, offset)];
        self.raw_tags(&pieces);
        Event::InlineHtml(
            self.link
                .raw_html(pieces, &mut self.out, &mut self.problems),
        )
    }

    /// Follows the elements the raw HTML `pieces` (with their offsets in
    /// the body) open and close; called before their event is written.
    /// When they end a raw-text element opened earlier, what the page
    /// made of its content since (Markdown's quotes, emphasis, paragraphs)
    /// is replaced by the content as written.
    fn raw_tags(&mut self, pieces: &[(CowStr<'a>, usize)]) {
        let was_open = self.raw.open().is_some();
        let mut closed = None;
        for (piece, offset) in pieces {
            if let Some(at) = self.raw.read(piece, *offset) {
                closed.get_or_insert(at);
            }
        }
        if closed.is_some() {
            // Up to where this HTML starts: it is written as it is.
            let until = pieces.first().map_or(0, |(_, o)| *o);
            if let Some((mark, from)) = self.raw_mark.take() {
                self.put_back_raw(mark, from, until);
            }
        }
        let opened = self.raw.open().is_some() && (closed.is_some() || !was_open);
        if opened {
            let end = pieces.last().map_or(0, |(p, o)| o + p.len());
            // Marked after this event, which goes into the page's events
            // (a heading's are written later, as they are).
            self.raw_mark = self
                .heading
                .is_none()
                .then_some((self.events.len() + 1, end));
        }
    }

    /// Replaces the events from index `mark` on with the body's text from
    /// `from` to `until`, as written: the content of a raw-text element.
    /// When that content spans blank lines, Markdown made paragraphs of it:
    /// those it opened and did not close are closed no more (their ends,
    /// still to come, are dropped). Anything else opened or closed there (a
    /// list, a quotation) leaves the events as they are.
    fn put_back_raw(&mut self, mark: usize, from: usize, until: usize) {
        if self.heading.is_some() || mark > self.events.len() || from > until {
            return;
        }
        // Paragraphs opened (`starts`) and closed (`ends`) there and not
        // in it; anything else must open and close there.
        let (mut ends, mut starts, mut other) = (0usize, 0usize, 0usize);
        for event in &self.events[mark..] {
            match event {
                Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
                Event::Start(Tag::Paragraph) => starts += 1,
                Event::End(TagEnd::Paragraph) if starts > 0 => starts -= 1,
                Event::End(TagEnd::Paragraph) => ends += 1,
                Event::Start(_) => other += 1,
                Event::End(_) if other > 0 => other -= 1,
                Event::End(_) => return,
                _ => {}
            }
        }
        if starts < ends || other > 0 {
            return;
        }
        self.events.truncate(mark);
        let raw = self.body[from..until].to_string();
        self.events.push(Event::InlineHtml(raw.into()));
        self.drop_ends += starts - ends;
    }

    /// Whether `event` is the end of a paragraph whose start
    /// [`put_back_raw`](Self::put_back_raw) took away (then it is not
    /// written); keeps count of the elements opened since.
    pub(super) fn dropped_end(&mut self, event: &Event) -> bool {
        if self.drop_ends == 0 {
            return false;
        }
        match event {
            Event::Start(_) => self.drop_depth += 1,
            Event::End(_) if self.drop_depth > 0 => self.drop_depth -= 1,
            Event::End(_) => {
                self.drop_ends -= 1;
                return true;
            }
            _ => {}
        }
        false
    }

    /// An HTML block ends: written whole, rewritten.
    pub(super) fn end_html_block(&mut self) -> Event<'a> {
        let pieces = self.html_block.take().unwrap_or_default();
        self.raw_tags(&pieces);
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
