//! Render stage: turns a loaded [`Site`] into the files of the built site,
//! in memory. Markdown is rendered once per page (in parallel), anchors and
//! checklist targets are checked against every page's headings, then each
//! page goes through its Tera template.
//!
//! Templates only ever see the small serializable views defined here, never
//! the internal model.

use crate::content::{Page, Site};
use crate::error::{closest, Diagnostic, Error, Result};
use crate::links::{resolve, Target};
use crate::markdown::{self, Rendered, TocEntry};
use crate::metadata;
use crate::theme::{self, Theme};
use crate::url::absolute;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path inside the output folder, `/`-separated.
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// The site-wide settings templates see as `site`.
#[derive(Debug, Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: Option<String>,
    language: &'a str,
    author: Option<&'a str>,
    site_id: String,
    portable: bool,
    extra: &'a BTreeMap<String, serde_json::Value>,
}

/// A page as listed elsewhere (cards, guide lists, prev/next).
#[derive(Debug, Serialize)]
struct PageSummary<'a> {
    title: &'a str,
    description: Option<&'a str>,
    path: &'a str,
    step: Option<u32>,
    weight: i64,
    updated: Option<&'a str>,
    tags: &'a [String],
    checklist_path: Option<String>,
    checklist_total: usize,
    /// Space-separated checklist ids, for progress shown outside the checklist page.
    checklist_ids: String,
    storage_key: Option<String>,
}

/// A guide as templates see it (`guide`).
#[derive(Debug, Serialize)]
struct GuideView<'a> {
    key: &'a str,
    path: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    pages: Vec<PageSummary<'a>>,
}

/// A checklist item as templates see it.
#[derive(Debug, Serialize)]
struct ItemView<'a> {
    id: &'a str,
    text: &'a str,
    /// Root-relative URL path of the explanation, with its anchor.
    see: Option<String>,
}

/// A checklist group as templates see it.
#[derive(Debug, Serialize)]
struct GroupView<'a> {
    group: &'a str,
    id: String,
    items: Vec<ItemView<'a>>,
}

/// The page being rendered (`page`).
#[derive(Debug, Serialize)]
struct PageView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    path: &'a str,
    source: String,
    canonical: Option<String>,
    content: &'a str,
    toc: &'a [TocEntry],
    updated: Option<&'a str>,
    tags: &'a [String],
    step: Option<u32>,
    weight: i64,
    is_index: bool,
    imported: bool,
    checklist: &'a [GroupView<'a>],
    checklist_total: usize,
    checklist_ids: String,
    checklist_path: Option<String>,
    storage_key: Option<String>,
    /// JSON-LD structured data, ready to embed.
    json_ld: String,
    prev: Option<PageSummary<'a>>,
    next: Option<PageSummary<'a>>,
}

/// The view of a generated page that has no content file (home without
/// `_index.md`, 404, print pages).
fn synthetic_page<'a>(site: &'a Site, title: &'a str, path: &'a str) -> PageView<'a> {
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

/// Everything computed once per site that templates need.
struct Prepared<'a> {
    site: &'a Site,
    bodies: &'a [Rendered],
    checklists: Vec<Vec<GroupView<'a>>>,
    guides: Vec<tera::Value>,
    tera: tera::Tera,
}

/// Every page's Markdown, rendered, with the problems found in it (broken
/// `.md` links): the part of a render that only depends on one page's text
/// (given the site's set of pages and their paths). `serve` keeps it between
/// renders so that an edit renders only the edited page's Markdown again.
#[derive(Debug, Clone, Default)]
pub struct Bodies {
    rendered: Vec<Rendered>,
    diags: Vec<Vec<Diagnostic>>,
}

impl Bodies {
    /// Renders the Markdown of every page of `site`, in parallel.
    pub fn render(site: &Site) -> Self {
        let (rendered, diags) = (0..site.pages.len())
            .into_par_iter()
            .map(|i| markdown::render(site, i))
            .unzip();
        Bodies { rendered, diags }
    }

    /// Renders the Markdown of `pages` again and keeps the rest. Only valid
    /// when `site` has the same pages, at the same paths, as the site the
    /// rest was rendered from; when the number of pages differs, everything
    /// is rendered again.
    pub fn update(&mut self, site: &Site, pages: &[usize]) {
        if self.rendered.len() != site.pages.len() {
            *self = Bodies::render(site);
            return;
        }
        let fresh: Vec<(usize, (Rendered, Vec<Diagnostic>))> = pages
            .par_iter()
            .filter(|&&i| i < site.pages.len())
            .map(|&i| (i, markdown::render(site, i)))
            .collect();
        for (i, (rendered, diags)) in fresh {
            self.rendered[i] = rendered;
            self.diags[i] = diags;
        }
    }
}

