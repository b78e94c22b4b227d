//! Links to the site root (`/x/`, `/img/a.png`) written in pages' Markdown
//! and raw HTML. The render writes them relative to each page and records
//! where each is written ([`RootLink`]); whether one leads anywhere is known
//! only once every file of the site is, so [`LinkIndex`](super::LinkIndex)
//! finds them broken in the built files like any other link. With
//! [`ContentLinks`] it tells them from the templates' links and reports a
//! broken one at its line in the content file, once, instead of in each
//! built file that shows it (the page, and its guide's print page).

use crate::error::{Diagnostic, Result};
use crate::load::{PageId, Site};
use crate::url::{relative, target};
use std::collections::HashMap;

/// A link to a path from the site root, written in a page's Markdown or
/// raw HTML, found while rendering it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RootLink {
    /// What follows the first `/`, as written (`x/#fragment`); for a file
    /// beside the page, where it is published (`step-2/diagram.png`).
    pub(crate) to: String,
    /// Byte offset of the link in the page's body.
    pub(crate) offset: usize,
    /// For a link to a file beside the page, written relative to the
    /// Markdown file: the link as written, and where the file would be
    /// under `content/` (what a message about it names).
    pub(crate) beside: Option<Box<Beside>>,
}

/// A link to a file beside its page, as the author wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Beside {
    /// The link as written (`forms/form.pdf`).
    pub(crate) written: String,
    /// The file it names, from the site's root (`content/step-2/forms/form.pdf`).
    pub(crate) file: String,
}

/// The root links of a site's pages, by page index, for the link check:
/// `build` has them from the render, `check` from the bodies it keeps,
/// `serve` from what it keeps of each page.
pub(crate) struct ContentLinks<'a> {
    site: Option<&'a Site>,
    links: &'a (dyn Fn(PageId) -> &'a [RootLink] + Sync),
}

/// A root link of the content, as a built file shows it.
#[derive(Debug)]
pub(super) struct Shown<'a> {
    /// The page it is written in.
    pub(super) page: PageId,
    pub(super) link: &'a RootLink,
    /// Where it leads from the built file: as [`target`] resolves the URL
    /// written there, with an empty fragment as none.
    pub(super) to: String,
    pub(super) fragment: Option<String>,
    /// Whether the built file is the page's own (not its print page).
    pub(super) own: bool,
}

/// A broken root link of the content, found in a built file.
#[derive(Debug)]
pub(super) struct Found {
    /// The page it is written in.
    pub(super) page: PageId,
    /// Its offset in the page's body.
    pub(super) offset: usize,
    /// What is written after the `/`.
    pub(super) to: String,
    pub(super) message: String,
    pub(super) hint: String,
    /// Whether it was found in the page's own file: what is reported
    /// when its print page has it too.
    pub(super) own: bool,
}

/// What a built file shows of the content.
#[derive(Debug, Clone, Copy)]
pub(super) enum Shows {
    /// A page's own file.
    Page(PageId),
    /// A guide's print page.
    Print(usize),
}

