//! Load stage: walks `content/`, splits and parses every file, validates it and
//! builds the [`Site`] model: pages, the guides they belong to and their order.
//!
//! Nothing here renders Markdown or knows about templates; anchors and links
//! are checked by the render stage, which is the first to see headings.

mod front_matter;
mod split;
mod text;

pub use front_matter::{
    is_iso_date, is_valid_id, ChecklistGroup, ChecklistItem, FrontMatter, KEYS,
};
pub use split::{split, Split, SplitError};
pub use text::PageText;

use crate::config::Config;
use crate::error::{line_col, Diagnostic, Error, Result};
use crate::slug::slugify;
use crate::yaml;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How to load a site.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Keep pages marked `draft: true`.
    pub drafts: bool,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
}

/// One content file, parsed.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path shown to the user, relative to the site root (`content/step-2.md`).
    pub source: PathBuf,
    /// Path relative to `content/`, with `/` separators (`step-2.md`).
    pub rel: String,
    /// The whole file, for rendering and diagnostics.
    pub text: PageText,
    /// Byte offset of the Markdown body in the text.
    pub body_start: usize,
    /// The parsed front matter.
    pub meta: FrontMatter,
    /// URL path from the site root: `""` for the home page, `step-2/` otherwise.
    pub path: String,
    /// Index of the guide in [`Site::guides`].
    pub guide: usize,
    /// Whether this is a guide's `_index.md`.
    pub is_index: bool,
}

impl Page {
    /// The whole file.
    pub fn text(&self) -> Arc<str> {
        self.text.get()
    }

    /// The length of the Markdown body in bytes.
    pub fn body_len(&self) -> usize {
        self.text().len() - self.body_start
    }

    /// A diagnostic at byte `offset` of the body.
    pub fn diag_in_body(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let text = self.text();
        let (line, col) = line_col(&text, self.body_start + offset);
        Diagnostic::at(&self.source, &text, line, col, message)
    }

    /// A diagnostic at the front matter line holding `key` (and `value`, if given).
    pub fn diag_at_key(
        &self,
        key: &str,
        value: Option<&str>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let text = self.text();
        let (line, col) = yaml::locate(&text, key, value);
        Diagnostic::at(&self.source, &text, line, col, message)
    }

    /// Whether this page is a step page with a checklist.
    pub fn has_checklist(&self) -> bool {
        self.meta.step.is_some() && !self.meta.checklist.is_empty()
    }

    /// URL path of this page's checklist page.
    pub fn checklist_path(&self) -> String {
        format!("{}checklist/", self.path)
    }
}

/// A folder of content with an `_index.md` (or `content/` itself).
#[derive(Debug, Clone)]
pub struct Guide {
    /// Folder relative to `content/`, `""` or ending in `/`.
    pub dir: String,
    /// A short name for storage keys: the folder's slug, or `main`.
    pub key: String,
    /// The `_index.md` page, if any.
    pub index: Option<usize>,
    /// The other pages, in reading order.
    pub pages: Vec<usize>,
}

/// The whole site, loaded and validated.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site's root folder.
    pub root: PathBuf,
    /// `site.yaml`.
    pub config: Config,
    /// Every page, in content-path order.
    pub pages: Vec<Page>,
    /// Every guide, the root guide first.
    pub guides: Vec<Guide>,
    /// Page index by path relative to `content/`.
    pub by_rel: HashMap<String, usize>,
}

impl Site {
    /// The page with `rel` path under `content/`.
    pub fn page_by_rel(&self, rel: &str) -> Option<&Page> {
        self.by_rel.get(rel).map(|&i| &self.pages[i])
    }
}

/// Loads and validates the site at `root`. Reports every problem found, not
/// only the first.
pub fn load(root: &Path, opts: &LoadOptions) -> Result<Site> {
    let mut config = Config::load(root)?;
    if let Some(url) = &opts.base_url {
        config.base_url = Some(url.clone());
    }
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        return Err(Diagnostic::file(
            "content",
            format!("no content folder in {}", root.display()),
        )
        .with_hint("create content/_index.md, or pass --root to point at the site")
        .into());
    }
    let (files, mut diags) = walk(&content_dir);
    let parsed: Vec<_> = files
        .par_iter()
        .map(|(rel, abs)| parse_file(rel, abs))
        .collect();
    let mut pages = Vec::new();
    for result in parsed {
        match result {
            Ok(page) if page.meta.draft && !opts.drafts => {}
            Ok(page) => pages.push(page),
            Err(mut d) => diags.append(&mut d),
        }
    }
    let guides = assemble(&mut pages, &mut diags);
    check_unique(&pages, &guides, &mut diags);
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }
    let by_rel = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.rel.clone(), i))
        .collect();
    Ok(Site {
        root: root.to_path_buf(),
        config,
        pages,
        guides,
        by_rel,
    })
}

