//! Legal response deadlines as pure functions of dates.
//!
//! The rules R1 to R7 are stated with their sources in docs/deadlines.md. Nothing here reads
//! the clock: every date is an argument.

pub mod holidays;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Serialize;

pub use holidays::Calendar;

use crate::error::{Error, Result};
use crate::model::{Law, RequestKind};

/// Which arithmetic produced a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// R1: one month under Regulation 1182/71 (GDPR).
    EuMonth,
    /// R2: one month from the "relevant time" (UK GDPR Art. 12A).
    UkMonth,
    /// R3: a number of calendar days.
    CalendarDays,
    /// R4: a number of business days.
    BusinessDays,
    /// R5: APPI "without delay" and the Art. 39 two-week wait.
    AppiTwoWeeks,
    /// R6: no statutory day count; a reminder date only.
    NoFixedPeriod,
}

/// What happened to an extension notice (R7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ExtensionStatus {
    /// No extension was notified.
    None,
    /// The notice arrived in time: the extended date applies.
    Counted,
    /// The notice arrived after the base due date: it does not count.
    TooLate,
    /// This law or kind of request allows no extension.
    NotAllowed,
}

/// How sure the computed date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// A statutory period with the jurisdiction's holidays applied.
    High,
    /// A statutory period without holidays, or resting on an unsettled reading.
    Medium,
    /// No statutory period, or sources marked unverified.
    Low,
}

/// What a note says, for user interfaces that word it in their own language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum NoteCode {
    /// A stricter reading ends the extension on `date`.
    StricterExtension,
    /// UK: may be due one day earlier.
    UkOneDayEarlier,
    /// UK: the clock restarted on `date`.
    UkClockRestarted,
    /// UK: `days` added for a clarification pause.
    UkClarificationPause,
    /// APPI: "without delay", Art. 39 two weeks.
    AppiWithoutDelay,
    /// No statutory day count; the due date is a reminder `days` after receipt.
    NoDayCount,
    /// This law allows no extension.
    ExtensionNotAllowed,
    /// The notice of `date` came after the due date `other_date`.
    ExtensionTooLate,
    /// The company's `date` is later than the legal limit `other_date`.
    ExtensionCapped,
    /// The company's `date` is before the base due date and was ignored.
    ExtensionDateIgnored,
    /// The notice named no new date.
    ExtensionNoDate,
    /// No country: weekends only.
    HolidaysNoCountry,
    /// The date is outside the years with holiday data.
    HolidaysOutOfRange,
    /// Post: counted from the posting date until the delivery date is recorded.
    PostedNotDelivered,
}

/// A note shown with a deadline: a code and its values, and the same in English words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Note {
    /// What the note says.
    pub code: NoteCode,
    /// The date it names, if any.
    pub date: Option<NaiveDate>,
    /// A second date it names, if any.
    pub other_date: Option<NaiveDate>,
    /// A number of days it names, if any.
    pub days: Option<i64>,
    /// The note in English.
    pub text: String,
}

impl Note {
    /// A note with its English text.
    pub fn new(code: NoteCode, text: impl Into<String>) -> Note {
        Note {
            code,
            date: None,
            other_date: None,
            days: None,
            text: text.into(),
        }
    }

    fn date(mut self, d: NaiveDate) -> Note {
        self.date = Some(d);
        self
    }

    fn other_date(mut self, d: NaiveDate) -> Note {
        self.other_date = Some(d);
        self
    }

    fn days(mut self, n: impl Into<i64>) -> Note {
        self.days = Some(n.into());
        self
    }
}

/// The facts a deadline is computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineQuery {
    /// The law.
    pub law: Law,
    /// The kind of request.
    pub kind: RequestKind,
    /// The date the company received the request (APPI: the date it arrived).
    pub received: NaiveDate,
    /// The holiday calendar's ISO 3166 code; `None` rolls over weekends only.
    pub country: Option<String>,
    /// The date the company's extension notice arrived.
    pub extension_notice: Option<NaiveDate>,
    /// The new date the company named in its extension notice.
    pub extension_new_date: Option<NaiveDate>,
    /// UK: the date the company received the identity information it asked for.
    pub identity_received: Option<NaiveDate>,
    /// UK: the date a fee was paid.
    pub fee_paid: Option<NaiveDate>,
    /// UK: days the clock stopped while the company waited for a clarification (inclusive).
    pub clarification_days: u32,
    /// A follow-up letter: the two weeks it sets, whatever the law.
    pub followup: bool,
}

