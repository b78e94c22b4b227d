//! What a generation folder holds, from one walk of it: `stat` of every
//! file (to check each against the manifest; not for the output folder,
//! whose files only need naming), its folders, and anything a build never
//! writes (links, sockets, names that are not UTF-8), which the build
//! removes before writing anything. For an output folder that has lost its
//! manifest, [`read_back`] reads what the manifest would have said.

use super::manifest::{self, Entry, Stamp};
use super::path::MARKER;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};

/// A walk of a generation folder.
#[derive(Debug, Default)]
pub(crate) struct Tree {
    /// Regular files, by `/`-separated path (the marker left out).
    pub(crate) files: HashMap<String, Stamp>,
    /// Folders, by `/`-separated path.
    pub(crate) dirs: HashSet<String>,
    /// Whatever else is there, by path inside the folder: symbolic links,
    /// special files, names that are not UTF-8 (and what is in such a
    /// folder). Never part of a site.
    pub(crate) others: Vec<PathBuf>,
    /// The marker file at the root, if there is one.
    pub(crate) marker: Option<Stamp>,
}

/// Walks the folder `root` (links are not followed); a missing folder is
/// an empty one.
pub(crate) fn walk(root: &Path) -> io::Result<Tree> {
    walk_with(root, true)
}

/// What the folder `root` holds, by name and kind only: every stamp is
/// left empty, so that no file is `stat`ed (one system call per folder
/// rather than one per file).
pub(crate) fn names(root: &Path) -> io::Result<Tree> {
    walk_with(root, false)
}

fn walk_with(root: &Path, stat: bool) -> io::Result<Tree> {
    let mut tree = Tree::default();
    if std::fs::symlink_metadata(root).is_err() {
        return Ok(tree);
    }
    for entry in walkdir::WalkDir::new(root).min_depth(1) {
        let entry = entry.map_err(io::Error::from)?;
        let kind = entry.file_type();
        let rel = entry
            .path()
            .strip_prefix(root)
            .ok()
            .and_then(|r| r.iter().map(|c| c.to_str()).collect::<Option<Vec<_>>>())
            .map(|parts| parts.join("/"));
        match rel {
            Some(rel) if kind.is_dir() => {
                tree.dirs.insert(rel);
            }
            Some(rel) if kind.is_file() => {
                let stamp = match stat {
                    true => Stamp::of(&entry.metadata().map_err(io::Error::from)?),
                    false => Stamp::default(),
                };
                if rel == MARKER {
                    tree.marker = Some(stamp);
                } else {
                    tree.files.insert(rel, stamp);
                }
            }
            _ => {
                let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                tree.others.push(rel.to_path_buf());
            }
        }
    }
    Ok(tree)
}

/// What the manifest of the output folder `root` would say, read from the
/// files themselves: each file's hash, and its modification time as the
/// time its bytes last changed. For an output folder whose manifest is
/// gone while the folder stayed (restored from a CI cache, which gives it a
/// new identity, copied, or its sidecar deleted), so that files whose bytes
/// do not change keep their times. A file that cannot be read is left out
/// (it is then written again, with the build's time).
pub fn read_back(root: &Path) -> HashMap<String, Entry> {
    let Ok(tree) = walk(root) else {
        return HashMap::new();
    };
    tree.files
        .into_par_iter()
        .filter_map(|(rel, stamp)| {
            let bytes = std::fs::read(root.join(&rel)).ok()?;
            let entry = Entry {
                hash: manifest::hash(&bytes),
                changed: stamp.mtime,
                stamp,
                source: None,
            };
            Some((rel, entry))
        })
        .collect()
}
