//! Diagnostics: errors that carry a location (`file:line:col`), the offending
//! source line and a hint, from the moment they are created.
//!
//! The library only builds these values; printing them is the CLI's job.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    /// The site is wrong: the command fails.
    #[default]
    Error,
    /// Worth fixing, but the command succeeds (a link that moved for good).
    Warning,
}

/// One problem found in the user's input, with where it is and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the user would type it (relative to the site root when possible).
    pub file: PathBuf,
    /// 1-based line; 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based column (in characters); 0 when unknown.
    pub col: usize,
    /// What went wrong, in one sentence.
    pub message: String,
    /// The offending line of the file, shown under the message with a caret.
    /// A long line is kept only in part, a window around the column (see
    /// [`Diagnostic::quote`]), so a thousand problems on one huge line cost
    /// a thousand small strings, not a thousand copies of the line.
    pub(crate) source_line: Option<String>,
    /// Characters of the line left out before `source_line` (which then
    /// starts with `…`); 0 when it starts at the start of the line.
    /// (A `u32`, with [`Self::severity`] beside it, keeps a diagnostic
    /// within the 128 bytes a `Result` should carry.)
    pub(crate) source_skip: u32,
    /// What the user can do about it.
    pub hint: Option<String>,
    /// An error (the default) or a warning.
    pub severity: Severity,
}

