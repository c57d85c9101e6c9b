//! The store on real database files.

use chrono::NaiveDate;
use pdesk_core::desk::{NewRequest, ProfileInput, ReminderKind, ServiceInput};
use pdesk_core::model::{Channel, EventKind, Language, Law, NewEvent, Outcome, RequestDetails, RequestKind};
use pdesk_core::store::{DB_FILE, SCHEMA_VERSION, Store};
use pdesk_core::{Desk, ErrorKind};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid test date")
}

/// Every row of every table, as text: what "the store as it was" means.
fn dump(dir: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(dir.join(DB_FILE)).expect("the file opens");
    let mut rows = Vec::new();
    for table in ["profiles", "services", "requests", "events"] {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY id"))
            .expect("table exists");
        let n = stmt.column_count();
        let mut q = stmt.query([]).expect("query runs");
        while let Some(r) = q.next().expect("row reads") {
            let cells: Vec<String> = (0..n).map(|i| format!("{:?}", r.get_ref(i).expect("cell"))).collect();
            rows.push(format!("{table}: {}", cells.join(" | ")));
        }
    }
    rows
}

fn desk_with_profile(dir: &std::path::Path, templates: Option<&std::path::Path>) -> Desk {
    let mut desk = Desk::open(dir, templates).expect("store opens");
    desk.set_profile(
        None,
        ProfileInput {
            full_name: Some("Hanako Yamada".into()),
            emails: Some(vec!["hanako@example.jp".into()]),
            ..ProfileInput::default()
        },
    )
    .expect("profile is valid");
    desk
}

/// The same request to `service_ids`, with everything else left to the services.
fn request(service_ids: Vec<i64>, kind: RequestKind, channel: Option<Channel>) -> NewRequest {
    NewRequest {
        service_ids,
        kind,
        law: None,
        language: None,
        channel,
        details: RequestDetails::default(),
        profile_id: None,
        reference: None,
    }
}

fn service(desk: &mut Desk, name: &str, law: Law, lang: Option<Language>) -> i64 {
    desk.add_service(ServiceInput {
        display_name: Some(name.into()),
        law: Some(law),
        language: lang,
        ..ServiceInput::default()
    })
    .expect("service is valid")
    .id
}

#[test]
fn a_new_file_is_migrated_from_empty_and_reopens() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let store = Store::open_in(dir.path()).expect("a new store opens");
        assert_eq!(
            store.schema_version().expect("version reads"),
            SCHEMA_VERSION,
            "migrated to the latest schema"
        );
    }
    assert!(
        dir.path().join(DB_FILE).is_file(),
        "the database is a real file in the data directory"
    );
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).expect("opens");
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("pragma");
    assert_eq!(mode, "wal", "the file is in WAL mode");
    drop(conn);
    let again = Store::open_in(dir.path()).expect("reopening an up-to-date store works");
    assert_eq!(again.schema_version().expect("version"), SCHEMA_VERSION);
}

#[test]
fn a_file_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    drop(Store::open_in(dir.path()).expect("opens"));
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).expect("opens");
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .expect("pragma");
    drop(conn);
    let err = Store::open_in(dir.path()).expect_err("a newer schema must not be written to");
    assert!(
        err.to_string().contains("newer Privacy Desk"),
        "the message says what to do: {err}"
    );
}

#[test]
fn a_file_that_is_not_a_database_gives_one_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join(DB_FILE),
        b"this is a shopping list, not SQLite".repeat(200),
    )
    .expect("write");
    let err = Store::open_in(dir.path()).expect_err("garbage is not a database");
    assert_eq!(err.kind(), ErrorKind::Storage);
    assert!(err.to_string().contains("not a Privacy Desk database"), "{err}");
}

#[test]
fn a_failed_batch_leaves_the_store_as_it_was() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut desk = desk_with_profile(dir.path(), None);
    let a = service(&mut desk, "Alpha", Law::Gdpr, None);
    let before = dump(dir.path());
    let err = desk
        .new_requests(&request(vec![a, 9999], RequestKind::Access, None), d("2026-11-23"))
        .expect_err("service 9999 does not exist");
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(
        dump(dir.path()),
        before,
        "no request for Alpha may be left behind by the failed batch"
    );
}

