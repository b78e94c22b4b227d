//! Offline reading as a build writes it: the service worker's list (every
//! file a reader needs, each with its content hash, the same across builds,
//! changed only where a file changed), the web app manifest, the pages
//! that link and register them, `offline: false`, `offline_max_mb`, and
//! the self-removing worker `serve` answers with. What the worker does in a
//! browser is in tests/browser/offline.test.mjs.

use crate::common::*;
use crate::serve::Server;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The worker's list in the site built in `dir`: path → content hash.
fn worker_list(dir: &Path) -> BTreeMap<String, String> {
    let js = std::fs::read_to_string(dir.join("output/sw.js")).expect("sw.js");
    let line = js
        .lines()
        .find_map(|l| l.strip_prefix("var FILES = "))
        .and_then(|l| l.strip_suffix(';'))
        .expect("the list");
    let list: Vec<(String, String)> = serde_json::from_str(line).expect("JSON");
    let n = list.len();
    let map: BTreeMap<String, String> = list.into_iter().collect();
    assert_eq!(map.len(), n, "each file once");
    map
}

/// The content hash the build gives `bytes`: the first 128 bits of BLAKE3.
fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).as_bytes()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every file of the built site as a path from its root, with its bytes.
fn built_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot(&dir.join("output"))
        .into_iter()
        .map(|(p, b): (PathBuf, Vec<u8>)| (p.to_string_lossy().replace('\\', "/"), b))
        .collect()
}

fn built_fixture(name: &str) -> tempfile::TempDir {
    let dir = fixture(name);
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    dir
}

#[test]
fn the_worker_lists_every_file_a_reader_needs_with_its_hash() {
    let dir = built_fixture("basic");
    let list = worker_list(dir.path());
    let files = built_files(dir.path());
    // Every file the build wrote, but the worker itself, what only hosts
    // and crawlers read, and the output folder's marker.
    let expected: Vec<&String> = files
        .keys()
        .filter(|p| !["sw.js", "404.html", ".nojekyll", ".stepwise-output"].contains(&p.as_str()))
        .collect();
    assert_eq!(list.keys().collect::<Vec<_>>(), expected);
    for must in [
        "index.html",
        "first/index.html",
        "first/checklist/index.html",
        "print/index.html",
        "search/index.html",
        "search/meta.js",
        "search/t/0.js",
        "search/p/0.js",
        "search.js",
        "reading.js",
        "style.css",
        "favicon.svg",
        "manifest.webmanifest",
        "logo.svg",
    ] {
        assert!(list.contains_key(must), "{must} is not kept: {list:?}");
    }
    for (path, h) in &list {
        assert_eq!(h, &hash(&files[path]), "{path}'s hash");
    }
}

