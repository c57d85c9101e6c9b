//! Public holidays by rule: fixed dates, nth weekdays, Easter-based dates, equinoxes and
//! substitute holidays, for the calendars deadlines are rolled over.
//!
//! Holidays are computed for [`FIRST_YEAR`]..=[`LAST_YEAR`]; outside that range (and for a
//! country without a calendar) [`Calendar::covers`] is false and callers flag that holidays
//! were not applied. The legal sources are listed in docs/deadlines.md.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::collections::BTreeSet;
use std::sync::OnceLock;

use crate::error::{Error, Result};

/// The first year with holiday data.
pub const FIRST_YEAR: i32 = 2020;
/// The last year with holiday data.
pub const LAST_YEAR: i32 = 2035;

/// A holiday calendar of one jurisdiction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Calendar {
    /// Japan: national holidays (国民の祝日), substitute holidays and citizens' holidays.
    Japan,
    /// Germany: the nine nationwide public holidays.
    Germany,
    /// England and Wales: bank holidays.
    EnglandWales,
    /// United States: federal holidays, with the observed Friday/Monday.
    UsFederal,
    /// California: federal holidays plus California's state holidays.
    California,
    /// Canada: federal holidays (Interpretation Act and Canada Labour Code).
    Canada,
    /// Brazil: national holidays.
    Brazil,
    /// Switzerland: the federal holiday and the holidays kept in most cantons.
    Switzerland,
    /// South Korea: public holidays, lunar holidays and substitute holidays.
    Korea,
}

impl Calendar {
    /// The calendar for an ISO 3166 code: JP, DE, GB (England and Wales), GB-ENG, GB-WLS,
    /// US, US-CA, CA, BR, CH, KR. Unknown codes are an error naming the known ones.
    pub fn for_country(code: &str) -> Result<Calendar> {
        let c = code.trim().to_ascii_uppercase().replace('_', "-");
        Ok(match c.as_str() {
            "JP" => Calendar::Japan,
            "DE" => Calendar::Germany,
            "GB" | "GB-ENG" | "GB-WLS" | "UK" => Calendar::EnglandWales,
            "US" => Calendar::UsFederal,
            "US-CA" => Calendar::California,
            "CA" => Calendar::Canada,
            "BR" => Calendar::Brazil,
            "CH" => Calendar::Switzerland,
            "KR" => Calendar::Korea,
            _ => {
                return Err(Error::invalid(
                    "country",
                    format!(
                        "no holiday calendar for `{code}`; known: JP, DE, GB (England and Wales), US, US-CA, CA, BR, CH, KR \
                         (leave the country out to roll over weekends only)"
                    ),
                ));
            }
        })
    }

    /// Whether holiday data exists for `date`'s year.
    pub fn covers(self, date: NaiveDate) -> bool {
        (FIRST_YEAR..=LAST_YEAR).contains(&date.year())
    }

