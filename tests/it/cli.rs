//! The `pdesk` command, run as a user runs it: the real binary on a fresh data directory.

use pdesk_tests::{Sandbox, run_with_env};

#[test]
fn deadline_json_has_the_documented_fields() {
    let s = Sandbox::new();
    let v = s
        .ok(&[
            "deadline",
            "--law",
            "gdpr",
            "--kind",
            "access",
            "--received",
            "2026-01-31",
            "--json",
        ])
        .json();
    assert_eq!(
        v["statutory_date"], "2026-02-28",
        "R + 1 month, clamped to February's last day"
    );
    assert_eq!(v["due_date"], "2026-03-02", "rolled from Saturday to Monday");
    assert_eq!(
        v["extended_due_date"],
        serde_json::Value::Null,
        "no extension notice given"
    );
    assert_eq!(v["earliest_lawsuit_date"], serde_json::Value::Null, "only APPI has one");
    assert_eq!(v["holidays_applied"], false, "no --country: weekends only");

    let v = s
        .ok(&[
            "deadline",
            "--law",
            "appi",
            "--kind",
            "access",
            "--received",
            "2026-04-20",
            "--country",
            "JP",
            "--json",
        ])
        .json();
    assert_eq!(v["earliest_lawsuit_date"], "2026-05-05", "A + 15 (legal.md example 8)");
    assert_eq!(
        v["due_date"], "2026-05-07",
        "Golden Week rolls the end of the two weeks"
    );
    assert_eq!(v["holidays_applied"], true);

    let v = s
        .ok(&[
            "deadline",
            "--law",
            "ccpa",
            "--kind",
            "access",
            "--received",
            "2026-01-06",
            "--country",
            "US-CA",
            "--extension-notice",
            "2026-02-10",
            "--json",
        ])
        .json();
    assert_eq!(v["due_date"], "2026-02-20");
    assert_eq!(v["extended_due_date"], "2026-04-06", "legal.md example 6");
    assert_eq!(v["acknowledge_by"], "2026-01-21");

    let text = s
        .ok(&[
            "deadline",
            "--law",
            "uk-gdpr",
            "--kind",
            "deletion",
            "--received",
            "2026-07-31",
            "--country",
            "GB",
        ])
        .stdout;
    assert!(
        text.contains("due date:       2026-09-01"),
        "summer bank holiday rolls the date:\n{text}"
    );
    assert!(
        !s.path().join(pdesk_core::store::DB_FILE).exists(),
        "computing a date creates no database"
    );
}

#[test]
fn bad_input_is_one_line_naming_the_problem() {
    let s = Sandbox::new();
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &[
                "deadline",
                "--law",
                "gdpr",
                "--kind",
                "access",
                "--received",
                "2026-02-30",
            ],
            1,
            "received: `2026-02-30` is not a date",
        ),
        (
            &[
                "deadline",
                "--law",
                "mars",
                "--kind",
                "access",
                "--received",
                "2026-02-03",
            ],
            1,
            "unknown law `mars`",
        ),
        (
            &[
                "deadline",
                "--law",
                "gdpr",
                "--kind",
                "access",
                "--received",
                "2026-02-03",
                "--country",
                "XX",
            ],
            1,
            "no holiday calendar for `XX`",
        ),
        (
            &[
                "deadline",
                "--law",
                "gdpr",
                "--kind",
                "coffee",
                "--received",
                "2026-02-03",
            ],
            1,
            "unknown request kind",
        ),
        (&["frobnicate"], 2, "unrecognized subcommand"),
        (&["deadline", "--law", "gdpr"], 2, "required"),
        (&["service", "show", "42"], 1, "service 42 does not exist"),
        (
            &["service", "add", "--name", "X", "--email", "[email protected]"],
            1,
            "is not an e-mail address",
        ),
        (
            &["service", "add", "--name", "X", "--website", "javascript:alert(1)"],
            1,
            "is not a web address",
        ),
        (
            &["service", "add", "--name", "X", "--data", "name,shoe_size"],
            1,
            "unknown data category `shoe_size`",
        ),
        (&["service", "add", "--name", "   "], 1, "needs a name"),
        (
            &["request", "new", "--service", "1", "--kind", "access"],
            1,
            "no profile yet",
        ),
        (&["request", "show", "7"], 1, "request 7 does not exist"),
    ];
    for (args, code, needle) in cases {
        let err = s.fails(args, *code);
        assert!(
            err.contains(needle),
            "`pdesk {}` should say {needle:?}, said: {err}",
            args.join(" ")
        );
    }
    let huge = "x".repeat(25_000);
    let err = s.fails(&["service", "add", "--name", &huge], 1);
    assert!(
        err.contains("at most 20000"),
        "huge text is refused with its limit: {}",
        &err[..err.len().min(200)]
    );
    let listed = s.ok(&["service", "list", "--json"]).json();
    assert_eq!(
        listed.as_array().map(Vec::len),
        Some(0),
        "nothing was written by the failed commands"
    );
}

