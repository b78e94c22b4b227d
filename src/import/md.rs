//! Parse of a single Markdown file into the document model, so it can be
//! split into pages like a plain-text guide. The Markdown of every block is
//! kept verbatim; only its plain text is read, to recognise headings, lead-ins
//! and instructions.

use super::chrome;
use super::model::{
    Block, Doc, Dropped, Format, Heading, HeadingKind, Item, List, Node, Para, Text,
};
use super::recognise::classify;
use crate::error::line_col;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::ops::Range;

type Events<'a> = [(Event<'a>, Range<usize>)];

/// Parses Markdown `text` (UTF-8, `\n` line ends).
pub(crate) fn parse(text: &str) -> Doc {
    let mut dropped = Vec::new();
    let mut offset = 0;
    if let Ok(s) = crate::load::split(text) {
        let (last, _) = line_col(text, s.body_start.saturating_sub(1));
        dropped.push(Dropped {
            first: 1,
            last,
            what: "front matter".into(),
            text: "---".into(),
        });
        offset = s.body_start;
    }
    let events: Vec<(Event, Range<usize>)> =
        Parser::new_ext(&text[offset..], crate::render::markdown::options())
            .into_offset_iter()
            .map(|(e, r)| (e, r.start + offset..r.end + offset))
            .collect();
    let line = |at: usize| line_col(text, at).0;
    let mut nodes = Vec::new();
    let mut title = None;
    let mut in_faq = false;
    let mut i = 0;
    while i < events.len() {
        let end = matching_end(&events, i);
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let t = inline(&events[i + 1..end], text);
                let rank = *level as u8;
                if rank == 1 && title.is_none() && nodes.is_empty() {
                    title = Some((t, line(range.start)));
                } else {
                    let (kind, label) = classify(&t.plain, in_faq);
                    in_faq |= kind == HeadingKind::Faq;
                    nodes.push(Node::Heading(Heading {
                        kind,
                        text: t,
                        label,
                        id: id.as_ref().map(|s| s.to_string()),
                        rank: Some(rank),
                        line: line(range.start),
                    }));
                }
            }
            Event::Start(Tag::Paragraph) => {
                let mut t = inline(&events[i + 1..end], text);
                t.md = Some(text[range.clone()].trim_end().to_string());
                nodes.push(Node::Block(Block::Para(Para {
                    lines: vec![t],
                    line: line(range.start),
                })));
            }
            Event::Start(Tag::List(_)) => {
                let mut l = list(&events[i..=end], text);
                l.source = Some(text[range.clone()].trim_end().to_string());
                nodes.push(Node::Block(Block::List(l)));
            }
            _ => nodes.push(Node::Block(Block::Raw {
                md: text[range.clone()].trim_end().to_string(),
                line: line(range.start),
            })),
        }
        i = end + 1;
    }
    // A keyword line right under the title becomes the tags.
    let mut keywords = None;
    if let Some(Node::Block(Block::Para(p))) = nodes.first() {
        let plain = p.plain();
        if title.is_some()
            && !plain.contains('\n')
            && (chrome::is_keyword_line(&plain) || chrome::keyword_label(&plain).is_some())
        {
            keywords = Some((plain, p.line));
            nodes.remove(0);
        }
    }
    Doc {
        format: Format::Markdown,
        lines: text.lines().count(),
        title,
        keywords,
        nodes,
        dropped,
    }
}

/// Index of the event that closes the one at `i` (`i` itself if it opens nothing).
fn matching_end(events: &Events, i: usize) -> usize {
    let mut depth = 0usize;
    for (k, (e, _)) in events.iter().enumerate().skip(i) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            return k;
        }
    }
    events.len().saturating_sub(1)
}

/// The text of a run of inline events: plain, and the Markdown it spans.
fn inline(events: &Events, text: &str) -> Text {
    let mut plain = String::new();
    for (e, _) in events {
        match e {
            Event::Text(t) | Event::InlineMath(t) | Event::DisplayMath(t) => plain.push_str(t),
            // Code keeps its backticks: `--force` in a checklist item or a
            // description is still recognisably code, not a bare word.
            Event::Code(t) => {
                let fence = "`".repeat(longest_run(t, '`') + 1);
                let pad = if t.starts_with('`') || t.ends_with('`') {
                    " "
                } else {
                    ""
                };
                plain.push_str(&format!("{fence}{pad}{t}{pad}{fence}"));
            }
            Event::SoftBreak | Event::HardBreak => plain.push(' '),
            _ => {}
        }
    }
    let start = events.iter().map(|(_, r)| r.start).min();
    let end = events.iter().map(|(_, r)| r.end).max();
    let md = match (start, end) {
        (Some(s), Some(e)) if s < e => text[s..e].trim().to_string(),
        _ => String::new(),
    };
    Text {
        plain: plain.trim().to_string(),
        md: Some(md),
    }
}

