//! Folders as URLs: each folder under `content/` is a segment of its pages'
//! URLs, its name slugified (`My Guide/` → `my-guide/`). Reports, once per
//! folder, a name with no letters or digits and two folders that would share
//! one URL.

use crate::error::Diagnostic;
use crate::url::slugify;
use std::collections::HashMap;
use std::path::Path;

/// The URL of a folder under `content/` (`""` or ending in `/`): each
/// segment slugified. Fails with the folder (up to the segment) whose name
/// slugifies to nothing.
pub(crate) fn url_dir(dir: &str) -> Result<String, &str> {
    let mut url = String::with_capacity(dir.len());
    let mut end = 0;
    for segment in dir.split_terminator('/') {
        end += segment.len();
        let slug = slugify(segment);
        if slug.is_empty() {
            return Err(&dir[..end]);
        }
        url.push_str(&slug);
        url.push('/');
        end += 1;
    }
    Ok(url)
}

/// Checks the folders of the content files `rels` (paths under `content/`,
/// sorted): each folder's name must make a URL segment, and no two folders
/// may make the same URL. Returns one diagnostic per folder at fault, and
/// the folders (paths under `content/`, ending in `/`) whose pages would
/// land in another folder's URL.
pub(crate) fn check<'a>(rels: impl Iterator<Item = &'a str>) -> (Vec<Diagnostic>, Vec<String>) {
    let mut diags = Vec::new();
    let mut clashing = Vec::new();
    // URL of each folder seen → the folder that first took it.
    let mut owners: HashMap<String, &str> = HashMap::new();
    let mut reported: Vec<&str> = Vec::new();
    for rel in rels {
        let Some(slash) = rel.rfind('/') else {
            continue;
        };
        let dir = &rel[..=slash];
        let mut end = 0;
        for segment in dir.split_terminator('/') {
            end += segment.len() + 1;
            let folder = &dir[..end];
            if reported.contains(&folder) {
                break;
            }
            let Ok(url) = url_dir(folder) else {
                reported.push(folder);
                diags.push(
                    Diagnostic::file(
                        Path::new("content").join(folder.trim_end_matches('/')),
                        "this folder's name has no letters or digits to make its URL from",
                    )
                    .with_hint(
                        "rename the folder: its name, in lowercase with - between words, becomes \
                         part of its pages' URLs",
                    ),
                );
                break;
            };
            let owner = *owners.entry(url.clone()).or_insert(folder);
            if owner != folder {
                reported.push(folder);
                clashing.push(folder.to_string());
                diags.push(
                    Diagnostic::file(
                        Path::new("content").join(folder.trim_end_matches('/')),
                        format!(
                            "this folder and content/{} would both be published at /{url}",
                            owner.trim_end_matches('/')
                        ),
                    )
                    .with_hint(
                        "rename one of them: folder names become URLs in lowercase, with - for \
                         spaces and punctuation",
                    ),
                );
                break;
            }
        }
    }
    (diags, clashing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_urls_are_slugs() {
        assert_eq!(url_dir(""), Ok(String::new()));
        assert_eq!(url_dir("My Guide/"), Ok("my-guide/".into()));
        assert_eq!(url_dir("My Guide/Part 2/"), Ok("my-guide/part-2/".into()));
        assert_eq!(url_dir("ok/!!!/deeper/"), Err("ok/!!!"));
    }

    #[test]
    fn reports_each_folder_once() {
        let rels = [
            "My Guide/a.md",
            "My Guide/b.md",
            "my-guide/c.md",
            "my-guide/d.md",
            "!!!/x.md",
            "!!!/sub/y.md",
            "fine/z.md",
        ];
        let (diags, clashing) = check(rels.into_iter());
        let files: Vec<String> = diags.iter().map(|d| d.file.display().to_string()).collect();
        assert_eq!(files, ["content/my-guide", "content/!!!"]);
        assert_eq!(
            diags[0].message,
            "this folder and content/My Guide would both be published at /my-guide/"
        );
        assert_eq!(clashing, ["my-guide/"]);
    }
}