#[test]
fn the_data_directory_comes_from_the_environment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = run_with_env(
        &["profile", "set", "--name", "Env User"],
        &[("PDESK_DATA_DIR", dir.path())],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        dir.path().join(pdesk_core::store::DB_FILE).is_file(),
        "PDESK_DATA_DIR holds the database"
    );
    let other = Sandbox::new();
    let shown = other.ok(&["profile", "show", "--json"]).json();
    assert_eq!(shown.as_array().map(Vec::len), Some(0), "--data-dir is another store");
}

#[test]
fn a_request_from_draft_to_reply() {
    let s = Sandbox::new();
    s.ok(&[
        "profile",
        "set",
        "--name",
        "Erika Mustermann",
        "--email",
        "erika@example.de",
        "--address",
        "Hauptstr. 1\n10115 Berlin",
    ]);
    let svc = s
        .ok(&[
            "service",
            "add",
            "--name",
            "Shop GmbH",
            "--legal-name",
            "Shop Online GmbH",
            "--email",
            "datenschutz@shop.example",
            "--law",
            "gdpr",
            "--lang",
            "de",
            "--country",
            "DE",
            "--data",
            "name,email,usage_history",
            "--account-id",
            "erika77",
            "--json",
        ])
        .json();
    assert_eq!(svc["language"], "de");
    let id = svc["id"].as_i64().expect("id");
    let created = s.ok(&[
        "request",
        "new",
        "--service",
        &id.to_string(),
        "--kind",
        "access",
        "--date",
        "2026-04-20",
    ]);
    let mut parts = created.stdout.split_whitespace();
    let rid = parts.next().expect("the id is printed").to_owned();
    let reference = parts.next().expect("the reference is printed").to_owned();
    assert!(
        reference.starts_with("PD-2026-"),
        "prints id and reference: {}",
        created.stdout
    );

    let letter = s.ok(&["request", "letter", &rid]).stdout;
    assert!(
        letter.starts_with(&format!(
            "Subject: Antrag auf Auskunft nach Art. 15 DSGVO (Zeichen {reference})"
        )),
        "{letter}"
    );
    assert!(
        letter.contains("per E-Mail an datenschutz@shop.example"),
        "addressed to the privacy contact"
    );
    assert!(
        letter.contains("Art. 12 Abs. 3 DSGVO") && letter.contains("erika77"),
        "cites Art. 12(3) and names the account"
    );

    let eml = s.ok(&["request", "letter", &rid, "--format", "eml"]).stdout;
    assert!(
        eml.contains("\r\nTo: Shop Online GmbH <datenschutz@shop.example>\r\n"),
        "{eml}"
    );
    assert!(
        eml.contains("\r\nMessage-ID: <PD-2026-") && eml.contains("@example.de>\r\n"),
        "a proper Message-ID"
    );

    let v = s.ok(&["request", "sent", &rid, "--on", "2026-04-27", "--json"]).json();
    assert_eq!(v["status"], "sent");
    assert_eq!(
        v["deadline"]["due_date"], "2026-05-27",
        "27 Apr + 1 month; Whit Monday is the 25th, not the 27th"
    );
    let v = s
        .ok(&[
            "request",
            "event",
            &rid,
            "--type",
            "extension-notified",
            "--on",
            "2026-05-20",
            "--reason",
            "many requests",
            "--json",
        ])
        .json();
    assert_eq!(v["status"], "extended");
    assert_eq!(v["deadline"]["extended_due_date"], "2026-07-27", "R + 3 months");
    let v = s
        .ok(&[
            "request",
            "event",
            &rid,
            "--type",
            "reply-received",
            "--on",
            "2026-06-10",
            "--outcome",
            "partial",
            "--json",
        ])
        .json();
    assert_eq!(v["status"], "partial");
    let err = s.fails(
        &[
            "request",
            "event",
            &rid,
            "--type",
            "reply-received",
            "--on",
            "2026-06-11",
        ],
        1,
    );
    assert!(err.contains("needs its outcome"), "{err}");

    let due = s.ok(&["deadlines", "--as-of", "2026-07-28", "--json"]).json();
    let items = due.as_array().expect("a list");
    assert_eq!(items.len(), 1, "the partial answer is still open: {due}");
    assert_eq!(items[0]["overdue"], true);
    assert_eq!(
        (&items[0]["next"]["step"], &items[0]["next"]["followup"]),
        (&serde_json::json!("send-followup"), &serde_json::json!("incomplete")),
        "a partial answer calls for the `incomplete` follow-up: {due}"
    );

    let listed = s.ok(&["request", "list", "--status", "partial", "--json"]).json();
    assert_eq!(listed[0]["reference"], reference.as_str());
    let shown = s.ok(&["service", "show", &id.to_string()]).stdout;
    assert!(
        shown.contains(&reference),
        "the service page lists its requests:\n{shown}"
    );
    let err = s.fails(&["service", "remove", &id.to_string()], 1);
    assert!(
        err.contains("close them instead"),
        "a service with requests keeps its timeline: {err}"
    );
    s.ok(&["request", "event", &rid, "--type", "closed", "--on", "2026-07-30"]);
    let quiet = s.ok(&["deadlines", "--as-of", "2026-08-01"]).stdout;
    assert!(
        quiet.contains("nothing due"),
        "a closed request is no longer due: {quiet}"
    );
}