    /// Whether `date` is a public holiday. Weekends are not holidays unless a holiday falls on one.
    pub fn is_holiday(self, date: NaiveDate) -> bool {
        if !self.covers(date) {
            return false;
        }
        // Deadlines ask this thousands of times; the rules run once per calendar and year and
        // the answers are kept as one bit per day of the year.
        static TABLE: OnceLock<Vec<[u64; 6]>> = OnceLock::new();
        let table = TABLE.get_or_init(|| {
            let years = (LAST_YEAR - FIRST_YEAR + 1) as usize;
            let mut t = vec![[0u64; 6]; Calendar::ALL.len() * years];
            for (ci, cal) in Calendar::ALL.iter().enumerate() {
                for y in FIRST_YEAR..=LAST_YEAR {
                    let row = &mut t[ci * years + (y - FIRST_YEAR) as usize];
                    for d in cal.holidays(y).into_iter().filter(|d| d.year() == y) {
                        let bit = d.ordinal0() as usize;
                        row[bit / 64] |= 1 << (bit % 64);
                    }
                }
            }
            t
        });
        let years = (LAST_YEAR - FIRST_YEAR + 1) as usize;
        let ci = Calendar::ALL.iter().position(|c| *c == self).unwrap_or(0);
        let row = &table[ci * years + (date.year() - FIRST_YEAR) as usize];
        let bit = date.ordinal0() as usize;
        row[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// Every calendar.
    pub const ALL: &'static [Calendar] = &[
        Calendar::Japan,
        Calendar::Germany,
        Calendar::EnglandWales,
        Calendar::UsFederal,
        Calendar::California,
        Calendar::Canada,
        Calendar::Brazil,
        Calendar::Switzerland,
        Calendar::Korea,
    ];

    /// Every public holiday of `year` (empty outside the covered years).
    pub fn holidays(self, year: i32) -> BTreeSet<NaiveDate> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return BTreeSet::new();
        }
        match self {
            Calendar::Japan => japan(year),
            Calendar::Germany => germany(year),
            Calendar::EnglandWales => england_wales(year),
            Calendar::UsFederal => us_federal(year),
            Calendar::California => california(year),
            Calendar::Canada => canada(year),
            Calendar::Brazil => brazil(year),
            Calendar::Switzerland => switzerland(year),
            Calendar::Korea => korea(year),
        }
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    // Every caller passes a valid calendar date; the fallback keeps this total.
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// The `n`th (1-based) `wd` of the month.
fn nth_weekday(y: i32, m: u32, wd: Weekday, n: u8) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(y, m, wd, n).unwrap_or(NaiveDate::MIN)
}

/// The last `wd` of the month.
fn last_weekday(y: i32, m: u32, wd: Weekday) -> NaiveDate {
    let first_next = if m == 12 { ymd(y + 1, 1, 1) } else { ymd(y, m + 1, 1) };
    let mut d = first_next - Duration::days(1);
    while d.weekday() != wd {
        d -= Duration::days(1);
    }
    d
}

/// Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher).
pub fn easter_sunday(y: i32) -> NaiveDate {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(y, month as u32, day as u32)
}