#[test]
fn a_broken_user_template_fails_the_whole_batch_and_names_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).expect("mkdir");
    std::fs::write(
        templates.join("access.appi.ja.txt"),
        "件名 {{ ref }}\n\n本文\n{% if %}\n",
    )
    .expect("write");
    let mut desk = desk_with_profile(dir.path(), Some(&templates));
    let en = service(&mut desk, "English first", Law::Gdpr, None);
    let ja = service(&mut desk, "Japanese second", Law::Appi, None);
    let before = dump(dir.path());
    let err = desk
        .new_requests(&request(vec![en, ja], RequestKind::Access, None), d("2026-11-23"))
        .expect_err("the Japanese override does not compile");
    assert_eq!(err.kind(), ErrorKind::Template);
    let msg = err.to_string();
    assert!(
        msg.contains("access.appi.ja.txt") && msg.contains("line 4"),
        "the error names the file and line: {msg}"
    );
    assert!(
        msg.contains(&templates.display().to_string()),
        "a user override is named by its full path: {msg}"
    );
    assert_eq!(
        dump(dir.path()),
        before,
        "the English letter rendered first must be rolled back too"
    );
}

#[test]
fn a_user_template_overrides_the_builtin() {
    let dir = tempfile::tempdir().expect("tempdir");
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).expect("mkdir");
    std::fs::write(
        templates.join("access.gdpr.en.txt"),
        "My own subject {{ ref }}\n\nDear {{ to.name }}, give me my data.\n",
    )
    .expect("write");
    let mut desk = desk_with_profile(dir.path(), Some(&templates));
    let s = service(&mut desk, "Beta GmbH", Law::Gdpr, None);
    let new = request(vec![s], RequestKind::Access, None);
    let r = desk.new_requests(&new, d("2026-11-23")).expect("renders").remove(0);
    assert_eq!(
        r.subject,
        format!("My own subject {}", r.reference),
        "the user's file wins over the built-in"
    );
    assert!(r.body.contains("Dear Beta GmbH"), "{}", r.body);
}

#[test]
fn events_are_append_only_and_status_is_derived() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut desk = desk_with_profile(dir.path(), None);
    let s = service(&mut desk, "Gamma", Law::Gdpr, None);
    let new = request(vec![s], RequestKind::Access, Some(Channel::Post));
    let id = desk.new_requests(&new, d("2026-01-20")).expect("created")[0].id;
    let v = desk.mark_sent(id, d("2026-01-31"), None).expect("sent");
    assert_eq!(
        v.deadline.as_ref().map(|x| x.due_date),
        Some(d("2026-03-02")),
        "GDPR month from 31 Jan"
    );
    let v = desk
        .record_event(
            id,
            EventKind::ExtensionNotified,
            d("2026-02-20"),
            NewEvent {
                text: Some("complex".into()),
                ..NewEvent::default()
            },
        )
        .expect("extension in time");
    assert_eq!(
        v.deadline.as_ref().and_then(|x| x.extended_due_date),
        Some(d("2026-04-30")),
        "the due date moves at once"
    );
    let v = desk
        .record_event(
            id,
            EventKind::ReplyReceived,
            d("2026-04-01"),
            NewEvent {
                outcome: Some(Outcome::Partial),
                ..NewEvent::default()
            },
        )
        .expect("reply");
    assert_eq!(v.status, pdesk_core::model::Status::Partial);

    let before = dump(dir.path());
    let bad = desk.record_event(id, EventKind::Delivered, d("2025-12-01"), NewEvent::default());
    assert!(bad.is_err(), "a delivery before sending is a wrong date");
    let dup = desk.mark_sent(id, d("2026-02-01"), None).expect_err("sent twice");
    assert_eq!(dup.kind(), ErrorKind::Conflict);
    assert_eq!(dump(dir.path()), before, "refused events write nothing");

    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).expect("opens");
    assert!(
        conn.execute("UPDATE events SET on_date = '2020-01-01'", []).is_err(),
        "the timeline cannot be rewritten"
    );
    assert!(
        conn.execute("DELETE FROM events", []).is_err(),
        "the timeline cannot be erased"
    );
}

#[test]
fn reference_codes_are_unique_and_well_formed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut desk = desk_with_profile(dir.path(), None);
    let ids: Vec<i64> = (0..20)
        .map(|i| service(&mut desk, &format!("S{i}"), Law::Generic, None))
        .collect();
    let mut refs = std::collections::HashSet::new();
    for _ in 0..10 {
        let new = request(ids.clone(), RequestKind::Deletion, Some(Channel::Post));
        for r in desk.new_requests(&new, d("2026-11-23")).expect("created") {
            let code = r.reference.clone();
            assert!(
                code.len() == 12 && code.starts_with("PD-2026-"),
                "reference {code} has the form PD-YYYY-XXXX"
            );
            assert!(
                r.subject.contains(&code),
                "every subject carries its reference: {}",
                r.subject
            );
            assert!(refs.insert(code), "references never repeat");
        }
    }
    assert_eq!(refs.len(), 200);
}

