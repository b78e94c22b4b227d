//! Sections into guide pages: the overview (`_index.md`) with the title,
//! description, tags and introductory sections; one page per "Step N"
//! section; the FAQ; and a page for a closing section with its own heading.
//! Inner headings get their level (h2/h3) and an explicit, unique id here.

use super::language::shorten;
use super::model::{Block, Doc, Format, Heading, HeadingKind, Item, Node, Para, Text};
use super::tags::tags;
use crate::error::Diagnostic;
use crate::load::theme::TEMPLATE_IDS;
use crate::load::DESCRIPTION_MAX;
use crate::render::sections::is_question;
use crate::url::{slugify, UniqueIds, MAX_NAME_BYTES};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What a page is in the guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageKind {
    /// `_index.md`: the overview.
    Index,
    /// A step page.
    Step(u32),
    /// `faq.md`.
    Faq,
    /// A closing section with its own heading ("Conclusion").
    Extra,
}

/// A heading inside a page, placed and named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageHeading {
    /// 2 or 3 (deeper only for Markdown input).
    pub(crate) level: u8,
    /// The heading as written.
    pub(crate) text: Text,
    /// The heading without its letter or number.
    pub(crate) label: String,
    /// Its id, unique on the page.
    pub(crate) id: String,
    /// 1-based input line.
    pub(crate) line: usize,
}

/// One element of a page body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PageNode {
    /// A heading.
    Heading(PageHeading),
    /// A block of text.
    Block(Block),
    /// A thematic break setting the closing paragraph apart.
    Rule,
}

/// A page of the guide, before it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Page {
    /// File name inside the output folder.
    pub(crate) file: String,
    /// What the page is.
    pub(crate) kind: PageKind,
    /// The page's title.
    pub(crate) title: String,
    /// `slug:` in front matter (step pages).
    pub(crate) slug: Option<String>,
    /// `weight:` in front matter.
    pub(crate) weight: i64,
    /// `description:` (the overview).
    pub(crate) description: Option<String>,
    /// `tags:` (the overview).
    pub(crate) tags: Vec<String>,
    /// The body.
    pub(crate) nodes: Vec<PageNode>,
    /// 1-based input line of the page's heading (or title).
    pub(crate) line: usize,
    /// Line of a closing paragraph set apart by a rule, if any.
    pub(crate) closing: Option<usize>,
}

impl Page {
    /// Number of inner headings.
    pub(crate) fn headings(&self) -> usize {
        self.nodes
            .iter()
            .filter(|n| matches!(n, PageNode::Heading(_)))
            .count()
    }

    /// Number of list items, nested ones included.
    pub(crate) fn list_items(&self) -> usize {
        fn in_blocks(blocks: &[Block]) -> usize {
            blocks
                .iter()
                .map(|b| match b {
                    Block::List(l) => l
                        .items
                        .iter()
                        .map(|i| 1 + in_blocks(&i.blocks))
                        .sum::<usize>(),
                    _ => 0,
                })
                .sum()
        }
        self.nodes
            .iter()
            .map(|n| match n {
                PageNode::Block(b) => in_blocks(std::slice::from_ref(b)),
                _ => 0,
            })
            .sum()
    }

    /// Number of questions (h2 ending in `?`), for the FAQ.
    pub(crate) fn questions(&self) -> usize {
        self.nodes
            .iter()
            .filter(
                |n| matches!(n, PageNode::Heading(h) if h.level == 2 && is_question(&h.text.plain)),
            )
            .count()
    }
}

