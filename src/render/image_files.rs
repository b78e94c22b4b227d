//! The images a site publishes, measured when a page shows one: a file
//! beside the pages under `content/`, one of `static/`, or one of the
//! theme's, found by where it is published, as [`static_files`] publishes
//! them. Each is read once per render, whatever the number of pages that
//! show it.
//!
//! [`static_files`]: super::outputs::static_files

use super::image_size::{size_of, Size};
use crate::load::{Site, Theme};
use crate::sync::lock;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// Bytes read first: every header this reads is within them, but for a
/// JPEG with large metadata before its frame, which is read whole.
const HEAD: u64 = 256 * 1024;

/// Sizes of the images a site publishes.
pub(crate) trait ImageSizes {
    /// The size of the image published at `path` (from the site's root),
    /// if the site has it and its header states one.
    fn size(&self, path: &str) -> Option<Size>;
}

impl ImageSizes for ImageFiles<'_> {
    fn size(&self, path: &str) -> Option<Size> {
        self.measured(path)
    }
}

/// Where a site's images are, and the sizes measured so far.
pub(crate) struct ImageFiles<'a> {
    site: Option<&'a Site>,
    theme: Option<&'a Theme>,
    /// The files beside the pages, by where they are published.
    beside: OnceLock<HashMap<&'a str, &'a Path>>,
    measured: Mutex<HashMap<String, Option<Size>>>,
}

impl<'a> ImageFiles<'a> {
    /// The images of `site` and `theme`.
    pub(crate) fn new(site: &'a Site, theme: &'a Theme) -> ImageFiles<'a> {
        ImageFiles {
            site: Some(site),
            theme: Some(theme),
            beside: OnceLock::new(),
            measured: Mutex::default(),
        }
    }

    /// No images: nothing is measured.
    pub(crate) fn none() -> ImageFiles<'static> {
        ImageFiles {
            site: None,
            theme: None,
            beside: OnceLock::new(),
            measured: Mutex::default(),
        }
    }

    fn measured(&self, path: &str) -> Option<Size> {
        if let Some(known) = lock(&self.measured).get(path) {
            return *known;
        }
        let size = self.measure(path);
        lock(&self.measured).insert(path.to_string(), size);
        size
    }

    fn measure(&self, path: &str) -> Option<Size> {
        let beside = self.beside.get_or_init(|| {
            self.site
                .map(|s| {
                    s.content_files
                        .values()
                        .map(|f| (f.path.as_str(), f.source.as_path()))
                        .collect()
                })
                .unwrap_or_default()
        });
        if let Some(file) = beside.get(path) {
            return read_size(file);
        }
        let theme = self.theme?;
        if let Some((_, file)) = theme.site_static.iter().find(|(rel, _)| rel == path) {
            return read_size(file);
        }
        theme.assets.get(path).and_then(|bytes| size_of(bytes))
    }
}

/// The size stated by the file at `path`: its head first, the whole file
/// when the head is not enough.
fn read_size(path: &Path) -> Option<Size> {
    let mut head = Vec::new();
    let file = std::fs::File::open(path).ok()?;
    file.take(HEAD).read_to_end(&mut head).ok()?;
    match size_of(&head) {
        Some(size) => Some(size),
        None if head.len() as u64 == HEAD => size_of(&std::fs::read(path).ok()?),
        None => None,
    }
}