#[test]
fn a_version_1_file_is_migrated_and_its_summaries_rebuilt() {
    let dir = tempfile::tempdir().expect("tempdir");
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).expect("opens");
    conn.execute_batch(include_str!("../../crates/core/migrations/0001_init.sql"))
        .expect("version 1 schema");
    conn.execute_batch(
        "PRAGMA user_version = 1;
         INSERT INTO profiles (full_name) VALUES ('Old User');
         INSERT INTO services (display_name, law, language) VALUES ('Old Service', 'gdpr', 'en');
         INSERT INTO requests (reference, profile_id, service_id, kind, law, language, channel, subject, body, created_on)
              VALUES ('PD-2025-AAAA', 1, 1, 'access', 'gdpr', 'en', 'email', 'S', 'B', '2026-01-20');
         INSERT INTO events (request_id, kind, on_date) VALUES (1, 'created', '2026-01-20');
         INSERT INTO events (request_id, kind, on_date, channel) VALUES (1, 'sent', '2026-01-31', 'email');",
    )
    .expect("version 1 data");
    drop(conn);
    let desk = Desk::open(dir.path(), None).expect("a version 1 file opens");
    assert_eq!(
        desk.store().schema_version().expect("version"),
        SCHEMA_VERSION,
        "migrated to the latest schema"
    );
    let rows = desk.requests(None).expect("list");
    assert_eq!(rows.len(), 1, "the old request survives the migration");
    assert_eq!(
        rows[0].status,
        pdesk_core::model::Status::Sent,
        "its status is rebuilt from the timeline"
    );
    assert_eq!(rows[0].due_date, Some(d("2026-03-02")), "and so is its due date");
    let today = desk.today(d("2026-03-10"), 7, 10).expect("today");
    assert_eq!(
        today.now.iter().map(|i| i.row.id).collect::<Vec<_>>(),
        vec![rows[0].id],
        "and the day its next step falls due, so the start screen lists it once overdue"
    );
}