fn days(d: NaiveDate, n: i64) -> NaiveDate {
    d + Duration::days(n)
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Japan's vernal equinox day (1980-2099 formula of the National Astronomical Observatory).
fn jp_vernal_equinox(y: i32) -> NaiveDate {
    let t = f64::from(y - 1980);
    let day = (20.8431 + 0.242194 * t - ((y - 1980) / 4) as f64).floor();
    ymd(y, 3, day as u32)
}

/// Japan's autumnal equinox day (same source).
fn jp_autumnal_equinox(y: i32) -> NaiveDate {
    let t = f64::from(y - 1980);
    let day = (23.2488 + 0.242194 * t - ((y - 1980) / 4) as f64).floor();
    ymd(y, 9, day as u32)
}

fn japan(y: i32) -> BTreeSet<NaiveDate> {
    use Weekday::*;
    let mut h = BTreeSet::new();
    h.insert(ymd(y, 1, 1)); // 元日
    h.insert(nth_weekday(y, 1, Mon, 2)); // 成人の日
    h.insert(ymd(y, 2, 11)); // 建国記念の日
    h.insert(ymd(y, 2, 23)); // 天皇誕生日 (since 2020)
    h.insert(jp_vernal_equinox(y)); // 春分の日
    h.insert(ymd(y, 4, 29)); // 昭和の日
    h.insert(ymd(y, 5, 3)); // 憲法記念日
    h.insert(ymd(y, 5, 4)); // みどりの日
    h.insert(ymd(y, 5, 5)); // こどもの日
    // 海の日, 山の日 and スポーツの日 were moved for the Tokyo Olympics in 2020 and 2021
    // (Act on Special Measures for the 2020 Games).
    match y {
        2020 => {
            h.extend([ymd(y, 7, 23), ymd(y, 7, 24), ymd(y, 8, 10)]);
        }
        2021 => {
            h.extend([ymd(y, 7, 22), ymd(y, 7, 23), ymd(y, 8, 8)]);
        }
        _ => {
            h.insert(nth_weekday(y, 7, Mon, 3)); // 海の日
            h.insert(ymd(y, 8, 11)); // 山の日
            h.insert(nth_weekday(y, 10, Mon, 2)); // スポーツの日
        }
    }
    h.insert(nth_weekday(y, 9, Mon, 3)); // 敬老の日
    h.insert(jp_autumnal_equinox(y)); // 秋分の日
    h.insert(ymd(y, 11, 3)); // 文化の日
    h.insert(ymd(y, 11, 23)); // 勤労感謝の日

    // 国民の休日: a day that is not a holiday but lies between two holidays (Art. 3(3)).
    let national: Vec<NaiveDate> = h.iter().copied().collect();
    for d in &national {
        let between = days(*d, 1);
        if h.contains(&days(*d, 2)) && !h.contains(&between) && between.weekday() != Sun {
            h.insert(between);
        }
    }
    // 振替休日: a holiday on a Sunday moves to the next day that is not a holiday (Art. 3(2)).
    for d in national {
        if d.weekday() == Sun {
            let mut sub = days(d, 1);
            while h.contains(&sub) {
                sub = days(sub, 1);
            }
            h.insert(sub);
        }
    }
    h
}

fn germany(y: i32) -> BTreeSet<NaiveDate> {
    let e = easter_sunday(y);
    BTreeSet::from([
        ymd(y, 1, 1),   // Neujahr
        days(e, -2),    // Karfreitag
        days(e, 1),     // Ostermontag
        ymd(y, 5, 1),   // Tag der Arbeit
        days(e, 39),    // Christi Himmelfahrt
        days(e, 50),    // Pfingstmontag
        ymd(y, 10, 3),  // Tag der Deutschen Einheit
        ymd(y, 12, 25), // 1. Weihnachtstag
        ymd(y, 12, 26), // 2. Weihnachtstag
    ])
}

/// Christmas and Boxing Day with their substitute days (England and Wales, Canada).
fn christmas_pair(y: i32) -> [NaiveDate; 2] {
    let xmas = ymd(y, 12, 25);
    match xmas.weekday() {
        Weekday::Fri => [xmas, ymd(y, 12, 28)],
        Weekday::Sat => [ymd(y, 12, 27), ymd(y, 12, 28)],
        Weekday::Sun => [ymd(y, 12, 26), ymd(y, 12, 27)],
        _ => [xmas, ymd(y, 12, 26)],
    }
}

/// A fixed date, or the following Monday when it falls on a weekend.
fn next_monday_if_weekend(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => days(d, 2),
        Weekday::Sun => days(d, 1),
        _ => d,
    }
}

fn england_wales(y: i32) -> BTreeSet<NaiveDate> {
    use Weekday::*;
    let e = easter_sunday(y);
    let mut h = BTreeSet::from([next_monday_if_weekend(ymd(y, 1, 1)), days(e, -2), days(e, 1)]);
    // Early May bank holiday: moved to VE Day (Fri 8 May) in 2020; coronation day added in 2023.
    h.insert(if y == 2020 {
        ymd(2020, 5, 8)
    } else {
        nth_weekday(y, 5, Mon, 1)
    });
    // Spring bank holiday: moved to Thu 2 June in 2022, with Fri 3 June for the Platinum Jubilee.
    if y == 2022 {
        h.extend([ymd(2022, 6, 2), ymd(2022, 6, 3)]);
    } else {
        h.insert(last_weekday(y, 5, Mon));
    }
    h.insert(last_weekday(y, 8, Mon));
    h.extend(christmas_pair(y));
    match y {
        2022 => {
            h.insert(ymd(2022, 9, 19)); // State funeral of Queen Elizabeth II
        }
        2023 => {
            h.insert(ymd(2023, 5, 8)); // Coronation of King Charles III
        }
        _ => {}
    }
    h
}

