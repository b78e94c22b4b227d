//! Finding a site's files: the content files under `content/`, and the
//! files of `static/` and of a theme's folders. Hidden files and folders
//! are left out.
//!
//! Symbolic links are followed while they stay inside the site's root
//! folder, so a site can share a folder between guides or themes. A link
//! that leads out of the site (`static/etc -> /etc` would publish the
//! machine's files), a link loop and a broken link are errors that name the
//! link; nothing behind such a link is read.
//!
//! Names that cannot be shown or published faithfully are errors that name
//! the file (or folder, once for all it holds), which is then left out
//! ([`Names`]): a control character (it would garble the terminal that
//! shows the name, and reach URLs), bytes that are not UTF-8 (two such
//! names can become the same URL) and a backslash (read as a folder
//! separator, so `static/back\slash.txt` would shadow
//! `static/back/slash.txt`); in the folders copied into the site, also `:`.

use crate::error::Diagnostic;
use std::cmp::Ordering;
use std::ffi::OsStr;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// Which names a walk accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Names {
    /// Files read by stepwise (content, templates): UTF-8, no control
    /// character, no backslash.
    Read,
    /// Files copied into the site as they are (`static/`, a theme's
    /// `static/`): also no `:`, which Windows cannot hold in a name and a
    /// link reads as the start of an address (`a:b.txt`).
    Published,
}

/// What [`walk`] finds under `content/`, each file as (path relative to
/// `content/`, path), sorted.
pub(crate) struct ContentWalk {
    /// The `.md` files: the pages.
    pub(crate) pages: Vec<(String, PathBuf)>,
    /// Every other file, published beside the pages (editors' temporary
    /// files left out).
    pub(crate) files: Vec<(String, PathBuf)>,
    /// The problems found on the way.
    pub(crate) problems: Vec<Diagnostic>,
}

/// Every file under `dir` (the site's `content/` folder): the pages and the
/// files beside them, in one walk. Pages are read, so their names are
/// held to [`Names::Read`]; the files beside them are published as they
/// are, so theirs (and their folders') to [`Names::Published`].
pub(crate) fn walk(root: &Path, dir: &Path) -> ContentWalk {
    let (all, mut problems) = files(root, dir, Names::Read, |rel| {
        !is_editor_file(rel.rsplit('/').next().unwrap_or(rel))
    });
    let (pages, beside): (Vec<_>, Vec<_>) =
        all.into_iter().partition(|(rel, _)| rel.ends_with(".md"));
    let mut refused = std::collections::BTreeSet::new();
    let files = beside
        .into_iter()
        .filter(|(rel, _)| {
            let Some((at, why)) = published_refusal(rel) else {
                return true;
            };
            let folder = at < rel.len();
            if refused.insert(rel[..at].to_string()) {
                let mut d = refused_name(root, &dir.join(&rel[..at]), folder, &why);
                if folder {
                    // Its pages are still read: only the files are left out.
                    d = d.with_hint(
                        "rename the folder: stepwise leaves out the files in it that are not \
                         pages until then",
                    );
                }
                problems.push(d);
            }
            false
        })
        .collect();
    ContentWalk {
        pages,
        files,
        problems,
    }
}

/// Where the path `rel` (relative to `content/`, already accepted for
/// reading) first has a name [`Names::Published`] refuses: the length of
/// `rel` up to the end of that name, and why.
fn published_refusal(rel: &str) -> Option<(usize, String)> {
    let mut end = 0;
    for part in rel.split('/') {
        end += part.len();
        if let Some(why) = bad_name(OsStr::new(part), Names::Published) {
            return Some((end, why));
        }
        end += 1;
    }
    None
}

/// Every `.md` file under `start`, a folder inside the site's content
/// folder `dir`, found as [`walk`] finds them, with paths relative to `dir`:
/// for loading one folder again.
pub(crate) fn walk_under(
    root: &Path,
    dir: &Path,
    start: &Path,
) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let prefix = start
        .strip_prefix(dir)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let (found, diags) = files(root, start, Names::Read, |rel| rel.ends_with(".md"));
    let found = found
        .into_iter()
        .map(|(rel, path)| match prefix.as_str() {
            "" => (rel, path),
            p => (format!("{p}/{rel}"), path),
        })
        .filter(|(rel, _)| is_content_file(rel))
        .collect();
    (found, diags)
}

