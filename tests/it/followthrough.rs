//! Following a request through: `pdesk next` and `pdesk calendar export`, the calendar read back
//! by Python's `icalendar` (Debian's python3-icalendar, which the test command installs).

use pdesk_tests::Sandbox;

/// The events of an .ics file as Python's icalendar reads them: uid, summary, start, sequence,
/// alarm trigger.
fn parse_ics(path: &std::path::Path) -> Option<serde_json::Value> {
    let script = r#"
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = []
for e in cal.walk('VEVENT'):
    alarms = [str(a.get('TRIGGER').dt) for a in e.walk('VALARM')]
    out.append({'uid': str(e.get('UID')), 'summary': str(e.get('SUMMARY')), 'start': e.get('DTSTART').dt.isoformat(),
                'sequence': int(e.get('SEQUENCE')), 'alarms': alarms})
print(json.dumps(out))
"#;
    let r = std::process::Command::new("/usr/bin/python3")
        .arg("-c")
        .arg(script)
        .arg(path)
        .output()
        .ok()?;
    if !r.status.success() {
        let err = String::from_utf8_lossy(&r.stderr).into_owned();
        assert!(
            !err.contains("No module named 'icalendar'") || std::env::var("CI").as_deref() != Ok("true"),
            "python3-icalendar is missing; `cargo xtask test` installs it"
        );
        if err.contains("No module named 'icalendar'") {
            return None;
        }
        panic!("icalendar could not read the file: {err}");
    }
    Some(serde_json::from_slice(&r.stdout).expect("JSON from the parser"))
}

fn setup() -> Sandbox {
    let desk = Sandbox::new();
    desk.ok(&[
        "profile",
        "set",
        "--name",
        "Hanako Yamada",
        "--email",
        "hanako@example.jp",
    ]);
    desk.ok(&[
        "service",
        "add",
        "--name",
        "Jsers",
        "--legal-name",
        "Jsers, llc.",
        "--law",
        "appi",
        "--email",
        "privacy@jsers.example",
    ]);
    desk.ok(&[
        "service",
        "add",
        "--name",
        "Shop, Inc.",
        "--law",
        "gdpr",
        "--email",
        "dpo@shop.example",
    ]);
    desk.ok(&["request", "new", "--service", "1", "--kind", "access"]);
    desk.ok(&["request", "new", "--service", "2", "--kind", "deletion"]);
    desk.ok(&["request", "new", "--service", "2", "--kind", "access"]);
    desk.ok(&["request", "sent", "1", "--on", "2026-04-20", "--via", "post"]);
    desk.ok(&["request", "sent", "2", "--on", "2026-04-01", "--via", "email"]);
    desk
}

#[test]
fn next_lists_what_to_do_most_urgent_first() {
    let desk = setup();
    let steps = desk.ok(&["--json", "next", "--as-of", "2026-05-06"]).json();
    let list = steps.as_array().expect("list");
    let by_id = |id: i64| {
        list.iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("request {id} in {steps}"))
    };
    assert_eq!(by_id(3)["next"]["step"], "send", "the draft");
    let appi = &by_id(1)["next"];
    assert_eq!(appi["step"], "send-reminder", "{appi}");
    assert_eq!(appi["lawsuit_possible_from"], "2026-05-05");
    assert_eq!(appi["regulator"], "ppc");
    assert_eq!(
        by_id(2)["next"]["step"],
        "send-reminder",
        "GDPR: due 1 May, nothing came"
    );
    assert!(
        list.iter().take_while(|s| s["next"]["due_now"] == true).count() == 3,
        "all three are due now: {steps}"
    );
    let text = desk.ok(&["next", "--as-of", "2026-05-06"]).stdout;
    assert!(
        text.contains("APPI Art. 39: a lawsuit is possible from 2026-05-05; consult the regulator (ppc)"),
        "{text}"
    );
    assert!(
        text.contains("pdesk request followup 1 --type reminder") && text.contains("pdesk request send 3"),
        "each step due now comes with the command that takes it: {text}"
    );
    // After the reminder, two weeks to answer, then the regulator.
    desk.ok(&[
        "request",
        "event",
        "2",
        "--type",
        "followup-sent",
        "--on",
        "2026-05-06",
        "--via",
        "email",
    ]);
    let later = desk.ok(&["--json", "next", "--as-of", "2026-05-21"]).json();
    let two = later
        .as_array()
        .and_then(|l| l.iter().find(|s| s["id"] == 2))
        .expect("request 2");
    assert_eq!(two["next"]["step"], "file-complaint", "{two}");
    assert!(
        desk.run(&["next", "--as-of", "2026-13-01"])
            .stderr
            .contains("not a date")
    );
}

