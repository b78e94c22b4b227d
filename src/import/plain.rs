//! Parse of a guide copied from a web page as plain text into the document
//! model: headings as bare lines, `•` bullets nested by indentation, numbered
//! lists with indented content, lead-in lines ending in `:`, a keyword line
//! under the title, and site chrome around the article, which is dropped and
//! recorded.

use super::chrome;
use super::model::{Block, Doc, Dropped, Format, Item, List, Node, Para, Text};
use super::recognise::{classify, heading_like, is_faq, step};

/// Characters that mark a bullet when they start a line.
const GLYPHS: &[char] = &[
    '•', '◦', '▪', '▫', '‣', '●', '○', '■', '□', '⁃', '◆', '◇', '►', '▸', '➢', '✓', '✔',
];

/// What a line is, before any context is taken into account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind<'a> {
    Blank,
    /// A line left out as chrome; separates blocks like a blank line.
    Skip,
    Bullet(char, &'a str),
    Number(u64, &'a str),
    Text,
}

#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    /// 1-based line number.
    no: usize,
    indent: usize,
    /// The line without indentation or trailing space.
    text: &'a str,
    kind: Kind<'a>,
}

/// Parses `text` (UTF-8, `\n` line ends).
pub fn parse(text: &str) -> Doc {
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

fn line(no: usize, raw: &str) -> Line<'_> {
    let mut indent = 0;
    let mut at = raw.len();
    for (i, c) in raw.char_indices() {
        match c {
            ' ' | '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{3000}' => indent += 1,
            '\t' => indent += 4,
            '\u{200b}' | '\u{feff}' => {}
            _ => {
                at = i;
                break;
            }
        }
    }
    let text = raw[at..].trim_end_matches(|c: char| c.is_whitespace() || c == '\u{200b}');
    let kind = if text.is_empty() {
        Kind::Blank
    } else {
        marker(text)
    };
    Line {
        no,
        indent,
        text,
        kind,
    }
}

/// Recognises a list marker at the start of `text`.
fn marker(text: &str) -> Kind<'_> {
    let mut cs = text.chars();
    let Some(first) = cs.next() else {
        return Kind::Blank;
    };
    let rest = cs.as_str();
    if GLYPHS.contains(&first) && !rest.trim().is_empty() {
        return Kind::Bullet(first, rest.trim());
    }
    if matches!(first, '-' | '*' | '+')
        && rest.starts_with(char::is_whitespace)
        && !rest.trim().is_empty()
    {
        return Kind::Bullet(first, rest.trim());
    }
    if let Some((num, rest)) = super::recognise::number_prefix(text) {
        if let Ok(n) = num.parse() {
            return Kind::Number(n, rest);
        }
    }
    Kind::Text
}

fn is_blank(l: &Line) -> bool {
    matches!(l.kind, Kind::Blank | Kind::Skip)
}

/// Whether line `i` stands alone: blank (or nothing) before and after.
fn alone(lines: &[Line], i: usize) -> bool {
    (i == 0 || is_blank(&lines[i - 1])) && lines.get(i + 1).is_none_or(is_blank)
}

fn drop_block(lines: &[Line], first: usize, last: usize, what: &str) -> Dropped {
    Dropped {
        first: lines[first].no,
        last: lines[last].no,
        what: what.to_string(),
        text: lines[first].text.to_string(),
    }
}

/// Finds the title and the keyword line; drops what comes before the title.
/// Returns (title, keywords, first line of the body).
fn head(lines: &[Line], dropped: &mut Vec<Dropped>) -> (Option<usize>, Option<usize>, usize) {
    let early: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].kind != Kind::Blank)
        .take(12)
        .collect();
    let plain = |i: usize| lines[i].kind == Kind::Text && lines[i].indent == 0;
    let keywords = early.iter().enumerate().skip(1).find(|(k, &i)| {
        let t = lines[i].text;
        let prev = early[k - 1];
        plain(i)
            && chrome::is_keyword_line(t)
            && !chrome::is_logo(t)
            && plain(prev)
            && step(lines[prev].text).is_none()
    });
    let (title, keywords) = match keywords {
        Some((k, &i)) => (Some(early[k - 1]), Some(i)),
        None => {
            let title = early.iter().take(6).copied().find(|&i| {
                let t = lines[i].text;
                plain(i)
                    && !chrome::is_logo(t)
                    && !chrome::is_label(t)
                    && !chrome::is_related(t)
                    && super::language::words(t).len() >= 2
                    && !t.ends_with('.')
            });
            // A guide that opens with its first step has no title.
            (title.filter(|&i| step(lines[i].text).is_none()), None)
        }
    };
    let Some(t) = title else {
        return (None, None, 0);
    };
    for &i in early.iter().filter(|&&i| i < t) {
        let what = if chrome::is_logo(lines[i].text) {
            "logo"
        } else {
            "site header"
        };
        dropped.push(drop_block(lines, i, i, what));
    }
    (title, keywords, keywords.unwrap_or(t) + 1)
}

