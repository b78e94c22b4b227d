//! Due dates and calendar files, on the `season` fixture (made-up
//! milestones): every `.ics` file read back by an iCalendar parser (the
//! `icalendar` crate), each event's day, summary and UID checked; the files
//! byte-identical across builds; the dates shown on the pages that list
//! the items, and the links to the files. What the browser does with them
//! (coming up, the current month): tests/browser/calendar.test.mjs.

use crate::common::*;
use crate::serve::{save, Server};
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};
use std::path::Path;

/// One all-day event as a calendar app reads it.
#[derive(Debug, PartialEq)]
struct Event {
    uid: String,
    start: String,
    end: String,
    summary: String,
}

/// The long item's text, as the front matter says it (one backslash).
const TOKEN: &str = "Request your token\\the one you need, with a long text that makes the calendar fold its line at seventy-five octets: éèà";

/// The events the fixture's items make, in reading order: (uid, first day,
/// the day after, summary).
const EVENTS: &[(&str, &str, &str, &str)] = &[
    (
        "book-exam.main@season",
        "2027-01-15",
        "2027-01-16",
        "Book the exam, early; then tell your school",
    ),
    // `due: 2027-05`: the month's last day.
    (
        "exam-result.main@season",
        "2027-05-31",
        "2027-06-01",
        "Have your score reported",
    ),
    // `due: eras-opens`
    (
        "request-token.main@season",
        "2027-06-03",
        "2027-06-04",
        TOKEN,
    ),
    // `due: eras-opens - 2 weeks`
    (
        "letters-ready.main@season",
        "2027-05-20",
        "2027-05-21",
        "Have your letters ready",
    ),
    // `due: eras-opens + 3 months`
    (
        "submit.main@season",
        "2027-09-03",
        "2027-09-04",
        "Submit your applications",
    ),
    // `due: match-day - 1 month`
    (
        "rank.main@season",
        "2028-02-17",
        "2028-02-18",
        "Certify your rank list",
    ),
    (
        "cal-plan.main@season",
        "2027-01-31",
        "2027-02-01",
        "Plan the season",
    ),
    // `due: eras-opens + 1 day`
    (
        "cal-open.main@season",
        "2027-06-04",
        "2027-06-05",
        "Open your application",
    ),
];

fn expected(range: std::ops::Range<usize>) -> Vec<Event> {
    EVENTS[range]
        .iter()
        .map(|(uid, start, end, summary)| Event {
            uid: uid.to_string(),
            start: start.to_string(),
            end: end.to_string(),
            summary: summary.to_string(),
        })
        .collect()
}

/// The season fixture built with `args`.
fn built(args: &[&str]) -> tempfile::TempDir {
    let dir = fixture("season");
    let out = build_with(dir.path(), args);
    assert!(out.status.success(), "build failed: {}", output_text(&out));
    dir
}

