//! The publishing checks `stepwise check` adds to the link check: a
//! description on every page, exactly one `h1` per page, alt text on every
//! image.

use super::link_index::LinkIndex;
use super::root_links::{ContentLinks, RootLink};
use crate::error::{Diagnostic, Result};
use crate::html::attributes;
use crate::load::{PageId, Site, DESCRIPTION_MAX};
use std::collections::{HashMap, HashSet};

/// An image in a page's body, found while rendering Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImageRef {
    /// The destination as written.
    pub(crate) dest: String,
    /// The alt text.
    pub(crate) alt: String,
    /// Byte offset of the image in the page's body.
    pub(crate) offset: usize,
    /// Whether it is an `<img>` written as raw HTML (not `![alt](src)`).
    pub(crate) raw: bool,
}

/// What the publishing checks need of one page's rendered Markdown.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct BodyFacts<'a> {
    /// Byte offsets of h1 headings in the body.
    pub(crate) h1_offsets: &'a [usize],
    /// Images, with their alt text.
    pub(crate) images: &'a [ImageRef],
    /// Its links to the site root.
    pub(crate) root_links: &'a [RootLink],
}

fn diag(out_label: &str, path: &str, text: &str, offset: usize, msg: String) -> Diagnostic {
    Diagnostic::at_offset(format!("{out_label}/{path}"), text, offset, msg)
}

/// The link check ([`LinkIndex`]) and the publishing checks: a description
/// (at most [`DESCRIPTION_MAX`] characters) on every page, exactly one `h1`
/// per page, and alt text on every image. Problems in a page's Markdown are
/// located in its content file; problems that come from templates in the
/// rendered file.
///
/// `bodies` gives what each page's rendered Markdown showed, `files` every
/// file of the rendered site (path, bytes).
pub(crate) fn inspect<'b>(
    site: &Site,
    bodies: &(dyn Fn(PageId) -> BodyFacts<'b> + Sync),
    files: &[(&str, &[u8])],
    out_label: &str,
) -> Result<Vec<Diagnostic>> {
    let text: HashMap<&str, &[u8]> = files.iter().copied().collect();
    let text_of = |path: &str| {
        text.get(path)
            .map(|b| String::from_utf8_lossy(b).into_owned())
    };
    let root_links = |i: PageId| bodies(i).root_links;
    let content = ContentLinks::new(site, &root_links);
    let mut diags = LinkIndex::of(files.iter().copied()).check(&text_of, out_label, &content)?;
    // Per rendered page: h1s and images without alt that its Markdown
    // already accounts for (reported above, at their source).
    let mut from_content: HashMap<String, (usize, usize)> = HashMap::new();
    for p in site.pages.iter() {
        match p.meta.description.as_deref().map(str::trim) {
            None | Some("") => diags
                .push(p.diag_at_key("title", None, "no description").with_hint(
                    "add `description: ...`, one sentence for search results and cards",
                )),
            Some(d) if d.chars().count() > DESCRIPTION_MAX => diags.push(
                p.diag_at_key(
                    "description",
                    None,
                    format!(
                    "description is {} characters; search engines cut it after {DESCRIPTION_MAX}",
                    d.chars().count()
                ),
                )
                .with_hint("shorten it to one sentence"),
            ),
            _ => {}
        }
        let body = bodies(p.id);
        for &offset in body.h1_offsets {
            diags.push(
                p.diag_in_body(offset, "a second h1: the page's title is already its h1")
                    .with_hint("start the Markdown body's headings at ##"),
            );
        }
        let mut no_alt = 0;
        for img in body.images.iter().filter(|img| img.alt.trim().is_empty()) {
            no_alt += 1;
            let hint = if img.raw {
                "describe the image: <img alt=\"what it shows\" ...>"
            } else {
                "describe the image: ![what it shows](path)"
            };
            diags.push(
                p.diag_in_body(img.offset, format!("image `{}` has no alt text", img.dest))
                    .with_hint(hint),
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
        .map(|g| format!("{}index.html", g.print_path))
        .collect();
    let html = files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .filter_map(|(path, bytes)| std::str::from_utf8(bytes).ok().map(|t| (*path, t)));
    for (path, text) in html {
        // The print pages repeat the pages' content; 404.html is not a page.
        if path == "404.html" || prints.contains(path) {
            continue;
        }
        let (body_h1s, body_no_alt) = from_content.get(path).copied().unwrap_or_default();
        let (h1s, no_alt) = h1s_and_images_without_alt(text);
        if h1s.saturating_sub(body_h1s) != 1 {
            diags.push(
                diag(
                    out_label,
                    path,
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
                    path,
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
    Ok(diags)
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
}
