//! Calendar dates as front matter and `site.yaml` write them (`2026-11-20`),
//! parsed once at load, and the one way a date is printed for readers
//! ([`Date::format`] with the site's [`DateFormat`]).
//!
//! Not for times of day or time zones: a page's date is a calendar day, and
//! machine formats (the feed's `2026-11-20T00:00:00Z`, `<time datetime>`)
//! use the ISO form that `Display` gives.

use std::fmt;

/// A calendar date (`YYYY-MM-DD` in front matter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Date {
    year: u16,
    month: u8,
    day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// Parses `YYYY-MM-DD`; `None` unless it is a real calendar date.
    pub(crate) fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| {
            let part = &s[r];
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse::<u16>().ok())
                .flatten()
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let month = u8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
        (1..=u16::from(month_len(year, month)))
            .contains(&day)
            .then_some(Date {
                year,
                month,
                day: day as u8,
            })
    }

    /// The day `days` after 1970-01-01 (negative: before it), if it falls
    /// in the years 0 to 9999.
    pub(crate) fn from_unix_days(days: i64) -> Option<Date> {
        from_day_number(days.checked_add(UNIX_EPOCH_DAY)?)
    }

    /// Today's date in UTC: the day `SOURCE_DATE_EPOCH` (seconds since
    /// 1970, the reproducible-builds convention) names when it is set,
    /// otherwise the system clock's.
    pub(crate) fn today() -> Date {
        let secs = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            });
        Date::from_unix_days(secs.div_euclid(86_400)).unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    }

    /// The same day `months` calendar months earlier (see
    /// [`Date::add_months`]: May 31 less three months is February 28 or
    /// 29); January 1 of the year 0 when that is before the calendar.
    pub(crate) fn months_before(&self, months: u32) -> Date {
        self.add_months(-i64::from(months)).unwrap_or(Date {
            year: 0,
            month: 1,
            day: 1,
        })
    }

    /// The date as the site prints it for readers ("December 1, 2026" in
    /// `en-US`): the one place a date becomes words, for pages,
    /// checklists, the print page, the feed and any later use (due dates).
    pub(crate) fn format(&self, format: &DateFormat) -> String {
        let mut out = String::new();
        for piece in &format.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Year => out.push_str(&format!("{:04}", self.year)),
                Piece::Month2 => out.push_str(&format!("{:02}", self.month)),
                Piece::Month => out.push_str(&self.month.to_string()),
                Piece::Day2 => out.push_str(&format!("{:02}", self.day)),
                Piece::Day => out.push_str(&self.day.to_string()),
                Piece::MonthName => out.push_str(MONTHS[usize::from(self.month) - 1]),
                Piece::MonthAbbr => out.push_str(&MONTHS[usize::from(self.month) - 1][..3]),
            }
        }
        out
    }

    /// This date moved by `n` days (back when negative); `None` outside the
    /// years 0000 to 9999.
    pub(crate) fn add_days(self, n: i64) -> Option<Date> {
        from_day_number(day_number(self).checked_add(n)?)
    }

    /// This date moved by `n` months, on the same day of the month or, in a
    /// shorter month, on its last day (January 31 + 1 month is February 28
    /// or 29); `None` outside the years 0000 to 9999.
    pub(crate) fn add_months(self, n: i64) -> Option<Date> {
        let months = (i64::from(self.year) * 12 + i64::from(self.month) - 1).checked_add(n)?;
        let year = u16::try_from(months.div_euclid(12))
            .ok()
            .filter(|y| *y <= 9999)?;
        let month = months.rem_euclid(12) as u8 + 1;
        Some(Date {
            year,
            month,
            day: self.day.min(month_len(year, month)),
        })
    }

    /// The last day of this date's month.
    pub(crate) fn last_of_month(self) -> Date {
        Date {
            day: month_len(self.year, self.month),
            ..self
        }
    }

    /// The month and year as people read them: `June 2027`.
    pub(crate) fn month_and_year(&self) -> String {
        format!("{} {:04}", MONTHS[usize::from(self.month) - 1], self.year)
    }

    /// The day in iCalendar's basic form: `20270603`.
    pub(crate) fn basic(&self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

/// The number of days in `month` of `year` (proleptic Gregorian).
fn month_len(year: u16, month: u8) -> u8 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        _ => 28,
    }
}

/// [`day_number`] of 1970-01-01, the Unix epoch.
const UNIX_EPOCH_DAY: i64 = 719_468;

/// Days from 0000-03-01 to `d` (H. Hinnant's `days_from_civil`, shifted).
fn day_number(d: Date) -> i64 {
    let (y, m) = if d.month <= 2 {
        (i64::from(d.year) - 1, i64::from(d.month) + 9)
    } else {
        (i64::from(d.year), i64::from(d.month) - 3)
    };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + i64::from(d.day) - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy
}

