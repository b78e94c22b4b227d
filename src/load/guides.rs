//! Grouping pages into guides: a folder with an `_index.md` (or `content/`
//! itself) is a guide; its pages are ordered by weight, then title.

use super::folders::url_dir;
use super::page_id::PageId;
use super::pages::Pages;
use super::site::Guide;
use super::yaml::thousands;
use crate::error::Diagnostic;
use crate::url::slugify;
use std::collections::{BTreeMap, BTreeSet};

/// The most pages a guide may have (besides its `_index.md`). Every page
/// of the default theme lists every page of its guide, so a guide's output
/// grows with the square of its pages: 1,000 pages write about 80 MB.
pub(crate) const MAX_GUIDE_PAGES: usize = 1000;

/// Groups pages into guides and orders them; reports duplicate steps. A
/// folder whose `_index.md` is among the files that failed to load
/// (`unloaded`) is still a guide, so that its pages are not taken for pages
/// of the guide around it.
pub(crate) fn assemble(
    pages: &mut Pages,
    unloaded: &BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Guide> {
    let mut dirs: Vec<String> = vec![String::new()];
    for p in pages.iter().filter(|p| p.is_index && !p.path.is_empty()) {
        dirs.push(p.path.clone());
    }
    for rel in unloaded {
        if let Some(dir) = rel.strip_suffix("/_index.md") {
            dirs.extend(url_dir(&format!("{dir}/")).ok());
        }
    }
    dirs.sort();
    dirs.dedup();
    let mut guides: Vec<Guide> = dirs
        .iter()
        .map(|d| Guide {
            dir: d.clone(),
            print_path: format!("{d}print/"),
            key: if d.is_empty() {
                "main".into()
            } else {
                slugify(d)
            },
            index: None,
            pages: Vec::new(),
        })
        .collect();
    for id in pages.ids().collect::<Vec<_>>() {
        let p = &mut pages[id];
        // The folder's URL, not its name: `My Guide/x.md` is in `my-guide/`.
        let page_dir = if p.is_index {
            p.path.as_str()
        } else {
            let trimmed = p.path.trim_end_matches('/');
            &p.path[..trimmed.rfind('/').map_or(0, |j| j + 1)]
        };
        let g = guides
            .iter()
            .enumerate()
            .filter(|(_, g)| page_dir.starts_with(g.dir.as_str()))
            .max_by_key(|(_, g)| g.dir.len())
            .map_or(0, |(gi, _)| gi);
        p.guide = g;
        if p.is_index {
            guides[g].index = Some(id);
        } else {
            guides[g].pages.push(id);
        }
    }
    for g in &mut guides {
        g.pages.sort_by(|&a, &b| {
            let (a, b) = (&pages[a], &pages[b]);
            (a.meta.weight, &a.meta.title, &a.path).cmp(&(b.meta.weight, &b.meta.title, &b.path))
        });
        if let Some(&past) = g.pages.get(MAX_GUIDE_PAGES) {
            let guide = if g.dir.is_empty() {
                "content/".to_string()
            } else {
                format!("`{}`", g.dir)
            };
            diags.push(
                Diagnostic::file(
                    &pages[past].source,
                    format!(
                        "the guide {guide} has {} pages, more than the {} a guide may have; this is its page {}",
                        thousands(g.pages.len() as i128),
                        thousands(MAX_GUIDE_PAGES as i128),
                        thousands(MAX_GUIDE_PAGES as i128 + 1),
                    ),
                )
                .with_hint(
                    "split it into guides (a folder with an `_index.md` is a guide of its own): every page lists every page of its guide, so a guide's output grows with the square of its pages",
                ),
            );
        }
        let mut steps: BTreeMap<u32, PageId> = BTreeMap::new();
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
