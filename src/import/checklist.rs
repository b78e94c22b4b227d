//! Checklist drafting: a step page's actionable list items become checklist
//! items, grouped by subsection, each pointing (`see:`) at the heading it
//! came from. Every item's text is the guide's own words: an instruction
//! item as written, or a lead-in joined with the item it introduces ("Aim
//! for:" + "At least one paper" → "Aim for at least one paper").
//!
//! Candidates come in three tiers: instructions (tier 1), items completed by
//! an instruction lead-in and instruction paragraphs (tier 2), and, only when
//! a step would otherwise have fewer than [`MIN_ITEMS`], imperative
//! subsection headings and the short items listed under them (tier 3).

use super::language::{
    is_imperative, join_lead, lead_kind, sentence_case, sentences, strip_label, upper_first, words,
    LeadKind,
};
use super::model::{Block, List};
use super::paginate::{Page, PageNode};
use crate::load::{ChecklistGroup, ChecklistItem};
use std::collections::BTreeSet;

/// Fewest items a step should have when its text allows.
pub(crate) const MIN_ITEMS: usize = 8;
/// Most items per step.
pub(crate) const MAX_ITEMS: usize = 20;

/// Words left out of ids.
const STOP: &[&str] = &[
    "a", "about", "across", "after", "against", "also", "among", "around", "before", "between",
    "during", "out", "over", "per", "through", "under", "until", "within", "an", "and", "any",
    "are", "as", "at", "be", "been", "but", "by", "can", "could", "do", "does", "each", "even",
    "every", "for", "from", "had", "has", "have", "how", "i", "if", "in", "into", "is", "it",
    "its", "just", "least", "may", "me", "more", "most", "must", "my", "no", "not", "of", "on",
    "one", "only", "or", "our", "own", "s", "should", "so", "some", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "to", "up", "us", "very", "we",
    "what", "when", "where", "whether", "which", "while", "who", "will", "with", "would", "you",
    "your",
];

/// A step's drafted checklist.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Draft {
    /// The groups, in page order.
    pub(crate) groups: Vec<ChecklistGroup>,
    /// Actionable items left out to keep the list at [`MAX_ITEMS`].
    pub(crate) left_out: usize,
}

impl Draft {
    /// Number of items.
    pub(crate) fn items(&self) -> usize {
        self.groups.iter().map(|g| g.items.len()).sum()
    }
}

#[derive(Debug, Clone)]
struct Candidate {
    tier: u8,
    text: String,
    /// Text the id is made from (the item's own words when joined).
    id_text: String,
    group: String,
    see: String,
    /// Index of the heading candidate this one makes redundant.
    supersedes: Option<usize>,
}

/// Where the walk is on the page.
struct Walk {
    group: String,
    see: String,
    /// An imperative heading above, as a lead for short items (tier 3).
    heading_lead: Option<(String, usize)>,
    out: Vec<Candidate>,
}

/// Drafts the checklist of step page `page` (number `step`). `used` holds
/// the ids already taken in the site; the new ones are added to it.
pub(crate) fn draft(page: &Page, step: u32, used: &mut BTreeSet<String>) -> Draft {
    let default_group = super::recognise::step(&page.title)
        .map(|(_, label)| label)
        .filter(|l| !l.is_empty())
        .unwrap_or(&page.title)
        .to_string();
    let mut w = Walk {
        group: default_group.clone(),
        see: page.file.clone(),
        heading_lead: None,
        out: Vec::new(),
    };
    let mut lead: Option<(String, LeadKind)> = None;
    for node in &page.nodes {
        match node {
            PageNode::Heading(h) => {
                w.see = format!("#{}", h.id);
                if h.level == 2 {
                    w.group = match h.label.trim() {
                        "" => default_group.clone(),
                        label => label.to_string(),
                    };
                }
                w.heading_lead = None;
                lead = None;
                if is_imperative(&h.label) && !h.label.ends_with('?') {
                    let text = sentence_case(&h.label);
                    w.heading_lead = Some((text.clone(), w.out.len()));
                    w.push(3, text.clone(), text, None);
                }
            }
            PageNode::Block(Block::Para(p)) => lead = w.para(p),
            PageNode::Block(Block::List(l)) => {
                w.list(l, lead.take(), true);
            }
            PageNode::Block(Block::Raw { .. } | Block::Table { .. }) | PageNode::Rule => {
                lead = None
            }
        }
    }
    select(w.out, step, used)
}