/// Splits `doc` into pages. `input` and `text` are the input file and its
/// contents, for diagnostics.
pub(crate) fn paginate(doc: &Doc, input: &Path, text: &str) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let all = demote_step_runs(&doc.nodes);
    let steps: Vec<(u32, usize)> = all
        .iter()
        .filter_map(|n| match n {
            Node::Heading(Heading {
                kind: HeadingKind::Step(s),
                line,
                ..
            }) => Some((*s, *line)),
            _ => None,
        })
        .collect();
    let (title, title_line) = check_steps(doc, &all, &steps, input, text)?;
    let section_rank = all
        .iter()
        .filter_map(|n| match n {
            Node::Heading(h) if matches!(h.kind, HeadingKind::Step(_)) => h.rank,
            _ => None,
        })
        .min()
        .unwrap_or(2);
    let drafts = drafts(&all, section_rank);
    let max_step = steps.iter().map(|s| s.0).max().unwrap_or(0);
    let mut naming = Naming {
        faq_weight: (i64::from(max_step) + 1).max(9) * 10,
        files: ["_index.md".to_string(), "faq.md".to_string()].into(),
        weight: 0,
    };
    let last = drafts.len() - 1;
    let mut pages = Vec::new();
    for (k, d) in drafts.into_iter().enumerate() {
        let nodes = place(&d.nodes, d.kind, doc.format, section_rank);
        let (nodes, closing) = set_apart_closing(nodes, k == last);
        let mut page = Page {
            file: String::new(),
            kind: d.kind,
            title: d
                .heading
                .map_or(title.plain.clone(), |h| h.text.plain.clone()),
            slug: None,
            weight: 0,
            description: None,
            tags: Vec::new(),
            nodes,
            line: d.heading.map_or(title_line, |h| h.line),
            closing,
        };
        naming.name(&mut page, doc);
        pages.push(page);
    }
    let too_long: Vec<Diagnostic> = pages
        .iter()
        .filter(|p| p.file.len() > MAX_NAME_BYTES)
        .map(|p| {
            Diagnostic::at(
                input,
                text,
                p.line,
                1,
                format!(
                    "this heading would name a file of {} bytes, more than a file system holds in one name ({MAX_NAME_BYTES} bytes)",
                    p.file.len()
                ),
            )
            .with_hint("shorten the heading in the text: the file is named after it")
        })
        .collect();
    if !too_long.is_empty() {
        return Err(too_long);
    }
    Ok(pages)
}

/// The guide's title and its line, once its steps are known to be there,
/// each once, under a title; else every problem found.
fn check_steps<'d>(
    doc: &'d Doc,
    all: &[Node],
    steps: &[(u32, usize)],
    input: &Path,
    text: &str,
) -> Result<(&'d Text, usize), Vec<Diagnostic>> {
    if steps.is_empty() {
        let found = all.iter().filter(|n| matches!(n, Node::Heading(_))).count();
        return Err(vec![Diagnostic::file(
            input,
            format!("no recognisable sections: found no \"Step N: …\" heading ({found} other headings)"),
        )
        .with_hint(
            "the importer splits a guide at lines like \"Step 1: Plan your path\" standing on their own line; check that this is the guide's text",
        )]);
    }
    let mut seen: BTreeMap<u32, usize> = BTreeMap::new();
    let mut diags = Vec::new();
    for &(n, line) in steps {
        if let Some(first) = seen.get(&n) {
            diags.push(
                Diagnostic::at(
                    input,
                    text,
                    line,
                    1,
                    format!("step {n} appears twice: here and at line {first}"),
                )
                .with_hint("renumber one of the two sections, or merge them into one"),
            );
        } else {
            seen.insert(n, line);
        }
    }
    let Some((title, title_line)) = &doc.title else {
        diags.push(
            Diagnostic::at(input, text, steps[0].1, 1, "no title before the first step")
                .with_hint("put the guide's title on the first line, above its first section"),
        );
        return Err(diags);
    };
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok((title, *title_line))
}

/// The nodes of a page to be, under the heading that starts it.
struct Draft<'d> {
    kind: PageKind,
    heading: Option<&'d Heading>,
    nodes: Vec<&'d Node>,
}

/// Groups the nodes `all` under the headings that start pages: each step,
/// the FAQ, a closing section after the steps (at `section_rank` or above);
/// what comes before the first is the overview's.
fn drafts(all: &[Node], section_rank: u8) -> Vec<Draft<'_>> {
    let mut drafts = vec![Draft {
        kind: PageKind::Index,
        heading: None,
        nodes: Vec::new(),
    }];
    let mut in_faq = false;
    let mut seen_step = false;
    for node in all {
        if let Node::Heading(h) = node {
            let top = h.rank.is_none_or(|r| r <= section_rank);
            let kind = match h.kind {
                HeadingKind::Step(n) => Some(PageKind::Step(n)),
                HeadingKind::Faq if !in_faq && top => Some(PageKind::Faq),
                HeadingKind::Closing if seen_step && top => Some(PageKind::Extra),
                _ => None,
            };
            if let Some(kind) = kind {
                seen_step |= matches!(kind, PageKind::Step(_));
                in_faq = kind == PageKind::Faq;
                drafts.push(Draft {
                    kind,
                    heading: Some(h),
                    nodes: Vec::new(),
                });
                continue;
            }
        }
        if let Some(d) = drafts.last_mut() {
            d.nodes.push(node);
        }
    }
    drafts
}

