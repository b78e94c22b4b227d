//! Recognising headings from their wording: "Step N: …", the FAQ, closing
//! sections, lettered ("A. …") and numbered ("1. …") subsections, and
//! whether a bare line looks like a heading at all.

use super::language::{title_case_ratio, words};
use super::model::HeadingKind;
use crate::render::sections::is_question;

/// Number words accepted in "Step One: …".
const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// Headings of a closing section.
const CLOSING: &[&str] = &[
    "bottom line",
    "conclusion",
    "conclusions",
    "final thoughts",
    "final words",
    "in conclusion",
    "in summary",
    "key takeaways",
    "next steps",
    "putting it all together",
    "summary",
    "takeaways",
    "the bottom line",
    "the takeaway",
    "wrapping up",
    "your next steps",
];

/// `"Step 2: Research That Counts"` → `(2, "Research That Counts")`.
pub(crate) fn step(text: &str) -> Option<(u32, &str)> {
    let t = text.trim();
    if !t.get(..4)?.eq_ignore_ascii_case("step") {
        return None;
    }
    let rest = &t[4..];
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    let end = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    let token = &rest[..end];
    let n = match token.parse::<u32>() {
        Ok(n) => n,
        Err(_) => {
            let lower = token.to_lowercase();
            NUMBER_WORDS.iter().position(|w| *w == lower)? as u32
        }
    };
    // A separator must follow the number: "Step 2 CK targets" names an exam.
    let after = rest[end..].trim_start();
    if after.is_empty() {
        return Some((n, after));
    }
    let mut cs = after.chars();
    let sep = cs.next()?;
    let tail = cs.as_str();
    if !":.)–—-|".contains(sep) || !(tail.is_empty() || tail.starts_with(char::is_whitespace)) {
        return None;
    }
    Some((n, tail.trim_start()))
}

/// Whether `text` heads the FAQ section.
pub(crate) fn is_faq(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    lower.contains("frequently asked questions")
        || words(&lower).iter().any(|w| *w == "faq" || *w == "faqs")
        || matches!(
            lower.trim_end_matches([':', '.']),
            "common questions" | "questions and answers" | "q&a" | "questions"
        )
}

/// Whether `text` heads a closing section ("Conclusion", "Final thoughts").
pub(crate) fn is_closing(text: &str) -> bool {
    let lower = text.trim().trim_end_matches([':', '.', '!']).to_lowercase();
    CLOSING.contains(&lower.as_str()) || lower.starts_with("conclusion:")
}

/// `"A. Away Rotations"` → `("A", "Away Rotations")`; Roman numerals too.
pub(crate) fn letter_prefix(text: &str) -> Option<(&str, &str)> {
    let t = text.trim();
    let end = t.find(['.', ')'])?;
    let letter = &t[..end];
    let single = letter.len() == 1 && letter.chars().all(|c| c.is_ascii_uppercase());
    let roman = matches!(
        letter,
        "II" | "III" | "IV" | "V" | "VI" | "VII" | "VIII" | "IX" | "X"
    );
    let rest = &t[end + 1..];
    if (single || roman) && rest.starts_with(char::is_whitespace) && !rest.trim().is_empty() {
        Some((letter, rest.trim()))
    } else {
        None
    }
}

/// `"2. Should I apply?"` → `("2", "Should I apply?")`.
pub(crate) fn number_prefix(text: &str) -> Option<(&str, &str)> {
    let t = text.trim();
    let end = t.find(|c: char| !c.is_ascii_digit())?;
    if end == 0 || end > 3 {
        return None;
    }
    let rest = &t[end..];
    let rest = rest.strip_prefix(['.', ')'])?;
    if rest.starts_with(char::is_whitespace) && !rest.trim().is_empty() {
        Some((&t[..end], rest.trim()))
    } else {
        None
    }
}

/// Whether a line standing alone could be a heading: short, capitalised, not
/// ending like a sentence. Questions count only when `questions` is set (in
/// an FAQ) or when short and in Title Case.
pub(crate) fn heading_like(text: &str, questions: bool) -> bool {
    let t = text.trim();
    let core = t.trim_end_matches(['"', '”', '’', '\'']);
    let Some(last) = core.chars().last() else {
        return false;
    };
    let Some(first) = t
        .chars()
        .find(|c| !matches!(c, '"' | '“' | '‘' | '\'' | '(' | '['))
    else {
        return false;
    };
    if !(first.is_uppercase() || first.is_numeric()) {
        return false;
    }
    if matches!(last, '.' | ',' | ';' | ':' | '…' | '!') {
        return false;
    }
    let n = words(t).len();
    if last == '?' {
        return if questions {
            n <= 30
        } else {
            n <= 8 || (n <= 14 && title_case_ratio(t) >= 0.6)
        };
    }
    // Copied text ends its sentences; a short line that does not is a heading.
    !t.contains('\t')
        && n <= 16
        && t.chars().count() <= 140
        && (n <= 10 || title_case_ratio(t) >= 0.6)
}

