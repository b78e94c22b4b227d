//! Full rebuilds: every file rendered again, from a new theme or from the
//! pages in memory, its links checked, and the last good site put back if
//! that fails.

use super::indexing::Indexing;
use super::parts::RenderParts;
use super::served::{text, ServedSite};
use crate::check;
use crate::error::{Error, Result};
use crate::hash::ContentHash;
use crate::load::config::Config;
use crate::load::{theme, Site, Theme};
use crate::render;
use axum::body::Bytes;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Renders every file of `good` again with `theme` (templates changed) and
/// checks every link; on error, renders them again with the theme before,
/// which made the last good site. Returns how many files changed.
pub(super) fn retheme(good: &mut ServedSite, theme: Theme) -> Result<usize> {
    let old_theme = std::mem::replace(&mut good.theme, theme);
    let old_assets = good.assets.clone();
    match rerender(good) {
        Ok(changed) => Ok(changed),
        Err(e) => {
            good.theme = old_theme;
            good.assets = old_assets;
            if let Err(again) = rerender(good) {
                eprintln!("error: the last good site cannot be rendered again: {again}");
            }
            Err(e)
        }
    }
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

/// What makes the last good site again while a full rebuild renders a new
/// one, and its files' hashes and static files, to count what changed.
pub(super) enum Restore {
    /// Only settings or templates changed: the settings before (if they
    /// changed) and the theme.
    Settings(
        Option<Box<Config>>,
        Theme,
        HashMap<String, ContentHash>,
        BTreeMap<String, Bytes>,
    ),
    /// The site was loaded again: the site and theme before.
    Site(
        Box<Site>,
        Theme,
        HashMap<String, ContentHash>,
        BTreeMap<String, Bytes>,
    ),
}

impl Restore {
    pub(super) fn files(&self) -> (&HashMap<String, ContentHash>, &BTreeMap<String, Bytes>) {
        match self {
            Restore::Settings(_, _, h, a) | Restore::Site(_, _, h, a) => (h, a),
        }
    }
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
/// does; on error, gives the site back.
pub(super) fn render_whole(
    site: Site,
    theme: Theme,
) -> std::result::Result<ServedSite, (Error, Box<Site>)> {
    let sink = Indexing::default();
    let parts = match RenderParts::render(&site, &theme, &sink) {
        Ok(k) => k,
        Err(e) => return Err((e, Box::new(site))),
    };
    let (mut links, mut hashes, _) = sink.into_parts();
    let assets = match static_files(&site, &theme) {
        Ok(files) => files,
        Err(e) => return Err((e, Box::new(site))),
    };
    // Static files last: where a rendered file has the same path, the
    // build writes the static one over it.
    for (path, bytes) in &assets {
        links.insert(path.clone(), check::info_of(path, bytes));
        hashes.remove(path);
    }
    links.compact();
    let good = ServedSite {
        site,
        theme,
        parts,
        assets,
        links,
        hashes,
    };
    let broken = match good.check_links(None, &|path| text(good.get(path))) {
        Ok(broken) if broken.is_empty() => return Ok(good),
        Ok(broken) => Error::Input(broken),
        Err(e) => e,
    };
    Err((broken, Box::new(good.site)))
}
