//! URLs: the one way to compute a URL between two pages of the site, to
//! resolve a relative URL found in a built file, and to turn text into a
//! URL segment or id (a slug).
//!
//! Every URL the site uses for itself is relative, so the output works at a
//! domain root, under a subpath and from disk. URL paths here are relative to
//! the site root: `""` is the home page, `step-2/` a page, `404.html` a file.

use std::collections::{HashMap, HashSet};

/// The longest name, in bytes, of a file or folder that common file systems
/// hold (ext4, APFS, NTFS): every segment of an output path must fit.
pub(crate) const MAX_NAME_BYTES: usize = 255;

/// The relative URL from the document at `from` to `to` (which may end in
/// `#fragment`). With `portable`, folder URLs end in `index.html` so they
/// also open from disk.
pub(crate) fn relative(from: &str, to: &str, portable: bool) -> String {
    let (to_path, fragment) = match to.find('#') {
        Some(i) => (&to[..i], &to[i..]),
        None => (to, ""),
    };
    if to_path == from && !fragment.is_empty() {
        return fragment.to_string();
    }
    let from_dir = match from.rfind('/') {
        Some(i) => &from[..=i],
        None => "",
    };
    let from_segs: Vec<&str> = from_dir.split_terminator('/').collect();
    let to_segs: Vec<&str> = to_path.split('/').collect();
    // to_segs' last element is the file name ("" for a folder).
    let (to_dirs, to_file) = to_segs.split_at(to_segs.len() - 1);
    let common = from_segs
        .iter()
        .zip(to_dirs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_segs.len() - common);
    for d in &to_dirs[common..] {
        out.push_str(d);
        out.push('/');
    }
    out.push_str(to_file[0]);
    if portable && (out.is_empty() || out.ends_with('/')) {
        out.push_str("index.html");
    } else if out.is_empty() {
        out.push_str("./");
    }
    out.push_str(fragment);
    out
}

/// An absolute URL for `path` under `base_url` (which ends in `/`).
pub(crate) fn absolute(base_url: &str, path: &str) -> String {
    format!("{base_url}{path}")
}

/// Lowercases `text`, keeps letters and digits, drops apostrophes and turns
/// every other run of characters into a single `-`, trimmed at both ends.
///
/// `"Step 2 CK — the dean’s view"` → `"step-2-ck-the-deans-view"`.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '’' | '‘') {
            // "dean's" reads better as "deans" than "dean-s".
        } else {
            pending_dash = true;
        }
    }
    out
}

/// Whether `url` has a scheme (`https:`, `mailto:`) or is protocol-relative.
pub(crate) fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    match url.find(':') {
        Some(i) => url[..i]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')),
        None => false,
    }
}

/// Resolves `.` and `..` in a `/`-separated path; `None` if it climbs out.
pub(crate) fn normalize(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    Some(out.join("/"))
}

/// Whether [`target`] resolves `url` to a file of the site.
pub(crate) fn is_internal(url: &str) -> bool {
    !(url.is_empty() || is_external(url) || url.starts_with('/'))
}

/// Resolves `url` (relative, as written in `from`) to an output file path and
/// fragment (`None` when empty); `None` for external URLs and special
/// schemes. A path that climbs above the root is `(outside the site)`.
pub(crate) fn target(from: &str, url: &str) -> Option<(String, Option<String>)> {
    let mut path = String::new();
    if !push_target(&mut path, &mut Vec::new(), from, url) {
        return None;
    }
    let fragment = url
        .split_once('#')
        .map(|(_, f)| f)
        .filter(|f| !f.is_empty());
    path.truncate(path.len() - fragment.map_or(0, |f| f.len() + 1));
    Some((path, fragment.map(str::to_string)))
}