/// What [`render_selected`] renders besides the outputs that belong to
/// neither a page nor a guide.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Pages (indexes into [`Site::pages`]) whose page and checklist page
    /// are rendered.
    pub pages: BTreeSet<usize>,
    /// Guides (indexes into [`Site::guides`]) whose guide-wide pages (the
    /// print page) are rendered.
    pub guides: BTreeSet<usize>,
}

impl Selection {
    /// Every page and guide of `site`.
    pub fn all(site: &Site) -> Self {
        Selection {
            pages: (0..site.pages.len()).collect(),
            guides: (0..site.guides.len()).collect(),
        }
    }

    /// Whether `job` is selected; outputs of neither a page nor a guide always are.
    fn contains(&self, job: Job) -> bool {
        match job {
            Job::Page(i) | Job::Checklist(i) => self.pages.contains(&i),
            Job::Print(g) => self.guides.contains(&g),
            Job::Home | Job::NotFound => true,
        }
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

/// The files copied as they are: the theme's assets, then `static/` on top.
pub fn static_files(site: &Site, theme: &Theme) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut files: BTreeMap<String, Vec<u8>> = theme.assets.clone();
    for (rel, path) in theme::files_under(&site.root.join("static"))? {
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        files.insert(rel, bytes);
    }
    Ok(files)
}

/// Renders every page of `site` with `theme`. Reports every broken link,
/// anchor, checklist target and template error found.
pub fn render_site(site: &Site, theme: &Theme) -> Result<Vec<OutputFile>> {
    render_selected(site, theme, &Bodies::render(site), None)
}

/// Renders `site` from Markdown already rendered in `bodies`, through the
/// same steps as [`render_site`]. With `only = None` the result is exactly
/// [`render_site`]'s. With a [`Selection`], it holds the selected pages' and
/// guides' outputs, every output that belongs to neither (home, 404, search
/// index, feeds) and no static files:
/// each file is byte-identical to the same file of a full render. Links,
/// anchors and checklist targets are checked over the whole site either way.
pub fn render_selected(
    site: &Site,
    theme: &Theme,
    bodies: &Bodies,
    only: Option<&Selection>,
) -> Result<Vec<OutputFile>> {
    let fresh;
    let bodies = if bodies.rendered.len() == site.pages.len() {
        bodies
    } else {
        fresh = Bodies::render(site);
        &fresh
    };
    let prepared = prepare(site, theme, bodies)?;
    let mut jobs: Vec<Job> = Vec::new();
    for (i, p) in site.pages.iter().enumerate() {
        jobs.push(Job::Page(i));
        if p.has_checklist() {
            jobs.push(Job::Checklist(i));
        }
    }
    if site.guides[0].index.is_none() {
        jobs.push(Job::Home);
    }
    jobs.extend((0..site.guides.len()).map(Job::Print));
    jobs.push(Job::NotFound);
    if let Some(sel) = only {
        jobs.retain(|job| sel.contains(*job));
    }
    let results: Vec<std::result::Result<OutputFile, Diagnostic>> = jobs
        .par_iter()
        .map(|job| render_job(&prepared, theme, *job))
        .collect();
    let mut files = match only {
        None => static_files(site, theme)?,
        Some(_) => BTreeMap::new(),
    };
    files.insert(".nojekyll".into(), Vec::new());
    files.insert(
        crate::search::INDEX_PATH.into(),
        crate::search::index(site, prepared.bodies).into_bytes(),
    );
    if let Some(base) = site.config.base_url() {
        files.insert(
            "sitemap.xml".into(),
            metadata::sitemap(site, &base).into_bytes(),
        );
        files.insert("robots.txt".into(), metadata::robots(&base).into_bytes());
        files.insert("atom.xml".into(), metadata::atom(site, &base).into_bytes());
    }
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(f) => {
                files.insert(f.path, f.bytes);
            }
            Err(d) => diags.push(d),
        }
    }
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }
    Ok(files
        .into_iter()
        .map(|(path, bytes)| OutputFile { path, bytes })
        .collect())
}

