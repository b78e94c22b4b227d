//! The render's jobs: what is prepared once per site, which outputs each
//! page and guide makes, and the order threads take pages in.

use super::markdown::{self, AnchorRef, Rendered};
use super::metadata;
use super::print::{self, PrintPages};
use super::search;
use super::templates;
use super::views::{
    checklist_view, page_view, summary, synthetic_page, GroupView, GuideView, PrintSection,
    SiteView, NAV_ALL_PAGES,
};
use super::{static_files, Bodies, OutputFile, Selection, Sink};
use crate::error::{closest, Diagnostic, Error, Result};
use crate::load::{Page, Site, Theme};
use crate::sync::lock;
use crate::url::absolute;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Everything computed once per site that templates need.
pub(crate) struct Prepared<'a> {
    pub(crate) site: &'a Site,
    pub(crate) checklists: Vec<Vec<GroupView<'a>>>,
    /// `see:` anchors to check once every page's headings are known.
    pub(crate) see_checks: Vec<SeeCheck<'a>>,
    pub(crate) guides: Vec<tera::Value>,
    /// Each page's position in its guide's reading order.
    pub(crate) positions: Vec<usize>,
    pub(crate) tera: tera::Tera,
}

/// A checklist item's `see:` target whose anchor must exist.
pub(crate) struct SeeCheck<'a> {
    pub(crate) page: usize,
    pub(crate) item: &'a str,
    pub(crate) see: &'a str,
    pub(crate) target: usize,
    pub(crate) anchor: String,
}

/// Where page bodies come from: rendered once and kept (`serve`), or
/// rendered by each job that needs them and dropped (`build`).
#[derive(Clone, Copy)]
pub(crate) enum Source<'a> {
    Kept(&'a Bodies),
    OnDemand,
}

impl<'a> Source<'a> {
    /// When bodies are rendered on demand, the page's text is not needed
    /// any more once its body is: let go of it (it is read back from disk
    /// if a diagnostic needs it).
    fn done_with(self, page: &Page) {
        if let Source::OnDemand = self {
            page.text.release();
        }
    }

    fn body(self, site: &Site, i: usize) -> (Cow<'a, Rendered>, Vec<Diagnostic>) {
        match self {
            Source::Kept(b) => (Cow::Borrowed(&b.rendered[i]), b.diags[i].clone()),
            Source::OnDemand => {
                let (r, d) = markdown::render(site, i);
                (Cow::Owned(r), d)
            }
        }
    }

    /// Page `i`'s HTML as its guide's print page shows it. (A build does
    /// not come here: it assembles print pages as their pages render.)
    fn print_html(self, site: &Site, i: usize) -> String {
        markdown::html_for_print(site, i, &self.body(site, i).0)
    }
}

/// What is kept of a page once its jobs are done.
pub(crate) struct PageInfo<'a> {
    pub(crate) anchors: Cow<'a, HashSet<String>>,
    pub(crate) refs: Cow<'a, [AnchorRef]>,
    /// Its entries of the search index (empty without search).
    pub(crate) search: String,
    pub(crate) diags: Vec<Diagnostic>,
}

