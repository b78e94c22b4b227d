//! What a save means for the site: the watcher's events sorted into
//! [`Changes`] (what kind of rebuild they call for), and the messages the
//! rebuild thread takes.

use crate::load::is_editor_file;
use std::collections::BTreeSet;
use std::path::{Component, Path};

/// What the rebuild thread is told.
#[derive(Debug)]
pub(crate) enum Msg {
    /// Files changed.
    Changes(Changes),
    /// The watcher failed on something.
    WatchErrors(Vec<String>),
    /// Finish and stop watching.
    Stop,
}

/// What changed since the last rebuild, as far as rebuilding is concerned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Changes {
    /// `site.yaml`, a template, or a watched folder itself: render everything.
    pub(crate) full: bool,
    /// Something under `content/`.
    pub(crate) content: bool,
    /// A static file: `static/` or a theme's `static/`.
    pub(crate) assets: bool,
    /// A watched folder appeared, disappeared or moved: renew the watches.
    pub(crate) rewatch: bool,
    /// The changed paths, relative to the site root: the content files to
    /// load again, and what messages name.
    pub(crate) paths: BTreeSet<String>,
    /// Files under `content/` were created, removed or renamed. The
    /// debouncer folds a rename and a save over its new path that comes
    /// right after it into events that name only the new path, so the
    /// rebuild also looks for known content files that are gone.
    pub(crate) moved: bool,
}

impl Changes {
    /// Everything: for the first build.
    pub(crate) fn everything() -> Self {
        Changes {
            full: true,
            content: true,
            assets: true,
            ..Changes::default()
        }
    }

    /// Whether nothing relevant changed.
    pub(crate) fn is_empty(&self) -> bool {
        !(self.full || self.content || self.assets || self.rewatch)
    }

    /// Adds `other`'s changes to these.
    pub(crate) fn merge(&mut self, other: Changes) {
        self.full |= other.full;
        self.content |= other.content;
        self.assets |= other.assets;
        self.rewatch |= other.rewatch;
        self.moved |= other.moved;
        self.paths.extend(other.paths);
    }

    /// Records a change to `path` (relative to the site root), if it matters.
    pub(crate) fn add(&mut self, rel: &Path) {
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
    pub(crate) fn describe(&self) -> String {
        // A name may hold control characters (refused once loaded): shown
        // as escapes, they cannot garble the terminal.
        let shown: Vec<std::borrow::Cow<str>> = self
            .paths
            .iter()
            .take(3)
            .map(|p| crate::shown::text(p))
            .collect();
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
pub(crate) enum Kind {
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
pub(crate) fn classify(rel: &Path) -> Option<Kind> {
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
    let last = parts[parts.len() - 1];
    match *first {
        // A file beside the pages, not Markdown: the files published from
        // content/ are listed, and the images pages show are measured, as
        // the whole site loads.
        "content" if last.contains('.') && !last.ends_with(".md") => Some(Kind::Full),
        "content" => Some(Kind::Content),
        "static" => Some(Kind::Asset),
        // themes/<name>/static/... is copied; anything else is a template.
        "themes" if rest.len() >= 3 && rest[1] == "static" => Some(Kind::Asset),
        "themes" => Some(Kind::Full),
        _ => None,
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
        assert_eq!(kind("content/step-2/diagram.png"), Some(Kind::Full));
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