#[test]
fn the_same_request_goes_to_several_services_at_once() {
    let s = Sandbox::new();
    s.ok(&["profile", "set", "--name", "Jane Doe", "--email", "jane@example.com"]);
    for name in ["One", "Two", "Three"] {
        s.ok(&[
            "service",
            "add",
            "--name",
            name,
            "--law",
            "ccpa",
            "--email",
            &format!("privacy@{}.example", name.to_lowercase()),
        ]);
    }
    let v = s
        .ok(&[
            "request",
            "new",
            "--service",
            "1,2",
            "--service",
            "3",
            "--kind",
            "deletion",
            "--json",
        ])
        .json();
    let rows = v.as_array().expect("one row per service");
    assert_eq!(rows.len(), 3);
    let refs: std::collections::HashSet<_> = rows
        .iter()
        .map(|r| r["reference"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(refs.len(), 3, "each service gets its own reference");
    let letter = s.ok(&["request", "letter", "3"]).stdout;
    assert!(
        letter.contains("Civil Code § 1798.105") && letter.contains("45 calendar days"),
        "a CCPA deletion letter:\n{letter}"
    );
}

#[test]
fn hostile_names_are_stored_and_shown_as_text() {
    let s = Sandbox::new();
    let name = "<img src=x onerror=alert(1)>";
    let v = s.ok(&["service", "add", "--name", name, "--json"]).json();
    assert_eq!(v["display_name"], name, "stored exactly as typed");
    let list = s.ok(&["service", "list"]).stdout;
    assert!(list.contains(name), "listed as the same characters: {list}");
}

#[test]
fn profiles_and_service_edits() {
    let s = Sandbox::new();
    s.fails(&["profile", "set", "--email", "a@example.com"], 1);
    s.ok(&["profile", "set", "--name", "A", "--birthdate", "1990-02-28"]);
    s.ok(&["profile", "set", "--phone", "+81 3 1234 5678"]);
    s.ok(&["profile", "add", "--name", "Child"]);
    let ps = s.ok(&["profile", "show", "--json"]).json();
    assert_eq!(ps[0]["full_name"], "A");
    assert_eq!(ps[0]["phone"], "+81 3 1234 5678", "set changes only the fields given");
    assert_eq!(ps[0]["birth_date"], "1990-02-28");
    assert_eq!(ps[1]["full_name"], "Child");
    s.fails(&["profile", "set", "--birthdate", "1990-02-29"], 1);

    s.ok(&["service", "add", "--name", "Svc", "--law", "appi"]);
    let v = s
        .ok(&[
            "service",
            "edit",
            "1",
            "--email",
            "privacy@svc.example",
            "--notes",
            "asks for ID copy",
            "--json",
        ])
        .json();
    assert_eq!(v["emails"][0], "privacy@svc.example");
    assert_eq!(v["language"], "ja", "APPI services get Japanese letters by default");
    assert_eq!(v["notes"], "asks for ID copy");
    s.ok(&["service", "remove", "1"]);
    s.fails(&["service", "show", "1"], 1);
}