pub(crate) fn render(
    site: &Site,
    theme: &Theme,
    source: Source,
    only: Option<&Selection>,
    sink: &dyn Sink,
) -> Result<()> {
    let prep = prepare(site, theme)?;
    let selected = |job: Job| only.is_none_or(|sel| sel.contains(job));
    let cap = search::text_cap(site);
    let put = |f: OutputFile| sink.put(f.path, f.bytes);

    // With bodies rendered on demand (build), each guide's print page is
    // assembled as its pages are rendered, so no page is rendered twice.
    let stream_print = matches!(source, Source::OnDemand) && site.config.print;
    let (prints, print_diags) = if stream_print {
        PrintPages::start(&prep, theme, sink)?
    } else {
        (PrintPages::default(), Vec::new())
    };

    // Every page: render its own outputs, keep what the checks and search need.
    let page_job = |i: usize| -> Result<PageInfo> {
        let p = &site.pages[i];
        let mut jobs = vec![Job::Page(i)];
        if p.has_checklist() {
            jobs.push(Job::Checklist(i));
        }
        jobs.retain(|j| selected(*j));
        let (body, mut diags) = source.body(site, i);
        for job in jobs {
            match render_job(&prep, theme, source, job, Some(&body)) {
                Ok(f) => put(f)?,
                Err(d) => diags.push(d),
            }
        }
        prints.add(site, i, &body, sink)?;
        source.done_with(p);
        let search = if site.config.search {
            search::entries(i, &body.sections, cap)
        } else {
            String::new()
        };
        Ok(match body {
            Cow::Borrowed(b) => PageInfo {
                anchors: Cow::Borrowed(&b.anchors),
                refs: Cow::Borrowed(&b.anchor_refs),
                search,
                diags,
            },
            Cow::Owned(b) => PageInfo {
                anchors: Cow::Owned(b.anchors),
                refs: Cow::Owned(b.anchor_refs),
                search,
                diags,
            },
        })
    };
    let mut infos: Vec<PageInfo> = in_guide_order(site, page_job)
        .into_iter()
        .collect::<Result<_>>()?;

    let mut diags: Vec<Diagnostic> = infos.iter().flat_map(|i| i.diags.iter().cloned()).collect();
    diags.extend(check_anchors(&prep, &infos));
    diags.extend(print_diags);

    // Guide-wide and site-wide outputs.
    let mut jobs: Vec<Job> = Vec::new();
    if site.config.print && !stream_print {
        jobs.extend((0..site.guides.len()).map(Job::Print));
    }
    if site.guides[0].index.is_none() {
        jobs.push(Job::Home);
    }
    jobs.push(Job::NotFound);
    jobs.retain(|j| selected(*j));
    let results: Vec<Result<Option<Diagnostic>>> = jobs
        .par_iter()
        .map(|job| match render_job(&prep, theme, source, *job, None) {
            Ok(f) => put(f).map(|()| None),
            Err(d) => Ok(Some(d)),
        })
        .collect();
    for r in results {
        diags.extend(r?);
    }
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }

    if site.config.search {
        let entries = infos.iter_mut().map(|i| std::mem::take(&mut i.search));
        sink.put(
            search::INDEX_PATH.into(),
            search::index(site, entries.collect()),
        )?;
    }
    sink.put(".nojekyll".into(), Vec::new())?;
    if let Some(base) = site.config.base_url() {
        sink.put(
            "sitemap.xml".into(),
            metadata::sitemap(site, &base).into_bytes(),
        )?;
        sink.put("robots.txt".into(), metadata::robots(&base).into_bytes())?;
        sink.put("atom.xml".into(), metadata::atom(site, &base).into_bytes())?;
    }
    if only.is_none() {
        for (path, bytes) in static_files(site, theme)? {
            sink.put(path, bytes)?;
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Job {
    Page(usize),
    Checklist(usize),
    Home,
    NotFound,
    Print(usize),
}

pub(crate) fn prepare<'a>(site: &'a Site, theme: &Theme) -> Result<Prepared<'a>> {
    let portable = site.config.portable;
    let mut tera = templates::compile(theme, portable)?;
    let config = &site.config;
    tera.global_context().insert(
        "site",
        &SiteView {
            title: &config.title,
            description: &config.description,
            base_url: config.base_url(),
            language: &config.language,
            author: config.author.as_deref(),
            site_id: config.site_id(),
            portable,
            search: config.search,
            print: config.print,
            extra: &config.extra,
        },
    );
    let mut diags = Vec::new();
    let mut see_checks = Vec::new();
    let checklists: Vec<Vec<GroupView>> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| checklist_view(site, i, p, &mut see_checks, &mut diags))
        .collect();
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }
    let mut positions = vec![0; site.pages.len()];
    for g in &site.guides {
        for (pos, &i) in g.pages.iter().enumerate() {
            positions[i] = pos;
        }
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
                nav: g
                    .pages
                    .iter()
                    .filter(|&&i| {
                        g.pages.len() <= NAV_ALL_PAGES
                            || site.pages[i].meta.step.is_some_and(|n| n > 0)
                    })
                    .map(|&i| summary(site, &site.pages[i]))
                    .collect(),
            })
        })
        .collect();
    Ok(Prepared {
        site,
        checklists,
        see_checks,
        guides,
        positions,
        tera,
    })
}

/// Links to anchors (from Markdown and from checklist `see:`) must land on
/// a heading of their target page.
pub(crate) fn check_anchors(prep: &Prepared, infos: &[PageInfo]) -> Vec<Diagnostic> {
    let site = prep.site;
    let mut diags = Vec::new();
    for (i, info) in infos.iter().enumerate() {
        for r in info.refs.iter() {
            if !infos[r.page].anchors.contains(&r.anchor) {
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
                        .with_hint(anchor_hint(&infos[r.page].anchors, &r.anchor)),
                );
            }
        }
    }
    for c in &prep.see_checks {
        if !infos[c.target].anchors.contains(&c.anchor) {
            diags.push(
                site.pages[c.page]
                    .diag_at_key(
                        "see",
                        Some(c.see),
                        format!(
                            "checklist item \"{}\": see target `#{}` is not a heading in {}",
                            c.item,
                            c.anchor,
                            site.pages[c.target].source.display()
                        ),
                    )
                    .with_hint(anchor_hint(&infos[c.target].anchors, &c.anchor)),
            );
        }
    }
    diags
}

pub(crate) fn anchor_hint(anchors: &HashSet<String>, anchor: &str) -> String {
    let mut ids: Vec<&str> = anchors.iter().map(String::as_str).collect();
    ids.sort_unstable();
    match closest(anchor, &ids) {
        Some(c) => format!("did you mean `#{c}`?"),
        None => "link to a heading id that exists (see the page's table of contents)".into(),
    }
}

