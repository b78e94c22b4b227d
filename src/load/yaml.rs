//! The one place that parses YAML (site.yaml and front matter).
//!
//! serde_yaml is archived upstream; everything else in the crate goes through
//! [`parse`], so swapping the parser touches only this file. Errors come back
//! as [`Diagnostic`]s located in the user's file, with serde's jargon
//! ("i64", "sequence") translated into words an editor knows. Strings that
//! hold a control character written as an escape (`"\e[31m"`) are refused
//! here too, so no parsed value ever holds one.

use super::control_chars::{describe, is_control};
use super::escapes::{self, Quoted};
use super::yaml_events::{self, Found, EXPANSION_FACTOR, EXPANSION_FLOOR};
use crate::error::{closest, line_col, Diagnostic};
use serde::de::DeserializeOwned;
use serde_yaml::Value;
use std::collections::HashMap;
use std::path::Path;

/// Parses `yaml`, which sits in `file` (whose whole text is `file_text`)
/// starting at 1-based line `first_line`. `keys` are the valid keys of the
/// top-level mapping, used for "did you mean" hints.
///
/// Fails with the YAML's first error, or with one diagnostic for each
/// string that holds a control character.
pub fn parse<T: DeserializeOwned>(
    yaml: &str,
    file: &Path,
    file_text: &str,
    first_line: usize,
    keys: &[&str],
) -> Result<T, Vec<Diagnostic>> {
    let value = parse_one(yaml, file, file_text, first_line, keys).map_err(|d| vec![d])?;
    let controls = escaped_controls(yaml, file, file_text, first_line);
    if controls.is_empty() {
        Ok(value)
    } else {
        Err(controls)
    }
}

fn parse_one<T: DeserializeOwned>(
    yaml: &str,
    file: &Path,
    file_text: &str,
    first_line: usize,
    keys: &[&str],
) -> Result<T, Diagnostic> {
    if let Some(at) = too_deep(yaml) {
        let (line, col) = line_col(yaml, at);
        return Err(Diagnostic::at(
            file,
            file_text,
            line + first_line - 1,
            col,
            format!("lists and maps are nested more than {MAX_DEPTH} levels deep here"),
        )
        .with_hint("front matter and site.yaml need only a few levels: flatten this value"));
    }
    // Before serde_yaml expands a single alias.
    if let Some(found) = yaml_events::inspect(yaml) {
        return Err(inspected(found, file, file_text, first_line));
    }
    // An empty document means "all defaults", not "missing value".
    let doc = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(doc).map_err(|e| {
        let (line, col) = e
            .location()
            .map_or((first_line, 1), |l| (l.line() + first_line - 1, l.column()));
        let raw = e.to_string();
        let raw = strip_location(&raw);
        if let Some(d) = duplicate(&raw, yaml, file, file_text, first_line) {
            return d;
        }
        let (message, hint) = translate(&raw, keys);
        let mut d = Diagnostic::at(file, file_text, line, col, message);
        d.hint = hint;
        if d.hint.is_none() && !raw.contains(": ") {
            d.hint = Some("check the indentation and quoting of this line".into());
        }
        d
    })
}

/// The problem [`yaml_events::inspect`] found, located in the file.
fn inspected(found: Found, file: &Path, file_text: &str, first_line: usize) -> Diagnostic {
    match found {
        Found::Expands { at, alias, limit } => Diagnostic::at(
            file,
            file_text,
            at.0 + first_line - 1,
            at.1,
            format!(
                "alias `{alias}` repeats too much: with the aliases before it, this YAML would \
                 expand to more than {}",
                size(limit)
            ),
        )
        .with_hint(format!(
            "an alias repeats all of the value its anchor names; aliases may expand YAML to \
             {EXPANSION_FACTOR} times its size, or to {}: write the value out where it is \
             needed, or repeat it less",
            size(EXPANSION_FLOOR)
        )),
        Found::Tag { at, tag } => Diagnostic::at(
            file,
            file_text,
            at.0 + first_line - 1,
            at.1,
            format!("YAML tags are not supported: `{tag}`"),
        )
        .with_hint(
            "delete the tag; if the `!` is part of the text, put the value in quotes: \"!...\"",
        ),
    }
}