/// The calendar file `rel` of the output under `dir`, as text, after
/// checking what a parser forgives: CRLF line ends and lines of at most 75
/// octets.
fn ics_text(dir: &Path, rel: &str) -> String {
    let bytes =
        std::fs::read(dir.join("output").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let text = String::from_utf8(bytes).expect("UTF-8");
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{rel}");
    assert!(text.ends_with("END:VCALENDAR\r\n"), "{rel}");
    for line in text.strip_suffix("\r\n").unwrap_or(&text).split("\r\n") {
        assert!(!line.contains('\n'), "{rel}: a bare line feed in {line:?}");
        assert!(line.len() <= 75, "{rel}: {} octets in {line:?}", line.len());
    }
    text
}

/// The calendar file `rel` read by the parser.
fn parsed(dir: &Path, rel: &str) -> Calendar {
    ics_text(dir, rel)
        .parse()
        .unwrap_or_else(|e| panic!("{rel} does not parse: {e}"))
}

fn day(d: Option<DatePerhapsTime>) -> String {
    match d {
        Some(DatePerhapsTime::Date(d)) => d.to_string(),
        other => panic!("not an all-day date: {other:?}"),
    }
}

/// Each event of `cal`.
fn events(cal: &Calendar) -> Vec<Event> {
    cal.components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .map(|e| Event {
            uid: e.get_uid().expect("UID").to_string(),
            start: day(e.get_start()),
            end: day(e.get_end()),
            summary: e.get_summary().expect("SUMMARY").to_string(),
        })
        .collect()
}

#[test]
fn each_dated_item_is_an_all_day_event_in_its_checklist_s_file_and_its_guide_s() {
    let dir = built(&["--base-url", "https://example.org/guide/"]);
    let guide = parsed(dir.path(), "dates.ics");
    assert_eq!(events(&guide), expected(0..EVENTS.len()));
    for (rel, range) in [
        ("step-1-prepare/checklist/dates.ics", 0..4),
        ("step-2-apply/checklist/dates.ics", 4..6),
        ("calendar/checklist/dates.ics", 6..8),
    ] {
        assert_eq!(events(&parsed(dir.path(), rel)), expected(range), "{rel}");
    }
    assert_eq!(guide.property_value("VERSION"), Some("2.0"));
    assert_eq!(
        guide.property_value("PRODID"),
        Some("-//stepwise//stepwise//EN")
    );
    assert_eq!(guide.get_name(), Some("Season Fixture"));
    let first = match &guide.components[0] {
        CalendarComponent::Event(e) => e.clone(),
        other => panic!("not an event: {other:?}"),
    };
    // The newest `updated` of the site's pages (step 1's), at midnight UTC.
    assert_eq!(
        first.get_timestamp().map(|t| t.to_rfc3339()),
        Some("2026-12-05T00:00:00+00:00".to_string())
    );
    // With base_url, the description and URL lead to the item's explanation.
    assert_eq!(
        first.get_description(),
        Some(
            "Due by January 15, 2027.\nWhy and how: https://example.org/guide/step-1-prepare/#exam"
        )
    );
    assert_eq!(
        first.property_value("URL"),
        Some("https://example.org/guide/step-1-prepare/#exam")
    );
    // An item with no `see:` leads to its place on its checklist page.
    let text = ics_text(dir.path(), "step-2-apply/checklist/dates.ics");
    assert!(
        text.contains("URL:https://example.org/guide/step-2-apply/checklist/#item-submit\r\n"),
        "{text}"
    );
    // A month's item says it is due in the month.
    assert!(
        text.contains("DESCRIPTION:Due by September 3\\, 2027.\\n"),
        "{text}"
    );
    let month = ics_text(dir.path(), "step-1-prepare/checklist/dates.ics");
    assert!(month.contains("DESCRIPTION:Due in May 2027.\\n"), "{month}");
}

#[test]
fn without_base_url_the_description_names_the_page_and_there_is_no_url() {
    let dir = built(&[]);
    let cal = parsed(dir.path(), "step-1-prepare/checklist/dates.ics");
    let CalendarComponent::Event(first) = &cal.components[0] else {
        panic!("not an event");
    };
    assert_eq!(
        first.get_description(),
        Some("Due by January 15, 2027.\nSee \u{201c}Step 1 \u{2014} Prepare\u{201d} in Season Fixture.")
    );
    assert_eq!(first.property_value("URL"), None);
}

#[test]
fn calendar_files_are_byte_identical_across_builds() {
    let dir = built(&["--base-url", "https://example.org/guide/"]);
    let ics = |dir: &Path| -> Vec<_> {
        snapshot(&dir.join("output"))
            .into_iter()
            .filter(|(p, _)| p.extension().is_some_and(|e| e == "ics"))
            .collect()
    };
    let first = ics(dir.path());
    assert_eq!(
        first.len(),
        4,
        "{:?}",
        first.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    std::fs::remove_dir_all(dir.path().join("output")).expect("remove output");
    let again = build_with(dir.path(), &["--base-url", "https://example.org/guide/"]);
    assert!(again.status.success(), "{}", output_text(&again));
    assert_eq!(ics(dir.path()), first);
}

#[test]
fn the_dates_show_where_the_items_are_listed_and_the_files_are_linked() {
    let dir = built(&[]);
    let c = page(&dir, "step-1-prepare/checklist/index.html");
    assert_eq!(
        texts(&c, "#list .due"),
        [
            "by January 15, 2027",
            "by May 2027",
            "by June 3, 2027",
            "by May 20, 2027"
        ]
    );
    assert_eq!(
        attrs(&c, "#list .due time", "datetime"),
        ["2027-01-15", "2027-05", "2027-06-03", "2027-05-20"]
    );
    assert_eq!(attrs(&c, ".calendar-file a", "href"), ["dates.ics"]);
    let step = page(&dir, "step-2-apply/index.html");
    assert_eq!(
        texts(&step, "#page-checklist .due"),
        ["by September 3, 2027", "by February 17, 2028"]
    );
    assert_eq!(
        attrs(&step, "#page-checklist .calendar-file a", "href"),
        ["checklist/dates.ics"]
    );
    let cal = page(&dir, "calendar/index.html");
    // The guide's file under the title, the page's own checklist's at its end.
    assert_eq!(
        attrs(&cal, ".calendar-file a", "href"),
        ["../dates.ics", "checklist/dates.ics"]
    );
    assert_eq!(
        texts(&cal, ".calendar-file a"),
        ["Add these dates to your calendar"; 2]
    );
    let print = page(&dir, "print/index.html");
    assert_eq!(texts(&print, ".print-checklist .due").len(), 8);
    // The home page's "Coming up" holds every dated item, by its last day,
    // each linking to its place on its checklist page; without JavaScript,
    // the calendar page and file.
    let home = page(&dir, "index.html");
    assert_eq!(
        attrs(&home, "#coming-up .coming-up-all li", "data-last"),
        [
            "2027-01-15",
            "2027-01-31",
            "2027-05-20",
            "2027-05-31",
            "2027-06-03",
            "2027-06-04",
            "2027-09-03",
            "2028-02-17"
        ]
    );
    assert_eq!(
        attrs(&home, "#coming-up .coming-up-all a", "href")[0],
        "step-1-prepare/checklist/#item-book-exam"
    );
    assert_eq!(
        attrs(&home, "#coming-up .coming-up-nojs a", "href"),
        ["calendar/", "dates.ics"]
    );
}

#[test]
fn a_site_with_no_dated_item_has_no_calendar_file_and_no_coming_up() {
    let dir = fixture("checklist");
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let files = snapshot(&dir.path().join("output"));
    let ics: Vec<_> = files
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "ics"))
        .collect();
    assert!(ics.is_empty(), "{ics:?}");
    let home = page(&dir, "index.html");
    assert!(texts(&home, "#coming-up").is_empty());
    assert!(texts(&home, ".calendar-file").is_empty());
}

