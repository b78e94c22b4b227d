//! `site.yaml`: the site's settings, with defaults when the file is absent.

use super::date::Date;
use super::front_matter::is_valid_id;
use super::publishing::{self, Parsed, Settings};
use super::{control_chars, yaml};
use crate::error::{Diagnostic, Error, Result};
use crate::url::slugify;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The keys `site.yaml` accepts, for "did you mean" hints.
pub(crate) const KEYS: &[&str] = &[
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
    "publisher",
    "reviewed",
    "report_errors",
    "date_format",
    "sources_max_age",
    "milestones",
    "offline",
    "offline_max_mb",
    "extra",
];

/// The site's settings, as read from `site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Config {
    /// The site's name, shown in the header and in `<title>`.
    pub(crate) title: String,
    /// One sentence about the site, used for the home page's meta description.
    pub(crate) description: String,
    /// Where the site is published, e.g. `https://example.org/guide/`; enables
    /// the sitemap, robots.txt and canonical links.
    pub(crate) base_url: Option<String>,
    /// The language of the content (`<html lang>`).
    pub(crate) language: String,
    /// The theme folder under `themes/`; `default` is built in.
    pub(crate) theme: String,
    /// Who wrote the site.
    pub(crate) author: Option<String>,
    /// Namespace for what readers' browsers store (checklist ticks).
    /// Defaults to the slug of the title.
    pub(crate) site_id: Option<String>,
    /// Link folders as `…/index.html`, so the site also works from disk
    /// without JavaScript.
    pub(crate) portable: bool,
    /// Build the search index (under `search/`) and show the search box.
    pub(crate) search: bool,
    /// Build a one-page print version of each guide (`<guide>/print/`).
    pub(crate) print: bool,
    /// Who publishes the site (the footer and the About page name them).
    pub(crate) publisher: Option<String>,
    /// When the site's facts were last reviewed, `YYYY-MM-DD`.
    pub(crate) reviewed: Option<String>,
    /// Where readers report an error: an `http(s)` URL or a `mailto:`.
    pub(crate) report_errors: Option<String>,
    /// How dates are printed, overriding the language's way (a pattern of
    /// `%Y`, `%m`, `%-m`, `%d`, `%-d`, `%B`, `%b`).
    pub(crate) date_format: Option<String>,
    /// How long a source may go unchecked before `stepwise check` warns
    /// (`12 months`, `2 years`).
    pub(crate) sources_max_age: Option<String>,
    /// Named dates (`eras-opens: 2027-06-03`) that checklist items' `due:`
    /// can count from (`eras-opens - 2 weeks`).
    pub(crate) milestones: BTreeMap<String, String>,
    /// Offline reading: a service worker that keeps the site for reading
    /// offline after one visit, and a web app manifest.
    pub(crate) offline: bool,
    /// The largest file kept for offline reading, in megabytes.
    pub(crate) offline_max_mb: f64,
    /// Anything else, passed to templates as `site.extra`.
    pub(crate) extra: BTreeMap<String, serde_json::Value>,
    /// What load made of the settings above: not read from the file.
    #[serde(skip)]
    pub(crate) parsed: Parsed,
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
            publisher: None,
            reviewed: None,
            report_errors: None,
            date_format: None,
            sources_max_age: None,
            milestones: BTreeMap::new(),
            offline: true,
            offline_max_mb: DEFAULT_OFFLINE_MAX_MB,
            extra: BTreeMap::new(),
            parsed: Parsed {
                sources_max_months: publishing::SOURCES_MAX_MONTHS,
                ..Parsed::default()
            },
        }
    }
}

/// The largest file kept for offline reading by default, in megabytes.
pub(crate) const DEFAULT_OFFLINE_MAX_MB: f64 = 4.0;

/// The example given with every refused base URL.
pub const BASE_URL_HINT: &str = "for example https://example.org/guide/";

