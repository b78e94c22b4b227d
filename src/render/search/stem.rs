//! The English stemmer both sides of search use: the Snowball project's
//! English ("Porter2") algorithm as of its 2025 revision (the `inter`,
//! `past`, `-ogist` and `-ing` exceptions included), for words of ASCII
//! letters. `themes/default/static/search.js` holds the same algorithm,
//! step for step, for the query; `tests/fixtures/search/stems.txt` pins what
//! this one gives for a word list and the browser tests check that the
//! script gives the same.
//!
//! Only words of the letters `a`–`z` are stemmed (the caller folds case and
//! accents first): every other word is its own stem.

/// The stem of `word`: `"visas"` and `"visa"` give `"visa"`, `"applying"`
/// and `"apply"` give `"appli"`. Words of anything but `a`–`z` come back
/// unchanged.
pub(crate) fn stem(word: &str) -> String {
    if !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    if let Some(s) = exception(word) {
        return s.to_string();
    }
    if word.len() <= 2 {
        return word.to_string();
    }
    let mut w = Word::new(word);
    w.step_1a();
    w.step_1b();
    w.step_1c();
    w.step_2();
    w.step_3();
    w.step_4();
    w.step_5();
    w.finish()
}

/// Whole words with a fixed stem.
fn exception(word: &str) -> Option<&'static str> {
    Some(match word {
        "skis" => "ski",
        "skies" => "sky",
        "idly" => "idl",
        "gently" => "gentl",
        "ugly" => "ugli",
        "early" => "earli",
        "only" => "onli",
        "singly" => "singl",
        "sky" => "sky",
        "news" => "news",
        "howe" => "howe",
        "atlas" => "atlas",
        "cosmos" => "cosmos",
        "bias" => "bias",
        "andes" => "andes",
        _ => return None,
    })
}

/// Prefixes whose R1 starts right after them.
const R1_PREFIXES: &[&str] = &[
    "gener", "commun", "arsen", "past", "univers", "later", "emerg", "organ", "inter",
];

/// A word being stemmed: its letters (a `y` that acts as a consonant is
/// `Y`), and where its regions R1 and R2 start.
struct Word {
    b: Vec<u8>,
    p1: usize,
    p2: usize,
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

impl Word {
    fn new(word: &str) -> Word {
        let mut b = word.as_bytes().to_vec();
        // A y at the start or after a vowel is a consonant.
        if b[0] == b'y' {
            b[0] = b'Y';
        }
        for i in 1..b.len() {
            if b[i] == b'y' && is_vowel(b[i - 1]) {
                b[i] = b'Y';
            }
        }
        let after_vc = |from: usize| -> Option<usize> {
            let v = (from..b.len()).find(|&i| is_vowel(b[i]))?;
            (v + 1..b.len()).find(|&i| !is_vowel(b[i])).map(|i| i + 1)
        };
        let len = b.len();
        let prefix = R1_PREFIXES
            .iter()
            .filter(|p| b.starts_with(p.as_bytes()))
            .map(|p| p.len())
            .max();
        let p1 = prefix.or_else(|| after_vc(0)).unwrap_or(len);
        let p2 = if p1 < len {
            after_vc(p1).unwrap_or(len)
        } else {
            len
        };
        Word { b, p1, p2 }
    }

    fn ends(&self, s: &str) -> bool {
        self.b.ends_with(s.as_bytes())
    }