/// Whether the file at `rel` (relative to `content/`) is a content file: a
/// `.md` file, neither it nor a folder above it hidden.
pub(crate) fn is_content_file(rel: &str) -> bool {
    rel.ends_with(".md") && !rel.split('/').any(|c| c.starts_with('.'))
}

/// The order [`walk`] finds files in (each folder's entries sorted by name,
/// a folder's files where the folder's name sorts): the order of
/// `Site::pages`.
pub(crate) fn walk_order(a: &str, b: &str) -> Ordering {
    a.split('/').cmp(b.split('/'))
}

/// Every file under `dir`, a folder of the site at `root`, whose path
/// relative to `dir` `keep` accepts, sorted, as (that path with `/`
/// separators, path), and the problems found on the way, among them the
/// names that `names` refuses. A `dir` that does not exist has no files.
pub(crate) fn files(
    root: &Path,
    dir: &Path,
    names: Names,
    keep: impl Fn(&str) -> bool,
) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    let root_real = match root.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            return (
                out,
                vec![Diagnostic::file(root, format!("cannot read: {e}"))],
            )
        }
    };
    if let Some(d) = leaves_the_site(root, &root_real, dir) {
        return (out, vec![d]);
    }
    if !dir.is_dir() {
        return (out, diags);
    }
    let hidden = |name: &std::ffi::OsStr| name.to_string_lossy().starts_with('.');
    let mut entries = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !hidden(e.file_name()));
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                // Editors leave hidden broken links behind (Emacs' `.#page.md`).
                if !e.path().and_then(Path::file_name).is_some_and(hidden) {
                    diags.push(unreadable(root, &e));
                }
                continue;
            }
        };
        if entry.path_is_symlink() {
            match entry.path().canonicalize() {
                Ok(real) if real.starts_with(&root_real) => {}
                Ok(real) => {
                    diags.push(outside(root, entry.path(), &real));
                    if entry.file_type().is_dir() {
                        entries.skip_current_dir();
                    }
                    continue;
                }
                Err(e) => {
                    diags.push(
                        Diagnostic::file(
                            shown(root, entry.path()),
                            format!("cannot follow this symlink: {e}"),
                        )
                        .with_hint("fix the link, or remove it"),
                    );
                    continue;
                }
            }
        }
        if entry.depth() > 0 {
            if let Some(why) = bad_name(entry.file_name(), names) {
                let folder = entry.file_type().is_dir();
                diags.push(refused_name(root, entry.path(), folder, &why));
                if folder {
                    entries.skip_current_dir();
                }
                continue;
            }
        }
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            // Every name below `dir` was checked: UTF-8, no backslash.
            let rel = rel
                .to_string_lossy()
                .replace(std::path::MAIN_SEPARATOR, "/");
            if keep(&rel) {
                out.push((rel, entry.path().to_path_buf()));
            }
        }
    }
    (out, diags)
}

/// Whether `name` is a swap, backup, lock or temporary file that editors and
/// tools write next to the file being saved.
pub(crate) fn is_editor_file(name: &str) -> bool {
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

/// Why `names` refuses the file name `name`, if it does: its first bad
/// character or byte.
pub(crate) fn bad_name(name: &OsStr, names: Names) -> Option<String> {
    let Some(name) = name.to_str() else {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let bytes = name.as_bytes();
            let at = std::str::from_utf8(bytes)
                .err()
                .map_or(0, |e| e.valid_up_to());
            return Some(format!(
                "is not valid UTF-8 (byte 0x{:02x}): two such names can become one web address",
                bytes.get(at).copied().unwrap_or_default()
            ));
        }
        #[cfg(not(unix))]
        return Some("is not valid Unicode".into());
    };
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Some(format!(
            "holds control character {}",
            super::control_chars::describe(c)
        ));
    }
    if name.contains('\\') {
        return Some(
            "holds a backslash, which web servers and Windows read as a folder separator".into(),
        );
    }
    if names == Names::Published && name.contains(':') {
        return Some(
            "holds `:`, which Windows cannot hold in a name and a link reads as the start of an address"
                .into(),
        );
    }
    None
}

