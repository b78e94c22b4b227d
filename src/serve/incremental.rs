//! The state kept between rebuilds, and the rebuilds themselves.
//!
//! [`Builder`] keeps the last good site: the loaded [`Site`], its theme,
//! every page's rendered Markdown ([`Bodies`]) and every output file. A
//! change to content files reloads the site (cheap: reading and parsing),
//! compares it with the last good one and renders again only the outputs
//! that can differ:
//!
//! - a page whose text changed: its page and checklist page;
//! - a page whose listing changed (title, step, weight, description, tags,
//!   checklist, ...): every page of its guide, which all show it in their
//!   navigation, cards and prev/next links; for a guide's `_index.md`,
//!   every page of the site (breadcrumbs, guide titles);
//! - its guide's print page; after a listing change, every guide's;
//! - outputs that belong to neither a page nor a guide (home, 404, search
//!   index, feeds), always.
//!
//! Anything else (pages added, deleted, renamed or moved, a new slug or
//! order, `site.yaml`, templates) renders the whole site again, as do
//! changes that follow a failed full rebuild. Every render goes through
//! [`render::render_selected`], the code path of `stepwise build`, so each
//! file is byte-identical to the built one.
//!
//! A rebuild that fails leaves the last good site in place and records the
//! error; what it did not get to do is remembered and done by the next one.

use super::changes::Changes;
use crate::check::{self, LinkIndex, OUTPUT_LABEL};
use crate::error::{Error, Result};
use crate::load::{self, LoadOptions, Site};
use crate::load::{theme, Theme};
use crate::render::{self, Bodies, OutputFile, Selection};
use axum::body::Bytes;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a rebuild did, for the browser and the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing served changed.
    Unchanged,
    /// Files changed (or an error went away): pages reload.
    Rebuilt {
        /// How many files changed.
        files: usize,
        /// Whether the whole site was rendered again.
        full: bool,
    },
    /// Only stylesheets changed: pages swap them without reloading.
    Styles {
        /// How many stylesheets changed.
        files: usize,
    },
    /// The rebuild failed; the last good site is still served.
    Failed(Arc<str>),
}

/// The last good build.
struct Good {
    site: Site,
    theme: Theme,
    bodies: Bodies,
    /// Rendered files (pages, feeds, search index), by output path.
    pages: BTreeMap<String, Bytes>,
    /// Files copied as they are (theme assets, `static/`), by output path.
    assets: BTreeMap<String, Bytes>,
    /// Assets that are symlinks pointing out of the site: not served.
    blocked: BTreeSet<String>,
    /// The links and ids of every file served, for checking the links of
    /// the files a rebuild changes.
    links: LinkIndex,
}

/// Builds the site in memory and keeps it up to date, incrementally.
pub struct Builder {
    root: PathBuf,
    drafts: bool,
    good: Option<Good>,
    /// Changes a failed rebuild did not get to apply.
    pending: Changes,
    /// The current error, when the last rebuild failed.
    error: Option<Arc<str>>,
}

impl Builder {
    /// A builder for the site at `root`; nothing is built until [`apply`](Self::apply).
    pub fn new(root: &Path, drafts: bool) -> Self {
        Builder {
            root: root.to_path_buf(),
            drafts,
            good: None,
            pending: Changes::default(),
            error: None,
        }
    }

    /// Rebuilds what `changes` (and any change a failed rebuild left over)
    /// affect. Never fails: errors are recorded (see [`error`](Self::error))
    /// and the last good site is kept.
    pub fn apply(&mut self, changes: &Changes) -> Outcome {
        let mut todo = std::mem::take(&mut self.pending);
        todo.merge(changes.clone());
        if self.good.is_none() {
            todo.full = true;
        }
        match self.run(&mut todo) {
            Ok(outcome) => {
                let had_error = self.error.take().is_some();
                match outcome {
                    // The overlay must go: reload.
                    Outcome::Unchanged | Outcome::Styles { .. } if had_error => Outcome::Rebuilt {
                        files: 0,
                        full: false,
                    },
                    o => o,
                }
            }
            Err(e) => {
                todo.paths.clear();
                self.pending = todo;
                let text: Arc<str> = error_text(&e).into();
                self.error = Some(text.clone());
                Outcome::Failed(text)
            }
        }
    }

    /// The current error (as printed in the terminal), if the last rebuild failed.
    pub fn error(&self) -> Option<Arc<str>> {
        self.error.clone()
    }