#[test]
fn a_milestone_moved_in_site_yaml_moves_every_date_counted_from_it() {
    let dir = fixture("season");
    replace_in(
        dir.path(),
        "site.yaml",
        "eras-opens: 2027-06-03",
        "eras-opens: 2027-06-10",
    );
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let starts: Vec<String> = events(&parsed(dir.path(), "step-1-prepare/checklist/dates.ics"))
        .into_iter()
        .map(|e| e.start)
        .collect();
    assert_eq!(
        starts,
        ["2027-01-15", "2027-05-31", "2027-06-10", "2027-05-27"]
    );
}

#[test]
fn serve_serves_the_calendar_files_and_follows_a_milestone_moved_in_site_yaml() {
    let dir = fixture("season");
    let server = Server::start(dir.path());
    let events = server.events();
    for rel in ["/dates.ics", "/step-1-prepare/checklist/dates.ics"] {
        let r = server.get(rel);
        assert_eq!(r.status, 200, "{rel}");
        assert_eq!(
            r.header("content-type"),
            Some("text/calendar; charset=utf-8")
        );
        assert!(
            r.text().contains("DTSTART;VALUE=DATE:20270603\r\n"),
            "{rel}"
        );
    }
    let yaml = std::fs::read_to_string(dir.path().join("site.yaml")).expect("read");
    save(
        dir.path(),
        "site.yaml",
        &yaml.replace("eras-opens: 2027-06-03", "eras-opens: 2027-06-10"),
    );
    server.wait_for(&events, "reload");
    for rel in ["/dates.ics", "/step-1-prepare/checklist/dates.ics"] {
        let text = server.get(rel).text();
        assert!(
            text.contains("DTSTART;VALUE=DATE:20270610\r\n"),
            "{rel}: {text}"
        );
        assert!(!text.contains("20270603"), "{rel}: {text}");
    }
    let c = server.get("/step-1-prepare/checklist/").html();
    assert!(texts(&c, "#list .due").contains(&"by June 10, 2027".to_string()));
}

/// A due date is printed the site's way, as every other date is:
/// `language: en-GB` puts the day first, a language without a named
/// format prints ISO dates and months.
#[test]
fn due_dates_follow_the_site_s_language() {
    for (language, expected) in [
        (
            "en-GB",
            [
                "by 15 January 2027",
                "by May 2027",
                "by 3 June 2027",
                "by 20 May 2027",
            ],
        ),
        (
            "fr",
            [
                "by 2027-01-15",
                "by 2027-05",
                "by 2027-06-03",
                "by 2027-05-20",
            ],
        ),
    ] {
        let dir = fixture("season");
        let yaml = dir.path().join("site.yaml");
        let text = std::fs::read_to_string(&yaml).expect("site.yaml");
        std::fs::write(
            &yaml,
            text.replace("language: en-US", &format!("language: {language}")),
        )
        .expect("write site.yaml");
        let out = build_with(dir.path(), &[]);
        assert!(out.status.success(), "build failed: {}", output_text(&out));
        let c = page(&dir, "step-1-prepare/checklist/index.html");
        assert_eq!(texts(&c, "#list .due"), expected, "{language}");
    }
}