/// Appends to `out` where the internal link `url`, written in the file at
/// `from`, leads: its path, and `#fragment` if it has a non-empty one; the
/// link check's way to [`target`], without a string per link (every link of
/// a build comes through here). `segments` is scratch space. Returns whether
/// it appended anything.
pub(crate) fn push_target<'a>(
    out: &mut String,
    segments: &mut Vec<&'a str>,
    from: &'a str,
    url: &'a str,
) -> bool {
    if !is_internal(url) {
        return false;
    }
    let (path, fragment) = match url.find('#') {
        Some(i) => (&url[..i], Some(&url[i + 1..])),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() {
        out.push_str(from);
    } else {
        segments.clear();
        segments.extend(from.split('/'));
        segments.pop();
        let mut outside = false;
        for seg in path.split('/') {
            match seg {
                "." | "" => {}
                ".." => {
                    if segments.pop().is_none() {
                        outside = true;
                        break;
                    }
                }
                s => segments.push(s),
            }
        }
        if outside {
            out.push_str("(outside the site)");
        } else {
            for (k, seg) in segments.iter().enumerate() {
                if k > 0 {
                    out.push('/');
                }
                out.push_str(seg);
            }
            if path.ends_with('/') || path == "." || path == ".." {
                if !segments.is_empty() {
                    out.push('/');
                }
                out.push_str("index.html");
            }
        }
    }
    if let Some(f) = fragment.filter(|f| !f.is_empty()) {
        out.push('#');
        out.push_str(f);
    }
    true
}

/// Hands out the ids of one page's headings: each as asked for when it is
/// free, else with the first free `-N` suffix (counting from the first
/// suffix given). Remembers the next suffix to try for each base, so a page
/// of many identical headings costs time linear in their number.
#[derive(Debug, Clone, Default)]
pub(crate) struct UniqueIds {
    used: HashSet<String>,
    next: HashMap<String, usize>,
    first_suffix: usize,
}

impl UniqueIds {
    /// No id taken yet; repeated bases get `-first_suffix`, then the next.
    pub(crate) fn new(first_suffix: usize) -> Self {
        UniqueIds {
            first_suffix,
            ..UniqueIds::default()
        }
    }

    /// Marks `id` as taken without handing it out (ids the page's template uses).
    pub(crate) fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    /// Whether `id` is taken.
    #[cfg(test)]
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.used.contains(id)
    }

    /// `base` if it is free, else `base-N` with the smallest free `N`.
    pub(crate) fn take(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let first = self.first_suffix;
        let n = self.next.entry(base.clone()).or_insert(first);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }

    /// The id of a heading: its explicit `{#id}` if it has one, else the
    /// slug of its text (`section` when that is empty), made unique.
    pub(crate) fn heading(&mut self, explicit: Option<&str>, text: &str) -> String {
        let base = match explicit {
            Some(e) if !e.is_empty() => e.to_string(),
            _ => match slugify(text) {
                s if s.is_empty() => "section".into(),
                s => s,
            },
        };
        self.take(base)
    }

    /// Every id taken.
    pub(crate) fn into_set(self) -> HashSet<String> {
        self.used
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_ids_take_the_first_free_suffix() {
        let mut ids = UniqueIds::new(1);
        ids.reserve("main");
        assert_eq!(ids.take("a".into()), "a");
        assert_eq!(ids.take("a".into()), "a-1");
        assert_eq!(ids.take("a-2".into()), "a-2");
        assert_eq!(ids.take("a".into()), "a-3");
        assert_eq!(ids.take("main".into()), "main-1");
        assert!(ids.contains("a-3"));
        let mut from_two = UniqueIds::new(2);
        from_two.take("x".into());
        assert_eq!(from_two.take("x".into()), "x-2");
    }

    #[test]
    fn depth_zero_one_two() {
        assert_eq!(relative("", "style.css", false), "style.css");
        assert_eq!(relative("", "", false), "./");
        assert_eq!(relative("step-2/", "", false), "../");
        assert_eq!(relative("step-2/", "step-3/#x", false), "../step-3/#x");
        assert_eq!(relative("step-2/", "step-2/#x", false), "#x");
        assert_eq!(relative("step-2/checklist/", "step-2/#x", false), "../#x");
        assert_eq!(relative("a/b/", "a/c/", false), "../c/");
        assert_eq!(relative("a/b/", "style.css", false), "../../style.css");
        assert_eq!(relative("404.html", "", false), "./");
    }

    #[test]
    fn portable_links_name_the_file() {
        assert_eq!(relative("step-2/", "", true), "../index.html");
        assert_eq!(relative("", "step-3/#x", true), "step-3/index.html#x");
        assert_eq!(relative("", "style.css", true), "style.css");
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Step 2 CK — the dean’s view"),
            "step-2-ck-the-deans-view"
        );
        assert_eq!(slugify("  A. Research!  "), "a-research");
        assert_eq!(slugify("Is IR realistic?"), "is-ir-realistic");
        assert_eq!(slugify("---"), "");
    }

    #[test]
    fn normalizes() {
        assert_eq!(normalize("a/../b.md").as_deref(), Some("b.md"));
        assert_eq!(normalize("../b.md"), None);
        assert_eq!(normalize("./x/./y.md").as_deref(), Some("x/y.md"));
    }

    #[test]
    fn external() {
        assert!(is_external("https://x.org"));
        assert!(is_external("mailto:a@b"));
        assert!(!is_external("step-2.md"));
        assert!(!is_external("a/b:c.md"));
    }

    /// `target` written out the plain way, one string per segment: what
    /// the allocation-free [`push_target`] must agree with.
    fn reference(from: &str, url: &str) -> Option<(String, Option<String>)> {
        if !is_internal(url) {
            return None;
        }
        let (path, frag) = match url.find('#') {
            Some(i) => (&url[..i], Some(url[i + 1..].to_string())),
            None => (url, None),
        };
        let frag = frag.filter(|f| !f.is_empty());
        let path = path.split('?').next().unwrap_or_default();
        if path.is_empty() {
            return Some((from.to_string(), frag));
        }
        let mut segs: Vec<&str> = from.split('/').collect();
        segs.pop();
        for seg in path.split('/') {
            match seg {
                "." | "" => {}
                ".." => {
                    if segs.pop().is_none() {
                        return Some(("(outside the site)".into(), frag));
                    }
                }
                s => segs.push(s),
            }
        }
        let mut resolved = segs.join("/");
        if path.ends_with('/') || path == "." || path == ".." {
            if !resolved.is_empty() {
                resolved.push('/');
            }
            resolved.push_str("index.html");
        }
        Some((resolved, frag))
    }

    #[test]
    fn targets_resolve_as_the_reference_does() {
        for from in ["index.html", "a/index.html", "a/b/index.html", "a/b/c.html"] {
            for url in [
                "x/",
                "../",
                "../../",
                "../../../x/",
                "./",
                ".",
                "..",
                "#top",
                "#",
                "x.png",
                "../y/#z",
                "a//b/",
                "x/?q=1#f",
                "?q",
                "../#",
                "c/./d/../e.html",
            ] {
                let expected = reference(from, url);
                let mut out = String::new();
                let pushed = push_target(&mut out, &mut Vec::new(), from, url);
                let joined = expected.clone().map(|(p, f)| match f {
                    Some(f) => format!("{p}#{f}"),
                    None => p,
                });
                assert_eq!(pushed.then_some(out), joined, "{from} {url}");
                assert_eq!(target(from, url), expected, "{from} {url}");
            }
        }
    }

    #[test]
    fn resolves_targets() {
        assert_eq!(
            target("a/index.html", "../b/#x"),
            Some(("b/index.html".into(), Some("x".into())))
        );
        assert_eq!(
            target("index.html", "./"),
            Some(("index.html".into(), None))
        );
        assert_eq!(
            target("a/index.html", "#x"),
            Some(("a/index.html".into(), Some("x".into())))
        );
        assert_eq!(target("a/index.html", "https://x.org/"), None);
        assert_eq!(
            target("index.html", "../x"),
            Some(("(outside the site)".into(), None))
        );
    }
}
