//! The company directory as a user meets it through `pdesk directory` and `service add
//! --from-directory`: imports in every shape, bad records, search, and updates over HTTP.

use pdesk_tests::Sandbox;
use pdesk_tests::servers::{WebResponse, WebServer};

fn fixture(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/directory")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn slugs(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["slug"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn records_import_with_every_field_bad_ones_are_named_and_a_second_import_changes_nothing() {
    let desk = Sandbox::new();
    let r = desk
        .ok(&["--json", "directory", "import", &fixture("companies.json")])
        .json();
    assert_eq!((r["added"].as_u64(), r["updated"].as_u64()), (Some(4), Some(0)), "{r}");
    let skipped: Vec<&str> = r["skipped"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str())
        .collect();
    assert_eq!(skipped.len(), 4, "{skipped:?}");
    for (slug, why) in [
        ("bad-types", "expected a sequence"),
        ("no-name", "missing field `name`"),
        ("Bad Slug!", "not lower-case letters"),
        ("bad-element", "missing field `type`"),
    ] {
        assert!(
            skipped
                .iter()
                .any(|s| s.starts_with(&format!("{slug}: ")) && s.contains(why)),
            "{slug} is reported with the reason ({why}): {skipped:?}"
        );
    }
    // Every field of the full record survives.
    let jsers = desk.ok(&["directory", "show", "jsers"]).json();
    let source: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("companies.json")).expect("fixture")).expect("JSON");
    for (key, want) in source[0].as_object().expect("record") {
        assert_eq!(&jsers[key], want, "field {key}");
    }
    // The same data again: nothing changes.
    let again = desk
        .ok(&["--json", "directory", "import", &fixture("companies.json")])
        .json();
    assert_eq!(
        (
            again["added"].as_u64(),
            again["updated"].as_u64(),
            again["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(4))
    );
    // A single record on its own is also taken.
    let single = desk
        .ok(&["--json", "directory", "import", &fixture("single.json")])
        .json();
    assert_eq!(single["unchanged"], 1);
}

#[test]
fn search_by_prefix_misspelling_brand_domain_and_japanese_name() {
    let desk = Sandbox::new();
    desk.ok(&["directory", "import", &fixture("companies.json")]);
    for (query, slug) in [
        ("jse", "jsers"),
        ("gogle", "google"),
        ("youtube", "google"),
        ("google.com", "google"),
        ("ジェイサーズ", "jsers"),
        ("サンプル", "sample-shoji"),
        ("商事", "sample-shoji"),
        ("Extra", "extra-fields"),
    ] {
        let hits = desk.ok(&["--json", "directory", "search", query]).json();
        assert_eq!(
            slugs(&hits).first().map(String::as_str),
            Some(slug),
            "`{query}` finds {slug} first: {hits}"
        );
    }
    let none = desk.ok(&["directory", "search", "zzzzqqq"]);
    assert!(none.stdout.contains("no company matches"), "{}", none.stdout);
    assert_eq!(
        desk.ok(&["--json", "directory", "search", "j"]).json(),
        serde_json::json!([]),
        "one letter is too few"
    );
}

#[test]
fn the_offline_dump_brings_companies_and_regulators_and_a_broken_dump_is_reported() {
    let desk = Sandbox::new();
    let r = desk
        .ok(&["--json", "directory", "import", &fixture("offline-data.json")])
        .json();
    assert_eq!(r["added"], 4);
    assert_eq!(r["regulators"], 2, "two authorities with names: {r}");
    assert!(
        r["skipped"]
            .to_string()
            .contains("sva-without-name: missing field `name`"),
        "{r}"
    );
    let broken = desk
        .ok(&["--json", "directory", "import", &fixture("broken-dump.json")])
        .json();
    assert!(
        broken["skipped"]
            .to_string()
            .contains("`companies` in the dump is broken JSON"),
        "{broken}"
    );
    assert_eq!(
        broken["regulators"], 0,
        "the good part is imported; the authority is unchanged"
    );
    let bad = desk.run(&["directory", "import", "/no/such/file.json"]);
    assert_eq!(bad.code, 1);
    let dir = tempfile::tempdir().expect("tempdir");
    let garbage = dir.path().join("x.json");
    std::fs::write(&garbage, "{not json").expect("write");
    let bad = desk.run(&["directory", "import", garbage.to_str().unwrap_or_default()]);
    assert!(bad.stderr.contains("not JSON"), "{}", bad.stderr);
}

#[test]
fn a_service_picked_from_the_directory_keeps_the_users_edits_when_the_directory_updates() {
    let desk = Sandbox::new();
    desk.ok(&["directory", "import", &fixture("companies.json")]);
    let s = desk
        .ok(&["--json", "service", "add", "--from-directory", "jsers"])
        .json();
    assert_eq!(s["display_name"], "Jsers");
    assert_eq!(s["legal_name"], "Jsers, llc.");
    assert_eq!(s["emails"], serde_json::json!(["privacy@jsers.example"]));
    assert_eq!((s["law"].as_str(), s["language"].as_str()), (Some("appi"), Some("ja")));
    assert_eq!(s["source"], "directory");
    assert_eq!(s["directory_slug"], "jsers");
    assert!(
        s["notes"].as_str().unwrap_or_default().contains("Customer number"),
        "required elements: {}",
        s["notes"]
    );
    desk.ok(&[
        "service",
        "edit",
        "1",
        "--email",
        "me-only@jsers.example",
        "--notes",
        "my own note",
    ]);

    // The directory changes Jsers' address; the user's service keeps what the user typed.
    let mut records: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("companies.json")).expect("fixture")).expect("JSON");
    records[0]["email"] = serde_json::json!("dpo@jsers.example");
    let dir = tempfile::tempdir().expect("tempdir");
    let updated = dir.path().join("updated.json");
    std::fs::write(&updated, records.to_string()).expect("write");
    let r = desk
        .ok(&["--json", "directory", "import", updated.to_str().unwrap_or_default()])
        .json();
    assert_eq!(r["updated"], 1);
    let s = desk.ok(&["--json", "service", "show", "1"]).json();
    assert_eq!(s["emails"], serde_json::json!(["me-only@jsers.example"]));
    assert_eq!(s["notes"], "my own note");
    assert_eq!(
        desk.ok(&["directory", "show", "jsers"]).json()["email"],
        "dpo@jsers.example"
    );
}