/// Checks a base URL (`base_url` in site.yaml, `--base-url`): it must be an
/// absolute `http://` or `https://` URL with a host, and nothing a path can
/// not be appended to (no query or fragment). Every absolute URL the site
/// publishes (canonical links, sitemap, feed) starts with it, so anything
/// else (`javascript:`, an empty or relative value) would publish broken or
/// dangerous links. Returns why a URL is refused, in words that can follow
/// the URL in a message ("it has no host after https://").
pub fn check_base_url(url: &str) -> std::result::Result<(), String> {
    if url.is_empty() {
        return Err("it is empty".into());
    }
    if let Some(c) = url
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "<>\"`{}|\\^".contains(*c))
    {
        return Err(match c {
            ' ' => "it contains a space".into(),
            c if c.is_whitespace() || c.is_control() => {
                format!("it contains the character U+{:04X}", u32::from(c))
            }
            c => format!("it contains `{c}`"),
        });
    }
    let lower = url.to_ascii_lowercase();
    let Some(scheme_len) = ["https://", "http://"]
        .iter()
        .find(|s| lower.starts_with(*s))
        .map(|s| s.len())
    else {
        return Err("it does not start with http:// or https://".into());
    };
    let rest = &url[scheme_len..];
    if rest.contains(['?', '#']) {
        return Err(
            "it has a query (?) or a fragment (#), which the site's paths cannot follow".into(),
        );
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return Err("it has a user name or password before the host".into());
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, _)) if !h.ends_with(']') && h.contains(':') => (authority, None),
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    if host.is_empty() {
        return Err(format!("it has no host after {}", &url[..scheme_len]));
    }
    let ipv6 = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .is_some_and(|h| {
            h.chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        });
    let name = host.chars().any(char::is_alphanumeric)
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    if !(ipv6 || name) {
        return Err(format!("`{host}` is not a host name"));
    }
    if let Some(port) = port {
        if !port.parse::<u16>().is_ok_and(|p| p > 0) || !port.bytes().all(|b| b.is_ascii_digit()) {
            return Err("its port is not a number from 1 to 65535".into());
        }
    }
    Ok(())
}

/// Whether `name` can only mean a folder directly under `themes/`: no path
/// separator, no `..`, not absolute, not hidden.
fn is_folder_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name
            .chars()
            .any(|c| matches!(c, '/' | '\\' | ':') || c.is_control())
}

impl Config {
    /// Reads `<root>/site.yaml`; no file means all defaults.
    pub(crate) fn load(root: &Path) -> Result<Config> {
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
        if let Some(d) = control_chars::check(Path::new("site.yaml"), &text) {
            return Err(d.into());
        }
        let mut config: Config =
            yaml::parse(&text, Path::new("site.yaml"), &text, 1, KEYS).map_err(Error::Input)?;
        let mut problems = match config.validate(&text) {
            Ok(()) => Vec::new(),
            Err(Error::Input(diags)) => diags,
            Err(e) => return Err(e),
        };
        match publishing::parse(config.settings(), &text) {
            Ok(parsed) => config.parsed = parsed,
            Err(mut diags) => problems.append(&mut diags),
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(Error::Input(problems))
        }
    }