#[test]
fn a_version_8_file_gets_the_answers_to_its_follow_up_letters_on_their_originals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).expect("opens");
    for sql in [
        include_str!("../../crates/core/migrations/0001_init.sql"),
        include_str!("../../crates/core/migrations/0002_request_summary.sql"),
        include_str!("../../crates/core/migrations/0003_settings.sql"),
        include_str!("../../crates/core/migrations/0004_mail.sql"),
        include_str!("../../crates/core/migrations/0005_policy.sql"),
        include_str!("../../crates/core/migrations/0006_directory.sql"),
        include_str!("../../crates/core/migrations/0007_followups.sql"),
        include_str!("../../crates/core/migrations/0008_next_on_country.sql"),
    ] {
        conn.execute_batch(sql).expect("an old schema");
    }
    // Two GDPR requests, each with a reminder that the company answered in part; the second
    // original was closed before.
    conn.execute_batch(
        "PRAGMA user_version = 8;
         INSERT INTO profiles (full_name) VALUES ('Old User');
         INSERT INTO services (display_name, law, language) VALUES ('Old Service', 'gdpr', 'en');
         INSERT INTO requests (reference, profile_id, service_id, kind, law, language, channel, subject, body, created_on)
              VALUES ('PD-2026-AAAA', 1, 1, 'access', 'gdpr', 'en', 'email', 'S', 'B', '2026-01-05'),
                     ('PD-2026-BBBB', 1, 1, 'access', 'gdpr', 'en', 'email', 'S', 'B', '2026-01-05');
         INSERT INTO requests (reference, profile_id, service_id, kind, law, language, channel, subject, body, created_on, parent_id, followup)
              VALUES ('PD-2026-CCCC', 1, 1, 'access', 'gdpr', 'en', 'email', 'S', 'B', '2026-02-10', 1, 'reminder'),
                     ('PD-2026-DDDD', 1, 1, 'access', 'gdpr', 'en', 'email', 'S', 'B', '2026-02-10', 2, 'reminder');
         INSERT INTO events (request_id, kind, on_date) VALUES (1, 'created', '2026-01-05'), (2, 'created', '2026-01-05');
         INSERT INTO events (request_id, kind, on_date, channel) VALUES (1, 'sent', '2026-01-05', 'email'), (2, 'sent', '2026-01-05', 'email');
         INSERT INTO events (request_id, kind, on_date) VALUES (3, 'created', '2026-02-10'), (4, 'created', '2026-02-10');
         INSERT INTO events (request_id, kind, on_date, channel) VALUES (3, 'sent', '2026-02-10', 'email'), (4, 'sent', '2026-02-10', 'email');
         INSERT INTO events (request_id, kind, on_date, channel, text)
              VALUES (1, 'followup-sent', '2026-02-10', 'email', 'follow-up letter PD-2026-CCCC'),
                     (2, 'followup-sent', '2026-02-10', 'email', 'follow-up letter PD-2026-DDDD');
         INSERT INTO events (request_id, kind, on_date) VALUES (2, 'closed', '2026-02-12');
         INSERT INTO events (request_id, kind, on_date, outcome) VALUES (3, 'reply-received', '2026-02-18', 'partial'),
                                                                        (4, 'reply-received', '2026-02-18', 'partial');",
    )
    .expect("version 8 data");
    drop(conn);
    let desk = Desk::open(dir.path(), None).expect("a version 8 file opens");
    let open = desk.request_view(1).expect("view");
    assert_eq!(
        open.status,
        pdesk_core::model::Status::Partial,
        "the answer to the reminder is the original's answer now"
    );
    let closed = desk.request_view(2).expect("view");
    assert_eq!(
        (closed.status, closed.events.len()),
        (pdesk_core::model::Status::Closed, 4),
        "a closed original takes nothing more"
    );
    let steps: Vec<(i64, pdesk_core::next::Step)> = desk
        .next_steps(d("2026-03-10"))
        .expect("steps")
        .iter()
        .map(|i| (i.row.id, i.next.step))
        .collect();
    assert_eq!(
        steps,
        vec![(1, pdesk_core::next::Step::SendFollowup)],
        "one step: the follow-up about what is missing, on the original; not a complaint"
    );
    let today = desk.today(d("2026-03-10"), 7, 10).expect("today");
    assert_eq!(
        today.now.iter().map(|i| i.row.id).collect::<Vec<_>>(),
        vec![1],
        "the rebuilt summaries agree"
    );
}

#[test]
fn the_start_screen_lists_replies_to_check_refusals_and_answers_to_close_whatever_the_due_date() {
    use pdesk_core::next::Step;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut desk = desk_with_profile(dir.path(), None);
    let ids: Vec<i64> = (0..4)
        .map(|i| service(&mut desk, &format!("S{i}"), Law::Gdpr, None))
        .collect();
    let created = desk
        .new_requests(&request(ids, RequestKind::Access, Some(Channel::Post)), d("2026-01-02"))
        .expect("created");
    for r in &created {
        desk.mark_sent(r.id, d("2026-01-05"), None).expect("sent");
    }
    // Due 5 Feb; on 15 Jan three companies have answered in some way, one has not.
    let reply = |outcome| NewEvent {
        outcome,
        ..NewEvent::default()
    };
    // A reply imported from mail has no outcome until the user reads it.
    let reference = desk.request_view(created[0].id).expect("view").request.reference;
    let mail = pdesk_core::mail::Incoming {
        subject: format!("Re: your request {reference}"),
        from: Some("privacy@s0.example".into()),
        text: "We are looking into it.".into(),
        date: chrono::DateTime::parse_from_rfc3339("2026-01-12T10:00:00+09:00").ok(),
        ..pdesk_core::mail::Incoming::default()
    };
    let at = chrono::DateTime::parse_from_rfc3339("2026-01-12T12:00:00+09:00").expect("time");
    desk.import_reply(b"Subject: Re\r\n\r\nWe are looking into it.\r\n", &mail, None, at)
        .expect("reply without outcome");
    desk.record_event(
        created[1].id,
        EventKind::ReplyReceived,
        d("2026-01-13"),
        reply(Some(pdesk_core::model::Outcome::Refused)),
    )
    .expect("refusal");
    desk.record_event(
        created[2].id,
        EventKind::ReplyReceived,
        d("2026-01-14"),
        reply(Some(pdesk_core::model::Outcome::Complete)),
    )
    .expect("answer");
    let view = desk.today(d("2026-01-15"), 7, 10).expect("today");
    let steps: Vec<(i64, Step)> = view.now.iter().map(|i| (i.row.id, i.next.step)).collect();
    assert_eq!(
        steps,
        vec![
            (created[0].id, Step::CheckReply),
            (created[1].id, Step::SendFollowup),
            (created[2].id, Step::Close),
        ],
        "three weeks before the due date, the replies are the user's turn, oldest first"
    );
    assert_eq!(view.soon_total, 0, "the unanswered one is not due within 7 days");
}

