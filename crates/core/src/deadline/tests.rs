//! Worked examples for every rule, as tables. Each row says why its answer holds.

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test dates are valid")
}

fn opt(s: &str) -> Option<NaiveDate> {
    if s == "-" { None } else { Some(d(s)) }
}

/// One worked example: the query and the dates a person would compute by hand.
struct Case {
    law: Law,
    kind: RequestKind,
    received: &'static str,
    country: Option<&'static str>,
    statutory: &'static str,
    due: &'static str,
    why: &'static str,
}

fn run(cases: &[Case]) {
    for c in cases {
        let mut q = DeadlineQuery::new(c.law, c.kind, d(c.received));
        q.country = c.country.map(str::to_owned);
        let got = compute(&q).expect("query is valid");
        let ctx = format!(
            "{} {} received {} in {:?}: {}",
            c.law, c.kind, c.received, c.country, c.why
        );
        assert_eq!(got.statutory_date, opt(c.statutory), "statutory date, {ctx}");
        assert_eq!(got.due_date, d(c.due), "due date, {ctx}");
        assert_eq!(
            got.overdue_from,
            got.due_date + Duration::days(1),
            "overdue the day after, {ctx}"
        );
        assert_eq!(
            got.holidays_applied,
            c.country.is_some(),
            "holidays applied iff a country is given, {ctx}"
        );
    }
}

use Law::*;
use RequestKind::*;

#[test]
fn r1_eu_month() {
    run(&[
        Case {
            law: Gdpr,
            kind: Access,
            received: "2026-01-31",
            country: None,
            statutory: "2026-02-28",
            due: "2026-03-02",
            why: "31 Jan + 1 month = last day of Feb, a Saturday, rolls to Monday",
        },
        Case {
            law: Gdpr,
            kind: Access,
            received: "2028-01-31",
            country: None,
            statutory: "2028-02-29",
            due: "2028-02-29",
            why: "leap year: 29 Feb exists and is a Tuesday",
        },
        Case {
            law: Gdpr,
            kind: Deletion,
            received: "2024-01-30",
            country: None,
            statutory: "2024-02-29",
            due: "2024-02-29",
            why: "30 Jan 2024 + 1 month: no 30 Feb, last day is 29 Feb",
        },
        Case {
            law: Gdpr,
            kind: Access,
            received: "2026-03-31",
            country: None,
            statutory: "2026-04-30",
            due: "2026-04-30",
            why: "31 Mar + 1 month: no 31 Apr",
        },
        Case {
            law: Gdpr,
            kind: Access,
            received: "2026-04-25",
            country: Some("DE"),
            statutory: "2026-05-25",
            due: "2026-05-26",
            why: "Whit Monday 25 May is a German holiday",
        },
        Case {
            law: Gdpr,
            kind: Access,
            received: "2026-04-25",
            country: None,
            statutory: "2026-05-25",
            due: "2026-05-25",
            why: "without a calendar only weekends roll",
        },
        Case {
            law: Gdpr,
            kind: Access,
            received: "2026-11-25",
            country: Some("DE"),
            statutory: "2026-12-25",
            due: "2026-12-28",
            why: "Christmas Fri, Boxing Day Sat, Sunday: next working day Monday 28",
        },
        Case {
            law: Gdpr,
            kind: Access,
            received: "2026-12-31",
            country: Some("DE"),
            statutory: "2027-01-31",
            due: "2027-02-01",
            why: "31 Jan 2027 is a Sunday",
        },
        Case {
            law: Gdpr,
            kind: StopUse,
            received: "2026-12-01",
            country: Some("DE"),
            statutory: "2027-01-01",
            due: "2027-01-04",
            why: "New Year's Day Fri, then the weekend",
        },
        Case {
            law: Gdpr,
            kind: Portability,
            received: "2026-04-02",
            country: Some("DE"),
            statutory: "2026-05-02",
            due: "2026-05-04",
            why: "2 May 2026 is a Saturday",
        },
    ]);
}

