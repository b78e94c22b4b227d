//! When a checklist item is due (`due:` in its front matter): a date
//! (`2027-06-04`), a month (`2027-06`), or a date counted from a milestone
//! of `site.yaml` (`eras-opens - 2 weeks`). Read once the site's pages are
//! loaded (`site_wide.rs`), so a milestone moved in `site.yaml` moves every
//! date counted from it.

use super::date::{Date, DateFormat};
use crate::error::closest;
use std::collections::BTreeMap;

/// When an item is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Due {
    /// By this day.
    Day(Date),
    /// By the end of this month (its first day).
    Month(Date),
}

impl Due {
    /// The last day it covers, its deadline: the day, or the month's last day.
    pub(crate) fn last(self) -> Date {
        match self {
            Due::Day(d) => d,
            Due::Month(d) => d.last_of_month(),
        }
    }

    /// When it is due as readers read it, printed the site's way
    /// (`format`): `June 3, 2027`, or `June 2027` for a month, in `en-US`.
    pub(crate) fn human(self, format: &DateFormat) -> String {
        match self {
            Due::Day(d) => d.format(format),
            Due::Month(d) => format.month(d),
        }
    }

    /// `2027-06-04`, or `2027-06` for a month (as HTML's `<time datetime>`).
    pub(crate) fn iso(self) -> String {
        match self {
            Due::Day(d) => d.to_string(),
            Due::Month(d) => d.to_string()[..7].to_string(),
        }
    }
}

/// Why a `due:` value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
enum DueError {
    /// It has the shape of a date or a month, but is no real one.
    NotADate,
    /// It names no milestone of `site.yaml`: the name.
    UnknownMilestone(String),
    /// A milestone followed by something that is no offset: that part.
    BadOffset(String),
    /// The offset leads out of the years 0000 to 9999.
    OutOfRange,
}

/// The units an offset counts in, each with its plural.
const UNITS: [(&str, &str); 3] = [("day", "days"), ("week", "weeks"), ("month", "months")];

/// Reads `value` with the site's `milestones`.
fn parse(value: &str, milestones: &BTreeMap<String, Date>) -> Result<Due, DueError> {
    let v = value.trim();
    if v.starts_with(|c: char| c.is_ascii_digit()) && !milestones.contains_key(v) {
        if let Some(d) = Date::parse(v) {
            return Ok(Due::Day(d));
        }
        if let Some(d) = Date::parse(&format!("{v}-01")).filter(|_| v.len() == 7) {
            return Ok(Due::Month(d));
        }
        if v.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            return Err(DueError::NotADate);
        }
    }
    let (name, rest) = v.split_once(char::is_whitespace).unwrap_or((v, ""));
    let Some(&base) = milestones.get(name) else {
        return Err(DueError::UnknownMilestone(name.to_string()));
    };
    let rest = rest.trim();
    if rest.is_empty() {
        return Ok(Due::Day(base));
    }
    let bad = || DueError::BadOffset(rest.to_string());
    let (sign, count) = if let Some(r) = rest.strip_prefix('+') {
        (1, r.trim_start())
    } else if let Some(r) = rest.strip_prefix('-') {
        (-1, r.trim_start())
    } else {
        return Err(bad());
    };
    let digits = count.bytes().take_while(u8::is_ascii_digit).count();
    let (n, unit) = count.split_at(digits);
    let n: i64 = n.parse().map_err(|_| bad())?;
    let unit = unit.trim();
    let Some((one, _)) = UNITS.iter().find(|(s, p)| unit == *s || unit == *p) else {
        return Err(bad());
    };
    let date = match *one {
        "day" => base.add_days(sign * n),
        "week" => n.checked_mul(7).and_then(|days| base.add_days(sign * days)),
        _ => base.add_months(sign * n),
    };
    date.map(Due::Day).ok_or(DueError::OutOfRange)
}

/// The example every refused `due:` ends its hint with.
const FORMS: &str = "a date (2027-06-04), a month (2027-06), or a milestone of site.yaml with an offset (eras-opens - 2 weeks)";