    /// Every file served, by output path: the last good site.
    pub fn files(&self) -> HashMap<String, Bytes> {
        let Some(good) = &self.good else {
            return HashMap::new();
        };
        let mut files: HashMap<String, Bytes> =
            HashMap::with_capacity(good.pages.len() + good.assets.len());
        for (path, bytes) in &good.assets {
            if !good.blocked.contains(path) {
                files.insert(path.clone(), bytes.clone());
            }
        }
        for (path, bytes) in &good.pages {
            files.insert(path.clone(), bytes.clone());
        }
        files
    }

    /// How many files the last good site has.
    pub fn file_count(&self) -> usize {
        self.good
            .as_ref()
            .map_or(0, |g| g.pages.len() + g.assets.len() - g.blocked.len())
    }

    fn run(&mut self, todo: &mut Changes) -> Result<Outcome> {
        if todo.full {
            let files = self.full(None)?;
            *todo = Changes::default();
            return Ok(if files > 0 {
                Outcome::Rebuilt { files, full: true }
            } else {
                Outcome::Unchanged
            });
        }
        let (mut styles, mut others, mut full) = (0, 0, false);
        if todo.assets {
            let (css, other) = self.assets()?;
            todo.assets = false;
            styles += css;
            others += other;
        }
        if todo.content {
            let (files, was_full) = self.content()?;
            todo.content = false;
            others += files;
            full |= was_full;
        }
        Ok(if others > 0 {
            Outcome::Rebuilt {
                files: others + styles,
                full,
            }
        } else if styles > 0 {
            Outcome::Styles { files: styles }
        } else {
            Outcome::Unchanged
        })
    }

    fn load(&self) -> Result<Site> {
        load::load(
            &self.root,
            &LoadOptions {
                drafts: self.drafts,
                base_url: None,
            },
        )
    }

    /// Renders the whole site (from `site`, or loading it) and checks its
    /// links, as `stepwise build` does. Returns how many files changed.
    fn full(&mut self, site: Option<Site>) -> Result<usize> {
        let site = match site {
            Some(s) => s,
            None => self.load()?,
        };
        let theme = theme::load(&self.root, &site.config.theme)?;
        let bodies = Bodies::render(&site);
        let rendered =
            render::render_selected(&site, &theme, &bodies, Some(&Selection::all(&site)))?;
        let page_paths: BTreeSet<String> = rendered.iter().map(|f| f.path.clone()).collect();
        // The whole site as `build` would write it: static files, rendered files on top.
        let mut all = render::static_files(&site, &theme)?;
        for f in rendered {
            all.insert(f.path, f.bytes);
        }
        let files: Vec<OutputFile> = all
            .into_iter()
            .map(|(path, bytes)| OutputFile { path, bytes })
            .collect();
        let links = LinkIndex::of(files.iter().map(|f| (f.path.as_str(), f.bytes.as_slice())));
        let text_of = |path: &str| {
            files
                .binary_search_by(|f| f.path.as_str().cmp(path))
                .ok()
                .map(|i| String::from_utf8_lossy(&files[i].bytes).into_owned())
        };
        let broken = links.check(&text_of, OUTPUT_LABEL);
        if !broken.is_empty() {
            return Err(Error::Input(broken));
        }
        let blocked = escaping_symlinks(&self.root, &site.config.theme);
        for rel in &blocked {
            eprintln!(
                "warning: {rel} is a link to a file outside the site; the preview does not serve it"
            );
        }
        let (mut pages, mut assets) = (BTreeMap::new(), BTreeMap::new());
        for f in files {
            let bytes = Bytes::from(f.bytes);
            if page_paths.contains(&f.path) {
                pages.insert(f.path, bytes);
            } else {
                assets.insert(f.path, bytes);
            }
        }
        let changed = match &self.good {
            Some(old) => differences(&old.pages, &pages) + differences(&old.assets, &assets),
            None => pages.len() + assets.len(),
        };
        self.good = Some(Good {
            site,
            theme,
            bodies,
            pages,
            assets,
            blocked,
            links,
        });
        Ok(changed)
    }

    /// Reloads the static files. Returns how many stylesheets and how many
    /// other files changed.
    fn assets(&mut self) -> Result<(usize, usize)> {
        let Some(good) = &mut self.good else {
            return self.full(None).map(|n| (0, n));
        };
        let theme = theme::load(&self.root, &good.site.config.theme)?;
        let assets: BTreeMap<String, Bytes> = render::static_files(&good.site, &theme)?
            .into_iter()
            .map(|(p, b)| (p, Bytes::from(b)))
            .collect();
        if assets.keys().ne(good.assets.keys()) {
            // Files appeared or went away: links to them may break, or work again.
            return self.full(None).map(|n| (0, n));
        }
        let mut css = 0;
        let mut other = 0;
        for (path, bytes) in &assets {
            if good.assets.get(path) != Some(bytes) && !good.pages.contains_key(path) {
                if path.ends_with(".css") {
                    css += 1;
                } else {
                    other += 1;
                }
            }
        }
        good.blocked = escaping_symlinks(&self.root, &good.site.config.theme);
        good.assets = assets;
        good.theme = theme;
        Ok((css, other))
    }

