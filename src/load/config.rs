//! `site.yaml`: the site's settings, with defaults when the file is absent.

use crate::error::{Diagnostic, Error, Result};
use crate::load::{controls, yaml};
use crate::url::slugify;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The keys `site.yaml` accepts, for "did you mean" hints.
pub const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "author",
    "site_id",
    "portable",
    "search",
    "print",
    "extra",
];

/// The site's settings, as read from `site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The site's name, shown in the header and in `<title>`.
    pub title: String,
    /// One sentence about the site, used for the home page's meta description.
    pub description: String,
    /// Where the site is published, e.g. `https://example.org/guide/`; enables
    /// the sitemap, robots.txt and canonical links.
    pub base_url: Option<String>,
    /// The language of the content (`<html lang>`).
    pub language: String,
    /// The theme folder under `themes/`; `default` is built in.
    pub theme: String,
    /// Who wrote the site.
    pub author: Option<String>,
    /// Namespace for what readers' browsers store (checklist ticks).
    /// Defaults to the slug of the title.
    pub site_id: Option<String>,
    /// Link folders as `…/index.html`, so the site also works from disk
    /// without JavaScript.
    pub portable: bool,
    /// Build the search index (`search-index.js`) and show the search box.
    pub search: bool,
    /// Build a one-page print version of each guide (`<guide>/print/`).
    pub print: bool,
    /// Anything else, passed to templates as `site.extra`.
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Guide".into(),
            description: String::new(),
            base_url: None,
            language: "en".into(),
            theme: "default".into(),
            author: None,
            site_id: None,
            portable: false,
            search: true,
            print: true,
            extra: BTreeMap::new(),
        }
    }
}

impl Config {
    /// Reads `<root>/site.yaml`; no file means all defaults.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join("site.yaml");
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
                Diagnostic::file("site.yaml", "site.yaml is not valid UTF-8").with_hint(format!(
                    "re-save it as UTF-8 (bad byte at offset {})",
                    e.utf8_error().valid_up_to()
                ))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(Error::io(&path, e)),
        };
        if let Some(d) = controls::check(Path::new("site.yaml"), &text) {
            return Err(d.into());
        }
        let config: Config = yaml::parse(&text, Path::new("site.yaml"), &text, 1, KEYS)?;
        config.validate(&text)?;
        Ok(config)
    }

    fn validate(&self, text: &str) -> Result<()> {
        let at = |key: &str, msg: String, hint: &str| {
            let (line, col) = yaml::locate(text, key, None);
            Error::from(Diagnostic::at("site.yaml", text, line, col, msg).with_hint(hint))
        };
        if let Some(url) = &self.base_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(at(
                    "base_url",
                    format!("base_url must be an absolute http(s) URL, found \"{url}\""),
                    "for example https://example.org/guide/",
                ));
            }
        }
        if let Some(id) = &self.site_id {
            if id.is_empty()
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                return Err(at(
                    "site_id",
                    format!("site_id must use only a-z, 0-9 and -, found \"{id}\""),
                    "it namespaces readers' saved ticks: pick it once and keep it",
                ));
            }
        }
        Ok(())
    }

    /// The id that namespaces browser storage: `site_id`, or the title's slug.
    pub fn site_id(&self) -> String {
        self.site_id.clone().unwrap_or_else(|| {
            let s = slugify(&self.title);
            if s.is_empty() {
                "site".into()
            } else {
                s
            }
        })
    }

    /// `base_url` with exactly one trailing slash, if set.
    pub fn base_url(&self) -> Option<String> {
        self.base_url
            .as_ref()
            .map(|u| format!("{}/", u.trim_end_matches('/')))
    }
}
