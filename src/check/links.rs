//! The link check: every internal link (`href`, `src`) of every built HTML
//! file must lead to a file of the site, and its `#fragment` to an id in that
//! file. Links from content and from templates alike go through here.

use crate::error::{line_col, Diagnostic};
use crate::html::for_each_attribute;
use crate::render::OutputFile;
use crate::url::{is_internal, target};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

pub(crate) fn html_files(files: &[OutputFile]) -> impl Iterator<Item = (&OutputFile, &str)> {
    files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .filter_map(|f| std::str::from_utf8(&f.bytes).ok().map(|t| (f, t)))
}

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

/// Every internal link (`href`, `src`) of every HTML file must point at a
/// file of the site, and its `#fragment` at an id in that file. `out_label`
/// names the output folder in messages.
pub fn links(files: &[OutputFile], out_label: &str) -> Vec<Diagnostic> {
    let infos: Vec<LinkInfo> = html_files(files)
        .collect::<Vec<_>>()
        .par_iter()
        .map(|(f, text)| LinkInfo::extract(&f.path, text))
        .collect();
    let text: HashMap<&str, &[u8]> = files
        .iter()
        .map(|f| (f.path.as_str(), f.bytes.as_slice()))
        .collect();
    check_links(
        &infos.iter().collect::<Vec<_>>(),
        &files.iter().map(|f| f.path.as_str()).collect(),
        &|path| {
            text.get(path)
                .map(|b| String::from_utf8_lossy(b).into_owned())
        },
        out_label,
    )
}

/// The link check over extracted [`LinkInfo`]s: `exists` holds every file of
/// the site, `text_of` reads a file back to locate a problem in it.
pub fn check_links(
    infos: &[&LinkInfo],
    exists: &HashSet<&str>,
    text_of: &(dyn Fn(&str) -> Option<String> + Sync),
    out_label: &str,
) -> Vec<Diagnostic> {
    let ids: HashMap<&str, &HashSet<Box<str>>> =
        infos.iter().map(|i| (i.path.as_str(), &i.ids)).collect();
    let problems: Vec<(&str, usize, String)> = infos
        .par_iter()
        .flat_map_iter(|info| {
            info.links().filter_map(|(url, offset)| {
                let (path, fragment) = target(&info.path, url)?;
                let fragment = fragment.filter(|f| !f.is_empty());
                let problem = if !exists.contains(path.as_str()) {
                    format!("broken link `{url}`: no file {path} in the site")
                } else {
                    match (&fragment, ids.get(path.as_str())) {
                        (Some(frag), Some(set)) if !set.contains(frag.as_str()) => {
                            format!("broken anchor `{url}`: {path} has no id `{frag}`")
                        }
                        _ => return None,
                    }
                };
                Some((info.path.as_str(), offset, problem))
            })
        })
        .collect();
    let mut texts: HashMap<&str, String> = HashMap::new();
    problems
        .into_iter()
        .map(|(path, offset, problem)| {
            let text = texts
                .entry(path)
                .or_insert_with(|| text_of(path).unwrap_or_default());
            let (line, col) = line_col(text, offset);
            Diagnostic::at(format!("{out_label}/{path}"), text, line, col, problem)
                .with_hint(hint_for(path))
        })
        .collect()
}

fn hint_for(path: &str) -> String {
    format!("this link is in the rendered {path}; if it comes from a template, fix the template's url(path=...)")
}