#[derive(Debug, Clone, Copy)]
enum Job {
    Page(usize),
    Checklist(usize),
    Home,
    NotFound,
    Print(usize),
}

/// One page as a section of its guide's print page.
#[derive(Debug, Serialize)]
struct PrintSection<'a> {
    anchor: String,
    title: &'a str,
    description: Option<&'a str>,
    step: Option<u32>,
    content: String,
    checklist: &'a [GroupView<'a>],
}

fn prepare<'a>(site: &'a Site, theme: &Theme, bodies: &'a Bodies) -> Result<Prepared<'a>> {
    let portable = site.config.portable;
    let mut tera = theme::compile(theme, portable)?;
    let config = &site.config;
    let site_id = config.site_id();
    tera.global_context().insert(
        "site",
        &SiteView {
            title: &config.title,
            description: &config.description,
            base_url: config.base_url(),
            language: &config.language,
            author: config.author.as_deref(),
            site_id,
            portable,
            extra: &config.extra,
        },
    );

    let mut diags: Vec<Diagnostic> = bodies.diags.iter().flatten().cloned().collect();
    let bodies = bodies.rendered.as_slice();
    for (i, body) in bodies.iter().enumerate() {
        for r in &body.anchor_refs {
            if !bodies[r.page].anchors.contains(&r.anchor) {
                diags.push(
                    site.pages[i]
                        .diag_in_body(
                            r.offset,
                            format!(
                                "broken anchor: no heading with id `{}` in {}",
                                r.anchor,
                                site.pages[r.page].source.display()
                            ),
                        )
                        .with_hint(anchor_hint(&bodies[r.page], &r.anchor)),
                );
            }
        }
    }
    let checklists: Vec<Vec<GroupView>> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| checklist_view(site, bodies, i, p, &mut diags))
        .collect();
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }
    let guides = site
        .guides
        .iter()
        .map(|g| {
            let index = g.index.map(|i| &site.pages[i]);
            tera::Value::from_serializable(&GuideView {
                key: &g.key,
                path: &g.dir,
                title: index.map_or(config.title.as_str(), |p| p.meta.title.as_str()),
                description: index.and_then(|p| p.meta.description.as_deref()),
                pages: g
                    .pages
                    .iter()
                    .map(|&i| summary(site, &site.pages[i]))
                    .collect(),
            })
        })
        .collect();
    Ok(Prepared {
        site,
        bodies,
        checklists,
        guides,
        tera,
    })
}

fn anchor_hint(body: &Rendered, anchor: &str) -> String {
    let ids: Vec<&str> = body.anchors.iter().map(String::as_str).collect();
    match closest(anchor, &ids) {
        Some(c) => format!("did you mean `#{c}`?"),
        None => "link to a heading id that exists (see the page's table of contents)".into(),
    }
}

fn checklist_view<'a>(
    site: &'a Site,
    bodies: &[Rendered],
    index: usize,
    page: &'a Page,
    diags: &mut Vec<Diagnostic>,
) -> Vec<GroupView<'a>> {
    let mut used = std::collections::HashSet::new();
    page.meta
        .checklist
        .iter()
        .map(|g| {
            let mut id = format!("group-{}", crate::slug::slugify(&g.group));
            while !used.insert(id.clone()) {
                id.push_str("-x");
            }
            GroupView {
                group: &g.group,
                id,
                items: g
                    .items
                    .iter()
                    .map(|item| ItemView {
                        id: &item.id,
                        text: &item.text,
                        see: item.see.as_deref().and_then(|see| {
                            let bad = |msg: String, hint: String| {
                                page.diag_at_key("see", Some(see), msg).with_hint(hint)
                            };
                            match resolve(site, index, see) {
                                Ok(Target::Page { page: t, anchor }) => {
                                    if let Some(a) = &anchor {
                                        if !bodies[t].anchors.contains(a) {
                                            diags.push(bad(
                                                format!(
                                                    "checklist item \"{}\": see target `#{a}` is not a heading in {}",
                                                    item.id,
                                                    site.pages[t].source.display()
                                                ),
                                                anchor_hint(&bodies[t], a),
                                            ));
                                            return None;
                                        }
                                    }
                                    Some(format!(
                                        "{}{}",
                                        site.pages[t].path,
                                        anchor.map(|a| format!("#{a}")).unwrap_or_default()
                                    ))
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
                        }),
                    })
                    .collect(),
            }
        })
        .collect()
}

fn storage_key(site: &Site, page: &Page) -> Option<String> {
    page.meta.step.filter(|_| page.has_checklist()).map(|step| {
        format!(
            "stepwise:{}:{}:v1:{step}",
            site.config.site_id(),
            site.guides[page.guide].key
        )
    })
}

fn summary<'a>(site: &'a Site, p: &'a Page) -> PageSummary<'a> {
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

fn page_view<'a>(prep: &'a Prepared, i: usize) -> PageView<'a> {
    let site = prep.site;
    let p = &site.pages[i];
    let guide = &site.guides[p.guide];
    let (prev, next) = if p.is_index {
        (
            None,
            guide.pages.first().map(|&n| summary(site, &site.pages[n])),
        )
    } else {
        let pos = guide.pages.iter().position(|&x| x == i).unwrap_or(0);
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
        content: &prep.bodies[i].html,
        toc: &prep.bodies[i].toc,
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
        json_ld: metadata::json_ld(site, i, &prep.bodies[i].sections),
        prev,
        next,
    }
}