impl Walk {
    fn push(&mut self, tier: u8, text: String, id_text: String, supersedes: Option<usize>) {
        let text = upper_first(&tidy(strip_label(&text)));
        if text.is_empty() || self.out.iter().any(|c| c.text == text) {
            return;
        }
        self.out.push(Candidate {
            tier,
            text,
            id_text,
            group: self.group.clone(),
            see: self.see.clone(),
            supersedes,
        });
    }

    /// A paragraph: an instruction, or a lead-in for the list below.
    fn para(&mut self, p: &super::model::Para) -> Option<(String, LeadKind)> {
        let first = p.lines.first().map(|l| l.plain.trim()).unwrap_or_default();
        if p.lines.len() >= 2 && first.ends_with(':') {
            // "Timeline rule:" + "Start outreach …": the line after the lead-in.
            let body = p.lines[1..]
                .iter()
                .map(|l| l.plain.trim())
                .collect::<Vec<_>>()
                .join(" ");
            if let Some(s) = sentences(&body).first() {
                if is_imperative(s) {
                    self.push(2, s.to_string(), s.to_string(), None);
                }
            }
            return None;
        }
        let plain = p.plain();
        let ss = sentences(strip_label(&plain));
        if let Some(first) = ss.first() {
            if is_imperative(first) && !first.ends_with(':') {
                self.push(2, first.to_string(), first.to_string(), None);
            }
        }
        let last = ss.last()?;
        let lead = last.strip_suffix(':')?.trim();
        Some((lead.to_string(), lead_kind(lead)))
    }

    fn list(&mut self, list: &List, lead: Option<(String, LeadKind)>, top: bool) {
        for item in &list.items {
            let t = item.text.plain.trim();
            let has_list = item.blocks.iter().any(|b| matches!(b, Block::List(_)));
            let child_lead = t
                .strip_suffix(':')
                .filter(|_| has_list)
                .map(|l| (l.trim().to_string(), lead_kind(l)));
            if child_lead.is_none() && !t.ends_with('?') {
                self.item(&action(t), lead.as_ref(), top);
            }
            for b in &item.blocks {
                match b {
                    Block::List(sub) => self.list(sub, child_lead.clone(), false),
                    Block::Para(p) => {
                        let plain = p.plain();
                        if let Some(s) = sentences(&plain).first() {
                            if is_imperative(s) && !s.ends_with(':') {
                                self.push(2, s.to_string(), s.to_string(), None);
                            }
                        }
                    }
                    Block::Raw { .. } | Block::Table { .. } => {}
                }
            }
        }
    }

    /// One item that is not itself a lead-in.
    fn item(&mut self, t: &str, lead: Option<&(String, LeadKind)>, top: bool) {
        // "offer ESIR," under "favouring programs that:" goes on with the
        // lead-in's sentence; it is not an instruction of its own.
        let continues = t.starts_with(char::is_lowercase);
        let imperative =
            is_imperative(t) && !(continues && matches!(lead, Some((_, LeadKind::Instruction))));
        match lead {
            Some((l, LeadKind::Context)) if imperative => {
                let text = join_lead(l, LeadKind::Context, t);
                self.push(1, text, t.to_string(), None);
            }
            Some((l, LeadKind::Instruction)) if !imperative => {
                let text = join_lead(l, LeadKind::Instruction, t);
                let verb = words(l).first().copied().unwrap_or_default().to_string();
                self.push(2, text, format!("{verb} {t}"), None);
            }
            _ if imperative => self.push(1, t.to_string(), t.to_string(), None),
            None if top && words(t).len() <= 8 => {
                if let Some((h, at)) = self.heading_lead.clone() {
                    let text = join_lead(&h, LeadKind::Descriptive, t);
                    let verb = words(&h).first().copied().unwrap_or_default().to_string();
                    self.push(3, text, format!("{verb} {t}"), Some(at));
                }
            }
            _ => {}
        }
    }
}

