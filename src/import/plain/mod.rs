//! Parse of a guide copied from a web page as plain text into the document
//! model: headings as bare lines, `•` bullets nested by indentation, numbered
//! lists with indented content, lead-in lines ending in `:`, a keyword line
//! under the title, and site chrome around the article, which is dropped and
//! recorded.

mod article;
mod blocks;
mod lines;

use super::model::{Doc, Format, Text};
use article::{head, mark_chrome, tail};
use blocks::{is_row, Parser};
use lines::{line, Kind, Line};

/// Parses `text` (UTF-8, `\n` line ends).
pub(crate) fn parse(text: &str) -> Doc {
    let mut lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, raw)| line(i + 1, raw))
        .collect();
    while lines.last().is_some_and(|l| l.kind == Kind::Blank) {
        lines.pop();
    }
    let mut lines = spread(lines);
    let mut dropped = Vec::new();
    let (title, keywords, start) = head(&lines, &mut dropped);
    let end = tail(&lines, start, &mut dropped);
    let title_words: Vec<String> = title
        .iter()
        .chain(keywords.iter())
        .flat_map(|&i| super::language::words(lines[i].text))
        .map(str::to_lowercase)
        .collect();
    mark_chrome(&mut lines, start, end, &title_words, &mut dropped);
    dropped.sort_by_key(|d| d.first);
    let mut parser = Parser {
        lines: &lines,
        start,
        end,
    };
    let nodes = parser.nodes();
    Doc {
        format: Format::Text,
        lines: text.lines().count(),
        title: title.map(|i| (Text::plain(lines[i].text), lines[i].no)),
        keywords: keywords.map(|i| (lines[i].text.to_string(), lines[i].no)),
        nodes,
        dropped,
    }
}

/// Text copied without blank lines between paragraphs gets them back: a
/// blank line after every line, except inside a table and after a lead-in.
fn spread(lines: Vec<Line>) -> Vec<Line> {
    let blank = lines.iter().filter(|l| l.kind == Kind::Blank).count();
    if lines.len() < 10 || blank * 10 >= lines.len() {
        return lines;
    }
    let mut out = Vec::with_capacity(lines.len() * 2);
    for (i, l) in lines.iter().enumerate() {
        out.push(*l);
        let Some(next) = lines.get(i + 1) else {
            continue;
        };
        let table = is_row(l) && is_row(next);
        let lead_in = l.kind == Kind::Text && l.text.ends_with(':') && next.kind == Kind::Text;
        if !table && !lead_in && l.kind != Kind::Blank && next.kind != Kind::Blank {
            out.push(Line {
                no: l.no,
                indent: 0,
                text: "",
                kind: Kind::Blank,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::model::{Block, HeadingKind, List, Node};
    use super::*;

    fn lists(doc: &Doc) -> Vec<&List> {
        doc.nodes
            .iter()
            .filter_map(|n| match n {
                Node::Block(Block::List(l)) => Some(l),
                _ => None,
            })
            .collect()
    }

    const GUIDE: &str = "Site Logo\n\nA Guide to Things\n\nthings guide keywords here\n\nIntro Heading\n\nFirst paragraph.\n\nStep 1: Do It\n\nA. First Part\n\n  • Consider one if:\n    • You are ready.\n  • Skip it.\n\n  1. A mentor\n\n     Ideally senior.\n\n    • Meets you.\n  2. A peer\n\nTimeline rule:\nStart early.\n\nFAQ\n\n1. Is it hard?\n\nYes.\n\n\nThe end.\n\noverview\n\nGadget - Planning Made Simple\n\n* Free for students.\n\nRelated Articles\n\nOther article\n";

    #[test]
    fn structure() {
        let doc = parse(GUIDE);
        assert_eq!(
            doc.title.as_ref().map(|t| t.0.plain.as_str()),
            Some("A Guide to Things")
        );
        assert_eq!(doc.keywords.as_ref().map(|k| k.1), Some(5));
        let kinds: Vec<HeadingKind> = doc
            .nodes
            .iter()
            .filter_map(|n| match n {
                Node::Heading(h) => Some(h.kind.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                HeadingKind::Plain,
                HeadingKind::Step(1),
                HeadingKind::Lettered("A".into()),
                HeadingKind::Faq,
                HeadingKind::Question
            ]
        );
        let ls = lists(&doc);
        assert_eq!(ls.len(), 2);
        assert!(!ls[0].ordered && ls[0].items.len() == 2);
        assert!(matches!(&ls[0].items[0].blocks[0], Block::List(l) if l.items.len() == 1));
        assert!(ls[1].ordered && ls[1].items.len() == 2);
        let first = &ls[1].items[0];
        assert!(matches!(&first.blocks[0], Block::Para(p) if p.plain() == "Ideally senior."));
        assert!(matches!(&first.blocks[1], Block::List(_)));
        // The lead-in keeps its line.
        assert!(doc.nodes.iter().any(|n| matches!(n,
            Node::Block(Block::Para(p)) if p.lines.len() == 2 && p.plain() == "Timeline rule: Start early.")));
        assert!(doc.nodes.iter().any(|n| matches!(n, Node::Break { .. })));
    }

    #[test]
    fn chrome_is_dropped_and_listed() {
        let doc = parse(GUIDE);
        let what: Vec<(&str, usize, usize)> = doc
            .dropped
            .iter()
            .map(|d| (d.what.as_str(), d.first, d.last))
            .collect();
        assert_eq!(
            what,
            vec![
                ("logo", 1, 1),
                ("site label", 38, 38),
                ("promotion", 40, 42),
                ("related articles", 44, 46)
            ]
        );
        let all = format!("{:?}", doc.nodes);
        for gone in [
            "Gadget",
            "Free for",
            "overview",
            "Other article",
            "Site Logo",
        ] {
            assert!(!all.contains(gone), "{gone}");
        }
        assert!(all.contains("The end."));
    }

    #[test]
    fn text_without_blank_lines() {
        let dense = GUIDE
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        let doc = parse(&dense);
        let headings = doc
            .nodes
            .iter()
            .filter(|n| matches!(n, Node::Heading(_)))
            .count();
        assert_eq!(headings, 5, "{:#?}", doc.nodes);
        assert!(doc.nodes.iter().any(|n| matches!(n,
            Node::Block(Block::Para(p)) if p.plain() == "Timeline rule: Start early.")));
    }

    #[test]
    fn captions_are_dropped() {
        let text = "Title Of Guide\n\nguide words in lowercase here\n\nStudent at desk - Title Of Guide\n\nStep 1: Go\n\nText.\n\nChart of scores - Title Of Guide\n\nMore text.\n";
        let doc = parse(text);
        let captions = doc
            .dropped
            .iter()
            .filter(|d| d.what == "image caption")
            .count();
        assert_eq!(captions, 2);
    }
}
