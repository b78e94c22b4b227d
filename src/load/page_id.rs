//! [`PageId`]: the one name every stage gives a page.

/// A page's identity within a [`Site`](super::Site). [`Pages`](super::Pages) gives it;
/// a page not yet in a site has the default one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct PageId(u32);

impl PageId {
    /// The `n`th id a site gives.
    pub(super) fn nth(n: usize) -> PageId {
        PageId(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// The id's number, to index a table of every page by
    /// (see [`Pages::bound`](super::Pages::bound)).
    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }
}

impl std::fmt::Display for PageId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}
