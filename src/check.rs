//! Inspects a rendered site: every internal link and anchor, every image,
//! one `h1` per page, a description on every page.
//!
//! `build` runs [`links`] (a broken internal link fails the build wherever it
//! comes from, content or template); `stepwise check` runs [`inspect`], which
//! adds the publishing checks. Nothing here writes files.

use crate::content::Site;
use crate::error::{line_col, Diagnostic};
use crate::links::is_external;
use crate::markdown::Rendered;
use crate::render::OutputFile;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Longest description search engines show in full.
pub const MAX_DESCRIPTION: usize = 160;

/// One attribute of one tag in an HTML file, borrowed from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr<'a> {
    /// Tag name, lowercase.
    pub tag: Cow<'a, str>,
    /// Attribute name, lowercase.
    pub name: Cow<'a, str>,
    /// Value, with the entities we emit decoded.
    pub value: Cow<'a, str>,
    /// Byte offset of the tag in the file.
    pub offset: usize,
}

/// Every attribute of every tag of `html`, skipping comments and the
/// contents of `<script>` and `<style>`. Meant for HTML that stepwise wrote,
/// not for arbitrary documents.
pub fn attributes(html: &str) -> Vec<Attr<'_>> {
    let mut out = Vec::new();
    for_each_attribute(html, |a| out.push(a));
    out
}

/// Calls `f` with each attribute [`attributes`] would return, in order,
/// without collecting them: every HTML file of a build goes through here.
pub fn for_each_attribute<'a>(html: &'a str, mut f: impl FnMut(Attr<'a>)) {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &b[i..]).map(|j| i + j) {
        if b[lt..].starts_with(b"<!--") {
            i = memchr::memmem::find(&b[lt..], b"-->").map_or(b.len(), |j| lt + j + 3);
            continue;
        }
        let mut j = lt + 1;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        let tag = lower(&html[lt + 1..j]);
        if tag.is_empty() {
            i = lt + 1;
            continue;
        }
        // Attributes up to the closing '>'.
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let name = lower(&html[start..j]);
            let mut value = Cow::Borrowed("");
            if j < b.len() && b[j] == b'=' {
                j += 1;
                let (end, skip) = match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        j += 1;
                        (memchr::memchr(q, &b[j..]).map_or(b.len(), |k| j + k), 1)
                    }
                    _ => (
                        b[j..]
                            .iter()
                            .position(|&c| c.is_ascii_whitespace() || c == b'>')
                            .map_or(b.len(), |k| j + k),
                        0,
                    ),
                };
                value = decode(&html[j..end]);
                j = (end + skip).min(b.len());
            }
            if name.is_empty() {
                j += 1;
                continue;
            }
            f(Attr {
                tag: tag.clone(),
                name,
                value,
                offset: lt,
            });
        }
        i = (j + 1).min(b.len());
        if tag == "script" || tag == "style" {
            let close = format!("</{tag}");
            i = memchr::memmem::find(&b[i..], close.as_bytes()).map_or(b.len(), |k| i + k);
        }
    }
}

