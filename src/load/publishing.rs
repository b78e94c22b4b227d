//! The settings that say who stands behind a site and how it shows dates:
//! `publisher`, `reviewed`, `report_errors`, `date_format` and
//! `sources_max_age` in `site.yaml`, parsed once at load.
//!
//! `stepwise init` writes the first three as placeholders, values in angle
//! brackets (`"<who publishes this guide>"`): a placeholder is left out of
//! the site, and `stepwise check` names it in a warning until it is filled
//! in. Anything else that is not a valid value is an error at its line.

use super::date::{Date, DateFormat};
use super::yaml;
use crate::error::Diagnostic;

/// How many months a source may go unchecked when `sources_max_age` is
/// not set.
pub(crate) const SOURCES_MAX_MONTHS: u32 = 12;

/// What load makes of these settings.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Parsed {
    /// How dates are printed: `date_format`, or the language's way.
    pub(crate) dates: DateFormat,
    /// `reviewed`, unless it is a placeholder.
    pub(crate) reviewed: Option<Date>,
    /// `sources_max_age` in months ([`SOURCES_MAX_MONTHS`] when not set).
    pub(crate) sources_max_months: u32,
    /// Settings still holding a placeholder, as warnings at their line in
    /// `site.yaml`.
    pub(crate) placeholders: Vec<Diagnostic>,
}

/// The raw values, as `site.yaml` gives them.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Settings<'a> {
    pub(crate) language: &'a str,
    pub(crate) date_format: Option<&'a str>,
    pub(crate) publisher: Option<&'a str>,
    pub(crate) reviewed: Option<&'a str>,
    pub(crate) report_errors: Option<&'a str>,
    pub(crate) sources_max_age: Option<&'a str>,
}

/// Whether `value` is a placeholder: text in angle brackets.
pub(crate) fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    v.len() >= 2 && v.starts_with('<') && v.ends_with('>')
}

/// `value`, unless it is absent, blank or a placeholder.
pub(crate) fn filled(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.trim().is_empty() && !is_placeholder(v))
}

/// Parses the settings; `text` is `site.yaml`, for locating problems.
pub(crate) fn parse(s: Settings<'_>, text: &str) -> Result<Parsed, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut placeholders = Vec::new();
    let at = |key: &str, message: String, hint: &str| {
        let (line, col) = yaml::locate(text, key, None);
        Diagnostic::at("site.yaml", text, line, col, message).with_hint(hint)
    };
    for (key, value, what) in [
        ("publisher", s.publisher, "who publishes the site"),
        (
            "reviewed",
            s.reviewed,
            "the date you last checked the facts, as YYYY-MM-DD",
        ),
        (
            "report_errors",
            s.report_errors,
            "where readers report an error, a URL or a mailto: address",
        ),
    ] {
        if let Some(v) = value.filter(|v| is_placeholder(v)) {
            placeholders.push(at(
                key,
                format!("{key} is still the placeholder \"{}\"", v.trim()),
                &format!("write {what}; until then the site leaves it out"),
            ));
        }
    }
    let reviewed = filled(s.reviewed).and_then(|v| {
        let date = Date::parse(v.trim());
        if date.is_none() {
            problems.push(at(
                "reviewed",
                format!("reviewed must be a date as YYYY-MM-DD, found \"{v}\""),
                "for example `reviewed: 2026-12-05`",
            ));
        }
        date
    });
    if let Some(v) = filled(s.report_errors) {
        if let Err(why) = check_report_address(v) {
            problems.push(at(
                "report_errors",
                format!("report_errors must be an http(s) URL or a mailto: address, found \"{v}\": {why}"),
                "for example https://github.com/you/guide/issues/new or mailto:editor@example.org",
            ));
        }
    }
    let dates = match s.date_format {
        Some(pattern) => DateFormat::parse(pattern).unwrap_or_else(|why| {
            problems.push(at(
                "date_format",
                format!("date_format \"{pattern}\" cannot be used: {why}"),
                &format!("use {}, for example \"%B %-d, %Y\"", DateFormat::DIRECTIVES),
            ));
            DateFormat::for_language(s.language)
        }),
        None => DateFormat::for_language(s.language),
    };
    let sources_max_months = match s.sources_max_age {
        Some(age) => parse_months(age).unwrap_or_else(|| {
            problems.push(at(
                "sources_max_age",
                format!("sources_max_age must be a number of months or years, found \"{age}\""),
                "for example `sources_max_age: 12 months` or `2 years`",
            ));
            SOURCES_MAX_MONTHS
        }),
        None => SOURCES_MAX_MONTHS,
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Parsed {
        dates,
        reviewed,
        sources_max_months,
        placeholders,
    })
}

