//! Helpers shared by the integration tests: copy a fixture site into a temp
//! folder (or write one), run the real binary, read what it wrote.

pub mod web;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How long a command run by [`run_in`] may take before the test gives up
/// on it. Generous: the machine may be busy compiling.
pub const DEADLINE: Duration = Duration::from_secs(30);

/// Copies `tests/fixtures/<name>` into a fresh temp folder.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&src, dir.path());
    dir
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// A site in a fresh temp folder, made of `files`: (path under the site's
/// root, text).
pub fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (rel, text) in files {
        write(dir.path(), rel, text);
    }
    dir
}

/// Runs `stepwise` with `args` in the folder `dir`, each `{root}` in them
/// standing for `dir`'s path. A run past [`DEADLINE`] is killed and fails
/// the test, so a command that should have stopped (a `serve` that should
/// not have started) cannot hang the suite.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    run_in_env(dir, args, &[])
}

/// Like [`run_in`], with environment variables set for the command (such
/// as `SOURCE_DATE_EPOCH`, the day `stepwise check` takes as today). The
/// suite's own `SOURCE_DATE_EPOCH`, if any, is never passed on.
pub fn run_in_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let root = dir.to_str().expect("utf-8 path");
    let mut child = Command::new(env!("CARGO_BIN_EXE_stepwise"))
        .args(args.iter().map(|a| a.replace("{root}", root)))
        .env_remove("SOURCE_DATE_EPOCH")
        .envs(env.iter().copied())
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run stepwise");
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let end = Instant::now() + DEADLINE;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for stepwise") {
            break status;
        }
        if Instant::now() > end {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`stepwise {}` still running after {DEADLINE:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Output {
        status,
        stdout: stdout.join().expect("stdout"),
        stderr: stderr.join().expect("stderr"),
    }
}

/// `text` with `dir`'s path (as given, and with symlinks resolved) written
/// as `{root}`: what is left is the same on every run.
pub fn normalise(text: &str, dir: &Path) -> String {
    let mut text = text.to_string();
    let canonical = dir.canonicalize().ok();
    // The resolved path first: it may contain the given one (/private/tmp/...).
    for path in [canonical, Some(dir.to_path_buf())].into_iter().flatten() {
        text = text.replace(path.to_str().expect("utf-8 path"), "{root}");
    }
    text
}

/// Runs `stepwise` with `args`.
pub fn stepwise(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stepwise"))
        .args(args)
        .output()
        .expect("run stepwise")
}

/// Builds the site at `root` into `root/output`.
pub fn build(root: &Path) -> Output {
    stepwise(&["build", "--root", root.to_str().expect("utf-8 path")])
}

/// Builds the site at `root` with extra arguments (`--base-url`, `--drafts`, ...).
pub fn build_with(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", "--root", root.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    stepwise(&args)
}

/// Writes `text` to `root/rel`, creating folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// Replaces the first `from` in the file at `rel` under `root` with `to`;
/// panics if `from` is not there, so a fixture edit cannot silently miss.
pub fn replace_in(root: &Path, rel: &str, from: &str, to: &str) {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).expect("read");
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(p, text.replacen(from, to, 1)).expect("write");
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("prefix").to_path_buf();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// Parses an HTML file.
pub fn html(path: &Path) -> scraper::Html {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    scraper::Html::parse_document(&text)
}

/// Parses the page `rel` of the site built in `dir` (its `output/` folder).
pub fn page(dir: &tempfile::TempDir, rel: &str) -> scraper::Html {
    html(&dir.path().join("output").join(rel))
}

/// Parses a CSS selector.
pub fn sel(s: &str) -> scraper::Selector {
    scraper::Selector::parse(s).expect("selector")
}

/// The values of attribute `attr` on every element matching `selector`.
pub fn attrs(doc: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// The text of every element matching `selector`.
pub fn texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// stdout + stderr as text.
pub fn output_text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `text`, once it is known that a snapshot pins all of it. insta compares
/// text without its trailing whitespace and without the indentation all
/// its lines share (the literal's own indentation), with `\r\n` read as
/// `\n`; so what a snapshot cannot see is checked here: the text ends in
/// exactly one line break, and its first line is not indented.
pub fn whole(text: String) -> String {
    assert!(
        text.ends_with('\n') && text.trim_end().len() + 1 == text.len(),
        "not one line break at the end: {text:?}"
    );
    assert!(
        !text.starts_with(char::is_whitespace) && !text.contains('\r'),
        "indented or with a carriage return: {text:?}"
    );
    text
}

/// The data a search index script under `output/search/` hands over:
/// `stepwiseSearch.add("<key>",<data>);`.
fn search_script(output: &Path, rel: &str, key: &str) -> serde_json::Value {
    let path = output.join("search").join(rel);
    let js = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json = js
        .strip_prefix(&format!("stepwiseSearch.add(\"{key}\","))
        .and_then(|j| j.trim_end().strip_suffix(");"))
        .unwrap_or_else(|| panic!("{}: not a call of stepwiseSearch.add", path.display()));
    serde_json::from_str(json).expect("JSON")
}

/// The documents of the search index built into `output`, by number: each
/// fragment's `[title, url, description, [[heading, id, text], …]]`, with
/// `1` after the parts for a checklist.
pub fn search_docs(output: &Path) -> Vec<serde_json::Value> {
    let meta = search_script(output, "meta.js", "meta");
    let n = meta["docs"].as_u64().expect("docs") as usize;
    (0..n)
        .map(|k| search_script(output, &format!("p/{k}.js"), &format!("p{k}")))
        .collect()
}

/// The terms of the search index built into `output`, each with the
/// documents that have it (by number), read from its term files as the
/// browser reads them.
pub fn search_terms(output: &Path) -> BTreeMap<String, Vec<usize>> {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let meta = search_script(output, "meta.js", "meta");
    let files = meta["bounds"]
        .as_str()
        .expect("bounds")
        .split(' ')
        .filter(|b| !b.is_empty())
        .count()
        + 1;
    let mut out = BTreeMap::new();
    for k in 0..files {
        let data = search_script(output, &format!("t/{k}.js"), &format!("t{k}"));
        let text = data.as_str().expect("a string");
        for entry in text.split('|').filter(|e| !e.is_empty()) {
            let (head, postings) = entry.split_once(':').expect("term:postings");
            let term = head.split(' ').next().expect("term");
            let (mut docs, mut doc, mut v, mut shift) = (Vec::new(), 0usize, 0usize, 0);
            for c in postings.bytes() {
                let d = DIGITS.iter().position(|&x| x == c).expect("base64");
                v |= (d & 31) << shift;
                shift += 5;
                if d & 32 == 0 {
                    doc += (v >> 5) + 1;
                    docs.push(doc - 1);
                    (v, shift) = (0, 0);
                }
            }
            out.insert(term.to_string(), docs);
        }
    }
    out
}
pub mod mount;
