//! The plain document model both input parsers produce: the guide's title and
//! keyword line, then its headings and blocks in reading order, plus every
//! block that was dropped as site chrome (so the summary can list it).
//!
//! Nothing here knows about pages, front matter or Markdown output.

/// A run of inline text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Text {
    /// The text as a reader sees it (no Markdown syntax).
    pub(crate) plain: String,
    /// The Markdown source, when the input was Markdown: written as is.
    /// `None` for plain-text input, which is escaped when written.
    pub(crate) md: Option<String>,
}

impl Text {
    /// Text from a plain-text guide.
    pub(crate) fn plain(s: &str) -> Self {
        Text {
            plain: s.to_string(),
            md: None,
        }
    }
}

/// What a heading line is, judged from its wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HeadingKind {
    /// "Step N: …": starts a step page.
    Step(u32),
    /// "Frequently Asked Questions": starts the FAQ page.
    Faq,
    /// "Conclusion", "Final thoughts", …: a closing section.
    Closing,
    /// "A. …": a lettered subsection (the letter).
    Lettered(String),
    /// "1. …" standing alone as a heading (the number).
    Numbered(String),
    /// A question ("…?"), as in an FAQ.
    Question,
    /// Any other heading.
    Plain,
}

/// A heading of the guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    /// What kind of heading it is.
    pub(crate) kind: HeadingKind,
    /// The heading as written.
    pub(crate) text: Text,
    /// The heading without its letter or number ("A. Away rotations" →
    /// "Away rotations"): used for ids and checklist group names.
    pub(crate) label: String,
    /// An explicit `{#id}` given in Markdown input.
    pub(crate) id: Option<String>,
    /// The heading level in Markdown input (1–6); `None` for plain text.
    pub(crate) rank: Option<u8>,
    /// 1-based line in the input.
    pub(crate) line: usize,
}

/// A paragraph: one or more lines that belong together (a lead-in line
/// ending in `:` and the line it introduces, for instance).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Para {
    /// The lines, in order.
    pub(crate) lines: Vec<Text>,
    /// 1-based line of the first line.
    pub(crate) line: usize,
}

impl Para {
    /// The plain text of the whole paragraph, lines joined by spaces.
    pub(crate) fn plain(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.plain.trim())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A bullet or numbered list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct List {
    /// Numbered (`1.`) rather than bulleted.
    pub(crate) ordered: bool,
    /// The items.
    pub(crate) items: Vec<Item>,
    /// The Markdown source of the whole list, when the input was Markdown.
    pub(crate) source: Option<String>,
    /// 1-based line of the first item.
    pub(crate) line: usize,
}

/// One list item: its first line and what is nested under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    /// The item's number in a numbered list.
    pub(crate) number: Option<u64>,
    /// The item's own text.
    pub(crate) text: Text,
    /// Paragraphs and lists nested under the item.
    pub(crate) blocks: Vec<Block>,
    /// 1-based line of the item.
    pub(crate) line: usize,
}

/// A block of body text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    /// A paragraph.
    Para(Para),
    /// A list.
    List(List),
    /// A table copied from a web page (cells separated by tabs); the first
    /// row is the header.
    Table {
        /// The rows, all the same length.
        rows: Vec<Vec<Text>>,
        /// 1-based line of the first row.
        line: usize,
    },
    /// Markdown kept verbatim (tables, quotes, code in Markdown input).
    Raw {
        /// The Markdown source.
        md: String,
        /// 1-based line.
        line: usize,
    },
}

impl Block {
    /// 1-based line where the block starts.
    pub(crate) fn line(&self) -> usize {
        match self {
            Block::Para(p) => p.line,
            Block::List(l) => l.line,
            Block::Table { line, .. } | Block::Raw { line, .. } => *line,
        }
    }
}

/// One element of the guide, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    /// A heading.
    Heading(Heading),
    /// A block of text.
    Block(Block),
    /// Two or more blank lines in a row: a visible break in plain text (used
    /// to set a closing paragraph apart from the last FAQ answer).
    Break {
        /// 1-based line of the first blank line.
        line: usize,
    },
}

/// A block of the input that is not part of the article and was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dropped {
    /// 1-based first line.
    pub(crate) first: usize,
    /// 1-based last line.
    pub(crate) last: usize,
    /// What it is ("logo", "image caption", "promotion", …).
    pub(crate) what: String,
    /// Its first line, as written.
    pub(crate) text: String,
}

/// The kind of input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// A guide copied from a web page as plain text.
    Text,
    /// A single Markdown file.
    Markdown,
}

/// A parsed guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Doc {
    /// What the input was.
    pub(crate) format: Format,
    /// Number of lines in the input.
    pub(crate) lines: usize,
    /// The article's title and its line.
    pub(crate) title: Option<(Text, usize)>,
    /// The keyword line under the title and its line.
    pub(crate) keywords: Option<(String, usize)>,
    /// The article, in reading order.
    pub(crate) nodes: Vec<Node>,
    /// What was left out, in input order.
    pub(crate) dropped: Vec<Dropped>,
}
