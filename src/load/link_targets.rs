//! Resolving links written between content files (`step-2.md#red-flags`).
//!
//! Used for Markdown links and for checklist `see:` targets alike, so both
//! accept the same forms and fail with the same messages.

use super::front_matter::SeeTarget;
use super::page_id::PageId;
use super::site::Site;
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
    /// A path from the site root (`/images/x.png`), written relative on output.
    SiteRoot(String),
    /// Anything we leave alone: external URLs, `mailto:`, relative asset paths.
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
    if !path.ends_with(".md") {
        return Ok(Target::Other);
    }
    let from_rel = &site.pages[from].rel;
    let dir = from_rel.rfind('/').map_or("", |i| &from_rel[..=i]);
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

/// Whether `dest`, written in page `from`, names a content file that failed
/// to load.
fn leads_to_unloaded(site: &Site, from: PageId, dest: &str) -> bool {
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