    /// Reloads the content and renders what changed. Returns how many files
    /// changed and whether the whole site had to be rendered.
    fn content(&mut self) -> Result<(usize, bool)> {
        let site = self.load()?;
        let need_full = match &self.good {
            Some(good) => !same_structure(&good.site, &site),
            None => true,
        };
        if need_full {
            return self.full(Some(site)).map(|n| (n, true));
        }
        let Some(good) = &mut self.good else {
            return self.full(Some(site)).map(|n| (n, true));
        };
        let changed: Vec<usize> = (0..site.pages.len())
            .filter(|&i| good.site.pages[i].text != site.pages[i].text)
            .collect();
        if changed.is_empty() {
            good.site = site;
            return Ok((0, false));
        }
        let selection = affected(&good.site, &site, &changed);
        good.bodies.update(&site, &changed);
        let links = &mut good.links;
        let result = render::render_selected(&site, &good.theme, &good.bodies, Some(&selection))
            .and_then(|rendered| {
                let new: Vec<OutputFile> = rendered
                    .into_iter()
                    .filter(|f| good.pages.get(&f.path).map(|b| b.as_ref()) != Some(&f.bytes[..]))
                    .collect();
                // The changed files' links, checked against the site with them in it.
                let before: Vec<_> = new
                    .iter()
                    .map(|f| {
                        let info = check::info_of(&f.path, &f.bytes);
                        (f.path.clone(), links.insert(f.path.clone(), info))
                    })
                    .collect();
                let paths: Vec<&str> = new.iter().map(|f| f.path.as_str()).collect();
                let text_of = |path: &str| {
                    new.iter()
                        .find(|f| f.path == path)
                        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
                };
                let broken = links.check_files(&paths, &text_of, OUTPUT_LABEL);
                if broken.is_empty() {
                    return Ok(new);
                }
                for (path, info) in before {
                    links.restore(&path, info);
                }
                Err(Error::Input(broken))
            });
        let new = match result {
            Ok(new) => new,
            Err(e) => {
                // Back to the Markdown of the last good site.
                good.bodies.update(&good.site, &changed);
                return Err(e);
            }
        };
        let count = new.len();
        for f in new {
            good.pages.insert(f.path, Bytes::from(f.bytes));
        }
        good.site = site;
        Ok((count, false))
    }
}

/// Whether `a` and `b` have the same settings, pages at the same paths with
/// the same outputs, and guides in the same order: then their outputs differ
/// only where page texts differ.
pub fn same_structure(a: &Site, b: &Site) -> bool {
    a.config == b.config
        && a.pages.len() == b.pages.len()
        && a.pages.iter().zip(&b.pages).all(|(p, q)| {
            p.rel == q.rel
                && p.path == q.path
                && p.guide == q.guide
                && p.is_index == q.is_index
                && p.has_checklist() == q.has_checklist()
        })
        && a.guides.len() == b.guides.len()
        && a.guides.iter().zip(&b.guides).all(|(g, h)| {
            g.dir == h.dir && g.key == h.key && g.index == h.index && g.pages == h.pages
        })
}

/// The pages and guides to render again when the pages `changed` differ
/// between `old` and `new` (which have the [same structure](same_structure)).
pub fn affected(old: &Site, new: &Site, changed: &[usize]) -> Selection {
    let mut selection = Selection::default();
    for &i in changed {
        let page = &new.pages[i];
        selection.pages.insert(i);
        // Its guide's print page holds its text.
        selection.guides.insert(page.guide);
        if render::same_listing(old, new, i) {
            continue;
        }
        if page.is_index {
            // Guide titles and breadcrumbs show index pages everywhere.
            return Selection::all(new);
        }
        // Every page of its guide lists it (navigation, cards, prev/next);
        // guide-wide pages may too (a print page links to the first step).
        let guide = &new.guides[page.guide];
        selection.pages.extend(guide.index);
        selection.pages.extend(guide.pages.iter().copied());
        selection.guides.extend(0..new.guides.len());
    }
    selection
}

