//! Which paths the write stage accepts: relative, `/`-separated, and inside
//! the output folder. Every path is checked here, whatever produced it (a
//! slug, a folder name, a file in `static/`), so that no bug or hostile name
//! elsewhere can make a build write outside its output folder.

/// The marker file at the root of every folder stepwise writes (see the
/// module documentation of [`crate::write`]).
pub const MARKER: &str = ".stepwise-output";

/// `Ok` when `path` names a file inside the output folder; otherwise why not,
/// in words for an error message.
pub(crate) fn check_path(path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Err("the path is empty".into());
    }
    if let Some(c) = path.chars().find(|c| c.is_control()) {
        return Err(format!(
            "it contains the control character U+{:04X}",
            u32::from(c)
        ));
    }
    if path.starts_with('/') {
        return Err("it is an absolute path".into());
    }
    if path.contains('\\') {
        return Err("it contains a backslash, which Windows reads as a folder separator".into());
    }
    let first = path.split('/').next().unwrap_or_default();
    let b = first.as_bytes();
    if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        return Err(format!(
            "it starts with `{}`, which Windows reads as a drive",
            &first[..2]
        ));
    }
    for segment in path.split('/') {
        match segment {
            "" => return Err("it has an empty segment (`//`, or `/` at the end)".into()),
            "." => return Err("it has a `.` segment".into()),
            ".." => return Err("its `..` segment leads out of the output folder".into()),
            _ => {}
        }
    }
    if path == MARKER {
        return Err(format!(
            "`{MARKER}` is the name of the marker stepwise keeps in its output folders"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_paths_inside_the_output_folder() {
        for ok in [
            "index.html",
            "guide/step-1/index.html",
            ".nojekyll",
            "a b/ü.css",
            "..x/y..",
            "ab:c/z",
            "guide/.stepwise-output",
        ] {
            assert_eq!(check_path(ok), Ok(()), "{ok}");
        }
    }

    /// The write stage's half of issue 15 (item 3): whatever produced the
    /// path, nothing is written outside the output folder.
    #[test]
    fn refuses_paths_that_leave_the_output_folder() {
        let cases = [
            ("", "the path is empty"),
            ("/index.html", "it is an absolute path"),
            ("/", "it is an absolute path"),
            (
                "../index.html",
                "its `..` segment leads out of the output folder",
            ),
            (
                "a/../../b",
                "its `..` segment leads out of the output folder",
            ),
            ("a/..", "its `..` segment leads out of the output folder"),
            (
                "a//b.html",
                "it has an empty segment (`//`, or `/` at the end)",
            ),
            ("a/", "it has an empty segment (`//`, or `/` at the end)"),
            ("./a.html", "it has a `.` segment"),
            ("a\0b", "it contains the control character U+0000"),
            ("a\nb", "it contains the control character U+000A"),
            (
                "C:/Windows/x.html",
                "it starts with `C:`, which Windows reads as a drive",
            ),
            (
                "c:x.html",
                "it starts with `c:`, which Windows reads as a drive",
            ),
            (
                "a\\..\\..\\b",
                "it contains a backslash, which Windows reads as a folder separator",
            ),
            (
                "\\\\server\\share",
                "it contains a backslash, which Windows reads as a folder separator",
            ),
            (
                ".stepwise-output",
                "`.stepwise-output` is the name of the marker stepwise keeps in its output folders",
            ),
        ];
        for (path, reason) in cases {
            assert_eq!(check_path(path), Err(reason.to_string()), "{path:?}");
        }
    }
}