impl Diagnostic {
    /// A diagnostic about a whole file.
    pub(crate) fn file(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: 0,
            col: 0,
            message: message.into(),
            source_line: None,
            source_skip: 0,
            hint: None,
            severity: Severity::Error,
        }
    }

    /// The same diagnostic as a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Whether it is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A diagnostic at `line:col` of `text`, the contents of `file`; the
    /// offending line is taken from `text`.
    pub(crate) fn at(
        file: impl Into<PathBuf>,
        text: &str,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        let mut d = Diagnostic::file(file, message);
        d.line = line;
        d.col = col;
        if line > 0 {
            if let Some(src) = text.lines().nth(line - 1) {
                d.quote(src);
            }
        }
        d
    }

    /// A diagnostic at byte `offset` of `text`, the contents of `file`, with
    /// its line, column and quoted line worked out from the offset. Reads
    /// only the text before the offset and a window after it.
    pub(crate) fn at_offset(
        file: impl Into<PathBuf>,
        text: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> Self {
        Locator::new().diagnostic(text, file, offset, message)
    }

    /// Quotes `line` (the text of line [`Self::line`], without its line
    /// break) under the message: whole when it is short, otherwise a window
    /// of [`QUOTE_WIDTH`] characters around the column, with `…` where it
    /// was cut.
    pub(crate) fn quote(&mut self, line: &str) {
        let col = self.col.max(1);
        // Byte offset of the column, walking at most the line's length.
        let at = line
            .char_indices()
            .nth(col - 1)
            .map_or(line.len(), |(i, _)| i);
        self.quote_around(line, at, col);
    }

    /// [`quote`](Self::quote) for a caret at byte `at` of `line` (column
    /// `col`), reading only a window of the line around it.
    fn quote_around(&mut self, line: &str, at: usize, col: usize) {
        if line.chars().nth(QUOTE_WIDTH).is_none() {
            self.source_line = Some(line.to_string());
            self.source_skip = 0;
            return;
        }
        let at = floor_char_boundary(line, at.min(line.len()));
        let mut start = at;
        for _ in 0..QUOTE_BEFORE {
            match line[..start].chars().next_back() {
                Some(c) => start -= c.len_utf8(),
                None => break,
            }
        }
        let before = col - 1 - (col - 1).min(line[start..at].chars().count());
        // The window holds QUOTE_WIDTH characters, the leading `…` included.
        let width = QUOTE_WIDTH - usize::from(before > 0);
        let end = start
            + line[start..]
                .chars()
                .take(width)
                .map(char::len_utf8)
                .sum::<usize>();
        let mut quoted = String::with_capacity(end - start + 8);
        if before > 0 {
            quoted.push('…');
        }
        quoted.push_str(&line[start..end]);
        if end < line.len() {
            quoted.push('…');
        }
        self.source_line = Some(quoted);
        self.source_skip = u32::try_from(before).unwrap_or(u32::MAX);
    }

    /// Adds a hint.
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `file:line:col` (or less when unknown), the file's name with its
    /// control characters shown as escapes ([`crate::shown`]).
    pub(crate) fn location(&self) -> String {
        let file = crate::shown::path(&self.file);
        match (self.line, self.col) {
            (0, _) => file,
            (l, 0) => format!("{file}:{l}"),
            (l, c) => format!("{file}:{l}:{c}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)?;
        if let Some(src) = &self.source_line {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            write!(f, "\n{pad} |\n{num} | {src}")?;
            if self.col > 0 {
                // Past the `…` that stands for the characters left out.
                let marker = usize::from(self.source_skip > 0);
                let upto = (self.col - 1).saturating_sub(self.source_skip as usize) + marker;
                // Tabs stay tabs so the caret lines up in a terminal.
                let lead: String = src
                    .chars()
                    .take(upto)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n{pad} | {lead}^")?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// Longest quoted source line, in characters; longer lines are quoted as a
/// window of this many characters around the column.
pub(crate) const QUOTE_WIDTH: usize = 240;

/// Characters kept before the column when a long line is cut.
const QUOTE_BEFORE: usize = 80;

/// Line and column of byte offsets in one text, for many offsets in a row:
/// moving forward from the last offset costs only the text in between, so
/// locating every problem of a file, in order, reads the file once.
///
/// It holds no text: pass it the same text on every call.
#[derive(Debug, Clone)]
pub(crate) struct Locator {
    /// The last offset located, its line and column, and its line's start.
    at: usize,
    line: usize,
    col: usize,
    line_start: usize,
}

impl Default for Locator {
    fn default() -> Self {
        Locator::new()
    }
}

impl Locator {
    /// A locator at the start of a text.
    pub(crate) fn new() -> Self {
        Locator {
            at: 0,
            line: 1,
            col: 1,
            line_start: 0,
        }
    }

    /// Line and column (1-based, column in characters) of byte `offset`.
    pub(crate) fn line_col(&mut self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        if offset < self.at || self.at > text.len() {
            *self = Locator::new();
        }
        let between = &text[self.at..offset];
        match memchr::memrchr(b'\n', between.as_bytes()) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', between.as_bytes()).count();
                self.line_start = self.at + last + 1;
                self.col = text[self.line_start..offset].chars().count() + 1;
            }
            None => self.col += between.chars().count(),
        }
        self.at = offset;
        (self.line, self.col)
    }

    /// A diagnostic in `file`, whose contents are `text`, at byte `offset`,
    /// quoting a window of its line.
    pub(crate) fn diagnostic(
        &mut self,
        text: &str,
        file: impl Into<PathBuf>,
        offset: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, col) = self.line_col(text, offset);
        let mut d = Diagnostic::file(file, message);
        d.line = line;
        d.col = col;
        let rest = &text[self.line_start..];
        let at = self.at - self.line_start;
        // Only a window after the offset is ever shown: look no further for
        // the line's end (4 bytes per character at most).
        let reach = floor_char_boundary(rest, (at + 4 * QUOTE_WIDTH).min(rest.len()));
        // The line has no break before `at`: look for its end from there,
        // or a long line would be read again for each problem on it.
        match memchr::memchr(b'\n', &rest.as_bytes()[at..reach]).map(|i| at + i) {
            Some(end) => {
                let line = &rest[..end];
                d.quote_around(line.strip_suffix('\r').unwrap_or(line), at, col);
            }
            None if reach == rest.len() => d.quote_around(rest, at, col),
            None => {
                // The line goes on past what was read.
                d.quote_around(&rest[..reach], at, col);
                if let Some(q) = d.source_line.as_mut().filter(|q| !q.ends_with('…')) {
                    q.push('…');
                }
            }
        }
        d
    }
}

/// Everything that can stop a build.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the site's own files (content, config, templates); all of them.
    #[error("{}", render_all(.0))]
    Input(Vec<Diagnostic>),
    /// A file could not be read or written.
    #[error("{}: {source}", crate::shown::path(.path))]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The disk (or the user's quota on it) is full.
    #[error("the disk is full: {}: {source}\n  = hint: {hint}", .path.display())]
    DiskFull {
        /// The file that could not be written.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
        /// Where stepwise keeps what, and what to do.
        hint: String,
    },
    /// The requested output folder would destroy something the user keeps.
    #[error("refusing to write output to {}: {reason}\n  = hint: {hint}", crate::shown::path(.path))]
    UnsafeOutput {
        /// The output folder asked for.
        path: PathBuf,
        /// Why it is refused.
        reason: String,
        /// What to do instead.
        hint: String,
    },
}

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Input(vec![d])
    }
}