#[test]
fn the_calendar_parses_and_keeps_its_uids_when_a_deadline_moves() {
    let desk = setup();
    let dir = tempfile::tempdir().expect("tempdir");
    let first = dir.path().join("first.ics");
    let r = desk.ok(&[
        "calendar",
        "export",
        "--out",
        first.to_str().unwrap_or_default(),
        "--as-of",
        "2026-04-21",
        "--remind",
        "2",
    ]);
    assert!(r.stdout.contains("events"), "{}", r.stdout);
    let Some(events) = parse_ics(&first) else { return };
    let uids: Vec<String> = events
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["uid"].as_str().unwrap_or_default().to_owned())
        .collect();
    let ref2 = desk.ok(&["--json", "request", "show", "2"]).json()["request"]["reference"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let due2 = events
        .as_array()
        .and_then(|l| l.iter().find(|e| e["uid"] == format!("{ref2}-due@privacy-desk")))
        .expect("request 2's due date");
    assert_eq!(due2["start"], "2026-05-01", "GDPR: one month from 1 April");
    assert_eq!(
        due2["alarms"],
        serde_json::json!(["-2 days, 0:00:00"]),
        "a reminder two days before"
    );
    assert!(
        uids.iter().any(|u| u.ends_with("-art39@privacy-desk")),
        "the APPI Art. 39 date: {uids:?}"
    );
    assert!(
        !uids.iter().any(|u| u.contains(
            &desk.ok(&["--json", "request", "show", "3"]).json()["request"]["reference"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        )),
        "drafts have no deadline yet"
    );

    // The company extends request 2 in time: the same event moves.
    desk.ok(&[
        "request",
        "event",
        "2",
        "--type",
        "extension-notified",
        "--on",
        "2026-04-20",
        "--new-date",
        "2026-06-30",
        "--text",
        "complex request",
    ]);
    let second = dir.path().join("second.ics");
    desk.ok(&[
        "calendar",
        "export",
        "--out",
        second.to_str().unwrap_or_default(),
        "--as-of",
        "2026-04-21",
        "--remind",
        "2",
    ]);
    let again = parse_ics(&second).expect("parsed");
    let uids2: Vec<String> = again
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["uid"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(uids, uids2, "the same UIDs, so a calendar updates its events");
    let moved = again
        .as_array()
        .and_then(|l| l.iter().find(|e| e["uid"] == format!("{ref2}-due@privacy-desk")))
        .expect("due");
    assert_eq!(moved["start"], "2026-06-30");
    assert!(
        moved["sequence"].as_i64() > due2["sequence"].as_i64(),
        "a higher SEQUENCE marks the update"
    );
    let raw = std::fs::read_to_string(&second).expect("ics");
    assert!(raw.lines().all(|l| l.len() <= 76), "lines folded at 75 octets");
    assert!(raw.contains("\r\n"), "CRLF line ends");

    // A complaint about request 1 filed on 1 June: the day to ask the regulator where it stands,
    // three months on, is in the calendar.
    desk.ok(&[
        "request",
        "event",
        "1",
        "--type",
        "complaint-filed",
        "--on",
        "2026-06-01",
    ]);
    let third = dir.path().join("third.ics");
    desk.ok(&[
        "calendar",
        "export",
        "--out",
        third.to_str().unwrap_or_default(),
        "--as-of",
        "2026-06-02",
    ]);
    let ref1 = desk.ok(&["--json", "request", "show", "1"]).json()["request"]["reference"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let events = parse_ics(&third).expect("parsed");
    let ask = events
        .as_array()
        .and_then(|l| l.iter().find(|e| e["uid"] == format!("{ref1}-next@privacy-desk")))
        .unwrap_or_else(|| panic!("the day to ask the regulator: {events}"));
    assert_eq!(ask["start"], "2026-08-30", "{ask}");
    assert!(
        ask["summary"].as_str().is_some_and(|s| s.contains("Ask the regulator")),
        "{ask}"
    );
}

/// The calendar file kept in a folder follows every change without an export, and stops when
/// turned off; a folder that does not exist is refused.
#[test]
fn a_kept_calendar_file_follows_every_change() {
    let desk = setup();
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().to_str().unwrap_or_default();
    let missing = desk.fails(&["calendar", "keep", "--dir", &format!("{folder}/nowhere")], 1);
    assert!(missing.contains("not an existing folder"), "{missing}");
    let kept = dir.path().join("privacy-desk.ics");
    assert!(!kept.exists(), "nothing written for a refused folder");
    let r = desk.ok(&["calendar", "keep", "--dir", folder]);
    assert!(r.stdout.contains("privacy-desk.ics"), "{}", r.stdout);
    let Some(before) = parse_ics(&kept) else { return };
    let ref2 = desk.ok(&["--json", "request", "show", "2"]).json()["request"]["reference"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let due = |events: &serde_json::Value| {
        events
            .as_array()
            .and_then(|l| l.iter().find(|e| e["uid"] == format!("{ref2}-due@privacy-desk")))
            .map(|e| e["start"].clone())
    };
    assert_eq!(
        due(&before),
        Some(serde_json::json!("2026-05-01")),
        "written at once: {before}"
    );

    // An extension recorded with pdesk: the kept file moves the event, with no export.
    desk.ok(&[
        "request",
        "event",
        "2",
        "--type",
        "extension-notified",
        "--on",
        "2026-04-20",
        "--new-date",
        "2026-06-30",
    ]);
    let after = parse_ics(&kept).expect("parsed");
    assert_eq!(
        due(&after),
        Some(serde_json::json!("2026-06-30")),
        "the kept file followed the change"
    );
    let uids = |events: &serde_json::Value| -> Vec<String> {
        events
            .as_array()
            .map(|l| {
                l.iter()
                    .map(|e| e["uid"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(uids(&before), uids(&after), "the same events, updated");
    assert!(
        !std::fs::read_dir(dir.path())
            .expect("folder")
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "tmp")),
        "no temporary file is left behind"
    );

    desk.ok(&["calendar", "keep", "--off"]);
    let frozen = std::fs::read(&kept).expect("still there");
    desk.ok(&["request", "event", "2", "--type", "closed", "--on", "2026-07-01"]);
    assert_eq!(
        std::fs::read(&kept).expect("file"),
        frozen,
        "turned off: the file is left as it was"
    );
}

#[test]
fn statistics_per_service_and_per_law_and_as_csv() {
    let desk = setup();
    // Request 2 (GDPR, due 1 May) answered late and in part; request 1 (APPI) answered in full
    // within its two weeks; request 3 stays a draft.
    desk.ok(&[
        "request",
        "event",
        "2",
        "--type",
        "reply-received",
        "--on",
        "2026-05-11",
        "--outcome",
        "partial",
    ]);
    desk.ok(&[
        "request",
        "event",
        "1",
        "--type",
        "reply-received",
        "--on",
        "2026-04-30",
        "--outcome",
        "complete",
    ]);
    // The incomplete answer is followed up: a letter about request 2, not a request of its own.
    desk.ok(&["request", "followup", "2", "--type", "incomplete", "--missing", "copy"]);
    desk.ok(&["request", "sent", "4", "--on", "2026-05-12", "--via", "email"]);
    let by_service = desk.ok(&["--json", "stats", "--as-of", "2026-06-01"]).json();
    let shop = by_service
        .as_array()
        .and_then(|l| l.iter().find(|s| s["key"] == "Shop, Inc."))
        .expect("Shop, Inc.");
    assert_eq!(
        (shop["requests"].as_u64(), shop["sent"].as_u64(), shop["late"].as_u64()),
        (Some(2), Some(1), Some(1)),
        "{shop}"
    );
    assert_eq!(
        (shop["partial"].as_u64(), shop["median_days_to_answer"].as_f64()),
        (Some(1), Some(40.0))
    );
    assert_eq!(
        (shop["followups"].as_u64(), shop["overdue"].as_u64()),
        (Some(1), Some(0)),
        "the follow-up letter is counted as one, and not as an overdue request: {shop}"
    );
    let jsers = by_service
        .as_array()
        .and_then(|l| l.iter().find(|s| s["key"] == "Jsers"))
        .expect("Jsers");
    assert_eq!(
        (jsers["in_time"].as_u64(), jsers["complete"].as_u64()),
        (Some(1), Some(1)),
        "{jsers}"
    );
    let by_law = desk
        .ok(&["--json", "stats", "--by-law", "--as-of", "2026-06-01"])
        .json();
    let keys: Vec<&str> = by_law
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["key"].as_str())
        .collect();
    assert_eq!(keys, ["appi", "gdpr"]);
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("stats.csv");
    desk.ok(&[
        "stats",
        "--csv",
        csv.to_str().unwrap_or_default(),
        "--as-of",
        "2026-06-01",
    ]);
    let text = std::fs::read_to_string(&csv).expect("csv");
    assert!(text.starts_with(
        "name,requests,sent,answered,in_time,late,overdue,complete,partial,refused,no_data,median_days_to_answer,followups\r\n"
    ));
    assert!(
        text.contains("\"Shop, Inc.\",2,1,1,0,1,0,0,1,0,0,40,1\r\n"),
        "the comma in the name is quoted: {text}"
    );
}

#[test]
fn a_follow_up_letter_is_a_request_that_names_the_original_and_sets_two_weeks() {
    let desk = setup();
    let r = desk.run(&["request", "followup", "3", "--type", "reminder"]);
    assert!(
        r.stderr.contains("a follow-up needs a request that was sent"),
        "a draft: {}",
        r.stderr
    );
    let r = desk.run(&["request", "followup", "2", "--type", "incomplete"]);
    assert!(r.stderr.contains("--missing"), "{}", r.stderr);
    let r = desk.run(&["request", "followup", "2", "--type", "incomplete", "--missing", "bogus"]);
    assert!(
        r.stderr.contains("use: copy, purposes"),
        "the items are listed: {}",
        r.stderr
    );

    let original = desk.ok(&["--json", "request", "show", "2"]).json();
    let original_ref = original["request"]["reference"].as_str().unwrap_or_default().to_owned();
    desk.ok(&["request", "followup", "2", "--type", "reminder"]);
    let f = desk.ok(&["--json", "request", "show", "4"]).json();
    assert_eq!(
        (f["request"]["parent_id"].as_i64(), f["request"]["followup"].as_str()),
        (Some(2), Some("reminder"))
    );
    let body = f["request"]["body"].as_str().unwrap_or_default();
    assert!(
        body.contains(&original_ref) && body.contains("1 April 2026") && body.contains("Article 12(3) GDPR"),
        "{body}"
    );
    assert_eq!(f["status"], "draft");

    // Sent: two weeks for the answer, and the original records the follow-up.
    desk.ok(&["request", "sent", "4", "--on", "2026-05-06", "--via", "email"]);
    let f = desk.ok(&["--json", "request", "show", "4"]).json();
    assert_eq!(f["deadline"]["due_date"], "2026-05-20", "{}", f["deadline"]);
    let o = desk.ok(&["--json", "request", "show", "2"]).json();
    let followups: Vec<&serde_json::Value> = o["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["kind"] == "followup-sent")
        .collect();
    assert_eq!(followups.len(), 1, "{}", o["events"]);
    assert_eq!(followups[0]["on"], "2026-05-06");
    let steps = desk.ok(&["--json", "next", "--as-of", "2026-05-21"]).json();
    let two = steps
        .as_array()
        .and_then(|l| l.iter().find(|s| s["id"] == 2))
        .expect("request 2");
    assert_eq!(two["next"]["step"], "file-complaint", "{two}");
    assert!(
        !steps.as_array().into_iter().flatten().any(|s| s["id"] == 4),
        "the complaint is said once, on the original: {steps}"
    );
    // The letter kept is the one that went out: dated 6 May, two weeks to 20 May.
    let f = desk.ok(&["--json", "request", "show", "4"]).json();
    let body = f["request"]["body"].as_str().unwrap_or_default();
    assert!(body.contains("6 May 2026") && body.contains("20 May 2026"), "{body}");

    // A late answer to the reminder is an answer to the request: what is missing comes next,
    // not the complaint.
    desk.ok(&[
        "request",
        "event",
        "4",
        "--type",
        "reply-received",
        "--on",
        "2026-05-25",
        "--outcome",
        "partial",
    ]);
    let steps = desk.ok(&["--json", "next", "--as-of", "2026-05-26"]).json();
    let listed: Vec<(i64, &str)> = steps
        .as_array()
        .into_iter()
        .flatten()
        .filter(|s| s["service_id"] == 2)
        .map(|s| {
            (
                s["id"].as_i64().unwrap_or_default(),
                s["next"]["step"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert!(
        listed.contains(&(2, "send-followup")) && !listed.iter().any(|(id, _)| *id == 4),
        "the original asks for the incomplete-answer letter; the reminder is done: {steps}"
    );
    let o = desk.ok(&["--json", "request", "show", "2"]).json();
    assert_eq!(o["status"], "partial", "{}", o["events"]);

    // APPI in Japanese: what is missing, named against Article 33.
    desk.ok(&[
        "request",
        "followup",
        "1",
        "--type",
        "incomplete",
        "--missing",
        "data",
        "--missing",
        "form",
    ]);
    let j = desk.ok(&["--json", "request", "show", "5"]).json();
    let body = j["request"]["body"].as_str().unwrap_or_default();
    assert!(
        body.contains("保有個人データそのもの（法第33条第1項）") && body.contains("法第33条第2項"),
        "{body}"
    );
    assert!(body.contains("03-6457-9849"), "the PPC's consultation line: {body}");

    // A refusal without reasons, quoting what the company said.
    desk.ok(&[
        "request",
        "followup",
        "2",
        "--type",
        "refusal",
        "--details",
        "We cannot help you with this.",
    ]);
    let refusal = desk.ok(&["--json", "request", "show", "6"]).json();
    let body = refusal["request"]["body"].as_str().unwrap_or_default();
    assert!(
        body.contains("Your answer: We cannot help you with this.") && body.contains("Article 12(4) GDPR"),
        "{body}"
    );
    assert!(
        desk.run(&["request", "followup", "2", "--type", "apology"])
            .stderr
            .contains("unknown follow-up type")
    );
}

#[test]
fn regulators_are_built_in_and_a_complaint_is_drafted_from_the_timeline() {
    let desk = setup();
    let all = desk.ok(&["--json", "regulator"]).json();
    let slugs: Vec<&str> = all
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["slug"].as_str())
        .collect();
    for s in [
        "ppc", "gbico", "cppa", "ca-ag", "anpd", "opc", "chedoeb", "pipc", "oaic", "pdpc", "frcnil", "iedpc", "nods",
    ] {
        assert!(slugs.contains(&s), "{s} is built in: {slugs:?}");
    }
    let eu = desk.ok(&["--json", "regulator", "--law", "gdpr"]).json();
    let countries: std::collections::BTreeSet<String> = eu
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r["relevant-countries"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c.as_str().map(str::to_owned))
        .collect();
    assert_eq!(countries.len(), 30, "every EU/EEA state: {countries:?}");

    // The APPI request, reminded on 6 May and still unanswered: to the PPC, in Japanese.
    desk.ok(&["request", "followup", "1", "--type", "reminder"]);
    desk.ok(&["request", "sent", "4", "--on", "2026-05-06", "--via", "post"]);
    let original = desk.ok(&["--json", "request", "show", "1"]).json()["request"]["reference"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let reminder = desk.ok(&["--json", "request", "show", "4"]).json()["request"]["reference"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let c = desk.ok(&["--json", "request", "complaint", "1"]).json();
    assert_eq!(c["regulator"]["slug"], "ppc");
    let body = c["body"].as_str().unwrap_or_default();
    for want in [
        original.as_str(),
        reminder.as_str(),
        "2026年4月20日：請求を送付",
        "2026年5月6日：催告状を送付",
        "法第39条により、2026年5月5日以降",
        "timeline.json",
    ] {
        assert!(body.contains(want), "the draft says {want:?}:\n{body}");
    }
    // Under the GDPR the service's country decides; the user can choose another.
    desk.ok(&["service", "edit", "2", "--country", "DE"]);
    let de = desk.ok(&["--json", "request", "complaint", "2"]).json();
    assert_eq!(de["regulator"]["slug"], "debfdi");
    assert!(
        de["body"]
            .as_str()
            .unwrap_or_default()
            .contains("Beschwerde nach Art. 77 DSGVO"),
        "in the authority's language: {}",
        de["body"]
    );
    let ie = desk
        .ok(&["--json", "request", "complaint", "2", "--regulator", "iedpc"])
        .json();
    assert!(
        ie["body"]
            .as_str()
            .unwrap_or_default()
            .contains("Data Protection Commission (Ireland)")
    );
    let bad = desk.run(&["request", "complaint", "2", "--regulator", "nowhere"]);
    assert!(bad.stderr.contains("pdesk regulator list"), "{}", bad.stderr);
}
