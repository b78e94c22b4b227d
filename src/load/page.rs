//! One content file, parsed ([`Page`]): its front matter, its text and
//! its URLs, and the diagnostics located in it.

use super::date::Date;
use super::front_matter::FrontMatter;
use super::page_id::PageId;
use super::split::split;
use super::text::PageText;
use super::yaml;
use super::yaml_events::{self, Step};
use crate::error::{Diagnostic, Locator};
use std::path::PathBuf;
use std::sync::Arc;

/// One content file, parsed.
#[derive(Debug, Clone)]
pub struct Page {
    /// Its id in the site ([`Pages`] gives it).
    pub(crate) id: PageId,
    /// Path shown to the user, relative to the site root (`content/step-2.md`).
    pub(crate) source: PathBuf,
    /// Path relative to `content/`, with `/` separators (`step-2.md`).
    pub(crate) rel: String,
    /// The whole file, for rendering and diagnostics.
    pub text: PageText,
    /// Byte offset of the Markdown body in the text.
    pub(crate) body_start: usize,
    /// The parsed front matter.
    pub(crate) meta: FrontMatter,
    /// The `updated` date of the front matter, parsed.
    pub(crate) updated: Option<Date>,
    /// URL path from the site root: `""` for the home page, `step-2/` otherwise.
    pub(crate) path: String,
    /// URL path of the page's checklist page (`step-2/checklist/`), for a
    /// step page with a checklist.
    pub(crate) checklist_path: Option<String>,
    /// The fragment of the page's section on its guide's print page
    /// (`step-2`, `home` for the home page); its headings' ids there are
    /// `<print_anchor>--<id>`.
    pub(crate) print_anchor: String,
    /// Index of its guide in [`Site::guides`].
    pub(crate) guide: usize,
    /// Whether this is a guide's `_index.md`.
    pub(crate) is_index: bool,
}

impl Page {
    /// The whole file. It is held from the moment the page loads; a build
    /// releases it once the page is rendered, and what reports on the page
    /// after that loads it again first ([`PageText::load`]).
    pub(crate) fn text(&self) -> Arc<str> {
        let text = self.text.get();
        debug_assert!(
            text.is_some(),
            "{}: its text was released and not loaded again",
            self.source.display()
        );
        text.unwrap_or_default()
    }

    /// The length of the Markdown body in bytes (known while the text is
    /// released).
    pub(crate) fn body_len(&self) -> usize {
        self.text.len() - self.body_start
    }

    /// A diagnostic at byte `offset` of the body.
    pub(crate) fn diag_in_body(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let text = self.text();
        Diagnostic::at_offset(&self.source, &text, self.body_start + offset, message)
    }

    /// Diagnostics at byte offsets of the body, each `(offset, message,
    /// hint)`, in the order of their offsets: the text is read once however
    /// many there are (a page may hold thousands of broken links).
    pub(crate) fn diags_in_body(
        &self,
        mut found: Vec<(usize, String, String)>,
    ) -> impl Iterator<Item = Diagnostic> + '_ {
        found.sort_by_key(|f| f.0);
        let text = self.text();
        let mut locator = Locator::new();
        found.into_iter().map(move |(offset, message, hint)| {
            locator
                .diagnostic(&text, &self.source, self.body_start + offset, message)
                .with_hint(hint)
        })
    }

    /// A diagnostic at the front matter line holding `key` (and `value`, if given).
    pub(crate) fn diag_at_key(
        &self,
        key: &str,
        value: Option<&str>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let text = self.text();
        let (line, col) = yaml::locate(&text, key, value);
        Diagnostic::at(&self.source, &text, line, col, message)
    }

    /// Like [`Page::diag_at_key`], at the `skip + 1`-th line holding `key`
    /// (and `value`): for a value the front matter repeats.
    pub(crate) fn diag_at_nth_key(
        &self,
        key: &str,
        value: Option<&str>,
        skip: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let text = self.text();
        let (line, col) = yaml::locate_nth(&text, key, value, skip);
        Diagnostic::at(&self.source, &text, line, col, message)
    }

    /// A diagnostic at the front matter value at `path` (`glossary`, 2,
    /// `aliases`, 0), found in the YAML's structure; at the line of the
    /// path's last key when the value is not found.
    pub(crate) fn diag_at_path(&self, path: &[Step], message: impl Into<String>) -> Diagnostic {
        let text = self.text();
        let found = split(&text).ok().and_then(|s| {
            let (line, col) = yaml_events::locate(s.front, path)?;
            Some((line + s.front_line - 1, col))
        });
        let (line, col) = found.unwrap_or_else(|| {
            let key = path.iter().rev().find_map(|s| match s {
                Step::Key(k) => Some(*k),
                Step::Index(_) => None,
            });
            yaml::locate(&text, key.unwrap_or_default(), None)
        });
        Diagnostic::at(&self.source, &text, line, col, message)
    }

    /// Whether this page has a checklist (and so a checklist page).
    pub(crate) fn has_checklist(&self) -> bool {
        self.checklist_path.is_some()
    }

    /// A page at `rel` under `content/` with `meta`, for unit tests.
    #[cfg(test)]
    pub(crate) fn for_test(rel: &str, meta: FrontMatter) -> Page {
        Page {
            id: PageId::default(),
            source: PathBuf::from("content").join(rel),
            rel: rel.to_string(),
            text: PageText::new(PathBuf::from(rel), String::new()),
            body_start: 0,
            meta,
            updated: None,
            path: format!("{}/", rel.trim_end_matches(".md")),
            checklist_path: None,
            print_anchor: String::new(),
            guide: 0,
            is_index: false,
        }
    }
}