/// A federal holiday's observed date: Saturday to Friday, Sunday to Monday (5 U.S.C. 6103(b)).
fn us_observed(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => days(d, -1),
        Weekday::Sun => days(d, 1),
        _ => d,
    }
}

fn us_federal(y: i32) -> BTreeSet<NaiveDate> {
    use Weekday::*;
    let mut h = BTreeSet::new();
    let mut fixed = vec![ymd(y, 1, 1), ymd(y, 7, 4), ymd(y, 11, 11), ymd(y, 12, 25)];
    if y >= 2021 {
        fixed.push(ymd(y, 6, 19)); // Juneteenth, since 2021
    }
    for d in fixed {
        h.insert(d);
        h.insert(us_observed(d));
    }
    // New Year's Day of next year observed on Friday 31 December.
    let next_new_year = ymd(y + 1, 1, 1);
    if next_new_year.weekday() == Sat {
        h.insert(ymd(y, 12, 31));
    }
    h.insert(nth_weekday(y, 1, Mon, 3)); // Martin Luther King Jr. Day
    h.insert(nth_weekday(y, 2, Mon, 3)); // Washington's Birthday
    h.insert(last_weekday(y, 5, Mon)); // Memorial Day
    h.insert(nth_weekday(y, 9, Mon, 1)); // Labor Day
    h.insert(nth_weekday(y, 10, Mon, 2)); // Columbus Day
    h.insert(nth_weekday(y, 11, Thu, 4)); // Thanksgiving
    h
}

fn california(y: i32) -> BTreeSet<NaiveDate> {
    use Weekday::*;
    let mut h = us_federal(y);
    // California Government Code 6700: a holiday on a Sunday is kept on the Monday after.
    for d in [ymd(y, 2, 12), ymd(y, 3, 31)] {
        h.insert(d); // Lincoln's Birthday, César Chávez Day
        if d.weekday() == Sun {
            h.insert(days(d, 1));
        }
    }
    h.insert(nth_weekday(y, 9, Fri, 4)); // Native American Day
    h.insert(days(nth_weekday(y, 11, Thu, 4), 1)); // Day after Thanksgiving
    // Diwali, a state holiday from 2026 (AB 268, 2025); lunisolar, so tabulated.
    if let Some(&(_, m, d)) = CALIFORNIA_DIWALI.iter().find(|r| r.0 == y) {
        let diwali = ymd(y, m, d);
        h.insert(diwali);
        if diwali.weekday() == Sun {
            h.insert(days(diwali, 1));
        }
    }
    h
}

/// Diwali's Gregorian dates (the new-moon day of Kartika).
const CALIFORNIA_DIWALI: &[(i32, u32, u32)] = &[
    (2026, 11, 8),
    (2027, 10, 29),
    (2028, 10, 17),
    (2029, 11, 5),
    (2030, 10, 26),
    (2031, 11, 14),
    (2032, 11, 2),
    (2033, 10, 22),
    (2034, 11, 10),
    (2035, 10, 30),
];

fn canada(y: i32) -> BTreeSet<NaiveDate> {
    use Weekday::*;
    let e = easter_sunday(y);
    let mut h = BTreeSet::from([days(e, -2), days(e, 1)]);
    // New Year's Day and Canada Day on a weekend are kept on the Monday (Holidays Act;
    // Canada Labour Code s. 196).
    for d in [ymd(y, 1, 1), ymd(y, 7, 1)] {
        h.insert(d);
        h.insert(next_monday_if_weekend(d));
    }
    // Victoria Day: the Monday before 25 May.
    let mut victoria = ymd(y, 5, 24);
    while victoria.weekday() != Mon {
        victoria = days(victoria, -1);
    }
    h.insert(victoria);
    h.insert(nth_weekday(y, 9, Mon, 1)); // Labour Day
    if y >= 2021 {
        h.insert(ymd(y, 9, 30)); // National Day for Truth and Reconciliation
    }
    h.insert(nth_weekday(y, 10, Mon, 2)); // Thanksgiving
    h.insert(ymd(y, 11, 11)); // Remembrance Day
    h.extend(christmas_pair(y));
    h.insert(ymd(y, 12, 25));
    h
}

