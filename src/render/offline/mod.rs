//! Offline reading: the service worker (`sw.js`) and the web app manifest
//! (`manifest.webmanifest`), written at the site's root.
//!
//! The worker keeps, for reading offline, every file the build emitted that
//! a reader may need, from a list written into it: each file's path and
//! content hash, as the render put it ([`Noted`]), so whatever a build
//! makes (every page, checklist and print page, the search files, the
//! theme's and the site's static files) is covered without a list kept by
//! hand. Left out: what only hosts and crawlers read, and files larger
//! than `offline_max_mb`. Its code (`worker.js`) copies from the last
//! version it cached each file whose hash is unchanged and fetches the
//! others, so an update costs the files that changed.
//!
//! With `offline: false`, and always under `stepwise serve`, `sw.js` is a
//! worker that takes itself away ([`RETIRED`], `retired.js`): a reader's
//! browser that kept a worker from an earlier build, or from another site
//! previewed at the same address, lets go of it at its next visit.
//!
//! Not here: registering the worker and telling the reader a new version
//! took over (the theme's `partials/offline.js`, inline in every page).

use super::sink::Noted;
use crate::hash::ContentHash;
use crate::load::config::Config;
use serde::Serialize;

/// Where the worker is written, from the site's root.
pub(crate) const WORKER_PATH: &str = "sw.js";

/// Where the web app manifest is written, from the site's root.
pub(crate) const MANIFEST_PATH: &str = "manifest.webmanifest";

/// The worker's code, after its list.
const WORKER_JS: &str = include_str!("worker.js");

/// The worker of a site without offline reading, and of `stepwise serve`.
pub(crate) const RETIRED: &str = include_str!("retired.js");

/// Files never kept for offline reading: the worker itself, and what only
/// hosts and crawlers read.
const NEVER: &[&str] = &[
    WORKER_PATH,
    ".nojekyll",
    "404.html",
    "robots.txt",
    "sitemap.xml",
    "atom.xml",
];

/// The largest file `config` keeps for offline reading, in bytes.
fn max_bytes(config: &Config) -> u64 {
    // load refuses a size that is negative or not a number.
    (config.offline_max_mb * 1024.0 * 1024.0) as u64
}

/// The files of `emitted` kept for offline reading with `config`: their
/// paths and hashes, sorted by path (the order files are emitted in
/// changes from build to build; the list must not).
pub(crate) fn kept<'a>(config: &Config, emitted: &'a [Noted]) -> Vec<(&'a str, String)> {
    let max = max_bytes(config);
    let mut list: Vec<(&str, String)> = emitted
        .iter()
        .filter(|f| f.len <= max && !f.path.starts_with('.'))
        .filter(|f| !NEVER.contains(&f.path.as_str()))
        .map(|f| (f.path.as_str(), f.hash.to_string()))
        .collect();
    list.sort_unstable();
    list.dedup_by(|a, b| a.0 == b.0);
    list
}

/// The worker for a site whose render emitted `emitted`: the list of the
/// files it keeps ([`kept`]) and its version (the list's hash: a new build
/// that changes any kept file is a new worker), then its code.
pub(crate) fn worker(config: &Config, emitted: &[Noted]) -> Vec<u8> {
    let list = kept(config, emitted);
    let json = serde_json::to_string(&list).unwrap_or_else(|_| "[]".into());
    let version = ContentHash::of(json.as_bytes());
    format!(
        "/* stepwise offline reading: written by the build. FILES lists every file kept for reading offline, with its content hash. */\nvar VERSION = \"{version}\";\nvar FILES = {};\n{WORKER_JS}",
        crate::html::script_json(&json)
    )
    .into_bytes()
}

/// The web app manifest of a site with `config`: its title (and a shorter
/// name for home screens when the title is long), description, language
/// and icon (`favicon.svg`). Its URLs are relative, read from the
/// manifest's own address, so the site installs under any path.
pub(crate) fn manifest(config: &Config) -> Vec<u8> {
    let m = Manifest {
        name: &config.title,
        short_name: short_name(&config.title),
        description: &config.description,
        lang: &config.language,
        start_url: "./",
        scope: "./",
        display: "standalone",
        background_color: "#ffffff",
        theme_color: "#0b57d0",
        icons: [Icon {
            src: "favicon.svg",
            sizes: "any",
            kind: "image/svg+xml",
            purpose: "any",
        }],
    };
    let mut json = serde_json::to_vec_pretty(&m).unwrap_or_default();
    json.push(b'\n');
    json
}

