//! The state kept between rebuilds, and the rebuilds themselves.
//!
//! [`Builder`] keeps the last good site, one generation per edit
//! (`served.rs`, `ServedSite`, shared with the HTTP side by `Arc` and never
//! changed once made): the loaded [`Site`](crate::load::Site), its theme,
//! what the render keeps of it (`parts.rs`, `RenderParts`: per page, what
//! the site-wide outputs are made of; per guide, its print page), the
//! static files and the [`LinkIndex`](crate::check::LinkIndex) of every
//! file. A save clones the generation (sharing its large parts) and goes
//! through the stages with only what it touched, in the clone:
//!
//! - `load::update` reads and parses the files the watcher named, updates
//!   the site (a front matter change runs the site-wide steps
//!   again, over pages in memory) and reports what changed, as plain data;
//! - `plan.rs` decides from that report, the site and the parts kept what
//!   must be rendered again, and why (the page; after a change to what
//!   lists show, its guide; after pages come, go or move, the pages linking
//!   to them); `RenderParts::update` renders it through the render driver
//!   `stepwise build` uses, so each file is byte-identical to the built one,
//!   and puts the new parts into the print pages;
//! - the link check covers the files that changed and the files that link
//!   to them ([`LinkIndex::linking_to`](crate::check::LinkIndex::linking_to)).
//!
//! A change to `site.yaml` or a template renders the whole site again,
//! from the pages in memory (templates: `RenderParts::retheme`, which keeps
//! what does not depend on them); a folder replaced, or events the kernel
//! dropped, load it again. Either way the generation served stays whole
//! until the new one replaces it. Page files are not kept: the preview
//! renders a page when the browser asks for it (`on_request.rs`), so a
//! large site fits in memory.
//!
//! A rebuild that fails drops its generation, leaves the last good one in
//! place and records the error; what it did not get to do is remembered
//! and done by the next one.

mod full;
mod indexing;
mod on_request;
mod parts;
mod plan;
#[cfg(test)]
mod props;
mod served;

use super::changes::Changes;
use super::reload::SiteFiles;
use crate::check;
use crate::error::{Error, Result};
use crate::load::config::Config;
use crate::load::theme;
use crate::load::{self, LoadOptions};
use full::{read_theme, render_whole, retheme, static_files};
use indexing::{Updating, UpdatingState};
use served::{text, Hashes, ServedSite};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What a rebuild did, for the browser and the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
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

/// Builds the site in memory and keeps it up to date, incrementally, one
/// generation per edit: a plain value, cloned cheaply (the generation is
/// shared), so that a rebuild can run on a clone and its result be taken,
/// or dropped when the rebuild is abandoned.
#[derive(Clone)]
pub(crate) struct Builder {
    root: PathBuf,
    drafts: bool,
    /// The last good generation, as served; never changed: an edit makes
    /// the next one beside it.
    current: Option<Arc<ServedSite>>,
    /// Changes a failed rebuild did not get to apply.
    pending: Changes,
    /// The current error, when the last rebuild failed.
    error: Option<Arc<str>>,
    /// The files the last rebuild of content rendered (and checked).
    #[cfg(test)]
    rendered: BTreeSet<String>,
}

impl Builder {
    /// A builder for the site at `root`; nothing is built until [`apply`](Self::apply).
    pub(crate) fn new(root: &Path, drafts: bool) -> Self {
        Builder {
            root: root.to_path_buf(),
            drafts,
            current: None,
            pending: Changes::default(),
            error: None,
            #[cfg(test)]
            rendered: BTreeSet::new(),
        }
    }

