//! The link check over the built site: every internal link (`href`, `src`)
//! of every HTML file must lead to a file of the site, and its `#fragment`
//! to an id in that file. Links from content, raw HTML and templates alike
//! go through here; `build`, `check` and `serve` share it ([`LinkIndex`]).

use crate::error::{Diagnostic, Locator};
use crate::html::for_each_attribute;
use crate::url::{is_internal, target};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What the link check needs of one HTML file: the ids it defines and the
/// internal links it makes. Small enough to keep for every page of a large
/// site while the files themselves go straight to disk: links to an anchor of
/// the same file are checked at once and not kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkInfo {
    /// Path of the file in the site.
    pub path: String,
    /// Ids (and `<a name>`s) the file defines.
    pub ids: HashSet<Box<str>>,
    /// The kept links' URLs, as written, one after another.
    urls: String,
    /// Each kept link: where its URL ends in `urls`, and its tag's byte offset.
    links: Vec<(u32, u32)>,
}

impl LinkInfo {
    /// Extracts the ids and internal links of the HTML file at `path`.
    pub fn extract(path: &str, html: &str) -> LinkInfo {
        let mut info = LinkInfo {
            path: path.to_string(),
            ..LinkInfo::default()
        };
        // Internal links, kept until every id of the file is known.
        let mut links: Vec<(Cow<str>, usize)> = Vec::new();
        for_each_attribute(html, |a| {
            if a.name == "id" || (a.tag == "a" && a.name == "name") {
                info.ids.insert(a.value.as_ref().into());
                return;
            }
            let linkish = matches!(
                (&*a.tag, &*a.name),
                ("a" | "link" | "area", "href") | ("img" | "script" | "source" | "iframe", "src")
            );
            if linkish && !a.value.starts_with("data:") && is_internal(&a.value) {
                links.push((a.value, a.offset));
            }
        });
        for (url, offset) in links {
            if let Some(frag) = url.strip_prefix('#') {
                if frag.is_empty() || info.ids.contains(frag) {
                    continue;
                }
            }
            info.urls.push_str(&url);
            info.links.push((info.urls.len() as u32, offset as u32));
        }
        info.urls.shrink_to_fit();
        info.links.shrink_to_fit();
        info
    }

    /// The kept links: (URL as written, byte offset of its tag).
    fn links(&self) -> impl Iterator<Item = (&str, usize)> {
        let mut start = 0;
        self.links.iter().map(move |&(end, offset)| {
            let url = &self.urls[start..end as usize];
            start = end as usize;
            (url, offset as usize)
        })
    }
}

/// How messages name the output folder when it is the default one.
pub const OUTPUT_LABEL: &str = "output";

/// What [`LinkIndex`] keeps of the file at `path`: its [`LinkInfo`] when it
/// is an HTML page, nothing for other files (which links can only lead to).
pub fn info_of(path: &str, bytes: &[u8]) -> Option<LinkInfo> {
    if !path.ends_with(".html") {
        return None;
    }
    std::str::from_utf8(bytes)
        .ok()
        .map(|html| LinkInfo::extract(path, html))
}

/// The one link index of a built site: every file, with the ids and internal
/// links of each HTML page. `build` fills it as files are written, `check`
/// from the rendered site, and `serve` keeps it between rebuilds, updating
/// only the files that changed.
#[derive(Debug, Clone, Default)]
pub struct LinkIndex {
    files: BTreeMap<String, Option<LinkInfo>>,
}

impl LinkIndex {
    /// Indexes `files` (path, bytes), reading the HTML ones in parallel.
    pub fn of<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Self {
        let files: Vec<(&str, &[u8])> = files.into_iter().collect();
        LinkIndex {
            files: files
                .par_iter()
                .map(|(path, bytes)| (path.to_string(), info_of(path, bytes)))
                .collect::<Vec<_>>()
                .into_iter()
                .collect(),
        }
    }

    /// Adds or replaces the file at `path`; returns what it replaced.
    pub fn insert(&mut self, path: String, info: Option<LinkInfo>) -> Option<Option<LinkInfo>> {
        self.files.insert(path, info)
    }

    /// Forgets the file at `path`; returns what it held.
    pub fn remove(&mut self, path: &str) -> Option<Option<LinkInfo>> {
        self.files.remove(path)
    }

    /// How many files the site has, and how many of them are HTML pages.
    pub fn counts(&self) -> (usize, usize) {
        let pages = self.files.keys().filter(|p| p.ends_with(".html")).count();
        (self.files.len(), pages)
    }

    /// Every broken internal link or anchor of the site. `text_of` reads a
    /// file back to locate a problem in it; `out_label` names the output
    /// folder in messages.
    pub fn check(&self, text_of: &TextOf<'_>, out_label: &str) -> Vec<Diagnostic> {
        self.problems(self.files.values().flatten().collect(), text_of, out_label)
    }

    /// Like [`check`](Self::check), for the links of the files at `paths` only.
    pub fn check_files(
        &self,
        paths: &[&str],
        text_of: &TextOf<'_>,
        out_label: &str,
    ) -> Vec<Diagnostic> {
        let mut paths = paths.to_vec();
        paths.sort_unstable();
        paths.dedup();
        let infos = paths
            .iter()
            .filter_map(|p| self.files.get(*p).and_then(Option::as_ref))
            .collect();
        self.problems(infos, text_of, out_label)
    }

    fn problems(
        &self,
        infos: Vec<&LinkInfo>,
        text_of: &TextOf<'_>,
        out_label: &str,
    ) -> Vec<Diagnostic> {
        let problems: Vec<(&str, usize, String)> = infos
            .par_iter()
            .flat_map_iter(|info| {
                info.links().filter_map(|(url, offset)| {
                    let (path, fragment) = target(&info.path, url)?;
                    let fragment = fragment.filter(|f| !f.is_empty());
                    let problem = match (self.files.get(path.as_str()), &fragment) {
                        (None, _) => format!("broken link `{url}`: no file {path} in the site"),
                        (Some(Some(t)), Some(frag)) if !t.ids.contains(frag.as_str()) => {
                            format!("broken anchor `{url}`: {path} has no id `{frag}`")
                        }
                        _ => return None,
                    };
                    Some((info.path.as_str(), offset, problem))
                })
            })
            .collect();
        // Each file's problems come in the order of their offsets: one
        // locator per file reads it once, however many problems it has.
        let texts: HashMap<&str, String> = problems
            .iter()
            .map(|(path, _, _)| *path)
            .collect::<HashSet<_>>()
            .into_iter()
            .map(|path| (path, text_of(path).unwrap_or_default()))
            .collect();
        let mut locators: HashMap<&str, Locator> = HashMap::new();
        problems
            .into_iter()
            .map(|(path, offset, problem)| {
                locators
                    .entry(path)
                    .or_default()
                    .diagnostic(&texts[path], format!("{out_label}/{path}"), offset, problem)
                    .with_hint(hint_for(path))
            })
            .collect()
    }
}

/// Reads a file of the built site back as text, to locate a problem in it.
pub type TextOf<'a> = dyn Fn(&str) -> Option<String> + Sync + 'a;

fn hint_for(path: &str) -> String {
    format!("this link is in the rendered {path}; if it comes from a template, fix the template's url(path=...)")
}
