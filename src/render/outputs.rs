//! What a render makes of a site: each page's own files (its page, its
//! checklist page), each guide's print page (run once with a placeholder
//! per page, see [`print`](super::print)), and the files of the whole site
//! ([`SiteFile`]), each from the small views templates see.
//!
//! A new site-wide file is a new [`SiteFile`]: its path in [`site_files`]
//! and its bytes in [`site_file`]; the driver makes it for `build`, `check`
//! and `serve` alike. A site file may be split over several files made
//! together (the search index: its term files and `search/meta.js`), each
//! listed under its own path.

use super::markdown::Rendered;
use super::metadata;
use super::print::{self, Assembly};
use super::search::{index_files, index_paths, Indexed, Numbers, DIR};
use super::sink::OutputFile;
use super::templates;
use super::views::{synthetic_page, SiteView, Views};
use crate::error::{Diagnostic, Error, Result};
use crate::load::{Page, PageId, Site, Theme};
use crate::url::absolute;
use std::collections::{BTreeMap, HashMap};

/// What every file of a render is made from: the site, its theme, its
/// compiled templates and the views templates see.
pub(crate) struct RenderInput<'a> {
    pub(crate) site: &'a Site,
    pub(crate) theme: &'a Theme,
    pub(crate) views: Views<'a>,
    pub(crate) tera: &'a tera::Tera,
}

/// The theme's templates compiled for `site`, with its settings as `site`.
pub(crate) fn compile(site: &Site, theme: &Theme) -> Result<tera::Tera> {
    let mut tera = templates::compile(theme, site.config.portable)?;
    tera.global_context().insert("site", &SiteView::of(site));
    Ok(tera)
}

/// An output of a page, or of the site as a whole.
#[derive(Debug, Clone, Copy)]
enum Job {
    Page(PageId),
    Checklist(PageId),
    Home,
    NotFound,
    Search,
}

/// Page `id`'s own files (its page, and its checklist page if it has one),
/// showing `body`, its rendered Markdown; template errors as diagnostics.
pub(crate) fn page_files(
    prep: &RenderInput,
    id: PageId,
    body: &Rendered,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let p = &prep.site.pages[id];
    let jobs = [
        Some(Job::Page(id)),
        p.has_checklist().then_some(Job::Checklist(id)),
    ];
    let (mut files, mut diags) = (Vec::new(), Vec::new());
    for job in jobs.into_iter().flatten() {
        match render_job(prep, job, body) {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    (files, diags)
}

/// A file of the site that belongs to no page and no guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SiteFile {
    /// The home page, when there is no `content/_index.md`.
    Home,
    /// `404.html`.
    NotFound,
    /// The search index's term files and `search/meta.js` (the fragments
    /// are made with their pages).
    SearchIndex,
    /// The search results page, `search/index.html`.
    SearchPage,
    /// `.nojekyll`.
    NoJekyll,
    /// `sitemap.xml`.
    Sitemap,
    /// `robots.txt`.
    Robots,
    /// The Atom feed.
    Atom,
}

impl SiteFile {
    /// What it is, for messages (`404 page`).
    pub(crate) fn describe(self) -> &'static str {
        match self {
            SiteFile::Home => "home page",
            SiteFile::NotFound => "404 page",
            SiteFile::SearchIndex => "search index",
            SiteFile::SearchPage => "search results page",
            SiteFile::NoJekyll => ".nojekyll file",
            SiteFile::Sitemap => "sitemap",
            SiteFile::Robots => "robots.txt",
            SiteFile::Atom => "Atom feed",
        }
    }

    /// Whether a template makes it (and may fail).
    pub(crate) fn is_template(self) -> bool {
        matches!(
            self,
            SiteFile::Home | SiteFile::NotFound | SiteFile::SearchPage
        )
    }
}

