//! What serde_yaml does not tell about a YAML document, read from its
//! events (saphyr-parser), each with its place in the text: how far its
//! aliases expand it, its tags, keys given twice, and where a value is
//! written ([`locate`]).
//!
//! serde_yaml replays an anchored value for every alias to it, so a few
//! hundred bytes of `&a [*b, *b, ...]` can expand into gigabytes (the
//! "billion laughs"), and a 1 MB string repeated 300 times made a 305 MB
//! page; [`inspect`] refuses a document whose aliases would expand it past
//! [`expansion_limit`], at the alias that crosses it, before serde_yaml
//! expands anything. Tags (`!!binary`, `!foo`) mean nothing to stepwise,
//! which would drop them silently: they are refused. These passes run only
//! when the text could hold what they look for (`*`, `!`), or when serde_yaml
//! reported a duplicate key, to find the second one.
//!
//! Positions are (line, column), 1-based, the column in characters, within
//! the YAML text handed in.

use saphyr_parser::{Event, Parser, Span};

/// How many times its own size a document may grow by expanding aliases.
pub(crate) const EXPANSION_FACTOR: usize = 10;

/// What any document may expand to, however small it is.
pub(crate) const EXPANSION_FLOOR: usize = 1 << 20;

/// The most a document of `len` bytes may expand to through its aliases.
pub(crate) fn expansion_limit(len: usize) -> usize {
    (len.saturating_mul(EXPANSION_FACTOR)).max(EXPANSION_FLOOR)
}

/// A problem [`inspect`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found {
    /// The alias at `at` (its text, `*name`, in `alias`) takes the
    /// expanded document past `limit` bytes.
    Expands {
        at: (usize, usize),
        alias: String,
        limit: usize,
    },
    /// A tag (`tag`, as written) on the node at `at`.
    Tag { at: (usize, usize), tag: String },
}

/// The first alias that expands `yaml` past [`expansion_limit`], or else
/// the first tag, if the document has either. `None` too when the text
/// does not parse: serde_yaml reports that.
pub(crate) fn inspect(yaml: &str) -> Option<Found> {
    let aliases = yaml.contains('*');
    let tags = yaml.contains('!');
    if !aliases && !tags {
        return None;
    }
    let limit = expansion_limit(yaml.len());
    // Each node's expanded size: a scalar's bytes (at least 1), a
    // collection's entries' sizes plus 1.
    let mut anchored: Vec<usize> = Vec::new();
    // Open collections: (anchor id, expanded size so far).
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut total: usize = 0;
    let mut first_tag: Option<Found> = None;
    let mut parser = Parser::new_from_str(yaml);
    while let Some(Ok((event, span))) = parser.next_event() {
        let (size, anchor, tag) = match &event {
            Event::Scalar(value, _, anchor, tag) => (value.len().max(1), *anchor, tag.is_some()),
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                open.push((*anchor, 1));
                total = total.saturating_add(1);
                if tag.is_some() && first_tag.is_none() {
                    first_tag = Some(tag_at(yaml, span));
                }
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some((anchor, size)) = open.pop() else {
                    continue;
                };
                record(&mut anchored, anchor, size);
                if let Some(parent) = open.last_mut() {
                    parent.1 = parent.1.saturating_add(size);
                }
                continue;
            }
            Event::Alias(id) => {
                let size = anchored.get(*id).copied().unwrap_or(1);
                if total.saturating_add(size) > limit {
                    return Some(Found::Expands {
                        at: position(span),
                        alias: token_at(yaml, span),
                        limit,
                    });
                }
                (size, 0, false)
            }
            _ => continue,
        };
        if tag && first_tag.is_none() {
            first_tag = Some(tag_at(yaml, span));
        }
        total = total.saturating_add(size);
        record(&mut anchored, anchor, size);
        if let Some(parent) = open.last_mut() {
            parent.1 = parent.1.saturating_add(size);
        }
    }
    first_tag
}

/// Notes that anchor `id` (0: none) names a node of expanded `size`.
fn record(anchored: &mut Vec<usize>, id: usize, size: usize) {
    if id == 0 {
        return;
    }
    if anchored.len() <= id {
        anchored.resize(id + 1, 1);
    }
    anchored[id] = size;
}

