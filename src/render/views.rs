//! The views templates see: small serializable structs (`site`, `page`,
//! `guide`, checklist groups and items, print sections) made from the model,
//! so templates never see internal types. [`Views`] holds what is computed
//! once per site; a page's view is made when its template runs.

use super::calendar::{guide_calendar_path, guide_dated, page_calendar_path};
use super::markdown::{Rendered, TocEntry};
use super::metadata;
use crate::load::{Date, DateFormat, Page, PageId, Site};
use crate::url::{absolute, slugify};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

/// The site-wide settings templates see as `site`.
#[derive(Debug, Serialize)]
pub(crate) struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: Option<String>,
    language: &'a str,
    author: Option<&'a str>,
    site_id: String,
    portable: bool,
    search: bool,
    print: bool,
    /// Whether pages register the offline service worker and link the web
    /// app manifest (`offline` in site.yaml).
    offline: bool,
    /// Whether `atom.xml` is written (see [`metadata::has_feed`]).
    feed: bool,
    /// Who publishes the site (`publisher`), unless still a placeholder.
    publisher: Option<&'a str>,
    /// When the site was last reviewed (`reviewed`), `YYYY-MM-DD`.
    reviewed: Option<Date>,
    /// `reviewed` as the site prints dates (`December 5, 2026`).
    reviewed_human: Option<String>,
    /// Where readers report an error (`report_errors`): a URL or `mailto:`.
    report_errors: Option<&'a str>,
    extra: &'a BTreeMap<String, serde_json::Value>,
}

impl<'a> SiteView<'a> {
    /// The settings of `site`.
    pub(crate) fn of(site: &'a Site) -> Self {
        let config = &site.config;
        SiteView {
            title: &config.title,
            description: &config.description,
            base_url: config.base_url(),
            language: &config.language,
            author: config.author.as_deref(),
            site_id: config.site_id(),
            portable: config.portable,
            search: config.search,
            print: config.print,
            offline: config.offline,
            feed: metadata::has_feed(site),
            publisher: config.publisher(),
            reviewed: config.parsed.reviewed,
            reviewed_human: config
                .parsed
                .reviewed
                .map(|d| d.format(&config.parsed.dates)),
            report_errors: config.report_errors(),
            extra: &config.extra,
        }
    }
}

/// A page as listed elsewhere (cards, guide lists, prev/next).
#[derive(Debug, Serialize)]
pub(crate) struct PageSummary<'a> {
    title: &'a str,
    description: Option<&'a str>,
    path: &'a str,
    step: Option<u32>,
    weight: i64,
    updated: Option<Date>,
    /// `updated` as people read it (`20 November 2026`).
    updated_human: Option<String>,
    tags: &'a [String],
    /// The page's own template (`template:` in its front matter), if any.
    template: Option<&'a str>,
    checklist_path: Option<&'a str>,
    checklist_total: usize,
    /// Space-separated checklist ids, for progress shown outside the checklist page.
    checklist_ids: String,
}

/// A guide as templates see it (`guide`), with two lists of
/// [`PageSummary`] that [`guide_view`] adds, sharing each page's listing:
///
/// - `pages`: every page, in reading order;
/// - `nav`: what the header navigation lists: every page of a guide of up
///   to [`NAV_ALL_PAGES`] pages, else only its numbered steps (step 0
///   counts as none, as in templates). Computed once here: a template loop
///   over `pages` on every page would take time quadratic in the guide's
///   size.
#[derive(Debug, Serialize)]
struct GuideView<'a> {
    key: &'a str,
    path: &'a str,
    title: &'a str,
    description: Option<&'a str>,
}

/// Largest guide whose header navigation lists every page.
const NAV_ALL_PAGES: usize = 12;

/// A checklist item as templates see it.
#[derive(Debug, Serialize)]
struct ItemView<'a> {
    id: &'a str,
    text: &'a str,
    /// Root-relative URL path of the explanation, with its anchor.
    see: Option<&'a str>,
    /// When it is due, for `<time datetime>`: `2027-06-04`, or `2027-06`
    /// for a month.
    due: Option<String>,
    /// When it is due as readers read it: `June 4, 2027`, `June 2027`.
    due_human: Option<String>,
}

