//! Watching the site's sources: `content/`, `themes/` and `static/`
//! recursively, and `site.yaml`, through notify with notify-debouncer-full.
//!
//! Events that can mean a file changed are passed on as [`Changes`] (which
//! filter editor files, hidden files and `output/`), with their paths: the
//! rebuild loads those files again, and only those. Which file changed
//! *how* (written in place, replaced by a rename, deleted) does not matter:
//! the rebuild compares what is on disk there with what it last built. One
//! thing is kept: whether files came, went or were renamed
//! ([`Changes::moved`]), because the debouncer can drop a renamed file's old
//! path.

use super::changes::{Changes, Msg};
use crate::error::{Diagnostic, Result};
use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long the debouncer waits after an event on a path before passing it
/// on. Editors' save sequences (write a temporary file, rename it over the
/// page) take well under this.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(10);

/// How often the debouncer looks for events that are due.
pub(crate) const TICK: Duration = Duration::from_millis(3);

/// The folders watched recursively.
pub(crate) const FOLDERS: [&str; 3] = ["content", "themes", "static"];

/// Whether an event of `kind` can mean a file changed: not opening or
/// reading one (which the rebuild itself does), nor access times.
fn changes_files(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(a) => *a == AccessKind::Close(AccessMode::Write),
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// Whether an event of `kind` can mean a file appeared, went or was renamed.
fn moves_files(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
    )
}

/// The file watcher: a debounced notify watcher that sends [`Changes`] to
/// the rebuild thread.
pub(crate) struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
}

impl Watcher {
    /// Starts watching the site at `root`; changes go to `tx`.
    pub(crate) fn start(root: &Path, tx: Sender<Msg>) -> Result<Self> {
        let abs = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        // Some backends report symlink-free paths (macOS: /private/tmp for /tmp).
        let prefixes: Vec<PathBuf> = [Some(abs.clone()), abs.canonicalize().ok()]
            .into_iter()
            .flatten()
            .collect();
        let handler = move |result: DebounceEventResult| {
            let msg = match result {
                Ok(events) => {
                    let mut changes = Changes::default();
                    // Events were lost (the kernel's queue overflowed):
                    // which files changed is unknown.
                    if events.iter().any(|e| e.need_rescan()) {
                        changes.full = true;
                        changes.content = true;
                    }
                    for event in events.iter().filter(|e| changes_files(&e.kind)) {
                        let moves = moves_files(&event.kind);
                        for path in &event.paths {
                            if let Some(rel) =
                                prefixes.iter().find_map(|p| path.strip_prefix(p).ok())
                            {
                                changes.moved |= moves && rel.starts_with("content");
                                changes.add(rel);
                            }
                        }
                    }
                    if changes.is_empty() {
                        return;
                    }
                    Msg::Changes(changes)
                }
                Err(errors) => Msg::WatchErrors(errors.iter().map(|e| e.to_string()).collect()),
            };
            let _ = tx.send(msg);
        };
        let debouncer = new_debouncer(DEBOUNCE, Some(TICK), handler).map_err(|e| {
            Diagnostic::file(".", format!("cannot watch the site for changes: {e}"))
        })?;
        let mut watcher = Watcher {
            debouncer,
            root: abs,
        };
        // The root itself, not recursively: site.yaml, and the watched folders
        // appearing or disappearing.
        let root = watcher.root.clone();
        watcher
            .debouncer
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| Diagnostic::file(".", format!("cannot watch {}: {e}", root.display())))?;
        watcher.rewatch();
        Ok(watcher)
    }

    /// (Re)watches each of [`FOLDERS`] that exists: after one was created,
    /// deleted or replaced.
    pub(crate) fn rewatch(&mut self) {
        for folder in FOLDERS {
            let dir = self.root.join(folder);
            let _ = self.debouncer.unwatch(&dir);
            if dir.is_dir() {
                if let Err(e) = self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                    eprintln!("warning: cannot watch {folder}/: {e}");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_is_not_changing() {
        assert!(!changes_files(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!changes_files(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(changes_files(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(changes_files(&EventKind::Modify(ModifyKind::Any)));
        assert!(changes_files(&EventKind::Remove(
            notify::event::RemoveKind::File
        )));
    }
}
