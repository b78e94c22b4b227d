//! What a build would delete from the output folder, and whether it may.
//!
//! The swap replaces the whole output folder, so everything in it that the
//! new site does not write goes. That is right for the files stepwise wrote
//! there, which a manifest names; anything else (a file added by hand, a
//! copy of another site, a git repository) is someone's, and is deleted
//! only when the user says so (`--force-clean`), by name. Plain functions of
//! the folder's walk, so that they are tested without a build.

use super::shown::shown;
use super::tree::Tree;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// Something in the output folder that stepwise did not write: a file, a
/// link, or a folder holding only such things.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Foreign {
    /// How messages show it: escaped, a folder with a `/` at the end.
    pub(crate) shown: String,
    /// Its path inside the folder.
    pub(crate) path: PathBuf,
}

/// The things in the output folder (`tree`) that the build would delete
/// and that no manifest names (`named`): neither a file the site writes
/// (`produced`) nor a folder its files are in. A folder that holds only
/// such things is named once, as `folder/`.
pub(crate) fn foreign<'a>(
    tree: &Tree,
    named: &dyn Fn(&str) -> bool,
    named_paths: &mut dyn Iterator<Item = &'a str>,
    produced: &dyn Fn(&str) -> bool,
    produced_paths: &mut dyn Iterator<Item = &'a str>,
) -> Vec<Foreign> {
    // The folders stepwise's files are in, before and after this build.
    let mut kept_dirs: HashSet<&'a str> = HashSet::new();
    for p in named_paths.chain(produced_paths) {
        let mut at = p;
        while let Some((parent, _)) = at.rsplit_once('/') {
            if !kept_dirs.insert(parent) {
                break;
            }
            at = parent;
        }
    }
    let kept = |p: &str| produced(p) || named(p) || kept_dirs.contains(p);
    let mut out: BTreeMap<PathBuf, Foreign> = BTreeMap::new();
    let mut add = |rel: &Path, is_dir: bool| {
        // Named by the topmost folder above it that holds nothing kept.
        let mut at = PathBuf::new();
        let mut text = Some(String::new());
        let mut shown_text = String::new();
        let parts: Vec<_> = rel.components().collect();
        for (i, part) in parts.iter().enumerate() {
            at.push(part);
            let name = part.as_os_str();
            text = text.zip(name.to_str()).map(|(t, p)| join(&t, p));
            shown_text = join(&shown_text, &shown(name));
            let last = i + 1 == parts.len();
            let kept_dir = text.as_deref().is_some_and(|t| kept_dirs.contains(t));
            if last || !kept_dir {
                let mut shown = shown_text;
                if is_dir || !last {
                    shown.push('/');
                }
                // A folder met as a link or a name that is not UTF-8, then
                // as the folder of what is in it, is named once, as a folder.
                match out.get(&at) {
                    Some(f) if f.shown.ends_with('/') || !shown.ends_with('/') => {}
                    _ => {
                        out.insert(at.clone(), Foreign { shown, path: at });
                    }
                }
                return;
            }
        }
    };
    for p in tree.files.keys().filter(|p| !kept(p)) {
        add(Path::new(p), false);
    }
    for d in tree.dirs.iter().filter(|d| !kept(d)) {
        add(Path::new(d), true);
    }
    for other in &tree.others {
        if !rel_text(other).is_some_and(|o| kept(&o)) {
            add(other, false);
        }
    }
    out.into_values().collect()
}

/// `a/b`, or `b` when `a` is empty.
fn join(a: &str, b: &str) -> String {
    match a.is_empty() {
        true => b.to_string(),
        false => format!("{a}/{b}"),
    }
}

/// A path inside the folder as the walk names files: `/`-separated.
fn rel_text(p: &Path) -> Option<String> {
    p.components()
        .map(|c| c.as_os_str().to_str())
        .collect::<Option<Vec<_>>>()
        .map(|parts| parts.join("/"))
}

