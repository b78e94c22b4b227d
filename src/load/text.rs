//! The text of a content file, kept for rendering and diagnostics, which a
//! streaming build lets go of once the page is rendered: if a diagnostic
//! needs it later, it is read back from disk.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

/// A content file's text (after any byte-order mark).
#[derive(Debug)]
pub struct PageText {
    file: PathBuf,
    text: RwLock<Option<Arc<str>>>,
}

impl PageText {
    /// Text read from `file`.
    pub fn new(file: PathBuf, text: String) -> Self {
        PageText {
            file,
            text: RwLock::new(Some(text.into())),
        }
    }

    /// The text, read back from disk if it was released.
    pub fn get(&self) -> Arc<str> {
        if let Some(t) = self.text.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
            return Arc::clone(t);
        }
        #[cfg(test)]
        super::reads::record(&self.file);
        let bytes = std::fs::read(&self.file).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        let text: Arc<str> = text.strip_prefix('\u{feff}').unwrap_or(&text).into();
        *self.text.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::clone(&text));
        text
    }

    /// Lets go of the text until it is needed again.
    pub fn release(&self) {
        *self.text.write().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

impl Clone for PageText {
    fn clone(&self) -> Self {
        PageText {
            file: self.file.clone(),
            text: RwLock::new(Some(self.get())),
        }
    }
}

impl PartialEq for PageText {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}
