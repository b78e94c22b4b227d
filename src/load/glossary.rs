//! Building the site's glossary ([`Glossary`], in the model) from the
//! `glossary:` front matter of one page, and finding its terms in text.
//!
//! Terms are matched with their case, as whole words (`IR` in "IR suite",
//! not in "IRB" or "stir"), the longest term first ("ECFMG certification"
//! before "ECFMG"), in the text a rendered page shows: each form is read
//! as Markdown once ([`as_prose`]), so `dean's letter` is matched as
//! "dean’s letter", as smart punctuation writes the prose's apostrophes,
//! and a form Markdown would not show as text is refused.

use super::front_matter::GlossaryEntry;
use super::page::Page;
use super::page_id::PageId;
use super::pages::Pages;
use super::yaml_events::Step;
use crate::error::Diagnostic;
use crate::flavor::as_prose;
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
    /// Reports a second glossary page, empty terms or definitions, a term
    /// or alias listed twice, and one that can never be found in a page.
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
        let mut kept = entries(p, &mut diags);
        if !diags.is_empty() {
            return Err(diags);
        }
        kept.sort_by_cached_key(|(e, _)| (e.term.to_lowercase(), e.term.clone()));
        let mut ids = UniqueIds::new(2);
        let mut terms = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
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

/// The entries of glossary page `p`, in the order the file lists them, each
/// with its forms (term and aliases) as a rendered page shows them (what
/// they are matched as: `dean's letter` reads `dean’s letter`, as the
/// prose's apostrophes do). Checked in that order, so "listed twice" points
/// at the later one, where it is written; problems go to `diags`.
fn entries<'p>(p: &'p Page, diags: &mut Vec<Diagnostic>) -> Vec<(&'p GlossaryEntry, Vec<String>)> {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    let mut kept = Vec::new();
    for (i, e) in p.meta.glossary.iter().enumerate() {
        let at = |key: &'static str, j: Option<usize>| {
            let mut path = vec![Step::Key("glossary"), Step::Index(i), Step::Key(key)];
            path.extend(j.map(Step::Index));
            path
        };
        if e.term.trim().is_empty() {
            diags.push(
                p.diag_at_path(&at("term", None), "glossary term is empty")
                    .with_hint("write the term as the guide's text uses it"),
            );
            continue;
        }
        if e.definition.trim().is_empty() {
            diags.push(
                p.diag_at_path(
                    &at("term", None),
                    format!("glossary term \"{}\" has no definition", e.term),
                )
                .with_hint("add `definition: ...`, a sentence or two saying what it means"),
            );
        }
        let mut forms = Vec::new();
        let written = std::iter::once((&e.term, at("term", None))).chain(
            e.aliases
                .iter()
                .enumerate()
                .map(|(j, a)| (a, at("aliases", Some(j)))),
        );
        for (form, path) in written {
            let form = form.trim();
            if form.is_empty() {
                continue;
            }
            if let Some(first) = seen.insert(form, &e.term) {
                diags.push(
                    p.diag_at_path(&path, format!("\"{form}\" is listed twice in the glossary"))
                        .with_hint(if first.trim() == form {
                            "it is a term already: list each term once, with its other forms as `aliases:`".to_string()
                        } else {
                            format!("it is already an alias of \"{first}\": each form belongs to one term")
                        }),
                );
                continue;
            }
            match as_prose(form) {
                Ok(prose) if !prose.trim().is_empty() => forms.push(prose),
                found => diags.push(
                    p.diag_at_path(
                        &path,
                        format!(
                            "glossary form \"{form}\" can never be found in a page: Markdown reads it as {}",
                            found.err().unwrap_or("nothing")
                        ),
                    )
                    .with_hint("write it as a rendered page shows it, without Markdown's marks (`*`, `_`, backticks, `<tag>`, `[...](...)`)"),
                ),
            }
        }
        kept.push((e, forms));
    }
    kept
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