/// The action of a list item: its first sentence, or its first two when the
/// first is very short ("Be explicit. Ask for a strong letter.").
fn action(text: &str) -> String {
    let ss = sentences(strip_label(text.trim()));
    match ss.as_slice() {
        [] => String::new(),
        [first, second, ..] if words(first).len() < 4 => format!("{first} {second}"),
        [first, ..] => first.to_string(),
    }
}

/// Trims an item's text: no trailing full stop, comma or dangling "and".
fn tidy(text: &str) -> String {
    let mut t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    loop {
        let before = t.len();
        t = t.trim_end_matches([',', ';', '.', ' ']).to_string();
        for tail in [" and", " or"] {
            if let Some(s) = t.strip_suffix(tail) {
                t = s.to_string();
            }
        }
        if t.len() == before {
            break;
        }
    }
    t
}

/// Picks the items (tiers, limits), groups them and gives them ids.
fn select(cands: Vec<Candidate>, step: u32, used: &mut BTreeSet<String>) -> Draft {
    let superseded: BTreeSet<usize> = cands.iter().filter_map(|c| c.supersedes).collect();
    let strong = cands.iter().filter(|c| c.tier < 3).count();
    let mut keep: Vec<bool> = cands
        .iter()
        .enumerate()
        .map(|(i, c)| c.tier < 3 || (strong < MIN_ITEMS && !superseded.contains(&i)))
        .collect();
    let actionable = keep.iter().filter(|k| **k).count();
    let mut left_out = 0;
    for tier in [3, 2, 1] {
        for i in (0..cands.len()).rev() {
            if keep.iter().filter(|k| **k).count() <= MAX_ITEMS {
                break;
            }
            if keep[i] && cands[i].tier == tier {
                keep[i] = false;
                left_out += 1;
            }
        }
    }
    debug_assert!(actionable - left_out <= MAX_ITEMS);
    let mut groups: Vec<ChecklistGroup> = Vec::new();
    for (c, _) in cands.iter().zip(&keep).filter(|(_, k)| **k) {
        let id = make_id(step, &c.id_text, used);
        let item = ChecklistItem {
            id,
            text: c.text.clone(),
            see: Some(c.see.clone()),
            ..ChecklistItem::default()
        };
        match groups.last_mut() {
            Some(g) if g.group == c.group => g.items.push(item),
            _ => groups.push(ChecklistGroup {
                group: c.group.clone(),
                items: vec![item],
            }),
        }
    }
    Draft { groups, left_out }
}