fn brazil(y: i32) -> BTreeSet<NaiveDate> {
    let e = easter_sunday(y);
    let mut h = BTreeSet::from([
        ymd(y, 1, 1),   // Confraternização Universal
        days(e, -2),    // Paixão de Cristo
        ymd(y, 4, 21),  // Tiradentes
        ymd(y, 5, 1),   // Dia do Trabalho
        ymd(y, 9, 7),   // Independência
        ymd(y, 10, 12), // Nossa Senhora Aparecida
        ymd(y, 11, 2),  // Finados
        ymd(y, 11, 15), // Proclamação da República
        ymd(y, 12, 25), // Natal
    ]);
    if y >= 2024 {
        h.insert(ymd(y, 11, 20)); // Dia Nacional de Zumbi e da Consciência Negra (Lei 14.759/2023)
    }
    h
}

fn switzerland(y: i32) -> BTreeSet<NaiveDate> {
    let e = easter_sunday(y);
    BTreeSet::from([
        ymd(y, 1, 1),   // Neujahr
        days(e, -2),    // Karfreitag (all cantons but Ticino and Valais)
        days(e, 1),     // Ostermontag
        days(e, 39),    // Auffahrt
        days(e, 50),    // Pfingstmontag
        ymd(y, 8, 1),   // Bundesfeier
        ymd(y, 12, 25), // Weihnachten
        ymd(y, 12, 26), // Stephanstag
    ])
}

/// Korea's lunar holidays as Gregorian dates: (year, Seollal, Buddha's Birthday, Chuseok).
/// Lunar dates are astronomical; they are tabulated from the Korea Astronomy and Space
/// Science Institute's published calendar rather than computed.
/// A month and day.
type MonthDay = (u32, u32);

const KOREA_LUNAR: &[(i32, MonthDay, MonthDay, MonthDay)] = &[
    (2020, (1, 25), (4, 30), (10, 1)),
    (2021, (2, 12), (5, 19), (9, 21)),
    (2022, (2, 1), (5, 8), (9, 10)),
    (2023, (1, 22), (5, 27), (9, 29)),
    (2024, (2, 10), (5, 15), (9, 17)),
    (2025, (1, 29), (5, 5), (10, 6)),
    (2026, (2, 17), (5, 24), (9, 25)),
    (2027, (2, 7), (5, 13), (9, 15)),
    (2028, (1, 27), (5, 2), (10, 3)),
    (2029, (2, 13), (5, 20), (9, 22)),
    (2030, (2, 3), (5, 9), (9, 12)),
    (2031, (1, 23), (5, 28), (10, 1)),
    (2032, (2, 11), (5, 16), (9, 19)),
    (2033, (1, 31), (5, 6), (9, 8)),
    (2034, (2, 19), (5, 25), (9, 27)),
    (2035, (2, 8), (5, 15), (9, 16)),
];

/// One-off Korean holidays: election days and days the government declared.
const KOREA_ONE_OFF: &[(i32, u32, u32)] = &[
    (2020, 4, 15), // National Assembly election
    (2020, 8, 17), // temporary holiday
    (2022, 3, 9),  // presidential election
    (2022, 6, 1),  // local elections
    (2023, 10, 2), // temporary holiday
    (2024, 4, 10), // National Assembly election
    (2024, 10, 1), // Armed Forces Day (temporary holiday)
    (2025, 1, 27), // temporary holiday
    (2025, 6, 3),  // presidential election
    (2026, 6, 3),  // local elections
    (2028, 4, 12), // National Assembly election (scheduled)
    (2030, 3, 27), // presidential election (scheduled)
    (2030, 6, 12), // local elections (scheduled)
    (2032, 4, 14), // National Assembly election (scheduled)
    (2034, 5, 31), // local elections (scheduled)
    (2035, 3, 28), // presidential election (scheduled)
];

