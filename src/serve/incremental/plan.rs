//! What to render again after an edit, and why: [`plan`] is a pure function
//! of what the last render kept ([`Before`]), the site as it is now
//! ([`After`]) and what `load::update` reported of the edit
//! ([`Update`]). Each rule is one small function below, and each page, print
//! page and site-wide file in the [`Plan`] carries the reason it is made
//! again ([`Why`]). Nothing here renders: `parts.rs` applies the plan.
//!
//! The rules, in the order they apply:
//!
//! - [`edited`]: a page whose file changed is rendered again.
//! - [`site_view_changed`]: what templates see as `site` changed: every file.
//! - [`glossary_changed`]: every page links the glossary's terms: every page.
//! - [`listings_changed`]: a guide whose listing changed (what its pages
//!   show of each other: navigation, cards, prev/next), or whose overview
//!   changed: every page of the guide and its print page; the root guide
//!   also shows on the home page, 404 and every print page, and its
//!   overview is named in every page's structured data.
//! - [`print_sections`]: a page's print section shows its title, step and
//!   checklist: its guide's print page.
//! - [`links_to_moved`]: a page whose Markdown or checklist links to a page
//!   that moved or went.
//! - [`print_parts_missing`]: a print page put together again takes every
//!   page's part; one not kept (the template left the page out) is rendered
//!   for it.
//! - [`no_print_pages`]: a site without print pages assembles none.
//!
//! Anchors: the pages rendered are checked, and so are the pages linking to
//! an anchor of a page whose ids changed, which only the render tells.

use crate::load::{Page, PageId, Site, Update};
use crate::render::{Anchors, Guides, Make, Pages, SiteFiles, Work};
use std::collections::{BTreeMap, BTreeSet};

/// Why a file is made again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Why {
    /// Its page's file changed.
    Edited,
    /// What templates see as `site` changed.
    SiteView,
    /// The glossary changed.
    Glossary,
    /// The listing of guide `g` changed (or its overview did).
    Listing(usize),
    /// The home page's overview changed: every page's structured data
    /// names it.
    HomeOverview,
    /// The root guide's listing changed: the home page, 404 and every
    /// print page show it.
    RootGuide,
    /// Page `id`, which the print page shows, changed.
    PrintSection(PageId),
    /// It links to page `id`, which moved or went.
    LinksTo(PageId),
    /// Guide `g`'s print page is put together again, and this page's part
    /// of it is not kept.
    PrintPart(usize),
}

/// What to make again after an edit, each with why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Plan {
    /// The pages whose Markdown is rendered again, and what is made of each.
    pub(crate) pages: BTreeMap<PageId, (Make, Why)>,
    /// The guides (by index) whose print page is put together again, its
    /// template run; the others have their pages' new parts put in.
    pub(crate) prints: BTreeMap<usize, Why>,
    /// Why the files of the whole site that a template makes (home, 404)
    /// are made again, if they are.
    pub(crate) site_files: Option<Why>,
    /// Why the templates are compiled again, if they are.
    pub(crate) templates: Option<Why>,
}

impl Plan {
    /// Renders page `id`'s files again, for `why` (the first reason stays).
    fn files(&mut self, id: PageId, why: Why) {
        match self.pages.get(&id) {
            Some((Make::Files, _)) => {}
            _ => {
                self.pages.insert(id, (Make::Files, why));
            }
        }
    }

    /// Assembles guide `g`'s print page again, for `why`.
    fn print(&mut self, g: usize, why: Why) {
        self.prints.entry(g).or_insert(why);
    }

    /// What the render driver makes for this plan.
    pub(crate) fn work(&self) -> Work {
        Work {
            pages: Pages::Only(self.pages.iter().map(|(id, (m, _))| (*id, *m)).collect()),
            prints: Guides::Only(self.prints.keys().copied().collect()),
            site_files: match self.site_files {
                Some(_) => SiteFiles::Templates,
                None => SiteFiles::Only(Vec::new()),
            },
            anchors: Anchors::RenderedAndLinkers,
            search: true,
            keep_prints: true,
            keep_links: true,
            ..Work::nothing()
        }
    }
}