/// What naming the pages in order keeps: the file names taken, the weight
/// of the page before, the FAQ's weight.
struct Naming {
    faq_weight: i64,
    files: BTreeSet<String>,
    weight: i64,
}

impl Naming {
    /// Gives `page` (of `doc`) its file, slug, weight, description and, for
    /// the overview, tags.
    fn name(&mut self, page: &mut Page, doc: &Doc) {
        match page.kind {
            PageKind::Index => {
                page.file = "_index.md".into();
                page.description = description(&page.nodes);
                if let Some((line, _)) = &doc.keywords {
                    page.tags = tags(line, &article_text(doc));
                }
            }
            PageKind::Step(n) => {
                // "Step 2:" with no words after it: call it "Step 2".
                if super::recognise::step(&page.title).is_some_and(|(_, rest)| rest.is_empty()) {
                    page.title = format!("Step {n}");
                }
                let slug = slugify(&page.title);
                page.file = format!("{slug}.md");
                self.files.insert(page.file.clone());
                page.slug = Some(slug);
                self.weight = i64::from(n) * 10;
                page.weight = self.weight;
                page.description = description(&page.nodes);
            }
            PageKind::Faq => {
                page.file = "faq.md".into();
                self.weight = self.faq_weight;
                page.weight = self.weight;
                page.nodes = questions_from_list(std::mem::take(&mut page.nodes));
                page.description = questions_description(&page.nodes);
            }
            PageKind::Extra => {
                let base = match slugify(&page.title) {
                    s if s.is_empty() => "closing".to_string(),
                    s => s,
                };
                let mut file = format!("{base}.md");
                let mut n = 2;
                while self.files.contains(&file) {
                    file = format!("{base}-{n}.md");
                    n += 1;
                }
                self.files.insert(file.clone());
                page.file = file;
                page.slug = Some(page.file.trim_end_matches(".md").to_string());
                self.weight += 5;
                page.weight = self.weight;
                page.description = description(&page.nodes);
            }
        }
    }
}

/// Step headings listed one after another with nothing between them (a
/// table of contents), whose numbers all come again further down, are text.
fn demote_step_runs(nodes: &[Node]) -> Vec<Node> {
    let step_of = |n: &Node| match n {
        Node::Heading(Heading {
            kind: HeadingKind::Step(s),
            ..
        }) => Some(*s),
        _ => None,
    };
    let mut out: Vec<Node> = nodes.to_vec();
    let mut k = 0;
    while k < nodes.len() {
        let run: Vec<usize> = (k..nodes.len())
            .filter(|&i| !matches!(nodes[i], Node::Break { .. }))
            .take_while(|&i| step_of(&nodes[i]).is_some())
            .collect();
        // The longest start of the run whose numbers all come again after it.
        let listed = (2..=run.len()).rev().find(|&len| {
            let after = run[len - 1] + 1;
            run[..len].iter().all(|&i| {
                step_of(&nodes[i])
                    .is_some_and(|n| nodes[after..].iter().any(|x| step_of(x) == Some(n)))
            })
        });
        if let Some(len) = listed {
            for &i in &run[..len] {
                if let Node::Heading(h) = &nodes[i] {
                    out[i] = Node::Block(Block::Para(Para {
                        lines: vec![h.text.clone()],
                        line: h.line,
                    }));
                }
            }
            k = run[len - 1] + 1;
        } else {
            k += 1;
        }
    }
    out
}

/// Heading class for levels in plain text: the first class met on a page is
/// h2, any other nests under it as h3.
fn class(kind: &HeadingKind) -> u8 {
    match kind {
        HeadingKind::Lettered(_) => 1,
        HeadingKind::Numbered(_) => 2,
        _ => 3,
    }
}

/// Gives headings their level and id; keeps blocks; marks breaks.
fn place(nodes: &[&Node], kind: PageKind, format: Format, section_rank: u8) -> Vec<PageNode> {
    let mut used = page_ids();
    let mut first_class = None;
    let mut out = Vec::new();
    for node in nodes {
        match node {
            Node::Heading(h) => {
                let level = match (format, h.rank) {
                    (Format::Markdown, Some(r)) => {
                        let (r, s) = (i32::from(r), i32::from(section_rank));
                        let l = match kind {
                            PageKind::Index => r - s + 2,
                            PageKind::Faq if h.kind == HeadingKind::Question => 2,
                            _ => r - s + 1,
                        };
                        l.clamp(2, 6) as u8
                    }
                    _ if kind == PageKind::Faq => 2,
                    _ => {
                        let c = class(&h.kind);
                        match first_class {
                            None => {
                                first_class = Some(c);
                                2
                            }
                            Some(f) if f == c => 2,
                            Some(_) => 3,
                        }
                    }
                };
                let id = used.heading(h.id.as_deref(), &h.label);
                out.push(PageNode::Heading(PageHeading {
                    level,
                    text: h.text.clone(),
                    label: h.label.clone(),
                    id,
                    line: h.line,
                }));
            }
            Node::Block(b) => out.push(PageNode::Block(b.clone())),
            // Kept for now as a rule; `set_apart_closing` decides.
            Node::Break { .. } => out.push(PageNode::Rule),
        }
    }
    out
}

