//! The one way to compute a URL between two pages of the site.
//!
//! Every URL the site uses for itself is relative, so the output works at a
//! domain root, under a subpath and from disk. URL paths here are relative to
//! the site root: `""` is the home page, `step-2/` a page, `404.html` a file.

/// The relative URL from the document at `from` to `to` (which may end in
/// `#fragment`). With `portable`, folder URLs end in `index.html` so they
/// also open from disk.
pub fn relative(from: &str, to: &str, portable: bool) -> String {
    let (to_path, fragment) = match to.find('#') {
        Some(i) => (&to[..i], &to[i..]),
        None => (to, ""),
    };
    if to_path == from && !fragment.is_empty() {
        return fragment.to_string();
    }
    let from_dir = match from.rfind('/') {
        Some(i) => &from[..=i],
        None => "",
    };
    let from_segs: Vec<&str> = from_dir.split_terminator('/').collect();
    let to_segs: Vec<&str> = to_path.split('/').collect();
    // to_segs' last element is the file name ("" for a folder).
    let (to_dirs, to_file) = to_segs.split_at(to_segs.len() - 1);
    let common = from_segs
        .iter()
        .zip(to_dirs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_segs.len() - common);
    for d in &to_dirs[common..] {
        out.push_str(d);
        out.push('/');
    }
    out.push_str(to_file[0]);
    if portable && (out.is_empty() || out.ends_with('/')) {
        out.push_str("index.html");
    } else if out.is_empty() {
        out.push_str("./");
    }
    out.push_str(fragment);
    out
}

/// An absolute URL for `path` under `base_url` (which ends in `/`).
pub fn absolute(base_url: &str, path: &str) -> String {
    format!("{base_url}{path}")
}

#[cfg(test)]
mod tests {
    use super::relative;

    #[test]
    fn depth_zero_one_two() {
        assert_eq!(relative("", "style.css", false), "style.css");
        assert_eq!(relative("", "", false), "./");
        assert_eq!(relative("step-2/", "", false), "../");
        assert_eq!(relative("step-2/", "step-3/#x", false), "../step-3/#x");
        assert_eq!(relative("step-2/", "step-2/#x", false), "#x");
        assert_eq!(relative("step-2/checklist/", "step-2/#x", false), "../#x");
        assert_eq!(relative("a/b/", "a/c/", false), "../c/");
        assert_eq!(relative("a/b/", "style.css", false), "../../style.css");
        assert_eq!(relative("404.html", "", false), "./");
    }

    #[test]
    fn portable_links_name_the_file() {
        assert_eq!(relative("step-2/", "", true), "../index.html");
        assert_eq!(relative("", "step-3/#x", true), "step-3/index.html#x");
        assert_eq!(relative("", "style.css", true), "style.css");
    }
}
