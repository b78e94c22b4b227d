//! The views templates see: small serializable structs (`site`, `page`,
//! `guide`, checklist groups and items, print sections) made from the model,
//! so templates never see internal types.

use super::jobs::{Prepared, SeeCheck};
use super::markdown::{Rendered, TocEntry};
use super::metadata;
use crate::error::Diagnostic;
use crate::load::links::{resolve, Target};
use crate::load::{Page, Site};
use crate::url::absolute;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// The site-wide settings templates see as `site`.
#[derive(Debug, Serialize)]
pub(crate) struct SiteView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) base_url: Option<String>,
    pub(crate) language: &'a str,
    pub(crate) author: Option<&'a str>,
    pub(crate) site_id: String,
    pub(crate) portable: bool,
    pub(crate) search: bool,
    pub(crate) print: bool,
    pub(crate) extra: &'a BTreeMap<String, serde_json::Value>,
}

/// A page as listed elsewhere (cards, guide lists, prev/next).
#[derive(Debug, Serialize)]
pub(crate) struct PageSummary<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: Option<&'a str>,
    pub(crate) path: &'a str,
    pub(crate) step: Option<u32>,
    pub(crate) weight: i64,
    pub(crate) updated: Option<&'a str>,
    pub(crate) tags: &'a [String],
    pub(crate) checklist_path: Option<String>,
    pub(crate) checklist_total: usize,
    /// Space-separated checklist ids, for progress shown outside the checklist page.
    pub(crate) checklist_ids: String,
    pub(crate) storage_key: Option<String>,
}

/// A guide as templates see it (`guide`).
#[derive(Debug, Serialize)]
pub(crate) struct GuideView<'a> {
    pub(crate) key: &'a str,
    pub(crate) path: &'a str,
    pub(crate) title: &'a str,
    pub(crate) description: Option<&'a str>,
    pub(crate) pages: Vec<PageSummary<'a>>,
    /// What the header navigation lists: every page of a guide of up to
    /// [`NAV_ALL_PAGES`] pages, else only its numbered steps (step 0 counts
    /// as none, as in templates). Computed once here: a template loop over
    /// `pages` on every page would take time quadratic in the guide's size.
    pub(crate) nav: Vec<PageSummary<'a>>,
}

/// Largest guide whose header navigation lists every page.
pub(crate) const NAV_ALL_PAGES: usize = 12;

/// A checklist item as templates see it.
#[derive(Debug, Serialize)]
pub(crate) struct ItemView<'a> {
    pub(crate) id: &'a str,
    pub(crate) text: &'a str,
    /// Root-relative URL path of the explanation, with its anchor.
    pub(crate) see: Option<String>,
}

/// A checklist group as templates see it.
#[derive(Debug, Serialize)]
pub(crate) struct GroupView<'a> {
    pub(crate) group: &'a str,
    pub(crate) id: String,
    pub(crate) items: Vec<ItemView<'a>>,
}

/// The page being rendered (`page`).
#[derive(Debug, Serialize)]
pub(crate) struct PageView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: Option<&'a str>,
    pub(crate) path: &'a str,
    pub(crate) source: String,
    pub(crate) canonical: Option<String>,
    pub(crate) content: &'a str,
    pub(crate) toc: &'a [TocEntry],
    pub(crate) updated: Option<&'a str>,
    pub(crate) tags: &'a [String],
    pub(crate) step: Option<u32>,
    pub(crate) weight: i64,
    pub(crate) is_index: bool,
    pub(crate) imported: bool,
    pub(crate) checklist: &'a [GroupView<'a>],
    pub(crate) checklist_total: usize,
    pub(crate) checklist_ids: String,
    pub(crate) checklist_path: Option<String>,
    pub(crate) storage_key: Option<String>,
    /// JSON-LD structured data, ready to embed.
    pub(crate) json_ld: String,
    pub(crate) prev: Option<PageSummary<'a>>,
    pub(crate) next: Option<PageSummary<'a>>,
}

/// The view of a generated page that has no content file (home without
/// `_index.md`, 404, print pages).
pub(crate) fn synthetic_page<'a>(site: &'a Site, title: &'a str, path: &'a str) -> PageView<'a> {
    PageView {
        title,
        description: Some(&site.config.description),
        path,
        source: String::new(),
        canonical: None,
        content: "",
        toc: &[],
        updated: None,
        tags: &[],
        step: None,
        weight: 0,
        is_index: true,
        imported: false,
        checklist: &[],
        checklist_total: 0,
        checklist_ids: String::new(),
        checklist_path: None,
        storage_key: None,
        json_ld: String::new(),
        prev: None,
        next: site.guides[0]
            .pages
            .first()
            .map(|&n| summary(site, &site.pages[n])),
    }
}

