//! The sinks of serve's renders: each file's links indexed and its bytes
//! hashed on its way, so a rebuild knows which files changed without
//! keeping them.

use super::served::Hashes;
use crate::check::{self, LinkIndex};
use crate::error::Result;
use crate::hash::ContentHash;
use crate::render::Sink;
use crate::sync::lock;
use axum::body::Bytes;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// A [`Sink`] that indexes each file's links and hashes it on its way,
/// counting the files whose hash changed.
pub(super) struct Indexing {
    pub(super) state: Mutex<(LinkIndex, Hashes, usize)>,
}

impl Default for Indexing {
    fn default() -> Self {
        // Kept and updated a file at a time: with who links to whom.
        Indexing::updating(LinkIndex::with_reverse(), Hashes::default())
    }
}

impl Indexing {
    /// Updating `links` and `hashes`.
    pub(super) fn updating(links: LinkIndex, hashes: Hashes) -> Self {
        Indexing {
            state: Mutex::new((links, hashes, 0)),
        }
    }

    pub(super) fn into_parts(self) -> (LinkIndex, Hashes, usize) {
        self.state.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Indexing {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<()> {
        let info = check::info_of(&path, &bytes);
        let hash = ContentHash::of(&bytes);
        let mut state = lock(&self.state);
        state.0.insert(path.clone(), info);
        // Written only when it changed: writing copies what the generation
        // before shares.
        if state.1.get(&path) != Some(&hash) {
            state.1.insert(path, hash);
            state.2 += 1;
        }
        Ok(())
    }
}

/// A [`Sink`] for an update: each file whose hash changed is indexed as it
/// comes, into the next generation's link index.
pub(super) struct Updating<'a> {
    /// Static files, which the build writes over rendered ones.
    pub(super) assets: &'a BTreeMap<String, Bytes>,
    /// The hashes of the files before.
    pub(super) hashes: &'a Hashes,
    pub(super) state: Mutex<UpdatingState<'a>>,
}

pub(super) struct UpdatingState<'a> {
    pub(super) links: &'a mut LinkIndex,
    /// The files that changed, with their new hashes.
    pub(super) changed: Vec<(String, ContentHash)>,
    /// Every file rendered (tests check it covers every file that changed).
    #[cfg(test)]
    pub(super) rendered: Vec<String>,
}

impl Sink for Updating<'_> {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<()> {
        let h = ContentHash::of(&bytes);
        let same = self.assets.contains_key(&path) || self.hashes.get(&path) == Some(&h);
        let info = (!same).then(|| check::info_of(&path, &bytes));
        let mut state = lock(&self.state);
        #[cfg(test)]
        state.rendered.push(path.clone());
        if let Some(info) = info {
            state.links.insert(path.clone(), info);
            state.changed.push((path, h));
        }
        Ok(())
    }
}
