//! Resolving links written between content files (`step-2.md#red-flags`).
//!
//! Used for Markdown links and for checklist `see:` targets alike, so both
//! accept the same forms and fail with the same messages.

use crate::error::closest;
use crate::load::Site;
use crate::url::{is_external, normalize};

/// What a link in a content file points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Another page (or this one) of the site, with an optional anchor.
    Page {
        /// Index into [`Site::pages`].
        page: usize,
        /// The fragment without `#`, if any.
        anchor: Option<String>,
    },
    /// A path from the site root (`/images/x.png`), written relative on output.
    SiteRoot(String),
    /// Anything we leave alone: external URLs, `mailto:`, relative asset paths.
    Other,
}

/// Resolves `dest`, written in page `from`. Errors say what is wrong and how to fix it.
pub fn resolve(site: &Site, from: usize, dest: &str) -> Result<Target, (String, String)> {
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

fn relative_to(dir: &str, rel: &str) -> String {
    rel.strip_prefix(dir).unwrap_or(rel).to_string()
}