fn decode(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

/// `s` in lowercase, borrowed when it already is (as in HTML stepwise writes).
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// Whether [`target`] resolves `url` to a file of the site.
fn is_internal(url: &str) -> bool {
    !(url.is_empty() || is_external(url) || url.starts_with('/'))
}

/// Resolves `url` (relative, as written in `from`) to an output file path and
/// fragment; `None` for external URLs and special schemes.
pub fn target(from: &str, url: &str) -> Option<(String, Option<String>)> {
    if !is_internal(url) {
        return None;
    }
    let (path, frag) = match url.find('#') {
        Some(i) => (&url[..i], Some(url[i + 1..].to_string())),
        None => (url, None),
    };
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

fn html_files(files: &[OutputFile]) -> impl Iterator<Item = (&OutputFile, &str)> {
    files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .filter_map(|f| std::str::from_utf8(&f.bytes).ok().map(|t| (f, t)))
}

fn diag(out_label: &str, f: &OutputFile, text: &str, offset: usize, msg: String) -> Diagnostic {
    let (line, col) = line_col(text, offset);
    Diagnostic::at(format!("{out_label}/{}", f.path), text, line, col, msg)
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

/// Publishing checks on top of [`links`]: a description (at most
/// [`MAX_DESCRIPTION`] characters) on every page, exactly one `h1` per page,
/// and alt text on every image. Problems in a page's Markdown are located in
/// its content file; problems that come from templates in the rendered file.
///
/// `bodies` is each page's rendered Markdown, as the render produced it.
pub fn inspect(
    site: &Site,
    bodies: &[&Rendered],
    files: &[OutputFile],
    out_label: &str,
) -> Vec<Diagnostic> {
    let mut diags = links(files, out_label);
    // Per rendered page: h1s and images without alt that its Markdown
    // already accounts for (reported above, at their source).
    let mut from_content: HashMap<String, (usize, usize)> = HashMap::new();
    for (i, p) in site.pages.iter().enumerate() {
        match p.meta.description.as_deref().map(str::trim) {
            None | Some("") => diags
                .push(p.diag_at_key("title", None, "no description").with_hint(
                    "add `description: ...`, one sentence for search results and cards",
                )),
            Some(d) if d.chars().count() > MAX_DESCRIPTION => diags.push(
                p.diag_at_key(
                    "description",
                    None,
                    format!(
                    "description is {} characters; search engines cut it after {MAX_DESCRIPTION}",
                    d.chars().count()
                ),
                )
                .with_hint("shorten it to one sentence"),
            ),
            _ => {}
        }
        let body = bodies[i];
        for &offset in &body.h1_offsets {
            diags.push(
                p.diag_in_body(offset, "a second h1: the page's title is already its h1")
                    .with_hint("start the Markdown body's headings at ##"),
            );
        }
        let mut no_alt = 0;
        for img in body.images.iter().filter(|img| img.alt.trim().is_empty()) {
            no_alt += 1;
            diags.push(
                p.diag_in_body(img.offset, format!("image `{}` has no alt text", img.dest))
                    .with_hint("describe the image: ![what it shows](path)"),
            );
        }
        from_content.insert(
            format!("{}index.html", p.path),
            (body.h1_offsets.len(), no_alt),
        );
    }
    let prints: HashSet<String> = site
        .guides
        .iter()
        .map(|g| format!("{}print/index.html", g.dir))
        .collect();
    for (f, text) in html_files(files) {
        // The print pages repeat the pages' content; 404.html is not a page.
        if f.path == "404.html" || prints.contains(&f.path) {
            continue;
        }
        let (body_h1s, body_no_alt) = from_content.get(&f.path).copied().unwrap_or_default();
        let (h1s, no_alt) = h1s_and_images_without_alt(text);
        if h1s.saturating_sub(body_h1s) != 1 {
            diags.push(
                diag(
                    out_label,
                    f,
                    text,
                    0,
                    format!("{h1s} h1 headings; a page needs exactly one"),
                )
                .with_hint("the page's template must render exactly one h1 (usually the title)"),
            );
        }
        for &offset in no_alt.iter().skip(body_no_alt) {
            diags.push(
                diag(
                    out_label,
                    f,
                    text,
                    offset,
                    "an image of the template has no alt text".into(),
                )
                .with_hint(
                    "give the template's <img> an alt attribute (alt=\"\" if it is decoration)",
                ),
            );
        }
    }
    diags
}

/// What the publishing checks read of a rendered page, in one scan: how
/// many `h1`s it has and where its `<img>`s without a non-empty `alt` are.
fn h1s_and_images_without_alt(html: &str) -> (usize, Vec<usize>) {
    let mut h1s = HashSet::new();
    let mut imgs: Vec<(usize, bool)> = Vec::new();
    for a in attributes(html) {
        match &*a.tag {
            "h1" => {
                h1s.insert(a.offset);
            }
            "img" => {
                if imgs.last().is_none_or(|(o, _)| *o != a.offset) {
                    imgs.push((a.offset, false));
                }
                if a.name == "alt" && !a.value.trim().is_empty() {
                    if let Some(last) = imgs.last_mut() {
                        last.1 = true;
                    }
                }
            }
            _ => {}
        }
    }
    // The scan reports attributes, so an `<h1>` without any is counted here.
    let bare = html.matches("<h1>").count();
    let no_alt = imgs
        .into_iter()
        .filter(|(_, alt)| !alt)
        .map(|(o, _)| o)
        .collect();
    (h1s.len() + bare, no_alt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_attributes_and_skips_scripts() {
        let html = "<a href=\"x/\" id='y'><img src=a.png alt=\"A &amp; B\"><script>var s='<a href=\"no\">'</script><!-- <a href=z> -->";
        let got: Vec<(String, String)> = attributes(html)
            .into_iter()
            .map(|a| (a.name.into_owned(), a.value.into_owned()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("href".into(), "x/".into()),
                ("id".into(), "y".into()),
                ("src".into(), "a.png".into()),
                ("alt".into(), "A & B".into())
            ]
        );
    }

    #[test]
    fn counts_h1s_and_images_without_alt() {
        let html = "<h1>A</h1><h1 id=\"b\" class=\"x\">B</h1><img src=a.png alt=\"A\"><img src=b.png><img src=c.png alt=\" \">";
        let (h1s, no_alt) = h1s_and_images_without_alt(html);
        assert_eq!(h1s, 2);
        assert_eq!(
            no_alt,
            vec![
                html.find("<img src=b").unwrap(),
                html.find("<img src=c").unwrap()
            ]
        );
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