/// A dated item of a guide, as its overview's "Coming up" lists it.
#[derive(Debug, Serialize)]
struct DatedView<'a> {
    id: &'a str,
    text: &'a str,
    /// Root-relative URL path of the item on its checklist page.
    path: String,
    /// The last day it is due (a month's last day): `2027-06-30`.
    due_last: String,
    /// When it is due as readers read it.
    due_human: String,
}

/// A checklist group as templates see it.
#[derive(Debug, Serialize)]
pub(crate) struct GroupView<'a> {
    group: &'a str,
    id: String,
    items: Vec<ItemView<'a>>,
}

/// The page being rendered (`page`).
#[derive(Debug, Serialize)]
pub(crate) struct PageView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    path: &'a str,
    source: String,
    pub(crate) canonical: Option<String>,
    content: &'a str,
    toc: &'a [TocEntry],
    updated: Option<Date>,
    /// `updated` as people read it (`20 November 2026`).
    updated_human: Option<String>,
    tags: &'a [String],
    step: Option<u32>,
    weight: i64,
    is_index: bool,
    imported: bool,
    /// The page's own template (`template:` in its front matter), if any.
    template: Option<&'a str>,
    checklist: &'a [GroupView<'a>],
    checklist_total: usize,
    checklist_ids: String,
    checklist_path: Option<&'a str>,
    /// URL path of the checklist's calendar file, when an item is dated.
    calendar_path: Option<String>,
    /// Names the checklist: the step number, or `page-<slug>` for a page
    /// that is no step.
    checklist_id: Option<String>,
    /// JSON-LD structured data, ready to embed.
    json_ld: String,
    prev: Option<PageSummary<'a>>,
    next: Option<PageSummary<'a>>,
    /// The next page of the guide, in reading order, that has a checklist.
    next_checklist: Option<PageSummary<'a>>,
}

/// One page as a section of its guide's print page.
#[derive(Debug, Serialize)]
pub(crate) struct PrintSection<'a> {
    anchor: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    step: Option<u32>,
    /// The page's `updated` date, and as the site prints it.
    updated: Option<Date>,
    updated_human: Option<String>,
    content: String,
    checklist: &'a [GroupView<'a>],
}

/// What every page's view draws on, computed once per site.
pub(crate) struct Views<'a> {
    site: &'a Site,
    /// Each page's checklist, by page id, made when first needed.
    checklists: Vec<OnceLock<Vec<GroupView<'a>>>>,
    /// Each guide as templates see it, by guide index.
    pub(crate) guides: Vec<tera::Value>,
    /// Each page's position in its guide's reading order, by page id.
    positions: Vec<usize>,
    /// The next page with a checklist after each page in its guide's
    /// reading order, by page id.
    next_checklists: Vec<Option<PageId>>,
}

impl<'a> Views<'a> {
    /// The views of `site`.
    pub(crate) fn new(site: &'a Site) -> Self {
        let guides = (0..site.guides.len())
            .map(|g| guide_view(site, g))
            .collect();
        Views::with_guides(site, guides)
    }

    /// The views of `site` whose guides, as templates see them, are
    /// `guides` (by guide index, as [`guide_view`] makes them): kept
    /// between renders by `serve`.
    pub(crate) fn with_guides(site: &'a Site, guides: Vec<tera::Value>) -> Self {
        let mut positions = vec![0; site.pages.bound()];
        let mut next_checklists = vec![None; site.pages.bound()];
        for g in &site.guides {
            let mut next = None;
            for (pos, &id) in g.pages.iter().enumerate().rev() {
                positions[id.index()] = pos;
                next_checklists[id.index()] = next;
                if site.pages[id].has_checklist() {
                    next = Some(id);
                }
            }
            if let Some(index) = g.index {
                next_checklists[index.index()] = next;
            }
        }
        Views {
            site,
            checklists: (0..site.pages.bound()).map(|_| OnceLock::new()).collect(),
            guides,
            positions,
            next_checklists,
        }
    }

