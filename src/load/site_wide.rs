//! The steps that need every page, for a whole load and an update alike.

use super::glossary::Glossary;
use super::site::Site;
use super::sources::Sources;
use super::walk::walk_order;
use super::yaml_events::Step;
use super::{due, folders, guides, link_targets, validate};
use crate::error::Diagnostic;
use std::sync::Arc;

/// The steps that need every page, for [`load_all`](super::load_all) and
/// [`update`](super::update) alike:
/// folder names checked, pages grouped into guides and ordered, paths and
/// checklist ids unique, the glossary and the sources built, pages indexed
/// by path, checklist `see:` targets and the links of sources' notes
/// resolved, `due:` dates read with the site's milestones. Problems are
/// added to `problems`.
pub(super) fn site_wide(site: &mut Site, problems: &mut Vec<Diagnostic>) {
    // The folders of the files beside the pages make URLs too.
    let mut rels: Vec<&str> = site.pages.iter().map(|p| p.rel.as_str()).collect();
    rels.extend(site.unloaded.iter().map(String::as_str));
    rels.extend(site.content_files.keys().map(String::as_str));
    rels.sort_unstable_by(|a, b| walk_order(a, b));
    let (mut folder_problems, clashing) = folders::check(rels.into_iter());
    problems.append(&mut folder_problems);
    site.guides = guides::assemble(&mut site.pages, &site.unloaded, problems);
    let search = site.config.search;
    validate::check_unique(&site.pages, &site.guides, &clashing, search, problems);
    site.glossary = Glossary::of(&site.pages).unwrap_or_else(|mut d| {
        problems.append(&mut d);
        None
    });
    let (sources, mut source_problems) = Sources::of(&site.pages);
    site.sources = sources;
    problems.append(&mut source_problems);
    site.by_rel = Arc::new(site.pages.iter().map(|p| (p.rel.clone(), p.id)).collect());
    problems.append(&mut link_targets::resolve_see(site));
    problems.append(&mut link_targets::resolve_notes(site));
    problems.append(&mut resolve_due(site));
}

/// Reads every checklist item's `due:` with the site's milestones. Returns
/// the problems, each at its value in the front matter.
fn resolve_due(site: &mut Site) -> Vec<Diagnostic> {
    let milestones = site.config.milestones();
    let mut diags = Vec::new();
    let ids: Vec<_> = site.pages.ids().collect();
    for id in ids {
        let page = &site.pages[id];
        let mut found = Vec::new();
        for (g, group) in page.meta.checklist.iter().enumerate() {
            for (i, item) in group.items.iter().enumerate() {
                let Some(value) = item.due.as_deref() else {
                    found.push(None);
                    continue;
                };
                match due::read(value, &milestones) {
                    Ok(due) => found.push(Some(due)),
                    Err((message, hint)) => {
                        let path = [
                            Step::Key("checklist"),
                            Step::Index(g),
                            Step::Key("items"),
                            Step::Index(i),
                            Step::Key("due"),
                        ];
                        let message = format!("checklist item \"{}\": {message}", item.id);
                        diags.push(page.diag_at_path(&path, message).with_hint(hint));
                        found.push(None);
                    }
                }
            }
        }
        // Written only when it changes: a page written to is copied when
        // `serve`'s last generation shares it.
        let items = page.meta.checklist.iter().flat_map(|g| &g.items);
        if items.map(|item| &item.due_at).ne(found.iter()) {
            let page = &mut site.pages[id];
            let items = page.meta.checklist.iter_mut().flat_map(|g| &mut g.items);
            for (item, due) in items.zip(found) {
                item.due_at = due;
            }
        }
    }
    diags
}