/// The files of `site` that belong to no page and no guide, by path.
pub(crate) fn site_files(site: &Site) -> Vec<(String, SiteFile)> {
    let mut files = Vec::new();
    if site.guides[0].index.is_none() {
        files.push((String::from("index.html"), SiteFile::Home));
    }
    files.push(("404.html".into(), SiteFile::NotFound));
    if site.config.search {
        files.push((format!("{DIR}index.html"), SiteFile::SearchPage));
        files.extend(
            index_paths(site)
                .into_iter()
                .map(|p| (p, SiteFile::SearchIndex)),
        );
    }
    files.push((".nojekyll".into(), SiteFile::NoJekyll));
    if site.config.base_url().is_some() {
        files.push(("sitemap.xml".into(), SiteFile::Sitemap));
        files.push(("robots.txt".into(), SiteFile::Robots));
    }
    if metadata::has_feed(site) {
        files.push(("atom.xml".into(), SiteFile::Atom));
    }
    files
}

/// The problems of the files copied as they are that would take the path of
/// a file the site makes (a page, a checklist or print page, the 404 page,
/// the search index...): a static file `faq/index.html` and a page
/// `faq.md`. One for each such file, named where it is.
pub(crate) fn static_collisions(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    let mut made: HashMap<String, String> = HashMap::new();
    for p in site.pages.iter() {
        let source = crate::shown::path(&p.source);
        made.insert(
            format!("{}index.html", p.path),
            format!("the page of {source}"),
        );
        if let Some(c) = &p.checklist_path {
            made.insert(
                format!("{c}index.html"),
                format!("the checklist page of {source}"),
            );
        }
    }
    if site.config.print {
        for g in &site.guides {
            made.insert(
                format!("{}index.html", g.print_path),
                "a guide's print page".into(),
            );
        }
    }
    for (path, file) in site_files(site) {
        made.insert(path, format!("the site's {}", file.describe()));
    }
    // A site's static file replaces the theme's of the same name; the
    // default theme's files never take a path the site makes.
    let from_site = theme
        .site_static
        .iter()
        .map(|(rel, _)| (format!("static/{rel}"), rel));
    let from_theme = theme
        .assets
        .keys()
        .filter(|rel| !theme.site_static.iter().any(|(r, _)| r == *rel))
        .map(|rel| (format!("themes/{}/static/{rel}", site.config.theme), rel));
    let mut diags = Vec::new();
    for (shown, rel) in from_site.chain(from_theme) {
        if let Some(what) = made.get(rel.as_str()) {
            diags.push(
                Diagnostic::file(
                    &shown,
                    format!("this file would be written to {rel}, where {what} goes"),
                )
                .with_hint(
                    "rename or move the file (or give the page another `slug:`): two files cannot have one path",
                ),
            );
        }
    }
    diags
}

/// The files copied as they are: the theme's assets, then the site's
/// `static/` on top. Without search, the theme's search script is left
/// out (nothing links to it).
pub(crate) fn static_files(theme: &Theme, site: &Site) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut files: BTreeMap<String, Vec<u8>> = theme.assets.clone();
    if !site.config.search {
        files.remove("search.js");
    }
    for (rel, path) in &theme.site_static {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        files.insert(rel.clone(), bytes);
    }
    Ok(files)
}

/// The files `file`, listed at `path`, makes: one, or for the search index
/// every one of its files, made from what it kept of each page
/// (`indexed`), numbered by `numbers`.
pub(crate) fn site_file<'a>(
    prep: &RenderInput,
    path: &str,
    file: SiteFile,
    numbers: &Numbers,
    indexed: &dyn Fn(PageId) -> Option<&'a Indexed>,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let site = prep.site;
    let empty = Rendered::default();
    let base = || site.config.base_url().unwrap_or_default();
    let bytes = match file {
        SiteFile::SearchIndex => return Ok(index_files(site, numbers, indexed)),
        SiteFile::Home => render_job(prep, Job::Home, &empty)?.bytes,
        SiteFile::NotFound => render_job(prep, Job::NotFound, &empty)?.bytes,
        SiteFile::SearchPage => render_job(prep, Job::Search, &empty)?.bytes,
        SiteFile::NoJekyll => Vec::new(),
        SiteFile::Sitemap => metadata::sitemap(site, &base()).into_bytes(),
        SiteFile::Robots => metadata::robots(&base()).into_bytes(),
        SiteFile::Atom => metadata::atom(site, &base())
            .unwrap_or_default()
            .into_bytes(),
    };
    Ok(vec![(path.to_string(), bytes)])
}

