//! Small English heuristics the importer needs: is a sentence an instruction
//! ("Book an IR elective"), where do sentences end, Title Case to sentence
//! case, and joining a lead-in ("Aim for:") with the item it introduces.
//!
//! They are deliberately conservative: a missed instruction only means one
//! checklist item fewer, a false one means an editor has to delete it.

use crate::render::sections::is_question;

/// Verbs that open an instruction and are rarely anything else at the start
/// of a sentence.
const VERBS: &str = "\
    add adjust aim allow apply arrange arrive ask assess attach attend audit avoid be become \
    begin bring browse build calculate carry celebrate choose clarify clean collect commit \
    compare complete confirm connect consider contribute copy create cultivate decide \
    demonstrate describe develop discuss do document download earn emphasise emphasize \
    engage enrol enroll ensure establish estimate expect explain explore familiarise \
    familiarize favor favour fill find finalise finalize finish fix follow forget gather get \
    give go grab hand have highlight hold hunt identify include invest invite join keep know \
    label lean learn leave let limit line listen lock look maintain make maximise maximize \
    meet memorise memorize mention mind minimise minimize monitor move negotiate nurture \
    obtain organise organize outline participate pay pick polish prepare print prioritise \
    prioritize proofread protect prove publish pursue push put reach read recognise \
    recognize reconsider reflect register rehearse remember remove repeat replace request \
    reserve respond revise rewrite save say search secure seek select send show showcase \
    sign sit sketch skip sleep solve speak spend split stand start stay stick stop store \
    streamline strengthen submit summarise summarize tailor take talk tell thank think tick \
    treat trim try turn understand update use verify visit wait weigh write";

/// Words that are verbs at the start of an instruction but also nouns at the
/// start of a heading or label ("Research that counts", "Plan B").
const AMBIGUOUS: &str = "\
    answer balance book budget call check contact cut draft drop email focus frame interview \
    lead list log map mark match name network note offer open order plan position post \
    practice practise present rank record research return review run schedule set shadow \
    share signal study target test time track volunteer watch work";

/// Words that show an ambiguous word is used as a verb when they follow it.
const OBJECT_STARTERS: &str = "\
    a about ahead all an any as at backwards both broadly carefully closely down each early \
    every five for four from her him how in into it its more on one out over several six \
    some the their them these this those three through to together two up what when where \
    whether which who widely with your yourself";

/// Openers of an introductory phrase before the instruction ("In your final
/// year, book …").
const INTRO_OPENERS: &str = "\
    after among as at before by during early even finally first for from if ideally in later \
    next once on second then third through throughout to unless until when whenever where \
    wherever while with within";

/// Openers of a lead-in that sets a situation for the instructions under it
/// ("When you email a mentor:").
const CONTEXT_OPENERS: &str = "\
    after as before during for if in once when whenever while";

/// Small words that stay lowercase in Title Case.
pub(crate) const SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on",
    "or", "over", "per", "the", "to", "via", "vs", "with",
];