    /// Rebuilds what `changes` (and any change a failed rebuild left over)
    /// affect. Never fails: errors are recorded (see [`error`](Self::error))
    /// and the last good site is kept.
    pub(crate) fn apply(&mut self, changes: &Changes) -> Outcome {
        let mut todo = std::mem::take(&mut self.pending);
        todo.merge(changes.clone());
        if self.current.is_none() {
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
                self.pending = todo;
                let text: Arc<str> = error_text(&e).into();
                self.error = Some(text.clone());
                Outcome::Failed(text)
            }
        }
    }

    /// Records `changes` as still to do (by the next [`apply`](Self::apply)):
    /// a rebuild of them did not finish.
    pub(crate) fn postpone(&mut self, changes: &Changes) {
        self.pending.merge(changes.clone());
    }

    /// The current error (as printed in the terminal), if the last rebuild failed.
    pub(crate) fn error(&self) -> Option<Arc<str>> {
        self.error.clone()
    }

    /// The site served: the last good generation.
    pub(crate) fn served(&self) -> Arc<dyn SiteFiles> {
        match &self.current {
            Some(good) => good.clone(),
            None => Arc::new(HashMap::<String, axum::body::Bytes>::new()),
        }
    }

    /// Every file served, by output path, each rendered now (for tests).
    #[cfg(test)]
    pub(crate) fn files(&self) -> HashMap<String, axum::body::Bytes> {
        self.files_where(|_| true)
    }

    /// The files served whose paths `keep` keeps, by output path, each
    /// rendered now (for tests).
    #[cfg(test)]
    pub(crate) fn files_where(
        &self,
        keep: impl Fn(&str) -> bool,
    ) -> HashMap<String, axum::body::Bytes> {
        let Some(good) = self.current.as_ref() else {
            return HashMap::new();
        };
        good.paths()
            .into_iter()
            .filter(|p| keep(p))
            .filter_map(|p| Some((p.to_string(), good.get(p)?)))
            .collect()
    }

    /// How many files the last good site has.
    pub(crate) fn file_count(&self) -> usize {
        self.current.as_ref().map_or(0, |g| g.paths().len())
    }

    fn run(&mut self, todo: &mut Changes) -> Result<Outcome> {
        if todo.content && content_paths(todo).is_empty() {
            // Content changed, but where is not known: load it all.
            todo.full = true;
        }
        if todo.full {
            // Settings and templates do not change the pages: no need to
            // read them again.
            let keep_site = !todo.content
                && !todo.paths.is_empty()
                && todo
                    .paths
                    .iter()
                    .all(|p| p == "site.yaml" || p == "themes" || p.starts_with("themes/"));
            let settings = todo.paths.contains("site.yaml");
            let files = self.full(keep_site, settings)?;
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
            let (files, was_full) = self.content(content_paths(todo), todo.moved)?;
            todo.content = false;
            others += files;
            full |= was_full;
        }
        todo.paths.clear();
        todo.moved = false;
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

    fn options(&self) -> LoadOptions {
        LoadOptions {
            drafts: self.drafts,
            base_url: None,
        }
    }

    /// Renders the whole site again into a new generation and checks its
    /// links, as `stepwise build` does: from the site as it is when only
    /// `site.yaml` or templates changed (`keep_site`; `settings`:
    /// `site.yaml` did), else from the site loaded again. The generation
    /// served stays whole until the new one replaces it. Returns how many
    /// files changed.
    fn full(&mut self, keep_site: bool, settings: bool) -> Result<usize> {
        let opts = self.options();
        let root = self.root.clone();
        let Some(old) = self.current.clone() else {
            let site = load::load(&root, &opts)?;
            let theme = theme::load(&root, &site.config.theme)?;
            let good = render_whole(site, theme)?;
            let changed = good.paths().len();
            self.current = Some(Arc::new(good));
            return Ok(changed);
        };
        // Checklist items are dated from the milestones: a change to them
        // loads the site again.
        let keep_site = keep_site
            && !(settings
                && Config::load(&root).is_ok_and(|c| c.milestones != old.site.config.milestones));
        if keep_site && !settings {
            // Templates only: the pages, what is kept of them and the link
            // index stay; every file is rendered again.
            let theme = read_theme(&root, &old.site)?;
            let mut next = ServedSite::clone(&old);
            let changed = retheme(&mut next, theme)?;
            self.current = Some(Arc::new(next));
            return Ok(changed);
        }
        let site = if keep_site {
            let mut site = old.site.clone();
            site.config = Config::load(&root)?;
            site
        } else {
            load::load(&root, &opts)?
        };
        let theme = read_theme(&root, &site)?;
        let good = render_whole(site, theme)?;
        let changed = differences(&old.hashes, &good.hashes)
            + good
                .assets
                .iter()
                .filter(|(p, b)| old.assets.get(*p) != Some(b))
                .count()
            + old
                .assets
                .keys()
                .filter(|p| !good.assets.contains_key(*p))
                .count();
        self.current = Some(Arc::new(good));
        Ok(changed)
    }

    /// Reloads the static files. Returns how many stylesheets and how many
    /// other files changed.
    fn assets(&mut self) -> Result<(usize, usize)> {
        let Some(good) = self.current.clone() else {
            return self.full(false, false).map(|n| (0, n));
        };
        let theme = theme::load(&self.root, &good.site.config.theme)?;
        let assets = static_files(&good.site, &theme)?;
        if assets.keys().ne(good.assets.keys()) {
            // Files appeared or went away: links to them may break, or work again.
            return self.full(false, false).map(|n| (0, n));
        }
        let changed: Vec<String> = assets
            .iter()
            .filter(|(p, b)| good.assets.get(*p) != Some(b))
            .map(|(p, _)| p.clone())
            .collect();
        if changed.iter().any(|p| crate::render::is_measured_image(p)) {
            // Pages show an image with the size its file states: render
            // them all again, with the files as they are now.
            return self.full(true, false).map(|n| (0, n));
        }
        let mut next = ServedSite::clone(&good);
        drop(good);
        // A changed HTML file's links, and the links into it.
        let mut check: BTreeSet<String> = BTreeSet::new();
        for path in &changed {
            let info = check::info_of(path, &assets[path]);
            next.links.insert(path.clone(), info);
            check.insert(path.clone());
            check.extend(
                next.links
                    .linking_to(path, true)
                    .into_iter()
                    .map(String::from),
            );
        }
        let paths: Vec<&str> = check.iter().map(String::as_str).collect();
        let text_of = |path: &str| match assets.get(path) {
            Some(b) => text(Some(b.clone())),
            None => text(next.get(path)),
        };
        problems(next.check_links(Some(&paths), &text_of))?;
        let css = changed.iter().filter(|p| p.ends_with(".css")).count();
        let other = changed.len() - css;
        next.links.compact();
        next.assets = assets;
        next.theme = Arc::new(theme);
        self.current = Some(Arc::new(next));
        Ok((css, other))
    }

    /// Loads again the content files at `paths` (relative to `content/`)
    /// into a new generation and renders what they change; when files
    /// `moved`, also the known files that are gone, wherever the events
    /// said they went. Returns how many files changed and whether the whole
    /// site had to be rendered.
    fn content(&mut self, mut paths: BTreeSet<String>, moved: bool) -> Result<(usize, bool)> {
        let opts = self.options();
        let Some(good) = self.current.clone() else {
            return self.full(false, false).map(|n| (n, true));
        };
        if moved {
            let gone = gone_files(&self.root.join("content"), good.site.by_rel.keys());
            paths.extend(gone);
        }
        let mut next = ServedSite::clone(&good);
        drop(good);
        let update = load::update(&mut next.site, &opts, &paths)?;
        if update.is_empty() {
            return Ok((0, false));
        }
        let ServedSite {
            site,
            theme,
            parts,
            assets,
            links,
            hashes,
        } = &mut next;
        // Files are indexed as they are rendered: none is held.
        let sink = Updating {
            assets,
            hashes,
            state: Mutex::new(UpdatingState {
                links,
                changed: Vec::new(),
                #[cfg(test)]
                rendered: Vec::new(),
            }),
        };
        let result = parts.update(site, theme, &update, &sink);
        let UpdatingState {
            links,
            changed,
            #[cfg(test)]
            rendered,
        } = sink.state.into_inner().unwrap_or_else(|e| e.into_inner());
        #[cfg(test)]
        {
            self.rendered = rendered.into_iter().collect();
        }
        let gone = result?;

        // Check what changed and what links to it (or to what went away).
        let mut check: BTreeSet<String> = BTreeSet::new();
        for (path, _) in &changed {
            check.insert(path.clone());
            check.extend(links.linking_to(path, true).into_iter().map(String::from));
        }
        let mut removed = Vec::new();
        for path in gone {
            if assets.contains_key(&path) {
                continue;
            }
            links.remove(&path);
            check.extend(links.linking_to(&path, false).into_iter().map(String::from));
            removed.push(path);
        }
        let paths: Vec<&str> = check.iter().map(String::as_str).collect();
        problems(next.check_links(Some(&paths), &|path| text(next.get(path))))?;
        next.links.compact();
        let count = changed.len() + removed.len();
        for (path, h) in changed {
            next.hashes.insert(path, h);
        }
        for path in removed {
            next.hashes.remove(&path);
        }
        self.current = Some(Arc::new(next));
        Ok((count, false))
    }
}