/// Finds where the article ends: "Related Articles", or a promotion block
/// after the last step or FAQ heading. Drops the rest; returns the end.
fn tail(lines: &[Line], start: usize, dropped: &mut Vec<Dropped>) -> usize {
    let mut end = lines.len();
    let top = |i: usize| lines[i].kind == Kind::Text && lines[i].indent == 0 && alone(lines, i);
    let structural = |i: usize| {
        let t = lines[i].text;
        top(i) && (step(t).is_some() || is_faq(t)) && heading_like(t, false)
    };
    // "Related Articles" ends the article only once it has begun.
    let first_heading = (start..end).find(|&i| structural(i)).unwrap_or(start);
    let related = (first_heading..end).find(|&i| {
        lines[i].kind == Kind::Text
            && lines[i].indent == 0
            && (i == 0 || is_blank(&lines[i - 1]))
            && chrome::is_related(lines[i].text)
    });
    if let Some(r) = related {
        let last = (r..end).rev().find(|&i| !is_blank(&lines[i])).unwrap_or(r);
        dropped.push(drop_block(lines, r, last, "related articles"));
        end = r;
    }
    let Some(last_heading) = (start..end).rev().find(|&i| structural(i)) else {
        return end;
    };
    let article_bullets =
        (start..end).any(|i| matches!(lines[i].kind, Kind::Bullet(g, _) if g != '*'));
    let promo_line = |i: usize| {
        chrome::is_promo(lines[i].text)
            || (article_bullets && matches!(lines[i].kind, Kind::Bullet('*', _)))
    };
    for c in last_heading + 1..end {
        if !top(c) {
            continue;
        }
        let t = lines[c].text;
        let label = chrome::is_label(t);
        let brand = chrome::is_brand_line(t) && step(t).is_none();
        if !(label || brand) {
            continue;
        }
        let content: Vec<usize> = (c..end).filter(|&i| !is_blank(&lines[i])).collect();
        if content.len() > 15 || !(label || content.iter().any(|&i| promo_line(i))) {
            continue;
        }
        // Labels on their own, the rest as one promotion block.
        let mut block: Option<(usize, usize)> = None;
        for &i in &content {
            if chrome::is_label(lines[i].text) && alone(lines, i) {
                if let Some((a, b)) = block.take() {
                    dropped.push(drop_block(lines, a, b, "promotion"));
                }
                dropped.push(drop_block(lines, i, i, "site label"));
            } else {
                block = Some(block.map_or((i, i), |(a, _)| (a, i)));
            }
        }
        if let Some((a, b)) = block {
            dropped.push(drop_block(lines, a, b, "promotion"));
        }
        return c;
    }
    end
}

/// Marks captions, labels, bylines and ads inside the body as skipped.
fn mark_chrome(
    lines: &mut [Line],
    start: usize,
    end: usize,
    title_words: &[String],
    dropped: &mut Vec<Dropped>,
) {
    let candidate = |lines: &[Line], i: usize| {
        lines[i].kind == Kind::Text && lines[i].indent == 0 && alone(lines, i)
    };
    mark_toc(lines, start, end, dropped);
    let mut suffixes: std::collections::BTreeMap<String, usize> = Default::default();
    for i in start..end {
        if candidate(lines, i) && step(lines[i].text).is_none() {
            if let Some(s) = chrome::caption_suffix(lines[i].text) {
                *suffixes.entry(s.to_lowercase()).or_default() += 1;
            }
        }
    }
    let mut seen_text = false;
    for i in start..end {
        if !candidate(lines, i) {
            seen_text |= !is_blank(&lines[i]);
            continue;
        }
        let t = lines[i].text;
        let caption = step(t).is_none()
            && !is_faq(t)
            && chrome::caption_suffix(t).is_some_and(|s| {
                suffixes.get(&s.to_lowercase()).copied().unwrap_or(0) >= 2
                    || chrome::suffix_names_article(s, title_words)
            });
        let what = if chrome::is_logo(t) {
            Some("logo")
        } else if caption {
            Some("image caption")
        } else if chrome::is_image_credit(t) {
            Some("image credit")
        } else if chrome::is_label(t) {
            Some("site label")
        } else if chrome::is_ad(t) {
            Some("advertisement")
        } else if chrome::is_share(t) {
            Some("share buttons")
        } else if !seen_text && chrome::is_byline(t) {
            Some("byline")
        } else {
            None
        };
        match what {
            Some(w) => {
                dropped.push(drop_block(lines, i, i, w));
                lines[i].kind = Kind::Skip;
            }
            None => seen_text = true,
        }
    }
}

