//! Reading privacy policies as a user does: `pdesk policy analyze` on the seed files and on pages
//! served from 127.0.0.1, and `pdesk service add --from-policy`.

use pdesk_tests::Sandbox;
use pdesk_tests::servers::{WebResponse, WebServer};

fn seeds() -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds");
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .expect("seed fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

#[test]
fn each_seed_policy_gives_the_findings_a_careful_reader_gives() {
    let desk = Sandbox::new();
    assert_eq!(seeds().len(), 5);
    for path in seeds() {
        let got = desk
            .ok(&["--json", "policy", "analyze", path.to_str().unwrap_or_default()])
            .json();
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(path.with_extension("expected.json")).expect("expected findings"),
        )
        .expect("JSON");
        let mut keys: Vec<&str> = got.as_object().expect("object").keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut documented = [
            "service_name",
            "contact_emails",
            "hidden_emails",
            "postal_address",
            "phone",
            "webform_urls",
            "data_categories",
            "rights",
            "identity_verification",
            "fee_mentioned",
            "fee_text",
            "response_time",
            "laws",
            "evidence",
        ];
        documented.sort_unstable();
        assert_eq!(keys, documented, "exactly the documented keys");
        for (key, want) in expected.as_object().expect("object") {
            let sorted = |v: &serde_json::Value| -> serde_json::Value {
                match v.as_array() {
                    Some(a) => {
                        let mut a = a.clone();
                        a.sort_by_key(ToString::to_string);
                        serde_json::Value::Array(a)
                    }
                    None => v.clone(),
                }
            };
            assert_eq!(sorted(&got[key]), sorted(want), "{}: {key}", path.display());
        }
        // Every value has the sentence it came from, and that sentence is in the policy.
        let text = std::fs::read_to_string(&path).expect("seed").replace('\u{a0}', " ");
        for e in got["evidence"].as_array().expect("evidence") {
            let sentence = e["sentence"].as_str().unwrap_or_default().trim_end_matches('…');
            assert!(
                text.contains(sentence) || sentence.split(' ').count() > 3,
                "{}: evidence not from the text: {e}",
                path.display()
            );
        }
    }
}

#[test]
fn a_service_is_added_from_the_jsers_policy_with_its_source_and_date() {
    let desk = Sandbox::new();
    let seed = seeds()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("004_"))
        .expect("Jsers seed");
    // The Jsers policy names no law ("laws and internal regulations"), so the user gives it.
    let r = desk.ok(&[
        "--json",
        "service",
        "add",
        "--from-policy",
        seed.to_str().unwrap_or_default(),
        "--email",
        "privacy@jsers.example",
        "--law",
        "appi",
    ]);
    let s = r.json();
    assert_eq!(s["display_name"], "Jsers");
    assert_eq!(s["legal_name"], "Jsers, llc.");
    assert_eq!(s["law"], "appi");
    assert_eq!(s["language"], "ja", "APPI -> Japanese letters");
    assert_eq!(
        s["emails"],
        serde_json::json!(["privacy@jsers.example"]),
        "typed options win"
    );
    assert_eq!(s["source"], "policy");
    assert_eq!(s["policy_source"], seed.to_str().unwrap_or_default());
    assert_eq!(s["policy_read_on"], chrono::Local::now().date_naive().to_string());
    assert!(
        s["notes"]
            .as_str()
            .unwrap_or_default()
            .contains("hides 2 e-mail address(es)"),
        "the hidden addresses are noted: {}",
        s["notes"]
    );
    assert!(
        r.stderr.contains("Jsers, llc.") && r.stderr.contains("“"),
        "the findings are shown with their sentences: {}",
        r.stderr
    );
    let cats = s["data_categories"].as_array().map(Vec::len).unwrap_or(0);
    assert!(cats >= 8, "the data it holds: {}", s["data_categories"]);

    // IJGN's policy invokes the Personal Information Protection Act: APPI and Japanese by default.
    let ijgn = seeds()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("003_"))
        .expect("IJGN seed");
    let s = desk
        .ok(&[
            "--json",
            "service",
            "add",
            "--from-policy",
            ijgn.to_str().unwrap_or_default(),
        ])
        .json();
    assert_eq!(
        (s["display_name"].as_str(), s["legal_name"].as_str()),
        (Some("IJGN"), Some("IJGN Inc."))
    );
    assert_eq!(
        (s["law"].as_str(), s["language"].as_str()),
        (Some("appi"), Some("ja")),
        "the policy's law decides"
    );
    assert_eq!(
        s["identity_documents"],
        serde_json::json!(["identity check (the policy does not say how)"])
    );
}

