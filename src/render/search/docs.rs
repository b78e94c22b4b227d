//! The documents of the index: each page, and each page's checklist, with
//! the words that find it and the parts a result shows, numbered in
//! content-path order (every page, then every checklist).

use crate::load::{PageId, Site};
use crate::render::sections::{is_faq, Section};
use std::borrow::Cow;

/// One document of the index, as the render hands it over.
#[derive(Debug, Clone, Default)]
pub(crate) struct Doc<'a> {
    /// The title results show ("Checklist: Step 2 — …" for a checklist).
    pub(crate) title: Cow<'a, str>,
    /// Words of the page's kind, found like the title but never shown:
    /// "checklist", "step 2", "faq", "glossary".
    pub(crate) kind: String,
    /// Its address from the site root (`step-2/`, `step-2/checklist/`).
    pub(crate) url: Cow<'a, str>,
    /// Its description, shown when nothing else matched.
    pub(crate) description: &'a str,
    /// Its tags: found like the description, never shown.
    pub(crate) tags: &'a [String],
    /// Its parts, in order.
    pub(crate) parts: Vec<Part<'a>>,
    /// Whether it is a page's checklist, whose title repeats its page's.
    pub(crate) checklist: bool,
}

/// A part of a document: the text under one heading (or before the first),
/// or one checklist item under its group's name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Part<'a> {
    /// The heading (or the item's group); empty before the first heading.
    pub(crate) heading: &'a str,
    /// The anchor a result links to (`ck-target`, `item-s1-buy`); empty for
    /// the top of the page.
    pub(crate) id: Cow<'a, str>,
    /// The text, whitespace collapsed.
    pub(crate) text: &'a str,
}

/// The documents' numbers: by page id, its page's and its checklist's.
/// Page number `k` is the `k`th page in content-path order; the
/// checklists follow, in the same order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Numbers {
    by_id: Vec<Option<(usize, Option<usize>)>>,
    /// The document each number is: its page, and whether it is the
    /// page's checklist.
    pub(crate) docs: Vec<(PageId, bool)>,
}

impl Numbers {
    /// The numbers of `site`'s documents.
    pub(crate) fn of(site: &Site) -> Numbers {
        let mut by_id = vec![None; site.pages.bound()];
        let mut docs: Vec<(PageId, bool)> = site.pages.ids().map(|id| (id, false)).collect();
        for p in site.pages.iter() {
            let checklist = p.has_checklist().then(|| {
                docs.push((p.id, true));
                docs.len() - 1
            });
            by_id[p.id.index()] = Some((site.pages.place(p.id), checklist));
        }
        Numbers { by_id, docs }
    }

    /// Page `id`'s document number and its checklist's, if it has one.
    pub(crate) fn of_page(&self, id: PageId) -> Option<(usize, Option<usize>)> {
        self.by_id.get(id.index()).copied().flatten()
    }
}

/// The documents of page `id`, whose text by heading is `sections`: the
/// page, and its checklist if it has one.
pub(crate) fn page_docs<'a>(site: &'a Site, id: PageId, sections: &'a [Section]) -> Vec<Doc<'a>> {
    let p = &site.pages[id];
    let mut kind = Vec::new();
    if let Some(n) = p.meta.step {
        kind.push(format!("step {n}"));
    }
    if is_faq(sections) {
        kind.push("faq".into());
    }
    if site.glossary.as_ref().is_some_and(|g| g.page == id) {
        kind.push("glossary".into());
    }
    let page = Doc {
        title: Cow::Borrowed(&p.meta.title),
        kind: kind.join(" "),
        url: Cow::Borrowed(&p.path),
        description: p.meta.description.as_deref().unwrap_or(""),
        tags: &p.meta.tags,
        parts: sections
            .iter()
            .map(|s| Part {
                heading: &s.heading,
                id: Cow::Borrowed(s.id.as_deref().unwrap_or("")),
                text: &s.text,
            })
            .collect(),
        checklist: false,
    };
    let mut docs = vec![page];
    if let (true, Some(path)) = (p.has_checklist(), &p.checklist_path) {
        docs.push(Doc {
            title: Cow::Owned(format!("Checklist: {}", p.meta.title)),
            kind: "checklist".into(),
            url: Cow::Borrowed(path),
            description: "",
            tags: &[],
            parts: p
                .meta
                .checklist
                .iter()
                .flat_map(|g| {
                    g.items.iter().map(move |item| Part {
                        heading: &g.group,
                        id: Cow::Owned(format!("item-{}", item.id)),
                        text: &item.text,
                    })
                })
                .collect(),
            checklist: true,
        });
    }
    docs
}
