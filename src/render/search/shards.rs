//! The term files of the index: every term with the words that stem to it
//! and the documents that have it, each with how much it counts there,
//! packed in term order into small files, and the one small file that says
//! which terms each holds. A query loads that file and the term files its
//! words fall in, nothing else.
//!
//! A term's entry is `term words:postings` (words that stem to the term
//! other than the term itself, space-separated, `~` standing for the term
//! at a word's start), entries `|`-separated; none of these characters is
//! part of a word. Postings are one number per document, in document
//! order: `(gap - 1) << 5 | (impact - 1)`, where `gap` is the distance from
//! the previous document (from -1 for the first) and `impact` (1–31) how
//! much the term counts there, written as base64 VLQ (as in source maps:
//! five bits a character, least significant first, `32` marking that more
//! follow). A term in every document costs about a character per document.
//!
//! The impact is BM25F's term frequency, computed here once: the field
//! weights of title, headings and description (`counts.rs`) plus the
//! text's mentions divided by the document's relative length, saturated
//! with `k1`, on a scale of 31. The browser multiplies it by the term's
//! IDF, which it computes from the number of postings.

use super::counts::DocTerms;
use std::cmp::Ordering;
use std::collections::HashMap;

/// BM25's saturation: how fast more mentions stop counting.
const K1: f64 = 1.2;
/// BM25's length normalization: how much a long text's mentions count less.
const B: f64 = 0.6;
/// The highest impact.
const LEVELS: f64 = 31.0;

/// The base64 digits of postings.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Bytes of Markdown a term file is there for: the number of term files
/// is decided from the site before anything is rendered (so `serve` knows
/// every file's path), about one for every 100 KB of Markdown.
const MARKDOWN_PER_FILE: usize = 100_000;
/// The fewest and most term files.
const FEWEST: usize = 4;
const MOST: usize = 1024;

/// How many term files a site with `markdown` bytes of Markdown gets.
pub(crate) fn file_count(markdown: usize) -> usize {
    markdown.div_ceil(MARKDOWN_PER_FILE).clamp(FEWEST, MOST)
}

/// A bound after every term: files that no term falls in (after the last
/// term) start there.
const AFTER_ALL: &str = "\u{ffff}";

/// The term files: each file's entries, in term order, and the term each
/// starts at, cut short where that still tells it from the term before.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Shards {
    /// The entries of each file.
    pub(crate) files: Vec<String>,
    /// For each file after the first, the shortest start of its first term
    /// that sorts after the last term of the file before; for a file no
    /// term falls in, the next file's bound (the browser looks a term up in
    /// the last file whose bound is at most the term).
    pub(crate) bounds: Vec<String>,
    /// The last term of all (empty without terms): a word whose term, or
    /// whose start that prefixes and typos are looked for from, sorts after
    /// it is in no file, and the browser loads none for it.
    pub(crate) end: String,
}

/// Compares as JavaScript's `<` does, by UTF-16 code units, so that the
/// browser finds a term's file by the same order the files were cut in.
fn js_order(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// How much a term counts in a document: field weight `w`, `n` mentions in
/// a text of `len` terms (`None`: as many as the average) where the
/// average is `avg`.
fn impact(w: u16, n: u16, len: Option<u32>, avg: f64) -> u32 {
    let norm = match len {
        Some(len) if avg > 0.0 => 1.0 - B + B * f64::from(len) / avg,
        _ => 1.0,
    };
    let tf = f64::from(w) + f64::from(n) / norm;
    let saturated = tf * (K1 + 1.0) / (tf + K1);
    ((saturated / (K1 + 1.0) * LEVELS).ceil() as u32).clamp(1, LEVELS as u32)
}

/// Appends `v` to `out` as base64 VLQ.
fn vlq(out: &mut String, mut v: u64) {
    loop {
        let digit = (v & 31) as usize;
        v >>= 5;
        if v == 0 {
            out.push(char::from(DIGITS[digit]));
            return;
        }
        out.push(char::from(DIGITS[digit | 32]));
    }
}

/// Packs the terms of every document (`docs`, by document number) into
/// `count` files of entries of about the same size, in term order.
pub(crate) fn shards(docs: &[&DocTerms], count: usize) -> Shards {
    let lengths: Vec<u32> = docs.iter().filter_map(|d| d.length).collect();
    let avg = if lengths.is_empty() {
        0.0
    } else {
        lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / lengths.len() as f64
    };
    // Each term's postings, written as the documents are read in order,
    // and its words.
    #[derive(Default)]
    struct Term<'a> {
        postings: String,
        last: u64,
        words: Vec<&'a str>,
    }
    let mut terms: HashMap<&str, Term> = HashMap::new();
    for (doc, d) in docs.iter().enumerate() {
        let doc = doc as u64 + 1;
        for (term, words, w, n) in d.terms() {
            let t = terms.entry(term).or_default();
            let gap = doc - t.last;
            t.last = doc;
            vlq(
                &mut t.postings,
                ((gap - 1) << 5) | u64::from(impact(w, n, d.length, avg) - 1),
            );
            t.words.extend(words.split(' ').filter(|w| !w.is_empty()));
        }
    }
    let mut order: Vec<(&str, Term)> = terms.into_iter().collect();
    order.sort_by(|a, b| js_order(a.0, b.0));
    let entries: Vec<String> = order
        .iter_mut()
        .map(|(term, t)| {
            t.words.sort_unstable_by(|a, b| js_order(a, b));
            t.words.dedup();
            entry(term, &t.words, &t.postings)
        })
        .collect();
    pack(
        order.iter().map(|(term, _)| *term).zip(entries),
        count.max(1),
    )
}

