//! The index's files: each document's fragment, made with its page
//! ([`index_page`]), and the term files and `search/meta.js`, made once
//! every page is in ([`index_files`]). Their paths are known from the site
//! before anything is rendered ([`index_paths`], [`fragment_paths`]).

use super::counts::{doc_terms, DocTerms};
use super::docs::{page_docs, Numbers};
use super::fragments::fragment;
use super::shards::{file_count, shards};
use crate::hash::{ContentHash, ContentHasher};
use crate::load::{PageId, Site};
use crate::render::sections::Section;

/// The folder of the index (and of the results page, `search/index.html`).
pub(crate) const DIR: &str = crate::load::SEARCH_DIR;
/// The file a query loads first.
pub(crate) const META: &str = "search/meta.js";

/// Where document `n`'s fragment goes.
fn fragment_path(n: usize) -> String {
    format!("{DIR}p/{n}.js")
}

/// Where term file `k` goes.
fn term_path(k: usize) -> String {
    format!("{DIR}t/{k}.js")
}

/// What the index keeps of one document once its fragment is made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct DocIndex {
    terms: DocTerms,
    /// A hash of what its fragment holds, for the index's stamp.
    hash: ContentHash,
}

/// What the index keeps of a page: its document's terms and its
/// checklist's. Nothing in it depends on the other pages or on the page's
/// place, so `serve` keeps it until the page itself changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Indexed {
    page: DocIndex,
    checklist: Option<DocIndex>,
}

/// Indexes page `id`, whose text by heading is `sections`: its documents'
/// fragment files (path and bytes, numbered by `numbers`), and what the
/// index keeps of it.
pub(crate) fn index_page(
    site: &Site,
    id: PageId,
    sections: &[Section],
    numbers: &Numbers,
) -> (Indexed, Vec<(String, Vec<u8>)>) {
    let (page_n, checklist_n) = numbers.of_page(id).unwrap_or_default();
    let mut files = Vec::with_capacity(2);
    let mut docs = Vec::with_capacity(2);
    for doc in page_docs(site, id, sections) {
        let n = if doc.checklist {
            checklist_n.unwrap_or_default()
        } else {
            page_n
        };
        let (bytes, hash) = fragment(n, &doc);
        files.push((fragment_path(n), bytes));
        docs.push(DocIndex {
            terms: doc_terms(&doc),
            hash,
        });
    }
    let mut docs = docs.into_iter();
    let page = docs.next().unwrap_or_default();
    (
        Indexed {
            page,
            checklist: docs.next(),
        },
        files,
    )
}

/// The paths of the term files and of `search/meta.js` of `site`.
pub(crate) fn index_paths(site: &Site) -> Vec<String> {
    let markdown: usize = site.pages.iter().map(|p| p.body_len()).sum();
    let mut paths: Vec<String> = (0..file_count(markdown)).map(term_path).collect();
    paths.push(META.into());
    paths
}

/// The fragment paths of `site`, each with the page whose render makes it.
pub(crate) fn fragment_paths(numbers: &Numbers) -> Vec<(String, PageId)> {
    numbers
        .docs
        .iter()
        .enumerate()
        .map(|(n, (id, _))| (fragment_path(n), *id))
        .collect()
}

/// The term files and `search/meta.js` of `site`, from what the index kept
/// of each page (`indexed`; a page it has nothing of counts as empty).
pub(crate) fn index_files<'a>(
    site: &Site,
    numbers: &Numbers,
    indexed: impl Fn(PageId) -> Option<&'a Indexed>,
) -> Vec<(String, Vec<u8>)> {
    let empty = DocIndex::default();
    let docs: Vec<&DocIndex> = numbers
        .docs
        .iter()
        .map(|&(id, checklist)| {
            let kept = indexed(id);
            let doc = match (kept, checklist) {
                (Some(i), false) => Some(&i.page),
                (Some(i), true) => i.checklist.as_ref(),
                (None, _) => None,
            };
            doc.unwrap_or(&empty)
        })
        .collect();
    let terms: Vec<&DocTerms> = docs.iter().map(|d| &d.terms).collect();
    let paths = index_paths(site);
    let s = shards(&terms, paths.len() - 1);
    let mut stamp = ContentHasher::default();
    let mut files: Vec<(String, Vec<u8>)> = Vec::with_capacity(paths.len());
    for ((k, entries), path) in s.files.iter().enumerate().zip(&paths) {
        let mut js = format!("stepwiseSearch.add(\"t{k}\",").into_bytes();
        // A JSON string: entries hold no quote or backslash, but a term
        // may hold any word character.
        let _ = serde_json::to_writer(&mut js, entries);
        js.extend_from_slice(b");\n");
        stamp.update(&js);
        files.push((path.clone(), js));
    }
    for d in &docs {
        stamp.update(d.hash.as_bytes());
    }
    let stamp = stamp.finish().to_string();
    let meta = serde_json::json!({
        "v": 1,
        "stamp": &stamp[..16],
        "docs": docs.len(),
        "bounds": s.bounds.join(" "),
        "end": s.end,
    });
    files.push((
        META.into(),
        format!("stepwiseSearch.add(\"meta\",{meta});\n").into_bytes(),
    ));
    files
}
