//! The one place that parses YAML (site.yaml and front matter).
//!
//! serde_yaml is archived upstream; everything else in the crate goes through
//! [`parse`], so swapping the parser touches only this file. Errors come back
//! as [`Diagnostic`]s located in the user's file, with serde's jargon
//! ("i64", "sequence") translated into words an editor knows.

use crate::error::{closest, Diagnostic};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses `yaml`, which sits in `file` (whose whole text is `file_text`)
/// starting at 1-based line `first_line`. `keys` are the valid keys of the
/// top-level mapping, used for "did you mean" hints.
pub fn parse<T: DeserializeOwned>(
    yaml: &str,
    file: &Path,
    file_text: &str,
    first_line: usize,
    keys: &[&str],
) -> Result<T, Diagnostic> {
    // An empty document means "all defaults", not "missing value".
    let doc = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(doc).map_err(|e| {
        let (line, col) = e
            .location()
            .map_or((first_line, 1), |l| (l.line() + first_line - 1, l.column()));
        let raw = e.to_string();
        let raw = strip_location(&raw);
        let (message, hint) = translate(&raw, keys);
        let mut d = Diagnostic::at(file, file_text, line, col, message);
        d.hint = hint;
        if d.hint.is_none() && !raw.contains(": ") {
            d.hint = Some("check the indentation and quoting of this line".into());
        }
        d
    })
}

/// Drops serde_yaml's own "at line N column M" (relative to the YAML, not
/// the file): the diagnostic carries the file's position instead.
fn strip_location(raw: &str) -> String {
    let Some(i) = raw.find(" at line ") else {
        return raw.to_string();
    };
    let rest = &raw[i + " at line ".len()..];
    let skip = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == ' ' || "column".contains(c)))
        .map_or(rest.len(), |(j, _)| j);
    format!("{}{}", &raw[..i], &rest[skip..])
}

