//! The link check over the built site: every internal link (`href`, `src`)
//! of every HTML file must lead to a file of the site, and its `#fragment`
//! to an id in that file. Links from content, raw HTML and templates alike
//! go through here; `build`, `check` and `serve` share it ([`LinkIndex`]).
//!
//! The index keeps, of each HTML file, only its ids and where its links
//! lead, as numbers: a site of 10,000 pages whose every page links to the
//! 500 pages of its guide has ten million links. Where a broken link is
//! written (the URL as written, its line and column) is found again from
//! the file's text when there is one to report; one that a page's content
//! writes as a link to the site root is reported in the content file
//! instead ([`ContentLinks`]). Its reverse side (which
//! files link to a file, [`LinkIndex::linking_to`]) lets `serve` check,
//! after an edit, the files that changed and the files that link to them,
//! not the whole site.

use super::link_info::scan;
pub(crate) use super::link_info::{info_of, is_indexed, LinkInfo};
use super::packed::{decode, encode, Quick, Sources};
use super::root_links::{missing_file, ContentLinks, Found, Shown};
use crate::error::{closest, Diagnostic, Locator, Result};
use crate::url::target;
use rayon::prelude::*;
use std::collections::{HashMap, VecDeque};
use std::sync::OnceLock;

/// How messages name the output folder when it is the default one.
pub(crate) const OUTPUT_LABEL: &str = "output";

/// Reads a file of the built site back as text, to locate a problem in it.
pub(crate) type TextOf<'a> = dyn Fn(&str) -> Option<String> + Sync + 'a;

/// What the index holds of one file: nothing more for a file that is not
/// HTML. Handed back by [`LinkIndex::insert`] and [`LinkIndex::remove`] so
/// that a caller can put it back ([`LinkIndex::restore`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry(Option<Links>);

/// One HTML file's ids and links, as numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Links {
    /// The ids it defines, by id number, sorted.
    ids: Box<[u32]>,
    /// The numbers of every path its links lead to, sorted, as varint deltas.
    targets: Box<[u8]>,
    /// Its links with a fragment: (path number, id number), sorted.
    anchored: Box<[(u32, u32)]>,
}

impl Links {
    fn has(&self, id: u32) -> bool {
        self.ids.binary_search(&id).is_ok()
    }
}

/// The one link index of a built site: every file, with the ids and internal
/// links of each HTML page, and for every path the files that link to it.
/// `build` fills it as files are written, `check` from the rendered site, and
/// `serve` keeps it between rebuilds, updating only the files that changed.
#[derive(Debug, Clone, Default)]
pub(crate) struct LinkIndex {
    /// Every path seen, as a file of the site or as where a link leads, by number.
    names: Vec<Box<str>>,
    numbers: HashMap<Box<str>, u32, Quick>,
    /// By path number: the file there, if the site has one.
    files: Vec<Option<Entry>>,
    /// By path number: the files (by number) with a link to that path.
    linked_from: Vec<Sources>,
    /// Every id and fragment seen, by number: most pages share most ids.
    id_numbers: HashMap<Box<str>, u32, Quick>,
    /// How many files, and how many of them HTML pages.
    count: (usize, usize),
    /// Whether `linked_from` is kept ([`LinkIndex::with_reverse`]).
    reverse: bool,
}

impl LinkIndex {
    /// An index that also keeps, for every path, the files that link to it
    /// ([`linking_to`](Self::linking_to)): for an index kept and updated a
    /// file at a time (`serve`). Without it, an index can only check.
    pub(crate) fn with_reverse() -> Self {
        LinkIndex {
            reverse: true,
            ..LinkIndex::default()
        }
    }

    /// Indexes `files` (path, bytes), reading the HTML ones in parallel.
    pub(crate) fn of<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Self {
        let files: Vec<(&str, &[u8])> = files.into_iter().collect();
        let infos: Vec<(String, Option<LinkInfo>)> = files
            .par_iter()
            .map(|(path, bytes)| (path.to_string(), info_of(path, bytes)))
            .collect();
        let mut index = LinkIndex::default();
        for (path, info) in infos {
            index.insert(path, info);
        }
        index
    }