/// The longest run of `c` in `s`.
fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for x in s.chars() {
        run = if x == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// A list from its events (`Start(List)` to `End(List)`).
fn list(events: &Events, text: &str) -> List {
    let (ordered, start) = match &events[0].0 {
        Event::Start(Tag::List(Some(n))) => (true, Some(*n)),
        _ => (false, None),
    };
    let line = line_col(text, events[0].1.start).0;
    let mut items = Vec::new();
    let mut k = 1;
    while k < events.len() {
        let end = matching_end(events, k);
        if let Event::Start(Tag::Item) = events[k].0 {
            let n = start.map(|s| s + items.len() as u64);
            items.push(item(&events[k..=end], text, n));
        }
        k = end + 1;
    }
    List {
        ordered,
        items,
        source: None,
        line,
    }
}

fn is_block_start(e: &Event) -> bool {
    matches!(
        e,
        Event::Start(
            Tag::Paragraph
                | Tag::List(_)
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::Heading { .. }
                | Tag::Table(_)
                | Tag::HtmlBlock
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionList
        )
    ) || matches!(e, Event::Rule | Event::End(TagEnd::Item))
}

/// One item (`Start(Item)` to `End(Item)`).
fn item(events: &Events, text: &str, number: Option<u64>) -> Item {
    let line = line_col(text, events[0].1.start).0;
    let last = events.len() - 1;
    let mut k = 1;
    let first = if let Some((Event::Start(Tag::Paragraph), _)) = events.get(1) {
        let end = matching_end(events, 1);
        k = end + 1;
        inline(&events[2..end], text)
    } else {
        while k < last && !is_block_start(&events[k].0) {
            k += 1;
        }
        inline(&events[1..k], text)
    };
    let mut blocks = Vec::new();
    while k < last {
        let end = matching_end(events, k);
        let (e, r) = &events[k];
        let at = line_col(text, r.start).0;
        match e {
            Event::Start(Tag::Paragraph) => {
                let mut t = inline(&events[k + 1..end], text);
                t.md = Some(text[r.clone()].trim_end().to_string());
                blocks.push(Block::Para(Para {
                    lines: vec![t],
                    line: at,
                }));
            }
            Event::Start(Tag::List(_)) => blocks.push(Block::List(list(&events[k..=end], text))),
            _ => blocks.push(Block::Raw {
                md: text[r.clone()].trim_end().to_string(),
                line: at,
            }),
        }
        k = end + 1;
    }
    Item {
        number,
        text: first,
        blocks,
        line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_headings_and_keeps_markdown() {
        let doc = parse(
            "# The Guide\n\nintro words for the keyword line\n\nFirst *para*.\n\n## Step 1: Go {#go}\n\n- **Book** a slot:\n  - early\n- Two\n\n## FAQ\n\n### Why?\n\nBecause.\n",
        );
        assert_eq!(
            doc.title.as_ref().map(|t| t.0.plain.as_str()),
            Some("The Guide")
        );
        assert_eq!(doc.keywords.as_ref().map(|k| k.1), Some(3));
        let heads: Vec<(&HeadingKind, Option<&str>, Option<u8>)> = doc
            .nodes
            .iter()
            .filter_map(|n| match n {
                Node::Heading(h) => Some((&h.kind, h.id.as_deref(), h.rank)),
                _ => None,
            })
            .collect();
        assert_eq!(
            heads,
            vec![
                (&HeadingKind::Step(1), Some("go"), Some(2)),
                (&HeadingKind::Faq, None, Some(2)),
                (&HeadingKind::Question, None, Some(3)),
            ]
        );
        let list = doc
            .nodes
            .iter()
            .find_map(|n| match n {
                Node::Block(Block::List(l)) => Some(l),
                _ => None,
            })
            .expect("a list");
        assert_eq!(list.items[0].text.plain, "Book a slot:");
        assert_eq!(list.items[0].text.md.as_deref(), Some("**Book** a slot:"));
        assert!(
            matches!(&list.items[0].blocks[0], Block::List(l) if l.items[0].text.plain == "early")
        );
        assert_eq!(
            list.source.as_deref(),
            Some("- **Book** a slot:\n  - early\n- Two")
        );
    }

    #[test]
    fn front_matter_is_dropped() {
        let doc = parse("---\ntitle: x\n---\n# T\n\n## Step 1: A\n\nText.\n");
        assert_eq!(doc.dropped[0].what, "front matter");
        assert_eq!((doc.dropped[0].first, doc.dropped[0].last), (1, 3));
        assert_eq!(doc.title.as_ref().map(|t| t.1), Some(4));
    }
}