    /// Page `id`'s checklist as templates see it.
    fn checklist<'s>(&'s self, id: PageId) -> &'s [GroupView<'s>] {
        self.checklists[id.index()]
            .get_or_init(|| checklist_view(&self.site.pages[id], &self.site.config.parsed.dates))
    }

    /// Page `id` as its template sees it, with `body` its rendered Markdown.
    pub(crate) fn page<'s>(&'s self, id: PageId, body: &'s Rendered) -> PageView<'s> {
        let site = self.site;
        let p = &site.pages[id];
        let guide = &site.guides[p.guide];
        let (prev, next) = if p.is_index {
            (
                None,
                guide.pages.first().map(|&n| summary(site, &site.pages[n])),
            )
        } else {
            let pos = self.positions[id.index()];
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
            updated: p.updated,
            updated_human: s.updated_human,
            tags: &p.meta.tags,
            step: p.meta.step,
            weight: p.meta.weight,
            is_index: p.is_index,
            imported: p.meta.imported,
            template: p.meta.template.as_deref(),
            checklist: self.checklist(id),
            checklist_total: s.checklist_total,
            checklist_ids: s.checklist_ids,
            checklist_path: s.checklist_path,
            calendar_path: page_calendar_path(p),
            checklist_id: checklist_id(p),
            json_ld: metadata::json_ld(site, id, &body.sections),
            prev,
            next,
            next_checklist: self.next_checklists[id.index()].map(|n| summary(site, &site.pages[n])),
        }
    }

    /// Page `id` as a section of its guide's print page, its HTML still the
    /// placeholder `content`.
    pub(crate) fn print_section<'s>(&'s self, id: PageId, content: String) -> PrintSection<'s> {
        let p = &self.site.pages[id];
        PrintSection {
            anchor: &p.print_anchor,
            title: &p.meta.title,
            description: p.meta.description.as_deref(),
            step: p.meta.step,
            updated: p.updated,
            updated_human: p.updated.map(|d| d.format(&self.site.config.parsed.dates)),
            content,
            checklist: self.checklist(id),
        }
    }
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
        updated_human: None,
        tags: &[],
        step: None,
        weight: 0,
        is_index: true,
        imported: false,
        template: None,
        checklist: &[],
        checklist_total: 0,
        checklist_ids: String::new(),
        checklist_path: None,
        calendar_path: None,
        checklist_id: None,
        json_ld: String::new(),
        prev: None,
        next: site.guides[0]
            .pages
            .first()
            .map(|&n| summary(site, &site.pages[n])),
        next_checklist: None,
    }
}