/// Cuts `entries` (term, entry), in order, into `count` files: an entry
/// goes in the file where its first byte falls when the bytes of all are
/// cut into `count` equal lengths, so a file may hold none (a large
/// term's entry spans it).
fn pack<'a>(entries: impl Iterator<Item = (&'a str, String)>, count: usize) -> Shards {
    let entries: Vec<(&str, String)> = entries.collect();
    let total: usize = entries
        .iter()
        .map(|(_, e)| e.len() + 1)
        .sum::<usize>()
        .max(1);
    let mut files = vec![String::new(); count];
    let mut firsts: Vec<Option<(&str, &str)>> = vec![None; count];
    let mut at = 0;
    let mut prev = "";
    for (term, e) in &entries {
        let k = at * count / total;
        at += e.len() + 1;
        let file = &mut files[k];
        if file.is_empty() {
            firsts[k] = Some((prev, term));
        } else {
            file.push('|');
        }
        file.push_str(e);
        prev = term;
    }
    let mut bounds = vec![String::new(); count];
    let mut next = AFTER_ALL.to_string();
    for k in (1..count).rev() {
        if let Some((prev, first)) = firsts[k] {
            next = bound(prev, first);
        }
        bounds[k].clone_from(&next);
    }
    bounds.remove(0);
    Shards {
        files,
        bounds,
        end: prev.to_string(),
    }
}

/// One term's entry: `term words:postings`.
fn entry(term: &str, words: &[&str], postings: &str) -> String {
    let mut e = String::with_capacity(term.len() + postings.len() + 8 * words.len() + 1);
    e.push_str(term);
    for w in words {
        e.push(' ');
        match w.strip_prefix(term) {
            Some(rest) => {
                e.push('~');
                e.push_str(rest);
            }
            None => e.push_str(w),
        }
    }
    e.push(':');
    e.push_str(postings);
    e
}

/// The shortest start of `first` that sorts after `prev`.
fn bound(prev: &str, first: &str) -> String {
    for (end, _) in first.char_indices().skip(1) {
        if js_order(&first[..end], prev) == Ordering::Greater {
            return first[..end].to_string();
        }
    }
    first.to_string()
}

#[cfg(test)]
mod tests {
    use super::super::counts::doc_terms;
    use super::super::docs::{Doc, Part};
    use super::super::stem::stem;
    use super::super::words::{keep, tokens, Token};
    use super::*;
    use std::collections::BTreeSet;

    /// The documents each term lists, read back from the files as the
    /// browser reads them.
    fn found(s: &Shards) -> HashMap<String, Vec<u64>> {
        let mut out = HashMap::new();
        for file in s.files.iter().filter(|f| !f.is_empty()) {
            for e in file.split('|') {
                let (head, post) = e.split_once(':').unwrap();
                let term = head.split(' ').next().unwrap();
                let docs = decode(post).into_iter().map(|(d, _)| d).collect();
                assert!(out.insert(term.to_string(), docs).is_none(), "{term} twice");
            }
        }
        out
    }

    /// A long page of made-up words, none repeated, with a rare word far
    /// from its start.
    fn long_text(words: usize) -> String {
        let mut rng = 8u64;
        let mut next = || {
            rng = rng
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            rng >> 33
        };
        let mut out = String::new();
        for k in 0..words {
            let len = 3 + (next() % 12) as usize;
            out.extend((0..len).map(|_| char::from(b'a' + (next() % 26) as u8)));
            out.push_str(if k % 13 == 12 { ". " } else { " " });
        }
        out.push_str("kerberos");
        out
    }

