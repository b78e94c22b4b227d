//! Separates the `---` front matter fence from the Markdown body, and nothing else.

/// A content file cut into its front matter and body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub front: &'a str,
    /// 1-based line of the file where the YAML starts.
    pub front_line: usize,
    /// Byte offset in the file where the body starts.
    pub body_start: usize,
}

/// Why a file could not be split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `---` line.
    Missing,
    /// The opening `---` has no closing `---`.
    Unclosed,
}

/// Splits `text` (already stripped of a BOM) at its `---` fences.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let front_start = (first_end + 1).min(text.len());
    let mut pos = front_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == "---" {
            return Ok(Split {
                front: &text[front_start..pos],
                front_line: 2,
                body_start: (end + 1).min(text.len()),
            });
        }
        pos = end + 1;
    }
    Err(SplitError::Unclosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits() {
        let t = "---\ntitle: a\n---\nbody\n";
        let s = split(t).unwrap();
        assert_eq!(s.front, "title: a\n");
        assert_eq!(&t[s.body_start..], "body\n");
        assert_eq!(
            split("---\r\ntitle: a\r\n---\r\n").unwrap().front,
            "title: a\r\n"
        );
        assert_eq!(split("---\n---").unwrap().front, "");
    }

    #[test]
    fn errors() {
        assert_eq!(split("title: a\n"), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: a\n"), Err(SplitError::Unclosed));
    }
}