/// `s{step}-` and the item's first word and next few significant words:
/// `s2-aim-first-author-paper`. Unique against `used`, which it joins.
pub(crate) fn make_id(step: u32, text: &str, used: &mut BTreeSet<String>) -> String {
    let slug = crate::url::slugify(text);
    let ws: Vec<String> = slug
        .split('-')
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let mut parts: Vec<&str> = Vec::new();
    let mut rest: Vec<&str> = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        if i == 0 {
            parts.push(w);
        } else if !STOP.contains(&w.as_str()) {
            rest.push(w);
        }
    }
    let prefix = format!("s{step}");
    let mut take = 3.min(rest.len());
    let build = |n: usize| {
        let mut v = vec![prefix.as_str()];
        v.extend(parts.iter().copied());
        v.extend(rest.iter().take(n).copied());
        if v.len() == 1 {
            v.push("item");
        }
        v.join("-")
    };
    let mut id = build(take);
    while used.contains(&id) && take < rest.len().min(6) {
        take += 1;
        id = build(take);
    }
    let base = id.clone();
    let mut n = 2;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::super::{paginate, plain};
    use super::*;
    use std::path::Path;

    fn step_page(body: &str) -> Page {
        let text = format!("Guide Title Here\n\nStep 1: Do Things\n\n{body}");
        let doc = plain::parse(&text);
        let mut ps = paginate::paginate(&doc, Path::new("g.txt"), &text).expect("pages");
        ps.remove(1)
    }

    fn texts(d: &Draft) -> Vec<(String, String, String)> {
        d.groups
            .iter()
            .flat_map(|g| {
                g.items.iter().map(move |i| {
                    (
                        g.group.clone(),
                        i.text.clone(),
                        i.see.clone().unwrap_or_default(),
                    )
                })
            })
            .collect()
    }

    #[test]
    fn lead_ins_and_instructions() {
        let page = step_page(
            "Aim for:\n\n  • At least one first-author paper.\n  • Posters at the AAD.\n\nA. Writing To Mentors\n\nWhen you email a mentor:\n\n  • Keep it under 150 words.\n  • Attach a one-page CV.\n\nWhat stands in your way:\n\n  • Very few positions: most take two.\n",
        );
        let d = draft(&page, 1, &mut BTreeSet::new());
        assert_eq!(
            texts(&d),
            vec![
                (
                    "Do Things".into(),
                    "Aim for at least one first-author paper".into(),
                    "step-1-do-things.md".into()
                ),
                (
                    "Do Things".into(),
                    "Aim for posters at the AAD".into(),
                    "step-1-do-things.md".into()
                ),
                (
                    "Writing To Mentors".into(),
                    "When you email a mentor, keep it under 150 words".into(),
                    "#writing-to-mentors".into()
                ),
                (
                    "Writing To Mentors".into(),
                    "When you email a mentor, attach a one-page CV".into(),
                    "#writing-to-mentors".into()
                ),
            ]
        );
        let ids: Vec<&str> = d
            .groups
            .iter()
            .flat_map(|g| g.items.iter().map(|i| i.id.as_str()))
            .collect();
        assert_eq!(
            ids,
            vec![
                "s1-aim-first-author-paper",
                "s1-aim-posters-aad",
                "s1-keep-150-words",
                "s1-attach-page-cv"
            ]
        );
    }

    #[test]
    fn lowercase_items_continue_the_lead_in() {
        let page = step_page(
            "Apply more broadly still, favouring programs that:\n\n  • offer ESIR,\n  • have a strong IR division.\n",
        );
        let t: Vec<String> = texts(&draft(&page, 1, &mut BTreeSet::new()))
            .into_iter()
            .map(|x| x.1)
            .collect();
        assert_eq!(
            t,
            vec![
                "Apply more broadly still, favouring programs that offer ESIR",
                "Apply more broadly still, favouring programs that have a strong IR division"
            ]
        );
    }

    #[test]
    fn headings_fill_in_when_few() {
        let page = step_page(
            "A. Build a Mentor Team\n\n  1. A dermatology faculty mentor\n  2. A near-peer mentor\n\nB. Decide Early\n\nSome text.\n",
        );
        let d = draft(&page, 1, &mut BTreeSet::new());
        let t: Vec<String> = texts(&d).into_iter().map(|x| x.1).collect();
        assert_eq!(
            t,
            vec![
                "Build a mentor team: a dermatology faculty mentor",
                "Build a mentor team: a near-peer mentor",
                "Decide early"
            ]
        );
    }

    #[test]
    fn capped_at_max() {
        let body: String = (0..30)
            .map(|i| format!("  • Take slot number {i} now.\n"))
            .collect();
        let d = draft(&step_page(&body), 1, &mut BTreeSet::new());
        assert_eq!(d.items(), MAX_ITEMS);
        assert_eq!(d.left_out, 10);
    }

    #[test]
    fn ids_unique() {
        let mut used = BTreeSet::new();
        let a = make_id(2, "Keep it short", &mut used);
        let b = make_id(2, "Keep it short", &mut used);
        assert_eq!(a, "s2-keep-short");
        assert_eq!(b, "s2-keep-short-2");
        assert!(crate::load::is_valid_id(&make_id(
            3,
            "Écrivez à l’école",
            &mut used
        )));
        assert_eq!(make_id(3, "—", &mut used), "s3-item");
    }
}