/// Drops a table of contents: its title and the entries under it that
/// repeat headings found further down.
fn mark_toc(lines: &mut [Line], start: usize, end: usize, dropped: &mut Vec<Dropped>) {
    let entry = |l: &Line| -> String {
        match l.kind {
            Kind::Bullet(_, t) | Kind::Number(_, t) => t.to_lowercase(),
            _ => l.text.to_lowercase(),
        }
    };
    let Some(title) = (start..end).find(|&i| {
        lines[i].kind == Kind::Text && lines[i].indent == 0 && chrome::is_toc_title(lines[i].text)
    }) else {
        return;
    };
    let mut last = None;
    let mut j = title + 1;
    while j < end {
        if is_blank(&lines[j]) {
            j += 1;
            continue;
        }
        let e = entry(&lines[j]);
        let repeated = (j + 1..end).any(|k| {
            lines[k].kind == Kind::Text && lines[k].indent <= 1 && lines[k].text.to_lowercase() == e
        });
        if !repeated {
            break;
        }
        last = Some(j);
        j += 1;
    }
    let Some(last) = last else {
        return;
    };
    if (title + 1..=last).filter(|&k| !is_blank(&lines[k])).count() < 2 {
        return;
    }
    dropped.push(drop_block(lines, title, last, "table of contents"));
    for l in &mut lines[title..=last] {
        if l.kind != Kind::Blank {
            l.kind = Kind::Skip;
        }
    }
}

/// Whether `text` is a row of a table copied from a web page.
fn is_row(l: &Line) -> bool {
    l.kind == Kind::Text && l.text.split('\t').filter(|c| !c.trim().is_empty()).count() >= 2
}

struct Parser<'p, 'a> {
    lines: &'p [Line<'a>],
    start: usize,
    end: usize,
}

