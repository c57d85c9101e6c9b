//! `cargo bench -p pdesk-core`: letters, deadlines and list queries on a real database file.
//! The figures and what they mean go in docs/benchmarks.md.

use std::sync::OnceLock;

use chrono::{Duration, NaiveDate};
use divan::Bencher;
use pdesk_core::Desk;
use pdesk_core::deadline::{DeadlineQuery, compute};
use pdesk_core::letters::{LetterInput, Templates};
use pdesk_core::model::{
    Channel, DataCategory, EventKind, Language, Law, NewEvent, Profile, Request, RequestDetails, RequestKind, Service,
    Status,
};
use pdesk_core::store::{RequestSummary, ServiceFilter, Store};

fn main() {
    divan::main();
}

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).expect("valid") + Duration::days(n)
}

fn profile() -> Profile {
    Profile {
        id: 1,
        full_name: "山田 花子".into(),
        alt_name: Some("ヤマダ ハナコ".into()),
        emails: vec!["hanako@example.jp".into()],
        postal_address: Some("〒150-0001 東京都渋谷区神宮前1-2-3".into()),
        phone: None,
        birth_date: None,
        country: Some("JP".into()),
    }
}

fn service(i: usize) -> Service {
    let mut s = Service::new(
        format!("Service {i}"),
        if i.is_multiple_of(2) { Law::Appi } else { Law::Gdpr },
    );
    s.legal_name = Some(format!("Company {i} Ltd."));
    s.emails = vec![format!("privacy@company{i}.example")];
    s.data_categories = vec![DataCategory::Name, DataCategory::Email, DataCategory::UsageHistory];
    s.account_ids = vec![format!("user{i}")];
    s
}

/// 1,000 letters: APPI Japanese and GDPR English, four kinds.
#[divan::bench(sample_count = 20)]
fn render_1000_letters(b: Bencher) {
    let templates = Templates::default();
    let p = profile();
    let services: Vec<Service> = (0..1000).map(service).collect();
    let details = RequestDetails::default();
    let kinds = [
        RequestKind::Access,
        RequestKind::Correction,
        RequestKind::Deletion,
        RequestKind::StopUse,
    ];
    b.counter(divan::counter::ItemsCount::new(1000usize)).bench(|| {
        for (i, s) in services.iter().enumerate() {
            let letter = templates
                .render(&LetterInput {
                    profile: &p,
                    service: s,
                    kind: kinds[i % 4],
                    law: s.law,
                    language: s.law.default_language(),
                    channel: Channel::Email,
                    details: &details,
                    reference: "PD-2026-7K3Q",
                    date: day(0),
                    followup: None,
                })
                .expect("renders");
            divan::black_box(letter);
        }
    });
}

/// 100,000 deadlines over every law, with holidays.
#[divan::bench(sample_count = 20)]
fn compute_100k_deadlines(b: Bencher) {
    let laws = [
        (Law::Appi, Some("JP")),
        (Law::Gdpr, Some("DE")),
        (Law::UkGdpr, Some("GB")),
        (Law::Ccpa, Some("US-CA")),
        (Law::Pipeda, Some("CA")),
        (Law::Pipa, Some("KR")),
        (Law::Generic, None),
    ];
    let queries: Vec<DeadlineQuery> = (0..100_000)
        .map(|i| {
            let (law, country) = laws[i % laws.len()];
            let mut q = DeadlineQuery::new(law, RequestKind::ALL[i % 8], day((i % 3000) as i64));
            q.country = country.map(str::to_owned);
            q
        })
        .collect();
    b.counter(divan::counter::ItemsCount::new(queries.len())).bench(|| {
        for q in &queries {
            divan::black_box(compute(q).expect("valid"));
        }
    });
}