    fn number(&mut self, path: &str) -> u32 {
        if let Some(&n) = self.numbers.get(path) {
            return n;
        }
        let n = self.names.len() as u32;
        self.names.push(path.into());
        self.numbers.insert(path.into(), n);
        self.files.push(None);
        self.linked_from.push(Sources::default());
        n
    }

    fn id_number(&mut self, id: &str) -> u32 {
        if let Some(&n) = self.id_numbers.get(id) {
            return n;
        }
        let n = self.id_numbers.len() as u32;
        self.id_numbers.insert(id.into(), n);
        n
    }

    /// Whether the HTML file `links` defines the id `id`.
    fn defines(&self, links: &Links, id: &str) -> bool {
        self.id_numbers.get(id).is_some_and(|&n| links.has(n))
    }

    fn file(&self, path: &str) -> Option<&Entry> {
        self.numbers
            .get(path)
            .and_then(|&n| self.files[n as usize].as_ref())
    }

    /// Adds or replaces the file at `path`; returns what it replaced.
    pub(crate) fn insert(&mut self, path: String, info: Option<LinkInfo>) -> Option<Entry> {
        let entry = Entry(info.map(|info| {
            let mut numbers = Vec::with_capacity(info.ends.len());
            let mut anchored = Vec::new();
            for (to, fragment) in info.targets() {
                let n = self.number(to);
                numbers.push(n);
                if let Some(f) = fragment {
                    anchored.push((n, self.id_number(f)));
                }
            }
            numbers.sort_unstable();
            numbers.dedup();
            anchored.sort_unstable();
            let mut ids: Vec<u32> = info.ids.iter().map(|id| self.id_number(id)).collect();
            ids.sort_unstable();
            Links {
                ids: ids.into(),
                targets: encode(&numbers),
                anchored: anchored.into(),
            }
        }));
        self.restore(&path, Some(entry))
    }

    /// Forgets the file at `path`; returns what it held.
    pub(crate) fn remove(&mut self, path: &str) -> Option<Entry> {
        if !self.numbers.contains_key(path) {
            return None;
        }
        self.restore(path, None)
    }

    /// Puts `entry` (as handed back by [`insert`](Self::insert) or
    /// [`remove`](Self::remove)) at `path`, or no file for `None`; returns
    /// what was there.
    pub(crate) fn restore(&mut self, path: &str, entry: Option<Entry>) -> Option<Entry> {
        let n = self.number(path);
        let old = std::mem::replace(&mut self.files[n as usize], entry);
        for (e, sign) in [(&old, -1isize), (&self.files[n as usize], 1)] {
            if e.is_some() {
                self.count.0 = self.count.0.wrapping_add_signed(sign);
                if path.ends_with(".html") {
                    self.count.1 = self.count.1.wrapping_add_signed(sign);
                }
            }
        }
        if !self.reverse {
            return old;
        }
        let (before, after) = (
            old.as_ref().map(Entry::targets).unwrap_or_default(),
            self.files[n as usize]
                .as_ref()
                .map(Entry::targets)
                .unwrap_or_default(),
        );
        // Only the links that differ change the reverse side: a page
        // rendered again usually links where it did.
        let (mut i, mut j) = (0, 0);
        loop {
            let unlink = match (before.get(i).copied(), after.get(j).copied()) {
                (None, None) => break,
                (Some(a), Some(b)) if a == b => {
                    (i, j) = (i + 1, j + 1);
                    continue;
                }
                (Some(a), Some(b)) if a < b => Some(a),
                (Some(a), None) => Some(a),
                (_, Some(b)) => {
                    self.linked_from[b as usize].plain().push(n);
                    j += 1;
                    None
                }
            };
            if let Some(a) = unlink {
                let from = self.linked_from[a as usize].plain();
                if let Some(k) = from.iter().position(|&x| x == n) {
                    from.swap_remove(k);
                }
                i += 1;
            }
        }
        old
    }

