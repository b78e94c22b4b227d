//! Writing Markdown: a page and its drafted checklist become the text of a
//! content file, YAML front matter (through [`crate::load::yaml::emit`]) and body.
//! Plain text is escaped here; Markdown input is written as it was.

use super::checklist::Draft;
use super::escape;
use super::model::{Block, List, Para, Text};
use super::paginate::{Page, PageKind, PageNode};
use crate::load::FrontMatter;

/// The front matter of `page`.
pub(crate) fn front_matter(page: &Page, checklist: &Draft) -> FrontMatter {
    FrontMatter {
        title: page.title.clone(),
        description: page.description.clone(),
        slug: page.slug.clone(),
        weight: page.weight,
        step: match page.kind {
            PageKind::Step(n) => Some(n),
            _ => None,
        },
        tags: page.tags.clone(),
        imported: !checklist.groups.is_empty(),
        checklist: checklist.groups.clone(),
        ..FrontMatter::default()
    }
}

/// The whole content file for `page`.
pub(crate) fn file(page: &Page, checklist: &Draft) -> String {
    let yaml = crate::load::yaml::emit(&front_matter(page, checklist));
    let body = body(&page.nodes);
    if body.is_empty() {
        format!("---\n{yaml}---\n")
    } else {
        format!("---\n{yaml}---\n\n{body}")
    }
}

/// The Markdown body of a page.
pub(crate) fn body(nodes: &[PageNode]) -> String {
    let chunks: Vec<String> = nodes
        .iter()
        .map(|n| match n {
            PageNode::Heading(h) => format!(
                "{} {} {{#{}}}",
                "#".repeat(usize::from(h.level)),
                heading_text(&h.text),
                h.id
            ),
            PageNode::Block(b) => block(b, ""),
            PageNode::Rule => "---".to_string(),
        })
        .collect();
    if chunks.is_empty() {
        return String::new();
    }
    format!("{}\n", chunks.join("\n\n"))
}

fn heading_text(t: &Text) -> String {
    match &t.md {
        Some(md) => md.replace('\n', " "),
        None => escape::heading(&t.plain),
    }
}

/// `text`'s lines, each prefixed with `indent`.
fn indented(text: &str, indent: &str) -> String {
    text.lines()
        .map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                format!("{indent}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A block, every line indented by `indent`.
fn block(b: &Block, indent: &str) -> String {
    match b {
        Block::Para(p) => para(p, indent),
        Block::List(l) => match &l.source {
            Some(src) => indented(src, indent),
            None => list(l, indent),
        },
        Block::Table { rows, .. } => indented(&table(rows), indent),
        Block::Raw { md, .. } => indented(md, indent),
    }
}

fn table(rows: &[Vec<Text>]) -> String {
    let row = |cells: &[Text]| {
        let cells: Vec<String> = cells.iter().map(|c| escape::cell(&c.plain)).collect();
        format!("| {} |", cells.join(" | "))
    };
    let mut out = Vec::new();
    if let Some((head, body)) = rows.split_first() {
        out.push(row(head));
        out.push(format!("|{}", "---|".repeat(head.len())));
        out.extend(body.iter().map(|r| row(r)));
    }
    out.join("\n")
}

fn para(p: &Para, indent: &str) -> String {
    if let [only] = p.lines.as_slice() {
        if let Some(md) = &only.md {
            return indented(md, indent);
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut rest = p.lines.as_slice();
    if let [lead, next, tail @ ..] = p.lines.as_slice() {
        // A lead-in line and the line it introduces stay one paragraph.
        if lead.md.is_none() && lead.plain.trim_end().ends_with(':') {
            lines.push(format!(
                "**{}** {}",
                escape::inline(lead.plain.trim()),
                escape::inline(next.plain.trim())
            ));
            rest = tail;
        }
    }
    for l in rest {
        lines.push(match &l.md {
            Some(md) => md.clone(),
            None => escape::line(&l.plain),
        });
    }
    lines
        .iter()
        .map(|l| format!("{indent}{l}"))
        .collect::<Vec<_>>()
        .join("\\\n")
}

fn list(l: &List, indent: &str) -> String {
    let loose = l
        .items
        .iter()
        .any(|i| i.blocks.iter().any(|b| !matches!(b, Block::List(_))));
    let mut out = Vec::new();
    for (k, item) in l.items.iter().enumerate() {
        let marker = if l.ordered {
            format!("{}. ", item.number.unwrap_or(k as u64 + 1))
        } else {
            "- ".to_string()
        };
        let inner = format!("{indent}{}", " ".repeat(marker.chars().count()));
        let text = match &item.text.md {
            Some(md) => md.replace('\n', &format!("\n{inner}")),
            None => escape::line(&item.text.plain),
        };
        let mut s = format!("{indent}{marker}{text}");
        for b in &item.blocks {
            // An ordered list not starting at 1 cannot follow text directly.
            let needs_gap = match b {
                Block::List(sub) => {
                    loose || (sub.ordered && sub.items.first().and_then(|i| i.number) != Some(1))
                }
                _ => true,
            };
            s.push('\n');
            if needs_gap {
                s.push('\n');
            }
            s.push_str(&block(b, &inner));
        }
        out.push(s);
    }
    out.join(if loose { "\n\n" } else { "\n" })
}

#[cfg(test)]
mod tests {
    use super::super::model::Item;
    use super::*;

    fn item(text: &str, blocks: Vec<Block>) -> Item {
        Item {
            number: None,
            text: Text::plain(text),
            blocks,
            line: 1,
        }
    }

    fn para(lines: &[&str]) -> Block {
        Block::Para(Para {
            lines: lines.iter().map(|l| Text::plain(l)).collect(),
            line: 1,
        })
    }

    #[test]
    fn nested_lists() {
        let inner = List {
            ordered: false,
            items: vec![item("child *one*", vec![])],
            source: None,
            line: 1,
        };
        let mut outer = List {
            ordered: true,
            items: vec![
                item("first", vec![Block::List(inner)]),
                item("second", vec![]),
            ],
            source: None,
            line: 1,
        };
        outer.items[0].number = Some(1);
        outer.items[1].number = Some(2);
        assert_eq!(
            block(&Block::List(outer.clone()), ""),
            "1. first\n   - child \\*one\\*\n2. second"
        );
        outer.items[1].blocks.push(para(&["More.", "- not a list"]));
        assert_eq!(
            block(&Block::List(outer), ""),
            "1. first\n\n   - child \\*one\\*\n\n2. second\n\n   More.\\\n   \\- not a list"
        );
    }

    #[test]
    fn tables() {
        let rows = vec![
            vec![Text::plain("Layer"), Text::plain("What | why")],
            vec![Text::plain("One"), Text::plain("")],
        ];
        assert_eq!(
            block(&Block::Table { rows, line: 1 }, ""),
            "| Layer | What \\| why |\n|---|---|\n| One |  |"
        );
    }

    #[test]
    fn lead_in_stays_attached() {
        assert_eq!(
            block(&para(&["Timeline rule:", "Start early."]), ""),
            "**Timeline rule:** Start early."
        );
    }
}