impl DeadlineQuery {
    /// A query with only the required facts.
    pub fn new(law: Law, kind: RequestKind, received: NaiveDate) -> Self {
        DeadlineQuery {
            law,
            kind,
            received,
            country: None,
            extension_notice: None,
            extension_new_date: None,
            identity_received: None,
            fee_paid: None,
            clarification_days: 0,
            followup: false,
        }
    }

    /// The same query with a holiday calendar.
    pub fn in_country(mut self, country: impl Into<String>) -> Self {
        self.country = Some(country.into());
        self
    }

    /// The same query with an extension notice.
    pub fn with_extension(mut self, notice: NaiveDate, new_date: Option<NaiveDate>) -> Self {
        self.extension_notice = Some(notice);
        self.extension_new_date = new_date;
        self
    }
}

/// A computed deadline. Field names follow docs/deadlines.md.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Deadline {
    /// The arithmetic used.
    pub rule: Rule,
    /// Where the period is written down.
    pub citation: &'static str,
    /// The day the period runs from (R, or the UK's "relevant time" S).
    pub start_date: NaiveDate,
    /// The last day of the statutory period before rolling over weekends and holidays;
    /// `None` where the law sets no day count.
    pub statutory_date: Option<NaiveDate>,
    /// The date the answer is due (after rolling); under R5/R6 the date to follow up.
    pub due_date: NaiveDate,
    /// The first day the request is overdue (`due_date` + 1, or the extended date + 1).
    pub overdue_from: NaiveDate,
    /// The extended due date, when an extension notice counts.
    pub extended_due_date: Option<NaiveDate>,
    /// What happened to the extension notice.
    pub extension: ExtensionStatus,
    /// The date under a stricter reading, shown beside the main one.
    pub strict_alt: Option<NaiveDate>,
    /// CCPA: the date receipt must be confirmed (10 business days).
    pub acknowledge_by: Option<NaiveDate>,
    /// Business-day rules: the same count over weekends only, for comparison.
    pub weekends_only_date: Option<NaiveDate>,
    /// APPI Art. 39: the first day a lawsuit may be filed (the day after the two weeks).
    pub earliest_lawsuit_date: Option<NaiveDate>,
    /// APPI Art. 39 read with Civil Code Art. 142: the same, with the last day moved past
    /// Sundays and national holidays.
    pub earliest_lawsuit_date_conservative: Option<NaiveDate>,
    /// Whether the law sets a day count at all.
    pub statutory_day_count: bool,
    /// Whether public holidays were applied (false: weekends only).
    pub holidays_applied: bool,
    /// The calendar used, as an ISO 3166 code.
    pub calendar: Option<String>,
    /// How sure the date is.
    pub confidence: Confidence,
    /// Plain-language notes the user should see with the date.
    pub notes: Vec<Note>,
}

impl Deadline {
    /// The date that applies now: the extended date if an extension counts, else the due date.
    pub fn effective_due_date(&self) -> NaiveDate {
        self.extended_due_date.unwrap_or(self.due_date)
    }
}

/// Rolls dates over weekends and one calendar's holidays, remembering whether the calendar
/// covered every date it was asked about.
struct Roller {
    calendar: Option<Calendar>,
    covered: std::cell::Cell<bool>,
}

impl Roller {
    fn new(calendar: Option<Calendar>) -> Self {
        Roller {
            calendar,
            covered: std::cell::Cell::new(calendar.is_some()),
        }
    }

    fn is_holiday(&self, d: NaiveDate) -> bool {
        match self.calendar {
            Some(cal) => {
                if !cal.covers(d) {
                    self.covered.set(false);
                }
                cal.is_holiday(d)
            }
            None => false,
        }
    }

    fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.is_holiday(d)
    }

    /// The date itself if it is a working day, else the next working day.
    fn roll(&self, mut d: NaiveDate) -> NaiveDate {
        while !self.is_working_day(d) {
            d += Duration::days(1);
        }
        d
    }

    /// The `n`th working day after `from` (the day after `from` is the first candidate).
    fn add_business_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        let mut counted = 0;
        while counted < n {
            d += Duration::days(1);
            if self.is_working_day(d) {
                counted += 1;
            }
        }
        d
    }
}

/// `n` months after `d` under Regulation 1182/71 Art. 3(2)(c): the same date, or the last day
/// of the month when that date does not exist.
pub fn add_months(d: NaiveDate, n: u32) -> NaiveDate {
    let months = d.year() * 12 + d.month0() as i32 + n as i32;
    let (y, m) = (months.div_euclid(12), months.rem_euclid(12) as u32 + 1);
    let mut day = d.day();
    loop {
        if let Some(date) = NaiveDate::from_ymd_opt(y, m, day) {
            return date;
        }
        day -= 1;
    }
}

