//! The one way to turn text into a URL or id fragment.

/// Lowercases `text`, keeps letters and digits, drops apostrophes and turns
/// every other run of characters into a single `-`, trimmed at both ends.
///
/// `"Step 2 CK — the dean’s view"` → `"step-2-ck-the-deans-view"`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '’' | '‘') {
            // "dean's" reads better as "deans" than "dean-s".
        } else {
            pending_dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Step 2 CK — the dean’s view"),
            "step-2-ck-the-deans-view"
        );
        assert_eq!(slugify("  A. Research!  "), "a-research");
        assert_eq!(slugify("Is IR realistic?"), "is-ir-realistic");
        assert_eq!(slugify("---"), "");
    }
}