#[test]
fn five_thousand_generated_records_import_in_one_go() {
    let desk = Sandbox::new();
    let records: Vec<serde_json::Value> = (0..5000)
        .map(|i| {
            serde_json::json!({
                "slug": format!("company-{i:05}"), "name": format!("Company {i:05} Ltd."),
                "runs": [format!("Brand{i}")], "relevant-countries": ["de"], "address": "Street 1\nBerlin\nGermany",
                "web": format!("https://company{i}.example"), "email": format!("privacy@company{i}.example"),
                "sources": ["https://example.org"], "quality": "imported"
            })
        })
        .collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("5000.json");
    std::fs::write(&file, serde_json::Value::Array(records).to_string()).expect("write");
    let r = desk
        .ok(&["--json", "directory", "import", file.to_str().unwrap_or_default()])
        .json();
    assert_eq!(r["added"], 5000);
    let hits = desk.ok(&["--json", "directory", "search", "company04321"]).json();
    assert_eq!(
        slugs(&hits).first().map(String::as_str),
        Some("company-04321"),
        "by domain: {hits}"
    );
    let hits = desk.ok(&["--json", "directory", "search", "Brand4321"]).json();
    assert_eq!(
        slugs(&hits).first().map(String::as_str),
        Some("company-04321"),
        "by brand: {hits}"
    );
}

#[test]
fn the_directory_updates_from_a_url_only_when_the_server_has_something_new() {
    let dump = std::fs::read_to_string(fixture("offline-data.json")).expect("fixture");
    let server = WebServer::start(move |path, headers| match path {
        "/offline-data.json" if headers.get("if-none-match").map(String::as_str) == Some("\"v1\"") => {
            WebResponse::status("304 Not Modified")
        }
        "/offline-data.json" => WebResponse {
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("ETag".into(), "\"v1\"".into()),
            ],
            ..WebResponse::ok("application/json", dump.clone())
        },
        "/page" => WebResponse::ok("text/html", "<html></html>"),
        _ => WebResponse::status("404 Not Found"),
    });
    let desk = Sandbox::new();
    let r = desk
        .ok(&["--json", "directory", "import", &server.url("/offline-data.json")])
        .json();
    assert_eq!(r["added"], 4);
    let again = desk.ok(&["directory", "update"]);
    assert!(again.stdout.contains("has not changed"), "{}", again.stdout);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[1].1.get("if-none-match").map(String::as_str),
        Some("\"v1\""),
        "the update asks conditionally"
    );
    let html = desk.run(&["directory", "import", &server.url("/page")]);
    assert!(
        html.stderr.contains("is text/html"),
        "only JSON is taken: {}",
        html.stderr
    );
    let fresh = Sandbox::new();
    let none = fresh.run(&["directory", "update"]);
    assert!(none.stderr.contains("no directory address is set"), "{}", none.stderr);
}
