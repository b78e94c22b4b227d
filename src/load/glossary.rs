//! Building the site's glossary ([`Glossary`], in the model) from the
//! `glossary:` front matter of one page, and finding its terms in text.
//!
//! Terms are matched with their case, as whole words (`IR` in "IR suite",
//! not in "IRB" or "stir"), the longest term first ("ECFMG certification"
//! before "ECFMG").

use super::front_matter::GlossaryEntry;
use super::page_id::PageId;
use super::pages::Pages;
use crate::error::Diagnostic;
use crate::url::{slugify, UniqueIds};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;
use std::ops::Range;

/// One term of the glossary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Term {
    /// The term as the glossary lists it.
    pub(crate) term: String,
    /// The id of its definition on the glossary page (`term-esir`).
    pub(crate) id: String,
    /// What an abbreviation stands for.
    pub(crate) expansion: Option<String>,
    /// What it means.
    pub(crate) definition: String,
}

/// The glossary of a site: its page, its terms in the order the glossary
/// page lists them (alphabetical), and a matcher for their uses.
#[derive(Debug, Clone)]
pub(crate) struct Glossary {
    /// The glossary page.
    pub(crate) page: PageId,
    /// The terms, alphabetically (ignoring case).
    pub(crate) terms: Vec<Term>,
    matcher: AhoCorasick,
    /// The term (index into `terms`) of each of the matcher's patterns.
    pattern_term: Vec<usize>,
}

impl PartialEq for Glossary {
    fn eq(&self, other: &Self) -> bool {
        // The matcher and its patterns follow from the entries.
        self.page == other.page
            && self.terms == other.terms
            && self.pattern_term == other.pattern_term
    }
}

impl Glossary {
    /// The glossary of `pages`, if one of them has a `glossary:` list.
    /// Reports a second glossary page, empty terms or definitions, and a
    /// term or alias listed twice.
    pub(crate) fn of(pages: &Pages) -> Result<Option<Glossary>, Vec<Diagnostic>> {
        let mut with = pages.ids().filter(|&i| !pages[i].meta.glossary.is_empty());
        let Some(page) = with.next() else {
            return Ok(None);
        };
        let mut diags = Vec::new();
        for other in with {
            diags.push(
                pages[other]
                    .diag_at_key(
                        "glossary",
                        None,
                        format!(
                            "a second glossary: {} already has one",
                            pages[page].source.display()
                        ),
                    )
                    .with_hint("keep every term in one page's `glossary:` list"),
            );
        }
        let p = &pages[page];
        // Checked in the order the file lists them, so "listed twice" points
        // at the later one; listed alphabetically.
        let mut seen: HashMap<&str, &str> = HashMap::new();
        // How often each (key, form) has been listed so far, to point at
        // the right line when one repeats.
        let mut listed: HashMap<(&str, &str), usize> = HashMap::new();
        let mut kept: Vec<(&GlossaryEntry, Vec<&str>)> = Vec::new();
        for e in &p.meta.glossary {
            if e.term.trim().is_empty() {
                diags.push(
                    p.diag_at_key("term", Some(&e.term), "glossary term is empty")
                        .with_hint("write the term as the guide's text uses it"),
                );
                continue;
            }
            if e.definition.trim().is_empty() {
                diags.push(
                    p.diag_at_key(
                        "term",
                        Some(&e.term),
                        format!("glossary term \"{}\" has no definition", e.term),
                    )
                    .with_hint("add `definition: ...`, a sentence or two saying what it means"),
                );
            }
            let mut forms = Vec::new();
            for form in std::iter::once(&e.term).chain(&e.aliases) {
                let form = form.trim();
                if form.is_empty() {
                    continue;
                }
                let key = if form == e.term.trim() {
                    "term"
                } else {
                    "aliases"
                };
                let earlier = listed.entry((key, form)).or_insert(0);
                *earlier += 1;
                if let Some(first) = seen.insert(form, &e.term) {
                    diags.push(
                        p.diag_at_nth_key(
                            key,
                            Some(form),
                            *earlier - 1,
                            format!("\"{form}\" is listed twice in the glossary"),
                        )
                        .with_hint(if first.trim() == form {
                            "it is a term already: list each term once, with its other forms as `aliases:`".to_string()
                        } else {
                            format!("it is already an alias of \"{first}\": each form belongs to one term")
                        }),
                    );
                    continue;
                }
                forms.push(form);
            }
            kept.push((e, forms));
        }
        kept.sort_by_cached_key(|(e, _)| (e.term.to_lowercase(), e.term.clone()));
        let mut ids = UniqueIds::new(2);
        let mut terms = Vec::new();
        let mut patterns: Vec<&str> = Vec::new();
        let mut pattern_term = Vec::new();
        for (e, forms) in kept {
            for form in forms {
                patterns.push(form);
                pattern_term.push(terms.len());
            }
            let slug = slugify(&e.term);
            terms.push(Term {
                term: e.term.trim().to_string(),
                id: ids.take(if slug.is_empty() {
                    "term".into()
                } else {
                    format!("term-{slug}")
                }),
                expansion: e.expansion.clone().filter(|x| !x.trim().is_empty()),
                definition: e.definition.trim().to_string(),
            });
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|e| {
                vec![p
                    .diag_at_key("glossary", None, format!("glossary cannot be used: {e}"))
                    .with_hint("shorten or simplify its terms")]
            })?;
        Ok(Some(Glossary {
            page,
            terms,
            matcher,
            pattern_term,
        }))
    }

    /// Every use of a term in `text` as a whole word: its byte range and the
    /// term (index into [`Glossary::terms`]), left to right.
    pub(crate) fn uses<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (Range<usize>, usize)> + 'a {
        self.matcher.find_iter(text).filter_map(move |m| {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            (!word(before) && !word(after))
                .then(|| (m.range(), self.pattern_term[m.pattern().as_usize()]))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary(entries: &[(&str, &[&str])]) -> Glossary {
        let meta = crate::load::FrontMatter {
            title: "Glossary".into(),
            glossary: entries
                .iter()
                .map(|(t, aliases)| GlossaryEntry {
                    term: t.to_string(),
                    expansion: None,
                    definition: "d".into(),
                    aliases: aliases.iter().map(|a| a.to_string()).collect(),
                })
                .collect(),
            ..Default::default()
        };
        let page = crate::load::Page::for_test("glossary.md", meta);
        Glossary::of(&Pages::new(vec![page]))
            .expect("valid")
            .expect("a glossary")
    }

    #[test]
    fn finds_whole_words_longest_first() {
        let g = glossary(&[
            ("IR", &[]),
            ("ECFMG", &[]),
            ("ECFMG certification", &["certificates"]),
        ]);
        let text = "IR and IRB, stir; ECFMG certification (ECFMG) and certificates.";
        let found: Vec<(&str, &str)> = g
            .uses(text)
            .map(|(r, t)| (&text[r], g.terms[t].term.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                ("IR", "IR"),
                ("ECFMG certification", "ECFMG certification"),
                ("ECFMG", "ECFMG"),
                ("certificates", "ECFMG certification")
            ]
        );
        assert_eq!(g.terms[0].id, "term-ecfmg");
    }
}
