//! Recognising site chrome in a guide copied from a web page: the logo and
//! header lines before the title, the keyword line under it, image captions
//! (alt text of images that are not in the text), stray interface labels,
//! bylines, and the promotion blocks and "Related Articles" after the
//! article. Each test looks at one line, or at the tail of the file.

use super::language::{is_acronym, words};
use super::recognise::heading_like;

/// Lines that start the list of other articles at the end of a page.
const RELATED: &[&str] = &[
    "related articles",
    "related posts",
    "related reading",
    "related guides",
    "related content",
    "you may also like",
    "you might also like",
    "recommended articles",
    "recommended reading",
    "read next",
    "keep reading",
    "more articles",
    "more from",
    "about the author",
    "leave a comment",
    "leave a reply",
    "comments",
];

/// Wording that marks a block as a promotion rather than article text.
const PROMO: &[&str] = &[
    "free for",
    "free trial",
    "for free",
    "sign up",
    "sign-up",
    "signup",
    "subscribe",
    "download",
    "get started",
    "try it",
    "made simple",
    "in minutes",
    "our app",
    "our smart",
    "our free",
    "our tool",
    "our platform",
    "no credit card",
    "learn more",
    "book a demo",
    "join now",
    "promo code",
    "discount",
    "% off",
];

/// Whether `text` is the site's logo line.
pub(crate) fn is_logo(text: &str) -> bool {
    words(text).iter().any(|w| w.eq_ignore_ascii_case("logo"))
}

/// Whether `text` starts the "Related Articles" part of a page.
pub(crate) fn is_related(text: &str) -> bool {
    let lower = text.trim().trim_end_matches([':', '.']).to_lowercase();
    words(&lower).len() <= 6
        && RELATED
            .iter()
            .any(|r| lower == *r || (r.len() > 8 && lower.starts_with(r)))
}

/// Whether `text` is a stray interface label: one or two lowercase words
/// ("overview", "read more").
pub(crate) fn is_label(text: &str) -> bool {
    let t = text.trim();
    let ws: Vec<&str> = t.split_whitespace().collect();
    !ws.is_empty() && ws.len() <= 2 && t.chars().all(|c| c.is_lowercase() || c == ' ' || c == '-')
}

/// Whether `text` is an advertising marker.
pub(crate) fn is_ad(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "advertisement" | "sponsored" | "sponsored content" | "ad" | "promoted"
    )
}

/// Whether `text` is a row of share buttons ("Share this article", "Tweet").
pub(crate) fn is_share(text: &str) -> bool {
    let lower = text.trim().trim_end_matches([':', '.']).to_lowercase();
    lower.starts_with("share this")
        || lower.starts_with("share on ")
        || matches!(
            lower.as_str(),
            "share" | "tweet" | "pin it" | "email this" | "print" | "print this article"
        )
}

/// Whether `text` heads a table of contents.
pub(crate) fn is_toc_title(text: &str) -> bool {
    matches!(
        text.trim().trim_end_matches(':').to_lowercase().as_str(),
        "table of contents"
            | "contents"
            | "in this article"
            | "in this guide"
            | "on this page"
            | "jump to"
            | "jump to section"
            | "what’s inside"
            | "what's inside"
    )
}

/// Whether `text` is a byline or reading-time line under the title.
pub(crate) fn is_byline(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    let n = words(&lower).len();
    n <= 12
        && (lower.starts_with("by ")
            || lower.starts_with("written by")
            || lower.starts_with("reviewed by")
            || lower.starts_with("published")
            || lower.starts_with("updated ")
            || lower.starts_with("last updated")
            || lower.ends_with("min read")
            || lower.ends_with("minute read"))
}