/// Why `address` cannot be where readers report errors: an `http(s)` URL
/// with a host, or `mailto:` with an address.
fn check_report_address(address: &str) -> Result<(), String> {
    if let Some(c) = address
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "<>\"`".contains(*c))
    {
        return Err(if c == ' ' {
            "it contains a space".into()
        } else {
            format!("it contains `{}`", c.escape_default())
        });
    }
    let lower = address.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("mailto:") {
        let to = rest.split('?').next().unwrap_or_default();
        return match to.split_once('@') {
            Some((user, host)) if !user.is_empty() && host.contains('.') => Ok(()),
            _ => Err("it has no address like name@example.org after mailto:".into()),
        };
    }
    let Some(rest) = ["https://", "http://"]
        .iter()
        .find_map(|s| lower.strip_prefix(s))
    else {
        return Err("it starts with neither http(s):// nor mailto:".into());
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || host.contains('@') {
        return Err("it has no host".into());
    }
    Ok(())
}

/// `12 months`, `1 month`, `2 years`, `1 year`, as a number of months (at
/// least one).
fn parse_months(age: &str) -> Option<u32> {
    let mut words = age.split_whitespace();
    let n: u32 = words.next()?.parse().ok().filter(|n| *n > 0)?;
    let per = match words.next()? {
        "month" | "months" => 1,
        "year" | "years" => 12,
        _ => return None,
    };
    words.next().is_none().then_some(())?;
    n.checked_mul(per)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_text_in_angle_brackets() {
        assert!(is_placeholder("<who publishes this guide>"));
        assert!(is_placeholder("  <x> "));
        assert!(!is_placeholder("stepwise"));
        assert!(!is_placeholder("<"));
        assert_eq!(filled(Some("<name>")), None);
        assert_eq!(filled(Some(" ")), None);
        assert_eq!(filled(Some("The editors")), Some("The editors"));
    }

    #[test]
    fn report_addresses_are_urls_or_mailto() {
        for good in [
            "https://github.com/you/guide/issues/new?title=Error",
            "http://example.org",
            "mailto:editor@example.org",
            "MAILTO:editor@example.org?subject=Error",
        ] {
            assert_eq!(check_report_address(good), Ok(()), "{good}");
        }
        for (bad, why) in [
            (
                "editor@example.org",
                "it starts with neither http(s):// nor mailto:",
            ),
            (
                "javascript:alert(1)",
                "it starts with neither http(s):// nor mailto:",
            ),
            (
                "mailto:",
                "it has no address like name@example.org after mailto:",
            ),
            (
                "mailto:editor",
                "it has no address like name@example.org after mailto:",
            ),
            ("https:///issues", "it has no host"),
            ("https://x.org/a b", "it contains a space"),
        ] {
            assert_eq!(check_report_address(bad), Err(why.to_string()), "{bad}");
        }
    }

    #[test]
    fn ages_are_months_or_years() {
        assert_eq!(parse_months("12 months"), Some(12));
        assert_eq!(parse_months("1 month"), Some(1));
        assert_eq!(parse_months("2 years"), Some(24));
        for bad in ["12", "0 months", "-1 months", "12 weeks", "1 year ago", ""] {
            assert_eq!(parse_months(bad), None, "{bad}");
        }
    }
}