/// What the plan needs of the last render.
pub(crate) trait Before {
    /// What templates saw as `site`.
    fn site_view(&self) -> &tera::Value;
    /// What templates saw of the guide in folder `dir`, if there was one.
    fn guide_view(&self, dir: &str) -> Option<&tera::Value>;
    /// The pages page `id`'s Markdown linked to.
    fn links(&self, id: PageId) -> &[PageId];
    /// Whether page `id`'s part of its guide's print page is kept.
    fn has_print_part(&self, id: PageId) -> bool;
}

/// The site as it is after the edit, with what templates will see of it.
pub(crate) struct After<'a> {
    /// The site.
    pub(crate) site: &'a Site,
    /// What templates see as `site`.
    pub(crate) site_view: &'a tera::Value,
    /// What templates see of each guide, by index: made again for the
    /// guides the update names, as kept for the others.
    pub(crate) guide_views: &'a [tera::Value],
}

/// What to render again after the edit `changes` to the site, which was
/// last rendered as `before` and is now `after`.
pub(crate) fn plan(before: &dyn Before, after: &After, changes: &Update) -> Plan {
    let mut plan = Plan::default();
    edited(changes, &mut plan);
    site_view_changed(before, after, &mut plan);
    glossary_changed(after.site, changes, &mut plan);
    if !changes.bodies_only {
        listings_changed(before, after, changes, &mut plan);
        print_sections(after.site, changes, &mut plan);
        links_to_moved(before, after.site, changes, &mut plan);
    }
    no_print_pages(after.site, &mut plan);
    print_parts_missing(before, after.site, &mut plan);
    plan
}

/// A page whose file changed: its files.
fn edited(changes: &Update, plan: &mut Plan) {
    for &id in &changes.changed {
        plan.files(id, Why::Edited);
    }
}

/// What templates see as `site` changed (the settings make it today; if it
/// ever shows something of the pages, a content edit can change it):
/// every file, with the templates compiled again.
fn site_view_changed(before: &dyn Before, after: &After, plan: &mut Plan) {
    if before.site_view() == after.site_view {
        return;
    }
    everything(after.site, Why::SiteView, plan);
    plan.site_files.get_or_insert(Why::SiteView);
    plan.templates = Some(Why::SiteView);
}

/// The glossary changed: every page links its terms where it first uses
/// them, and the glossary page lists them.
fn glossary_changed(site: &Site, changes: &Update, plan: &mut Plan) {
    if changes.glossary {
        everything(site, Why::Glossary, plan);
    }
}

/// Every page and every print page, for `why`.
fn everything(site: &Site, why: Why, plan: &mut Plan) {
    for id in site.pages.ids() {
        plan.files(id, why.clone());
    }
    for g in 0..site.guides.len() {
        plan.print(g, why.clone());
    }
}

/// A guide whose listing or overview changed: every page of it lists the
/// others (navigation, cards, prev/next) and shows its title. Only the
/// guides `load::update` names can have changed; of those, the listing is
/// compared with the last one.
fn listings_changed(before: &dyn Before, after: &After, changes: &Update, plan: &mut Plan) {
    let site = after.site;
    for (g, guide) in site.guides.iter().enumerate() {
        if !changes.guides.contains(&guide.dir) {
            continue;
        }
        let overview = guide.index.is_some_and(|x| changes.changed.contains(&x));
        let listing = before.guide_view(&guide.dir) != Some(&after.guide_views[g]);
        if !(listing || overview) {
            continue;
        }
        for id in guide.index.iter().chain(&guide.pages) {
            plan.files(*id, Why::Listing(g));
        }
        plan.print(g, Why::Listing(g));
        if g == 0 {
            // The home page and 404 show the root guide, every print page
            // its first page.
            plan.site_files.get_or_insert(Why::RootGuide);
            for g in 0..site.guides.len() {
                plan.print(g, Why::RootGuide);
            }
            if overview {
                // Every page's structured data names the home page.
                for id in site.pages.ids() {
                    plan.files(id, Why::HomeOverview);
                }
            }
        }
    }
}

/// A page's print section shows its title, step and checklist: the print
/// page of each changed page's guide.
fn print_sections(site: &Site, changes: &Update, plan: &mut Plan) {
    for &id in &changes.changed {
        plan.print(site.pages[id].guide, Why::PrintSection(id));
    }
}

