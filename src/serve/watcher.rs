//! Watching the site's sources: `content/`, `themes/` and `static/`
//! recursively, and `site.yaml`, through notify with notify-debouncer-full.
//!
//! Events are filtered here (editor swap, backup and temporary files,
//! hidden files, `output/` and anything else outside the sources) and sorted
//! into [`Changes`]: what kind of rebuild they call for. Which file changed
//! *how* (written in place, replaced by a rename, deleted) does not matter:
//! the rebuild compares what is on disk with what it last built.

use super::rebuild::Msg;
use crate::error::{Diagnostic, Result};
use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long the debouncer waits after an event on a path before passing it
/// on. Editors' save sequences (write a temporary file, rename it over the
/// page) take well under this.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

/// How often the debouncer looks for events that are due.
pub const TICK: Duration = Duration::from_millis(3);

/// The folders watched recursively.
pub const FOLDERS: [&str; 3] = ["content", "themes", "static"];

/// What changed since the last rebuild, as far as rebuilding is concerned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// `site.yaml`, a template, or a watched folder itself: render everything.
    pub full: bool,
    /// Something under `content/`.
    pub content: bool,
    /// A static file: `static/` or a theme's `static/`.
    pub assets: bool,
    /// A watched folder appeared, disappeared or moved: renew the watches.
    pub rewatch: bool,
    /// The changed paths, relative to the site root, for messages.
    pub paths: BTreeSet<String>,
}

impl Changes {
    /// Everything: for the first build.
    pub fn everything() -> Self {
        Changes {
            full: true,
            content: true,
            assets: true,
            ..Changes::default()
        }
    }

    /// Whether nothing relevant changed.
    pub fn is_empty(&self) -> bool {
        !(self.full || self.content || self.assets || self.rewatch)
    }

    /// Adds `other`'s changes to these.
    pub fn merge(&mut self, other: Changes) {
        self.full |= other.full;
        self.content |= other.content;
        self.assets |= other.assets;
        self.rewatch |= other.rewatch;
        self.paths.extend(other.paths);
    }

    /// Records a change to `path` (relative to the site root), if it matters.
    pub fn add(&mut self, rel: &Path) {
        let Some(kind) = classify(rel) else {
            return;
        };
        match kind {
            Kind::Full => self.full = true,
            Kind::Folder => {
                self.full = true;
                self.rewatch = true;
            }
            Kind::Content => self.content = true,
            Kind::Asset => self.assets = true,
        }
        self.paths.insert(rel.to_string_lossy().replace('\\', "/"));
    }

    /// The changed paths, shortened for one line of terminal output.
    pub fn describe(&self) -> String {
        let shown: Vec<&str> = self.paths.iter().take(3).map(String::as_str).collect();
        let mut s = shown.join(", ");
        if self.paths.len() > shown.len() {
            s.push_str(&format!(" and {} more", self.paths.len() - shown.len()));
        }
        if s.is_empty() {
            s.push_str("the site");
        }
        s
    }
}

/// What a changed path calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Render everything again (`site.yaml`, templates).
    Full,
    /// A watched folder itself: render everything and renew the watches.
    Folder,
    /// A content file (or folder) under `content/`.
    Content,
    /// A file copied as it is.
    Asset,
}

/// What a change to `rel` (relative to the site root) calls for; `None` for
/// paths the site does not use (output, editor files, hidden files).
pub fn classify(rel: &Path) -> Option<Kind> {
    let parts: Vec<&str> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    let (first, rest) = parts.split_first()?;
    if rest.is_empty() {
        return match *first {
            "site.yaml" => Some(Kind::Full),
            "content" | "themes" | "static" => Some(Kind::Folder),
            _ => None,
        };
    }
    // The site ignores hidden files and folders; editors' files are not the site's.
    if rest.iter().any(|p| p.starts_with('.')) || is_editor_file(parts[parts.len() - 1]) {
        return None;
    }
    match *first {
        "content" => Some(Kind::Content),
        "static" => Some(Kind::Asset),
        // themes/<name>/static/... is copied; anything else is a template.
        "themes" if rest.len() >= 3 && rest[1] == "static" => Some(Kind::Asset),
        "themes" => Some(Kind::Full),
        _ => None,
    }
}

