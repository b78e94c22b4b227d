//! How text becomes search terms, the same rule on both sides: the index
//! here, the query in `themes/default/static/search.js` (`terms`), so that
//! what a reader types meets what the page says.
//!
//! 1. Words are runs of letters, digits and combining marks (Unicode
//!    `Alphabetic`, `N`, `M`); anything else separates them.
//! 2. Each run is folded: NFD, the accents of U+0300–U+036F dropped, NFC,
//!    lower case ("Étude" → "etude"; Thai and Devanagari keep their marks).
//! 3. A run is cut where it passes between a script written without spaces
//!    (Chinese, Japanese kana, Thai, Lao, Khmer, Myanmar: [`no_space`]) and
//!    any other. Such a piece gives each of its characters (a character with
//!    the marks after it) and each pair of neighbours: "签证费" gives "签",
//!    "证", "费", "签证", "证费". The browser cuts a query into words with
//!    `Intl.Segmenter` and looks each word up by its pairs, so a word is
//!    found wherever the page has it, however the page's own text would
//!    have been segmented; the pairs are the same on both sides because
//!    they need no dictionary.
//! 4. Any other piece is one word. One letter alone is dropped (one digit is
//!    kept: "step 2"), as are [`STOP`] words; the rest are stemmed
//!    ([`super::stem`]).

use std::borrow::Cow;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Words too common to find anything by, left out of the index and of
/// queries (a query of nothing else says so). Kept short: "us", "do", "no"
/// and "not" mean something in the guides' questions.
pub(crate) const STOP: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "had", "has", "have",
    "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on",
    "or", "our", "she", "so", "than", "that", "the", "their", "them", "there", "these", "they",
    "this", "those", "to", "was", "we", "were", "what", "when", "where", "which", "who", "why",
    "will", "with", "you", "your",
];

/// A term of text, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// A folded word of a spaced script, not yet stemmed.
    Word(Cow<'a, str>),
    /// One character, or two neighbours, of a script without spaces.
    Gram(String),
}

/// Whether `c` belongs to a word.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Whether `c` is of a script written without spaces between words.
pub(crate) fn no_space(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x2E80..=0x2FDF // CJK radicals
        | 0x3005..=0x3007 | 0x3021..=0x3029 | 0x3031..=0x3035 | 0x3038..=0x303C
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF // Han
        | 0xFF66..=0xFF9F // half-width Katakana
        | 0x20000..=0x3FFFF)
}

/// A run of word characters folded: accents of Latin, Greek and Cyrillic
/// letters dropped, lower case. ASCII is only lowered.
pub(crate) fn fold(run: &str) -> Cow<'_, str> {
    if run.is_ascii() {
        if run.bytes().any(|b| b.is_ascii_uppercase()) {
            return Cow::Owned(run.to_ascii_lowercase());
        }
        return Cow::Borrowed(run);
    }
    let bare: String = run
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .nfc()
        .collect();
    Cow::Owned(bare.to_lowercase())
}

/// Calls `f` with each term of `text`, in order (stop words and single
/// letters included: [`keep`] says which to index).
pub(crate) fn tokens<'a>(text: &'a str, mut f: impl FnMut(Token<'a>)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII words, most of any text, without decoding.
        let b = bytes[i];
        if b.is_ascii() && !b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        let mut ascii = true;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii() {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                i += 1;
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                if !is_word_char(c) {
                    break;
                }
                ascii = false;
                i += c.len_utf8();
            }
        }
        if i == start {
            // A character that is no part of a word.
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let run = &text[start..i];
        if ascii {
            f(Token::Word(fold(run)));
        } else {
            pieces(&fold(run), &mut f);
        }
    }
}