/// A page whose Markdown links to a page that moved or went, or whose
/// checklist's `see:` does: its files, and its guide's print page.
fn links_to_moved(before: &dyn Before, site: &Site, changes: &Update, plan: &mut Plan) {
    let moved: BTreeSet<PageId> = changes
        .moved
        .iter()
        .chain(&changes.removed)
        .copied()
        .collect();
    if moved.is_empty() {
        return;
    }
    for page in site.pages.iter() {
        let linked = before
            .links(page.id)
            .iter()
            .copied()
            .find(|l| moved.contains(l));
        let seen = || see_targets(page).find(|t| moved.contains(t));
        if let Some(to) = linked.or_else(seen) {
            plan.files(page.id, Why::LinksTo(to));
            plan.print(page.guide, Why::LinksTo(to));
        }
    }
}

/// The pages the checklist items of `page` lead to with `see:`.
fn see_targets(page: &Page) -> impl Iterator<Item = PageId> + '_ {
    page.meta
        .checklist
        .iter()
        .flat_map(|g| &g.items)
        .filter_map(|item| item.target.as_ref())
        .map(|t| t.page)
}

/// Whether an item of `page`'s checklist leads to one of `pages`.
pub(crate) fn sees_one_of(page: &Page, pages: &BTreeSet<PageId>) -> bool {
    see_targets(page).any(|t| pages.contains(&t))
}

/// A site without print pages assembles none.
fn no_print_pages(site: &Site, plan: &mut Plan) {
    if !site.config.print {
        plan.prints.clear();
    }
}

