//! The build-time search index: one entry per section of every page and
//! one per checklist item, written as a `.js` file (so it loads from
//! `file://`, where `fetch` fails) for the default theme's small search
//! script (`themes/default/static/search.js`), which ranks them.
//!
//! Small sites are indexed in full. Large ones keep each section's heading
//! and the start of its text, so the index stays loadable in a browser.
//! Each page's title, path, description and checklist page are written
//! once, and its entries refer to it by number.

use crate::load::Site;
use crate::render::sections::Section;

/// Output path of the index.
pub(crate) const INDEX_PATH: &str = "search-index.js";

/// Bytes of Markdown up to which every section is indexed in full.
const TEXT_BUDGET: usize = 4_000_000;
/// Most characters of one section's text.
const MAX_TEXT: usize = 1500;
/// Fewest characters of one section's text, however large the site.
const MIN_TEXT: usize = 160;

/// How many characters of each section's text the index keeps, decided from
/// the size of the site's Markdown before anything is rendered (so pages can
/// be cut as they are rendered).
pub(crate) fn text_cap(site: &Site) -> usize {
    cap_for(site.pages.iter().map(|p| p.body_len()).sum())
}

/// [`text_cap`] for a site of `total` bytes of Markdown.
pub(crate) fn cap_for(total: usize) -> usize {
    if total <= TEXT_BUDGET {
        return MAX_TEXT;
    }
    (MAX_TEXT * TEXT_BUDGET / total).clamp(MIN_TEXT, MAX_TEXT)
}

/// The first `cap` characters of `text`.
fn head(text: &str, cap: usize) -> &str {
    match text.char_indices().nth(cap) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// Characters of a section's text the index keeps as written, for the
/// snippet a result shows; the rest of the text is kept as its other words.
const VERBATIM: usize = 300;

/// Words too common to help find a section, left out of the words kept
/// beyond a section's opening (they still match in the opening).
const COMMON: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "do", "does", "for",
    "from", "has", "have", "how", "if", "in", "into", "is", "it", "its", "may", "more", "no",
    "not", "of", "on", "one", "or", "so", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "to", "was", "we", "were", "what", "when", "where", "which", "who",
    "will", "with", "you", "your",
];

/// `text` cut for the index: its first [`VERBATIM`] characters (at a space),
/// and the words of the rest, up to `cap` characters in all, that neither
/// the opening nor an earlier word has and that are not [`COMMON`], each
/// once, in order. Every rarer word of the section stays searchable at a
/// fraction of the size.
fn cut(text: &str, cap: usize) -> (&str, String) {
    let text = head(text, cap);
    let opening = head(text, VERBATIM);
    if opening.len() == text.len() {
        return (text, String::new());
    }
    let opening = match opening.rfind(' ') {
        Some(i) if i > 0 => &opening[..i],
        _ => opening,
    };
    let is_word = |c: char| !c.is_alphanumeric();
    let mut seen: std::collections::HashSet<String> = opening
        .split(is_word)
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut words = String::new();
    for w in text[opening.len()..]
        .split(is_word)
        .filter(|w| !w.is_empty())
    {
        let lower = w.to_lowercase();
        if COMMON.contains(&lower.as_str()) || !seen.insert(lower) {
            continue;
        }
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(w);
    }
    (opening, words)
}

/// The entries of the page at `place` in the index's `pages` array (its
/// place in content-path order, [`Pages::place`](crate::load::Pages::place))
/// in the index's `sections` array, as JSON
/// (`[place, heading, id, text, words]` each, comma-separated, without
/// brackets; `words` only when the text was cut), from at most `cap`
/// characters of each section's text. Made while the page is rendered, so
/// a build keeps only this of every page's text.
pub(crate) fn entries(place: usize, sections: &[Section], cap: usize) -> String {
    let mut out = Vec::new();
    for (k, s) in sections.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        let (text, words) = cut(&s.text, cap);
        let (heading, id) = (s.heading.as_str(), s.id.as_deref().unwrap_or(""));
        // Writing JSON into a Vec cannot fail.
        let _ = if words.is_empty() {
            serde_json::to_writer(&mut out, &(place, heading, id, text))
        } else {
            serde_json::to_writer(&mut out, &(place, heading, id, text, words))
        };
    }
    out.shrink_to_fit();
    String::from_utf8(out).unwrap_or_default()
}