/// Cuts a folded run between scripts with and without spaces.
fn pieces<'a>(run: &str, f: &mut impl FnMut(Token<'a>)) {
    let mut units: Vec<&str> = Vec::new();
    let mut word_start: Option<usize> = None;
    let mut unit_start: Option<usize> = None;
    let flush_units = |units: &mut Vec<&str>, f: &mut dyn FnMut(Token<'a>)| {
        for (k, u) in units.iter().enumerate() {
            f(Token::Gram((*u).to_string()));
            if let Some(next) = units.get(k + 1) {
                f(Token::Gram(format!("{u}{next}")));
            }
        }
        units.clear();
    };
    for (at, c) in run.char_indices() {
        if is_combining_mark(c) && (word_start.is_some() || unit_start.is_some()) {
            // A mark stays with the character before it.
            continue;
        }
        if no_space(c) {
            if let Some(w) = word_start.take() {
                f(Token::Word(Cow::Owned(run[w..at].to_string())));
            }
            if let Some(u) = unit_start.replace(at) {
                units.push(&run[u..at]);
            }
        } else {
            if let Some(u) = unit_start.take() {
                units.push(&run[u..at]);
                flush_units(&mut units, f);
            }
            word_start.get_or_insert(at);
        }
    }
    if let Some(u) = unit_start {
        units.push(&run[u..]);
        flush_units(&mut units, f);
    }
    if let Some(w) = word_start {
        f(Token::Word(Cow::Owned(run[w..].to_string())));
    }
}

/// Whether a folded word is indexed: not a stop word, and not one letter
/// unless it is a digit.
pub(crate) fn keep(word: &str) -> bool {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (None, _) => false,
        (Some(c), None) => c.is_numeric(),
        _ => !STOP.contains(&word),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        tokens(text, |t| {
            out.push(match t {
                Token::Word(w) => w.into_owned(),
                Token::Gram(g) => format!("[{g}]"),
            })
        });
        out
    }

    #[test]
    fn words_are_folded_runs_of_letters_and_digits() {
        assert_eq!(
            all("Step 2 CK: 245–255+, IR/DR & l'Étude s2"),
            ["step", "2", "ck", "245", "255", "ir", "dr", "l", "etude", "s2"]
        );
        // Decomposed accents fold the same as composed ones.
        assert_eq!(all("e\u{301}tude \u{c9}TUDE"), ["etude", "etude"]);
        // Marks of other scripts stay.
        assert_eq!(all("हिन्दी"), ["हिन्दी"]);
    }

    #[test]
    fn scripts_without_spaces_give_characters_and_pairs() {
        assert_eq!(
            all("申请签证。IR医生"),
            [
                "[申]", "[申请]", "[请]", "[请签]", "[签]", "[签证]", "[证]", "ir", "[医]",
                "[医生]", "[生]"
            ]
        );
        // A Thai character keeps the marks after it.
        assert_eq!(all("ที่"), ["[ที่]"]);
    }

    /// The index terms of `text`, as the index makes them.
    fn terms(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        tokens(text, |t| match t {
            Token::Word(w) if keep(&w) => out.push(super::super::stem::stem(&w)),
            Token::Word(_) => {}
            Token::Gram(g) => out.push(g),
        });
        out
    }

    /// The shared texts: `[text, terms]` pairs the browser's `terms` must
    /// also give (`tests/browser/search-words.test.mjs`). `STEPWISE_BLESS=1`
    /// writes the terms anew from this implementation.
    #[test]
    fn terms_of_the_shared_texts() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/search/words.json"
        );
        let json = std::fs::read_to_string(path).expect("words.json");
        let cases: Vec<(String, Vec<String>)> = serde_json::from_str(&json).expect("pairs");
        if std::env::var_os("STEPWISE_BLESS").is_some() {
            let blessed: Vec<(&str, Vec<String>)> =
                cases.iter().map(|(t, _)| (t.as_str(), terms(t))).collect();
            let out = serde_json::to_string_pretty(&blessed).expect("json") + "\n";
            std::fs::write(path, out).expect("write words.json");
            return;
        }
        assert!(cases.len() >= 10);
        for (text, want) in &cases {
            assert_eq!(&terms(text), want, "{text}");
        }
    }

    #[test]
    fn stop_words_and_single_letters_are_not_kept() {
        assert!(keep("visa") && keep("2") && keep("us") && keep("do"));
        assert!(!keep("the") && !keep("a") && !keep("x") && !keep(""));
    }
}