    /// Packs the lists of files linking to each path that changed since
    /// the last call: for an index kept a long time (`serve`), where they
    /// are most of its size.
    pub(crate) fn compact(&mut self) {
        for sources in &mut self.linked_from {
            sources.pack();
        }
    }

    /// How many files the site has, and how many of them are HTML pages.
    pub(crate) fn counts(&self) -> (usize, usize) {
        self.count
    }

    /// The files with a link to `path` (with a `#fragment`, when
    /// `fragments_only`), sorted: the files an edit of `path` can break.
    /// Only an index made [`with_reverse`](Self::with_reverse) knows them.
    pub(crate) fn linking_to(&self, path: &str, fragments_only: bool) -> Vec<&str> {
        let Some(&n) = self.numbers.get(path) else {
            return Vec::new();
        };
        let mut from: Vec<&str> = self.linked_from[n as usize]
            .numbers()
            .into_iter()
            .filter(|&f| {
                !fragments_only
                    || self.files[f as usize].as_ref().is_some_and(|e| {
                        e.0.as_ref()
                            .is_some_and(|l| l.anchored.iter().any(|(t, _)| *t == n))
                    })
            })
            .map(|f| &*self.names[f as usize])
            .collect();
        from.sort_unstable();
        from
    }

    /// Every broken internal link or anchor of the site. `text_of` reads a
    /// file back to locate a problem in it; `out_label` names the output
    /// folder in messages; a broken link written in a page's content
    /// (`content`) is reported there (failing to read that page again is
    /// the error).
    pub(crate) fn check(
        &self,
        text_of: &TextOf<'_>,
        out_label: &str,
        content: &ContentLinks<'_>,
    ) -> Result<Vec<Diagnostic>> {
        let broken = (0..self.files.len() as u32)
            .into_par_iter()
            .filter(|&f| self.bad_link(f) || self.bad_anchor(f))
            .collect();
        self.report(broken, text_of, out_label, content)
    }

    /// Like [`check`](Self::check), for the links of the files at `paths` only.
    pub(crate) fn check_files(
        &self,
        paths: &[&str],
        text_of: &TextOf<'_>,
        out_label: &str,
        content: &ContentLinks<'_>,
    ) -> Result<Vec<Diagnostic>> {
        let broken = paths
            .iter()
            .filter_map(|p| self.numbers.get(*p).copied())
            .filter(|&f| self.bad_link(f) || self.bad_anchor(f))
            .collect();
        self.report(broken, text_of, out_label, content)
    }

    /// Whether file `f` links to a path that is no file.
    fn bad_link(&self, f: u32) -> bool {
        match &self.files[f as usize] {
            Some(e) => e
                .targets()
                .iter()
                .any(|&t| self.files[t as usize].is_none()),
            None => false,
        }
    }

    /// Whether file `f` links to an id that an HTML file does not have.
    fn bad_anchor(&self, f: u32) -> bool {
        let Some(Entry(Some(links))) = &self.files[f as usize] else {
            return false;
        };
        links
            .anchored
            .iter()
            .any(|(t, fragment)| match &self.files[*t as usize] {
                Some(Entry(Some(target))) => !target.has(*fragment),
                _ => false,
            })
    }

    /// What is wrong with a link to `to` (a path of the site) and
    /// `fragment` (non-empty), if anything.
    fn problem(&self, to: &str, fragment: Option<&str>) -> Option<Problem> {
        match (self.file(to), fragment) {
            (None, _) => Some(Problem::NoFile),
            (Some(Entry(Some(t))), Some(frag)) if !self.defines(t, frag) => Some(Problem::NoId),
            _ => None,
        }
    }

