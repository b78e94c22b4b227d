//! The text of a content file, kept for rendering and diagnostics. A
//! streaming build lets go of it once the page is rendered
//! ([`PageText::release`]); whatever reports on the page afterwards loads
//! it again first ([`PageText::load`]), and a file that cannot be read then
//! is an error naming it. Nothing here reads the disk behind a caller's
//! back: cloning a text never does, and texts are compared only as held
//! ([`PageText::same_as`]).

use crate::error::{Error, Result};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

/// A content file's text (after any byte-order mark), and its length, which
/// stays known while the text itself is released.
#[derive(Debug)]
pub struct PageText {
    file: PathBuf,
    len: usize,
    text: RwLock<Option<Arc<str>>>,
}

impl PageText {
    /// Text read from `file`.
    pub fn new(file: PathBuf, text: String) -> Self {
        PageText {
            file,
            len: text.len(),
            text: RwLock::new(Some(text.into())),
        }
    }

    /// The text, unless it was released and not loaded again.
    pub(crate) fn get(&self) -> Option<Arc<str>> {
        self.text
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(Arc::clone)
    }

    /// Reads the text back from its file if it was released. The file was
    /// read once already; if it cannot be read now, that is an error naming
    /// it.
    pub(crate) fn load(&self) -> Result<()> {
        if self.get().is_some() {
            return Ok(());
        }
        #[cfg(test)]
        super::reads::record(&self.file);
        let bytes = std::fs::read(&self.file).map_err(|e| Error::io(&self.file, e))?;
        let text = String::from_utf8_lossy(&bytes);
        let text: Arc<str> = text.strip_prefix('\u{feff}').unwrap_or(&text).into();
        *self.text.write().unwrap_or_else(|e| e.into_inner()) = Some(text);
        Ok(())
    }

    /// Lets go of the text until [`load`](Self::load) reads it again.
    pub(crate) fn release(&self) {
        *self.text.write().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Whether this text and `other` are both held and the same: `serve`
    /// holds every text, and tells a file saved without a change by it.
    pub(crate) fn same_as(&self, other: &PageText) -> bool {
        self.len == other.len && matches!((self.get(), other.get()), (Some(a), Some(b)) if a == b)
    }

    /// The text's length in bytes.
    pub(crate) fn len(&self) -> usize {
        self.len
    }
}

impl Clone for PageText {
    /// The same text, held or released as this one is.
    fn clone(&self) -> Self {
        PageText {
            file: self.file.clone(),
            len: self.len,
            text: RwLock::new(self.get()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_released_text_comes_back_only_when_loaded() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("page.md");
        std::fs::write(&file, "\u{feff}Some text.").expect("write");
        let text = PageText::new(file.clone(), "Some text.".into());
        let same = PageText::new(PathBuf::from("elsewhere.md"), "Some text.".into());
        text.release();
        assert_eq!(text.get(), None);
        // Cloning does not read the file, nor does comparing (a text let go
        // of is no known text).
        assert_eq!(text.clone().get(), None);
        assert!(!text.same_as(&same));
        assert_eq!(text.len(), 10);
        text.load().expect("load");
        assert_eq!(text.get().as_deref(), Some("Some text."));
        assert!(text.same_as(&same));
    }

    #[test]
    fn a_text_that_cannot_be_read_back_is_an_error_naming_its_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("gone.md");
        let text = PageText::new(file.clone(), "Text.".into());
        text.release();
        match text.load() {
            Err(Error::Io { path, .. }) => assert_eq!(path, file),
            other => panic!("expected an I/O error, got {other:?}"),
        }
        assert_eq!(text.get(), None);
    }
}