/// Every `.md` file under `dir`, sorted, as (path relative to `content/`, absolute path).
fn walk(dir: &Path) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                let rel = rel.to_string_lossy().replace('\\', "/");
                let hidden = rel.split('/').any(|c| c.starts_with('.'));
                if rel.ends_with(".md") && !hidden {
                    files.push((rel, e.path().to_path_buf()));
                }
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| display_path(dir, p))
                    .unwrap_or_else(|| "content".into());
                let d = if e.loop_ancestor().is_some() {
                    Diagnostic::file(
                        path,
                        "symlink loop: this link points back to a folder that contains it",
                    )
                    .with_hint("remove the link or point it somewhere outside its own parents")
                } else {
                    Diagnostic::file(path, format!("cannot read: {e}"))
                };
                diags.push(d);
            }
        }
    }
    (files, diags)
}

/// `content/...` as the user sees it, for a path under the content folder `dir`.
fn display_path(dir: &Path, p: &Path) -> PathBuf {
    match p.strip_prefix(dir) {
        Ok(rel) => Path::new("content").join(rel),
        Err(_) => p.to_path_buf(),
    }
}

fn parse_file(rel: &str, abs: &Path) -> std::result::Result<Page, Vec<Diagnostic>> {
    let source = PathBuf::from("content").join(rel);
    let bytes = std::fs::read(abs)
        .map_err(|e| vec![Diagnostic::file(&source, format!("cannot read: {e}"))])?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let good = String::from_utf8_lossy(&bytes[..at]);
            let (line, col) = line_col(&good, good.len());
            let whole = String::from_utf8_lossy(bytes);
            return Err(vec![Diagnostic::at(
                &source,
                &whole,
                line,
                col,
                format!("not valid UTF-8 (byte 0x{:02x})", bytes[at]),
            )
            .with_hint("re-save the file as UTF-8")]);
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(t) => t.to_string(),
        None => text,
    };
    let s = match split(&text) {
        Ok(s) => s,
        Err(SplitError::Missing) => {
            return Err(vec![Diagnostic::at(
                &source,
                &text,
                1,
                1,
                "missing front matter",
            )
            .with_hint(
                "start the file with a `---` line, then `title: ...`, then another `---` line",
            )])
        }
        Err(SplitError::Unclosed) => {
            return Err(vec![Diagnostic::at(
                &source,
                &text,
                1,
                1,
                "front matter is not closed: no second `---` line",
            )
            .with_hint("add a `---` line after the last front matter key")])
        }
    };
    let meta: FrontMatter =
        yaml::parse(s.front, &source, &text, s.front_line, KEYS).map_err(|mut d| {
            if d.message.contains("missing required key `title`") {
                d.line = 1;
                d.col = 1;
                d.source_line = text.lines().next().map(str::to_string);
            }
            vec![d]
        })?;
    let is_index = rel == "_index.md" || rel.ends_with("/_index.md");
    let mut page = Page {
        source,
        rel: rel.to_string(),
        body_start: s.body_start,
        meta,
        path: String::new(),
        guide: 0,
        is_index,
        text: PageText::new(abs.to_path_buf(), text),
    };
    let diags = validate(&page);
    if !diags.is_empty() {
        return Err(diags);
    }
    page.path = url_path(&page);
    Ok(page)
}

/// Checks on one file that need nothing else.
fn validate(page: &Page) -> Vec<Diagnostic> {
    let m = &page.meta;
    let mut d = Vec::new();
    if m.title.trim().is_empty() {
        d.push(
            page.diag_at_key("title", None, "the title is empty")
                .with_hint("every page needs a title: it becomes its h1"),
        );
    }
    if let Some(u) = &m.updated {
        if !is_iso_date(u) {
            d.push(
                page.diag_at_key(
                    "updated",
                    Some(u),
                    format!("updated: expected a date like 2026-11-20, found \"{u}\""),
                )
                .with_hint("use the ISO format YYYY-MM-DD"),
            );
        }
    }
    if let Some(slug) = &m.slug {
        if slug.is_empty() || slugify(slug) != *slug {
            d.push(
                page.diag_at_key(
                    "slug",
                    Some(slug),
                    format!("slug \"{slug}\" is not URL-safe"),
                )
                .with_hint(format!(
                    "use lowercase letters, digits and -, e.g. \"{}\"",
                    slugify(slug)
                )),
            );
        }
    }
    if !m.checklist.is_empty() && m.step.is_none() {
        d.push(
            page.diag_at_key("checklist", None, "a checklist needs a step page")
                .with_hint("add `step: N` to the front matter, or remove the checklist"),
        );
    }
    for group in &m.checklist {
        if group.group.trim().is_empty() {
            d.push(
                page.diag_at_key("group", None, "checklist group has an empty name")
                    .with_hint("give the group a heading, e.g. the subsection it comes from"),
            );
        }
        for item in &group.items {
            if !is_valid_id(&item.id) {
                d.push(
                    page.diag_at_key(
                        "id",
                        Some(&item.id),
                        format!("checklist id \"{}\" may only use a-z, 0-9 and -", item.id),
                    )
                    .with_hint(format!("for example \"{}\"", slugify(&item.id))),
                );
            }
            if item.text.trim().is_empty() {
                d.push(
                    page.diag_at_key(
                        "id",
                        Some(&item.id),
                        format!("checklist item \"{}\" has no text", item.id),
                    )
                    .with_hint("say what the reader should do, e.g. \"Book an IR elective\""),
                );
            }
        }
    }
    d
}

