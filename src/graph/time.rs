//! Validity: when a fact held.
//!
//! A node, an edge, a name or an attribute may carry `valid_from` and
//! `valid_until`, each a [`Bound`]: a date with its sources. A date is
//! `YYYY`, `YYYY-MM` or `YYYY-MM-DD` and stands for every day of the
//! period it names ([`Period`]). Both ends are inclusive and read
//! generously: `valid_from: 2022` holds from 2022-01-01 and
//! `valid_until: 2022` through 2022-12-31, so a change dated only to a
//! month (`valid_until: 2022-10` on the old name, `valid_from: 2022-10`
//! on the new) lets both hold in that month. An open end is unknown, not
//! "always": the fact is taken to hold for as long as the model speaks
//! of.
//!
//! `as of DATE` keeps a fact when its validity meets the period of DATE
//! ([`Validity::meets`]). The `check` rules use the strict reading
//! instead: an interval is impossible, or two names overlap, only when
//! that holds whichever day of each period is meant.

use crate::model::types::{Bound, Source};

/// The days a written date covers, as `yyyymmdd` numbers: `2022-10` is
/// `20221001..=20221031`. Comparing the numbers compares the days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub lo: u32,
    pub hi: u32,
}

/// Before every date.
const DAWN: u32 = 0;
/// After every date.
const DUSK: u32 = u32::MAX;

/// How the dates are written, for messages.
pub const DATE_FORMS: &str = "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022, 2022-10 or 2022-10-03";

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Period {
    /// Reads `2022`, `2022-10` or `2022-10-03`; the error says what is
    /// wrong with anything else.
    pub fn parse(text: &str) -> Result<Period, String> {
        let bad = |why: &str| format!("`{text}` is not a date: {why}");
        let parts: Vec<&str> = text.split('-').collect();
        let widths_ok = parts.len() <= 3
            && parts.iter().enumerate().all(|(i, p)| {
                p.len() == if i == 0 { 4 } else { 2 } && p.bytes().all(|b| b.is_ascii_digit())
            });
        if !widths_ok {
            return Err(bad("expected YYYY, YYYY-MM or YYYY-MM-DD"));
        }
        let num = |i: usize| parts.get(i).map(|p| p.parse::<u32>().expect("digits"));
        let year = num(0).expect("one part at least");
        if year < 1000 {
            return Err(bad("the year has four digits from 1000"));
        }
        let Some(month) = num(1) else {
            return Ok(Period {
                lo: year * 10000 + 101,
                hi: year * 10000 + 1231,
            });
        };
        if !(1..=12).contains(&month) {
            return Err(bad(&format!("month {month} is not 1–12")));
        }
        let base = year * 10000 + month * 100;
        let last = days_in_month(year, month);
        let Some(day) = num(2) else {
            return Ok(Period {
                lo: base + 1,
                hi: base + last,
            });
        };
        if !(1..=last).contains(&day) {
            return Err(bad(&format!("{year}-{month:02} has days 1–{last}")));
        }
        Ok(Period {
            lo: base + day,
            hi: base + day,
        })
    }
}

/// When a fact held: either end may be open.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validity {
    pub from: Option<Bound>,
    pub until: Option<Bound>,
}

fn period(b: &Option<Bound>) -> Option<Period> {
    b.as_ref().and_then(|b| Period::parse(&b.date).ok())
}

impl Validity {
    pub fn new(from: &Option<Bound>, until: &Option<Bound>) -> Validity {
        Validity {
            from: from.clone(),
            until: until.clone(),
        }
    }

    /// Whether neither end is given.
    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }

    pub fn from_date(&self) -> Option<&str> {
        self.from.as_ref().map(|b| b.date.as_str())
    }

    pub fn until_date(&self) -> Option<&str> {
        self.until.as_ref().map(|b| b.date.as_str())
    }

    /// Every day the fact may have held: from the first day of
    /// `valid_from` through the last of `valid_until`. A date that does
    /// not parse counts as open (`check` reports it).
    pub fn days(&self) -> (u32, u32) {
        (
            period(&self.from).map_or(DAWN, |p| p.lo),
            period(&self.until).map_or(DUSK, |p| p.hi),
        )
    }

    /// The days the fact certainly held, whichever day of each bound's
    /// period is meant: from the last day of `valid_from` through the
    /// first of `valid_until`. Empty (`lo > hi`) when that is no day.
    pub fn certain_days(&self) -> (u32, u32) {
        (
            period(&self.from).map_or(DAWN, |p| p.hi),
            period(&self.until).map_or(DUSK, |p| p.lo),
        )
    }

    /// Whether the fact held on some day of `p`.
    pub fn meets(&self, p: Period) -> bool {
        let (lo, hi) = self.days();
        lo <= p.hi && p.lo <= hi
    }

    /// The interval as text: `2017-01–`, `–2022-10`, `2022-10–2024`, or
    /// empty when open.
    pub fn text(&self) -> String {
        if self.is_open() {
            return String::new();
        }
        format!(
            "{}–{}",
            self.from_date().unwrap_or(""),
            self.until_date().unwrap_or("")
        )
    }

    /// The sources of the two ends, `valid_from`'s first.
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        self.from
            .iter()
            .chain(&self.until)
            .flat_map(|b| b.sources.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_covers_the_days_of_its_period() {
        let p = |t| Period::parse(t).map(|p| (p.lo, p.hi));
        assert_eq!(p("2022"), Ok((20220101, 20221231)));
        assert_eq!(p("2022-10"), Ok((20221001, 20221031)));
        assert_eq!(p("2024-02"), Ok((20240201, 20240229)));
        assert_eq!(p("2023-02"), Ok((20230201, 20230228)));
        assert_eq!(p("2022-10-03"), Ok((20221003, 20221003)));
        for bad in [
            "",
            "22",
            "2022-1",
            "2022-13",
            "2022-02-30",
            "2022/10",
            "2022-10-03-1",
            "０２２",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Period::parse("2023-02-29").unwrap_err(),
            "`2023-02-29` is not a date: 2023-02 has days 1–28"
        );
    }

    #[test]
    fn validity_meets_a_period_generously_and_certainly_holds_strictly() {
        let b = |d: &str| {
            Some(Bound {
                date: d.into(),
                sources: Vec::new(),
            })
        };
        let v = Validity::new(&b("2022-10"), &None);
        let oct = Period::parse("2022-10-01").unwrap();
        assert!(v.meets(oct));
        assert!(!v.meets(Period::parse("2022-09").unwrap()));
        assert!(Validity::default().meets(oct));
        assert_eq!(v.certain_days(), (20221031, DUSK));
        assert_eq!(v.text(), "2022-10–");
        let old = Validity::new(&None, &b("2022-10"));
        assert!(old.meets(oct) && old.meets(Period::parse("1999").unwrap()));
        assert_eq!(old.text(), "–2022-10");
    }
}