/// The first git repository (a `.git` folder or file, at any depth) in the
/// output folder (`tree`), as messages show it: stepwise never writes one,
/// and never deletes one, even when asked for a clean folder.
pub(crate) fn git_repository(tree: &Tree) -> Option<String> {
    let paths = tree
        .dirs
        .iter()
        .chain(tree.files.keys())
        .map(PathBuf::from)
        .chain(tree.others.iter().cloned());
    paths
        .filter_map(|p| {
            let mut at = String::new();
            for part in p.components() {
                at = join(&at, &shown(part.as_os_str()));
                if part.as_os_str() == ".git" {
                    return Some(at);
                }
            }
            None
        })
        .min()
}

/// What the build removes from the output folder (`tree`): every file and
/// link the site no longer has, sorted, as messages show them.
pub(crate) fn removed(tree: &Tree, produced: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut gone: Vec<String> = tree
        .files
        .keys()
        .filter(|p| !produced(p))
        .map(|p| shown(p.as_ref()))
        .collect();
    gone.extend(
        tree.others
            .iter()
            .filter(|o| !o.to_str().is_some_and(produced))
            .map(|o| shown(o.as_os_str())),
    );
    gone.sort();
    gone
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::manifest::Stamp;

    fn tree(files: &[&str], dirs: &[&str], others: &[&str]) -> Tree {
        Tree {
            files: files
                .iter()
                .map(|f| (f.to_string(), Stamp::default()))
                .collect(),
            dirs: dirs.iter().map(|d| d.to_string()).collect(),
            others: others.iter().map(PathBuf::from).collect(),
            marker: None,
        }
    }

    fn names(t: &Tree, named: &[&str], produced: &[&str]) -> Vec<String> {
        foreign(
            t,
            &|p| named.contains(&p),
            &mut named.iter().copied(),
            &|p| produced.contains(&p),
            &mut produced.iter().copied(),
        )
        .into_iter()
        .map(|f| f.shown)
        .collect()
    }

    /// The issue's `cp -a output/. www/`: the site's files, named by no
    /// manifest, are written again; the rest is someone else's.
    #[test]
    fn what_the_site_writes_or_a_manifest_names_is_stepwise_s() {
        let t = tree(
            &[
                "index.html",
                "a/index.html",
                "notes.txt",
                "other-site/index.html",
                "other-site/x/y.css",
                "a/mine.txt",
            ],
            &["a", "other-site", "other-site/x", "empty"],
            &["link"],
        );
        assert_eq!(
            names(&t, &[], &["index.html", "a/index.html"]),
            ["a/mine.txt", "empty/", "link", "notes.txt", "other-site/"]
        );
        assert_eq!(
            names(
                &t,
                &["notes.txt", "a/mine.txt", "other-site/x/y.css"],
                &["index.html"]
            ),
            ["a/index.html", "empty/", "link", "other-site/index.html"]
        );
        assert_eq!(
            names(&tree(&[], &[], &[]), &[], &["index.html"]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_git_repository_is_found_at_any_depth() {
        let t = tree(&[".git/HEAD", "x"], &[".git"], &[]);
        assert_eq!(git_repository(&t).as_deref(), Some(".git"));
        let t = tree(&["sub/.git", "x"], &["sub"], &[]);
        assert_eq!(git_repository(&t).as_deref(), Some("sub/.git"));
        assert_eq!(git_repository(&tree(&["x/.gitignore"], &["x"], &[])), None);
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_shown_byte_by_byte() {
        use std::os::unix::ffi::OsStrExt;
        let mut t = tree(&["a/index.html"], &["a"], &[]);
        t.others
            .push(PathBuf::from(std::ffi::OsStr::from_bytes(b"a/x\xff")));
        t.others
            .push(PathBuf::from(std::ffi::OsStr::from_bytes(b"d\xfe")));
        t.others
            .push(PathBuf::from(std::ffi::OsStr::from_bytes(b"d\xfe/in")));
        assert_eq!(names(&t, &[], &["a/index.html"]), ["a/x\\xff", "d\\xfe/"]);
    }

    #[test]
    fn removed_names_every_file_the_site_no_longer_has() {
        let t = tree(&["a.html", "b/c.html", "esc\u{1b}.txt"], &["b"], &["l"]);
        assert_eq!(
            removed(&t, &|p| p == "a.html"),
            ["b/c.html", "esc\\e.txt", "l"]
        );
    }
}