#[test]
fn r1_extension_and_strict_reading() {
    // legal.md worked example 1.
    let base = DeadlineQuery::new(Gdpr, Access, d("2026-01-31"));
    let got = compute(&base.clone().with_extension(d("2026-03-02"), None)).expect("valid");
    assert_eq!(
        got.extension,
        ExtensionStatus::Counted,
        "notice on the due date itself is in time"
    );
    assert_eq!(got.extended_due_date, opt("2026-04-30"), "R + 3 months = 30 Apr (Thu)");
    assert_eq!(
        got.strict_alt,
        opt("2026-04-28"),
        "2 months added to the un-rolled 28 Feb"
    );
    assert_eq!(got.overdue_from, d("2026-05-01"));

    let late = compute(&base.clone().with_extension(d("2026-03-03"), None)).expect("valid");
    assert_eq!(
        late.extension,
        ExtensionStatus::TooLate,
        "notice a day after the due date does not count"
    );
    assert_eq!(late.extended_due_date, None);
    assert_eq!(late.overdue_from, d("2026-03-03"), "overdue from the base date");

    let named = compute(&base.clone().with_extension(d("2026-02-10"), opt("2026-03-31"))).expect("valid");
    assert_eq!(
        named.extended_due_date,
        opt("2026-03-31"),
        "a company may promise less than the maximum"
    );
    let too_far = compute(&base.with_extension(d("2026-02-10"), opt("2026-06-30"))).expect("valid");
    assert_eq!(
        too_far.extended_due_date,
        opt("2026-04-30"),
        "never beyond three months"
    );
    assert!(
        too_far
            .notes
            .iter()
            .any(|n| n.text.contains("later than the law allows")),
        "the user is told why"
    );

    let end_of_year = compute(&DeadlineQuery::new(Gdpr, Access, d("2026-10-31")).with_extension(d("2026-11-02"), None))
        .expect("valid");
    assert_eq!(
        end_of_year.extended_due_date,
        opt("2027-02-01"),
        "31 Jan 2027 is a Sunday"
    );
}

#[test]
fn r2_uk_month() {
    run(&[
        Case {
            law: UkGdpr,
            kind: Access,
            received: "2026-01-31",
            country: Some("GB"),
            statutory: "2026-02-28",
            due: "2026-03-02",
            why: "as under the EU rule",
        },
        Case {
            law: UkGdpr,
            kind: Access,
            received: "2026-07-31",
            country: Some("GB"),
            statutory: "2026-08-31",
            due: "2026-09-01",
            why: "31 Aug 2026 is the summer bank holiday",
        },
        Case {
            law: UkGdpr,
            kind: Deletion,
            received: "2026-11-25",
            country: Some("GB"),
            statutory: "2026-12-25",
            due: "2026-12-29",
            why: "Christmas Fri; Boxing Day Sat is kept on Mon 28",
        },
        Case {
            law: UkGdpr,
            kind: Access,
            received: "2026-03-03",
            country: Some("GB"),
            statutory: "2026-04-03",
            due: "2026-04-07",
            why: "Good Friday 3 Apr, Easter Monday 6 Apr",
        },
        Case {
            law: UkGdpr,
            kind: Access,
            received: "2022-05-02",
            country: Some("GB"),
            statutory: "2022-06-02",
            due: "2022-06-06",
            why: "the 2022 spring bank holiday and Platinum Jubilee, 2-3 June",
        },
    ]);
    let mut q = DeadlineQuery::new(UkGdpr, Access, d("2026-01-31"));
    q.country = Some("GB".into());
    q.identity_received = Some(d("2026-02-10"));
    let got = compute(&q).expect("valid");
    assert_eq!(
        got.start_date,
        d("2026-02-10"),
        "the clock restarts when the ID arrives"
    );
    assert_eq!(got.due_date, d("2026-03-10"));
    q.fee_paid = Some(d("2026-02-12"));
    q.clarification_days = 5;
    let got = compute(&q).expect("valid");
    assert_eq!(
        got.statutory_date,
        opt("2026-03-17"),
        "latest of ID and fee (12 Feb) + 1 month + 5 paused days"
    );
    assert!(
        got.notes.iter().any(|n| n.text.contains("1 day earlier")),
        "the one-day-earlier reading is flagged"
    );
    let ext = compute(&q.clone().with_extension(d("2026-03-01"), None)).expect("valid");
    assert_eq!(
        ext.extended_due_date,
        opt("2026-05-18"),
        "12 May + 5 days = Sun 17 May, rolled to Monday"
    );
}

