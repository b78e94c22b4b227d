//! Calendar files (iCalendar, RFC 5545): one per checklist with a dated
//! item (`<page>/checklist/dates.ics`) and one per guide with one
//! (`<guide>/dates.ics`), each an all-day event per dated item, which
//! Google Calendar, Apple Calendar and Outlook import.
//!
//! Everything in them comes from the site, so builds stay byte-identical:
//! `UID` is `<item id>.<guide>@<site_id>` (a newer file updates the events
//! a reader imported instead of adding copies), and `DTSTAMP` is the newest
//! `updated` date of the site's pages at midnight UTC (a content update
//! gives every event a newer stamp).

use crate::load::{ChecklistItem, Due, Page, PageId, Site};
use crate::url::absolute;

/// The file name of every calendar file.
const FILE_NAME: &str = "dates.ics";

/// The longest content line, in octets, before it is folded (RFC 5545 3.1).
const LINE_OCTETS: usize = 75;

/// Whether `page`'s checklist has a dated item.
fn has_dates(page: &Page) -> bool {
    page.meta
        .checklist
        .iter()
        .flat_map(|g| &g.items)
        .any(|i| i.due_at.is_some())
}

/// URL path of the calendar file of `page`'s checklist, if it has a dated
/// item: `<page>/checklist/dates.ics`.
pub(crate) fn page_calendar_path(page: &Page) -> Option<String> {
    let checklist = page.checklist_path.as_deref()?;
    has_dates(page).then(|| format!("{checklist}{FILE_NAME}"))
}

/// URL path of guide `g`'s calendar file, if any of its checklists has a
/// dated item: `dates.ics` for the main guide, `<guide>/dates.ics` for
/// another (beside its print page).
pub(crate) fn guide_calendar_path(site: &Site, g: usize) -> Option<String> {
    let guide = &site.guides[g];
    let dir = guide
        .print_path
        .strip_suffix("print/")
        .unwrap_or(&guide.print_path);
    guide_pages(site, g)
        .any(|id| has_dates(&site.pages[id]))
        .then(|| format!("{dir}{FILE_NAME}"))
}

/// Guide `g`'s pages, its overview first.
fn guide_pages(site: &Site, g: usize) -> impl Iterator<Item = PageId> + '_ {
    let guide = &site.guides[g];
    guide.index.iter().chain(&guide.pages).copied()
}

/// One dated item of a guide, in reading order.
pub(crate) struct Dated<'a> {
    /// The page whose checklist has it.
    pub(crate) page: &'a Page,
    /// The item.
    pub(crate) item: &'a ChecklistItem,
    /// When it is due.
    pub(crate) due: Due,
}

/// Every dated item of guide `g`, in reading order.
pub(crate) fn guide_dated(site: &Site, g: usize) -> Vec<Dated<'_>> {
    guide_pages(site, g)
        .flat_map(|id| dated(&site.pages[id]))
        .collect()
}

/// Every dated item of `page`'s checklist, in order.
fn dated(page: &Page) -> impl Iterator<Item = Dated<'_>> {
    page.meta
        .checklist
        .iter()
        .flat_map(|g| &g.items)
        .filter_map(move |item| {
            Some(Dated {
                page,
                item,
                due: item.due_at?,
            })
        })
}

/// The calendar file of page `id`'s checklist.
pub(crate) fn page_calendar(site: &Site, id: PageId) -> Vec<u8> {
    let page = &site.pages[id];
    let name = format!("{}: {}", site.config.title, page.meta.title);
    let key = &site.guides[page.guide].key;
    calendar(site, &name, key, dated(page))
}

/// Guide `g`'s calendar file.
pub(crate) fn guide_calendar(site: &Site, g: usize) -> Vec<u8> {
    let guide = &site.guides[g];
    let name = match guide.index {
        Some(i) if g > 0 => format!("{}: {}", site.config.title, site.pages[i].meta.title),
        _ => site.config.title.clone(),
    };
    calendar(site, &name, &guide.key, guide_dated(site, g).into_iter())
}

/// A calendar named `name` with an all-day event for each of `items`, of
/// the guide whose key is `guide`.
fn calendar<'a>(
    site: &Site,
    name: &str,
    guide: &str,
    items: impl Iterator<Item = Dated<'a>>,
) -> Vec<u8> {
    let stamp = site
        .pages
        .iter()
        .filter_map(|p| p.updated)
        .max()
        .map_or_else(|| "19700101".to_string(), |d| d.basic());
    let site_id = site.config.site_id();
    let base = site.config.base_url();
    let mut out = String::new();
    let mut line = |name: &str, value: &str| fold(&mut out, &format!("{name}:{value}"));
    line("BEGIN", "VCALENDAR");
    line("VERSION", "2.0");
    line("PRODID", "-//stepwise//stepwise//EN");
    line("CALSCALE", "GREGORIAN");
    line("METHOD", "PUBLISH");
    line("X-WR-CALNAME", &escape(name));
    for Dated { page, item, due } in items {
        let day = due.last();
        let next = day.add_days(1).unwrap_or(day);
        let place = match &item.target {
            Some(t) => t.url.clone(),
            None => format!(
                "{}#item-{}",
                page.checklist_path.as_deref().unwrap_or(&page.path),
                item.id
            ),
        };
        let url = base.as_deref().map(|b| absolute(b, &place));
        let when = match due {
            Due::Day(_) => format!("Due by {}.", due.human(&site.config.parsed.dates)),
            Due::Month(_) => format!("Due in {}.", due.human(&site.config.parsed.dates)),
        };
        let description = match &url {
            Some(u) => format!("{when}\nWhy and how: {u}"),
            None => format!(
                "{when}\nSee \u{201c}{}\u{201d} in {}.",
                page.meta.title, site.config.title
            ),
        };
        line("BEGIN", "VEVENT");
        line("UID", &format!("{}.{guide}@{site_id}", item.id));
        line("DTSTAMP", &format!("{stamp}T000000Z"));
        line("DTSTART;VALUE=DATE", &day.basic());
        line("DTEND;VALUE=DATE", &next.basic());
        line("SUMMARY", &escape(&item.text));
        line("DESCRIPTION", &escape(&description));
        if let Some(u) = &url {
            line("URL", u);
        }
        line("TRANSP", "TRANSPARENT");
        line("END", "VEVENT");
    }
    line("END", "VCALENDAR");
    out.into_bytes()
}

/// Escapes `text` as an iCalendar TEXT value: `\`, `;`, `,` and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends the content line `line` to `out`, folded so that no line is
/// longer than 75 octets (a continuation line starts with a space, and no
/// character is split), each ended by CRLF.
fn fold(out: &mut String, line: &str) {
    let mut room = LINE_OCTETS;
    for c in line.chars() {
        if c.len_utf8() > room {
            out.push_str("\r\n ");
            room = LINE_OCTETS - 1;
        }
        out.push(c);
        room -= c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_folds_long_lines_at_75_octets_between_characters() {
        assert_eq!(escape("a\\b;c,d\r\ne"), "a\\\\b\\;c\\,d\\ne");
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        fold(&mut out, &long);
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines.last(), Some(&""));
        for l in &lines {
            assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
        }
        assert!(lines[1].starts_with(' '));
        let unfolded: String = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{long}\r\n"));
        let mut short = String::new();
        fold(&mut short, "VERSION:2.0");
        assert_eq!(short, "VERSION:2.0\r\n");
    }
}