/// Heading ids for one page: clear of the template's ids, repeats
/// numbered from 2.
fn page_ids() -> UniqueIds {
    let mut ids = UniqueIds::new(2);
    for id in TEMPLATE_IDS {
        ids.reserve(id);
    }
    ids
}

/// Keeps one rule on the last page: the last break after its last heading
/// with text after it (a closing paragraph). Every other break goes.
fn set_apart_closing(nodes: Vec<PageNode>, last_page: bool) -> (Vec<PageNode>, Option<usize>) {
    let last_heading = nodes
        .iter()
        .rposition(|n| matches!(n, PageNode::Heading(_)));
    let keep = nodes
        .iter()
        .rposition(|n| *n == PageNode::Rule)
        .filter(|&r| last_page && last_heading.is_none_or(|h| r > h))
        .filter(|&r| {
            r > 0
                && nodes[r + 1..]
                    .iter()
                    .any(|n| matches!(n, PageNode::Block(_)))
        });
    let closing = keep.and_then(|r| match nodes.get(r + 1) {
        Some(PageNode::Block(b)) => Some(b.line()),
        _ => None,
    });
    let out = nodes
        .into_iter()
        .enumerate()
        .filter(|(i, n)| *n != PageNode::Rule || Some(*i) == keep)
        .map(|(_, n)| n)
        .collect();
    (out, closing)
}

