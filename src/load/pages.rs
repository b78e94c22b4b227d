//! The pages of a site, each under its [`PageId`]: the one name every stage
//! gives a page (guides list their pages by it, links lead to it, `serve`
//! keeps what it rendered of a page under it). A page keeps its id while
//! `serve` updates the site: replaced by its edited self, it keeps it; a
//! page added gets a new one, and the id of a page removed is never given
//! to another.

use super::page::Page;
use super::page_id::PageId;
use std::ops::{Index, IndexMut};
use std::sync::Arc;

/// Every page of a site, by id, in content-path order.
///
/// Each page is shared by the clones of its `Pages` until one of them
/// changes it (`serve` clones the site for each edit, and an edit changes a
/// few pages): a clone costs a pointer per page, and writing to a page
/// through [`IndexMut`] copies that page only.
#[derive(Debug, Clone, Default)]
pub struct Pages {
    /// By id; `None` for a page removed.
    slots: Vec<Option<Arc<Page>>>,
    /// The pages in content-path order (the order the walk finds them).
    order: Vec<PageId>,
    /// By id: the page's place in `order`.
    places: Vec<usize>,
}

impl Pages {
    /// `pages`, in content-path order, each given its id.
    pub(crate) fn new(pages: Vec<Page>) -> Pages {
        let mut all = Pages {
            slots: Vec::with_capacity(pages.len()),
            order: Vec::with_capacity(pages.len()),
            places: Vec::with_capacity(pages.len()),
        };
        for page in pages {
            all.add(page);
        }
        all
    }

    /// How many pages there are.
    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }

    /// One more than the highest id ever given: a table with this many
    /// rows has one for every page.
    pub(crate) fn bound(&self) -> usize {
        self.slots.len()
    }

    /// The pages, in content-path order.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &Page> + ExactSizeIterator + '_ {
        self.order.iter().map(|&id| &self[id])
    }

    /// The pages' ids, in content-path order.
    pub(crate) fn ids(&self) -> impl DoubleEndedIterator<Item = PageId> + ExactSizeIterator + '_ {
        self.order.iter().copied()
    }

    /// The page with id `id`, if the site has it.
    pub(crate) fn get(&self, id: PageId) -> Option<&Page> {
        self.slots.get(id.index())?.as_deref()
    }

    /// Page `id`'s place in content-path order (the search index lists
    /// pages in that order).
    pub(crate) fn place(&self, id: PageId) -> usize {
        self.places[id.index()]
    }

    /// Adds `page` under a new id, last in order (see [`sort`](Self::sort)).
    pub(crate) fn add(&mut self, mut page: Page) -> PageId {
        let id = PageId::nth(self.slots.len());
        page.id = id;
        self.slots.push(Some(Arc::new(page)));
        self.order.push(id);
        self.places.push(self.order.len() - 1);
        id
    }

    /// Replaces page `id` with `page`, which takes its id; returns the page
    /// it replaced (shared, as a clone of these pages may still hold it).
    pub(crate) fn replace(&mut self, id: PageId, mut page: Page) -> Option<Arc<Page>> {
        page.id = id;
        self.slots.get_mut(id.index())?.replace(Arc::new(page))
    }

    /// Removes the pages `ids` (those the site has), in one pass over the
    /// order; returns them. Their ids are given to no other page.
    pub(crate) fn remove_all(&mut self, ids: impl IntoIterator<Item = PageId>) -> Vec<Arc<Page>> {
        let removed: Vec<Arc<Page>> = ids
            .into_iter()
            .filter_map(|id| self.slots.get_mut(id.index())?.take())
            .collect();
        if !removed.is_empty() {
            let slots = &self.slots;
            self.order.retain(|id| slots[id.index()].is_some());
            self.renumber();
        }
        removed
    }

    /// Orders the pages by `cmp`.
    pub(crate) fn sort(&mut self, mut cmp: impl FnMut(&Page, &Page) -> std::cmp::Ordering) {
        let slots = &self.slots;
        let page = |id: &PageId| slots[id.index()].as_deref();
        self.order.sort_by(|a, b| match (page(a), page(b)) {
            (Some(a), Some(b)) => cmp(a, b),
            _ => std::cmp::Ordering::Equal,
        });
        self.renumber();
    }

    fn renumber(&mut self) {
        self.places = vec![usize::MAX; self.slots.len()];
        for (k, id) in self.order.iter().enumerate() {
            self.places[id.index()] = k;
        }
    }
}

impl Index<PageId> for Pages {
    type Output = Page;

    fn index(&self, id: PageId) -> &Page {
        self.slots[id.index()]
            .as_deref()
            .unwrap_or_else(|| panic!("page {id} is no page of the site"))
    }
}

impl IndexMut<PageId> for Pages {
    /// Copies the page first if a clone of these pages shares it.
    fn index_mut(&mut self, id: PageId) -> &mut Page {
        Arc::make_mut(
            self.slots[id.index()]
                .as_mut()
                .unwrap_or_else(|| panic!("page {id} is no page of the site")),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::FrontMatter;

    fn page(rel: &str) -> Page {
        Page::for_test(rel, FrontMatter::default())
    }

    #[test]
    fn a_page_keeps_its_id_and_a_removed_id_is_never_given_again() {
        let mut pages = Pages::new(vec![page("a.md"), page("b.md"), page("c.md")]);
        let ids: Vec<PageId> = pages.ids().collect();
        assert_eq!(pages[ids[1]].rel, "b.md");
        assert_eq!(pages[ids[1]].id, ids[1]);

        let old = pages.replace(ids[1], page("b.md")).expect("replaced");
        assert_eq!(old.id, ids[1]);
        assert_eq!(pages[ids[1]].id, ids[1]);

        let b = pages.remove_all([ids[1]]).pop().expect("removed");
        assert_eq!(pages.len(), 2);
        assert!(pages.get(ids[1]).is_none());
        assert_eq!(pages.place(ids[2]), 1);
        let new = pages.add(page("ab.md"));
        assert!(!ids.contains(&new));
        pages.sort(|a, b| a.rel.cmp(&b.rel));
        let order: Vec<&str> = pages.iter().map(|p| p.rel.as_str()).collect();
        assert_eq!(order, ["a.md", "ab.md", "c.md"]);
        assert_eq!(pages.place(new), 1);

        assert_eq!(b.rel, "b.md");
        assert_eq!(pages.bound(), 4);
    }
}
