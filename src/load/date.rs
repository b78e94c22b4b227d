//! Calendar dates as front matter writes them (`2026-11-20`), parsed once
//! at load.

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

    /// The date as US readers read it: `June 3, 2027` (what `language:
    /// en` and `en-US` print).
    pub(crate) fn us(&self) -> String {
        format!(
            "{} {}, {:04}",
            MONTHS[usize::from(self.month) - 1],
            self.day,
            self.year
        )
    }

    /// The day in iCalendar's basic form: `20270603`.
    pub(crate) fn basic(&self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }

    /// The date as people read it: `20 November 2026`.
    pub(crate) fn human(&self) -> String {
        format!(
            "{} {} {:04}",
            self.day,
            MONTHS[usize::from(self.month) - 1],
            self.year
        )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_dates_only() {
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2023-13-01").is_none());
        assert!(Date::parse("20-11-2026").is_none());
        assert!(Date::parse("2026-+1-01").is_none());
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
        assert_eq!(d("2027-06-03").us(), "June 3, 2027");
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
        assert_eq!(d.human(), "5 November 2026");
        assert!(d < Date::parse("2026-11-20").expect("date"));
    }
}