/// Whether `name` is a swap, backup, lock or temporary file that editors and
/// tools write next to the file being saved.
pub fn is_editor_file(name: &str) -> bool {
    /// Endings of swap, backup and temporary files (vim, kate, Chrome, ...).
    const ENDINGS: [&str; 12] = [
        "~",
        ".swp",
        ".swo",
        ".swn",
        ".swx",
        ".tmp",
        ".temp",
        ".bak",
        ".kate-swp",
        ".crswap",
        "___jb_tmp___",
        "___jb_old___",
    ];
    let lower = name.to_ascii_lowercase();
    ENDINGS.iter().any(|e| lower.ends_with(e))
        // emacs: lock files and autosaves
        || name.starts_with(".#")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        // vim checks that it may write in the folder with this file
        || name == "4913"
        || is_sed_temp(name)
}

/// `sed -i` writes `sedXXXXXX` and renames it over the file.
fn is_sed_temp(name: &str) -> bool {
    name.len() == 9
        && name.starts_with("sed")
        && name[3..].chars().all(|c| c.is_ascii_alphanumeric())
}

/// Whether an event of `kind` can mean a file changed: not opening or
/// reading one (which the rebuild itself does), nor access times.
fn changes_files(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(a) => *a == AccessKind::Close(AccessMode::Write),
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// The file watcher: a debounced notify watcher that sends [`Changes`] to
/// the rebuild thread.
pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
}

impl Watcher {
    /// Starts watching the site at `root`; changes go to `tx`.
    pub fn start(root: &Path, tx: Sender<Msg>) -> Result<Self> {
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
                    for event in events.iter().filter(|e| changes_files(&e.kind)) {
                        for path in &event.paths {
                            if let Some(rel) =
                                prefixes.iter().find_map(|p| path.strip_prefix(p).ok())
                            {
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
    pub fn rewatch(&mut self) {
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

    fn kind(p: &str) -> Option<Kind> {
        classify(Path::new(p))
    }

    #[test]
    fn sorts_paths_by_what_they_need() {
        assert_eq!(kind("site.yaml"), Some(Kind::Full));
        assert_eq!(kind("content"), Some(Kind::Folder));
        assert_eq!(kind("content/step-1.md"), Some(Kind::Content));
        assert_eq!(kind("content/guide/_index.md"), Some(Kind::Content));
        assert_eq!(kind("content/old-folder"), Some(Kind::Content));
        assert_eq!(kind("static/style.css"), Some(Kind::Asset));
        assert_eq!(kind("themes/x/static/style.css"), Some(Kind::Asset));
        assert_eq!(kind("themes/x/templates/page.html"), Some(Kind::Full));
        assert_eq!(kind("themes/x"), Some(Kind::Full));
    }

    #[test]
    fn ignores_output_and_editor_files() {
        for p in [
            "output/index.html",
            "output",
            ".output.stepwise-tmp-12",
            "target/debug/x",
            "README.md",
            "content/.step-1.md.swp",
            "content/step-1.md~",
            "content/.#step-1.md",
            "content/#step-1.md#",
            "content/4913",
            "content/sedAb12Cd",
            "content/step-1.md.tmp",
            "content/.hidden/x.md",
            "static/.DS_Store",
            "content/step-1.md___jb_tmp___",
        ] {
            assert_eq!(kind(p), None, "{p}");
        }
    }

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

    #[test]
    fn merges_changes() {
        let mut a = Changes::default();
        a.add(Path::new("content/a.md"));
        let mut b = Changes::default();
        b.add(Path::new("static/x.css"));
        b.add(Path::new("content/a.md~"));
        a.merge(b);
        assert!(a.content && a.assets && !a.full);
        assert_eq!(a.paths.len(), 2);
        assert_eq!(a.describe(), "content/a.md, static/x.css");
    }
}
