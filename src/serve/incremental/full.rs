//! Full rebuilds: every file rendered again, from a new theme or from the
//! pages in memory, and its links checked, into a new generation (the one
//! served stays as it is; a failed rebuild drops the new one).

use super::indexing::Indexing;
use super::parts::RenderParts;
use super::served::{text, ServedSite};
use crate::check;
use crate::error::{Error, Result};
use crate::load::{theme, Site, Theme};
use crate::render;
use axum::body::Bytes;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Renders every file of `next` (a clone of the generation served) again
/// with `theme` (templates changed) and checks every link. Returns how many
/// files changed.
pub(super) fn retheme(next: &mut ServedSite, theme: Theme) -> Result<usize> {
    next.theme = Arc::new(theme);
    rerender(next)
}

/// Renders every file of `good` again with its theme, updating its link
/// index and hashes in place, and checks every link. Returns how many files
/// changed.
pub(super) fn rerender(good: &mut ServedSite) -> Result<usize> {
    let sink = Indexing::updating(
        std::mem::take(&mut good.links),
        std::mem::take(&mut good.hashes),
    );
    let rendered = good.parts.retheme(&good.site, &good.theme, &sink);
    let (links, hashes, mut changed) = sink.into_parts();
    good.links = links;
    good.hashes = hashes;
    rendered?;
    let assets = static_files(&good.site, &good.theme)?;
    for path in good.assets.keys() {
        if !assets.contains_key(path) {
            changed += 1;
            good.links.remove(path);
        }
    }
    for (path, bytes) in &assets {
        if good.assets.get(path) != Some(bytes) {
            changed += 1;
        }
        // Static files last, as the build writes them.
        good.links.insert(path.clone(), check::info_of(path, bytes));
        good.hashes.remove(path);
    }
    good.assets = assets;
    good.links.compact();
    let broken = good.check_links(None, &|path| text(good.get(path)))?;
    if !broken.is_empty() {
        return Err(Error::Input(broken));
    }
    Ok(changed)
}

/// The files copied as they are (`theme`'s assets, `static/`, and the files
/// beside `site`'s pages), by output path, as served.
pub(super) fn static_files(site: &Site, theme: &Theme) -> Result<BTreeMap<String, Bytes>> {
    Ok(render::static_files(site, theme)?
        .into_iter()
        .map(|(p, b)| (p, Bytes::from(b)))
        .collect())
}

/// The theme of `site`, its templates compiled once to find their errors
/// before anything is rendered.
pub(super) fn read_theme(root: &Path, site: &Site) -> Result<Theme> {
    let theme = theme::load(root, &site.config.theme)?;
    render::check_templates(site, &theme)?;
    Ok(theme)
}

/// Renders every file of `site` and checks its links, as `stepwise build`
/// does: a new generation.
pub(super) fn render_whole(site: Site, theme: Theme) -> Result<ServedSite> {
    let sink = Indexing::default();
    let parts = RenderParts::render(&site, &theme, &sink)?;
    let (mut links, mut hashes, _) = sink.into_parts();
    let assets = static_files(&site, &theme)?;
    // Static files last: where a rendered file has the same path, the
    // build writes the static one over it.
    for (path, bytes) in &assets {
        links.insert(path.clone(), check::info_of(path, bytes));
        hashes.remove(path);
    }
    links.compact();
    let good = ServedSite {
        site,
        theme: Arc::new(theme),
        parts,
        assets,
        links,
        hashes,
    };
    let broken = good.check_links(None, &|path| text(good.get(path)))?;
    if !broken.is_empty() {
        return Err(Error::Input(broken));
    }
    Ok(good)
}