/// Whether `word` is one of the space-separated words of `list`.
fn listed(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

/// The words of `text`, stripped of surrounding punctuation.
pub(crate) fn words(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether `word` is written in capitals only ("IR", "USMLE", "DO").
pub(crate) fn is_acronym(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// Whether `text` reads as an instruction to the reader.
pub(crate) fn is_imperative(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || is_question(t) {
        return false;
    }
    if starts_with_verb(t) {
        return true;
    }
    // "In your final year, book …", "Early in medical school: find …".
    let ws = words(t);
    if let Some(first) = ws.first() {
        let opener = listed(INTRO_OPENERS, &first.to_lowercase());
        for sep in [", ", ": "] {
            if let Some(i) = t.find(sep) {
                let head = &t[..i];
                let short = words(head).len() <= 12;
                if short && (opener || sep == ": ") && starts_with_verb(&t[i + sep.len()..]) {
                    return true;
                }
            }
        }
    }
    false
}

fn starts_with_verb(text: &str) -> bool {
    let ws: Vec<&str> = text.split_whitespace().collect();
    let Some(raw) = ws.first() else {
        return false;
    };
    let first = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
    // "Note: …" is a label, "IR …" an acronym: neither is a verb.
    if is_acronym(first) || raw.ends_with(':') {
        return false;
    }
    let w = first.to_lowercase();
    let next = ws
        .get(1)
        .map(|n| {
            n.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .unwrap_or_default();
    let next_raw = ws
        .get(1)
        .map(|n| n.trim_matches(|c: char| !c.is_alphanumeric()))
        .unwrap_or_default();
    match w.as_str() {
        "don't" | "don’t" | "never" | "always" | "please" => return true,
        "do" if next == "not" => return true,
        _ => {}
    }
    if listed(VERBS, &w) {
        return true;
    }
    if listed(AMBIGUOUS, &w) {
        // "Target programs that …." is an instruction; "Research That Counts"
        // and "Match day is in March." are not.
        let sentence = text.trim_end().ends_with(['.', '!']);
        let noun_use = listed(NOUN_FOLLOWERS, &next);
        return listed(OBJECT_STARTERS, &next)
            || is_acronym(next_raw)
            || (sentence && !noun_use && !next.is_empty());
    }
    false
}

/// Words that show an ambiguous word is a noun when they follow it.
const NOUN_FOLLOWERS: &str = "\
    and are can day days has have is may might must of or should that was were which will \
    would";

/// Labels that open a callout paragraph ("Tip: …").
const LABELS: &[&str] = &[
    "caution",
    "important",
    "note",
    "pro tip",
    "remember",
    "tip",
    "warning",
];

/// `text` without a callout label: "Tip: Put the dates in" → "Put the dates in".
pub(crate) fn strip_label(text: &str) -> &str {
    if let Some((label, rest)) = text.split_once(':') {
        if LABELS.contains(&label.trim().to_lowercase().as_str()) && !rest.trim().is_empty() {
            return rest.trim_start();
        }
    }
    text
}

/// Uppercases the first letter of `text`.
pub(crate) fn upper_first(text: &str) -> String {
    let mut cs = text.chars();
    match cs.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(cs).collect(),
        _ => text.to_string(),
    }
}

/// What a lead-in line (ending in `:`) does to the items under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LeadKind {
    /// An instruction the items complete ("Aim for:").
    Instruction,
    /// A situation the items' instructions apply to ("When you email:").
    Context,
    /// Anything else ("What stands in your way:").
    Descriptive,
}

/// Classifies a lead-in, given without its trailing `:`.
pub(crate) fn lead_kind(lead: &str) -> LeadKind {
    if is_imperative(lead) {
        return LeadKind::Instruction;
    }
    let first = words(lead)
        .first()
        .map(|w| w.to_lowercase())
        .unwrap_or_default();
    if listed(CONTEXT_OPENERS, &first) {
        LeadKind::Context
    } else {
        LeadKind::Descriptive
    }
}

/// Words after which a lead-in runs straight on into its item
/// ("Aim for" + "at least one paper").
const RUNS_ON: &str = "\
    about among around as at be between by during for from in include including into learn \
    like of on over than that through to toward towards under whether which who with";

/// Joins a lead-in (without its `:`) and an item into one instruction.
pub(crate) fn join_lead(lead: &str, kind: LeadKind, item: &str) -> String {
    let lead = lead.trim().trim_end_matches(':').trim_end();
    let item = lower_first(item.trim());
    let last = words(lead)
        .last()
        .map(|w| w.to_lowercase())
        .unwrap_or_default();
    // "for feedback:" + "on history taking" reads as one phrase.
    let item_first = item.split_whitespace().next().unwrap_or_default();
    let item_runs_on = listed(RUNS_ON, item_first) && item_first != "be";
    match kind {
        LeadKind::Context => format!("{lead}, {item}"),
        _ if listed(RUNS_ON, &last) || last == "if" || item_runs_on => {
            format!("{lead} {item}")
        }
        _ => format!("{lead}: {item}"),
    }
}

/// Lowercases the first letter of `text` unless the first word is an
/// acronym or "I".
pub(crate) fn lower_first(text: &str) -> String {
    let first = text.split_whitespace().next().unwrap_or_default();
    let core = first.trim_matches(|c: char| !c.is_alphanumeric());
    if is_acronym(core) || core == "I" || core.starts_with("I’") || core.starts_with("I'") {
        return text.to_string();
    }
    // Only a plain capitalised word ("At", "Case"): mixed case is a name.
    let mut letters = core.chars();
    let plain_cap =
        letters.next().is_some_and(char::is_uppercase) && letters.all(|c| !c.is_uppercase());
    if !plain_cap {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut done = false;
    for c in text.chars() {
        if !done && c.is_uppercase() {
            out.extend(c.to_lowercase());
            done = true;
        } else {
            out.push(c);
        }
    }
    out
}

/// Share of the significant words of `text` that start with a capital.
pub(crate) fn title_case_ratio(text: &str) -> f32 {
    let ws: Vec<&str> = words(text)
        .into_iter()
        .filter(|w| !SMALL_WORDS.contains(&w.to_lowercase().as_str()))
        .collect();
    if ws.is_empty() {
        return 0.0;
    }
    let caps = ws
        .iter()
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_numeric())
        })
        .count();
    caps as f32 / ws.len() as f32
}

/// "Decide Early Whether You Need a Research Year" → "Decide early whether
/// you need a research year". Acronyms and mixed-case names are kept; text
/// that is not in Title Case is returned unchanged.
pub(crate) fn sentence_case(text: &str) -> String {
    if words(text).len() < 2 || title_case_ratio(text) < 0.6 {
        return text.to_string();
    }
    let mut out = Vec::new();
    for (i, w) in text.split(' ').enumerate() {
        let core = w.trim_matches(|c: char| !c.is_alphanumeric());
        let mut cs = core.chars();
        let plain_cap = cs.next().is_some_and(char::is_uppercase) && cs.all(|c| !c.is_uppercase());
        if i == 0 || !plain_cap || core == "I" || core.chars().count() < 2 {
            out.push(w.to_string());
        } else {
            out.push(w.to_lowercase());
        }
    }
    out.join(" ")
}

/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g.", "i.e.", "etc.", "vs.", "dr.", "mr.", "mrs.", "ms.", "st.", "no.", "u.s.", "approx.",
    "incl.", "jr.", "sr.", "prof.",
];