/// The tag found at `span`, as written.
fn tag_at(yaml: &str, span: Span) -> Found {
    let mut tag = token_at(yaml, span);
    // An anchor may come first: `&a !!str x`.
    if tag.starts_with('&') {
        let line = yaml.lines().nth(span.start.line() - 1).unwrap_or_default();
        tag = line
            .chars()
            .skip(span.start.col())
            .collect::<String>()
            .split_whitespace()
            .find(|w| w.starts_with('!'))
            .unwrap_or("!")
            .to_string();
    }
    Found::Tag {
        at: position(span),
        tag,
    }
}

/// The word of `yaml` that starts at `span` (up to white space, `,`, `]`
/// or `}`).
fn token_at(yaml: &str, span: Span) -> String {
    let line = yaml.lines().nth(span.start.line() - 1).unwrap_or_default();
    line.chars()
        .skip(span.start.col())
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
        .collect()
}

/// 1-based line and column of the start of `span`.
fn position(span: Span) -> (usize, usize) {
    (span.start.line(), span.start.col() + 1)
}

/// A step in the path to a value: a key of a mapping, or an index into a
/// sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Where the value at `path` is written in `yaml` (the mapping's value for
/// a key, the item for an index), if the document has it. Aliases are not
/// followed: a value reached through one is not found.
pub(crate) fn locate(yaml: &str, path: &[Step]) -> Option<(usize, usize)> {
    let mut walk = Walk::default();
    let mut parser = Parser::new_from_str(yaml);
    while let Some(Ok((event, span))) = parser.next_event() {
        if walk.node(&event) == Some(Role::Value) && walk.at(path) {
            return Some(position(span));
        }
    }
    None
}

/// Where `yaml` first gives a mapping a key it already has (a key named
/// `key`, when given): the line and column of the second one, and the
/// line of the first.
pub(crate) fn duplicate_key(yaml: &str, key: Option<&str>) -> Option<((usize, usize), usize)> {
    let mut walk = Walk::default();
    // For each open collection, a mapping's keys so far, with their lines.
    let mut keys: Vec<Vec<(String, usize)>> = Vec::new();
    let mut parser = Parser::new_from_str(yaml);
    while let Some(Ok((event, span))) = parser.next_event() {
        if let (Event::Scalar(value, ..), Some(Role::Key)) = (&event, walk.node(&event)) {
            if let Some(seen) = keys.last_mut() {
                match seen.iter().find(|(k, _)| k == value) {
                    Some((_, first)) if key.is_none_or(|k| k == value) => {
                        return Some((position(span), *first))
                    }
                    Some(_) => {}
                    None => seen.push((value.to_string(), span.start.line())),
                }
            }
        }
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => keys.push(Vec::new()),
            Event::MappingEnd | Event::SequenceEnd => {
                keys.pop();
            }
            _ => {}
        }
    }
    None
}

/// What a node is in its collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A mapping's key.
    Key,
    /// A value: the document itself, a mapping's value, a sequence's item.
    Value,
}

/// Follows where each event's node sits in the document.
#[derive(Debug, Default)]
struct Walk {
    /// The collections open around the next node.
    open: Vec<Open>,
    /// The node that started last: the step to it from its collection,
    /// whether it is a key or inside one, whether it opened a collection.
    step: Option<OwnedStep>,
    in_key: bool,
    opened: bool,
}

/// A collection being read.
#[derive(Debug)]
struct Open {
    /// The step to it from its own collection (`None` for the document).
    step: Option<OwnedStep>,
    /// Whether it is a key, or inside one.
    in_key: bool,
    frame: Frame,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum OwnedStep {
    Key(String),
    Index(usize),
}

#[derive(Debug)]
enum Frame {
    /// A mapping: whether a key comes next, and the last key.
    Map { key_next: bool, key: String },
    /// A sequence: the next item's index.
    Seq { next: usize },
}

impl Walk {
    /// Takes the next event; says what its node is when it starts one.
    fn node(&mut self, event: &Event) -> Option<Role> {
        let frame = match event {
            Event::SequenceEnd | Event::MappingEnd => {
                self.open.pop();
                return None;
            }
            Event::MappingStart(..) => Some(Frame::Map {
                key_next: true,
                key: String::new(),
            }),
            Event::SequenceStart(..) => Some(Frame::Seq { next: 0 }),
            Event::Scalar(..) | Event::Alias(_) => None,
            _ => return None,
        };
        let outer_key = self.open.last().is_some_and(|o| o.in_key);
        let (role, step) = match self.open.last_mut().map(|o| &mut o.frame) {
            None => (Role::Value, None),
            Some(Frame::Map { key_next, key }) if *key_next => {
                *key_next = false;
                key.clear();
                if let Event::Scalar(value, ..) = event {
                    key.push_str(value);
                }
                (Role::Key, None)
            }
            Some(Frame::Map { key_next, key }) => {
                *key_next = true;
                (Role::Value, Some(OwnedStep::Key(key.clone())))
            }
            Some(Frame::Seq { next }) => {
                *next += 1;
                (Role::Value, Some(OwnedStep::Index(*next - 1)))
            }
        };
        self.in_key = outer_key || role == Role::Key;
        self.step = step;
        self.opened = frame.is_some();
        if let Some(frame) = frame {
            self.open.push(Open {
                step: self.step.clone(),
                in_key: self.in_key,
                frame,
            });
        }
        Some(if self.in_key { Role::Key } else { role })
    }