/// A database file with 10,000 services, 10,000 requests and 100,000 events.
fn big_store() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open_in(dir.path()).expect("store");
        store
            .transaction(|tx| {
                Store::insert_profile(tx, &profile())?;
                for i in 0..10_000 {
                    let sid = Store::insert_service(tx, &service(i))?;
                    let r = Request {
                        id: 0,
                        reference: format!("PD-2026-{i:05}"),
                        profile_id: 1,
                        service_id: sid,
                        kind: RequestKind::Access,
                        law: Law::Gdpr,
                        language: Language::En,
                        channel: Channel::Email,
                        details: RequestDetails::default(),
                        subject: format!("Subject access request (ref. PD-2026-{i:05})"),
                        body: "Body of the letter.\n".repeat(40),
                        created_on: day(0),
                        parent_id: None,
                        followup: None,
                    };
                    let rid = Store::insert_request(tx, &r)?;
                    let kinds = [
                        EventKind::Created,
                        EventKind::Sent,
                        EventKind::Delivered,
                        EventKind::Acknowledged,
                        EventKind::Note,
                        EventKind::Note,
                        EventKind::Note,
                        EventKind::Note,
                        EventKind::Note,
                        EventKind::Note,
                    ];
                    for (k, kind) in kinds.iter().enumerate() {
                        let e = NewEvent {
                            text: Some(format!("event {k}")),
                            channel: Some(Channel::Email),
                            ..NewEvent::default()
                        };
                        Store::insert_event(tx, rid, *kind, day((i % 300) as i64 + k as i64), &e)?;
                    }
                    let statuses = [
                        Status::Sent,
                        Status::Acknowledged,
                        Status::Partial,
                        Status::Answered,
                        Status::Extended,
                    ];
                    let summary = RequestSummary {
                        status: statuses[i % statuses.len()],
                        sent_on: Some(day((i % 300) as i64)),
                        due_on: Some(day((i % 300) as i64 + 30)),
                        lawsuit_on: None,
                        next_on: Some(day((i % 300) as i64 + 31)),
                    };
                    Store::set_summary(tx, rid, &summary)?;
                }
                Ok(())
            })
            .expect("fixture written");
        dir
    })
    .path()
}

/// Search 10,000 services by text (what the service list's search box does).
#[divan::bench(sample_count = 50)]
fn filter_10k_services(b: Bencher) {
    let store = Store::open_in(big_store()).expect("store");
    let filter = ServiceFilter {
        text: Some("company42".into()),
        law: Some(Law::Gdpr),
        limit: None,
    };
    b.bench_local(|| divan::black_box(store.services(&filter).expect("query")));
}

/// The first page (100) of the service list, by name.
#[divan::bench(sample_count = 50)]
fn list_10k_services_first_page(b: Bencher) {
    let store = Store::open_in(big_store()).expect("store");
    let filter = ServiceFilter {
        limit: Some(100),
        ..ServiceFilter::default()
    };
    b.bench_local(|| divan::black_box(store.services(&filter).expect("query")));
}

/// One request's timeline out of 100,000 events.
#[divan::bench(sample_count = 50)]
fn timeline_of_one_request(b: Bencher) {
    let store = Store::open_in(big_store()).expect("store");
    b.bench_local(|| divan::black_box(store.events(5_000).expect("query")));
}

/// The request list filtered by status: 2,000 of 10,000 requests (100,000 events in the file).
#[divan::bench(sample_count = 50)]
fn request_list_filtered_by_status(b: Bencher) {
    let desk = Desk::open(big_store(), None).expect("desk");
    b.bench_local(|| divan::black_box(desk.requests(Some(Status::Partial)).expect("query")));
}

/// The whole request list: 10,000 rows.
#[divan::bench(sample_count = 20)]
fn request_list_all_10k(b: Bencher) {
    let desk = Desk::open(big_store(), None).expect("desk");
    b.bench_local(|| divan::black_box(desk.requests(None).expect("query")));
}

/// What is due within a week of one day, with next actions.
#[divan::bench(sample_count = 20)]
fn due_within_a_week(b: Bencher) {
    let desk = Desk::open(big_store(), None).expect("desk");
    b.bench_local(|| divan::black_box(desk.due(day(40), 7).expect("query")));
}