/// `bytes` for people: `1 MiB`, `10.5 MiB`, `300 KiB`.
fn size(bytes: usize) -> String {
    const MIB: usize = 1 << 20;
    if bytes >= MIB {
        let tenths = bytes * 10 / MIB;
        match tenths % 10 {
            0 => format!("{} MiB", tenths / 10),
            t => format!("{}.{t} MiB", tenths / 10),
        }
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

/// serde_yaml's "duplicate field `title`" (at the mapping's start) as a
/// problem at the key's second use.
fn duplicate(
    raw: &str,
    yaml: &str,
    file: &Path,
    file_text: &str,
    first_line: usize,
) -> Option<Diagnostic> {
    let key = raw
        .split_once("duplicate field `")
        .and_then(|(_, rest)| rest.split('`').next())
        .or_else(|| {
            raw.split_once("duplicate entry with key \"")
                .and_then(|(_, rest)| rest.split('"').next())
        })?;
    let ((line, col), first) = yaml_events::duplicate_key(yaml, Some(key))?;
    Some(
        Diagnostic::at(
            file,
            file_text,
            line + first_line - 1,
            col,
            format!(
                "`{key}` is given twice: first on line {}",
                first + first_line - 1
            ),
        )
        .with_hint(format!("keep one `{key}:` line and delete the other")),
    )
}

/// One diagnostic for each string in `yaml` (which parsed) that holds a
/// control character, at the escape that wrote it, in the order of the text.
///
/// The file's bytes hold none (`control_chars::check` ran first), so only an
/// escape in a double-quoted scalar can write one: YAML without a backslash
/// is not parsed again.
fn escaped_controls(
    yaml: &str,
    file: &Path,
    file_text: &str,
    first_line: usize,
) -> Vec<Diagnostic> {
    if !yaml.contains('\\') {
        return Vec::new();
    }
    let Ok(value) = serde_yaml::from_str::<Value>(yaml) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    strings_with_controls(&value, None, &mut found);
    if found.is_empty() {
        return Vec::new();
    }
    let quoted = escapes::scan(yaml);
    // A string written twice is shown at each place it is written.
    let mut seen: HashMap<String, usize> = HashMap::new();
    found
        .into_iter()
        .map(|(key, s)| {
            let squeezed = escapes::squeeze(s);
            let n = seen.entry(squeezed.clone()).or_default();
            let mut same = quoted.iter().filter(|q| q.squeezed == squeezed);
            let written: Option<&Quoted> = same.clone().nth(*n).or_else(|| same.next());
            *n += 1;
            let name = key.map_or("a value".to_string(), |k| format!("`{k}`"));
            let (line, col, message, count) =
                match written.and_then(|q| q.escapes.first().map(|e| (q, e))) {
                    Some((q, e)) => {
                        let (line, col) = line_col(yaml, e.offset);
                        (
                            line + first_line - 1,
                            col,
                            format!(
                                "{name} holds control character {}, written as the escape `{}`",
                                describe(e.char),
                                e.text
                            ),
                            q.escapes.len(),
                        )
                    }
                    // Not found in the text (a value repeated through an alias):
                    // the line of its key.
                    None => {
                        let first = s.chars().find(|&c| is_control(c)).unwrap_or_default();
                        let (line, col) = locate(file_text, key.unwrap_or_default(), None);
                        (
                            line,
                            col,
                            format!(
                                "{name} holds control character {}, written as an escape",
                                describe(first)
                            ),
                            s.chars().filter(|&c| is_control(c)).count(),
                        )
                    }
                };
            Diagnostic::at(file, file_text, line, col, message).with_hint(format!(
                "delete the escape{}: web pages and feeds cannot carry control characters",
                match count {
                    1 => String::new(),
                    2 => " and the other one in this value".into(),
                    n => format!(" and the {} others in this value", n - 1),
                }
            ))
        })
        .collect()
}

/// Every string in `value` (keys too) that holds a control character, with
/// the key it is found under (the nearest one without a control character
/// of its own), in the order of the text.
fn strings_with_controls<'v>(
    value: &'v Value,
    key: Option<&'v str>,
    found: &mut Vec<(Option<&'v str>, &'v str)>,
) {
    match value {
        Value::String(s) => {
            if s.chars().any(is_control) {
                found.push((key, s));
            }
        }
        Value::Sequence(items) => {
            for item in items {
                strings_with_controls(item, key, found);
            }
        }
        Value::Mapping(map) => {
            for (k, v) in map {
                strings_with_controls(k, key, found);
                let inner = match k {
                    Value::String(k) if !k.chars().any(is_control) => Some(k.as_str()),
                    _ => key,
                };
                strings_with_controls(v, inner, found);
            }
        }
        Value::Tagged(tagged) => strings_with_controls(&tagged.value, key, found),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// How deep lists and maps written in flow style (`[a, [b]]`, `{a: {b: c}}`)
/// may nest. serde_yaml refuses anything deeper than 128 levels, but only
/// after its scanner has read them all, in time that grows with the square
/// of the depth (100,000 levels took 26 s): [`parse`] refuses them first.
pub(crate) const MAX_DEPTH: usize = 128;

/// The byte offset of the first `[` or `{` in `yaml` that opens a flow
/// collection more than [`MAX_DEPTH`] levels deep, if any: one pass, no
/// allocation.
///
/// A small lexer follows YAML's rules for what is not structure: comments,
/// quoted scalars, block scalars (`|`, `>`) and plain scalars, including
/// their continuation lines. A count that ignores all of that (every bracket
/// counted) is kept beside it, so a document that misleads the lexer into
/// skipping real brackets is still caught unless it also hides closing
/// brackets in strings. Either count may only overestimate the depth of a
/// document YAML parses, and only by brackets that sit in text, so no real
/// front matter comes near the limit.
fn too_deep(yaml: &str) -> Option<usize> {
    let mut scan = DepthScan::new(yaml.as_bytes());
    while scan.i < scan.b.len() {
        if let Some(at) = scan.step() {
            return Some(at);
        }
    }
    None
}

/// The state of [`too_deep`]'s one pass over a document.
struct DepthScan<'a> {
    b: &'a [u8],
    /// Where the pass is.
    i: usize,
    /// Every bracket counted, whatever the lexer makes of it.
    naive: usize,
    /// Flow collections open, as the lexer sees them.
    depth: usize,
    /// Whether a node may start here, so that `[`, `"` or `|` is an indicator.
    node_start: bool,
    /// The column of the current token, and of the key or `-` the current
    /// block value hangs from.
    token: usize,
    parent: usize,
    /// Lines more indented than this continue the plain scalar before them.
    plain_parent: Option<usize>,
    /// After a quoted scalar or a flow collection, `:` needs no space.
    after_quoted: bool,
    line_begin: usize,
}

impl<'a> DepthScan<'a> {
    fn new(b: &'a [u8]) -> Self {
        DepthScan {
            b,
            i: 0,
            naive: 0,
            depth: 0,
            node_start: true,
            token: 0,
            parent: 0,
            plain_parent: None,
            after_quoted: false,
            line_begin: 0,
        }
    }

    /// Whether byte `i` is white space or past the end.
    fn blank(&self, i: usize) -> bool {
        self.b
            .get(i)
            .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
    }

    /// Where the line holding byte `i` ends.
    fn line_end(&self, mut i: usize) -> usize {
        while i < self.b.len() && self.b[i] != b'\n' {
            i += 1;
        }
        i
    }

    /// The indentation of the line starting at `i`, and where its text starts.
    fn indent_at(&self, i: usize) -> (usize, usize) {
        let first = (i..self.b.len())
            .find(|&j| self.b[j] != b' ')
            .unwrap_or(self.b.len());
        (first - i, first)
    }

    /// Takes the byte (or the token) at `i`; returns where the document
    /// goes too deep, if it does there.
    fn step(&mut self) -> Option<usize> {
        let (i, c) = (self.i, self.b[self.i]);
        match c {
            b'[' | b'{' => self.naive += 1,
            b']' | b'}' => self.naive = self.naive.saturating_sub(1),
            _ => {}
        }
        if self.naive > MAX_DEPTH {
            return Some(i);
        }
        let col = i - self.line_begin;
        let mut quoted = false;
        match c {
            b'\n' => self.new_line(),
            b' ' | b'\t' | b'\r' => quoted = self.after_quoted,
            b'#' if i == 0 || self.blank(i - 1) => {
                self.i = self.line_end(i);
                return None;
            }
            b'"' | b'\'' if self.node_start => {
                self.quoted_scalar(c, col);
                quoted = true;
            }
            b'[' | b'{' if self.node_start || self.depth > 0 => {
                if self.depth == 0 {
                    self.token = col;
                }
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Some(i);
                }
                self.node_start = true;
            }
            b']' | b'}' if self.depth > 0 => {
                self.depth -= 1;
                self.node_start = false;
                quoted = true;
            }
            b',' if self.depth > 0 => self.node_start = true,
            b'-' | b'?' if self.node_start && self.depth == 0 && self.blank(i + 1) => {
                self.parent = col
            }
            b':' if self.blank(i + 1) || (self.depth > 0 && self.after_quoted) => {
                self.node_start = true;
                if self.depth == 0 {
                    self.parent = self.token;
                    self.plain_parent = None;
                }
            }
            // An anchor or a tag comes before the node it names.
            b'&' | b'!' if self.node_start => {
                while !self.blank(self.i + 1) {
                    self.i += 1;
                }
            }
            b'|' | b'>' if self.node_start && self.depth == 0 => {
                self.block_scalar();
                return None;
            }
            _ => {
                if self.node_start && self.depth == 0 {
                    // A plain scalar: lines more indented than its key continue it.
                    self.token = col;
                    self.plain_parent = Some(self.parent);
                }
                self.node_start = false;
            }
        }
        self.after_quoted = quoted;
        self.i += 1;
        None
    }

    /// A line ends at `i`: outside flow collections, the next line's
    /// indentation says whether it continues a plain scalar.
    fn new_line(&mut self) {
        self.line_begin = self.i + 1;
        if self.depth == 0 {
            let (indent, first) = self.indent_at(self.i + 1);
            let continues = self
                .plain_parent
                .is_some_and(|p| indent > p || self.blank(first));
            self.node_start = !continues;
            if !continues {
                self.plain_parent = None;
            }
            self.parent = indent;
        }
    }

    /// A quoted scalar opened by `quote` at column `col`: skipped to its
    /// closing quote.
    fn quoted_scalar(&mut self, quote: u8, col: usize) {
        self.token = col;
        self.i += 1;
        while self.i < self.b.len() && self.b[self.i] != quote {
            match self.b[self.i] {
                b'\\' if quote == b'"' => self.i += 1,
                b'\'' if self.b.get(self.i + 1) == Some(&b'\'') => self.i += 1,
                b'\n' => self.line_begin = self.i + 1,
                _ => {}
            }
            self.i += 1;
        }
        self.node_start = false;
    }

    /// A block scalar (`|`, `>`): its lines are those more indented than
    /// its first, which is more indented than its key; skipped.
    fn block_scalar(&mut self) {
        self.i = self.line_end(self.i);
        let mut content: Option<usize> = None;
        while self.i < self.b.len() {
            let (indent, first) = self.indent_at(self.i + 1);
            let empty = first < self.b.len() && self.blank(first);
            if !(empty || content.map_or(indent > self.parent, |m| indent >= m)) {
                break;
            }
            if !empty {
                content.get_or_insert(indent);
            }
            self.i = self.line_end(first);
        }
        self.node_start = false;
    }
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
        if let Some(range) = out_of_range(&path, found, expected) {
            return range;
        }
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
        if let Some(range) = out_of_range(&path, found, expected) {
            return range;
        }
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

/// "weight must be a whole number between ... and ...", when serde found a
/// whole number (`found`) that does not fit the integer type it `expected`
/// for the key at `path` (`weight: `).
fn out_of_range(path: &str, found: &str, expected: &str) -> Option<(String, Option<String>)> {
    if !found.starts_with("integer ") {
        return None;
    }
    let (min, max) = integer_range(expected)?;
    let key = path.trim_end_matches(": ");
    let key = if key.is_empty() { "this value" } else { key };
    Some((
        format!(
            "{key} must be a whole number between {} and {}",
            thousands(min),
            thousands(max)
        ),
        Some("see the README's front matter reference for allowed values".into()),
    ))
}

/// The values an integer type of serde's message holds (`i64`, `u32`).
fn integer_range(expected: &str) -> Option<(i128, i128)> {
    Some(match expected.trim() {
        "i8" => (i8::MIN.into(), i8::MAX.into()),
        "i16" => (i16::MIN.into(), i16::MAX.into()),
        "i32" => (i32::MIN.into(), i32::MAX.into()),
        "i64" => (i64::MIN.into(), i64::MAX.into()),
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" => (0, u64::MAX.into()),
        _ => return None,
    })
}

/// `n` with a comma between each group of three digits.
pub(crate) fn thousands(n: i128) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
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
pub(crate) fn locate(text: &str, key: &str, value: Option<&str>) -> (usize, usize) {
    locate_nth(text, key, value, 0)
}

/// Like [`locate`], for the `skip + 1`-th line that holds `key` (with
/// `value`): where a value repeats, the later one is the one to show.
pub(crate) fn locate_nth(
    text: &str,
    key: &str,
    value: Option<&str>,
    mut skip: usize,
) -> (usize, usize) {
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
pub(crate) fn emit<T: serde::Serialize>(value: &T) -> String {
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

    fn one(mut diags: Vec<Diagnostic>) -> Diagnostic {
        assert_eq!(diags.len(), 1, "{diags:?}");
        diags.remove(0)
    }

    /// Where and how each string holding a control character is reported:
    /// `(line, col, message)` of each diagnostic for front matter `yaml`.
    fn controls(yaml: &str) -> Vec<(usize, usize, String)> {
        let text = format!("---\n{yaml}---\n");
        let value = parse::<serde_yaml::Value>(yaml, Path::new("a.md"), &text, 2, &[]);
        value
            .unwrap_err()
            .into_iter()
            .map(|d| (d.line, d.col, d.message))
            .collect()
    }

    #[test]
    fn strings_holding_control_characters_are_refused_at_the_escape() {
        let esc = |key: &str, what: &str, written: &str| {
            format!("`{key}` holds control character {what}, written as the escape `{written}`")
        };
        assert_eq!(
            controls(
                "title: \"a \\e[31m\"\nlist:\n  - ok\n  - \"x\\x07\"\nmap: {k: [\"\\u0085\"]}\n"
            ),
            [
                (2, 11, esc("title", "U+001B (ESC)", "\\e")),
                (5, 7, esc("list", "U+0007 (BEL)", "\\x07")),
                (6, 12, esc("k", "U+0085 (a C1 control)", "\\u0085")),
            ]
        );
        // The same string twice is shown at each place; a key too, under the
        // key above it.
        assert_eq!(
            controls("a: \"\\0\"\nb: \"\\0\"\nextra:\n  \"k\\a\": \"v\\b\"\n"),
            [
                (2, 5, esc("a", "U+0000 (NUL)", "\\0")),
                (3, 5, esc("b", "U+0000 (NUL)", "\\0")),
                (5, 5, esc("extra", "U+0007 (BEL)", "\\a")),
                (5, 12, esc("extra", "U+0008 (BS)", "\\b")),
            ]
        );
        // A value repeated through an alias is shown where it is written.
        assert_eq!(
            controls("a: &x \"\\v\"\nb: *x\n"),
            [
                (2, 8, esc("a", "U+000B (VT)", "\\v")),
                (2, 8, esc("b", "U+000B (VT)", "\\v")),
            ]
        );
        // Escapes that write text are text.
        assert_eq!(
            controls("title: \"caf\\u00e9 \\t \\\\e \\\"q\\\" \\N\"\n"),
            [(2, 32, esc("title", "U+0085 (a C1 control)", "\\N"))]
        );
        let ok = "title: \"caf\\u00e9 \\t \\\\e \\\"q\\\"\"\n";
        assert!(parse::<serde_yaml::Value>(ok, Path::new("a.md"), ok, 1, &[]).is_ok());
    }

    #[test]
    fn wrong_type_is_located_and_plain() {
        let text = "---\ntitle: x\nweight: heavy\n---\n";
        let e = one(
            parse::<Fm>("title: x\nweight: heavy\n", Path::new("a.md"), text, 2, &[]).unwrap_err(),
        );
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
    fn deep_flow_nesting_is_refused_before_parsing() {
        let deep = |open: &str, close: &str, n: usize| {
            format!("title: x\ntags: {}{}\n", open.repeat(n), close.repeat(n))
        };
        // The 129th level opens at byte 6 + 128 of the second line.
        assert_eq!(too_deep(&deep("[", "]", 100_000)), Some(9 + 6 + 128));
        assert_eq!(too_deep(&deep("{a: ", "}", 1000)).map(|_| ()), Some(()));
        assert_eq!(too_deep(&deep("[", "]", MAX_DEPTH)), None);
        // Closing brackets in strings do not hide the depth from the lexer
        // (the plain count of brackets is fooled)...
        assert!(too_deep(&deep("[ \"]]\", ", "]", 200)).is_some());
        assert!(too_deep(&deep("[ ']]', ", "]", 200)).is_some());
        assert!(too_deep(&deep("[ # ]]\n", "]", 200)).is_some());
        // ... nor do quotes and brackets that YAML reads as text.
        let hidden = "[ \"]\", ".repeat(200);
        for before in [
            "title: Dean's list\n",
            "title: a [ \"\n",
            "description: |\n  [ \"\n",
            "description: >-\n\n   '\n",
            "title: plain\n  [ '\n",
            "- a: b\n  x: \"\\\"\"\n",
        ] {
            assert!(
                too_deep(&format!("{before}tags: {hidden}")).is_some(),
                "{before}"
            );
        }
    }

    #[test]
    fn ordinary_yaml_is_not_too_deep() {
        for text in [
            "title: \"Step 2 [draft]\"\ntags: [a, [b, {c: d}]]\n",
            "description: |\n  ]]]] text [[\n  more ]]\nchecklist:\n  - group: G\n    items:\n      - {id: a, text: \"[x]\"}\n",
            "title: 'it''s [fine]'\n# ]]]]]]]]\nextra: {\"a\":[1,2,{\"b\":[3]}]}\n",
            "title: a plain\n  continued [line\nweight: 2\n",
        ] {
            assert_eq!(too_deep(text), None, "{text}");
        }
    }

    #[test]
    fn unknown_key_suggests() {
        let e = one(
            parse::<Fm>("titel: x\n", Path::new("a.md"), "---\ntitel: x\n", 2, &[]).unwrap_err(),
        );
        assert_eq!(e.line, 2);
        assert_eq!(e.message, "unknown key `titel`");
        assert!(e.hint.unwrap().starts_with("did you mean `title`?"));
    }
}