/// Which of the `known` files (relative to `content`) are no longer there:
/// one listing per folder rather than one `stat` per file, since a site of
/// 10,000 pages has a few dozen folders.
fn gone_files<'a>(content: &Path, known: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut by_dir: HashMap<&str, Vec<&'a String>> = HashMap::new();
    for rel in known {
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        by_dir.entry(dir).or_default().push(rel);
    }
    let mut gone = Vec::new();
    for (dir, rels) in by_dir {
        let names: std::collections::HashSet<std::ffi::OsString> =
            std::fs::read_dir(content.join(dir))
                .map(|entries| {
                    entries
                        .filter_map(|e| e.ok().map(|e| e.file_name()))
                        .collect()
                })
                .unwrap_or_default();
        gone.extend(
            rels.into_iter()
                .filter(|rel| {
                    let name = rel.rsplit_once('/').map_or(rel.as_str(), |(_, n)| n);
                    !names.contains(std::ffi::OsStr::new(name))
                })
                .cloned(),
        );
    }
    gone
}

/// The paths under `content/` that `changes` names, relative to it.
fn content_paths(changes: &Changes) -> BTreeSet<String> {
    changes
        .paths
        .iter()
        .filter_map(|p| p.strip_prefix("content/"))
        .map(str::to_string)
        .collect()
}

/// The problems a check found, as an error; a check that could not run
/// is the error.
fn problems(checked: Result<Vec<crate::error::Diagnostic>>) -> Result<()> {
    match checked {
        Ok(broken) if broken.is_empty() => Ok(()),
        Ok(broken) => Err(Error::Input(broken)),
        Err(e) => Err(e),
    }
}