#[test]
fn pages_link_the_manifest_and_register_the_worker_relative_to_the_root() {
    let dir = built_fixture("basic");
    let home = page(&dir, "index.html");
    assert_eq!(
        attrs(&home, "link[rel=manifest]", "href"),
        vec!["manifest.webmanifest"]
    );
    let deep = page(&dir, "nested/deep/child/index.html");
    assert_eq!(
        attrs(&deep, "link[rel=manifest]", "href"),
        vec!["../../../manifest.webmanifest"]
    );
    let script: String = deep.select(&sel("script")).flat_map(|s| s.text()).collect();
    assert!(script.contains("root = \"../../../\""), "{script}");
    assert!(script.contains("sw.register(root + \"sw.js\")"), "{script}");
    assert!(script.contains("This guide was updated - "), "{script}");
    // Checklist pages stay self-contained: they register nothing.
    let checklist = std::fs::read_to_string(dir.path().join("output/first/checklist/index.html"))
        .expect("checklist");
    assert!(!checklist.contains("sw.js") && !checklist.contains("manifest"));

    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("output/manifest.webmanifest")).expect("manifest"),
    )
    .expect("JSON");
    assert_eq!(manifest["name"], "Fixture Guide");
    assert_eq!(manifest["short_name"], "Fixture");
    assert_eq!(manifest["description"], "A tiny site for tests.");
    assert_eq!(manifest["start_url"], "./");
    assert_eq!(manifest["scope"], "./");
    assert_eq!(manifest["display"], "standalone");
    assert_eq!(
        manifest["icons"],
        serde_json::json!([{"src": "favicon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}])
    );
}

#[test]
fn the_worker_is_the_same_across_builds_and_an_edit_changes_only_its_files() {
    let dir = built_fixture("basic");
    let sw = || std::fs::read(dir.path().join("output/sw.js")).expect("sw.js");
    let (first, before) = (sw(), built_files(dir.path()));
    let again = build(dir.path());
    assert!(again.status.success());
    assert_eq!(sw(), first, "a second build writes the same worker");

    replace_in(dir.path(), "content/faq.md", "Yes.", "Yes, it is.");
    assert!(build(dir.path()).status.success());
    let after = built_files(dir.path());
    let changed: Vec<&String> = after
        .keys()
        .filter(|p| before.get(*p) != after.get(*p) && p.as_str() != "sw.js")
        .collect();
    assert!(
        changed.iter().any(|p| p.as_str() == "faq/index.html"),
        "{changed:?}"
    );
    let (old, new) = (worker_list_of(&before["sw.js"]), worker_list(dir.path()));
    let differ: Vec<&String> = new.keys().filter(|p| old.get(*p) != new.get(*p)).collect();
    assert_eq!(differ, changed, "the list changes where the files changed");
    assert_ne!(sw(), first);
}

/// The list of a worker's bytes.
fn worker_list_of(js: &[u8]) -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::create_dir_all(dir.path().join("output")).expect("mkdir");
    std::fs::write(dir.path().join("output/sw.js"), js).expect("write");
    worker_list(dir.path())
}

#[test]
fn offline_false_writes_no_manifest_and_a_worker_that_takes_itself_away() {
    let dir = fixture("basic");
    let cfg = dir.path().join("site.yaml");
    let text = std::fs::read_to_string(&cfg).expect("site.yaml") + "offline: false\n";
    std::fs::write(&cfg, text).expect("write");
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let output = dir.path().join("output");
    assert!(!output.join("manifest.webmanifest").exists());
    let sw = std::fs::read_to_string(output.join("sw.js")).expect("sw.js");
    assert!(!sw.contains("FILES"), "{sw}");
    assert!(sw.contains("registration.unregister()"), "{sw}");
    let home = page(&dir, "index.html");
    assert!(attrs(&home, "link[rel=manifest]", "href").is_empty());
    let script: String = home.select(&sel("script")).flat_map(|s| s.text()).collect();
    assert!(!script.contains("sw.js"), "{script}");
}

#[test]
fn files_larger_than_offline_max_mb_are_left_to_the_network() {
    let dir = fixture("basic");
    let cfg = dir.path().join("site.yaml");
    // 1/256 MB: 4,096 bytes.
    let text = std::fs::read_to_string(&cfg).expect("site.yaml") + "offline_max_mb: 0.00390625\n";
    std::fs::write(&cfg, text).expect("write");
    write(dir.path(), "static/big.txt", &"x".repeat(4097));
    write(dir.path(), "static/fits.txt", &"x".repeat(4096));
    assert!(build(dir.path()).status.success());
    let list = worker_list(dir.path());
    let files = built_files(dir.path());
    assert!(
        list.contains_key("fits.txt") && !list.contains_key("big.txt"),
        "{list:?}"
    );
    for path in list.keys() {
        assert!(files[path].len() <= 4096, "{path} is over the limit");
    }
    assert!(
        files
            .iter()
            .any(|(p, b)| p.ends_with(".html") && b.len() > 4096 && !list.contains_key(p)),
        "the limit applies to every file"
    );
}

#[test]
fn serve_answers_the_worker_with_one_that_takes_itself_away() {
    let dir = fixture("basic");
    let server = Server::start(dir.path());
    let sw = server.get("/sw.js");
    assert_eq!(sw.status, 200);
    let text = sw.text();
    assert!(
        text.contains("registration.unregister()") && !text.contains("FILES"),
        "{text}"
    );
    // The page still links the manifest and carries the theme's script,
    // byte for byte the build's; the preview's own script sets the flag it
    // reads, and lets go of any worker left at this address.
    let home = server.get("/").text();
    assert!(home.contains("sw.register(root + \"sw.js\")"));
    assert!(home.contains("window.__stepwiseServe = true"));
    assert!(home.contains("getRegistrations()"));
}