/// The date [`day_number`] `n` names, if its year is 0000 to 9999.
fn from_day_number(n: i64) -> Option<Date> {
    let era = n.div_euclid(146_097);
    let doe = n - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some(Date {
        year: u16::try_from(year).ok().filter(|y| *y <= 9999)?,
        month: u8::try_from(month).ok()?,
        day: u8::try_from(day).ok()?,
    })
}

impl fmt::Display for Date {
    /// ISO 8601: `2026-11-20`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// How the site prints dates: from its `language`, or its `date_format`
/// (a pattern of the directives in [`DateFormat::DIRECTIVES`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateFormat {
    pieces: Vec<Piece>,
}

/// One part of a date pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    /// `%Y`: 2026
    Year,
    /// `%m`: 03
    Month2,
    /// `%-m`: 3
    Month,
    /// `%d`: 05
    Day2,
    /// `%-d`: 5
    Day,
    /// `%B`: March
    MonthName,
    /// `%b`: Mar
    MonthAbbr,
}

/// US English: `December 1, 2026`.
const US: &str = "%B %-d, %Y";
/// Other English: `1 December 2026`.
const DAY_FIRST: &str = "%-d %B %Y";
/// Languages whose month names stepwise does not know: `2026-12-01`.
const ISO: &str = "%Y-%m-%d";

impl DateFormat {
    /// The directives a `date_format` may use, for hints and the README.
    pub(crate) const DIRECTIVES: &'static str =
        "%Y (2026), %m (03), %-m (3), %d (05), %-d (5), %B (March), %b (Mar) and %% (a %)";

    /// Parses a `date_format` pattern (`%B %-d, %Y`); an unknown or
    /// unfinished directive is refused with the directive named.
    pub(crate) fn parse(pattern: &str) -> Result<DateFormat, String> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                text.push(c);
                continue;
            }
            let piece = match chars.next() {
                Some('%') => {
                    text.push('%');
                    continue;
                }
                Some('Y') => Piece::Year,
                Some('m') => Piece::Month2,
                Some('d') => Piece::Day2,
                Some('B') => Piece::MonthName,
                Some('b') => Piece::MonthAbbr,
                Some('-') => match chars.next() {
                    Some('m') => Piece::Month,
                    Some('d') => Piece::Day,
                    Some(other) => return Err(format!("`%-{other}` is not a date directive")),
                    None => return Err("it ends in the middle of `%-`".into()),
                },
                Some(other) => return Err(format!("`%{other}` is not a date directive")),
                None => return Err("it ends with a lone `%`".into()),
            };
            if !text.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
            }
            pieces.push(piece);
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        if !pieces.iter().any(|p| !matches!(p, Piece::Text(_))) {
            return Err("it has no date directive, so every date would print the same".into());
        }
        Ok(DateFormat { pieces })
    }

    /// The format a site in `language` (a BCP 47 tag such as `en-US`) gets
    /// without a `date_format`: month first for US English, day first for
    /// other English (`en`, `en-GB`, `en-AU`...), and ISO 8601 for any other
    /// language, whose month names stepwise does not know.
    pub(crate) fn for_language(language: &str) -> DateFormat {
        let mut parts = language.split(['-', '_']);
        let primary = parts.next().unwrap_or_default().to_ascii_lowercase();
        let region = parts
            .find(|p| p.len() == 2 || p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit()))
            .map(str::to_ascii_uppercase);
        let pattern = match (primary.as_str(), region.as_deref()) {
            ("en", Some("US")) => US,
            ("en", _) => DAY_FIRST,
            _ => ISO,
        };
        DateFormat::parse(pattern).unwrap_or(DateFormat {
            pieces: vec![Piece::Year],
        })
    }
}

impl DateFormat {
    /// A month and its year as this format prints dates: `June 2027` where
    /// it names months, `2027-06` where it prints only numbers.
    pub(crate) fn month(&self, d: Date) -> String {
        let names = self
            .pieces
            .iter()
            .any(|p| matches!(p, Piece::MonthName | Piece::MonthAbbr));
        if names {
            d.month_and_year()
        } else {
            d.to_string()[..7].to_string()
        }
    }
}

impl Default for DateFormat {
    /// The format of the default language, `en`.
    fn default() -> Self {
        DateFormat::for_language("en")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse(s).expect("date")
    }

    #[test]
    fn parses_real_dates_only() {
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2023-13-01").is_none());
        assert!(Date::parse("2023-04-31").is_none());
        assert!(Date::parse("20-11-2026").is_none());
        assert!(Date::parse("2026-+1-01").is_none());
    }