/// The URL path of a page, from its place under `content/` and its slug.
fn url_path(page: &Page) -> String {
    let dir = match page.rel.rfind('/') {
        Some(i) => &page.rel[..=i],
        None => "",
    };
    if page.is_index {
        return dir.to_string();
    }
    let stem = page.rel[dir.len()..].trim_end_matches(".md");
    let slug = page.meta.slug.clone().unwrap_or_else(|| slugify(stem));
    format!("{dir}{slug}/")
}

/// Groups pages into guides and orders them; reports duplicate paths and steps.
fn assemble(pages: &mut [Page], diags: &mut Vec<Diagnostic>) -> Vec<Guide> {
    let mut dirs: Vec<String> = vec![String::new()];
    for p in pages.iter().filter(|p| p.is_index && !p.path.is_empty()) {
        dirs.push(p.path.clone());
    }
    dirs.sort();
    let mut guides: Vec<Guide> = dirs
        .iter()
        .map(|d| Guide {
            dir: d.clone(),
            key: if d.is_empty() {
                "main".into()
            } else {
                slugify(d)
            },
            index: None,
            pages: Vec::new(),
        })
        .collect();
    for (i, p) in pages.iter_mut().enumerate() {
        let page_dir = match p.rel.rfind('/') {
            Some(j) => &p.rel[..=j],
            None => "",
        };
        let g = guides
            .iter()
            .enumerate()
            .filter(|(_, g)| page_dir.starts_with(g.dir.as_str()))
            .max_by_key(|(_, g)| g.dir.len())
            .map_or(0, |(gi, _)| gi);
        p.guide = g;
        if p.is_index {
            guides[g].index = Some(i);
        } else {
            guides[g].pages.push(i);
        }
    }
    for g in &mut guides {
        g.pages.sort_by(|&a, &b| {
            let (a, b) = (&pages[a], &pages[b]);
            (a.meta.weight, &a.meta.title, &a.path).cmp(&(b.meta.weight, &b.meta.title, &b.path))
        });
        let mut steps: BTreeMap<u32, usize> = BTreeMap::new();
        for &i in &g.pages {
            if let Some(n) = pages[i].meta.step {
                if let Some(&first) = steps.get(&n) {
                    diags.push(
                        pages[i]
                            .diag_at_key(
                                "step",
                                Some(&n.to_string()),
                                format!(
                                    "step {n} is already used by {}",
                                    pages[first].source.display()
                                ),
                            )
                            .with_hint("each step number appears once per guide"),
                    );
                } else {
                    steps.insert(n, i);
                }
            }
        }
    }
    guides
}

/// Site-wide uniqueness: output paths and checklist ids.
fn check_unique(pages: &[Page], guides: &[Guide], diags: &mut Vec<Diagnostic>) {
    let mut paths: HashMap<String, usize> = HashMap::new();
    // Each guide's print page is generated: a page cannot take its place.
    let reserved: Vec<String> = guides.iter().map(|g| format!("{}print/", g.dir)).collect();
    for p in pages.iter().filter(|p| reserved.contains(&p.path)) {
        diags.push(
            p.diag_at_key(
                "slug",
                None,
                format!("/{} is reserved for the guide's print page", p.path),
            )
            .with_hint("give this page another `slug:` or file name"),
        );
    }
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        let mut claim = |path: String| {
            if let Some(&first) = paths.get(&path) {
                diags.push(
                    p.diag_at_key(
                        "slug",
                        None,
                        format!(
                            "this page would be written to /{path}, which {} already uses",
                            pages[first].source.display()
                        ),
                    )
                    .with_hint("give one of them a different `slug:` or file name"),
                );
            } else {
                paths.insert(path, i);
            }
        };
        claim(p.path.clone());
        if p.has_checklist() {
            claim(p.checklist_path());
        }
        for item in p.meta.checklist.iter().flat_map(|g| &g.items) {
            if let Some(&first) = ids.get(item.id.as_str()) {
                let (line, _) = yaml::locate(&pages[first].text(), "id", Some(&item.id));
                diags.push(
                    p.diag_at_key(
                        "id",
                        Some(&item.id),
                        format!("duplicate checklist id \"{}\"", item.id),
                    )
                    .with_hint(format!(
                        "ids are unique in the site; it is first used at {}:{line}",
                        pages[first].source.display()
                    )),
                );
            } else {
                ids.insert(&item.id, i);
            }
        }
    }
}