/// What to say of `err`, found in `value`: the message's end and the hint.
fn explain(value: &str, err: DueError, milestones: &BTreeMap<String, Date>) -> (String, String) {
    match err {
        DueError::NotADate => (
            format!("due \"{value}\" is not a date"),
            format!("write {FORMS}"),
        ),
        DueError::UnknownMilestone(name) => {
            let names: Vec<&str> = milestones.keys().map(String::as_str).collect();
            let hint = match closest(&name, &names) {
                Some(c) => format!("did you mean `{c}`? site.yaml's milestones: {}", names.join(", ")),
                None if names.is_empty() => "site.yaml names no milestones: add them under `milestones:` (eras-opens: 2027-06-03), or write a date".into(),
                None => format!("site.yaml's milestones: {}; or write {FORMS}", names.join(", ")),
            };
            (format!("due \"{value}\": no milestone `{name}` in site.yaml"), hint)
        }
        DueError::BadOffset(offset) => (
            format!("due \"{value}\": cannot read the offset `{offset}`"),
            "after the milestone write + or - and a whole number of days, weeks or months: eras-opens - 2 weeks".into(),
        ),
        DueError::OutOfRange => (
            format!("due \"{value}\" falls outside the years 0000 to 9999"),
            "check the offset, and the milestone's date in site.yaml".into(),
        ),
    }
}

/// Reads `value` with the site's `milestones`, or says why it cannot:
/// the end of the message and the hint.
pub(super) fn read(
    value: &str,
    milestones: &BTreeMap<String, Date>,
) -> Result<Due, (String, String)> {
    parse(value, milestones).map_err(|err| explain(value, err, milestones))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).expect("date")
    }

    fn milestones() -> BTreeMap<String, Date> {
        BTreeMap::from([
            ("eras-opens".to_string(), d("2027-06-03")),
            ("match-day".to_string(), d("2028-03-17")),
            ("2027-q3".to_string(), d("2027-07-01")),
        ])
    }

    #[test]
    fn reads_dates_months_and_milestones_with_offsets() {
        let m = milestones();
        for (value, due) in [
            ("2027-06-04", Due::Day(d("2027-06-04"))),
            (" 2027-06 ", Due::Month(d("2027-06-01"))),
            ("eras-opens", Due::Day(d("2027-06-03"))),
            ("eras-opens - 2 weeks", Due::Day(d("2027-05-20"))),
            ("eras-opens -2weeks", Due::Day(d("2027-05-20"))),
            ("eras-opens + 1 day", Due::Day(d("2027-06-04"))),
            ("eras-opens + 3 months", Due::Day(d("2027-09-03"))),
            ("match-day - 1 month", Due::Day(d("2028-02-17"))),
            ("match-day -  0 days", Due::Day(d("2028-03-17"))),
            ("2027-q3 + 1 week", Due::Day(d("2027-07-08"))),
        ] {
            assert_eq!(parse(value, &m), Ok(due), "{value}");
        }
        assert_eq!(Due::Month(d("2027-02-01")).last(), d("2027-02-28"));
        assert_eq!(Due::Month(d("2027-02-01")).iso(), "2027-02");
        assert_eq!(Due::Day(d("2027-02-03")).iso(), "2027-02-03");
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        let m = milestones();
        for (value, err) in [
            ("2027-02-30", DueError::NotADate),
            ("2027-13", DueError::NotADate),
            ("27-06-04", DueError::NotADate),
            ("2027", DueError::NotADate),
            ("June 2027", DueError::UnknownMilestone("June".into())),
            (
                "eras-open - 2 weeks",
                DueError::UnknownMilestone("eras-open".into()),
            ),
            (
                "eras-opens-2weeks",
                DueError::UnknownMilestone("eras-opens-2weeks".into()),
            ),
            (
                "eras-opens - two weeks",
                DueError::BadOffset("- two weeks".into()),
            ),
            (
                "eras-opens - 2 fortnights",
                DueError::BadOffset("- 2 fortnights".into()),
            ),
            ("eras-opens 2 weeks", DueError::BadOffset("2 weeks".into())),
            ("eras-opens - 2", DueError::BadOffset("- 2".into())),
            (
                "eras-opens - 1.5 weeks",
                DueError::BadOffset("- 1.5 weeks".into()),
            ),
            (
                "eras-opens + 99999999999999999999 days",
                DueError::BadOffset("+ 99999999999999999999 days".into()),
            ),
            (
                "eras-opens + 9000000000000000000 weeks",
                DueError::OutOfRange,
            ),
            ("eras-opens + 100000 months", DueError::OutOfRange),
            (
                "eras-opens - 2028 years",
                DueError::BadOffset("- 2028 years".into()),
            ),
        ] {
            assert_eq!(parse(value, &m), Err(err), "{value}");
        }
    }
}