fn render_job(
    prep: &Prepared,
    theme: &Theme,
    job: Job,
) -> std::result::Result<OutputFile, Diagnostic> {
    let site = prep.site;
    let mut ctx = tera::Context::new();
    let (template, current, source): (String, String, Option<&Page>) = match job {
        Job::Page(i) => {
            let p = &site.pages[i];
            ctx.insert("page", &page_view(prep, i));
            ctx.insert_value("guide", prep.guides[p.guide].clone());
            let default = match (p.is_index, p.path.is_empty()) {
                (true, true) => "index.html",
                (true, false) => "guide.html",
                _ => "page.html",
            };
            let t = p.meta.template.clone().unwrap_or_else(|| default.into());
            (t, p.path.clone(), Some(p))
        }
        Job::Checklist(i) => {
            let p = &site.pages[i];
            ctx.insert("page", &page_view(prep, i));
            ctx.insert_value("guide", prep.guides[p.guide].clone());
            ("checklist.html".into(), p.checklist_path(), Some(p))
        }
        Job::Print(g) => {
            let guide = &site.guides[g];
            let sections: Vec<PrintSection> = guide
                .index
                .iter()
                .chain(&guide.pages)
                .map(|&i| {
                    let p = &site.pages[i];
                    PrintSection {
                        anchor: markdown::print_anchor(site, i),
                        title: &p.meta.title,
                        description: p.meta.description.as_deref(),
                        step: p.meta.step,
                        content: markdown::html_for_print(site, i, &prep.bodies[i]),
                        checklist: &prep.checklists[i],
                    }
                })
                .collect();
            let path = format!("{}print/", guide.dir);
            let title = guide.index.map_or(site.config.title.as_str(), |i| {
                site.pages[i].meta.title.as_str()
            });
            let mut view = synthetic_page(site, title, &path);
            view.canonical = site.config.base_url().map(|b| absolute(&b, &path));
            ctx.insert("page", &view);
            ctx.insert("sections", &sections);
            ctx.insert_value("guide", prep.guides[g].clone());
            ("print.html".into(), path, None)
        }
        Job::Home | Job::NotFound => {
            let (path, template, title) = match job {
                Job::Home => ("", "index.html", site.config.title.as_str()),
                _ => ("404.html", "404.html", "Page not found"),
            };
            ctx.insert("page", &synthetic_page(site, title, path));
            ctx.insert_value("guide", prep.guides[0].clone());
            (template.into(), path.into(), None)
        }
    };
    let depth = current.matches('/').count();
    ctx.insert("root", &"../".repeat(depth));
    ctx.insert("current", &current);
    let html = prep.tera.render(&template, &ctx).map_err(|e| {
        let mut d = theme::diagnose(theme, &e, source.map(|p| p.source.as_path()));
        if let (Some(p), tera::ErrorKind::TemplateNotFound(_)) = (source, e.kind()) {
            d = p
                .diag_at_key("template", Some(&template), format!("template `{template}` not found"))
                .with_hint("use a template of the theme (page.html, guide.html, ...) or add it under themes/<theme>/templates/");
        }
        d
    })?;
    let path = if current.is_empty() || current.ends_with('/') {
        format!("{current}index.html")
    } else {
        current
    };
    Ok(OutputFile {
        path,
        bytes: html.into_bytes(),
    })
}