fn korea(y: i32) -> BTreeSet<NaiveDate> {
    use Weekday::*;
    let mut h = BTreeSet::new();
    let Some(&(_, seollal, buddha, chuseok)) = KOREA_LUNAR.iter().find(|row| row.0 == y) else {
        return h;
    };
    let seollal = ymd(y, seollal.0, seollal.1);
    let chuseok = ymd(y, chuseok.0, chuseok.1);
    let buddha = ymd(y, buddha.0, buddha.1);
    let seollal_days = [days(seollal, -1), seollal, days(seollal, 1)];
    let chuseok_days = [days(chuseok, -1), chuseok, days(chuseok, 1)];
    // Fixed-date holidays: (date, first year it is a holiday, first year it gets a substitute).
    let fixed: Vec<(NaiveDate, i32)> = [
        (ymd(y, 1, 1), 0, i32::MAX),
        (ymd(y, 3, 1), 0, 2021),
        (ymd(y, 5, 1), 2026, 2026), // Labour Day, a public holiday from 2026
        (ymd(y, 5, 5), 0, 2014),
        (buddha, 0, 2023),
        (ymd(y, 6, 6), 0, i32::MAX),
        (ymd(y, 7, 17), 2026, 2026), // Constitution Day, a public holiday again from 2026
        (ymd(y, 8, 15), 0, 2021),
        (ymd(y, 10, 3), 0, 2021),
        (ymd(y, 10, 9), 0, 2021),
        (ymd(y, 12, 25), 0, 2023),
    ]
    .into_iter()
    .filter(|(_, from, _)| y >= *from)
    .map(|(d, _, sub)| (d, sub))
    .collect();
    h.extend(seollal_days);
    h.extend(chuseok_days);
    for (d, _) in &fixed {
        h.insert(*d);
    }
    for &(m, mo, d) in KOREA_ONE_OFF.iter().filter(|r| r.0 == y) {
        h.insert(ymd(m, mo, d));
    }
    // Substitute holidays (Regulations on Holidays of Government Offices, Art. 3):
    // Seollal and Chuseok give one when one of their days is a Sunday or another holiday;
    // the other listed holidays (from the year their rule began) when they fall on a
    // Saturday or a Sunday. The substitute is the next working day.
    let mut subs = Vec::new();
    for group in [seollal_days, chuseok_days] {
        if group
            .iter()
            .any(|d| d.weekday() == Sun || fixed.iter().any(|(f, _)| f == d))
        {
            subs.push(group[2]);
        }
    }
    for (i, (d, since)) in fixed.iter().enumerate() {
        let on_lunar = seollal_days.contains(d) || chuseok_days.contains(d);
        // A clash with a lunar holiday is already counted by the lunar group above; two
        // fixed holidays on one day (Buddha's Birthday on 5 May 2025) give one substitute.
        let clashes_fixed = fixed[..i].iter().any(|(other, _)| other == d);
        if y >= *since && (is_weekend(*d) || clashes_fixed) && !on_lunar {
            subs.push(*d);
        }
    }
    subs.sort();
    for after in subs {
        let mut next = days(after, 1);
        while is_weekend(next) || h.contains(&next) {
            next = days(next, 1);
        }
        h.insert(next);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test dates are valid")
    }

    #[test]
    fn easter_dates() {
        for (y, want) in [
            (2020, "2020-04-12"),
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2035, "2035-03-25"),
        ] {
            assert_eq!(easter_sunday(y), d(want), "Easter {y}");
        }
    }

    /// Spot checks per calendar, including substitute and one-off days.
    #[test]
    fn holidays_by_calendar() {
        let yes: &[(Calendar, &str, &str)] = &[
            (
                Calendar::Japan,
                "2026-05-06",
                "substitute for Constitution Day on Sunday 3 May",
            ),
            (
                Calendar::Japan,
                "2026-09-22",
                "citizens' holiday between Respect for the Aged Day and the equinox",
            ),
            (Calendar::Japan, "2026-03-20", "vernal equinox 2026"),
            (
                Calendar::Japan,
                "2021-08-09",
                "substitute for Mountain Day moved to Sunday 8 Aug 2021",
            ),
            (Calendar::Japan, "2020-07-24", "Sports Day moved for the Olympics"),
            (Calendar::Japan, "2032-09-21", "citizens' holiday 2032"),
            (Calendar::Germany, "2026-05-14", "Ascension 2026"),
            (Calendar::Germany, "2026-05-25", "Whit Monday 2026"),
            (Calendar::EnglandWales, "2022-06-03", "Platinum Jubilee"),
            (
                Calendar::EnglandWales,
                "2021-12-28",
                "Boxing Day substitute (Christmas on Saturday)",
            ),
            (Calendar::EnglandWales, "2027-12-28", "Boxing Day substitute 2027"),
            (Calendar::UsFederal, "2026-01-19", "MLK Day 2026"),
            (Calendar::UsFederal, "2026-07-03", "Independence Day observed on Friday"),
            (Calendar::UsFederal, "2021-12-31", "New Year 2022 observed on Friday"),
            (Calendar::California, "2026-03-31", "César Chávez Day"),
            (Calendar::California, "2026-11-27", "Day after Thanksgiving"),
            (Calendar::Canada, "2026-05-18", "Victoria Day 2026"),
            (
                Calendar::Canada,
                "2026-09-30",
                "National Day for Truth and Reconciliation",
            ),
            (Calendar::Brazil, "2026-04-03", "Good Friday 2026"),
            (Calendar::Brazil, "2026-11-20", "Black Consciousness Day"),
            (Calendar::Switzerland, "2026-08-01", "Swiss National Day"),
            (Calendar::Korea, "2026-02-16", "Seollal eve 2026"),
            (Calendar::Korea, "2026-03-02", "substitute for 1 March on Sunday"),
            (
                Calendar::Korea,
                "2026-05-25",
                "substitute for Buddha's Birthday on Sunday",
            ),
            (
                Calendar::Korea,
                "2026-08-17",
                "substitute for Liberation Day on Saturday",
            ),
            (
                Calendar::Korea,
                "2025-10-08",
                "substitute for Chuseok overlapping National Foundation Day",
            ),
        ];
        for (cal, date, why) in yes {
            assert!(cal.is_holiday(d(date)), "{cal:?} {date} should be a holiday: {why}");
        }
        let no: &[(Calendar, &str, &str)] = &[
            (Calendar::Japan, "2026-05-07", "an ordinary Thursday"),
            (
                Calendar::Germany,
                "2026-10-31",
                "Reformation Day is regional, not nationwide",
            ),
            (
                Calendar::EnglandWales,
                "2026-03-17",
                "St Patrick's Day is Northern Ireland only",
            ),
            (
                Calendar::UsFederal,
                "2026-11-27",
                "day after Thanksgiving is not federal",
            ),
            (
                Calendar::Brazil,
                "2023-11-20",
                "Black Consciousness Day is national only from 2024",
            ),
        ];
        for (cal, date, why) in no {
            assert!(
                !cal.is_holiday(d(date)),
                "{cal:?} {date} should not be a holiday: {why}"
            );
        }
    }

    #[test]
    fn outside_covered_years_nothing_is_a_holiday() {
        assert!(!Calendar::Japan.covers(d("2036-01-01")));
        assert!(
            !Calendar::Japan.is_holiday(d("2036-01-01")),
            "no data for 2036, so it is not applied"
        );
        assert!(Calendar::for_country("XX").is_err());
        assert_eq!(Calendar::for_country("gb").ok(), Some(Calendar::EnglandWales));
    }
}