/// The pages of guide `g`'s print page, in order: its overview, then its
/// pages.
pub(crate) fn print_members(site: &Site, g: usize) -> Vec<usize> {
    let guide = &site.guides[g];
    guide.index.iter().chain(&guide.pages).copied().collect()
}

/// Runs guide `g`'s print template with a placeholder for each page's HTML
/// (so the guide's whole text is never copied into the template context),
/// ready to take the pages' HTML.
pub(crate) fn print_assembly(
    prep: &Prepared,
    theme: &Theme,
    g: usize,
) -> std::result::Result<print::Assembly, Diagnostic> {
    let site = prep.site;
    let guide = &site.guides[g];
    let members = print_members(site, g);
    let sections: Vec<PrintSection> = members
        .iter()
        .map(|&i| {
            let p = &site.pages[i];
            PrintSection {
                anchor: markdown::print_anchor(site, i),
                title: &p.meta.title,
                description: p.meta.description.as_deref(),
                step: p.meta.step,
                content: print::marker(i),
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
    let mut ctx = tera::Context::new();
    ctx.insert("page", &view);
    ctx.insert("sections", &sections);
    ctx.insert_value("guide", prep.guides[g].clone());
    let file = finish(prep, theme, ctx, "print.html".into(), path, None)?;
    let html = String::from_utf8_lossy(&file.bytes);
    Ok(print::Assembly::new(file.path, &html, &members))
}

/// Renders a guide's print page in one go, every page's HTML taken (or
/// rendered) from `source`: what `serve` and `check` use.
pub(crate) fn print_job(
    prep: &Prepared,
    theme: &Theme,
    source: Source,
    g: usize,
) -> std::result::Result<OutputFile, Diagnostic> {
    let site = prep.site;
    let assembly = print_assembly(prep, theme, g)?;
    let mut done = assembly.finish_empty();
    for (k, &i) in assembly.members().iter().enumerate() {
        done = done.or(assembly.add(k, source.print_html(site, i)));
        source.done_with(&site.pages[i]);
    }
    let (path, bytes) = done.unwrap_or_default();
    Ok(OutputFile { path, bytes })
}

/// Runs `job` for every page, the pages of each guide in print order, and
/// returns the results by page index. Threads take the next page as they
/// become free, so pages finish in about that order and a print page being
/// assembled waits for few of its pages.
pub(crate) fn in_guide_order<T: Send>(site: &Site, job: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let mut order: Vec<usize> = (0..site.guides.len())
        .flat_map(|g| print_members(site, g))
        .collect();
    let mut seen = vec![false; site.pages.len()];
    for &i in &order {
        seen[i] = true;
    }
    order.extend((0..site.pages.len()).filter(|&i| !seen[i]));
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, T)>> = Mutex::new(Vec::with_capacity(order.len()));
    rayon::scope(|s| {
        for _ in 0..rayon::current_num_threads() {
            s.spawn(|_| {
                let mut mine = Vec::new();
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    mine.push((i, job(i)));
                }
                lock(&done).extend(mine);
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, t)| t).collect()
}

/// Renders one output. Page and checklist jobs use `body`, the page's
/// rendered Markdown; print jobs take their pages' bodies from `source`.
pub(crate) fn render_job(
    prep: &Prepared,
    theme: &Theme,
    source: Source,
    job: Job,
    body: Option<&Rendered>,
) -> std::result::Result<OutputFile, Diagnostic> {
    let site = prep.site;
    let mut ctx = tera::Context::new();
    let empty = Rendered::default();
    let body = body.unwrap_or(&empty);
    let (template, current, source): (String, String, Option<&Page>) = match job {
        Job::Page(i) => {
            let p = &site.pages[i];
            ctx.insert("page", &page_view(prep, i, body));
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
            ctx.insert("page", &page_view(prep, i, body));
            ctx.insert_value("guide", prep.guides[p.guide].clone());
            ("checklist.html".into(), p.checklist_path(), Some(p))
        }
        Job::Print(g) => return print_job(prep, theme, source, g),
        Job::Home | Job::NotFound => {
            let (path, template, title) = if let Job::Home = job {
                ("", "index.html", site.config.title.as_str())
            } else {
                ("404.html", "404.html", "Page not found")
            };
            ctx.insert("page", &synthetic_page(site, title, path));
            ctx.insert_value("guide", prep.guides[0].clone());
            (template.into(), path.into(), None)
        }
    };
    finish(prep, theme, ctx, template, current, source)
}

/// Runs `template` for the page at URL path `current` and names the file.
pub(crate) fn finish(
    prep: &Prepared,
    theme: &Theme,
    mut ctx: tera::Context,
    template: String,
    current: String,
    source: Option<&Page>,
) -> std::result::Result<OutputFile, Diagnostic> {
    let depth = current.matches('/').count();
    ctx.insert("root", &"../".repeat(depth));
    ctx.insert("current", &current);
    let html = prep.tera.render(&template, &ctx).map_err(|e| {
        let mut d = templates::diagnose(theme, &e, source.map(|p| p.source.as_path()));
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
