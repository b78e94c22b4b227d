//! Tags from the keyword line under the title.
//!
//! Copied from a web page, the tag links run together into one line of words
//! ("DO student dermatology residency osteopathic applicant …"). When the line
//! has separators (commas, `|`, `·`, `#`) they are used. Otherwise the words
//! are split into phrases of two words, the usual shape of such tags, except
//! where a three-word phrase appears in the article itself ("US citizen IMG")
//! and where a lone word is needed to make the split come out.

use super::language::is_acronym;

/// Splits a keyword line into tags. `article` is the article's text, used to
/// recognise longer phrases.
pub(crate) fn tags(line: &str, article: &str) -> Vec<String> {
    let line = super::chrome::keyword_label(line).unwrap_or(line).trim();
    let seps: &[char] = &[',', '|', '·', '•', ';', '#'];
    let mut out: Vec<String> = if line.contains(seps) {
        line.split(seps)
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !t.is_empty())
            .collect()
    } else {
        segment(line, article)
    };
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|t| seen.insert(t.to_lowercase()));
    out
}

/// Splits space-separated words into phrases (see the module docs).
fn segment(line: &str, article: &str) -> Vec<String> {
    let ws: Vec<&str> = line.split_whitespace().collect();
    let haystack = normalise(article);
    let found = |phrase: &[&str]| {
        let p = normalise(&phrase.join(" "));
        contains_words(&haystack, &p)
            || contains_words(&haystack, p.trim_end_matches('s'))
            || contains_words(&haystack, &format!("{p}s"))
    };
    // best[i]: best (score, split) of ws[i..]; filled from the end.
    let n = ws.len();
    let mut best: Vec<Option<(i32, Vec<usize>)>> = vec![None; n + 1];
    best[n] = Some((0, Vec::new()));
    for i in (0..n).rev() {
        let mut choice: Option<(i32, Vec<usize>)> = None;
        for len in 1..=3usize {
            if i + len > n {
                break;
            }
            let Some((rest, split)) = &best[i + len] else {
                continue;
            };
            let phrase = &ws[i..i + len];
            let score = match len {
                1 if is_acronym(phrase[0]) => 6,
                1 => 2,
                2 if found(phrase) => 11,
                2 => 10,
                _ if found(phrase) => 16,
                _ => continue,
            };
            let total = rest + score - 5;
            if choice.as_ref().is_none_or(|(s, _)| total > *s) {
                let mut v = vec![len];
                v.extend(split);
                choice = Some((total, v));
            }
        }
        best[i] = choice;
    }
    let Some((_, split)) = best[0].clone() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut at = 0;
    for len in split {
        out.push(ws[at..at + len].join(" "));
        at += len;
    }
    out
}

fn normalise(s: &str) -> String {
    let mut out = String::from(" ");
    for w in s.split(|c: char| !c.is_alphanumeric()) {
        if !w.is_empty() {
            out.push_str(&w.to_lowercase());
            out.push(' ');
        }
    }
    out
}

fn contains_words(haystack: &str, phrase: &str) -> bool {
    let phrase = phrase.trim();
    !phrase.is_empty() && haystack.contains(&format!(" {phrase} "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_by_default() {
        assert_eq!(
            tags(
                "DO student dermatology residency osteopathic applicant derm match",
                "nothing relevant"
            ),
            vec![
                "DO student",
                "dermatology residency",
                "osteopathic applicant",
                "derm match"
            ]
        );
    }

    #[test]
    fn longer_phrases_from_the_article() {
        assert_eq!(
            tags(
                "interventional radiology US citizen IMG residency match",
                "As a US citizen IMG you apply to interventional radiology."
            ),
            vec![
                "interventional radiology",
                "US citizen IMG",
                "residency match"
            ]
        );
    }

    #[test]
    fn odd_counts_and_separators() {
        assert_eq!(
            tags("IR residency match", ""),
            vec!["IR", "residency match"]
        );
        assert_eq!(
            tags("match, research year ,  IR", ""),
            vec!["match", "research year", "IR"]
        );
    }
}