/// The start screen: the first 50 steps due now and within a week (each with its timeline read),
/// totals, drafts, counts.
#[divan::bench(sample_count = 20)]
fn start_screen(b: Bencher) {
    let desk = Desk::open(big_store(), None).expect("desk");
    b.bench_local(|| divan::black_box(desk.today(day(40), 7, 50).expect("query")));
}

/// 100 KB of policy text: the five seed policies repeated (English, with their tricky parts).
fn policy_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/seeds");
        let mut seeds = String::new();
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .expect("seeds")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        for p in paths {
            seeds.push_str(&std::fs::read_to_string(p).expect("seed"));
            seeds.push('\n');
        }
        let mut text = String::new();
        while text.len() < 100 * 1024 {
            text.push_str(&seeds);
        }
        text.truncate(100 * 1024);
        while !text.is_char_boundary(text.len()) {
            text.pop();
        }
        text
    })
}

/// Analysing a 100 KB plain-text policy (goal: under 5 ms).
#[divan::bench(sample_count = 50)]
fn policy_analyze_100kb_text(b: Bencher) {
    let text = policy_text();
    b.bench_local(|| divan::black_box(pdesk_core::policy::analyze(text)));
}

/// The same policy as about 100 KB of HTML (paragraphs, a script, entities).
#[divan::bench(sample_count = 50)]
fn policy_analyze_100kb_html(b: Bencher) {
    static HTML: OnceLock<String> = OnceLock::new();
    let html = HTML.get_or_init(|| {
        let mut h = String::from("<!doctype html><html><head><script>var a = '<p>x</p>';</script></head><body>");
        for line in policy_text().lines() {
            if h.len() >= 100 * 1024 {
                break;
            }
            h.push_str("<p>");
            h.push_str(&line.replace('&', "&amp;").replace('<', "&lt;"));
            h.push_str("</p>\n");
        }
        h.push_str("</body></html>");
        h
    });
    b.bench_local(|| divan::black_box(pdesk_core::policy::analyze(html)));
}

fn directory_records(n: usize) -> String {
    let records: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "slug": format!("company-{i:05}"), "name": format!("Company {i:05} Holdings Ltd."),
                "runs": [format!("Brand{i}"), format!("Shop {i}")], "relevant-countries": ["de", "at"],
                "address": "Street 1\n10115 Berlin\nGermany", "web": format!("https://www.company{i}.example"),
                "email": format!("privacy@company{i}.example"), "sources": ["https://example.org"], "quality": "imported",
                "required-elements": [{"desc": "Customer number", "type": "input"}], "comments": ["A comment."]
            })
        })
        .collect();
    serde_json::Value::Array(records).to_string()
}

/// Importing 5,000 directory records into a fresh store (goal: under 500 ms).
#[divan::bench(sample_count = 10)]
fn directory_import_5000(b: Bencher) {
    let json = directory_records(5000);
    b.with_inputs(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let desk = Desk::open(dir.path(), None).expect("desk");
        (dir, desk)
    })
    .bench_local_values(|(dir, mut desk)| {
        divan::black_box(desk.import_directory(&json).expect("import"));
        drop(dir);
    });
}

/// A search over 5,000 records, misspelt (goal: under 5 ms).
#[divan::bench(sample_count = 50)]
fn directory_search_in_5000(b: Bencher) {
    static DESK: OnceLock<(tempfile::TempDir, std::sync::Mutex<Desk>)> = OnceLock::new();
    let (_, desk) = DESK.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut desk = Desk::open(dir.path(), None).expect("desk");
        desk.import_directory(&directory_records(5000)).expect("import");
        (dir, std::sync::Mutex::new(desk))
    });
    let desk = desk.lock().expect("desk");
    b.bench_local(|| divan::black_box(desk.directory_search("compny 0432 holdngs").expect("search")));
}

/// A short misspelt brand name over 5,000 records (the usual search: a few letters typed).
#[divan::bench(sample_count = 50)]
fn directory_search_short_in_5000(b: Bencher) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut desk = Desk::open(dir.path(), None).expect("desk");
    desk.import_directory(&directory_records(5000)).expect("import");
    b.bench_local(|| divan::black_box(desk.directory_search("brnd4321").expect("search")));
}