fn plus(d: NaiveDate, n: i64) -> NaiveDate {
    d + Duration::days(n)
}

/// How a law treats a kind of request.
enum Plan {
    EuMonth,
    UkMonth,
    CalendarDays {
        days: i64,
        extended_days: Option<i64>,
        company_sets_date: bool,
        acknowledge: bool,
    },
    BusinessDays {
        days: u32,
    },
    AppiTwoWeeks,
    NoFixedPeriod {
        reminder_days: i64,
    },
}

fn plan(law: Law, kind: RequestKind) -> (Plan, &'static str) {
    use RequestKind as K;
    match law {
        Law::Appi => (
            Plan::AppiTwoWeeks,
            "APPI Arts. 33-35 (without delay), Art. 39 (two weeks); Civil Code Arts. 140-143",
        ),
        Law::Gdpr => (
            Plan::EuMonth,
            "GDPR Art. 12(3); Regulation (EEC, Euratom) 1182/71 Art. 3",
        ),
        Law::UkGdpr => (
            Plan::UkMonth,
            "UK GDPR Arts. 12(3), 12A; ICO guidance on calculating time limits",
        ),
        Law::Ccpa => match kind {
            K::OptOut | K::StopUse => (Plan::BusinessDays { days: 15 }, "11 CCR §§ 7026(f), 7027"),
            K::Access | K::Deletion | K::Correction | K::Portability | K::ThirdPartyRecords => (
                Plan::CalendarDays {
                    days: 45,
                    extended_days: Some(90),
                    company_sets_date: false,
                    acknowledge: true,
                },
                "Cal. Civ. Code § 1798.130(a)(2)(A); 11 CCR § 7021; Cal. CCP § 12",
            ),
            K::Restriction | K::Custom => (
                Plan::CalendarDays {
                    days: 45,
                    extended_days: Some(90),
                    company_sets_date: false,
                    acknowledge: false,
                },
                "Cal. Civ. Code § 1798.130(a)(2)(A); Cal. CCP § 12",
            ),
        },
        Law::Lgpd => match kind {
            K::Access => (
                Plan::CalendarDays {
                    days: 15,
                    extended_days: None,
                    company_sets_date: false,
                    acknowledge: false,
                },
                "LGPD Art. 19 II",
            ),
            _ => (
                Plan::NoFixedPeriod { reminder_days: 30 },
                "LGPD Art. 18 §5 (period left to regulation)",
            ),
        },
        Law::Pipeda => match kind {
            K::Access | K::ThirdPartyRecords => (
                Plan::CalendarDays {
                    days: 30,
                    extended_days: Some(60),
                    company_sets_date: false,
                    acknowledge: false,
                },
                "PIPEDA s. 8(3)-(4); Interpretation Act s. 26",
            ),
            _ => (
                Plan::NoFixedPeriod { reminder_days: 30 },
                "PIPEDA Sch. 1 cl. 4.9.5, 4.3.8 (no day count)",
            ),
        },
        Law::Fadp => match kind {
            K::Access | K::Portability => (
                Plan::CalendarDays {
                    days: 30,
                    extended_days: None,
                    company_sets_date: true,
                    acknowledge: false,
                },
                "FADP Art. 25(7); DPO Art. 18",
            ),
            _ => (Plan::NoFixedPeriod { reminder_days: 30 }, "FADP Art. 32 (no day count)"),
        },
        Law::Pipa => match kind {
            K::OptOut | K::Custom => (
                Plan::NoFixedPeriod { reminder_days: 30 },
                "PIPA (no day count for this request)",
            ),
            _ => (
                Plan::CalendarDays {
                    days: 10,
                    extended_days: None,
                    company_sets_date: true,
                    acknowledge: false,
                },
                "PIPA Arts. 35-37; Enforcement Decree Arts. 41-44",
            ),
        },
        Law::Pdpa => match kind {
            K::Access | K::ThirdPartyRecords => (
                Plan::CalendarDays {
                    days: 30,
                    extended_days: None,
                    company_sets_date: true,
                    acknowledge: false,
                },
                "PDPA s. 21; PDP Regulations 2021 reg. 5",
            ),
            _ => (
                Plan::NoFixedPeriod { reminder_days: 30 },
                "PDPA ss. 16, 22 (as soon as practicable)",
            ),
        },
        Law::Generic => (Plan::NoFixedPeriod { reminder_days: 30 }, "no statutory period known"),
    }
}