#[test]
fn a_reminder_names_the_overdue_before_those_due_soon_and_ignores_closed_requests() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut desk = desk_with_profile(dir.path(), None);
    let ids: Vec<i64> = (0..3)
        .map(|i| service(&mut desk, &format!("S{i}"), Law::Gdpr, None))
        .collect();
    let created = desk
        .new_requests(&request(ids, RequestKind::Access, Some(Channel::Post)), d("2026-01-02"))
        .expect("created");
    // GDPR: one month. Sent 5 Jan -> due 5 Feb; sent 10 Jan -> due 10 Feb; 3rd stays a draft.
    desk.mark_sent(created[0].id, d("2026-01-05"), None).expect("sent");
    desk.mark_sent(created[1].id, d("2026-01-10"), None).expect("sent");
    assert!(
        desk.reminder(d("2026-01-20"), 3).expect("reminder").is_none(),
        "nothing is due within 3 days of 20 Jan"
    );
    let soon = desk.reminder(d("2026-02-05"), 3).expect("reminder").expect("one due");
    assert_eq!(soon.kind, ReminderKind::Soon, "due today is not overdue yet");
    assert_eq!(soon.count, 1, "5 Feb falls within 5-8 Feb, 10 Feb does not: {soon:?}");
    let late = desk.reminder(d("2026-02-06"), 7).expect("reminder").expect("overdue");
    assert_eq!(late.kind, ReminderKind::Now, "overdue requests come first");
    assert_eq!(
        late.first.next.step,
        pdesk_core::next::Step::SendReminder,
        "and the notification says to send the reminder letter"
    );
    assert_eq!(
        (late.count, late.first.row.id),
        (1, created[0].id),
        "only the 5 Feb one is past"
    );
    desk.record_event(created[0].id, EventKind::Closed, d("2026-02-06"), NewEvent::default())
        .expect("closed");
    let after = desk
        .reminder(d("2026-02-06"), 7)
        .expect("reminder")
        .expect("still one due");
    assert_eq!(
        after.kind,
        ReminderKind::Soon,
        "a closed request no longer reminds: {after:?}"
    );
    assert_eq!(after.first.row.id, created[1].id);
}

#[test]
fn the_start_screen_lists_the_most_urgent_and_counts_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut desk = desk_with_profile(dir.path(), None);
    let ids: Vec<i64> = (0..4)
        .map(|i| service(&mut desk, &format!("S{i}"), Law::Gdpr, None))
        .collect();
    let new = request(ids, RequestKind::Access, Some(Channel::Post));
    let created = desk.new_requests(&new, d("2026-01-02")).expect("created");
    for (r, sent) in created.iter().zip(["2026-01-05", "2026-01-10", "2026-01-20"]) {
        desk.mark_sent(r.id, d(sent), None).expect("sent");
    }
    let view = desk.today(d("2026-02-12"), 10, 2).expect("today");
    assert_eq!(
        view.now_total, 2,
        "sent 5 and 10 Jan: due 5 and 10 Feb, both past on 12 Feb, so both need a reminder"
    );
    assert!(
        view.now
            .iter()
            .all(|i| i.overdue && i.next.step == pdesk_core::next::Step::SendReminder),
        "each says to send the reminder: {:?}",
        view.now
    );
    assert_eq!(view.soon_total, 1, "sent 20 Jan: due 20 Feb, within 10 days of 12 Feb");
    assert_eq!(view.soon[0].days_left, Some(8), "20 Feb is 8 days after 12 Feb");
    assert_eq!(view.drafts_total, 1, "one request was never sent");
    let view = desk.today(d("2026-02-25"), 7, 1).expect("today");
    assert_eq!(view.now.len(), 1, "only the most urgent is listed");
    assert_eq!(view.now_total, 3, "but all three overdue ones are counted");
    assert_eq!(view.now[0].row.due_date, Some(d("2026-02-05")), "most overdue first");
    assert_eq!(
        view.counts
            .iter()
            .find(|c| c.status == pdesk_core::model::Status::Sent)
            .map(|c| c.count),
        Some(3)
    );
}