/// What kind of heading `text` is, with its label (the text without a
/// step, letter or number prefix). `in_faq` makes questions FAQ entries.
pub(crate) fn classify(text: &str, in_faq: bool) -> (HeadingKind, String) {
    let t = text.trim();
    if let Some((n, label)) = step(t) {
        return (HeadingKind::Step(n), label.to_string());
    }
    if !in_faq && is_faq(t) {
        return (HeadingKind::Faq, t.to_string());
    }
    if is_closing(t) {
        return (HeadingKind::Closing, t.to_string());
    }
    if let Some((letter, rest)) = letter_prefix(t) {
        return (HeadingKind::Lettered(letter.to_string()), rest.to_string());
    }
    if let Some((num, rest)) = number_prefix(t) {
        if is_question(rest) {
            return (HeadingKind::Question, rest.to_string());
        }
        return (HeadingKind::Numbered(num.to_string()), rest.to_string());
    }
    if is_question(t) {
        let label = t
            .strip_prefix("Q:")
            .or_else(|| t.strip_prefix("Q."))
            .unwrap_or(t)
            .trim();
        return (HeadingKind::Question, label.to_string());
    }
    (HeadingKind::Plain, t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps() {
        assert_eq!(
            step("Step 1: Plan the Years Before You Apply"),
            Some((1, "Plan the Years Before You Apply"))
        );
        assert_eq!(step("STEP 12 — Rank"), Some((12, "Rank")));
        assert_eq!(step("Step Three. Letters"), Some((3, "Letters")));
        assert_eq!(step("Step 4"), Some((4, "")));
        assert_eq!(step("Step 1.1 Details"), None);
        assert_eq!(step("Step 2 CK Score Targets"), None);
        assert_eq!(step("Step 2 – USMLE"), Some((2, "USMLE")));
        assert_eq!(step("Stepping stones"), None);
        assert_eq!(step("Steps to take"), None);
    }

    #[test]
    fn prefixes() {
        assert_eq!(
            letter_prefix("A. Away Rotations"),
            Some(("A", "Away Rotations"))
        );
        assert_eq!(letter_prefix("IV) Ranking"), Some(("IV", "Ranking")));
        assert_eq!(letter_prefix("Am. Journal"), None);
        assert_eq!(
            number_prefix("2. Should I apply?"),
            Some(("2", "Should I apply?"))
        );
        assert_eq!(number_prefix("2024 was a year"), None);
    }

    #[test]
    fn heading_shapes() {
        assert!(heading_like(
            "Why Dermatology Is Hard for Osteopathic Applicants",
            false
        ));
        assert!(heading_like("Frequently Asked Questions (FAQ)", false));
        assert!(heading_like("DR, then ESIR, then IR fellowship", false));
        assert!(!heading_like("Layer\tWhat it means for you", false));
        assert!(heading_like("Is a research year worth the cost?", true));
        assert!(!heading_like("Timeline rule:", false));
        assert!(!heading_like(
            "Start outreach no later than the spring of your second year.",
            false
        ));
        assert!(!heading_like("overview", false));
        assert!(!heading_like(
            "Still, osteopathic students match every year and most of them start early in school",
            false
        ));
        assert!(is_faq("Frequently Asked Questions (FAQ)"));
        assert!(is_faq("FAQs"));
        assert!(!is_faq("Faqir's story"));
        assert!(is_closing("Final Thoughts"));
    }

    #[test]
    fn kinds() {
        assert_eq!(classify("Step 2: Research", false).0, HeadingKind::Step(2));
        assert_eq!(
            classify("1. Is a research year worth the cost?", true),
            (
                HeadingKind::Question,
                "Is a research year worth the cost?".into()
            )
        );
        assert_eq!(
            classify("B. Build a Mentor Team", false),
            (
                HeadingKind::Lettered("B".into()),
                "Build a Mentor Team".into()
            )
        );
    }
}