/// A print page put together again takes every page's part: a page not
/// rendered gives the part kept, and one whose part is not kept (the
/// template left it out) is rendered for it.
fn print_parts_missing(before: &dyn Before, site: &Site, plan: &mut Plan) {
    let guides: Vec<usize> = plan.prints.keys().copied().collect();
    for g in guides {
        let guide = &site.guides[g];
        for &id in guide.index.iter().chain(&guide.pages) {
            if !plan.pages.contains_key(&id) && !before.has_print_part(id) {
                plan.pages.insert(id, (Make::PrintPart, Why::PrintPart(g)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, update, LoadOptions};
    use std::collections::HashMap;
    use std::path::Path;

    /// The last render, as the plan sees it: what templates saw of `site`
    /// and of each guide, what each page linked to, which print parts are
    /// kept.
    struct Last {
        site_view: tera::Value,
        guides: HashMap<String, tera::Value>,
        links: HashMap<PageId, Vec<PageId>>,
        left_out: BTreeSet<PageId>,
    }

    impl Before for Last {
        fn site_view(&self) -> &tera::Value {
            &self.site_view
        }
        fn guide_view(&self, dir: &str) -> Option<&tera::Value> {
            self.guides.get(dir)
        }
        fn links(&self, id: PageId) -> &[PageId] {
            self.links.get(&id).map_or(&[], Vec::as_slice)
        }
        fn has_print_part(&self, id: PageId) -> bool {
            !self.left_out.contains(&id)
        }
    }

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    fn page(title: &str, weight: i64, body: &str) -> String {
        format!("---\ntitle: \"{title}\"\nweight: {weight}\n---\n\n{body}\n")
    }

    /// A site of two guides: the root one (home, `a.md` linking to
    /// `b.md`, `b.md`) and `g/` (overview, `x.md` with a checklist).
    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        write(root, "site.yaml", "title: \"Plan\"\n");
        write(root, "content/_index.md", &page("Home", 0, "Home."));
        write(root, "content/a.md", &page("A", 10, "See [b](b.md)."));
        write(root, "content/b.md", &page("B", 20, "Bee."));
        write(root, "content/g/_index.md", &page("G", 0, "Guide."));
        write(
            root,
            "content/g/x.md",
            "---\ntitle: \"X\"\nstep: 1\nchecklist:\n  - group: \"Do\"\n    items:\n      - id: x-one\n        text: \"One\"\n---\n\nX.\n",
        );
        dir
    }

    /// The site at `root`, and the last render of it as the plan sees it:
    /// each guide's view a placeholder, `a.md` linking to `b.md`.
    fn rendered(root: &Path) -> (Site, Last) {
        let site = load(root, &LoadOptions::default()).expect("load");
        let links = HashMap::from([(site.by_rel["a.md"], vec![site.by_rel["b.md"]])]);
        let guides = site
            .guides
            .iter()
            .map(|g| {
                (
                    g.dir.clone(),
                    tera::Value::from(format!("listing of {}", g.dir)),
                )
            })
            .collect();
        let last = Last {
            site_view: tera::Value::from("settings"),
            guides,
            links,
            left_out: BTreeSet::new(),
        };
        (site, last)
    }

    /// Edits `rel` (under `content/`) from `from` to `to`, updates `site`,
    /// and plans with what templates see of each guide as `last` had it,
    /// but `relisted` guides (by folder) listing something else now.
    fn edit(
        site: &mut Site,
        last: &Last,
        (root, rel): (&Path, &str),
        (from, to): (&str, &str),
        relisted: &[&str],
    ) -> (Plan, Update) {
        let path = root.join("content").join(rel);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
        saved(site, last, &[rel], relisted)
    }

    /// Updates `site` for the files at `rels` (under `content/`) and plans
    /// as [`edit`] does.
    fn saved(site: &mut Site, last: &Last, rels: &[&str], relisted: &[&str]) -> (Plan, Update) {
        let changed: BTreeSet<String> = rels.iter().map(|r| r.to_string()).collect();
        let up = update(site, &LoadOptions::default(), &changed).expect("update");
        let views: Vec<tera::Value> = site
            .guides
            .iter()
            .map(|g| match last.guides.get(&g.dir) {
                Some(v) if !relisted.contains(&g.dir.as_str()) => v.clone(),
                _ => tera::Value::from(format!("new listing of {}", g.dir)),
            })
            .collect();
        let site_view = tera::Value::from("settings");
        let after = After {
            site,
            site_view: &site_view,
            guide_views: &views,
        };
        (plan(last, &after, &up), up)
    }

    fn pages<'s>(site: &'s Site, plan: &Plan) -> Vec<(&'s str, Make, Why)> {
        plan.pages
            .iter()
            .map(|(id, (m, w))| (site.pages[*id].rel.as_str(), *m, w.clone()))
            .collect()
    }

    #[test]
    fn a_body_edit_renders_its_page_and_puts_its_part_in_its_print_page() {
        let dir = site();
        let (mut site, last) = rendered(dir.path());
        let (plan, _) = edit(
            &mut site,
            &last,
            (dir.path(), "b.md"),
            ("Bee.", "Bees."),
            &[],
        );
        assert_eq!(pages(&site, &plan), [("b.md", Make::Files, Why::Edited)]);
        // Its print page is not put together again: its part is put in.
        assert!(plan.prints.is_empty());
        assert_eq!((plan.site_files, plan.templates), (None, None));
    }

    #[test]
    fn a_listing_that_changed_renders_its_guide() {
        let dir = site();
        let (mut site, last) = rendered(dir.path());
        let (plan, _) = edit(
            &mut site,
            &last,
            (dir.path(), "g/x.md"),
            ("title: \"X\"", "title: \"Ex\""),
            &["g/"],
        );
        let g = site.pages[site.by_rel["g/x.md"]].guide;
        assert_eq!(
            pages(&site, &plan),
            [
                ("g/_index.md", Make::Files, Why::Listing(g)),
                ("g/x.md", Make::Files, Why::Edited),
            ]
        );
        assert_eq!(plan.prints, BTreeMap::from([(g, Why::Listing(g))]));
        assert_eq!(plan.site_files, None);
    }

    #[test]
    fn front_matter_a_listing_does_not_show_renders_the_page_and_its_print_section() {
        let dir = site();
        let (mut site, last) = rendered(dir.path());
        let (plan, _) = edit(
            &mut site,
            &last,
            (dir.path(), "g/x.md"),
            ("text: \"One\"", "text: \"The first\""),
            &[],
        );
        let x = site.by_rel["g/x.md"];
        assert_eq!(pages(&site, &plan), [("g/x.md", Make::Files, Why::Edited)]);
        let g = site.pages[x].guide;
        assert_eq!(plan.prints, BTreeMap::from([(g, Why::PrintSection(x))]));
    }

    #[test]
    fn the_root_guide_shows_on_every_print_page_and_its_overview_in_every_page() {
        let dir = site();
        let (mut site, last) = rendered(dir.path());
        let (plan, _) = edit(
            &mut site,
            &last,
            (dir.path(), "_index.md"),
            ("title: \"Home\"", "title: \"Start\""),
            &[""],
        );
        assert_eq!(plan.pages.len(), site.pages.len());
        let x = site.by_rel["g/x.md"];
        assert_eq!(plan.pages[&x], (Make::Files, Why::HomeOverview));
        assert_eq!(
            plan.pages[&site.by_rel["a.md"]],
            (Make::Files, Why::Listing(0))
        );
        assert_eq!(plan.prints.len(), site.guides.len());
        assert_eq!(plan.prints[&site.pages[x].guide], Why::RootGuide);
        assert_eq!(plan.site_files, Some(Why::RootGuide));
    }

    #[test]
    fn a_page_linking_to_a_page_that_moved_is_rendered() {
        let dir = site();
        let (mut site, last) = rendered(dir.path());
        let b = site.by_rel["b.md"];
        let (plan, up) = edit(
            &mut site,
            &last,
            (dir.path(), "b.md"),
            ("weight: 20", "weight: 20\nslug: bee"),
            &[],
        );
        assert_eq!(up.moved, [b]);
        assert_eq!(
            plan.pages[&site.by_rel["a.md"]],
            (Make::Files, Why::LinksTo(b))
        );
        assert_eq!(plan.pages[&b], (Make::Files, Why::Edited));
    }

    #[test]
    fn a_removed_page_renders_the_pages_linking_to_it() {
        let dir = site();
        let (mut site, last) = rendered(dir.path());
        let b = site.by_rel["b.md"];
        std::fs::remove_file(dir.path().join("content/b.md")).expect("remove");
        // The root guide lists the same, as far as this test is concerned.
        let (plan, up) = saved(&mut site, &last, &["b.md"], &[]);
        assert_eq!(up.removed, [b]);
        assert_eq!(
            plan.pages[&site.by_rel["a.md"]],
            (Make::Files, Why::LinksTo(b))
        );
    }

    #[test]
    fn settings_templates_show_render_everything_and_compile_again() {
        let dir = site();
        let (mut site, mut last) = rendered(dir.path());
        last.site_view = tera::Value::from("other settings");
        let (plan, _) = edit(
            &mut site,
            &last,
            (dir.path(), "b.md"),
            ("Bee.", "Bees."),
            &[],
        );
        assert_eq!(plan.pages.len(), site.pages.len());
        assert_eq!(
            plan.pages[&site.by_rel["a.md"]],
            (Make::Files, Why::SiteView)
        );
        assert_eq!(plan.pages[&site.by_rel["b.md"]], (Make::Files, Why::Edited));
        assert_eq!(plan.prints.len(), site.guides.len());
        assert_eq!(plan.templates, Some(Why::SiteView));
        assert_eq!(plan.site_files, Some(Why::SiteView));
    }

    #[test]
    fn a_glossary_renders_every_page() {
        let dir = site();
        let (mut site, last) = rendered(dir.path());
        let (plan, up) = edit(
            &mut site,
            &last,
            (dir.path(), "b.md"),
            (
                "weight: 20",
                "weight: 20\nglossary:\n  - term: \"Bee\"\n    definition: \"An insect.\"",
            ),
            &[],
        );
        assert!(up.glossary);
        assert_eq!(plan.pages.len(), site.pages.len());
        assert_eq!(
            plan.pages[&site.by_rel["a.md"]],
            (Make::Files, Why::Glossary)
        );
    }

    #[test]
    fn a_print_page_put_together_again_renders_the_parts_it_does_not_keep() {
        let dir = site();
        let (mut site, mut last) = rendered(dir.path());
        let overview = site.by_rel["g/_index.md"];
        last.left_out.insert(overview);
        let (plan, _) = edit(
            &mut site,
            &last,
            (dir.path(), "g/x.md"),
            ("text: \"One\"", "text: \"The first\""),
            &[],
        );
        let g = site.pages[overview].guide;
        assert_eq!(plan.pages[&overview], (Make::PrintPart, Why::PrintPart(g)));
        let work = plan.work();
        assert_eq!(work.prints, Guides::Only(BTreeSet::from([g])));
    }

    #[test]
    fn a_site_without_print_pages_assembles_none() {
        let dir = site();
        write(dir.path(), "site.yaml", "title: \"Plan\"\nprint: false\n");
        let (mut site, mut last) = rendered(dir.path());
        last.left_out.extend(site.pages.ids());
        let (plan, _) = edit(
            &mut site,
            &last,
            (dir.path(), "g/x.md"),
            ("title: \"X\"", "title: \"Ex\""),
            &["g/"],
        );
        assert!(plan.prints.is_empty());
        assert!(plan.pages.values().all(|(m, _)| *m == Make::Files));
    }
}
