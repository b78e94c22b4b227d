//! The article's lines as blocks: headings, paragraphs, nested lists with
//! their lead-ins, tables and section breaks.

use super::lines::{is_blank, Kind, Line};
use crate::import::model::{Block, Item, List, Node, Para, Text};
use crate::import::recognise::{classify, heading_like, step};

/// Whether `text` is a row of a table copied from a web page.
pub(super) fn is_row(l: &Line) -> bool {
    l.kind == Kind::Text && l.text.split('\t').filter(|c| !c.trim().is_empty()).count() >= 2
}

pub(super) struct Parser<'p, 'a> {
    pub(super) lines: &'p [Line<'a>],
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Parser<'_, '_> {
    pub(super) fn nodes(&mut self) -> Vec<Node> {
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
            if let Some((h, used)) = self.heading(i, in_faq, after_lead) {
                if h.kind == crate::import::model::HeadingKind::Faq {
                    in_faq = true;
                }
                nodes.push(Node::Heading(h));
                i += used;
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

    /// The heading at line `i`, if it is one, and how many lines it takes.
    fn heading(
        &self,
        i: usize,
        in_faq: bool,
        after_lead: bool,
    ) -> Option<(crate::import::model::Heading, usize)> {
        use crate::import::model::{Heading, HeadingKind};
        let l = self.lines[i];
        if l.indent > 1 || matches!(l.kind, Kind::Bullet(..)) {
            return None;
        }
        let t = l.text;
        let heading = |t: &str, in_faq: bool| {
            let (kind, label) = classify(t, in_faq);
            Heading {
                kind,
                text: Text::plain(t),
                label,
                id: None,
                rank: None,
                line: l.no,
            }
        };
        let make = |in_faq: bool| Some((heading(t, in_faq), 1));
        if let Some((_, "")) = step(t) {
            // "Step 5:" with nothing after it still starts step 5 (else the
            // whole step would run on inside the one before). A heading-like
            // line right under it is its title.
            let next = self
                .lines
                .get(i + 1)
                .filter(|n| i + 1 < self.end && n.kind == Kind::Text && n.indent <= 1);
            let number = t
                .trim()
                .trim_end_matches([':', '.', ')', '–', '—', '-', '|']);
            let number = number.trim_end();
            if let Some(n) = next.filter(|n| step(n.text).is_none() && heading_like(n.text, false))
            {
                return Some((heading(&format!("{number}: {}", n.text.trim()), in_faq), 2));
            }
            return Some((heading(number, in_faq), 1));
        }
        if step(t).is_some() {
            let words = crate::import::language::words(t).len();
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