    fn doc(text: &str) -> Doc<'_> {
        Doc {
            parts: vec![Part {
                text,
                ..Part::default()
            }],
            ..Doc::default()
        }
    }

    #[test]
    fn every_word_of_a_large_page_is_in_the_index() {
        let text = long_text(40_000);
        let big = doc_terms(&doc(&text));
        let small = doc_terms(&doc("Short page about visas."));
        let s = shards(&[&big, &small], 64);
        assert_eq!(s.files.len(), 64);
        let found = found(&s);
        let mut want = BTreeSet::new();
        tokens(&text, |t| {
            if let Token::Word(w) = t {
                if keep(&w) {
                    want.insert(stem(&w));
                }
            }
        });
        assert!(want.len() > 30_000);
        let missing: Vec<&String> = want
            .iter()
            .filter(|t| found.get(*t) != Some(&vec![0]))
            .take(5)
            .collect();
        assert!(missing.is_empty(), "not found on the big page: {missing:?}");
        assert_eq!(found[&stem("kerberos")], vec![0]);
        assert_eq!(found["visa"], vec![1]);
    }

    #[test]
    fn the_browser_finds_each_term_in_its_file_by_the_bounds() {
        let text = long_text(5_000) + " 签证 Zürich zebra ÉTUDE 2 émoji😀 ～";
        let one = doc_terms(&doc(&text));
        // A term much larger than a file's share leaves files without a term.
        let many: Vec<DocTerms> = (0..300).map(|_| doc_terms(&doc("common"))).collect();
        let mut docs: Vec<&DocTerms> = vec![&one];
        docs.extend(many.iter());
        for count in [1, 7, 40, 400] {
            let s = shards(&docs, count);
            assert_eq!((s.files.len(), s.bounds.len()), (count, count - 1));
            assert!(s.bounds.windows(2).all(|b| js_order(&b[0], &b[1]).is_le()));
            let mut last = "";
            for (k, file) in s.files.iter().enumerate().filter(|(_, f)| !f.is_empty()) {
                for e in file.split('|') {
                    let term = e.split([' ', ':']).next().unwrap();
                    // The file the browser picks: the last whose bound is <= the term.
                    let pick = s
                        .bounds
                        .iter()
                        .filter(|b| js_order(b, term).is_le())
                        .count();
                    assert_eq!(pick, k, "{term} with {count} files");
                    assert!(js_order(last, term).is_lt());
                    last = term;
                }
            }
            // The end is the last term: nothing after it is in a file.
            assert_eq!(s.end, last);
        }
        assert_eq!(shards(&[], 4).end, "");
    }

    /// Decodes postings as the browser does.
    fn decode(p: &str) -> Vec<(u64, u32)> {
        let (mut out, mut doc, mut v, mut shift) = (Vec::new(), 0u64, 0u64, 0);
        for c in p.bytes() {
            let d = DIGITS.iter().position(|&x| x == c).unwrap() as u64;
            v |= (d & 31) << shift;
            shift += 5;
            if d & 32 == 0 {
                doc += (v >> 5) + 1;
                out.push((doc - 1, (v & 31) as u32 + 1));
                (v, shift) = (0, 0);
            }
        }
        out
    }

    #[test]
    fn postings_round_trip_and_cost_a_character_for_neighbours() {
        let mut s = String::new();
        for (gap, imp) in [(1u64, 31u32), (1, 1), (1, 15), (40, 2), (100_000, 7)] {
            vlq(&mut s, ((gap - 1) << 5) | u64::from(imp - 1));
        }
        assert_eq!(&s[..3], "eAO");
        assert_eq!(
            decode(&s),
            [(0, 31), (1, 1), (2, 15), (42, 2), (100_042, 7)]
        );
    }

    #[test]
    fn impact_grows_with_weight_and_shrinks_with_length() {
        assert!(
            impact(super::super::counts::TITLE, 0, Some(100), 100.0)
                > impact(0, 1, Some(100), 100.0)
        );
        assert!(impact(0, 1, Some(50), 100.0) > impact(0, 1, Some(400), 100.0));
        assert!(impact(0, 3, Some(100), 100.0) > impact(0, 1, Some(100), 100.0));
        assert_eq!(impact(0, 1, None, 100.0), impact(0, 1, Some(100), 100.0));
        assert_eq!(impact(u16::MAX, u16::MAX, Some(0), 0.0), 31);
        assert!(impact(0, 1, Some(100_000), 1.0) >= 1);
    }

    #[test]
    fn bounds_are_the_shortest_starts_that_sort_after_the_file_before() {
        assert_eq!(bound("apple", "banana"), "b");
        assert_eq!(bound("visa", "visit"), "visi");
        assert_eq!(bound("vis", "visa"), "visa");
        // UTF-16 order: U+FF5E sorts after U+1F600, whose code units start 0xD83D.
        assert_eq!(js_order("\u{ff5e}", "\u{1f600}"), Ordering::Greater);
    }

    #[test]
    fn entries_write_words_after_the_term() {
        assert_eq!(
            entry("appli", &["applied", "apply", "applying"], "A"),
            "appli ~ed apply applying:A"
        );
    }
}