/// The index as JavaScript:
/// `window.STEPWISE_SEARCH={"pages":[[title, path, description, checklist_path], ...],"sections":[[page, heading, id, text, words?], ...],"items":[[page, group, id, text], ...]}`,
/// from every page's [`entries`] in page order. A page's missing description
/// or checklist page is left off the end of its array (`""` when a checklist
/// page follows no description). `items` are the checklist items, which
/// lead to their checklist page (`#item-<id>`); an item's group is `""` when
/// it is the group of the item before it. Sized from the entries
/// before it is written: a large site's index is tens of MB.
pub(crate) fn index(site: &Site, entries: &[impl AsRef<str>]) -> Vec<u8> {
    let pages: Vec<Vec<&str>> = site
        .pages
        .iter()
        .map(|p| {
            let mut fields = vec![
                p.meta.title.as_str(),
                p.path.as_str(),
                p.meta.description.as_deref().unwrap_or(""),
                p.checklist_path.as_deref().unwrap_or(""),
            ];
            while fields.len() > 2 && fields.last() == Some(&"") {
                fields.pop();
            }
            fields
        })
        .collect();
    let pages = serde_json::to_vec(&pages).unwrap_or_else(|_| b"[]".to_vec());
    let items: Vec<(usize, &str, &str, &str)> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.has_checklist())
        .flat_map(|(i, p)| {
            p.meta.checklist.iter().flat_map(move |g| {
                // A group's name is written with its first item only.
                g.items.iter().enumerate().map(move |(k, item)| {
                    let group = if k == 0 { g.group.as_str() } else { "" };
                    (i, group, item.id.as_str(), item.text.as_str())
                })
            })
        })
        .collect();
    let items = serde_json::to_vec(&items).unwrap_or_else(|_| b"[]".to_vec());
    // Loaded with <script src>, never inlined: no `</script>` escaping needed.
    let (start, middle, before_items, end) = (
        &b"window.STEPWISE_SEARCH={\"pages\":"[..],
        &b",\"sections\":["[..],
        &b"],\"items\":"[..],
        &b"};\n"[..],
    );
    let len = start.len()
        + pages.len()
        + middle.len()
        + entries.iter().map(|e| e.as_ref().len() + 1).sum::<usize>()
        + before_items.len()
        + items.len()
        + end.len();
    let mut out = Vec::with_capacity(len);
    out.extend_from_slice(start);
    out.extend_from_slice(&pages);
    out.extend_from_slice(middle);
    let mut first = true;
    for e in entries.iter().map(AsRef::as_ref).filter(|e| !e.is_empty()) {
        if !first {
            out.push(b',');
        }
        first = false;
        out.extend_from_slice(e.as_bytes());
    }
    out.extend_from_slice(before_items);
    out.extend_from_slice(&items);
    out.extend_from_slice(end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_section_keeps_its_opening_and_its_other_words_once() {
        let opening = "word ".repeat(VERBATIM / 5);
        let text = format!("{opening}The ESIR track and the ESIR years shorten training.");
        let (kept, words) = cut(&text, 1500);
        assert_eq!(kept, opening.trim_end());
        assert_eq!(words, "ESIR track years shorten training");
        let (short, none) = cut("A short section.", 1500);
        assert_eq!((short, none.as_str()), ("A short section.", ""));
        // The cap still bounds what is read of the text.
        assert_eq!(cut(&text, 10).0, "word word ");
    }

    #[test]
    fn entries_are_json_arrays_with_text_cut_to_the_cap() {
        let sections = vec![
            Section {
                id: Some("a".into()),
                heading: "A \"quoted\" one".into(),
                level: 2,
                text: "\u{e9}t\u{e9} long text".into(),
            },
            Section {
                id: None,
                heading: String::new(),
                level: 0,
                text: "intro".into(),
            },
        ];
        let json = format!("[{}]", entries(3, &sections, 4));
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            parsed,
            serde_json::json!([
                [3, "A \"quoted\" one", "a", "\u{e9}t\u{e9} "],
                [3, "", "", "intr"]
            ])
        );
        assert_eq!(entries(0, &[], 4), "");
    }
}