/// The web app manifest, as JSON.
#[derive(Serialize)]
struct Manifest<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_name: Option<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    lang: &'a str,
    start_url: &'static str,
    scope: &'static str,
    display: &'static str,
    background_color: &'static str,
    theme_color: &'static str,
    icons: [Icon; 1],
}

/// An icon of the manifest.
#[derive(Serialize)]
struct Icon {
    src: &'static str,
    sizes: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
}

/// Home screens show about 12 characters under an icon: for a longer
/// title, the longest run of its first whole words that fits, if any.
fn short_name(title: &str) -> Option<&str> {
    const FITS: usize = 12;
    if title.chars().count() <= FITS {
        return None;
    }
    let mut end = None;
    for (n, (i, c)) in title.char_indices().enumerate() {
        if n > FITS {
            break;
        }
        if c.is_whitespace() {
            end = Some(i);
        }
    }
    end.map(|e| title[..e].trim_end_matches(|c: char| !c.is_alphanumeric()))
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noted(path: &str, bytes: &[u8]) -> Noted {
        Noted {
            path: path.into(),
            hash: ContentHash::of(bytes),
            len: bytes.len() as u64,
        }
    }

    #[test]
    fn keeps_what_readers_read_sorted_and_within_the_size() {
        let config = Config {
            offline_max_mb: 1.0 / 1024.0,
            ..Config::default()
        };
        let big = vec![b'x'; 1025];
        let emitted = [
            noted("style.css", b"css"),
            noted("index.html", b"home"),
            noted("sw.js", b"old worker"),
            noted("404.html", b"missing"),
            noted(".nojekyll", b""),
            noted("sitemap.xml", b"<urlset/>"),
            noted("big.pdf", &big),
            noted("fits.png", &big[..1024]),
            noted("a/checklist/index.html", b"ticks"),
        ];
        let paths: Vec<&str> = kept(&config, &emitted).iter().map(|f| f.0).collect();
        assert_eq!(
            paths,
            [
                "a/checklist/index.html",
                "fits.png",
                "index.html",
                "style.css"
            ]
        );
        assert_eq!(
            kept(&config, &emitted)[2].1,
            ContentHash::of(b"home").to_string()
        );
    }

    #[test]
    fn the_same_files_in_any_order_make_the_same_worker() {
        let config = Config::default();
        let a = [noted("b.html", b"b"), noted("a.html", b"a")];
        let b = [noted("a.html", b"a"), noted("b.html", b"b")];
        assert_eq!(worker(&config, &a), worker(&config, &b));
        let changed = [noted("a.html", b"A"), noted("b.html", b"b")];
        assert_ne!(worker(&config, &a), worker(&config, &changed));
        let text = String::from_utf8(worker(&config, &a)).expect("utf-8");
        assert!(text.contains(&format!(
            "var FILES = [[\"a.html\",\"{}\"],[\"b.html\",\"{}\"]];",
            ContentHash::of(b"a"),
            ContentHash::of(b"b")
        )));
        assert!(text.contains("self.addEventListener(\"fetch\""));
    }

    #[test]
    fn the_manifest_names_the_site_and_its_icon_with_relative_urls() {
        let config = Config {
            title: "Matching IR as a US Citizen IMG".into(),
            description: "A guide.".into(),
            ..Config::default()
        };
        let json: serde_json::Value =
            serde_json::from_slice(&manifest(&config)).expect("manifest is JSON");
        assert_eq!(json["name"], "Matching IR as a US Citizen IMG");
        assert_eq!(json["short_name"], "Matching IR");
        assert_eq!(json["start_url"], "./");
        assert_eq!(json["scope"], "./");
        assert_eq!(json["display"], "standalone");
        assert_eq!(json["icons"][0]["src"], "favicon.svg");
        assert_eq!(json["icons"][0]["sizes"], "any");
    }

    #[test]
    fn a_short_name_is_whole_words_of_a_long_title() {
        assert_eq!(short_name("Guide"), None);
        assert_eq!(short_name("Twelve chars"), None);
        assert_eq!(
            short_name("Matching IR as a US Citizen IMG"),
            Some("Matching IR")
        );
        assert_eq!(short_name("Reader Fixture — a long one"), Some("Reader"));
        assert_eq!(short_name("Extraordinarily long"), None);
    }
}