#[test]
fn r3_calendar_days() {
    run(&[
        Case {
            law: Ccpa,
            kind: Access,
            received: "2026-01-06",
            country: Some("US-CA"),
            statutory: "2026-02-20",
            due: "2026-02-20",
            why: "legal.md example 6: day after receipt is day 1",
        },
        Case {
            law: Ccpa,
            kind: Deletion,
            received: "2026-10-13",
            country: Some("US-CA"),
            statutory: "2026-11-27",
            due: "2026-11-30",
            why: "the day after Thanksgiving is a California holiday",
        },
        Case {
            law: Ccpa,
            kind: Deletion,
            received: "2026-10-13",
            country: Some("US"),
            statutory: "2026-11-27",
            due: "2026-11-27",
            why: "but not a federal one",
        },
        Case {
            law: Ccpa,
            kind: Correction,
            received: "2026-02-14",
            country: Some("US-CA"),
            statutory: "2026-03-31",
            due: "2026-04-01",
            why: "César Chávez Day 31 Mar",
        },
        Case {
            law: Ccpa,
            kind: Access,
            received: "2028-01-15",
            country: Some("US-CA"),
            statutory: "2028-02-29",
            due: "2028-02-29",
            why: "leap day, a Tuesday",
        },
        Case {
            law: Ccpa,
            kind: Access,
            received: "2026-05-20",
            country: Some("US-CA"),
            statutory: "2026-07-04",
            due: "2026-07-06",
            why: "4 July is a Saturday (observed Fri 3), then Sunday",
        },
        Case {
            law: Pipeda,
            kind: Access,
            received: "2026-06-01",
            country: Some("CA"),
            statutory: "2026-07-01",
            due: "2026-07-02",
            why: "Canada Day",
        },
        Case {
            law: Pipeda,
            kind: ThirdPartyRecords,
            received: "2026-08-31",
            country: Some("CA"),
            statutory: "2026-09-30",
            due: "2026-10-01",
            why: "National Day for Truth and Reconciliation",
        },
        Case {
            law: Lgpd,
            kind: Access,
            received: "2026-04-06",
            country: Some("BR"),
            statutory: "2026-04-21",
            due: "2026-04-22",
            why: "Tiradentes",
        },
        Case {
            law: Lgpd,
            kind: Access,
            received: "2026-11-05",
            country: Some("BR"),
            statutory: "2026-11-20",
            due: "2026-11-23",
            why: "Consciência Negra on a Friday, then the weekend",
        },
        Case {
            law: Fadp,
            kind: Access,
            received: "2026-07-02",
            country: Some("CH"),
            statutory: "2026-08-01",
            due: "2026-08-03",
            why: "1 August on a Saturday",
        },
        Case {
            law: Fadp,
            kind: Portability,
            received: "2026-04-15",
            country: Some("CH"),
            statutory: "2026-05-15",
            due: "2026-05-15",
            why: "Ascension is 14 May, the day before",
        },
        Case {
            law: Pipa,
            kind: Access,
            received: "2026-09-15",
            country: Some("KR"),
            statutory: "2026-09-25",
            due: "2026-09-28",
            why: "Chuseok 24-26 Sep, then Sunday",
        },
        Case {
            law: Pipa,
            kind: Deletion,
            received: "2026-09-15",
            country: None,
            statutory: "2026-09-25",
            due: "2026-09-25",
            why: "weekends only",
        },
        Case {
            law: Pipa,
            kind: Correction,
            received: "2026-02-06",
            country: Some("KR"),
            statutory: "2026-02-16",
            due: "2026-02-19",
            why: "Seollal 16-18 Feb",
        },
        Case {
            law: Pdpa,
            kind: Access,
            received: "2026-01-10",
            country: None,
            statutory: "2026-02-09",
            due: "2026-02-09",
            why: "30 days, a Monday",
        },
    ]);
    let ccpa = compute(&DeadlineQuery::new(Ccpa, Access, d("2026-01-06")).in_country("US-CA")).expect("valid");
    assert_eq!(
        ccpa.acknowledge_by,
        opt("2026-01-21"),
        "10 business days, MLK Day excluded"
    );
    assert_eq!(ccpa.strict_alt, opt("2026-02-19"), "receipt day counted as day 1");
    let weekends = compute(&DeadlineQuery::new(Ccpa, Access, d("2026-01-06"))).expect("valid");
    assert_eq!(weekends.acknowledge_by, opt("2026-01-20"), "weekends only");
}

