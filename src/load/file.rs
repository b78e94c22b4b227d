//! One content file: read, decoded, split at its front matter fences and
//! parsed into a [`Page`] (not yet placed in a guide).

use super::control_chars;
use super::date::Date;
use super::folders::url_dir;
use super::front_matter::{FrontMatter, KEYS};
use super::page::Page;
use super::split::{split, SplitError};
use super::text::PageText;
use super::validate::{example_slug, validate};
use super::walk::{bad_name, Names};
use super::yaml;
use crate::error::{line_col, Diagnostic};
use crate::url::{slugify, MAX_NAME_BYTES};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The largest content file stepwise reads: 1 MiB, a long book's worth of
/// prose. A page's Markdown takes up to about 180 times its size in memory
/// while it renders (a text made only of `*` and `_` delimiters), so the
/// limit keeps a build within a few hundred megabytes.
pub(crate) const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// `bytes` in megabytes, for messages: `1 MB`, `16.3 MB`.
fn megabytes(bytes: u64) -> String {
    let tenths = (bytes * 10).div_ceil(1024 * 1024);
    if tenths % 10 == 0 {
        format!("{} MB", tenths / 10)
    } else {
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

/// The text of the content file at `abs`: its name and size checked, read,
/// decoded as UTF-8 and without a byte order mark.
fn read_text(rel: &str, abs: &Path, source: &Path) -> std::result::Result<String, Vec<Diagnostic>> {
    // The walk refuses such names; `serve` hands over a saved file's name
    // without walking.
    if let Some(why) = rel
        .split('/')
        .find_map(|part| bad_name(OsStr::new(part), Names::Read))
    {
        return Err(vec![Diagnostic::file(
            source,
            format!("the name of this file {why}"),
        )
        .with_hint("rename the file: stepwise leaves it out until then")]);
    }
    if let Ok(meta) = std::fs::metadata(abs) {
        if meta.len() > MAX_FILE_BYTES {
            return Err(vec![Diagnostic::file(
                source,
                format!(
                    "this file is {}, more than the {} a content file may hold",
                    megabytes(meta.len()),
                    megabytes(MAX_FILE_BYTES)
                ),
            )
            .with_hint(
                "split it into several pages: rendering time and memory grow with a page's size",
            )]);
        }
    }
    #[cfg(test)]
    super::reads::record(abs);
    let bytes = std::fs::read(abs)
        .map_err(|e| vec![Diagnostic::file(source, format!("cannot read: {e}"))])?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let good = String::from_utf8_lossy(&bytes[..at]);
            let (line, col) = line_col(&good, good.len());
            let whole = String::from_utf8_lossy(bytes);
            return Err(vec![Diagnostic::at(
                source,
                &whole,
                line,
                col,
                format!("not valid UTF-8 (byte 0x{:02x})", bytes[at]),
            )
            .with_hint("re-save the file as UTF-8")]);
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(t) => t.to_string(),
        None => text,
    };
    Ok(text)
}

/// Reads and parses the content file at `abs`, `rel` under `content/`.
/// Returns every problem found in it (none when only its folder's name is
/// wrong, which [`folders::check`](super::folders::check) reports once for the folder).
pub(crate) fn parse_file(rel: &str, abs: &Path) -> std::result::Result<Page, Vec<Diagnostic>> {
    let source = PathBuf::from("content").join(rel);
    let text = read_text(rel, abs, &source)?;
    if let Some(d) = control_chars::check(&source, &text) {
        return Err(vec![d]);
    }
    let s = match split(&text) {
        Ok(s) => s,
        Err(SplitError::Missing) => {
            return Err(vec![Diagnostic::at(
                &source,
                &text,
                1,
                1,
                "missing front matter",
            )
            .with_hint(
                "start the file with a `---` line, then `title: ...`, then another `---` line",
            )])
        }
        Err(SplitError::Unclosed) => {
            return Err(vec![Diagnostic::at(
                &source,
                &text,
                1,
                1,
                "front matter is not closed: no second `---` line",
            )
            .with_hint("add a `---` line after the last front matter key")])
        }
    };
    let meta: FrontMatter =
        yaml::parse(s.front, &source, &text, s.front_line, KEYS).map_err(|mut diags| {
            for d in &mut diags {
                if d.message.contains("missing required key `title`") {
                    d.line = 1;
                    d.col = 1;
                    d.source_line = None;
                    if let Some(first) = text.lines().next() {
                        d.quote(first);
                    }
                }
            }
            diags
        })?;
    let is_index = rel == "_index.md" || rel.ends_with("/_index.md");
    let mut page = Page {
        id: Default::default(),
        source,
        rel: rel.to_string(),
        body_start: s.body_start,
        meta,
        updated: None,
        path: String::new(),
        checklist_path: None,
        print_anchor: String::new(),
        guide: 0,
        is_index,
        text: PageText::new(abs.to_path_buf(), text),
    };
    let diags = validate(&page);
    if !diags.is_empty() {
        return Err(diags);
    }
    // `date` is another name for `updated` (validate made sure only one is
    // given): from here on the model knows only `updated`.
    if page.meta.updated.is_none() {
        page.meta.updated = page.meta.date.take();
    }
    page.updated = page.meta.updated.as_deref().and_then(Date::parse);
    page.path = url_path(&page).map_err(|d| d.into_iter().collect::<Vec<_>>())?;
    page.checklist_path =
        (!page.meta.checklist.is_empty()).then(|| format!("{}checklist/", page.path));
    page.print_anchor = match page.path.trim_end_matches('/') {
        "" => "home".into(),
        path => slugify(path),
    };
    Ok(page)
}

/// The URL path of a page, from its place under `content/` (each folder's
/// name slugified) and its slug (`slug:`, or the file name's slug; a
/// folder's `index.md` takes the folder's URL). `None`
/// when a folder's name makes no URL: [`folders::check`](super::folders::check) reports that once
/// for the folder, not once per page.
fn url_path(page: &Page) -> Result<String, Option<Diagnostic>> {
    let (dir, file) = match page.rel.rfind('/') {
        Some(i) => page.rel.split_at(i + 1),
        None => ("", page.rel.as_str()),
    };
    let dir = url_dir(dir).map_err(|_| None)?;
    if page.is_index {
        return Ok(dir);
    }
    // A page bundle, `step-2/index.md`, is its folder's page: published at
    // the folder's URL, beside the files of its folder. A `slug:` renames
    // the folder's part of the URL.
    if file == "index.md" && !dir.is_empty() {
        return Ok(match &page.meta.slug {
            Some(slug) => {
                let parent = dir[..dir.len() - 1].rfind('/').map_or("", |i| &dir[..=i]);
                format!("{parent}{slug}/")
            }
            None => dir,
        });
    }
    let slug = match &page.meta.slug {
        Some(slug) => slug.clone(),
        None => match slugify(file.trim_end_matches(".md")) {
            s if s.is_empty() => {
                return Err(Some(
                    Diagnostic::at(
                        &page.source,
                        &page.text(),
                        1,
                        1,
                        format!(
                            "the file name `{file}` has no letters or digits to make a URL from"
                        ),
                    )
                    .with_hint(format!(
                        "add a line `slug: {}` to the front matter, or rename the file",
                        example_slug(&page.meta.title)
                    )),
                ))
            }
            s => s,
        },
    };
    if slug.len() > MAX_NAME_BYTES {
        let (key, value, what) = match &page.meta.slug {
            Some(s) => ("slug", Some(s.as_str()), "this slug"),
            None => ("title", None, "the slug of this file's name"),
        };
        let d = page
            .diag_at_key(
                key,
                value,
                format!(
                    "{what} is {} bytes long, more than a file system holds in one name ({MAX_NAME_BYTES} bytes)",
                    slug.len()
                ),
            )
            .with_hint("shorten it: it names the page's folder in the output");
        return Err(Some(d));
    }
    Ok(format!("{dir}{slug}/"))
}