/// Rewrites a serde_yaml message into plain words and a hint.
fn translate(raw: &str, keys: &[&str]) -> (String, Option<String>) {
    if let Some(rest) = raw.split("unknown field `").nth(1) {
        let field = rest.split('`').next().unwrap_or_default();
        let prefix = raw.split("unknown field").next().unwrap_or_default();
        let valid: Vec<&str> = rest
            .split(", expected")
            .nth(1)
            .map(|s| s.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let valid = if prefix.trim().is_empty() && !keys.is_empty() {
            keys.to_vec()
        } else {
            valid
        };
        let hint = match closest(field, &valid) {
            Some(c) => format!("did you mean `{c}`? Valid keys: {}", valid.join(", ")),
            None => format!("valid keys: {}", valid.join(", ")),
        };
        return (format!("{prefix}unknown key `{field}`"), Some(hint));
    }
    if let Some(rest) = raw.split("missing field `").nth(1) {
        let field = rest.split('`').next().unwrap_or_default();
        return (
            format!("missing required key `{field}`"),
            Some(format!("add a line `{field}: ...`")),
        );
    }
    if let Some(i) = raw.find("invalid type: ") {
        let path = raw[..i].to_string();
        let rest = &raw[i + "invalid type: ".len()..];
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        let found = describe_found(found);
        let expected = describe_expected(expected);
        let hint = format!("write {expected} here");
        return (
            format!("{path}expected {expected}, found {found}"),
            Some(hint),
        );
    }
    if let Some(i) = raw.find("invalid value: ") {
        let path = raw[..i].to_string();
        let rest = &raw[i + "invalid value: ".len()..];
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        return (
            format!(
                "{path}expected {}, found {}",
                describe_expected(expected),
                describe_found(found)
            ),
            Some("see the README's front matter reference for allowed values".into()),
        );
    }
    (format!("invalid YAML: {raw}"), None)
}

fn describe_found(found: &str) -> String {
    if let Some(s) = found.strip_prefix("string ") {
        return s.to_string();
    }
    for (serde, plain) in [("integer ", ""), ("floating point ", ""), ("boolean ", "")] {
        if let Some(v) = found.strip_prefix(serde) {
            return format!("{plain}{}", v.trim_matches('`'));
        }
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a map of keys".into(),
        "unit value" => "nothing".into(),
        other => other.to_string(),
    }
}

fn describe_expected(expected: &str) -> String {
    let e = expected.trim();
    if matches!(
        e,
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize"
    ) || e.starts_with("an integer")
    {
        return "a whole number".into();
    }
    if e.starts_with("struct ") || e == "a map" {
        return "a map of keys".into();
    }
    match e {
        "a sequence" => "a list".into(),
        "a string" => "text".into(),
        "a boolean" => "true or false".into(),
        other => other.to_string(),
    }
}

/// Line and column (1-based) of `key:` in YAML `text` (the line that also
/// holds `value`, when given; the column then points at the value): serde
/// gives no positions for values that parsed but failed a later check.
/// `text` may be a whole content file: a leading `---` is skipped and the
/// search stops at the closing one. `(1, 1)` when not found.
pub fn locate(text: &str, key: &str, value: Option<&str>) -> (usize, usize) {
    locate_nth(text, key, value, 0)
}

/// Like [`locate`], for the `skip + 1`-th line that holds `key` (with
/// `value`): where a value repeats, the later one is the one to show.
pub fn locate_nth(text: &str, key: &str, value: Option<&str>, mut skip: usize) -> (usize, usize) {
    let pat = format!("{key}:");
    let mut fallback = (1, 1);
    for (i, line) in text.lines().enumerate() {
        if line.trim_end() == "---" {
            if i == 0 {
                continue;
            }
            break;
        }
        let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
        if !trimmed.starts_with(&pat) {
            continue;
        }
        let key_col = line.len() - trimmed.len();
        match value {
            Some(v) => {
                if let Some(at) = line[key_col + pat.len()..].find(v) {
                    if skip > 0 {
                        skip -= 1;
                        continue;
                    }
                    let byte = key_col + pat.len() + at;
                    return (i + 1, line[..byte].chars().count() + 1);
                }
                if fallback == (1, 1) {
                    fallback = (i + 1, line[..key_col].chars().count() + 1);
                }
            }
            None if skip > 0 => skip -= 1,
            None => return (i + 1, line[..key_col].chars().count() + 1),
        }
    }
    fallback
}

/// Writes `value` as YAML (used by `import` to write front matter).
pub fn emit<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Fm {
        title: String,
        #[serde(default)]
        weight: i64,
    }

    #[test]
    fn wrong_type_is_located_and_plain() {
        let text = "---\ntitle: x\nweight: heavy\n---\n";
        let e =
            parse::<Fm>("title: x\nweight: heavy\n", Path::new("a.md"), text, 2, &[]).unwrap_err();
        assert_eq!((e.line, e.col), (3, 9));
        assert_eq!(
            e.message,
            "weight: expected a whole number, found \"heavy\""
        );
    }

    #[test]
    fn locates_keys_in_files_and_front_matter() {
        assert_eq!(locate("title: x\nbase_url: y\n", "base_url", None), (2, 1));
        let fm = "---\ntitle: x\nchecklist:\n  - id: a\n  - id: b\n---\nid: b\n";
        assert_eq!(locate(fm, "id", Some("b")), (5, 9));
        assert_eq!(locate(fm, "id", Some("zz")), (4, 5));
        assert_eq!(locate(fm, "nope", None), (1, 1));
    }

    #[test]
    fn unknown_key_suggests() {
        let e =
            parse::<Fm>("titel: x\n", Path::new("a.md"), "---\ntitel: x\n", 2, &[]).unwrap_err();
        assert_eq!(e.line, 2);
        assert_eq!(e.message, "unknown key `titel`");
        assert!(e.hint.unwrap().starts_with("did you mean `title`?"));
    }
}