#[test]
fn r3_extensions() {
    let q = DeadlineQuery::new(Ccpa, Access, d("2026-01-06")).in_country("US-CA");
    let ext = compute(&q.clone().with_extension(d("2026-02-20"), None)).expect("valid");
    assert_eq!(
        ext.extended_due_date,
        opt("2026-04-06"),
        "legal.md example 6: R + 90 days"
    );
    let named = compute(&q.clone().with_extension(d("2026-02-01"), opt("2026-03-20"))).expect("valid");
    assert_eq!(named.extended_due_date, opt("2026-03-20"));
    let late = compute(&q.with_extension(d("2026-02-21"), None)).expect("valid");
    assert_eq!(late.extension, ExtensionStatus::TooLate);
    assert_eq!(late.overdue_from, d("2026-02-21"));

    let pipeda = compute(
        &DeadlineQuery::new(Pipeda, Access, d("2026-06-01"))
            .in_country("CA")
            .with_extension(d("2026-06-20"), None),
    )
    .expect("valid");
    assert_eq!(
        pipeda.extended_due_date,
        opt("2026-07-31"),
        "PIPEDA: at most 30 more days"
    );

    let lgpd =
        compute(&DeadlineQuery::new(Lgpd, Access, d("2026-04-06")).with_extension(d("2026-04-10"), opt("2026-05-30")))
            .expect("valid");
    assert_eq!(lgpd.extension, ExtensionStatus::NotAllowed, "LGPD has no extension");
    assert_eq!(lgpd.extended_due_date, None);

    let fadp = compute(
        &DeadlineQuery::new(Fadp, Access, d("2026-07-02"))
            .in_country("CH")
            .with_extension(d("2026-07-20"), opt("2026-09-15")),
    )
    .expect("valid");
    assert_eq!(
        fadp.extended_due_date,
        opt("2026-09-15"),
        "FADP: the company says when it will answer"
    );
}

#[test]
fn r4_business_days() {
    let q = DeadlineQuery::new(Ccpa, OptOut, d("2026-01-06")).in_country("US-CA");
    let got = compute(&q).expect("valid");
    assert_eq!(got.rule, Rule::BusinessDays);
    assert_eq!(got.due_date, d("2026-01-28"), "15 business days, MLK Day not counted");
    assert_eq!(
        got.weekends_only_date,
        opt("2026-01-27"),
        "the weekends-only count is shown too"
    );
    let thanksgiving = compute(&DeadlineQuery::new(Ccpa, OptOut, d("2026-11-20")).in_country("US-CA")).expect("valid");
    assert_eq!(
        thanksgiving.due_date,
        d("2026-12-15"),
        "Thanksgiving and the day after are skipped"
    );
    let limit = compute(&DeadlineQuery::new(Ccpa, StopUse, d("2026-12-18")).in_country("US-CA")).expect("valid");
    assert_eq!(limit.due_date, d("2027-01-12"), "Christmas and New Year skipped");
    let ext = compute(&q.with_extension(d("2026-01-10"), opt("2026-02-20"))).expect("valid");
    assert_eq!(ext.extension, ExtensionStatus::NotAllowed, "no extension for opt-outs");
    assert_eq!(ext.effective_due_date(), d("2026-01-28"));
}

