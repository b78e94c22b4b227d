//! Checking the links of the files an incremental rebuild changed, the way
//! `stepwise build` checks every file ([`check::links`]), without parsing
//! every other page again.
//!
//! The other HTML files are stood in for by stubs that hold only the ids
//! the changed files link to, which is all a link into them is checked
//! against; and only the files the changed files link to are stood in for,
//! unless that finds a problem.

use crate::check;
use crate::error::Diagnostic;
use crate::html::escape;
use crate::render::OutputFile;
use axum::body::Bytes;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// How the output folder is named in messages, as `build` names it by default.
pub const OUT_LABEL: &str = "output";

/// The ids each HTML file defines.
#[derive(Debug, Clone, Default)]
pub struct Ids {
    by_file: HashMap<String, Vec<String>>,
}

impl Ids {
    /// The ids of every HTML file of `files`.
    pub fn of(files: &BTreeMap<String, Bytes>) -> Self {
        let html: Vec<(&String, &Bytes)> =
            files.iter().filter(|(p, _)| p.ends_with(".html")).collect();
        Ids {
            by_file: html
                .par_iter()
                .map(|(p, b)| ((*p).clone(), ids_of(b)))
                .collect(),
        }
    }

    /// Records the ids of a changed file.
    pub fn update(&mut self, path: &str, bytes: &[u8]) {
        if path.ends_with(".html") {
            self.by_file.insert(path.to_string(), ids_of(bytes));
        }
    }

    /// An HTML file with those ids of `path` that are in `wanted`.
    fn stub(&self, path: &str, wanted: &HashSet<String>) -> Vec<u8> {
        let mut out = String::new();
        for id in self.by_file.get(path).into_iter().flatten() {
            if wanted.contains(id) {
                out.push_str("<a id=\"");
                out.push_str(&escape(id));
                out.push_str("\"></a>");
            }
        }
        out.into_bytes()
    }
}

/// The ids `html` defines, as `check` sees them.
fn ids_of(html: &[u8]) -> Vec<String> {
    let Ok(text) = std::str::from_utf8(html) else {
        return Vec::new();
    };
    crate::html::attributes(text)
        .into_iter()
        .filter(|a| a.name == "id" || (a.tag == "a" && a.name == "name"))
        .map(|a| a.value.into_owned())
        .collect()
}

/// What the links of `files` point at: every `#fragment` they mention, and
/// the files they lead to (resolved like `check` resolves them).
fn link_targets(files: &[OutputFile]) -> (HashSet<String>, HashSet<String>) {
    let mut fragments = HashSet::new();
    let mut targets = HashSet::new();
    for f in files.iter().filter(|f| f.path.ends_with(".html")) {
        let Ok(text) = std::str::from_utf8(&f.bytes) else {
            continue;
        };
        for a in crate::html::attributes(text) {
            let (path, frag) = match a.value.split_once('#') {
                Some((p, frag)) => (p, Some(frag)),
                None => (&*a.value, None),
            };
            if let Some(frag) = frag {
                fragments.insert(frag.to_string());
            }
            if let Some((t, _)) = crate::url::target(&f.path, path) {
                targets.insert(t);
            }
        }
    }
    (fragments, targets)
}

/// Checks every link of `changed` against the site, whose files are
/// `paths` (the changed ones among them or not): a target must exist, and
/// its `#fragment` must be an id of the target.
///
/// The first pass stands in only for the files the links lead to; if it
/// finds problems (which a target it missed could cause), a second pass
/// with every file decides.
pub fn check_changed<'a>(
    changed: &[OutputFile],
    paths: impl Iterator<Item = &'a str>,
    ids: &Ids,
) -> Vec<Diagnostic> {
    if !changed.iter().any(|f| f.path.ends_with(".html")) {
        return Vec::new();
    }
    let (wanted, targets) = link_targets(changed);
    let mine: HashSet<&str> = changed.iter().map(|f| f.path.as_str()).collect();
    let others: Vec<&str> = paths.filter(|p| !mine.contains(p)).collect();
    let with = |keep: &dyn Fn(&str) -> bool| {
        let mut files: Vec<OutputFile> = changed.to_vec();
        for path in others.iter().copied().filter(|p| keep(p)) {
            let bytes = if path.ends_with(".html") {
                ids.stub(path, &wanted)
            } else {
                Vec::new()
            };
            files.push(OutputFile {
                path: path.to_string(),
                bytes,
            });
        }
        check::links(&files, OUT_LABEL)
    };
    let quick = with(&|p| !p.ends_with(".html") || targets.contains(p));
    if quick.is_empty() {
        return quick;
    }
    with(&|_| true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, html: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: html.as_bytes().to_vec(),
        }
    }

    #[test]
    fn checks_changed_links_against_the_rest() {
        let mut site = BTreeMap::new();
        site.insert(
            "a/index.html".to_string(),
            Bytes::from_static(b"<h2 id=\"x\">X</h2><a name=\"y\"></a>"),
        );
        site.insert("style.css".to_string(), Bytes::from_static(b"body{}"));
        let ids = Ids::of(&site);
        let paths = || site.keys().map(String::as_str);
        let ok = file(
            "b/index.html",
            "<a href=\"../a/#x\">a</a><a href=\"../a/#y\">a</a><link rel=stylesheet href=\"../style.css\">",
        );
        assert!(check_changed(&[ok], paths(), &ids).is_empty());
        let bad = file(
            "b/index.html",
            "<a href=\"../a/#z\">a</a><img src=\"../no.png\">",
        );
        let diags = check_changed(&[bad], paths(), &ids);
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert!(diags[0].file.starts_with("output/b/index.html"));
        // Links up and to folders resolve like the build's check resolves them.
        let up = file(
            "a/deeper/index.html",
            "<a href=\"../\">a</a><a href=\"../../a/#x\">a</a><a href=\"..\">a</a><a href=\"./#top\">t</a><i id=\"top\"></i>",
        );
        assert!(check_changed(&[up], paths(), &ids).is_empty());
    }
}
