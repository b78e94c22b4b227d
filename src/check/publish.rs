//! The publishing checks `stepwise check` adds to the link check: a
//! description on every page, exactly one `h1` per page, alt text on every
//! image.

use super::links::{html_files, links};
use crate::error::{line_col, Diagnostic};
use crate::html::attributes;
use crate::load::Site;
use crate::render::markdown::Rendered;
use crate::render::OutputFile;
use std::collections::{HashMap, HashSet};

/// Longest description search engines show in full.
pub const MAX_DESCRIPTION: usize = 160;

fn diag(out_label: &str, f: &OutputFile, text: &str, offset: usize, msg: String) -> Diagnostic {
    let (line, col) = line_col(text, offset);
    Diagnostic::at(format!("{out_label}/{}", f.path), text, line, col, msg)
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