/// An FAQ written as a list of questions becomes question headings.
fn questions_from_list(nodes: Vec<PageNode>) -> Vec<PageNode> {
    if nodes.iter().any(|n| matches!(n, PageNode::Heading(_))) {
        return nodes;
    }
    let is_questions =
        |items: &[Item]| !items.is_empty() && items.iter().all(|i| is_question(&i.text.plain));
    let mut used = page_ids();
    let mut out = Vec::new();
    for n in nodes {
        match n {
            PageNode::Block(Block::List(l)) if l.source.is_none() && is_questions(&l.items) => {
                for item in l.items {
                    let plain = match item.number {
                        Some(k) => format!("{k}. {}", item.text.plain),
                        None => item.text.plain.clone(),
                    };
                    out.push(PageNode::Heading(PageHeading {
                        level: 2,
                        id: used.heading(None, &item.text.plain),
                        label: item.text.plain.clone(),
                        text: Text::plain(&plain),
                        line: item.line,
                    }));
                    out.extend(item.blocks.into_iter().map(PageNode::Block));
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// A FAQ's description: its questions, one after another, shortened.
fn questions_description(nodes: &[PageNode]) -> Option<String> {
    let questions: Vec<&str> = nodes
        .iter()
        .filter_map(|n| match n {
            PageNode::Heading(h) if h.level == 2 => Some(h.label.as_str()),
            _ => None,
        })
        .collect();
    (!questions.is_empty()).then(|| shorten(&questions.join(" "), DESCRIPTION_MAX))
}

/// A page's description: its first paragraph that is not a lead-in or,
/// when it has none, the start of its text (lead-ins and list items).
fn description(nodes: &[PageNode]) -> Option<String> {
    let first = nodes.iter().find_map(|n| match n {
        PageNode::Block(Block::Para(p)) => {
            let plain = p.plain();
            (!plain.ends_with(':') && !plain.is_empty()).then(|| shorten(&plain, DESCRIPTION_MAX))
        }
        _ => None,
    });
    first.or_else(|| {
        let mut text = String::new();
        for n in nodes {
            if text.chars().count() > DESCRIPTION_MAX {
                break;
            }
            match n {
                PageNode::Block(Block::Para(p)) => text.push_str(&p.plain()),
                PageNode::Block(Block::List(l)) => {
                    let items: Vec<&str> = l.items.iter().map(|i| i.text.plain.as_str()).collect();
                    text.push_str(&items.join("; "));
                }
                PageNode::Block(Block::Raw { md, .. }) => text.push_str(&plain_markdown(md)),
                _ => continue,
            }
            text.push(' ');
        }
        let text = text.trim();
        (!text.is_empty()).then(|| shorten(text, DESCRIPTION_MAX))
    })
}

/// Markdown source as rough plain text: list markers and emphasis dropped,
/// lines joined.
fn plain_markdown(md: &str) -> String {
    md.lines()
        .map(|l| {
            l.trim()
                .trim_start_matches(['-', '*', '+', '#', '>'])
                .trim()
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['*', '_', '`'], "")
}

/// All the text of the article, for recognising tag phrases.
fn article_text(doc: &Doc) -> String {
    fn blocks(out: &mut String, bs: &[Block]) {
        for b in bs {
            match b {
                Block::Para(p) => para(out, p),
                Block::List(l) => {
                    for i in &l.items {
                        out.push_str(&i.text.plain);
                        out.push('\n');
                        blocks(out, &i.blocks);
                    }
                }
                Block::Table { rows, .. } => {
                    for c in rows.iter().flatten() {
                        out.push_str(&c.plain);
                        out.push('\n');
                    }
                }
                Block::Raw { md, .. } => out.push_str(md),
            }
        }
    }
    fn para(out: &mut String, p: &Para) {
        out.push_str(&p.plain());
        out.push('\n');
    }
    let mut out = doc
        .title
        .as_ref()
        .map(|t| format!("{}\n", t.0.plain))
        .unwrap_or_default();
    for n in &doc.nodes {
        match n {
            Node::Heading(h) => {
                out.push_str(&h.text.plain);
                out.push('\n');
            }
            Node::Block(b) => blocks(&mut out, std::slice::from_ref(b)),
            Node::Break { .. } => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::plain;
    use super::*;

    fn pages(text: &str) -> Result<Vec<Page>, Vec<Diagnostic>> {
        paginate(&plain::parse(text), Path::new("g.txt"), text)
    }

    #[test]
    fn pages_and_levels() {
        let text = "The Guide Title\n\nguide keywords in lowercase\n\nWhy It Matters\n\nA first paragraph that is long enough to describe the guide.\n\nStep 1: Plan Ahead\n\nA. Decide Early\n\nText.\n\nNotes On Timing\n\nMore.\n\nStep 2: Apply\n\nText.\n\nFrequently Asked Questions\n\nIs it hard?\n\nYes.\n\n\nGood luck to you.\n";
        let ps = pages(text).expect("pages");
        let files: Vec<&str> = ps.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(
            files,
            vec![
                "_index.md",
                "step-1-plan-ahead.md",
                "step-2-apply.md",
                "faq.md"
            ]
        );
        assert_eq!(ps[1].weight, 10);
        assert_eq!(ps[3].weight, 90);
        assert_eq!(
            ps[0].description.as_deref(),
            Some("A first paragraph that is long enough to describe the guide.")
        );
        assert_eq!(ps[0].tags, vec!["guide keywords", "in lowercase"]);
        let levels: Vec<(u8, &str)> = ps[1]
            .nodes
            .iter()
            .filter_map(|n| match n {
                PageNode::Heading(h) => Some((h.level, h.id.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(levels, vec![(2, "decide-early"), (3, "notes-on-timing")]);
        assert_eq!(ps[3].questions(), 1);
        assert!(ps[3].nodes.contains(&PageNode::Rule));
        assert_eq!(ps[3].closing, Some(30));
    }

    #[test]
    fn a_list_of_steps_is_not_the_steps() {
        let ps = pages(
            "Title Here\n\nHere is the plan:\nStep 1: Plan\nStep 2: Apply\n\nStep 1: Plan\n\nText.\n\nStep 2: Apply\n\nText.\n",
        )
        .expect("pages");
        assert_eq!(ps.len(), 3);
        assert_eq!(ps[0].nodes.len(), 3, "{:?}", ps[0].nodes);
    }

    #[test]
    fn no_sections_and_duplicate_steps() {
        let e = pages("Title Here\n\nJust text.\n").unwrap_err();
        assert!(
            e[0].message.contains("no recognisable sections"),
            "{}",
            e[0]
        );
        let e = pages("Title Here\n\nStep 1: A\n\nx.\n\nStep 1: B\n\ny.\n").unwrap_err();
        assert_eq!(e[0].line, 7);
        assert!(e[0].message.contains("step 1 appears twice"));
        assert!(e[0].hint.is_some());
    }
}