impl Parser<'_, '_> {
    fn nodes(&mut self) -> Vec<Node> {
        let mut nodes = Vec::new();
        let mut in_faq = false;
        let mut i = self.start;
        while i < self.end {
            let l = self.lines[i];
            match l.kind {
                Kind::Blank => {
                    let run = (i..self.end)
                        .take_while(|&k| self.lines[k].kind == Kind::Blank)
                        .count();
                    if run >= 2 && !nodes.is_empty() {
                        nodes.push(Node::Break { line: l.no });
                    }
                    i += run;
                    continue;
                }
                Kind::Skip => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            if is_row(&l) && i + 1 < self.end && is_row(&self.lines[i + 1]) {
                let (table, next) = self.table(i);
                nodes.push(Node::Block(table));
                i = next;
                continue;
            }
            let after_lead = matches!(
                nodes.last(),
                Some(Node::Block(Block::Para(p))) if p.plain().ends_with(':')
            );
            if let Some(h) = self.heading(i, in_faq, after_lead) {
                if h.kind == super::model::HeadingKind::Faq {
                    in_faq = true;
                }
                nodes.push(Node::Heading(h));
                i += 1;
                continue;
            }
            match l.kind {
                Kind::Bullet(..) | Kind::Number(..) => {
                    let (list, next) = self.list(i, l.indent);
                    nodes.push(Node::Block(Block::List(list)));
                    i = next;
                }
                _ => {
                    let (para, next) = self.para(i, 0);
                    nodes.push(Node::Block(Block::Para(para)));
                    i = next;
                }
            }
        }
        nodes
    }

    /// The heading at line `i`, if it is one.
    fn heading(&self, i: usize, in_faq: bool, after_lead: bool) -> Option<super::model::Heading> {
        use super::model::{Heading, HeadingKind};
        let l = self.lines[i];
        if l.indent > 1 || matches!(l.kind, Kind::Bullet(..)) {
            return None;
        }
        let t = l.text;
        let make = |in_faq: bool| {
            let (kind, label) = classify(t, in_faq);
            Some(Heading {
                kind,
                text: Text::plain(t),
                label,
                id: None,
                rank: None,
                line: l.no,
            })
        };
        if step(t).is_some() {
            let words = super::language::words(t).len();
            if words <= 20 && !t.ends_with(['.', ',', ';', ':']) {
                return make(in_faq);
            }
        }
        let prev_blank = i == self.start || is_blank(&self.lines[i - 1]);
        if !prev_blank {
            return None;
        }
        // A line going on in lowercase is a paragraph, not a heading.
        if let Some(n) = self.lines.get(i + 1).filter(|_| i + 1 < self.end) {
            if n.kind == Kind::Text && n.text.starts_with(char::is_lowercase) {
                return None;
            }
        }
        if let Kind::Number(..) = l.kind {
            // "1. Question?" on its own, its answer below at the same level.
            let next = self.next_content(i + 1);
            let answer_below = next < self.end
                && self.lines[next].indent <= l.indent
                && !matches!(self.lines[next].kind, Kind::Number(..));
            let next_blank = self.lines.get(i + 1).is_none_or(is_blank);
            if !(answer_below && next_blank && heading_like(t, in_faq)) {
                return None;
            }
            return make(in_faq);
        }
        if !heading_like(t, in_faq) {
            return None;
        }
        let (kind, _) = classify(t, in_faq);
        let strong = matches!(
            kind,
            HeadingKind::Lettered(_) | HeadingKind::Faq | HeadingKind::Closing
        ) || (in_faq && kind == HeadingKind::Question);
        if after_lead && !strong {
            return None;
        }
        make(in_faq)
    }

    fn next_content(&self, mut i: usize) -> usize {
        while i < self.end && is_blank(&self.lines[i]) {
            i += 1;
        }
        i
    }

    /// A paragraph from line `i`: the text lines that follow it directly, at
    /// `min_indent` or deeper.
    fn para(&self, i: usize, min_indent: usize) -> (Para, usize) {
        let mut lines = vec![Text::plain(self.lines[i].text)];
        let mut k = i + 1;
        while k < self.end {
            let l = self.lines[k];
            if l.kind != Kind::Text || l.indent < min_indent || step(l.text).is_some() {
                break;
            }
            lines.push(Text::plain(l.text));
            k += 1;
        }
        (
            Para {
                lines,
                line: self.lines[i].no,
            },
            k,
        )
    }

    /// A table: the rows from line `i` on, cells split at tabs.
    fn table(&self, i: usize) -> (Block, usize) {
        let mut rows: Vec<Vec<Text>> = Vec::new();
        let mut k = i;
        while k < self.end && is_row(&self.lines[k]) {
            let mut cells: Vec<Text> = self.lines[k]
                .text
                .split('\t')
                .map(|c| Text::plain(c.trim()))
                .collect();
            while cells.last().is_some_and(|c| c.plain.is_empty()) {
                cells.pop();
            }
            rows.push(cells);
            k += 1;
        }
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        for r in &mut rows {
            r.resize(width, Text::default());
        }
        (
            Block::Table {
                rows,
                line: self.lines[i].no,
            },
            k,
        )
    }

    /// A list whose markers are at indentation `base`, starting at line `i`.
    fn list(&self, mut i: usize, base: usize) -> (List, usize) {
        let ordered = matches!(self.lines[i].kind, Kind::Number(..));
        let first_line = self.lines[i].no;
        let mut items = Vec::new();
        loop {
            let l = self.lines[i];
            let (number, text) = match l.kind {
                Kind::Bullet(_, t) => (None, t),
                Kind::Number(n, t) => (Some(n), t),
                _ => break,
            };
            let mut item = Item {
                number,
                text: Text::plain(text),
                blocks: Vec::new(),
                line: l.no,
            };
            i += 1;
            loop {
                let j = self.next_content(i);
                if j >= self.end || self.lines[j].indent <= base {
                    break;
                }
                let c = self.lines[j];
                match c.kind {
                    Kind::Bullet(..) | Kind::Number(..) => {
                        let (sub, next) = self.list(j, c.indent);
                        item.blocks.push(Block::List(sub));
                        i = next;
                    }
                    _ => {
                        let (p, next) = self.para(j, base + 1);
                        item.blocks.push(Block::Para(p));
                        i = next;
                    }
                }
            }
            items.push(item);
            let j = self.next_content(i);
            let same = j < self.end
                && self.lines[j].indent == base
                && match self.lines[j].kind {
                    Kind::Number(..) => ordered,
                    Kind::Bullet(..) => !ordered,
                    _ => false,
                };
            if !same {
                break;
            }
            i = j;
        }
        (
            List {
                ordered,
                items,
                source: None,
                line: first_line,
            },
            i,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::{Block, HeadingKind, Node};
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