/// Whether page `i` is shown alike to other pages in `a` and `b`: its title,
/// description, step, weight, date, tags and checklist as they appear in
/// guide cards, navigation and prev/next links. When it is not, the pages
/// that list it must be rendered again.
pub fn same_listing(a: &Site, b: &Site, i: usize) -> bool {
    match (a.pages.get(i), b.pages.get(i)) {
        (Some(pa), Some(pb)) => {
            serde_json::to_value(summary(a, pa)).ok() == serde_json::to_value(summary(b, pb)).ok()
        }
        _ => false,
    }
}

/// One page as a section of its guide's print page.
#[derive(Debug, Serialize)]
pub(crate) struct PrintSection<'a> {
    pub(crate) anchor: String,
    pub(crate) title: &'a str,
    pub(crate) description: Option<&'a str>,
    pub(crate) step: Option<u32>,
    pub(crate) content: String,
    pub(crate) checklist: &'a [GroupView<'a>],
}

pub(crate) fn checklist_view<'a>(
    site: &'a Site,
    index: usize,
    page: &'a Page,
    see_checks: &mut Vec<SeeCheck<'a>>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<GroupView<'a>> {
    let mut used = HashSet::new();
    let mut groups = Vec::new();
    for g in &page.meta.checklist {
        let mut id = format!("group-{}", crate::url::slugify(&g.group));
        while !used.insert(id.clone()) {
            id.push_str("-x");
        }
        let mut items = Vec::new();
        for item in &g.items {
            let see = item.see.as_deref().and_then(|see| {
                let bad = |msg: String, hint: String| page.diag_at_key("see", Some(see), msg).with_hint(hint);
                match resolve(site, index, see) {
                    Ok(Target::Page { page: t, anchor }) => {
                        let url = format!(
                            "{}{}",
                            site.pages[t].path,
                            anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default()
                        );
                        if let Some(anchor) = anchor {
                            see_checks.push(SeeCheck { page: index, item: &item.id, see, target: t, anchor });
                        }
                        Some(url)
                    }
                    Ok(_) => {
                        diags.push(bad(
                            format!("checklist item \"{}\": see must point into the guide, found `{see}`", item.id),
                            "use `#heading-id` on this page, or `other-page.md#heading-id`".into(),
                        ));
                        None
                    }
                    Err((msg, hint)) => {
                        diags.push(bad(format!("checklist item \"{}\": {msg}", item.id), hint));
                        None
                    }
                }
            });
            items.push(ItemView {
                id: &item.id,
                text: &item.text,
                see,
            });
        }
        groups.push(GroupView {
            group: &g.group,
            id,
            items,
        });
    }
    groups
}

pub(crate) fn storage_key(site: &Site, page: &Page) -> Option<String> {
    page.meta.step.filter(|_| page.has_checklist()).map(|step| {
        format!(
            "stepwise:{}:{}:v1:{step}",
            site.config.site_id(),
            site.guides[page.guide].key
        )
    })
}

pub(crate) fn summary<'a>(site: &'a Site, p: &'a Page) -> PageSummary<'a> {
    PageSummary {
        title: &p.meta.title,
        description: p.meta.description.as_deref(),
        path: &p.path,
        step: p.meta.step,
        weight: p.meta.weight,
        updated: p.meta.updated.as_deref(),
        tags: &p.meta.tags,
        checklist_path: p.has_checklist().then(|| p.checklist_path()),
        checklist_total: p.meta.checklist.iter().map(|g| g.items.len()).sum(),
        checklist_ids: p
            .meta
            .checklist
            .iter()
            .flat_map(|g| &g.items)
            .map(|i| i.id.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        storage_key: storage_key(site, p),
    }
}

pub(crate) fn page_view<'a>(prep: &'a Prepared, i: usize, body: &'a Rendered) -> PageView<'a> {
    let site = prep.site;
    let p = &site.pages[i];
    let guide = &site.guides[p.guide];
    let (prev, next) = if p.is_index {
        (
            None,
            guide.pages.first().map(|&n| summary(site, &site.pages[n])),
        )
    } else {
        let pos = prep.positions[i];
        let prev = match pos {
            0 => guide.index.map(|x| summary(site, &site.pages[x])),
            _ => Some(summary(site, &site.pages[guide.pages[pos - 1]])),
        };
        let next = guide
            .pages
            .get(pos + 1)
            .map(|&n| summary(site, &site.pages[n]));
        (prev, next)
    };
    let s = summary(site, p);
    PageView {
        title: &p.meta.title,
        description: p.meta.description.as_deref(),
        path: &p.path,
        source: p.source.to_string_lossy().replace('\\', "/"),
        canonical: site.config.base_url().map(|b| absolute(&b, &p.path)),
        content: &body.html,
        toc: &body.toc,
        updated: p.meta.updated.as_deref(),
        tags: &p.meta.tags,
        step: p.meta.step,
        weight: p.meta.weight,
        is_index: p.is_index,
        imported: p.meta.imported,
        checklist: &prep.checklists[i],
        checklist_total: s.checklist_total,
        checklist_ids: s.checklist_ids,
        checklist_path: s.checklist_path,
        storage_key: s.storage_key,
        json_ld: metadata::json_ld(site, i, &body.sections),
        prev,
        next,
    }
}