    /// The problems of the files `broken` (by number, in any order, repeats
    /// allowed), located by reading each again: first those written in
    /// content files, by file and place; then the others, in path order,
    /// each file's in the order its links are written.
    fn report(
        &self,
        mut broken: Vec<u32>,
        text_of: &TextOf<'_>,
        out_label: &str,
        content: &ContentLinks<'_>,
    ) -> Result<Vec<Diagnostic>> {
        if broken.is_empty() {
            return Ok(Vec::new());
        }
        broken.sort_unstable_by(|a, b| self.names[*a as usize].cmp(&self.names[*b as usize]));
        broken.dedup();
        let shows = content.files();
        let id_names = OnceLock::new();
        let (found, located): (Vec<_>, Vec<_>) = broken
            .par_iter()
            .map(|&f| {
                let path = &*self.names[f as usize];
                match text_of(path) {
                    Some(text) => {
                        let shown = content.shown(path, shows.get(path));
                        self.problems_in(path, &text, out_label, shown, &id_names)
                    }
                    None => (Vec::new(), self.problems_unread(f, out_label)),
                }
            })
            .unzip();
        let mut out = content.diagnostics(found.into_iter().flatten().collect())?;
        out.extend(located.into_iter().flatten());
        Ok(out)
    }

    /// The problems of the HTML file at `path`, whose text is `html`: those
    /// of the links `shown` there, which are written in content, as
    /// [`Found`]; the others located in the file.
    fn problems_in<'i>(
        &'i self,
        path: &str,
        html: &str,
        out_label: &str,
        shown: Vec<Shown<'_>>,
        id_names: &OnceLock<Vec<&'i str>>,
    ) -> (Vec<Found>, Vec<Diagnostic>) {
        let (_, links) = scan(html);
        // The content's broken root links here, by where they lead: a
        // broken link found here that leads there is one of them, in turn.
        // (Links that work never come up, so they are left out; a template
        // link to the same broken place as the content, in the same file,
        // is told apart from it only by order.)
        let mut written: HashMap<(String, Option<String>), VecDeque<Shown>> = HashMap::new();
        for s in shown {
            if self.problem(&s.to, s.fragment.as_deref()).is_some() {
                written
                    .entry((s.to.clone(), s.fragment.clone()))
                    .or_default()
                    .push_back(s);
            }
        }
        let mut found = Vec::new();
        // Links come in the order of their offsets: one locator reads the
        // file once, however many problems it has (and quotes a window of
        // a long line).
        let mut locator = Locator::new();
        let mut located = Vec::new();
        for (url, offset) in links {
            let Some((to, fragment)) = target(path, &url) else {
                continue;
            };
            let Some(problem) = self.problem(&to, fragment.as_deref()) else {
                continue;
            };
            let key = (to, fragment);
            if let Some(s) = written.get_mut(&key).and_then(VecDeque::pop_front) {
                found.push(self.found(problem, &s, id_names));
                continue;
            }
            let (to, fragment) = key;
            let message = match (problem, fragment) {
                (Problem::NoId, Some(frag)) => {
                    format!("broken anchor `{url}`: {to} has no id `{frag}`")
                }
                _ => format!("broken link `{url}`: no file {to} in the site"),
            };
            located.push(
                locator
                    .diagnostic(html, format!("{out_label}/{path}"), offset, message)
                    .with_hint(hint_for(path)),
            );
        }
        (found, located)
    }

    /// A broken root link of the content, `problem`, worded for its
    /// content file.
    fn found<'i>(
        &'i self,
        problem: Problem,
        s: &Shown<'_>,
        id_names: &OnceLock<Vec<&'i str>>,
    ) -> Found {
        let url = match &s.link.beside {
            Some(b) => b.written.clone(),
            None => format!("/{}", s.link.to),
        };
        let (message, hint) = match (problem, &s.fragment) {
            (Problem::NoId, Some(frag)) => {
                let message = format!("broken anchor `{url}`: {} has no id `{frag}`", s.to);
                let ids = match self.file(&s.to) {
                    Some(Entry(Some(t))) if s.own => {
                        let names = id_names.get_or_init(|| self.id_names());
                        t.ids.iter().map(|&n| names[n as usize]).collect()
                    }
                    _ => Vec::new(),
                };
                let hint = match closest(frag, &ids) {
                    Some(c) => {
                        let path = url.split('#').next().unwrap_or_default();
                        format!("did you mean `{path}#{c}`?")
                    }
                    // Only on the print page: there, the page keeps only
                    // the ids of its Markdown.
                    None if !s.own => "on the print page, a page has only the ids of its Markdown: link to one of its headings".into(),
                    None => "link to an id that exists on that page (its headings' ids are in its table of contents)".into(),
                };
                (message, hint)
            }
            _ => missing_file(&url, &s.to, s.link.beside.as_ref().map(|b| b.file.as_str())),
        };
        Found {
            page: s.page,
            offset: s.link.offset,
            to: s.link.to.clone(),
            message,
            hint,
            own: s.own,
        }
    }

    /// Every id and fragment seen, by number.
    fn id_names(&self) -> Vec<&str> {
        let mut names = vec![""; self.id_numbers.len()];
        for (name, &n) in &self.id_numbers {
            names[n as usize] = name;
        }
        names
    }

    /// The problems of file `f` when its text cannot be read again: named
    /// by where they lead, without a line.
    fn problems_unread(&self, f: u32, out_label: &str) -> Vec<Diagnostic> {
        let path = &*self.names[f as usize];
        let Some(Entry(Some(links))) = &self.files[f as usize] else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for t in decode(&links.targets) {
            if self.files[t as usize].is_none() {
                let to = &self.names[t as usize];
                out.push(format!("broken link to {to}: no file {to} in the site"));
            }
        }
        for (t, id) in links.anchored.iter() {
            if let Some(Entry(Some(target))) = &self.files[*t as usize] {
                if !target.has(*id) {
                    let to = &self.names[*t as usize];
                    let fragment = self
                        .id_numbers
                        .iter()
                        .find(|(_, n)| *n == id)
                        .map_or("", |(name, _)| &**name);
                    out.push(format!(
                        "broken anchor to {to}#{fragment}: {to} has no id `{fragment}`"
                    ));
                }
            }
        }
        out.into_iter()
            .map(|m| Diagnostic::file(format!("{out_label}/{path}"), m).with_hint(hint_for(path)))
            .collect()
    }
}