/// Computes the deadline of a request from its dates.
pub fn compute(q: &DeadlineQuery) -> Result<Deadline> {
    if let (Some(new), None) = (q.extension_new_date, q.extension_notice) {
        return Err(Error::invalid(
            "extension",
            format!("a new date ({new}) needs the date the notice arrived"),
        ));
    }
    let calendar = q.country.as_deref().map(Calendar::for_country).transpose()?;
    let roller = Roller::new(calendar);
    let (plan, citation) = if q.followup {
        (
            Plan::CalendarDays {
                days: 14,
                extended_days: None,
                company_sets_date: false,
                acknowledge: false,
            },
            "the two weeks set in the follow-up letter",
        )
    } else {
        plan(q.law, q.kind)
    };
    let mut notes = Vec::new();
    let r = q.received;

    let mut d = Deadline {
        rule: Rule::NoFixedPeriod,
        citation,
        start_date: r,
        statutory_date: None,
        due_date: r,
        overdue_from: r,
        extended_due_date: None,
        extension: ExtensionStatus::None,
        strict_alt: None,
        acknowledge_by: None,
        weekends_only_date: None,
        earliest_lawsuit_date: None,
        earliest_lawsuit_date_conservative: None,
        statutory_day_count: true,
        holidays_applied: false,
        calendar: q.country.as_ref().map(|c| c.trim().to_ascii_uppercase()),
        confidence: Confidence::High,
        notes: Vec::new(),
    };

    // The legal maximum an extension can reach; `None` with `company_sets_date` means the
    // company names the date itself.
    let mut extension_max: Option<NaiveDate> = None;
    let mut company_sets_date = false;
    let mut extensible = true;

    match plan {
        Plan::EuMonth => {
            d.rule = Rule::EuMonth;
            let statutory = add_months(r, 1);
            d.statutory_date = Some(statutory);
            d.due_date = roller.roll(statutory);
            extension_max = Some(roller.roll(add_months(r, 3)));
            let strict = roller.roll(add_months(statutory, 2));
            d.strict_alt = Some(strict);
            notes.push(
                Note::new(
                    NoteCode::StricterExtension,
                    format!("a stricter reading counts an extension from the un-rolled date: it would end on {strict}"),
                )
                .date(strict),
            );
        }
        Plan::UkMonth => {
            d.rule = Rule::UkMonth;
            let s = [Some(r), q.identity_received, q.fee_paid]
                .into_iter()
                .flatten()
                .max()
                .unwrap_or(r);
            d.start_date = s;
            let pause = i64::from(q.clarification_days);
            let statutory = plus(add_months(s, 1), pause);
            d.statutory_date = Some(statutory);
            d.due_date = roller.roll(statutory);
            extension_max = Some(roller.roll(plus(add_months(s, 3), pause)));
            d.strict_alt = Some(roller.roll(plus(statutory, -1)));
            d.confidence = Confidence::Medium;
            notes.push(Note::new(
                NoteCode::UkOneDayEarlier,
                "may be due 1 day earlier: a literal reading of \"beginning with\" the relevant time",
            ));
            if s > r {
                notes.push(
                    Note::new(
                        NoteCode::UkClockRestarted,
                        format!("the clock restarted on {s}, when the identity proof or fee arrived"),
                    )
                    .date(s),
                );
            }
            if pause > 0 {
                notes.push(
                    Note::new(
                        NoteCode::UkClarificationPause,
                        format!("{pause} days added for the clarification pause"),
                    )
                    .days(pause),
                );
            }
        }
        Plan::CalendarDays {
            days,
            extended_days,
            company_sets_date: sets,
            acknowledge,
        } => {
            d.rule = Rule::CalendarDays;
            let statutory = plus(r, days);
            d.statutory_date = Some(statutory);
            d.due_date = roller.roll(statutory);
            // The reading of "within N days" that counts the day of receipt; a follow-up letter
            // names its own date, which has no other reading.
            d.strict_alt = (!q.followup).then(|| roller.roll(plus(statutory, -1)));
            extension_max = extended_days.map(|n| roller.roll(plus(r, n)));
            company_sets_date = sets;
            extensible = extended_days.is_some() || sets;
            if acknowledge {
                d.acknowledge_by = Some(roller.add_business_days(r, 10));
            }
            if matches!(q.law, Law::Pdpa | Law::Pipa | Law::Fadp) {
                d.confidence = Confidence::Medium;
            }
        }
        Plan::BusinessDays { days } => {
            d.rule = Rule::BusinessDays;
            let due = roller.add_business_days(r, days);
            d.statutory_date = Some(due);
            d.due_date = due;
            d.weekends_only_date = Some(Roller::new(None).add_business_days(r, days));
            extensible = false;
            d.confidence = Confidence::Medium;
        }
        Plan::AppiTwoWeeks => {
            d.rule = Rule::AppiTwoWeeks;
            d.statutory_day_count = false;
            // Civil Code Art. 140: the day of arrival is not counted; the two weeks run
            // from A+1 to A+14 (Arts. 141, 143), so a suit may be filed from A+15.
            let wait_ends = plus(r, 14);
            d.statutory_date = Some(wait_ends);
            d.due_date = roller.roll(wait_ends);
            d.earliest_lawsuit_date = Some(plus(wait_ends, 1));
            d.earliest_lawsuit_date_conservative = Some(plus(d.due_date, 1));
            company_sets_date = true;
            d.confidence = Confidence::Medium;
            notes.push(Note::new(
                NoteCode::AppiWithoutDelay,
                "APPI sets no day count: the company must answer \"without delay\"; after two weeks from arrival \
                 (Art. 39) a lawsuit is possible, at once if the request was refused"
                    .to_owned(),
            ));
        }
        Plan::NoFixedPeriod { reminder_days } => {
            d.rule = Rule::NoFixedPeriod;
            d.statutory_day_count = false;
            d.due_date = roller.roll(plus(r, reminder_days));
            company_sets_date = true;
            d.confidence = Confidence::Low;
            notes.push(
                Note::new(
                    NoteCode::NoDayCount,
                    format!("no statutory day count: the due date is a reminder {reminder_days} days after receipt"),
                )
                .days(reminder_days),
            );
        }
    }

    // R7: an extension counts only when its notice arrived on or before the base due date.
    if let Some(notice) = q.extension_notice {
        if !extensible {
            d.extension = ExtensionStatus::NotAllowed;
            notes.push(Note::new(
                NoteCode::ExtensionNotAllowed,
                "this law allows no extension for this request; the original date stands".to_owned(),
            ));
        } else if notice > d.due_date {
            d.extension = ExtensionStatus::TooLate;
            notes.push(
                Note::new(
                    NoteCode::ExtensionTooLate,
                    format!(
                        "the extension notice of {notice} came after the due date {}; it does not count",
                        d.due_date
                    ),
                )
                .date(notice)
                .other_date(d.due_date),
            );
        } else {
            d.extension = ExtensionStatus::Counted;
            let extended = match (extension_max, q.extension_new_date) {
                (Some(max), Some(new)) if new > max => {
                    notes.push(
                        Note::new(
                            NoteCode::ExtensionCapped,
                            format!("the company named {new}, later than the law allows; the limit {max} applies"),
                        )
                        .date(new)
                        .other_date(max),
                    );
                    max
                }
                (Some(max), Some(new)) if new < d.due_date => {
                    notes.push(
                        Note::new(
                            NoteCode::ExtensionDateIgnored,
                            format!("the company named {new}, before the base due date; ignored"),
                        )
                        .date(new),
                    );
                    max
                }
                (Some(_), Some(new)) => new,
                (Some(max), None) => max,
                (None, Some(new)) if company_sets_date => new.max(d.due_date),
                (None, _) => {
                    notes.push(Note::new(
                        NoteCode::ExtensionNoDate,
                        "the notice named no new date; the original date stands".to_owned(),
                    ));
                    d.due_date
                }
            };
            if extended != d.due_date {
                d.extended_due_date = Some(extended);
            }
        }
    }
    d.overdue_from = plus(d.effective_due_date(), 1);
    d.holidays_applied = roller.covered.get();
    if calendar.is_none() {
        notes.push(Note::new(
            NoteCode::HolidaysNoCountry,
            "holidays not applied: no country given, only weekends were rolled over".to_owned(),
        ));
        if d.confidence == Confidence::High {
            d.confidence = Confidence::Medium;
        }
    } else if !d.holidays_applied {
        notes.push(Note::new(
            NoteCode::HolidaysOutOfRange,
            format!(
                "holidays not applied: the calendar covers {} to {} only",
                holidays::FIRST_YEAR,
                holidays::LAST_YEAR
            ),
        ));
        if d.confidence == Confidence::High {
            d.confidence = Confidence::Medium;
        }
    }
    d.notes = notes;
    Ok(d)
}

#[cfg(test)]
mod tests;
