//! The search index: split so that a query loads only what it needs, as
//! scripts (they load from `file://`, where `fetch` fails) that hand their
//! data to the default theme's search script
//! (`themes/default/static/search.js`) by calling `stepwiseSearch.add`.
//!
//! In: each page as it renders (its title, kind, address, description,
//! tags, and its text by heading), and its checklist: a document each
//! (`docs.rs`). Out: files, all under `search/`.
//!
//! - `search/p/<n>.js`, one per document (`fragments.rs`): what a result
//!   shows of it, loaded for the top results only. Made with the page.
//! - `search/t/<k>.js` (`shards.rs`): every term with the words that stem
//!   to it and the documents that have it, with how much it counts there
//!   (BM25F), in term order, a few KB a file. No word of a page's text is
//!   left out. Their number is decided from the site's size.
//! - `search/meta.js`: the number of documents, the term each term file
//!   starts at, the last term of all (a word after it needs no file), and
//!   a stamp of the whole index.
//!
//! Words become terms by one rule on both sides (`words.rs`, `stem.rs`);
//! each page's terms are counted as it renders (`counts.rs`) and kept, so
//! the term files are made at the end from what was kept, not from text
//! (`index.rs`). The browser ranks documents from the postings, then loads
//! the fragments of the best and ranks their headings, with phrase and
//! proximity bonuses, to show each page once with its matching headings.

mod counts;
mod docs;
mod fragments;
mod index;
mod shards;
mod stem;
mod words;

pub(crate) use docs::Numbers;
pub(crate) use index::{fragment_paths, index_files, index_page, index_paths, Indexed, DIR};