/// Guide `g` of `site` as templates see it (`guide`): its title and every
/// page's listing, in reading order.
pub(crate) fn guide_view(site: &Site, g: usize) -> tera::Value {
    let mut dated: Vec<DatedView> = guide_dated(site, g)
        .into_iter()
        .map(|d| DatedView {
            id: &d.item.id,
            text: &d.item.text,
            path: format!(
                "{}#item-{}",
                d.page.checklist_path.as_deref().unwrap_or(&d.page.path),
                d.item.id
            ),
            due_last: d.due.last().to_string(),
            due_human: d.due.human(&site.config.parsed.dates),
        })
        .collect();
    dated.sort_by(|a, b| a.due_last.cmp(&b.due_last));
    let calendar_path = guide_calendar_path(site, g);
    let g = &site.guides[g];
    let index = g.index.map(|i| &site.pages[i]);
    let head = tera::Value::from_serializable(&GuideView {
        key: &g.key,
        path: &g.dir,
        title: index.map_or(site.config.title.as_str(), |p| p.meta.title.as_str()),
        description: index.and_then(|p| p.meta.description.as_deref()),
    });
    // One value per listing, in both lists: a large site keeps every
    // guide's view in memory (`serve`).
    let pages: Vec<tera::Value> = g
        .pages
        .iter()
        .map(|&i| tera::Value::from_serializable(&summary(site, &site.pages[i])))
        .collect();
    let nav: Vec<tera::Value> = g
        .pages
        .iter()
        .zip(&pages)
        .filter(|(&i, _)| g.pages.len() <= NAV_ALL_PAGES || is_step(&site.pages[i]))
        .map(|(_, v)| v.clone())
        .collect();
    // The numbered steps (for the overview's step-by-step list) and the
    // other pages (a FAQ, a glossary), listed apart; the whole guide's
    // progress counts every checklist item of the guide.
    let (mut steps, mut more) = (Vec::new(), Vec::new());
    for (&i, v) in g.pages.iter().zip(&pages) {
        if is_step(&site.pages[i]) {
            steps.push(v.clone());
        } else {
            more.push(v.clone());
        }
    }
    let items: Vec<&str> = g
        .pages
        .iter()
        .flat_map(|&i| site.pages[i].meta.checklist.iter().flat_map(|c| &c.items))
        .map(|item| item.id.as_str())
        .collect();
    let mut map = head.into_map().unwrap_or_default();
    map.insert("pages".into(), tera::Value::from(pages));
    map.insert("nav".into(), tera::Value::from(nav));
    map.insert("steps".into(), tera::Value::from(steps));
    map.insert("more".into(), tera::Value::from(more));
    map.insert("checklist_total".into(), tera::Value::from(items.len()));
    map.insert("checklist_ids".into(), tera::Value::from(items.join(" ")));
    map.insert("dated".into(), tera::Value::from_serializable(&dated));
    map.insert(
        "calendar_path".into(),
        tera::Value::from_serializable(&calendar_path),
    );
    tera::Value::from(map)
}

/// Whether `page` is one of its guide's numbered steps (step 0 counts as
/// none, as in templates).
fn is_step(page: &Page) -> bool {
    page.meta.step.is_some_and(|n| n > 0)
}

/// A page's checklist as templates see it; each group gets an id of its own.
fn checklist_view<'a>(page: &'a Page, dates: &DateFormat) -> Vec<GroupView<'a>> {
    let mut used = HashSet::new();
    let mut groups = Vec::new();
    for g in &page.meta.checklist {
        let mut id = format!("group-{}", slugify(&g.group));
        while !used.insert(id.clone()) {
            id.push_str("-x");
        }
        let items = g
            .items
            .iter()
            .map(|item| ItemView {
                id: &item.id,
                text: &item.text,
                see: item.target.as_ref().map(|t| t.url.as_str()),
                due: item.due_at.map(|d| d.iso()),
                due_human: item.due_at.map(|d| d.human(dates)),
            })
            .collect();
        groups.push(GroupView {
            group: &g.group,
            id,
            items,
        });
    }
    groups
}

/// What names a page's checklist in readers' browsers and in exported
/// ticks: the step number, or `page-<slug>` for a page that is no step.
fn checklist_id(page: &Page) -> Option<String> {
    page.has_checklist().then(|| match page.meta.step {
        Some(step) => step.to_string(),
        None => format!("page-{}", page.print_anchor),
    })
}

fn summary<'a>(site: &'a Site, p: &'a Page) -> PageSummary<'a> {
    PageSummary {
        title: &p.meta.title,
        description: p.meta.description.as_deref(),
        path: &p.path,
        step: p.meta.step,
        weight: p.meta.weight,
        updated: p.updated,
        updated_human: p.updated.map(|d| d.format(&site.config.parsed.dates)),
        tags: &p.meta.tags,
        template: p.meta.template.as_deref(),
        checklist_path: p.checklist_path.as_deref(),
        checklist_total: p.meta.checklist.iter().map(|g| g.items.len()).sum(),
        checklist_ids: p
            .meta
            .checklist
            .iter()
            .flat_map(|g| &g.items)
            .map(|i| i.id.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    }
}
