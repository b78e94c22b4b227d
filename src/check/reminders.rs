//! `stepwise check`'s reminders: what a publisher should see to but that
//! does not make the site wrong, so the site still builds and `check`
//! still succeeds. Settings `stepwise init` left as placeholders, and
//! sources last checked longer ago than `sources_max_age` allows.

use crate::error::{Diagnostic, Result};
use crate::load::{Date, Site};

/// Every reminder for `site`, as warnings located where the publisher
/// fixes them, judged on `today`.
pub(crate) fn reminders(site: &Site, today: Date) -> Result<Vec<Diagnostic>> {
    let mut warnings = site.config.parsed.placeholders.clone();
    warnings.extend(stale_sources(site, today)?);
    Ok(warnings)
}

/// The sources last checked before `today` less `sources_max_age`, each at
/// its `checked:` line.
fn stale_sources(site: &Site, today: Date) -> Result<Vec<Diagnostic>> {
    let Some(sources) = &site.sources else {
        return Ok(Vec::new());
    };
    let months = site.config.parsed.sources_max_months;
    let oldest = today.months_before(months);
    let page = &site.pages[sources.page];
    let mut warnings = Vec::new();
    let stale = sources
        .entries
        .iter()
        .filter_map(|s| Some((s, s.checked.filter(|d| *d < oldest)?)));
    for (source, checked) in stale {
        page.text.load()?;
        let age = match months {
            12 => "a year".to_string(),
            m if m % 12 == 0 => format!("{} years", m / 12),
            1 => "a month".to_string(),
            m => format!("{m} months"),
        };
        warnings.push(
            page.diag_at_nth_key(
                "checked",
                None,
                source.index,
                format!(
                    "source `{}` ({}) was last checked on {}, more than {age} ago",
                    source.id, source.name, checked
                ),
            )
            .with_hint(
                "check its facts against the source again and update `checked:`; `sources_max_age` in site.yaml sets how old a check may be",
            ),
        );
    }
    Ok(warnings)
}
