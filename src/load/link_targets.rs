//! Resolving links written between content files (`step-2.md#red-flags`).
//!
//! Used for Markdown links, checklist `see:` targets and the links in
//! sources' notes alike, so all accept the same forms and fail with the
//! same messages.

use super::folders::url_dir;
use super::front_matter::SeeTarget;
use super::page_id::PageId;
use super::site::Site;
use super::sources::NoteLink;
use crate::error::closest;
use crate::error::Diagnostic;
use crate::url::{is_external, normalize};

/// What a link in a content file points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// Another page (or this one) of the site, with an optional anchor.
    Page {
        /// Its id.
        page: PageId,
        /// The fragment without `#`, if any.
        anchor: Option<String>,
    },
    /// A path from the site root (`/images/x.png`, or where a file beside
    /// the page is published: `step-2/diagram.png`), written relative on
    /// output.
    SiteRoot(String),
    /// Anything we leave alone: external URLs, `mailto:`, relative paths
    /// that name no file under `content/`.
    Other,
}

/// Resolves `dest`, written in page `from`. Errors say what is wrong and how to fix it.
pub(crate) fn resolve(site: &Site, from: PageId, dest: &str) -> Result<Target, (String, String)> {
    let (path, anchor) = match dest.find('#') {
        Some(i) => (&dest[..i], Some(dest[i + 1..].to_string())),
        None => (dest, None),
    };
    if path.is_empty() {
        return Ok(Target::Page { page: from, anchor });
    }
    if is_external(path) {
        return Ok(Target::Other);
    }
    if let Some(rest) = path.strip_prefix('/') {
        return Ok(Target::SiteRoot(format!(
            "{rest}{}",
            anchor.map(|a| format!("#{a}")).unwrap_or_default()
        )));
    }
    let from_rel = &site.pages[from].rel;
    let dir = from_rel.rfind('/').map_or("", |i| &from_rel[..=i]);
    if !path.ends_with(".md") {
        // A file beside the pages; in a page bundle, whose folder is its
        // page's, any file: a missing one is then reported where the link
        // is written.
        let file = content_file(site, dir, path).or_else(|| {
            let bundle = from_rel.ends_with("/index.md");
            bundle.then(|| beside(dir, path)).flatten()
        });
        return Ok(match file {
            Some(to) => Target::SiteRoot(format!(
                "{to}{}",
                anchor.map(|a| format!("#{a}")).unwrap_or_default()
            )),
            None => Target::Other,
        });
    }
    let Some(rel) = normalize(&format!("{dir}{path}")) else {
        return Err((
            format!("link `{dest}` leaves the content folder"),
            "link to another .md file under content/".into(),
        ));
    };
    match site.by_rel.get(&rel) {
        Some(&page) => Ok(Target::Page { page, anchor }),
        // Its own problems are reported; whether the link is right cannot be known.
        None if site.unloaded.contains(&rel) => Ok(Target::Other),
        None if site.drafts.contains(&rel) => Err((
            format!("broken link: content/{rel} is a draft (`draft: true`), left out of this build"),
            "publish it (remove `draft: true`), build with --drafts to preview it, or remove the link".into(),
        )),
        None => {
            let names: Vec<&str> = site.pages.iter().map(|p| p.rel.as_str()).collect();
            let hint = match closest(&rel, &names) {
                Some(c) => format!("did you mean `{}`?", relative_to(dir, c)),
                None => "link to an existing .md file, relative to this one".into(),
            };
            Err((format!("broken link: content/{rel} does not exist"), hint))
        }
    }
}

/// Where the file beside the pages that `path` (with its query, if any)
/// names, written in a page in the folder `dir` under `content/`, is
/// published, with the query; `None` when it names no such file.
fn content_file(site: &Site, dir: &str, path: &str) -> Option<String> {
    if site.content_files.is_empty() {
        return None;
    }
    let (file, query) = match path.find('?') {
        Some(i) => path.split_at(i),
        None => (path, ""),
    };
    let rel = normalize(&format!("{dir}{}", percent_decode(file)))?;
    site.content_files
        .get(&rel)
        .map(|f| format!("{}{query}", f.path))
}

/// Where a file `path` (with its query, if any), written in a page in the
/// folder `dir` under `content/`, would be published if it were there.
fn beside(dir: &str, path: &str) -> Option<String> {
    let (file, query) = match path.find('?') {
        Some(i) => path.split_at(i),
        None => (path, ""),
    };
    let rel = normalize(&format!("{dir}{file}"))?;
    let folder_like = file.ends_with('/')
        || file
            .rsplit('/')
            .next()
            .is_some_and(|l| l == "." || l == "..");
    if folder_like {
        let folder = if rel.is_empty() {
            rel
        } else {
            format!("{rel}/")
        };
        return Some(format!("{}{query}", url_dir(&folder).ok()?));
    }
    let (folder, name) = match rel.rsplit_once('/') {
        Some((folder, name)) => (format!("{folder}/"), name),
        None => (String::new(), rel.as_str()),
    };
    Some(format!("{}{name}{query}", url_dir(&folder).ok()?))
}