/// The pages of guide `g`'s print page, in order: its overview, then its
/// pages.
pub(crate) fn print_members(site: &Site, g: usize) -> Vec<PageId> {
    let guide = &site.guides[g];
    guide.index.iter().chain(&guide.pages).copied().collect()
}

/// Runs guide `g`'s print template with a placeholder for each page's HTML
/// (so the guide's whole text is never copied into the template context),
/// ready to take the pages' HTML.
pub(crate) fn print_assembly(prep: &RenderInput, g: usize) -> Result<Assembly, Diagnostic> {
    let site = prep.site;
    let guide = &site.guides[g];
    let members = print_members(site, g);
    let sections: Vec<_> = members
        .iter()
        .map(|&id| prep.views.print_section(id, print::marker(id)))
        .collect();
    let path = guide.print_path.as_str();
    let title = guide.index.map_or(site.config.title.as_str(), |i| {
        site.pages[i].meta.title.as_str()
    });
    let mut view = synthetic_page(site, title, path);
    view.canonical = site.config.base_url().map(|b| absolute(&b, path));
    let mut ctx = tera::Context::new();
    ctx.insert("page", &view);
    ctx.insert("sections", &sections);
    ctx.insert_value("guide", prep.views.guides[g].clone());
    let file = finish(prep, ctx, "print.html".into(), path.to_string(), None)?;
    let html = String::from_utf8_lossy(&file.bytes);
    Ok(Assembly::new(file.path, &html, &members))
}

/// Renders one output; page and checklist jobs show `body`, the page's
/// rendered Markdown.
fn render_job(prep: &RenderInput, job: Job, body: &Rendered) -> Result<OutputFile, Diagnostic> {
    let site = prep.site;
    let mut ctx = tera::Context::new();
    let (template, current, source): (String, String, Option<&Page>) = match job {
        Job::Page(id) => {
            let p = &site.pages[id];
            ctx.insert("page", &prep.views.page(id, body));
            ctx.insert_value("guide", prep.views.guides[p.guide].clone());
            let default = match (p.is_index, p.path.is_empty()) {
                (true, true) => "index.html",
                (true, false) => "guide.html",
                _ => "page.html",
            };
            let t = p.meta.template.clone().unwrap_or_else(|| default.into());
            (t, p.path.clone(), Some(p))
        }
        Job::Checklist(id) => {
            let p = &site.pages[id];
            ctx.insert("page", &prep.views.page(id, body));
            ctx.insert_value("guide", prep.views.guides[p.guide].clone());
            let path = p.checklist_path.clone().unwrap_or_default();
            ("checklist.html".into(), path, Some(p))
        }
        Job::Home | Job::NotFound | Job::Search => {
            let (path, template, title) = match job {
                Job::Home => ("", "index.html", site.config.title.as_str()),
                Job::Search => (DIR, "search.html", "Search"),
                _ => ("404.html", "404.html", "Page not found"),
            };
            ctx.insert("page", &synthetic_page(site, title, path));
            ctx.insert_value("guide", prep.views.guides[0].clone());
            (template.into(), path.into(), None)
        }
    };
    finish(prep, ctx, template, current, source)
}

/// Runs `template` for the page at URL path `current` and names the file.
fn finish(
    prep: &RenderInput,
    mut ctx: tera::Context,
    template: String,
    current: String,
    source: Option<&Page>,
) -> Result<OutputFile, Diagnostic> {
    let depth = current.matches('/').count();
    ctx.insert("root", &"../".repeat(depth));
    ctx.insert("current", &current);
    let html = prep.tera.render(&template, &ctx).map_err(|e| {
        let mut d = templates::diagnose(prep.theme, &e, source.map(|p| p.source.as_path()));
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