/// How many paths differ (added, removed or changed) between `a` and `b`.
fn differences(a: &BTreeMap<String, Bytes>, b: &BTreeMap<String, Bytes>) -> usize {
    let changed = b
        .iter()
        .filter(|(p, bytes)| a.get(*p) != Some(bytes))
        .count();
    let removed = a.keys().filter(|p| !b.contains_key(*p)).count();
    changed + removed
}

/// Static files (of `static/` and of the theme's `static/`) that are
/// symlinks leading out of the site root and out of the folder they are
/// served from: the preview refuses to serve them.
pub fn escaping_symlinks(root: &Path, theme_name: &str) -> BTreeSet<String> {
    let root_real = root.canonicalize().ok();
    let mut sources: BTreeMap<String, (PathBuf, PathBuf)> = BTreeMap::new();
    // `static/` after the theme's: it wins, as in the build.
    for base in [
        root.join("themes").join(theme_name).join("static"),
        root.join("static"),
    ] {
        if let Ok(files) = theme::files_under(&base) {
            for (rel, path) in files {
                sources.insert(rel, (path, base.clone()));
            }
        }
    }
    sources
        .into_iter()
        .filter(|(_, (path, base))| {
            let Ok(real) = path.canonicalize() else {
                return true;
            };
            let inside = |dir: Option<PathBuf>| dir.is_some_and(|d| real.starts_with(d));
            !(inside(root_real.clone()) || inside(base.canonicalize().ok()))
        })
        .map(|(rel, _)| rel)
        .collect()
}