fn cf_hex(addr: &str, key: u8) -> String {
    std::iter::once(key)
        .chain(addr.bytes().map(|b| b ^ key))
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn policies_are_fetched_from_a_web_server_within_limits() {
    let page = format!(
        "<!doctype html><html><head><meta charset=\"shift_jis\"><script>var x='<p>evil@attacker.example</p>'</script></head><body>\
         <h1>個人情報保護方針</h1><p>株式会社ウェブ例（以下「当社」といいます）は、個人情報の保護に関する法律を遵守します。</p>\
         <ul><li>氏名</li><li>メールアドレス</li></ul>\
         <h2>お問い合わせ窓口</h2><p>メール：<a href=\"/cdn-cgi/l/email-protection\" class=\"__cf_email__\" data-cfemail=\"{}\">[email&#160;protected]</a></p>\
         </body></html>",
        cf_hex("privacy@web.example", 0x5a)
    );
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&page);
    let sjis = sjis.into_owned();
    let server = WebServer::start(move |path, _| match path {
        "/policy" => WebResponse::ok("text/html", sjis.clone()),
        "/moved" => WebResponse::redirect("/policy"),
        p if p.starts_with("/loop") => {
            let n: u32 = p.trim_start_matches("/loop").parse().unwrap_or(0);
            WebResponse::redirect(&format!("/loop{}", n + 1))
        }
        "/big" => WebResponse::ok("text/html", vec![b'a'; 6 * 1024 * 1024]),
        "/big-no_length" => WebResponse {
            no_length: true,
            ..WebResponse::ok("text/plain", vec![b'a'; 6 * 1024 * 1024])
        },
        "/pdf" => WebResponse::ok("application/pdf", b"%PDF-1.4".to_vec()),
        _ => WebResponse::status("404 Not Found"),
    });
    let desk = Sandbox::new();

    let f = desk.ok(&["--json", "policy", "analyze", &server.url("/moved")]).json();
    assert_eq!(
        f["service_name"], "株式会社ウェブ例",
        "Shift_JIS decoded, one redirect followed"
    );
    assert_eq!(
        f["contact_emails"],
        serde_json::json!(["privacy@web.example"]),
        "Cloudflare address decoded; script ignored"
    );
    assert_eq!(f["hidden_emails"], 0);
    assert_eq!(f["laws"], serde_json::json!(["appi"]));

    for (path, needle) in [
        ("/loop0", "redirects more than 5 times"),
        ("/big", "larger than 5 MB"),
        ("/big-no_length", "larger than 5 MB"),
        ("/pdf", "is application/pdf, not text/html"),
        ("/missing", "404"),
    ] {
        let r = desk.run(&["policy", "analyze", &server.url(path)]);
        assert_eq!(r.code, 1, "{path}: {}", r.stdout);
        assert!(
            r.stderr.contains(needle),
            "{path}: one clear error naming the problem: {}",
            r.stderr
        );
        assert_eq!(r.stderr.lines().count(), 1, "{path}: one line: {}", r.stderr);
    }
    let closed = pdesk_tests::servers::free_port();
    let r = desk.run(&["policy", "analyze", &format!("http://127.0.0.1:{closed}/policy")]);
    assert!(r.stderr.contains("cannot reach"), "server down: {}", r.stderr);
    let r = desk.run(&["policy", "analyze", "file:///etc/passwd"]);
    assert!(r.stderr.contains("only fetches web pages"), "{}", r.stderr);
    assert_eq!(
        server.requests().iter().filter(|(p, _)| p.starts_with("/loop")).count(),
        6,
        "the first request and five redirects, no more"
    );
    // Adding from a URL keeps the final address as the source.
    let s = desk
        .ok(&["--json", "service", "add", "--from-policy", &server.url("/moved")])
        .json();
    assert_eq!(s["policy_source"], server.url("/policy"));
    assert_eq!(s["display_name"], "株式会社ウェブ例");
    assert_eq!(s["emails"], serde_json::json!(["privacy@web.example"]));
}

#[test]
fn bad_policy_files_get_one_clear_error() {
    let desk = Sandbox::new();
    let dir = tempfile::tempdir().expect("tempdir");
    let binary = dir.path().join("scan.pdf");
    std::fs::write(&binary, b"%PDF-1.4\0\0\x01binary").expect("write");
    let huge = dir.path().join("huge.html");
    std::fs::write(&huge, vec![b'x'; 6 * 1024 * 1024]).expect("write");
    for (path, needle) in [
        (binary.to_str().unwrap_or_default(), "is not text or HTML"),
        (huge.to_str().unwrap_or_default(), "larger than 5 MB"),
        ("/no/such/policy.html", "cannot read /no/such/policy.html"),
    ] {
        let r = desk.run(&["policy", "analyze", path]);
        assert_eq!(r.code, 1);
        assert!(r.stderr.contains(needle), "{path}: {}", r.stderr);
    }
    // Adding from a policy that names no service and no --name: nothing is stored.
    let plain = dir.path().join("plain.txt");
    std::fs::write(&plain, "We collect your name.").expect("write");
    let r = desk.run(&["service", "add", "--from-policy", plain.to_str().unwrap_or_default()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("--name"), "{}", r.stderr);
    assert!(
        desk.ok(&["service", "list"]).stdout.contains("no services"),
        "nothing was stored"
    );
}