/// Diagnostics shown for one file before the rest are counted.
pub(crate) const SHOWN_PER_FILE: usize = 10;

/// Diagnostics shown in all before the rest are counted.
pub(crate) const SHOWN_IN_ALL: usize = 50;

/// Every diagnostic as the terminal (and serve's overlay) shows them: at
/// most [`SHOWN_PER_FILE`] for each file and [`SHOWN_IN_ALL`] in all, then
/// how many more each file has, and the total. Each opens with `error:`
/// or `warning:`; the counts say "errors" while all are errors, and
/// "problems" with how many of each when some are warnings.
pub fn render_all(diags: &[Diagnostic]) -> String {
    render_as(diags, "error")
}

/// Warnings (`stepwise check`'s reminders, which do not fail it) as the
/// terminal shows them: like [`render_all`], each line starting
/// `warning:`.
pub fn render_warnings(diags: &[Diagnostic]) -> String {
    render_as(diags, "warning")
}

/// `diags` each labelled `label` (`error`, `warning`; an error labelled
/// `warning` when it is one), at most [`SHOWN_PER_FILE`] a file and
/// [`SHOWN_IN_ALL`] in all.
fn render_as(diags: &[Diagnostic], label: &str) -> String {
    use std::collections::HashMap;
    let mut out = String::new();
    // Per file: how many were seen, and where it is in `hidden`.
    let mut per_file: HashMap<&Path, (usize, Option<usize>)> = HashMap::new();
    // Files with problems left out, in the order they first appear.
    let mut hidden: Vec<(&Path, usize)> = Vec::new();
    let mut shown = 0;
    for d in diags {
        let (seen, slot) = per_file.entry(&d.file).or_insert((0, None));
        *seen += 1;
        if *seen > SHOWN_PER_FILE || shown == SHOWN_IN_ALL {
            let i = *slot.get_or_insert_with(|| {
                hidden.push((&d.file, 0));
                hidden.len() - 1
            });
            hidden[i].1 += 1;
            continue;
        }
        if shown > 0 {
            out.push_str("\n\n");
        }
        out.push_str(match d.severity {
            Severity::Error => label,
            Severity::Warning => "warning",
        });
        out.push_str(": ");
        out.push_str(&d.to_string());
        shown += 1;
    }
    // Warnings among errors are counted apart.
    let mixed = label == "error" && diags.iter().any(|d| !d.is_error());
    let warnings = diags.iter().filter(|d| !d.is_error()).count();
    let kind = if mixed { "problem" } else { label };
    for (file, n) in &hidden {
        let s = if *n == 1 { "" } else { "s" };
        out.push_str(&format!(
            "\n\n... and {n} more {kind}{s} in {}",
            crate::shown::path(file)
        ));
    }
    if mixed {
        let errors = diags.len() - warnings;
        let plural = |n: usize, word: &str| match n {
            1 => format!("1 {word}"),
            n => format!("{n} {word}s"),
        };
        out.push_str(&format!(
            "\n\n{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        ));
    } else if diags.len() > 1 {
        out.push_str(&format!("\n\n{} {label}s", diags.len()));
    }
    out
}

/// Result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Line and column (1-based, column in characters) of byte `offset` in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The closest of `candidates` to `word`, if it is close enough to be a
/// plausible typo ("did you mean").
pub(crate) fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_line_and_caret() {
        let d = Diagnostic::at("a.md", "x\nweight: heavy\n", 2, 9, "bad").with_hint("fix it");
        assert_eq!(
            d.to_string(),
            "a.md:2:9: bad\n  |\n2 | weight: heavy\n  |         ^\n  = hint: fix it"
        );
    }

    #[test]
    fn long_lines_are_quoted_around_the_column() {
        let line = format!("{}[bad](x.md){}", "a".repeat(300), "b".repeat(400));
        let text = format!("first\n{line}\nlast\n");
        let offset = 6 + 300;
        let d = Diagnostic::at_offset("a.md", &text, offset, "bad");
        assert_eq!((d.line, d.col), (2, 301));
        let shown = d.to_string();
        let expected = format!(
            "a.md:2:301: bad\n  |\n2 | …{}[bad](x.md){}…\n  | {}^",
            "a".repeat(QUOTE_BEFORE),
            "b".repeat(QUOTE_WIDTH - 1 - QUOTE_BEFORE - 11),
            " ".repeat(QUOTE_BEFORE + 1)
        );
        assert_eq!(shown, expected);
        // The same from a line number and column.
        let mut by_col = Diagnostic::at("a.md", &text, 2, 301, "bad");
        assert_eq!(by_col.to_string(), expected);
        // Near the start: no leading `…`, the caret where it always was.
        by_col.col = 3;
        by_col.quote(&line);
        assert_eq!(
            by_col.to_string(),
            format!(
                "a.md:2:3: bad\n  |\n2 | {}…\n  |   ^",
                "a".repeat(QUOTE_WIDTH)
            )
        );
    }

    #[test]
    fn a_locator_reads_forward_and_back() {
        let text = "ab\n\u{2014}cd\nxyz";
        let mut l = Locator::new();
        assert_eq!(l.line_col(text, 6), (2, 2));
        assert_eq!(l.line_col(text, 7), (2, 3));
        assert_eq!(l.line_col(text, 10), (3, 2));
        assert_eq!(l.line_col(text, 1), (1, 2));
        for offset in 0..=text.len() {
            assert_eq!(
                Locator::new().line_col(text, offset),
                line_col(text, offset)
            );
        }
        let d = Locator::new().diagnostic(text, "a", 7, "m");
        assert_eq!(d.source_line.as_deref(), Some("\u{2014}cd"));
    }

    #[test]
    fn at_most_ten_errors_a_file_are_shown() {
        let mut diags: Vec<Diagnostic> = (1..=12)
            .map(|i| Diagnostic::file("a.md", format!("problem {i}")))
            .collect();
        diags.push(Diagnostic::file("b.md", "other"));
        let text = render_all(&diags);
        assert!(text.contains("error: a.md: problem 10\n\nerror: b.md: other"));
        assert!(!text.contains("problem 11"));
        assert!(
            text.ends_with("\n\n... and 2 more errors in a.md\n\n13 errors"),
            "{text}"
        );
    }

    #[test]
    fn warnings_say_so_and_are_counted_apart() {
        let diags = vec![
            Diagnostic::file("a.md", "broken"),
            Diagnostic::file("a.md", "moved").warning(),
        ];
        assert_eq!(
            render_all(&diags),
            "error: a.md: broken\n\nwarning: a.md: moved\n\n1 error, 1 warning"
        );
        let one = [Diagnostic::file("a.md", "moved").warning()];
        assert_eq!(
            render_all(&one),
            "warning: a.md: moved\n\n0 errors, 1 warning"
        );
    }

    #[test]
    fn line_col_counts_chars() {
        assert_eq!(line_col("ab\n—cd", 6), (2, 2));
        assert_eq!(line_col("abc", 0), (1, 1));
    }

    #[test]
    fn suggests_close_words() {
        assert_eq!(closest("titel", &["title", "theme"]), Some("title"));
        assert_eq!(closest("zzzzzz", &["title", "theme"]), None);
    }
}