    fn validate(&self, text: &str) -> Result<()> {
        let mut problems = Vec::new();
        let mut at = |key: &str, msg: String, hint: &str| {
            let (line, col) = yaml::locate(text, key, None);
            problems.push(Diagnostic::at("site.yaml", text, line, col, msg).with_hint(hint));
        };
        if let Some(url) = &self.base_url {
            if let Err(why) = check_base_url(url) {
                at(
                    "base_url",
                    format!("base_url must be an absolute http(s) URL, found \"{url}\": {why}"),
                    BASE_URL_HINT,
                );
            }
        }
        if !is_folder_name(&self.theme) {
            at(
                "theme",
                format!(
                    "theme must be the name of a folder under themes/, found \"{}\"",
                    self.theme
                ),
                "write only the folder's name: `theme: mine` for themes/mine/",
            );
        }
        if let Some(id) = &self.site_id {
            if id.is_empty()
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                at(
                    "site_id",
                    format!("site_id must use only a-z, 0-9 and -, found \"{id}\""),
                    "it namespaces readers' saved ticks: pick it once and keep it",
                );
            }
        }
        if !(self.offline_max_mb.is_finite() && self.offline_max_mb >= 0.0) {
            at(
                "offline_max_mb",
                format!(
                    "offline_max_mb must be a size in megabytes, 0 or more, found {}",
                    self.offline_max_mb
                ),
                "files larger than this are left to the network: 4 keeps files up to 4 MB",
            );
        }
        self.validate_milestones(text, &mut problems);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Input(problems))
        }
    }

    /// Each milestone's name is an id and its value a date, or a problem
    /// at its line.
    fn validate_milestones(&self, text: &str, problems: &mut Vec<Diagnostic>) {
        for (name, value) in &self.milestones {
            let (message, hint, (line, col)) = if !is_valid_id(name) {
                (
                    format!("milestone name \"{name}\" may only use a-z, 0-9 and -"),
                    format!("for example \"{}\"", slugify(name)),
                    yaml::locate(text, name, None),
                )
            } else if Date::parse(value).is_none() {
                (
                    format!(
                        "milestone `{name}`: expected a date like 2027-06-03, found \"{value}\""
                    ),
                    "use the ISO format YYYY-MM-DD".to_string(),
                    yaml::locate(text, name, Some(value)),
                )
            } else {
                continue;
            };
            problems.push(Diagnostic::at("site.yaml", text, line, col, message).with_hint(hint));
        }
    }

    /// The milestones, their dates read (one that cannot be read, which the
    /// load reports, is left out).
    pub(crate) fn milestones(&self) -> BTreeMap<String, Date> {
        self.milestones
            .iter()
            .filter_map(|(name, value)| Some((name.clone(), Date::parse(value)?)))
            .collect()
    }

    /// The id that namespaces browser storage: `site_id`, or the title's slug.
    pub(crate) fn site_id(&self) -> String {
        self.site_id.clone().unwrap_or_else(|| {
            let s = slugify(&self.title);
            if s.is_empty() {
                "site".into()
            } else {
                s
            }
        })
    }

    /// The values [`publishing::parse`] reads.
    fn settings(&self) -> Settings<'_> {
        Settings {
            language: &self.language,
            date_format: self.date_format.as_deref(),
            publisher: self.publisher.as_deref(),
            reviewed: self.reviewed.as_deref(),
            report_errors: self.report_errors.as_deref(),
            sources_max_age: self.sources_max_age.as_deref(),
        }
    }

    /// Who publishes the site, unless `site.yaml` still holds the placeholder.
    pub(crate) fn publisher(&self) -> Option<&str> {
        publishing::filled(self.publisher.as_deref())
    }

    /// Where readers report errors, unless it is still the placeholder.
    pub(crate) fn report_errors(&self) -> Option<&str> {
        publishing::filled(self.report_errors.as_deref())
    }

    /// `base_url` with exactly one trailing slash, if set.
    pub(crate) fn base_url(&self) -> Option<String> {
        self.base_url
            .as_ref()
            .map(|u| format!("{}/", u.trim_end_matches('/')))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_absolute_http_urls_with_a_host() {
        for good in [
            "https://example.org/guide/",
            "http://example.org",
            "HTTPS://Example.org:8443/a/b",
            "http://127.0.0.1:1111/",
            "http://[::1]:8080/",
            "https://bücher.example/",
        ] {
            assert_eq!(check_base_url(good), Ok(()), "{good}");
        }
        for (bad, why) in [
            ("", "it is empty"),
            (
                "javascript:alert(1)",
                "it does not start with http:// or https://",
            ),
            (
                "example.org/guide",
                "it does not start with http:// or https://",
            ),
            (
                "//example.org/",
                "it does not start with http:// or https://",
            ),
            ("https://", "it has no host after https://"),
            ("https:///x", "it has no host after https://"),
            ("https://a b/", "it contains a space"),
            ("https://x.org/<!--", "it contains `<`"),
            (
                "https://x.org/\u{1b}[2J",
                "it contains the character U+001B",
            ),
            (
                "https://user:pw@x.org/",
                "it has a user name or password before the host",
            ),
            (
                "https://x.org/?a=b",
                "it has a query (?) or a fragment (#), which the site's paths cannot follow",
            ),
            (
                "https://x.org/#top",
                "it has a query (?) or a fragment (#), which the site's paths cannot follow",
            ),
            (
                "https://x.org:http/",
                "its port is not a number from 1 to 65535",
            ),
            (
                "https://x.org:0/",
                "its port is not a number from 1 to 65535",
            ),
            ("https://ex_ample.org/", "`ex_ample.org` is not a host name"),
            ("http://::1/", "`::1` is not a host name"),
        ] {
            assert_eq!(check_base_url(bad), Err(why.to_string()), "{bad}");
        }
    }

    #[test]
    fn a_theme_is_a_folder_under_themes() {
        for good in ["default", "mine", "my-theme.v2"] {
            assert!(is_folder_name(good), "{good}");
        }
        for bad in [
            "", "..", ".", "../x", "/etc", "a/b", "a\\b", "C:", ".hidden",
        ] {
            assert!(!is_folder_name(bad), "{bad}");
        }
    }
}