    /// Whether the node that started last is the value at `path`.
    fn at(&self, path: &[Step]) -> bool {
        if self.in_key {
            return false;
        }
        let around = &self.open[..self.open.len() - usize::from(self.opened)];
        let steps: Vec<&OwnedStep> = around
            .iter()
            .filter_map(|o| o.step.as_ref())
            .chain(self.step.as_ref())
            .collect();
        steps.len() == path.len()
            && steps
                .iter()
                .zip(path)
                .all(|(have, want)| match (have, want) {
                    (OwnedStep::Key(a), Step::Key(b)) => a == b,
                    (OwnedStep::Index(a), Step::Index(b)) => a == b,
                    _ => false,
                })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_that_expand_too_far_are_found_where_they_cross() {
        let big = "x".repeat(100_000);
        let yaml = format!("a: &s \"{big}\"\ntags: [{}]\n", ["*s"; 12].join(", "));
        // 100 kB, then 100 kB more for each alias: the tenth crosses 1 MiB
        // (more than ten times the document).
        assert_eq!(
            inspect(&yaml),
            Some(Found::Expands {
                at: (2, 8 + 9 * 4),
                alias: "*s".into(),
                limit: EXPANSION_FLOOR
            })
        );
        // Nested: nine aliases of nine aliases of ...
        let mut laughs = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (prev, cur) in ('a'..'i').zip('b'..'j') {
            let refs = vec![format!("*{prev}"); 9].join(", ");
            laughs.push_str(&format!("{cur}: &{cur} [{refs}]\n"));
        }
        match inspect(&laughs) {
            Some(Found::Expands { at, alias, .. }) => {
                assert_eq!((at.0, alias.len()), (7, 2), "{at:?} {alias}")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(inspect("a: &x [1, 2]\nb: *x\nc: [*x, *x]\n"), None);
        assert_eq!(inspect("title: Hello! *bold*\n"), None);
    }

    #[test]
    fn tags_are_found_as_written() {
        assert_eq!(
            inspect("title: A\ndescription: !!binary aGk=\n"),
            Some(Found::Tag {
                at: (2, 14),
                tag: "!!binary".into()
            })
        );
        assert_eq!(
            inspect("x: &a !foo {a: 1}\n"),
            Some(Found::Tag {
                at: (1, 4),
                tag: "!foo".into()
            })
        );
        assert_eq!(inspect("title: \"!x\"\nt: Wow!\n"), None);
    }

    #[test]
    fn values_and_repeated_keys_are_located() {
        let yaml = "title: A\nglossary:\n  - term: IMG\n    aliases:\n      - IMGs\n  - term: X\n    aliases: [Y, IMGs]\ntitle: B\n";
        let at = |path: &[Step]| locate(yaml, path);
        assert_eq!(at(&[Step::Key("title")]), Some((1, 8)));
        assert_eq!(
            at(&[
                Step::Key("glossary"),
                Step::Index(1),
                Step::Key("aliases"),
                Step::Index(1)
            ]),
            Some((7, 18))
        );
        assert_eq!(
            at(&[
                Step::Key("glossary"),
                Step::Index(0),
                Step::Key("aliases"),
                Step::Index(0)
            ]),
            Some((5, 9))
        );
        assert_eq!(at(&[Step::Key("glossary"), Step::Index(2)]), None);
        assert_eq!(duplicate_key(yaml, None), Some(((8, 1), 1)));
        assert_eq!(duplicate_key(yaml, Some("term")), None);
        assert_eq!(
            duplicate_key("c:\n  - id: a\n    id: b\n", Some("id")),
            Some(((3, 5), 2))
        );
    }
}