/// The sentences of `text`, trimmed.
pub(crate) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in bytes.iter().enumerate() {
        if !matches!(c, '.' | '?' | '!' | '…') {
            continue;
        }
        // The end of a sentence is followed by a space and a capital (or a
        // quote, a digit) or by the end of the text.
        let after = &text[i + c.len_utf8()..];
        let after = after.trim_start_matches(['"', '”', '’', ')']);
        let ends =
            after.is_empty()
                || (after.starts_with(' ')
                    && after.trim_start().chars().next().is_some_and(|n| {
                        n.is_uppercase() || n.is_numeric() || "\"“‘(".contains(n)
                    }));
        if !ends {
            continue;
        }
        let word_start = bytes[..k]
            .iter()
            .rev()
            .find(|(_, ch)| ch.is_whitespace())
            .map_or(start, |(j, ch)| j + ch.len_utf8())
            .max(start);
        let word = text[word_start..i + c.len_utf8()].to_lowercase();
        if c == '.' && ABBREVIATIONS.contains(&word.as_str()) {
            continue;
        }
        let end = text.len() - after.len();
        let s = text[start..end].trim();
        if !s.is_empty() {
            out.push(s);
        }
        start = end;
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// Shortens `text` to at most `max` characters: whole sentences when the
/// first one fits, otherwise cut at a word boundary with an ellipsis.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let mut out = String::new();
    for s in sentences(&text) {
        let candidate = if out.is_empty() {
            s.to_string()
        } else {
            format!("{out} {s}")
        };
        if candidate.chars().count() > max {
            break;
        }
        out = candidate;
    }
    if !out.is_empty() {
        return out;
    }
    let mut cut = String::new();
    for w in text.split(' ') {
        let next = if cut.is_empty() {
            w.to_string()
        } else {
            format!("{cut} {w}")
        };
        if next.chars().count() + 1 > max {
            break;
        }
        cut = next;
    }
    let cut = cut.trim_end_matches([',', ';', ':', '-', '–', '—', ' ']);
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instructions() {
        for t in [
            "Do two or three away rotations at programs you would rank highly.",
            "Show up prepared: read about each clinic’s patients the night before.",
            "Keep it under 150 words.",
            "Name one of their papers and one concrete task you can take on.",
            "In a single application season, apply to both integrated IR and DR.",
            "Early in medical school: find a research mentor",
            "Don’t send a generic email.",
            "Plan your study time around Step 2 CK",
            "Aim for",
            "Target programs that interview or match IMGs.",
            "Tip: Put the dates in a calendar now.",
            "If honours or distinctions do not show up clearly, add a brief note.",
        ] {
            assert!(is_imperative(t), "{t}");
        }
        for t in [
            "Research That Counts",
            "Very few positions: Most programs take two to four residents a year.",
            "Meets you at least once a term.",
            "DO students match every year.",
            "Should describe your clinical reasoning.",
            "Is a research year worth the cost?",
            "A dermatology faculty mentor",
            "Match Day",
            "Match day is in March.",
            "Note: These are starting points.",
            "Research that counts.",
        ] {
            assert!(!is_imperative(t), "{t}");
        }
    }

    #[test]
    fn lead_ins() {
        assert_eq!(lead_kind("Aim for"), LeadKind::Instruction);
        assert_eq!(
            lead_kind("When you email a possible research mentor"),
            LeadKind::Context
        );
        assert_eq!(lead_kind("What stands in your way"), LeadKind::Descriptive);
        assert_eq!(
            join_lead("Aim for:", LeadKind::Instruction, "At least one paper"),
            "Aim for at least one paper"
        );
        assert_eq!(
            join_lead("When you email", LeadKind::Context, "Keep it short"),
            "When you email, keep it short"
        );
        assert_eq!(
            join_lead(
                "Aim your work at meetings",
                LeadKind::Instruction,
                "AAD posters"
            ),
            "Aim your work at meetings: AAD posters"
        );
    }

    #[test]
    fn cases() {
        assert_eq!(
            sentence_case("Decide Early Whether You Need a Research Year"),
            "Decide early whether you need a research year"
        );
        assert_eq!(sentence_case("Join the SIR Early"), "Join the SIR early");
        assert_eq!(sentence_case("Keep it short"), "Keep it short");
        assert_eq!(lower_first("At least one"), "at least one");
        assert_eq!(strip_label("Tip: Put the dates in"), "Put the dates in");
        assert_eq!(strip_label("Dermatology: 60–90"), "Dermatology: 60–90");
        assert_eq!(upper_first("arrive early"), "Arrive early");
        assert_eq!(lower_first("AAD posters"), "AAD posters");
        assert_eq!(lower_first("McGill grads"), "McGill grads");
    }

    #[test]
    fn sentence_split_and_shorten() {
        assert_eq!(
            sentences("One thing, e.g. this. Two? Three… four"),
            vec!["One thing, e.g. this.", "Two?", "Three… four"]
        );
        let long = "Dermatology fills almost every position with applicants who have years of research and near-perfect records. Osteopathic students now apply through the single match.";
        assert_eq!(
            shorten(long, 160),
            "Dermatology fills almost every position with applicants who have years of research and near-perfect records."
        );
        let one = "word ".repeat(60);
        let s = shorten(&one, 160);
        assert!(s.chars().count() <= 160 && s.ends_with("word…"), "{s}");
    }
}