#[test]
fn r5_appi_two_weeks() {
    let cases = [
        (
            "2026-04-01",
            Some("JP"),
            "2026-04-15",
            "2026-04-16",
            "2026-04-16",
            "legal.md example 8",
        ),
        (
            "2026-04-20",
            Some("JP"),
            "2026-05-07",
            "2026-05-05",
            "2026-05-08",
            "Golden Week: 4, 5 and 6 May (substitute) are holidays",
        ),
        (
            "2026-04-20",
            None,
            "2026-05-04",
            "2026-05-05",
            "2026-05-05",
            "without a calendar 4 May is a Monday like any other",
        ),
        (
            "2026-12-20",
            Some("JP"),
            "2027-01-04",
            "2027-01-04",
            "2027-01-05",
            "3 Jan 2027 is a Sunday",
        ),
        (
            "2026-09-08",
            Some("JP"),
            "2026-09-24",
            "2026-09-23",
            "2026-09-25",
            "citizens' holiday 22 Sep and the equinox 23 Sep",
        ),
        (
            "2028-02-15",
            Some("JP"),
            "2028-02-29",
            "2028-03-01",
            "2028-03-01",
            "leap day",
        ),
        (
            "2026-01-29",
            Some("JP"),
            "2026-02-12",
            "2026-02-13",
            "2026-02-13",
            "11 Feb falls before the end",
        ),
    ];
    for (arrival, country, due, lawsuit, conservative, why) in cases {
        let mut q = DeadlineQuery::new(Appi, Access, d(arrival));
        q.country = country.map(str::to_owned);
        let got = compute(&q).expect("valid");
        assert_eq!(got.rule, Rule::AppiTwoWeeks);
        assert!(!got.statutory_day_count, "APPI has no day count");
        assert_eq!(
            got.statutory_date,
            Some(d(arrival) + Duration::days(14)),
            "the wait ends on A+14: {why}"
        );
        assert_eq!(got.due_date, d(due), "follow-up date, {arrival}: {why}");
        assert_eq!(
            got.earliest_lawsuit_date,
            opt(lawsuit),
            "Art. 39 strict, {arrival}: {why}"
        );
        assert_eq!(
            got.earliest_lawsuit_date_conservative,
            opt(conservative),
            "Art. 39 with Art. 142, {arrival}: {why}"
        );
        assert_eq!(got.extended_due_date, None);
    }
    let other = compute(&DeadlineQuery::new(Gdpr, Access, d("2026-04-01"))).expect("valid");
    assert_eq!(other.earliest_lawsuit_date, None, "only APPI has the Art. 39 date");
    let promised = compute(
        &DeadlineQuery::new(Appi, Correction, d("2026-04-01"))
            .in_country("JP")
            .with_extension(d("2026-04-10"), opt("2026-05-15")),
    )
    .expect("valid");
    assert_eq!(
        promised.extended_due_date,
        opt("2026-05-15"),
        "the company's promised date becomes the follow-up date"
    );
    assert_eq!(
        promised.earliest_lawsuit_date,
        opt("2026-04-16"),
        "but the Art. 39 date does not move"
    );
}

#[test]
fn r6_no_fixed_period() {
    run(&[
        Case {
            law: Generic,
            kind: Access,
            received: "2026-01-10",
            country: None,
            statutory: "-",
            due: "2026-02-09",
            why: "a reminder after 30 days",
        },
        Case {
            law: Lgpd,
            kind: Deletion,
            received: "2026-03-13",
            country: Some("BR"),
            statutory: "-",
            due: "2026-04-13",
            why: "12 Apr is a Sunday",
        },
        Case {
            law: Pdpa,
            kind: Correction,
            received: "2026-05-01",
            country: None,
            statutory: "-",
            due: "2026-06-01",
            why: "31 May is a Sunday",
        },
    ]);
    let got = compute(&DeadlineQuery::new(Generic, Access, d("2026-01-10"))).expect("valid");
    assert_eq!(got.confidence, Confidence::Low);
    assert!(got.notes.iter().any(|n| n.text.contains("no statutory day count")));
}

#[test]
fn calendar_outside_coverage_is_flagged() {
    let got = compute(&DeadlineQuery::new(Gdpr, Access, d("2035-12-20")).in_country("DE")).expect("valid");
    assert!(!got.holidays_applied, "2036 has no holiday data");
    assert!(
        got.notes.iter().any(|n| n.text.contains("holidays not applied")),
        "the user sees the flag"
    );
    let bad = compute(&DeadlineQuery::new(Gdpr, Access, d("2026-01-01")).in_country("ZZ"));
    assert!(
        bad.is_err(),
        "an unknown country is an error, not a silent weekends-only date"
    );
}

#[test]
fn add_months_clamps_to_month_end() {
    for (from, n, want) in [
        ("2026-01-31", 1, "2026-02-28"),
        ("2028-01-31", 1, "2028-02-29"),
        ("2026-08-31", 1, "2026-09-30"),
        ("2026-12-15", 1, "2027-01-15"),
        ("2026-11-30", 3, "2027-02-28"),
        ("2027-11-30", 3, "2028-02-29"),
    ] {
        assert_eq!(add_months(d(from), n), d(want), "{from} + {n} months");
    }
}