/// Whether `text` is an image credit ("Photo: …", "Image credit: …").
pub(crate) fn is_image_credit(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    [
        "photo:",
        "image:",
        "photo credit",
        "image credit",
        "image source",
        "credit:",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

/// The part of `text` after a " - " (or " – ", " | ") separator: alt text
/// is often "what the image shows - the page's title".
pub(crate) fn caption_suffix(text: &str) -> Option<&str> {
    let t = text.trim();
    let core = t.trim_end_matches(['"', '”', '’']);
    if core.ends_with(['.', '!', ':', ';', ',', '?']) {
        return None;
    }
    [" - ", " – ", " | "]
        .iter()
        .filter_map(|sep| t.rfind(sep).map(|i| (i, sep.len())))
        .max_by_key(|(i, _)| *i)
        .map(|(i, len)| t[i + len..].trim())
        .filter(|s| !s.is_empty() && !t[..t.len() - s.len()].trim().is_empty())
}

/// Whether the caption suffix `suffix` names the article: most of its words
/// are in the title or the keyword line.
pub(crate) fn suffix_names_article(suffix: &str, title_words: &[String]) -> bool {
    let ws = words(suffix);
    if ws.len() < 2 {
        return false;
    }
    let hits = ws
        .iter()
        .filter(|w| {
            let w = w.to_lowercase();
            title_words
                .iter()
                .any(|t| *t == w || t.trim_end_matches('s') == w.trim_end_matches('s'))
        })
        .count();
    hits * 2 >= ws.len()
}

/// Whether `text` is a keyword line: several words, mostly lowercase, no
/// sentence punctuation (tags copied from a web page).
pub(crate) fn is_keyword_line(text: &str) -> bool {
    if keyword_label(text).is_some() {
        return true;
    }
    let t = text.trim();
    if t.chars().any(|c| ".!?:;()\"“”[]".contains(c)) || t.chars().count() > 400 {
        return false;
    }
    let ws = words(t);
    if ws.len() < 4 {
        return false;
    }
    let lower = ws
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .count();
    lower * 2 >= ws.len()
}

/// The keywords of a line that says what it is ("Keywords: IR, match",
/// "Tags: …"), without that label; `None` for any other line.
pub(crate) fn keyword_label(text: &str) -> Option<&str> {
    let t = text.trim();
    let colon = t.find(':')?;
    let label = t[..colon].trim().to_lowercase();
    let rest = t[colon + 1..].trim();
    (matches!(
        label.as_str(),
        "keywords" | "keyword" | "tags" | "key words"
    ) && !rest.is_empty())
    .then_some(rest)
}

/// Whether `text` carries promotional wording.
pub(crate) fn is_promo(text: &str) -> bool {
    let lower = text.to_lowercase();
    PROMO.iter().any(|p| lower.contains(p))
}

/// Whether `text` is a product line such as "MatchMate - Rotation Planning
/// Made Simple": heading-shaped, a name, a separator, a tagline.
pub(crate) fn is_brand_line(text: &str) -> bool {
    let t = text.trim();
    let Some(suffix) = caption_suffix(t) else {
        return false;
    };
    let name = t[..t.len() - suffix.len()].trim_end_matches([' ', '-', '–', '|']);
    heading_like(t, false)
        && words(name).len() <= 3
        && words(name)
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase) || is_acronym(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        assert!(is_logo("Clinic Compass Logo Clinic Compass"));
        assert!(is_related("Related Articles"));
        assert!(!is_related(
            "Comments from program directors on research years"
        ));
        assert!(is_label("overview"));
        assert!(is_share("Share this article"));
        assert!(!is_related("Share this article"));
        assert!(is_toc_title("Table of Contents"));
        assert!(!is_label("Overview"));
        assert!(is_keyword_line(
            "DO student dermatology residency osteopathic applicant derm match"
        ));
        assert!(!is_keyword_line(
            "Breaking Into Dermatology From an Osteopathic School: A Practical Playbook"
        ));
        assert_eq!(
            caption_suffix("DO student timeline - DO Student Dermatology Match Playbook"),
            Some("DO Student Dermatology Match Playbook")
        );
        assert_eq!(caption_suffix("Dermatology: 60–90 programs."), None);
        assert!(is_brand_line("MatchMate - Rotation Planning Made Simple"));
        assert!(!is_brand_line(
            "Step 2 - Research That Counts Most for Programs"
        ));
        assert!(is_promo("* Free for students. No sign-up required."));
        let title: Vec<String> = ["do", "student", "dermatology", "match"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert!(suffix_names_article(
            "DO Student Dermatology Match Playbook",
            &title
        ));
        assert!(!suffix_names_article(
            "Rotation Planning Made Simple",
            &title
        ));
    }
}