/// How many paths differ (added, removed or changed) between `a` and `b`.
fn differences(a: &Hashes, b: &Hashes) -> usize {
    let changed = b.iter().filter(|(p, h)| a.get(*p) != Some(h)).count();
    let removed = a.keys().filter(|p| !b.contains_key(*p)).count();
    changed + removed
}

/// An error as the terminal shows it (and the overlay repeats it).
pub(crate) fn error_text(e: &Error) -> String {
    match e {
        Error::Input(_) => e.to_string(),
        _ => format!("error: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::reads;
    use std::fs;

    fn fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve");
        copy_dir(&src, dir.path());
        dir
    }

    pub(super) fn copy_dir(from: &Path, to: &Path) {
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

    /// What the watcher reports when the files at `rels` (relative to the
    /// site root) change.
    fn saved(rels: &[&str]) -> Changes {
        let mut changes = Changes::default();
        for rel in rels {
            changes.add(Path::new(rel));
        }
        changes
    }

    /// The served files must be exactly what a full render of the site on
    /// disk gives.
    pub(super) fn assert_matches_full_build(b: &Builder, root: &Path) {
        assert_served_matches_full_build(&b.files(), root);
    }

    /// Checks `served`, every file a builder serves, against a full build
    /// of `root`.
    fn assert_served_matches_full_build(served: &HashMap<String, axum::body::Bytes>, root: &Path) {
        let (_, files) = crate::pipeline::render(root, false, None).expect("full render");
        for f in &files {
            let got = served
                .get(&f.path)
                .unwrap_or_else(|| panic!("{} not served", f.path));
            // The one file a preview makes otherwise: its offline worker
            // takes itself away.
            let want = match f.path.as_str() {
                crate::render::WORKER_PATH => crate::render::RETIRED_WORKER.as_bytes(),
                _ => f.bytes.as_slice(),
            };
            assert!(got.as_ref() == want, "{} differs", f.path);
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
        let outcome = b.apply(&saved(&[rel]));
        assert_matches_full_build(b, root);
        outcome
    }

    #[test]
    fn a_move_reported_only_by_its_new_path_is_found() {
        let dir = fixture();
        let root = dir.path();
        let mut b = Builder::new(root, false);
        b.apply(&Changes::everything());
        // What the watcher reports when a save lands on a page right after
        // it was moved: the new path only, and that files moved.
        fs::rename(
            root.join("content/extra.md"),
            root.join("content/more/extra.md"),
        )
        .expect("move");
        let mut changes = saved(&["content/more/extra.md"]);
        changes.moved = true;
        b.apply(&changes);
        assert_eq!(b.error(), None);
        assert_matches_full_build(&b, root);
        assert!(!b.files().contains_key("extra/index.html"));
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
            b.apply(&saved(&["content/extra.md"])),
            Outcome::Rebuilt { full: false, .. }
        ));
        assert_matches_full_build(&b, root);
        assert!(!b.files().contains_key("extra/index.html"));

        // Saving without a change: nothing to do.
        assert_eq!(b.apply(&saved(&["content/step-2.md"])), Outcome::Unchanged);
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
            let Outcome::Failed(text) = b.apply(&saved(&["content/step-1.md"])) else {
                panic!("{what} must fail");
            };
            assert!(text.contains(named), "{what}: {text}");
            assert_eq!(b.error().as_deref(), Some(&*text));
            assert_eq!(b.files(), before);
        }

        fs::write(&page, &good).expect("write");
        // Back to what was served: nothing changed, but the error must go.
        assert!(matches!(
            b.apply(&saved(&["content/step-1.md"])),
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
            b.apply(&saved(&["content/step-1.md"])),
            Outcome::Rebuilt { full: true, .. }
        ));
        assert_eq!(
            b.files().get("404.html").map(|b| b.to_vec()),
            Some(b"<p>gone</p>".to_vec())
        );
        assert_matches_full_build(&b, root);
    }

    #[test]
    fn a_template_that_fails_on_every_page_keeps_the_last_good_site() {
        let dir = fixture();
        let root = dir.path();
        let mut b = Builder::new(root, false);
        b.apply(&Changes::everything());
        let before = b.files();
        // It compiles, and fails only as pages are rendered.
        put(
            root,
            "themes/default/templates/page.html",
            "<!DOCTYPE html><title>{{ page.title }}</title>{{ page.nothing.deeper }}\n",
        );
        let template = saved(&["themes/default/templates/page.html"]);
        let Outcome::Failed(text) = b.apply(&template) else {
            panic!("the template must fail");
        };
        assert!(
            text.contains("themes/default/templates/page.html"),
            "{text}"
        );
        assert_eq!(b.files(), before);
        // An edit meanwhile waits for the template: the site stays as it was.
        edit(root, "content/step-1.md", "Start here.", "Start now.");
        assert!(matches!(
            b.apply(&saved(&["content/step-1.md"])),
            Outcome::Failed(_)
        ));
        assert_eq!(b.files(), before);
        fs::remove_file(root.join("themes/default/templates/page.html")).expect("remove");
        assert!(matches!(
            b.apply(&template),
            Outcome::Rebuilt { full: true, .. }
        ));
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

    /// Writes `text` at `rel` (relative to the site root), making folders.
    fn put(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }

    /// A generated site of `guides` guides of `per` step pages each, under a
    /// home page with pages of its own. Steps link to their neighbours'
    /// headings in Markdown and in raw HTML, to the first guide and to an
    /// image; their checklists' `see:` lead to headings. With `base_url`,
    /// so that the sitemap and the feed are built too. Each guide also has
    /// two pages nothing links to.
    fn generate(root: &Path, guides: usize, per: usize) {
        put(
            root,
            "site.yaml",
            "title: \"Generated\"\ndescription: \"A generated site.\"\nbase_url: \"https://example.org/g/\"\nsite_id: gen\n",
        );
        put(
            root,
            "static/images/dot.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
        );
        // A 404 page that shows the first page and the root guide, as a theme may.
        put(
            root,
            "themes/default/templates/404.html",
            "<!DOCTYPE html><title>Not found</title><p>Start at <a href=\"{{ url(path=page.next.path) }}\">{{ page.next.title }}</a> of {{ guide.pages | length }} pages.</p>\n",
        );
        put(
            root,
            "content/_index.md",
            "---\ntitle: \"Generated home\"\ndescription: \"The home page.\"\n---\n\nStart with [the first guide](g01/_index.md).\n",
        );
        put(
            root,
            "content/about.md",
            "---\ntitle: \"About\"\ndescription: \"About this site.\"\nweight: 10\nupdated: 2026-02-01\n---\n\n## Who writes it? {#who}\n\nPeople.\n\n## Why? {#why}\n\nTo help.\n",
        );
        put(
            root,
            "content/contact.md",
            "---\ntitle: \"Contact\"\ndescription: \"How to reach us.\"\nweight: 20\n---\n\nWrite to us. See [about](about.md#who).\n",
        );
        for g in 1..=guides {
            let dir = format!("content/g{g:02}");
            put(
                root,
                &format!("{dir}/_index.md"),
                &format!("---\ntitle: \"Guide {g}\"\ndescription: \"Guide number {g}.\"\n---\n\nBegin at [step 1](step-001.md). See also [the notes](notes.md#notes) and [a part](part/one.md).\n"),
            );
            for name in ["one", "two"] {
                put(
                    root,
                    &format!("{dir}/part/{name}.md"),
                    &format!("---\ntitle: \"Part {name} of guide {g}\"\ndescription: \"A page in a folder.\"\nweight: 8000\n---\n\nIn a folder of the guide. [Notes](../notes.md).\n"),
                );
            }
            for (name, title) in [("notes", "Notes"), ("extra", "Extra")] {
                put(
                    root,
                    &format!("{dir}/{name}.md"),
                    &format!("---\ntitle: \"{title} of guide {g}\"\ndescription: \"{title}.\"\nweight: 9000\n---\n\n## {title} {{#{name}}}\n\nNothing links here. [Back](step-001.md).\n"),
                );
            }
            for n in 1..=per {
                let prev = if n > 1 {
                    format!("[previous](step-{:03}.md#details)", n - 1)
                } else {
                    "[the guide](_index.md)".into()
                };
                let next = if n < per {
                    format!("step-{:03}.md", n + 1)
                } else {
                    "step-001.md".into()
                };
                let raw = if n < per {
                    format!("../step-{:03}/#section-2", n + 1)
                } else {
                    "../step-001/#section-2".into()
                };
                let first = if g == 1 {
                    String::new()
                } else {
                    " and [the first guide](../g01/step-001.md#section-2)".into()
                };
                put(
                    root,
                    &format!("{dir}/step-{n:03}.md"),
                    &format!(
                        "---\ntitle: \"Guide {g} step {n}\"\ndescription: \"Step {n} of guide {g}.\"\nweight: {w}\nstep: {n}\nupdated: 2026-01-{d:02}\ntags: [gen, g{g}]\nchecklist:\n  - group: \"Do\"\n    items:\n      - id: g{g}-s{n}-a\n        text: \"First thing of step {n}\"\n        see: \"#section-1\"\n      - id: g{g}-s{n}-b\n        text: \"Next step's details\"\n        see: \"{next}#details\"\n---\n\nIntro of step {n}: {prev}{first}. ![A dot](/images/dot.svg)\n\n## Details {{#details}}\n\nDetails of step {n}, see <a href=\"{raw}\">the next section one</a>.\n\n## Section 1 {{#section-1}}\n\nText one of step {n}.\n\n## Section 2 {{#section-2}}\n\nText two of step {n}. Is this a question?\n",
                        w = n * 10,
                        d = n % 28 + 1,
                    ),
                );
            }
        }
    }

    fn rename(root: &Path, from: &str, to: &str) {
        let to = root.join(to);
        fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        fs::rename(root.join(from), to).expect("rename");
    }

    /// Applies `changes`, checks the result against a full build, that it
    /// was (or was not) a full rebuild, and that every page file that
    /// changed was rendered again (and so checked) by an incremental one;
    /// returns the outcome.
    fn step(b: &mut Builder, root: &Path, what: &str, changes: &Changes, full: bool) -> Outcome {
        // The search index, its fragments, the sitemap and feed are made
        // when asked for: only the pages need saying what changed.
        let rendered_for_edits = |path: &str| path.ends_with(".html");
        let before = if full {
            HashMap::new()
        } else {
            b.files_where(rendered_for_edits)
        };
        let outcome = b.apply(changes);
        assert!(
            matches!(outcome, Outcome::Rebuilt { full: f, .. } if f == full),
            "{what}: {outcome:?}"
        );
        // Every served file is made once, for both checks.
        let after = b.files();
        assert_served_matches_full_build(&after, root);
        if !full {
            for (path, bytes) in after {
                if before.get(&path) != Some(&bytes) && rendered_for_edits(&path) {
                    assert!(
                        b.rendered.contains(&path),
                        "{what}: {path} changed, not rendered"
                    );
                }
            }
        }
        outcome
    }

    /// Edits `rel` as a save would, then takes the [`step`] it makes (not
    /// a full one).
    fn edit_step(b: &mut Builder, root: &Path, what: &str, rel: &str, from: &str, to: &str) {
        edit(root, rel, from, to);
        step(b, root, what, &saved(&[rel]), false);
    }

    /// Applies `changes`, which must fail naming `named`, with the last
    /// good site still served.
    fn fails(b: &mut Builder, what: &str, changes: &Changes, named: &str) {
        let before = b.files();
        let Outcome::Failed(text) = b.apply(changes) else {
            panic!("{what} must fail");
        };
        assert!(text.contains(named), "{what}: {text}");
        assert_eq!(b.files(), before, "{what}");
    }

    #[test]
    fn a_generated_site_stays_equal_to_a_full_build_through_every_kind_of_edit() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        generate(root, 4, 50);
        let mut b = Builder::new(root, false);
        assert!(matches!(
            b.apply(&Changes::everything()),
            Outcome::Rebuilt { full: true, .. }
        ));
        assert_matches_full_build(&b, root);

        bodies_and_headings(&mut b, root);
        front_matter(&mut b, root);
        pages_come_and_go(&mut b, root);
        folders(&mut b, root);
        templates_and_settings(&mut b, root);
    }

    /// A body, then headings other pages link to: broken, then fixed. (part of the test above).
    fn bodies_and_headings(b: &mut Builder, root: &Path) {
        let g2s5 = "content/g02/step-005.md";
        // A body: the page, its checklist page, its guide's print page.
        edit(
            root,
            g2s5,
            "Text one of step 5.",
            "Text one of step 5, longer now.",
        );
        let outcome = step(b, root, "body", &saved(&[g2s5]), false);
        assert!(
            matches!(outcome, Outcome::Rebuilt { files, .. } if files <= 3),
            "{outcome:?}"
        );

        // A heading that another page's Markdown links to, then one that
        // another page's raw HTML links to: both break, and are fixed.
        let g2s4 = "content/g02/step-004.md";
        edit(root, g2s4, "## Details {#details}", "## Detail {#detail}");
        fails(
            b,
            "a heading linked from Markdown",
            &saved(&[g2s4]),
            "no heading with id `details`",
        );
        edit(root, g2s4, "## Detail {#detail}", "## Details {#details}");
        edit(
            root,
            g2s5,
            "## Section 2 {#section-2}",
            "## Section two {#section-two}",
        );
        fails(
            b,
            "a heading linked from raw HTML",
            &saved(&[g2s5]),
            "g02/step-004/index.html:",
        );
        fails(
            b,
            "a heading linked from raw HTML",
            &saved(&[g2s5]),
            "broken anchor `../step-005/#section-2`: g02/step-005/index.html has no id `section-2`",
        );
        edit(
            root,
            g2s5,
            "## Section two {#section-two}",
            "## Section 2 {#section-2}",
        );
        step(b, root, "fixed", &saved(&[g2s4, g2s5]), false);
    }

    /// Front matter, and slugs other pages link to. (part of the test above).
    fn front_matter(b: &mut Builder, root: &Path) {
        let g2s5 = "content/g02/step-005.md";
        // Front matter: what lists show, the order, the root guide's first
        // page (on every print page, the home page and 404), a guide's
        // title, a checklist, a date (the feed's order).
        edit_step(
            b,
            root,
            "title",
            "content/g01/step-003.md",
            "title: \"Guide 1 step 3\"",
            "title: \"Guide 1, step three\"",
        );
        edit_step(
            b,
            root,
            "order",
            "content/g01/step-003.md",
            "weight: 30",
            "weight: 999",
        );
        edit_step(
            b,
            root,
            "a step number",
            "content/g01/step-003.md",
            "step: 3\n",
            "step: 51\n",
        );
        edit_step(
            b,
            root,
            "the root guide's first page",
            "content/about.md",
            "title: \"About\"",
            "title: \"About us\"",
        );
        edit_step(
            b,
            root,
            "a guide's title",
            "content/g03/_index.md",
            "title: \"Guide 3\"",
            "title: \"Guide three\"",
        );
        edit_step(
            b,
            root,
            "the home page's title",
            "content/_index.md",
            "title: \"Generated home\"",
            "title: \"Home\"",
        );
        edit_step(
            b,
            root,
            "a checklist",
            g2s5,
            "text: \"First thing of step 5\"",
            "text: \"The first thing\"",
        );
        edit_step(
            b,
            root,
            "a date",
            g2s5,
            "updated: 2026-01-06",
            "updated: 2027-03-01",
        );
        // A slug of a page other guides link to, with the raw link to it fixed.
        edit(
            root,
            "content/g01/step-001.md",
            "step: 1\n",
            "step: 1\nslug: start\n",
        );
        edit(
            root,
            "content/g01/step-050.md",
            "../step-001/#section-2",
            "../start/#section-2",
        );
        step(
            b,
            root,
            "a slug linked from other guides",
            &saved(&["content/g01/step-001.md", "content/g01/step-050.md"]),
            false,
        );
        // A slug: the pages linking to it link elsewhere.
        edit_step(
            b,
            root,
            "a slug",
            "content/g03/notes.md",
            "title: \"Notes of guide 3\"",
            "title: \"Notes of guide 3\"\nslug: remarks",
        );
    }

    /// Pages renamed, moved, added, removed, drafted. (part of the test above).
    fn pages_come_and_go(b: &mut Builder, root: &Path) {
        // Pages renamed, moved to another guide, added, removed, drafted.
        rename(root, "content/g03/extra.md", "content/g03/more.md");
        step(
            b,
            root,
            "renamed",
            &saved(&["content/g03/extra.md", "content/g03/more.md"]),
            false,
        );
        rename(root, "content/g03/more.md", "content/g04/more.md");
        step(
            b,
            root,
            "moved to another guide",
            &saved(&["content/g03/more.md", "content/g04/more.md"]),
            false,
        );
        rename(root, "content/g02/step-006.md", "content/g02/step-six.md");
        fails(
            b,
            "renamed while linked to",
            &saved(&["content/g02/step-006.md", "content/g02/step-six.md"]),
            "step-006.md does not exist",
        );
        edit(
            root,
            "content/g02/step-005.md",
            "step-006.md#details",
            "step-six.md#details",
        );
        edit(
            root,
            "content/g02/step-007.md",
            "step-006.md#details",
            "step-six.md#details",
        );
        edit(
            root,
            "content/g02/step-005.md",
            "../step-006/#section-2",
            "../step-six/#section-2",
        );
        step(
            b,
            root,
            "renamed, its links fixed",
            &saved(&["content/g02/step-005.md", "content/g02/step-007.md"]),
            false,
        );
        put(root, "content/g01/new.md", "---\ntitle: \"New\"\ndescription: \"A new page.\"\nweight: 15\n---\n\nNew. See [step 2](step-002.md#details).\n");
        step(b, root, "added", &saved(&["content/g01/new.md"]), false);
        fs::remove_file(root.join("content/g01/new.md")).expect("delete");
        step(b, root, "removed", &saved(&["content/g01/new.md"]), false);
        edit_step(
            b,
            root,
            "drafted",
            "content/g04/extra.md",
            "weight: 9000",
            "weight: 9000\ndraft: true",
        );
        edit_step(
            b,
            root,
            "published",
            "content/g04/extra.md",
            "weight: 9000\ndraft: true",
            "weight: 9000",
        );
    }

    /// Folders that become guides, and guide folders that come, move and go. (part of the test above).
    fn folders(b: &mut Builder, root: &Path) {
        // A folder of a guide becomes a guide of its own, and back: links
        // to its pages from the print page of the guide leave it.
        put(
            root,
            "content/g02/part/_index.md",
            "---\ntitle: \"A part\"\n---\n\nTwo pages.\n",
        );
        step(
            b,
            root,
            "a folder becomes a guide",
            &saved(&["content/g02/part/_index.md"]),
            false,
        );
        fs::remove_file(root.join("content/g02/part/_index.md")).expect("delete");
        step(
            b,
            root,
            "and back",
            &saved(&["content/g02/part/_index.md"]),
            false,
        );

        // Guide folders: added (moved in whole), renamed, removed.
        let spare = tempfile::tempdir().expect("temp dir");
        generate(spare.path(), 5, 3);
        rename(
            spare.path(),
            "content/g05",
            &root.join("content/g05").to_string_lossy(),
        );
        step(
            b,
            root,
            "a guide folder added",
            &saved(&["content/g05"]),
            false,
        );
        rename(root, "content/g05", "content/g06");
        step(
            b,
            root,
            "a guide folder renamed",
            &saved(&["content/g05", "content/g06"]),
            false,
        );
        fs::remove_dir_all(root.join("content/g06")).expect("remove");
        step(
            b,
            root,
            "a guide folder removed",
            &saved(&["content/g06"]),
            false,
        );
    }

    /// A template and the settings: everything. (part of the test above).
    fn templates_and_settings(b: &mut Builder, root: &Path) {
        // A template and the settings: everything.
        put(
            root,
            "themes/default/templates/404.html",
            "<!DOCTYPE html><title>Not found</title><p>Nothing here.</p>\n",
        );
        step(
            b,
            root,
            "a template",
            &saved(&["themes/default/templates/404.html"]),
            true,
        );
        edit(
            root,
            "site.yaml",
            "title: \"Generated\"",
            "title: \"Generated site\"",
        );
        step(b, root, "site.yaml", &saved(&["site.yaml"]), true);
    }

    #[test]
    fn an_edit_reads_only_the_files_it_changed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        generate(root, 3, 20);
        let mut b = Builder::new(root, false);
        b.apply(&Changes::everything());
        let pages = reads::under(root).len();
        assert!(pages > 60, "{pages}");
        let rel = "content/g02/step-005.md";
        let read_by = |b: &mut Builder, changes: &Changes| {
            let before = reads::under(root).len();
            let outcome = b.apply(changes);
            (outcome, reads::under(root)[before..].to_vec())
        };
        for (what, from, to, fails) in [
            ("a body", "Text two of step 5.", "Text 2.", false),
            (
                "a title",
                "title: \"Guide 2 step 5\"",
                "title: \"Step five\"",
                false,
            ),
            (
                "a heading others link to",
                "## Details {#details}",
                "## Detail {#detail}",
                true,
            ),
            (
                "the heading back",
                "## Detail {#detail}",
                "## Details {#details}",
                false,
            ),
        ] {
            edit(root, rel, from, to);
            let (outcome, read) = read_by(&mut b, &saved(&[rel]));
            assert_eq!(
                matches!(outcome, Outcome::Failed(_)),
                fails,
                "{what}: {outcome:?}"
            );
            assert_eq!(read, [root.join(rel)], "{what}");
        }
        // A page added: only it.
        put(
            root,
            "content/g01/new.md",
            "---\ntitle: \"New\"\n---\n\nNew.\n",
        );
        let mut added = saved(&["content/g01/new.md"]);
        added.moved = true;
        let (outcome, read) = read_by(&mut b, &added);
        assert!(matches!(outcome, Outcome::Rebuilt { .. }), "{outcome:?}");
        assert_eq!(read, [root.join("content/g01/new.md")]);
        assert_matches_full_build(&b, root);
        // A template and the settings: no content file.
        put(
            root,
            "themes/default/templates/404.html",
            "<!DOCTYPE html><title>Not found</title><p>Nothing here.</p>\n",
        );
        let (outcome, read) = read_by(&mut b, &saved(&["themes/default/templates/404.html"]));
        assert!(matches!(outcome, Outcome::Rebuilt { .. }), "{outcome:?}");
        assert_eq!(read, Vec::<PathBuf>::new(), "a template");
        edit(
            root,
            "site.yaml",
            "title: \"Generated\"",
            "title: \"Renamed\"",
        );
        let (outcome, read) = read_by(&mut b, &saved(&["site.yaml"]));
        assert!(matches!(outcome, Outcome::Rebuilt { .. }), "{outcome:?}");
        assert_eq!(read, Vec::<PathBuf>::new(), "site.yaml");
        assert_matches_full_build(&b, root);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_out_of_the_site_is_an_error_like_any_other() {
        let dir = fixture();
        let outside = tempfile::tempdir().expect("temp dir");
        fs::write(outside.path().join("secret.txt"), "secret").expect("write");
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            dir.path().join("static/secret.txt"),
        )
        .expect("symlink");
        let mut b = Builder::new(dir.path(), false);
        let Outcome::Failed(text) = b.apply(&Changes::everything()) else {
            panic!("a link out of the site must fail the build");
        };
        assert!(
            text.starts_with("error: static/secret.txt: this symlink leads out of the site"),
            "{text}"
        );
        assert!(b.files().is_empty());
        fs::remove_file(dir.path().join("static/secret.txt")).expect("remove");
        assert!(matches!(
            b.apply(&Changes::everything()),
            Outcome::Rebuilt { .. }
        ));
        assert!(b.error().is_none());
        assert!(b.files().contains_key("notes.txt"));
    }
}