impl<'a> ContentLinks<'a> {
    /// The root links of `site`'s pages: `links(i)` gives page `i`'s, in
    /// the order they are written.
    pub(crate) fn new(
        site: &'a Site,
        links: &'a (dyn Fn(PageId) -> &'a [RootLink] + Sync),
    ) -> Self {
        ContentLinks {
            site: Some(site),
            links,
        }
    }

    /// No content: every broken link is reported in the built file.
    #[cfg(test)]
    pub(crate) fn none() -> Self {
        ContentLinks {
            site: None,
            links: &|_| &[],
        }
    }

    /// Which built file shows which content, by the file's path.
    pub(super) fn files(&self) -> HashMap<String, Shows> {
        let Some(site) = self.site else {
            return HashMap::new();
        };
        let mut files = HashMap::with_capacity(site.pages.len() + site.guides.len());
        for p in site.pages.iter() {
            files.insert(format!("{}index.html", p.path), Shows::Page(p.id));
        }
        if site.config.print {
            for (g, guide) in site.guides.iter().enumerate() {
                files.insert(format!("{}index.html", guide.print_path), Shows::Print(g));
            }
        }
        files
    }

    /// The root links of the content that the built file at `path` shows
    /// (as `shows` says), in order, each with where it leads from there.
    pub(super) fn shown(&self, path: &str, shows: Option<&Shows>) -> Vec<Shown<'a>> {
        let (Some(site), Some(&shows)) = (self.site, shows) else {
            return Vec::new();
        };
        let portable = site.config.portable;
        let pages: Vec<PageId> = match shows {
            Shows::Page(i) => vec![i],
            Shows::Print(g) => {
                let guide = &site.guides[g];
                guide.index.iter().chain(&guide.pages).copied().collect()
            }
        };
        let mut out = Vec::new();
        for i in pages {
            let page = &site.pages[i];
            for link in (self.links)(i) {
                // Written on the page as the render writes it; the print
                // page writes a link within the page as a link to the
                // page's section of it (`#<print_anchor>--<id>`, see
                // `render::print::html_for_print`), and any other link
                // relative to itself.
                let written = relative(&page.path, &link.to, portable);
                let url = match shows {
                    Shows::Page(_) => written,
                    Shows::Print(_) => match written.strip_prefix('#') {
                        Some(id) => format!("#{}--{id}", page.print_anchor),
                        None => {
                            let print = &site.guides[page.guide].print_path;
                            relative(print, &link.to, portable)
                        }
                    },
                };
                let Some((to, fragment)) = target(path, &url) else {
                    continue;
                };
                out.push(Shown {
                    page: i,
                    link,
                    to,
                    fragment,
                    own: matches!(shows, Shows::Page(_)),
                });
            }
        }
        out
    }

    /// The problems `found`, located in their content files: sorted by
    /// file and place, each once (as found in the page's own file, when
    /// its print page has it too). A page's text is loaded again if a
    /// build let go of it; failing that is the error.
    pub(super) fn diagnostics(&self, mut found: Vec<Found>) -> Result<Vec<Diagnostic>> {
        let Some(site) = self.site else {
            return Ok(Vec::new());
        };
        found.sort_by(|a, b| {
            (&site.pages[a.page].source, a.offset, &a.to, !a.own).cmp(&(
                &site.pages[b.page].source,
                b.offset,
                &b.to,
                !b.own,
            ))
        });
        // Two links can share an offset (one raw HTML tag): the same
        // link is the same page, offset and address.
        found.dedup_by(|b, a| (a.page, a.offset, &a.to) == (b.page, b.offset, &b.to));
        let mut out = Vec::with_capacity(found.len());
        let mut found = found.into_iter().peekable();
        while let Some(first) = found.next() {
            let page = first.page;
            let mut of_page = vec![(first.offset, first.message, first.hint)];
            while let Some(f) = found.next_if(|f| f.page == page) {
                of_page.push((f.offset, f.message, f.hint));
            }
            site.pages[page].text.load()?;
            out.extend(site.pages[page].diags_in_body(of_page));
        }
        Ok(out)
    }
}

/// The message and hint for the root link of the content `url` (as
/// written), which leads to `to`, no file of the site; `beside`, the file
/// under `content/` it names when it is written relative to its page.
pub(super) fn missing_file(url: &str, to: &str, beside: Option<&str>) -> (String, String) {
    if to.starts_with('(') {
        // `(outside the site)`: the path climbs above the root.
        return (
            format!("broken link `{url}`: it leads outside the site"),
            "check the address: a path from the site root cannot climb above it".into(),
        );
    }
    let hint = if let Some(file) = beside {
        format!("check the address, or put the file beside the page, at {file}")
    } else if to.ends_with("index.html") {
        "check the address, or link to the page's .md file (`[text](page.md)`), which stays right when the page moves".into()
    } else {
        format!("check the address, or put the file at static/{to}")
    };
    (
        format!("broken link `{url}`: no file {to} in the site"),
        hint,
    )
}