    /// The longest of `suffixes` the word ends with.
    fn longest<'a>(&self, suffixes: &[&'a str]) -> Option<&'a str> {
        suffixes
            .iter()
            .filter(|s| self.ends(s))
            .max_by_key(|s| s.len())
            .copied()
    }

    /// The longest of `suffixes` the word ends with, and where it starts,
    /// when it starts in the region from `region` (R1 or R2).
    fn longest_in<'a>(&self, suffixes: &[&'a str], region: usize) -> Option<(&'a str, usize)> {
        let s = self.longest(suffixes)?;
        let start = self.b.len() - s.len();
        (start >= region).then_some((s, start))
    }

    /// Replaces the last `n` letters with `with`.
    fn replace(&mut self, n: usize, with: &str) {
        let at = self.b.len() - n;
        self.b.truncate(at);
        self.b.extend_from_slice(with.as_bytes());
    }

    /// Whether the letters before `end` end in a short syllable: a
    /// consonant, a vowel and a consonant other than w, x or Y; or a vowel
    /// and a consonant at the start of the word; or `past`.
    fn short_before(&self, end: usize) -> bool {
        let b = &self.b[..end];
        let n = b.len();
        let non_v = |c: u8| !is_vowel(c);
        (n >= 3
            && non_v(b[n - 3])
            && is_vowel(b[n - 2])
            && non_v(b[n - 1])
            && !matches!(b[n - 1], b'w' | b'x' | b'Y'))
            || (n == 2 && is_vowel(b[0]) && non_v(b[1]))
            || b.ends_with(b"past")
    }

    fn has_vowel(&self, before: usize) -> bool {
        self.b[..before].iter().any(|&c| is_vowel(c))
    }

    fn step_1a(&mut self) {
        let Some(s) = self.longest(&["sses", "ied", "ies", "s", "us", "ss"]) else {
            return;
        };
        let start = self.b.len() - s.len();
        match s {
            "sses" => self.replace(4, "ss"),
            "ied" | "ies" => self.replace(3, if start >= 2 { "i" } else { "ie" }),
            // A vowel somewhere before the letter before the s: "gaps", not "gas".
            "s" if start >= 1 && self.has_vowel(start - 1) => self.replace(1, ""),
            _ => {}
        }
    }

    fn step_1b(&mut self) {
        let Some(s) = self.longest(&["eed", "eedly", "ed", "edly", "ing", "ingly"]) else {
            return;
        };
        let start = self.b.len() - s.len();
        if s == "eed" || s == "eedly" {
            let stem = &self.b[..start];
            if start >= self.p1 && !matches!(stem, b"proc" | b"exc" | b"succ") {
                self.replace(s.len(), "ee");
            }
            return;
        }
        if s == "ing" {
            // dying → die, vying → vie
            if start == 2 && self.b[1] == b'y' && !is_vowel(self.b[0]) {
                self.replace(4, "ie");
                return;
            }
            // inning, outing, … are left alone.
            if matches!(
                &self.b[..start],
                b"inn" | b"out" | b"cann" | b"herr" | b"earr" | b"even"
            ) {
                return;
            }
        }
        if !self.has_vowel(start) {
            return;
        }
        self.b.truncate(start);
        if self.ends("at") || self.ends("bl") || self.ends("iz") {
            self.b.push(b'e');
            return;
        }
        let n = self.b.len();
        let double = n >= 2
            && self.b[n - 1] == self.b[n - 2]
            && matches!(
                self.b[n - 1],
                b'b' | b'd' | b'f' | b'g' | b'm' | b'n' | b'p' | b'r' | b't'
            );
        if double {
            // "add", "egg", "odd" keep their double letter.
            if !(n == 3 && matches!(self.b[0], b'a' | b'e' | b'o')) {
                self.b.pop();
            }
            return;
        }
        if n == self.p1 && self.short_before(n) {
            self.b.push(b'e');
        }
    }

    fn step_1c(&mut self) {
        let n = self.b.len();
        if n >= 3 && matches!(self.b[n - 1], b'y' | b'Y') && !is_vowel(self.b[n - 2]) {
            self.b[n - 1] = b'i';
        }
    }

    fn step_2(&mut self) {
        const SUFFIXES: &[&str] = &[
            "tional", "enci", "anci", "abli", "entli", "izer", "ization", "ational", "ation",
            "ator", "alism", "aliti", "alli", "fulness", "ousli", "ousness", "iveness", "iviti",
            "biliti", "bli", "ogist", "ogi", "fulli", "lessli", "li",
        ];
        let Some((s, start)) = self.longest_in(SUFFIXES, self.p1) else {
            return;
        };
        let with = match s {
            "tional" => "tion",
            "enci" => "ence",
            "anci" => "ance",
            "abli" => "able",
            "entli" => "ent",
            "izer" | "ization" => "ize",
            "ational" | "ation" | "ator" => "ate",
            "alism" | "aliti" | "alli" => "al",
            "fulness" | "fulli" => "ful",
            "ousli" | "ousness" => "ous",
            "iveness" | "iviti" => "ive",
            "biliti" | "bli" => "ble",
            "ogist" => "og",
            "ogi" if start > 0 && self.b[start - 1] == b'l' => "og",
            "lessli" => "less",
            "li" if start > 0 && b"cdeghkmnrt".contains(&self.b[start - 1]) => "",
            _ => return,
        };
        self.replace(s.len(), with);
    }

    fn step_3(&mut self) {
        const SUFFIXES: &[&str] = &[
            "tional", "ational", "alize", "icate", "iciti", "ical", "ful", "ness", "ative",
        ];
        let Some((s, start)) = self.longest_in(SUFFIXES, self.p1) else {
            return;
        };
        let with = match s {
            "tional" => "tion",
            "ational" => "ate",
            "alize" => "al",
            "icate" | "iciti" | "ical" => "ic",
            "ful" | "ness" => "",
            "ative" if start >= self.p2 => "",
            _ => return,
        };
        self.replace(s.len(), with);
    }

    fn step_4(&mut self) {
        const SUFFIXES: &[&str] = &[
            "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism",
            "ate", "iti", "ous", "ive", "ize", "ion",
        ];
        let Some((s, start)) = self.longest_in(SUFFIXES, self.p2) else {
            return;
        };
        if s == "ion" && !(start > 0 && matches!(self.b[start - 1], b's' | b't')) {
            return;
        }
        self.b.truncate(start);
    }

    fn step_5(&mut self) {
        let n = self.b.len();
        match self.b.last() {
            Some(b'e') => {
                let start = n - 1;
                if start >= self.p2 || (start >= self.p1 && !self.short_before(start)) {
                    self.b.pop();
                }
            }
            Some(b'l') if n > self.p2 && n >= 2 && self.b[n - 2] == b'l' => {
                self.b.pop();
            }
            _ => {}
        }
    }

    fn finish(self) -> String {
        self.b
            .into_iter()
            .map(|c| if c == b'Y' { 'y' } else { char::from(c) })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shared word list: `word stem` a line. The browser's stemmer must
    /// give the same (`tests/browser/search-words.test.mjs`).
    /// `STEPWISE_BLESS=1` writes the stems anew from this implementation.
    #[test]
    fn stems_of_the_shared_word_list() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/search/stems.txt"
        );
        let text = std::fs::read_to_string(path).expect("stems.txt");
        let pairs: Vec<(&str, &str)> = text
            .lines()
            .map(|l| l.split_once(' ').expect("word stem"))
            .collect();
        if std::env::var_os("STEPWISE_BLESS").is_some() {
            let out: String = pairs
                .iter()
                .map(|(w, _)| format!("{w} {}\n", stem(w)))
                .collect();
            std::fs::write(path, out).expect("write stems.txt");
            return;
        }
        assert!(pairs.len() > 1500);
        let wrong: Vec<String> = pairs
            .iter()
            .filter(|(w, s)| stem(w) != *s)
            .map(|(w, s)| format!("{w}: {} (pinned {s})", stem(w)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:?}");
    }

    #[test]
    fn the_issues_words_stem_together() {
        assert_eq!(stem("visas"), stem("visa"));
        assert_eq!(stem("applying"), stem("apply"));
        assert_eq!(stem("applications"), stem("application"));
        assert_eq!(stem("residency"), stem("residencies"));
        assert_eq!(stem("checklists"), "checklist");
    }

    #[test]
    fn examples_of_each_step() {
        for (word, want) in [
            // 1a
            ("caresses", "caress"),
            ("ties", "tie"),
            ("cries", "cri"),
            ("gas", "gas"),
            ("gaps", "gap"),
            ("kiwis", "kiwi"),
            // 1b, and the exceptions now inside it
            ("agreed", "agre"),
            ("proceed", "proceed"),
            ("exceedingly", "exceed"),
            ("bed", "bed"),
            ("hopping", "hop"),
            ("hoping", "hope"),
            ("added", "add"),
            ("dying", "die"),
            ("inning", "inning"),
            ("pasted", "paste"),
            // 1c
            ("cry", "cri"),
            ("by", "by"),
            ("say", "say"),
            // 2–5 and R1 prefixes
            ("generate", "generat"),
            ("international", "internat"),
            ("interview", "interview"),
            ("radiologist", "radiolog"),
            ("radiology", "radiolog"),
            ("university", "universiti"),
            ("universe", "univers"),
            ("emergency", "emergenc"),
            ("emerge", "emerg"),
            ("controlling", "control"),
            // exceptions
            ("skies", "sky"),
            ("news", "news"),
            ("early", "earli"),
            // not stemmed
            ("étude", "étude"),
            ("s2", "s2"),
        ] {
            assert_eq!(stem(word), want, "{word}");
        }
    }
}