/// `%XX` escapes decoded, as a browser reads a link to a file; text that is
/// no escape, or bytes that make no UTF-8, left as written.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, ..) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Whether `dest`, written in page `from`, names a content file that failed
/// to load.
pub(crate) fn leads_to_unloaded(site: &Site, from: PageId, dest: &str) -> bool {
    if site.unloaded.is_empty() {
        return false;
    }
    let path = dest.split('#').next().unwrap_or_default();
    let from_rel = &site.pages[from].rel;
    let dir = from_rel.rfind('/').map_or("", |i| &from_rel[..=i]);
    normalize(&format!("{dir}{path}")).is_some_and(|rel| site.unloaded.contains(&rel))
}

fn relative_to(dir: &str, rel: &str) -> String {
    rel.strip_prefix(dir).unwrap_or(rel).to_string()
}

/// Resolves every checklist item's `see:` to the page it names (whether its
/// anchor exists is checked once pages are rendered). Returns the problems.
pub(crate) fn resolve_see(site: &mut Site) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut targets = Vec::new();
    for page in site.pages.iter() {
        let i = page.id;
        let items = page.meta.checklist.iter().flat_map(|g| &g.items);
        for (k, item) in items.enumerate() {
            let Some(see) = item.see.as_deref() else {
                continue;
            };
            let bad = |msg: String, hint: String| {
                page.diag_at_key(
                    "see",
                    Some(see),
                    format!("checklist item \"{}\": {msg}", item.id),
                )
                .with_hint(hint)
            };
            if leads_to_unloaded(site, i, see) {
                continue;
            }
            match resolve(site, i, see) {
                Ok(Target::Page { page: t, anchor }) => {
                    let url = format!(
                        "{}{}",
                        site.pages[t].path,
                        anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default()
                    );
                    targets.push((
                        i,
                        k,
                        SeeTarget {
                            page: t,
                            anchor,
                            url,
                        },
                    ));
                }
                Ok(_) => diags.push(bad(
                    format!("see must point into the guide, found `{see}`"),
                    "use `#heading-id` on this page, or `other-page.md#heading-id`".into(),
                )),
                Err((msg, hint)) => diags.push(bad(msg, hint)),
            }
        }
    }
    for (i, k, target) in targets {
        let items = site.pages[i]
            .meta
            .checklist
            .iter_mut()
            .flat_map(|g| &mut g.items);
        if let Some(item) = items.into_iter().nth(k) {
            item.target = Some(target);
        }
    }
    diags
}

/// Resolves the links in every source's note (see `sources.rs`) to the
/// pages and site-root paths they name; whether an anchor exists is
/// checked once pages are rendered. Returns the problems, each at its
/// note's line.
pub(crate) fn resolve_notes(site: &mut Site) -> Vec<Diagnostic> {
    let Some(sources) = &site.sources else {
        return Vec::new();
    };
    let page = &site.pages[sources.page];
    let mut diags = Vec::new();
    let mut resolved = Vec::new();
    for source in &sources.entries {
        let Some(note) = &page.meta.sources[source.index].note else {
            resolved.push(Vec::new());
            continue;
        };
        // The n-th source with a note has the page's n-th `note:` line.
        let nth = page.meta.sources[..source.index]
            .iter()
            .filter(|e| e.note.is_some())
            .count();
        let mut links = Vec::new();
        for event in pulldown_cmark::Parser::new(note) {
            let (pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. })
            | pulldown_cmark::Event::Start(pulldown_cmark::Tag::Image { dest_url, .. })) = event
            else {
                continue;
            };
            if leads_to_unloaded(site, page.id, &dest_url) {
                continue;
            }
            let (target, anchor, to) = match resolve(site, page.id, &dest_url) {
                Ok(Target::Page { page: t, anchor }) => {
                    let to = format!(
                        "{}{}",
                        site.pages[t].path,
                        anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default()
                    );
                    (Some(t), anchor, to)
                }
                Ok(Target::SiteRoot(to)) => (None, None, to),
                Ok(Target::Other) => continue,
                Err((message, hint)) => {
                    diags.push(
                        page.diag_at_nth_key(
                            "note",
                            None,
                            nth,
                            format!("source `{}`: {message}", source.id),
                        )
                        .with_hint(hint),
                    );
                    continue;
                }
            };
            links.push(NoteLink {
                dest: dest_url.to_string(),
                page: target,
                anchor,
                to,
            });
        }
        resolved.push(links);
    }
    if let Some(sources) = &mut site.sources {
        for (source, links) in sources.entries.iter_mut().zip(resolved) {
            source.links = links;
        }
    }
    diags
}
