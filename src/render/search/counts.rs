//! Each document's terms, counted while its page renders: how much each
//! weighs in the title, headings and description, and how often the text
//! says it, with the words of the document that stem to it (for typos and
//! prefixes, which a reader types as words, not stems). A document keeps
//! only this, never its text, and nothing in it depends on the other
//! documents, so `serve` keeps it per page between edits.

use super::docs::Doc;
use super::stem::stem;
use super::words::{keep, tokens, Token};
use crate::sync::lock;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock};

/// How much a term counts in each field, before length and saturation
/// (see `shards.rs`).
pub(crate) const TITLE: u16 = 8;
pub(crate) const HEADING: u16 = 3;
pub(crate) const META: u16 = 2;

/// A document's terms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct DocTerms {
    /// Its terms, sorted, each on a line with the words of the document
    /// that stem to it other than the term: `term word word\n`.
    lines: String,
    /// For each line: the weight of the term's mentions in title, headings
    /// and description ([`TITLE`] a mention, …), and its mentions in the text.
    counts: Vec<(u16, u16)>,
    /// How many indexed terms the text has; `None` for a checklist, whose
    /// items are short by nature, not because they say less: its mentions
    /// count as in a text of average length.
    pub(crate) length: Option<u32>,
}

impl DocTerms {
    /// Each term: the term, its words (space-separated), field weight,
    /// mentions in the text.
    pub(crate) fn terms(&self) -> impl Iterator<Item = (&str, &str, u16, u16)> + '_ {
        self.lines.lines().zip(&self.counts).map(|(line, &(w, n))| {
            let (term, words) = line.split_once(' ').unwrap_or((line, ""));
            (term, words, w, n)
        })
    }
}

/// The terms of `doc`.
pub(crate) fn doc_terms(doc: &Doc) -> DocTerms {
    let mut counts: HashMap<Cow<str>, (u16, u16)> = HashMap::new();
    count(&doc.title, TITLE, &mut counts);
    count(&doc.kind, TITLE, &mut counts);
    count(doc.description, META, &mut counts);
    for t in doc.tags {
        count(t, META, &mut counts);
    }
    let mut length = 0;
    for p in &doc.parts {
        count(p.heading, HEADING, &mut counts);
        length += count(p.text, 0, &mut counts);
    }
    let words: Vec<&str> = counts.keys().map(|w| &**w).collect();
    let stems = stems(&words);
    let mut by_term: BTreeMap<&str, (u16, u16, Vec<&str>)> = BTreeMap::new();
    for (word, term) in words.iter().zip(&stems) {
        let (w, n) = counts[*word];
        let e = by_term.entry(term).or_default();
        e.0 = e.0.saturating_add(w);
        e.1 = e.1.saturating_add(n);
        if word != term {
            e.2.push(word);
        }
    }
    let mut lines = String::new();
    let mut kept = Vec::with_capacity(by_term.len());
    for (term, (w, n, mut words)) in by_term {
        words.sort_unstable();
        lines.push_str(term);
        for word in words {
            lines.push(' ');
            lines.push_str(word);
        }
        lines.push('\n');
        kept.push((w, n));
    }
    lines.shrink_to_fit();
    DocTerms {
        lines,
        counts: kept,
        length: (!doc.checklist).then_some(length),
    }
}

/// Adds the kept terms of `text` to `counts`: `weight` each, or (weight 0,
/// body text) one mention each. Returns how many there were.
fn count<'t>(text: &'t str, weight: u16, counts: &mut HashMap<Cow<'t, str>, (u16, u16)>) -> u32 {
    let mut length = 0;
    tokens(text, |t| {
        let word = match t {
            Token::Word(w) if keep(&w) => w,
            Token::Gram(g) => Cow::Owned(g),
            Token::Word(_) => return,
        };
        let c = counts.entry(word).or_default();
        if weight == 0 {
            c.1 = c.1.saturating_add(1);
        } else {
            c.0 = c.0.saturating_add(weight);
        }
        length += 1;
    });
    length
}

/// The stems of `words`, remembered across documents (a site has far
/// fewer distinct words than words): one lock for a document's words.
fn stems(words: &[&str]) -> Vec<String> {
    static KNOWN: OnceLock<Mutex<HashMap<Box<str>, Box<str>>>> = OnceLock::new();
    let mut known = lock(KNOWN.get_or_init(Mutex::default));
    if known.len() > 1 << 20 {
        // Bounded, for a `serve` that runs for days.
        known.clear();
    }
    words
        .iter()
        .map(|w| match known.get(*w) {
            Some(s) => s.to_string(),
            None => {
                let s = stem(w);
                known.insert((*w).into(), s.as_str().into());
                s
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::docs::Part;
    use super::*;

    #[test]
    fn counts_each_field_with_its_weight_under_one_stem() {
        let doc = Doc {
            title: "Visas".into(),
            parts: vec![
                Part {
                    text: "A visa, the visas.",
                    ..Part::default()
                },
                Part {
                    heading: "Visa timing",
                    id: "timing".into(),
                    text: "Apply early",
                },
            ],
            ..Doc::default()
        };
        let d = doc_terms(&doc);
        let terms: Vec<(&str, &str, u16, u16)> = d.terms().collect();
        // Title once, heading once, text twice ("a" and "the" are not counted).
        assert!(
            terms.contains(&("visa", "visas", TITLE + HEADING, 2)),
            "{terms:?}"
        );
        assert!(terms.contains(&("appli", "apply", 0, 1)), "{terms:?}");
        assert_eq!(d.length, Some(4));
        let checklist = doc_terms(&Doc {
            checklist: true,
            ..doc
        });
        assert_eq!(checklist.length, None);
    }
}