    #[test]
    fn prints_by_language() {
        let d = date("2026-12-01");
        assert_eq!(d.to_string(), "2026-12-01");
        let by = |lang: &str| d.format(&DateFormat::for_language(lang));
        assert_eq!(by("en-US"), "December 1, 2026");
        assert_eq!(by("en-us"), "December 1, 2026");
        assert_eq!(by("en-Latn-US"), "December 1, 2026");
        assert_eq!(by("en-GB"), "1 December 2026");
        assert_eq!(by("en"), "1 December 2026");
        assert_eq!(by("fr-FR"), "2026-12-01");
        assert_eq!(by(""), "2026-12-01");
        assert_eq!(d.format(&DateFormat::default()), "1 December 2026");
    }

    #[test]
    fn prints_by_pattern() {
        let d = date("2027-03-05");
        let with = |p: &str| d.format(&DateFormat::parse(p).expect(p));
        assert_eq!(with("%Y-%m-%d"), "2027-03-05");
        assert_eq!(with("%-d/%-m/%Y"), "5/3/2027");
        assert_eq!(with("%b %d, %Y"), "Mar 05, 2027");
        assert_eq!(with("%B %-d, %Y (100%%)"), "March 5, 2027 (100%)");
    }

    #[test]
    fn refuses_unknown_directives() {
        for (bad, why) in [
            ("%Y-%q", "`%q` is not a date directive"),
            ("%-y", "`%-y` is not a date directive"),
            ("%d %", "it ends with a lone `%`"),
            ("%d %-", "it ends in the middle of `%-`"),
            (
                "today",
                "it has no date directive, so every date would print the same",
            ),
        ] {
            assert_eq!(DateFormat::parse(bad), Err(why.to_string()), "{bad}");
        }
    }

    #[test]
    fn counts_days_and_months() {
        assert_eq!(Date::from_unix_days(0), Some(date("1970-01-01")));
        assert_eq!(Date::from_unix_days(20_788), Some(date("2026-12-01")));
        assert_eq!(Date::from_unix_days(-1), Some(date("1969-12-31")));
        assert_eq!(date("2026-12-05").months_before(12), date("2025-12-05"));
        assert_eq!(date("2026-05-31").months_before(3), date("2026-02-28"));
        assert_eq!(date("2024-05-31").months_before(3), date("2024-02-29"));
        assert_eq!(date("2026-01-15").months_before(1), date("2025-12-15"));
        assert!(date("2026-11-05") < date("2026-11-20"));
    }

    #[test]
    fn counts_days_and_months_across_months_years_and_leap_days() {
        let d = |s: &str| Date::parse(s).expect("date");
        assert_eq!(d("2027-06-03").add_days(-14), Some(d("2027-05-20")));
        assert_eq!(d("2027-12-31").add_days(1), Some(d("2028-01-01")));
        assert_eq!(d("2028-02-28").add_days(1), Some(d("2028-02-29")));
        assert_eq!(d("2100-02-28").add_days(1), Some(d("2100-03-01")));
        assert_eq!(d("2000-02-28").add_days(1), Some(d("2000-02-29")));
        assert_eq!(d("2027-03-01").add_days(-1), Some(d("2027-02-28")));
        assert_eq!(d("0000-01-01").add_days(-1), None);
        assert_eq!(d("9999-12-31").add_days(1), None);
        assert_eq!(d("0000-01-01").add_days(3_652_424), Some(d("9999-12-31")));
        assert_eq!(d("2027-01-31").add_months(1), Some(d("2027-02-28")));
        assert_eq!(d("2028-01-31").add_months(1), Some(d("2028-02-29")));
        assert_eq!(d("2028-03-17").add_months(-1), Some(d("2028-02-17")));
        assert_eq!(d("2027-06-03").add_months(-18), Some(d("2025-12-03")));
        assert_eq!(d("9999-12-01").add_months(1), None);
        assert_eq!(d("2027-06-03").add_months(i64::MAX), None);
        assert_eq!(d("2027-02-10").last_of_month(), d("2027-02-28"));
        assert_eq!(
            d("2027-06-03").format(&DateFormat::for_language("en-US")),
            "June 3, 2027"
        );
        assert_eq!(d("2027-06-03").basic(), "20270603");
        assert_eq!(d("2027-06-10").month_and_year(), "June 2027");
        // Every day of four centuries, there and back.
        let mut day = d("1999-12-31");
        for n in 1..=146_097 {
            let next = day.add_days(1).expect("in range");
            assert!(next > day);
            assert_eq!(d("1999-12-31").add_days(n), Some(next));
            day = next;
        }
        assert_eq!(day, d("2399-12-31"));
    }

    #[test]
    fn shows_iso_and_human() {
        let d = Date::parse("2026-11-05").expect("date");
        assert_eq!(d.to_string(), "2026-11-05");
        assert!(d < Date::parse("2026-11-20").expect("date"));
    }
}