/// What is wrong with a link.
#[derive(Debug, Clone, Copy)]
enum Problem {
    /// It leads to no file of the site.
    NoFile,
    /// Its fragment names no id of the HTML file it leads to.
    NoId,
}

impl Entry {
    /// The numbers of the paths the file links to, sorted.
    fn targets(&self) -> Vec<u32> {
        match &self.0 {
            Some(links) => decode(&links.targets).collect(),
            None => Vec::new(),
        }
    }
}

fn hint_for(path: &str) -> String {
    format!("this link is in the rendered {path}; if it comes from a template, fix the template's url(path=...)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> Vec<u8> {
        format!("<html><body>{body}</body></html>").into_bytes()
    }

    fn index(files: &[(&str, Vec<u8>)]) -> LinkIndex {
        LinkIndex::of(files.iter().map(|(p, b)| (*p, b.as_slice())))
    }

    /// As serve keeps it.
    fn reversible(files: &[(&str, Vec<u8>)]) -> LinkIndex {
        let mut idx = LinkIndex::with_reverse();
        for (path, bytes) in files {
            idx.insert(path.to_string(), info_of(path, bytes));
        }
        idx
    }

    fn texts<'a>(
        files: &'a [(&'static str, Vec<u8>)],
    ) -> impl Fn(&str) -> Option<String> + Sync + 'a {
        move |path: &str| {
            files
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        }
    }

    #[test]
    fn numbers_survive_encoding() {
        let numbers = [0, 1, 2, 127, 128, 300, 16_384, 70_000, u32::MAX];
        assert_eq!(decode(&encode(&numbers)).collect::<Vec<_>>(), numbers);
        assert_eq!(decode(&encode(&[])).count(), 0);
    }

    #[test]
    fn finds_broken_links_and_anchors_where_they_are_written() {
        let files = vec![
            ("index.html", page("<h2 id=\"top\">x</h2><a href=\"a/\">a</a>")),
            (
                "a/index.html",
                page("<a href=\"../#top\">ok</a>\n<a href=\"../#nope\">bad</a> <img src=\"x.png\"><a href=\"#self\">s</a>"),
            ),
            ("style.css", b"body{}".to_vec()),
        ];
        let idx = index(&files);
        assert_eq!(idx.counts(), (3, 2));
        let found: Vec<String> = idx
            .check(&texts(&files), "out", &ContentLinks::none())
            .expect("pages read")
            .iter()
            .map(|d| format!("{}:{}:{}: {}", d.file.display(), d.line, d.col, d.message))
            .collect();
        assert_eq!(
            found,
            [
                "out/a/index.html:2:1: broken anchor `../#nope`: index.html has no id `nope`",
                "out/a/index.html:2:28: broken link `x.png`: no file a/x.png in the site",
                "out/a/index.html:2:45: broken anchor `#self`: a/index.html has no id `self`",
            ]
        );
        assert!(idx
            .check_files(
                &["index.html"],
                &texts(&files),
                "out",
                &ContentLinks::none()
            )
            .expect("pages read")
            .is_empty());
    }

    #[test]
    fn knows_which_files_link_to_a_file_as_files_change() {
        let files = vec![
            (
                "index.html",
                page("<a href=\"a/\">a</a><a href=\"b/#x\">b</a>"),
            ),
            ("a/index.html", page("<a href=\"../b/\">b</a>")),
            ("b/index.html", page("<h2 id=\"x\">x</h2>")),
        ];
        let mut idx = reversible(&files);
        assert_eq!(
            idx.linking_to("b/index.html", false),
            ["a/index.html", "index.html"]
        );
        assert_eq!(idx.linking_to("b/index.html", true), ["index.html"]);
        assert_eq!(idx.linking_to("a/index.html", false), ["index.html"]);

        // a/ stops linking to b/, and b/ loses its id: only the home page
        // breaks, and it is among the files linking to b/.
        let a = page("<p>nothing</p>");
        let b = page("<h2 id=\"y\">y</h2>");
        let old_a = idx.insert("a/index.html".into(), info_of("a/index.html", &a));
        let old_b = idx.insert("b/index.html".into(), info_of("b/index.html", &b));
        assert_eq!(idx.linking_to("b/index.html", false), ["index.html"]);
        let now = vec![
            ("index.html", files[0].1.clone()),
            ("a/index.html", a),
            ("b/index.html", b),
        ];
        let broken = idx
            .check_files(
                &idx.linking_to("b/index.html", true),
                &texts(&now),
                "out",
                &ContentLinks::none(),
            )
            .expect("pages read");
        assert_eq!(broken.len(), 1);
        assert_eq!(
            broken[0].message,
            "broken anchor `b/#x`: b/index.html has no id `x`"
        );
        assert_eq!(
            idx.check(&texts(&now), "out", &ContentLinks::none())
                .expect("pages read")
                .len(),
            1
        );

        // Put back (packed: as serve keeps it), and b/ gone: everything
        // linking to it breaks.
        idx.compact();
        idx.restore("a/index.html", old_a);
        idx.restore("b/index.html", old_b);
        assert!(idx
            .check(&texts(&files), "out", &ContentLinks::none())
            .expect("pages read")
            .is_empty());
        idx.remove("b/index.html");
        assert_eq!(idx.counts(), (2, 2));
        let linking = idx.linking_to("b/index.html", false);
        assert_eq!(linking, ["a/index.html", "index.html"]);
        assert_eq!(
            idx.check_files(&linking, &texts(&files), "out", &ContentLinks::none())
                .expect("pages read")
                .len(),
            2
        );
        assert_eq!(
            idx.check(&texts(&files), "out", &ContentLinks::none())
                .expect("pages read")
                .len(),
            2
        );
    }
}
