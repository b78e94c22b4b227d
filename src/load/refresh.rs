//! Loading again only what changed: the content files a watcher saw change
//! are read and parsed as [`load`](super::load) reads them (`file.rs`), and
//! the site is updated in place. A change to a page's body leaves everything
//! else as it was; any other change (front matter, a page added, removed or
//! renamed, a folder) runs the same site-wide steps as a full load over the
//! updated pages, which are in memory: no other file is read.
//!
//! A failed update leaves the site as it was, and so does [`revert`].

use super::file;
use super::glossary::Glossary;
use super::page::Page;
use super::page_id::PageId;
use super::site::Site;
use super::site_wide::site_wide;
use super::text::PageText;
use super::walk::{is_content_file, walk_order, walk_under};
use super::whole::LoadOptions;
use crate::error::{Diagnostic, Error, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

/// What [`update`] changed, as plain data: `serve` plans what to render
/// again from it.
#[derive(Debug, Default)]
pub(crate) struct Update {
    /// The pages whose file changed, added ones included.
    pub(crate) changed: Vec<PageId>,
    /// Whether only the Markdown bodies of `changed` differ: every page's
    /// front matter, URL, guide and order is as before.
    pub(crate) bodies_only: bool,
    /// The pages removed.
    pub(crate) removed: Vec<PageId>,
    /// The pages whose URL or guide changed (added and removed ones aside),
    /// whether their file changed or not (a folder that became a guide
    /// moves the pages under it).
    pub(crate) moved: Vec<PageId>,
    /// The guides (by folder) that came, went, or whose overview, pages,
    /// order, or a page's front matter changed: the only guides whose
    /// listing can differ.
    pub(crate) guides: BTreeSet<String>,
    /// Whether the glossary changed.
    pub(crate) glossary: bool,
    undo: Undo,
}

/// What [`revert`] puts back.
#[derive(Debug, Default)]
enum Undo {
    /// Nothing changed.
    #[default]
    Nothing,
    /// Page bodies: each page's text before.
    Texts(Vec<(PageId, PageText)>),
    /// Pages replaced or removed (as they were, with their ids) and pages
    /// added.
    Pages {
        before: Vec<Page>,
        added: Vec<PageId>,
    },
}

impl Update {
    /// Whether nothing changed.
    pub(crate) fn is_empty(&self) -> bool {
        matches!(self.undo, Undo::Nothing)
    }
}

/// Loads again what changed at `changed` (paths relative to `content/`: a
/// content file, or a folder, which stands for every file under it) and
/// updates `site` to match. Reports every problem found; then `site` is as
/// it was.
pub(crate) fn update(
    site: &mut Site,
    opts: &LoadOptions,
    changed: &BTreeSet<String>,
) -> Result<Update> {
    let (read, mut gone, mut diags) = to_read(site, changed);
    let parsed: Vec<_> = read
        .par_iter()
        .map(|(rel, abs)| file::parse_file(rel, abs))
        .collect();
    let mut fresh: BTreeMap<String, Page> = BTreeMap::new();
    // Which files are drafts only words a broken link: kept up to date
    // whether the update goes through or not.
    let content = site.root.join("content");
    site.drafts.retain(|rel| content.join(rel).is_file());
    for result in parsed {
        match result {
            Ok(page) if page.meta.draft && !opts.drafts => {
                site.drafts.insert(page.rel.clone());
                if site.by_rel.contains_key(&page.rel) {
                    gone.insert(page.rel.clone());
                }
            }
            Ok(page) => {
                site.drafts.remove(&page.rel);
                fresh.insert(page.rel.clone(), page);
            }
            Err(mut d) => diags.append(&mut d),
        }
    }
    if !diags.is_empty() {
        return Err(Error::Input(diags));
    }
    gone.retain(|r| !fresh.contains_key(r));

    // Files saved without a change are no change.
    fresh.retain(|rel, page| match site.by_rel.get(rel) {
        Some(&id) => !site.pages[id].text.same_as(&page.text),
        None => true,
    });
    if fresh.is_empty() && gone.is_empty() {
        return Ok(Update::default());
    }
    // Only bodies: the pages keep all they were given but their text.
    let bodies_only = gone.is_empty()
        && fresh.values().all(|p| match site.by_rel.get(&p.rel) {
            Some(&id) => front(&site.pages[id]) == front(p),
            None => false,
        });
    if bodies_only {
        Ok(new_bodies(site, fresh))
    } else {
        new_pages(site, fresh, &gone)
    }
}

/// The files to read for the changes at `changed` (by path under
/// `content/`), the known pages gone, and the problems found walking.
fn to_read(
    site: &Site,
    changed: &BTreeSet<String>,
) -> (BTreeMap<String, PathBuf>, BTreeSet<String>, Vec<Diagnostic>) {
    let content = site.root.join("content");
    let mut read: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut gone: BTreeSet<String> = BTreeSet::new();
    let mut diags = Vec::new();
    for rel in changed {
        let rel = rel.trim_end_matches('/');
        if rel.is_empty() {
            continue;
        }
        let abs = content.join(rel);
        let under = format!("{rel}/");
        let known_under = || {
            site.by_rel
                .keys()
                .filter(|r| r.starts_with(&under))
                .cloned()
                .collect::<Vec<_>>()
        };
        if abs.is_dir() {
            // A folder that appeared, moved or went: what is under it now.
            let (files, mut d) = walk_under(&site.root, &content, &abs);
            diags.append(&mut d);
            let now: BTreeSet<&str> = files.iter().map(|(r, _)| r.as_str()).collect();
            gone.extend(
                known_under()
                    .into_iter()
                    .filter(|r| !now.contains(r.as_str())),
            );
            for (r, path) in &files {
                if !site.by_rel.contains_key(r) {
                    read.insert(r.clone(), path.clone());
                }
            }
        } else if is_content_file(rel) && abs.is_file() {
            read.insert(rel.to_string(), abs);
        } else {
            gone.extend(known_under());
        }
        if site.by_rel.contains_key(rel) && !read.contains_key(rel) {
            gone.insert(rel.to_string());
        }
    }
    (read, gone, diags)
}

/// Gives the pages at the paths of `fresh` their new text.
fn new_bodies(site: &mut Site, fresh: BTreeMap<String, Page>) -> Update {
    let mut texts = Vec::new();
    for (rel, page) in fresh {
        let id = site.by_rel[&rel];
        texts.push((id, std::mem::replace(&mut site.pages[id].text, page.text)));
    }
    let mut changed: Vec<PageId> = texts.iter().map(|(id, _)| *id).collect();
    changed.sort_unstable();
    Update {
        changed,
        bodies_only: true,
        undo: Undo::Texts(texts),
        ..Update::default()
    }
}

/// Where each page is and what each guide lists, to tell what an update
/// moved.
struct Places {
    pages: HashMap<PageId, (String, String)>,
    guides: HashMap<String, (Option<PageId>, Vec<PageId>)>,
    glossary: Option<Glossary>,
}

impl Places {
    fn of(site: &Site) -> Places {
        Places {
            pages: site
                .pages
                .iter()
                .map(|p| (p.id, (p.path.clone(), site.guides[p.guide].dir.clone())))
                .collect(),
            guides: site
                .guides
                .iter()
                .map(|g| (g.dir.clone(), (g.index, g.pages.clone())))
                .collect(),
            glossary: site.glossary.clone(),
        }
    }
}

/// Puts the pages of `fresh` in `site` and takes out those at `gone`, then
/// runs the site-wide steps again; on a problem, puts `site` back.
fn new_pages(
    site: &mut Site,
    fresh: BTreeMap<String, Page>,
    gone: &BTreeSet<String>,
) -> Result<Update> {
    let before = Places::of(site);
    let incoming: Vec<String> = fresh.keys().cloned().collect();
    let removed: Vec<PageId> = gone
        .iter()
        .filter_map(|r| site.by_rel.get(r))
        .copied()
        .collect();
    let (replaced, added) = splice(site, fresh, gone);
    let undo = Undo::Pages {
        before: replaced,
        added: added.clone(),
    };
    let mut problems = Vec::new();
    site_wide(site, &mut problems);
    if !problems.is_empty() {
        undo_pages(site, undo);
        return Err(Error::Input(problems));
    }
    let mut changed: Vec<PageId> = incoming.iter().map(|r| site.by_rel[r]).collect();
    changed.sort_unstable();
    let moved: Vec<PageId> = site
        .pages
        .iter()
        .filter(|p| {
            let now = (&p.path, &site.guides[p.guide].dir);
            before
                .pages
                .get(&p.id)
                .is_some_and(|(path, dir)| (path, dir) != now)
        })
        .map(|p| p.id)
        .collect();
    let mut guides: BTreeSet<String> = site
        .guides
        .iter()
        .filter(|g| before.guides.get(&g.dir) != Some(&(g.index, g.pages.clone())))
        .map(|g| g.dir.clone())
        .collect();
    let now: BTreeSet<&str> = site.guides.iter().map(|g| g.dir.as_str()).collect();
    guides.extend(
        before
            .guides
            .into_keys()
            .filter(|d| !now.contains(d.as_str())),
    );
    guides.extend(
        changed
            .iter()
            .map(|&id| site.guides[site.pages[id].guide].dir.clone()),
    );
    Ok(Update {
        changed,
        bodies_only: false,
        removed,
        moved,
        guides,
        glossary: site.glossary != before.glossary,
        undo,
    })
}

/// Puts back the site as it was before `update`.
pub(crate) fn revert(site: &mut Site, update: Update) {
    match update.undo {
        Undo::Nothing => {}
        Undo::Texts(texts) => {
            for (id, text) in texts {
                site.pages[id].text = text;
            }
        }
        undo @ Undo::Pages { .. } => undo_pages(site, undo),
    }
}

fn undo_pages(site: &mut Site, undo: Undo) {
    let Undo::Pages { before, added } = undo else {
        return;
    };
    site.pages.remove_all(added);
    for page in before {
        match site.pages.get(page.id) {
            Some(_) => {
                site.pages.replace(page.id, page);
            }
            None => site.pages.put_back(page),
        }
    }
    site.pages.sort(|a, b| walk_order(&a.rel, &b.rel));
    // It loaded before: it loads again, and guides, the index by path and
    // checklist targets are as they were.
    site_wide(site, &mut Vec::new());
}

/// The front matter of a page's file, as written.
fn front(page: &Page) -> String {
    page.text()[..page.body_start].to_string()
}

/// Puts `pages` in `site` (replacing those at the same paths, which keep
/// their ids; the others get new ones) and removes the pages at `gone`,
/// keeping the walk order. Returns the pages replaced or removed, and the
/// ids of the pages added. `site.by_rel` is left as it was: `site_wide`,
/// which always follows, indexes the pages again.
fn splice(
    site: &mut Site,
    pages: BTreeMap<String, Page>,
    gone: &BTreeSet<String>,
) -> (Vec<Page>, Vec<PageId>) {
    let mut before = Vec::new();
    let mut added = Vec::new();
    for (rel, page) in pages {
        match site.by_rel.get(&rel) {
            Some(&id) => before.extend(site.pages.replace(id, page)),
            None => added.push(site.pages.add(page)),
        }
    }
    let replaced = before.len();
    let gone: Vec<PageId> = gone
        .iter()
        .filter_map(|r| site.by_rel.get(r))
        .copied()
        .collect();
    before.extend(site.pages.remove_all(gone));
    if !added.is_empty() || before.len() > replaced {
        site.pages.sort(|a, b| walk_order(&a.rel, &b.rel));
    }
    (before, added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, reads};
    use std::fs;
    use std::path::Path;

    /// Everything the site-wide steps decide, as text: what an update must
    /// get exactly as a full load does. Pages are named by path: ids are
    /// the update's own (a page keeps its id; a full load numbers afresh).
    fn shape(site: &Site) -> String {
        let rel = |id: PageId| site.pages[id].rel.as_str();
        let mut out = String::new();
        for (i, p) in site.pages.iter().enumerate() {
            let targets: Vec<String> = p
                .meta
                .checklist
                .iter()
                .flat_map(|g| &g.items)
                .map(|item| {
                    format!(
                        "{:?}",
                        item.target
                            .as_ref()
                            .map(|t| (rel(t.page), &t.anchor, &t.url))
                    )
                })
                .collect();
            out.push_str(&format!(
                "{i} {} {} g{} {} {:?} {}\n",
                p.rel,
                p.path,
                p.guide,
                p.print_anchor,
                targets,
                p.text().len()
            ));
        }
        for g in &site.guides {
            let pages: Vec<&str> = g.pages.iter().map(|&id| rel(id)).collect();
            out.push_str(&format!(
                "{} {} {:?} {:?}\n",
                g.dir,
                g.key,
                g.index.map(rel),
                pages
            ));
        }
        let mut rels: Vec<_> = site.by_rel.iter().map(|(r, &id)| (r, rel(id))).collect();
        rels.sort();
        out.push_str(&format!("{rels:?}"));
        out
    }

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join("content").join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }

    fn page(title: &str, weight: i64, extra: &str) -> String {
        format!("---\ntitle: \"{title}\"\nweight: {weight}\n{extra}---\n\nBody of {title}.\n\n## Part {{#part}}\n")
    }

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        write(root, "_index.md", &page("Home", 0, ""));
        write(root, "a.md", &page("A", 10, "step: 1\nchecklist:\n  - group: G\n    items:\n      - id: a-one\n        text: Do it\n        see: \"b.md#part\"\n"));
        write(root, "b.md", &page("B", 20, ""));
        write(root, "b-c.md", &page("B-C", 30, ""));
        write(root, "g1/_index.md", &page("Guide one", 0, ""));
        write(root, "g1/x.md", &page("X", 10, ""));
        write(root, "g1/y.md", &page("Y", 20, ""));
        // Sorts before g1/ as text, after it as the walk finds files.
        write(root, "g1-notes.md", &page("Notes", 40, ""));
        write(root, "g2/_index.md", &page("Guide two", 0, ""));
        write(root, "g2/z.md", &page("Z", 10, ""));
        dir
    }

    fn changed(rels: &[&str]) -> BTreeSet<String> {
        rels.iter().map(|r| r.to_string()).collect()
    }

    /// Applies the edit `what` did on disk, naming `rels` as changed, and
    /// checks the result against a full load; returns the update.
    fn check(site: &mut Site, root: &Path, rels: &[&str], what: &str) -> Update {
        let update = update(site, &LoadOptions::default(), &changed(rels))
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let full = load(root, &LoadOptions::default()).expect("full load");
        assert_eq!(shape(site), shape(&full), "{what}");
        update
    }

    #[test]
    fn an_update_gives_what_a_full_load_gives() {
        let dir = site();
        let root = dir.path();
        let mut s = load(root, &LoadOptions::default()).expect("load");

        // A body: only that file is read, nothing moves.
        let before = reads::under(root).len();
        write(
            root,
            "g1/x.md",
            &page("X", 10, "").replace("Body of X", "New body of X"),
        );
        let u = update(&mut s, &LoadOptions::default(), &changed(&["g1/x.md"])).expect("body");
        assert_eq!(reads::under(root)[before..], [root.join("content/g1/x.md")]);
        let full = load(root, &LoadOptions::default()).expect("full load");
        assert_eq!(shape(&s), shape(&full), "body");
        assert!(u.bodies_only && u.removed.is_empty());
        assert_eq!(u.changed, [s.by_rel["g1/x.md"]]);

        // Saved again unchanged: nothing.
        assert!(
            update(&mut s, &LoadOptions::default(), &changed(&["g1/x.md"]))
                .expect("update")
                .is_empty()
        );

        // Front matter that reorders a guide.
        write(root, "g1/x.md", &page("X", 30, ""));
        let u = check(&mut s, root, &["g1/x.md"], "weight");
        assert!(!u.bodies_only && u.removed.is_empty());

        // Added, renamed, moved between guides, removed.
        write(root, "b.md-new.md", &page("New", 5, ""));
        let u = check(&mut s, root, &["b.md-new.md"], "added");
        assert_eq!(u.changed, [s.by_rel["b.md-new.md"]]);
        assert_eq!(u.removed.len(), 0);
        fs::rename(root.join("content/g1/y.md"), root.join("content/g1/w.md")).expect("rename");
        check(&mut s, root, &["g1/y.md", "g1/w.md"], "renamed");
        fs::rename(root.join("content/g1/w.md"), root.join("content/g2/w.md")).expect("move");
        check(
            &mut s,
            root,
            &["g1/w.md", "g2/w.md"],
            "moved to another guide",
        );
        fs::remove_file(root.join("content/b-c.md")).expect("delete");
        let u = check(&mut s, root, &["b-c.md"], "removed");
        assert_eq!(u.removed.len(), 1);

        // A guide folder added under another guide's pages, then removed.
        write(root, "g3/_index.md", &page("Guide three", 0, ""));
        write(root, "g3/p.md", &page("P", 10, ""));
        check(&mut s, root, &["g3"], "guide folder added");
        fs::rename(root.join("content/g3"), root.join("content/g4")).expect("rename folder");
        check(&mut s, root, &["g3", "g4"], "guide folder renamed");
        fs::remove_dir_all(root.join("content/g4")).expect("remove folder");
        check(&mut s, root, &["g4"], "guide folder removed");

        // A draft leaves the site.
        write(root, "g2/z.md", &page("Z", 10, "draft: true\n"));
        check(&mut s, root, &["g2/z.md"], "draft");
    }

    #[test]
    fn a_failed_update_leaves_the_site_as_it_was() {
        let dir = site();
        let root = dir.path();
        let mut s = load(root, &LoadOptions::default()).expect("load");
        let was = shape(&s);
        for (what, rel, text, named) in [
            (
                "bad YAML",
                "g1/x.md",
                page("X", 10, "").replace("weight: 10", "weight: [10"),
                "content/g1/x.md",
            ),
            (
                "a step used twice",
                "b.md",
                page("B", 20, "step: 1\n"),
                "step 1 is already used",
            ),
            (
                "a see target removed",
                "b.md",
                page("B", 20, "").replace("{#part}", ""),
                "",
            ),
        ] {
            write(root, rel, &text);
            match update(&mut s, &LoadOptions::default(), &changed(&[rel])) {
                Err(e) => {
                    assert!(e.to_string().contains(named), "{what}: {e}");
                    assert_eq!(shape(&s), was, "{what}");
                }
                // The anchor itself is checked once pages are rendered.
                Ok(u) => {
                    assert!(named.is_empty(), "{what} must fail");
                    revert(&mut s, u);
                    assert_eq!(shape(&s), was, "{what}");
                }
            }
        }
        // A removed page that another one's checklist points at.
        fs::remove_file(root.join("content/b.md")).expect("delete");
        let e = update(&mut s, &LoadOptions::default(), &changed(&["b.md"]))
            .expect_err("see target gone");
        assert!(e.to_string().contains("content/b.md does not exist"), "{e}");
        assert_eq!(shape(&s), was);
    }
}