/// The problem with a file (or `folder`) at `path` whose name is refused
/// because it `why`.
fn refused_name(root: &Path, path: &Path, folder: bool, why: &str) -> Diagnostic {
    let what = if folder { "folder" } else { "file" };
    Diagnostic::file(shown(root, path), format!("the name of this {what} {why}")).with_hint(
        format!(
            "rename the {what}: stepwise {}",
            if folder {
                "leaves it and everything in it out until then"
            } else {
                "leaves it out until then"
            }
        ),
    )
}

/// The problem with `dir`, a folder of the site at `root`, when it (or a
/// folder it is in) is a link that leads out of the site: it names that link.
pub(crate) fn outside_the_site(root: &Path, dir: &Path) -> Option<Diagnostic> {
    leaves_the_site(root, &root.canonicalize().ok()?, dir)
}

fn leaves_the_site(root: &Path, root_real: &Path, dir: &Path) -> Option<Diagnostic> {
    let real = dir.canonicalize().ok()?;
    if real.starts_with(root_real) {
        return None;
    }
    let rel = dir.strip_prefix(root).unwrap_or(dir);
    let mut link = root.to_path_buf();
    for part in rel.components() {
        link.push(part);
        let is_link = link.symlink_metadata().is_ok_and(|m| m.is_symlink());
        if let Some(to) = link.canonicalize().ok().filter(|_| is_link) {
            if !to.starts_with(root_real) {
                return Some(outside(root, &link, &to));
            }
        }
    }
    Some(outside(root, dir, &real))
}

/// A link at `link` that resolves to `real`, outside the site.
fn outside(root: &Path, link: &Path, real: &Path) -> Diagnostic {
    Diagnostic::file(
        shown(root, link),
        format!("this symlink leads out of the site, to {}", real.display()),
    )
    .with_hint(
        "only files inside the site's folder are read and published: copy what you need into \
         the site, or remove the link",
    )
}

/// What walking could not read, said plainly for links.
fn unreadable(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let Some(path) = e.path() else {
        return Diagnostic::file(shown(root, root), format!("cannot read: {e}"));
    };
    let file = shown(root, path);
    if e.loop_ancestor().is_some() {
        return Diagnostic::file(
            file,
            "symlink loop: this link points back to a folder that contains it",
        )
        .with_hint("remove the link or point it somewhere outside its own parents");
    }
    let is_link = path.symlink_metadata().is_ok_and(|m| m.is_symlink());
    if is_link
        && e.io_error()
            .is_some_and(|io| io.kind() == ErrorKind::NotFound)
    {
        let to = std::fs::read_link(path).unwrap_or_default();
        return Diagnostic::file(
            file,
            format!(
                "broken symlink: it points to {}, which does not exist",
                to.display()
            ),
        )
        .with_hint("fix the link's target, or remove the link");
    }
    if let (true, Some(io)) = (is_link, e.io_error()) {
        return Diagnostic::file(file, format!("cannot follow this symlink: {io}"))
            .with_hint("fix the link, or remove it");
    }
    Diagnostic::file(file, format!("cannot read: {e}"))
}

/// `path` as the user sees it: relative to the site's root when inside it.
fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_of_pages_is_the_order_the_walk_finds_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        for rel in [
            "b.md", "b/x.md", "b-c.md", "a.md", "b/a/z.md", "c.md", ".h/x.md", "n.txt", "b.md~",
            "#b.md#",
        ] {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, "x").expect("write");
        }
        let walked = walk(dir.path(), dir.path());
        assert!(walked.problems.is_empty(), "{:?}", walked.problems);
        let others: Vec<&str> = walked.files.iter().map(|(rel, _)| rel.as_str()).collect();
        assert_eq!(others, ["n.txt"], "published beside the pages");
        let found: Vec<&str> = walked.pages.iter().map(|(rel, _)| rel.as_str()).collect();
        assert_eq!(
            found,
            ["a.md", "b/a/z.md", "b/x.md", "b-c.md", "b.md", "c.md"]
        );
        let mut sorted = found.clone();
        sorted.sort_by(|a, b| walk_order(a, b));
        assert_eq!(sorted, found);
        let (under, _) = walk_under(dir.path(), dir.path(), &dir.path().join("b"));
        let under: Vec<&str> = under.iter().map(|(rel, _)| rel.as_str()).collect();
        assert_eq!(under, ["b/a/z.md", "b/x.md"]);
    }
}