/// An error as the terminal shows it (and the overlay repeats it).
pub fn error_text(e: &Error) -> String {
    match e {
        Error::Input(_) => e.to_string(),
        _ => format!("error: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve");
        copy_dir(&src, dir.path());
        dir
    }

    fn copy_dir(from: &Path, to: &Path) {
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.expect("walk fixture");
            let rel = entry.path().strip_prefix(from).expect("inside");
            let target = to.join(rel);
            if entry.file_type().is_dir() {
                fs::create_dir_all(&target).expect("mkdir");
            } else {
                fs::copy(entry.path(), &target).expect("copy");
            }
        }
    }

    fn content_change() -> Changes {
        Changes {
            content: true,
            ..Changes::default()
        }
    }

    /// The served files must be exactly what a full render of the site on
    /// disk gives.
    fn assert_matches_full_build(b: &Builder, root: &Path) {
        let (_, files) = crate::pipeline::render(root, false, None).expect("full render");
        let served = b.files();
        for f in &files {
            let got = served
                .get(&f.path)
                .unwrap_or_else(|| panic!("{} not served", f.path));
            assert!(got.as_ref() == f.bytes.as_slice(), "{} differs", f.path);
        }
        assert_eq!(served.len(), files.len());
    }

    fn edit(root: &Path, rel: &str, from: &str, to: &str) {
        let path = root.join(rel);
        let text = fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "{rel} has no {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).expect("write");
    }

    /// Edits `rel` as a save would, lets `b` rebuild, checks the result
    /// against a full build and returns what `b` reported.
    fn save(b: &mut Builder, root: &Path, rel: &str, from: &str, to: &str) -> Outcome {
        edit(root, rel, from, to);
        let outcome = b.apply(&content_change());
        assert_matches_full_build(b, root);
        outcome
    }

    #[test]
    fn incremental_rebuilds_match_a_full_build() {
        let dir = fixture();
        let root = dir.path();
        let mut b = Builder::new(root, false);
        assert!(matches!(
            b.apply(&Changes::everything()),
            Outcome::Rebuilt { full: true, .. }
        ));
        assert_matches_full_build(&b, root);

        // Each edit re-renders only the pages that show what changed (at
        // most `max` files where that is known), yet gives the full build.
        for (what, rel, from, to, max) in [
            (
                "body only: the page, not its neighbours",
                "content/step-1.md",
                "Start here.",
                "Start right here.",
                Some(5),
            ),
            (
                "a page of another guide",
                "content/more/tips.md",
                "Take notes",
                "Take good notes",
                None,
            ),
            (
                "a title: every page of the guide lists it",
                "content/step-2.md",
                "title: \"Step two",
                "title: \"Step 2",
                None,
            ),
            (
                "the first step's title: guide-wide pages of every guide show it",
                "content/step-1.md",
                "title: \"Step one",
                "title: \"Step 1",
                None,
            ),
        ] {
            let outcome = save(&mut b, root, rel, from, to);
            assert!(
                matches!(outcome, Outcome::Rebuilt { full: false, files } if max.is_none_or(|m| files <= m)),
                "{what}: {outcome:?}"
            );
        }

        // The home page's title: on every page.
        let outcome = save(
            &mut b,
            root,
            "content/_index.md",
            "title: \"Serve fixture",
            "title: \"Serve fix",
        );
        assert!(matches!(outcome, Outcome::Rebuilt { .. }), "{outcome:?}");

        // A deleted page: everything.
        fs::remove_file(root.join("content/extra.md")).expect("delete");
        assert!(matches!(
            b.apply(&content_change()),
            Outcome::Rebuilt { full: true, .. }
        ));
        assert_matches_full_build(&b, root);
        assert!(!b.files().contains_key("extra/index.html"));

        // Saving without a change: nothing to do.
        assert_eq!(b.apply(&content_change()), Outcome::Unchanged);
    }

    #[test]
    fn a_bad_save_keeps_the_last_good_site_until_fixed() {
        let dir = fixture();
        let root = dir.path();
        let mut b = Builder::new(root, false);
        b.apply(&Changes::everything());
        let before = b.files();
        let page = root.join("content/step-1.md");
        let good = fs::read_to_string(&page).expect("read");
        // Each bad save starts from the good page; each fails and names
        // what is wrong, and the last good site stays served.
        for (what, from, to, named) in [
            (
                "a broken front matter",
                "weight: 10",
                "weight: [10",
                "content/step-1.md:",
            ),
            (
                "a broken link",
                "(step-2.md#details)",
                "(step-9.md)",
                "step-9.md",
            ),
            (
                "a link to a missing file, which only the output check sees",
                "Start here.",
                "![x](/missing.png)",
                "missing.png",
            ),
        ] {
            fs::write(&page, &good).expect("write");
            edit(root, "content/step-1.md", from, to);
            let Outcome::Failed(text) = b.apply(&content_change()) else {
                panic!("{what} must fail");
            };
            assert!(text.contains(named), "{what}: {text}");
            assert_eq!(b.error().as_deref(), Some(&*text));
            assert_eq!(b.files(), before);
        }

        fs::write(&page, &good).expect("write");
        // Back to what was served: nothing changed, but the error must go.
        assert!(matches!(
            b.apply(&content_change()),
            Outcome::Rebuilt { .. }
        ));
        assert!(b.error().is_none());
        assert_eq!(b.files(), before);
    }

    #[test]
    fn a_failed_template_change_is_redone_by_the_next_save() {
        let dir = fixture();
        let root = dir.path();
        let mut b = Builder::new(root, false);
        b.apply(&Changes::everything());
        let templates = root.join("themes/default/templates");
        fs::create_dir_all(&templates).expect("mkdir");
        fs::write(templates.join("404.html"), "{% if %}").expect("write");
        let full = Changes {
            full: true,
            ..Changes::default()
        };
        assert!(matches!(b.apply(&full), Outcome::Failed(_)));
        fs::write(templates.join("404.html"), "<p>gone</p>").expect("write");
        // Reported as a content change: the pending full rebuild still happens.
        assert!(matches!(
            b.apply(&content_change()),
            Outcome::Rebuilt { full: true, .. }
        ));
        assert_eq!(
            b.files().get("404.html").map(|b| b.to_vec()),
            Some(b"<p>gone</p>".to_vec())
        );
        assert_matches_full_build(&b, root);
    }

    #[test]
    fn stylesheet_changes_are_told_apart() {
        let dir = fixture();
        let root = dir.path();
        let mut b = Builder::new(root, false);
        b.apply(&Changes::everything());
        let assets = Changes {
            assets: true,
            ..Changes::default()
        };
        fs::write(root.join("static/extra.css"), "body { color: red }\n").expect("write");
        assert_eq!(b.apply(&assets), Outcome::Styles { files: 1 });
        fs::write(root.join("static/notes.txt"), "changed\n").expect("write");
        assert!(matches!(b.apply(&assets), Outcome::Rebuilt { .. }));
        assert_matches_full_build(&b, root);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_site_are_not_served() {
        let dir = fixture();
        let outside = tempfile::tempdir().expect("temp dir");
        fs::write(outside.path().join("secret.txt"), "secret").expect("write");
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            dir.path().join("static/secret.txt"),
        )
        .expect("symlink");
        let mut b = Builder::new(dir.path(), false);
        b.apply(&Changes::everything());
        assert!(b.error().is_none());
        assert!(!b.files().contains_key("secret.txt"));
        assert!(b.files().contains_key("notes.txt"));
    }
}
