use super::*;
use crate::model::DataCategory as D;

fn cats(f: &PolicyFindings) -> Vec<&'static str> {
    f.data_categories.iter().map(|c| c.code()).collect()
}

#[test]
fn negated_collection_is_not_a_finding() {
    let f = analyze_text(
        "We collect your name and email address. We do not collect your address or your date of birth.\n\
         We never collect biometric data; we do record your IP address.",
    );
    assert_eq!(cats(&f), ["name", "email", "ip_address"], "{:?}", f.evidence);
    let f = analyze_text("当社は、お客様の位置情報を取得しません。氏名とメールアドレスを取得します。");
    assert_eq!(cats(&f), ["name", "email"]);
}

#[test]
fn obfuscated_addresses_are_written_out() {
    for (text, want) in [
        ("Privacy requests: privacy(at)example(dot)com", "privacy@example.com"),
        (
            "Contact our privacy team at privacy [at] example [dot] co [dot] jp.",
            "privacy@example.co.jp",
        ),
        ("Email us: dpo at example dot org", "dpo@example.org"),
        (
            "お問い合わせ窓口：ｐｒｉｖａｃｙ＠ｅｘａｍｐｌｅ．ｊｐ",
            "privacy@example.jp",
        ),
        ("お問い合わせ：privacy＠example.jp まで", "privacy@example.jp"),
        ("Opt out by writing to optout{at}example{dot}net", "optout@example.net"),
    ] {
        let f = analyze_text(text);
        assert_eq!(f.contact_emails, [want], "{text}");
        assert_eq!(
            f.evidence_for("contact_emails", want).map(|e| e.confidence),
            Some(Confidence::High),
            "{text}"
        );
    }
}

#[test]
fn other_peoples_addresses_are_not_contacts() {
    let f = analyze_text(
        "For privacy requests, email privacy@shop.example.\n\
         You may also complain to the supervisory authority at complaints@dpa.example.\n\
         Japan's regulator can be reached at info@ppc.go.jp.\n\
         Our payment processor Stripe can be reached at privacy@stripe.com under their privacy policy.\n\
         If you are unhappy, contact the ICO: casework@ico.org.uk",
    );
    assert_eq!(f.contact_emails, ["privacy@shop.example"]);
}

#[test]
fn hidden_addresses_are_counted_and_cloudflare_ones_decoded() {
    let f = analyze_text("Please contact us at [email protected].\nEmail: [email\u{a0}protected]");
    assert_eq!(f.hidden_emails, 2);
    assert!(f.contact_emails.is_empty());
    let key = 0x2au8;
    let hex: String = std::iter::once(key)
        .chain("privacy@jsers.example".bytes().map(|b| b ^ key))
        .map(|b| format!("{b:02x}"))
        .collect();
    let f = analyze(&format!(
        "<html><body><h2>Contact</h2><p>Email: <a href=\"/cdn-cgi/l/email-protection\" class=\"__cf_email__\" data-cfemail=\"{hex}\">[email&#160;protected]</a></p></body></html>"
    ));
    assert_eq!(f.contact_emails, ["privacy@jsers.example"]);
    assert_eq!(f.hidden_emails, 0, "a decoded address is not hidden");
}

#[test]
fn retention_periods_are_not_response_times() {
    let f = analyze_text(
        "We retain your data within 30 days after you close your account.\n\
         We promptly dispose of information when it is no longer needed.\n\
         We will respond to your request within 30 days.",
    );
    assert_eq!(f.response_time.as_deref(), Some("within 30 days"));
    assert!(
        f.evidence_for("response_time", "within 30 days")
            .is_some_and(|e| e.sentence.contains("respond"))
    );
    let f = analyze_text(
        "保有個人データは利用目的の達成後、速やかに廃棄します。開示の請求があった場合は、遅滞なく回答します。",
    );
    assert_eq!(f.response_time.as_deref(), Some("遅滞なく"));
    let f = analyze_text("We keep logs for 90 days and delete them promptly after that.");
    assert_eq!(f.response_time, None);
}

#[test]
fn japanese_policies_are_read() {
    let f = analyze_text(
        "株式会社サンプル（以下「当社」といいます）は、個人情報の保護に関する法律を遵守します。\n\
         当社は、氏名、住所、電話番号、生年月日、クレジットカード情報、Cookie及び閲覧履歴を取得します。\n\
         保有個人データの開示、訂正、利用停止等の請求は、本人確認のため運転免許証又は健康保険証の写しをご提出ください。\n\
         開示の請求には、1件につき1,000円の手数料をいただきます。\n\
         〒150-0001 東京都渋谷区神宮前1-2-3\n\
         電話：03-1234-5678\n\
         お問い合わせフォーム：https://www.sample.example/privacy/form",
    );
    assert_eq!(f.service_name.as_deref(), Some("株式会社サンプル"));
    assert_eq!(f.laws, ["appi"]);
    assert_eq!(f.default_law(), Some(Law::Appi));
    for c in [
        D::Name,
        D::PostalAddress,
        D::Phone,
        D::DateOfBirth,
        D::PaymentCard,
        D::Cookies,
        D::UsageHistory,
    ] {
        assert!(f.data_categories.contains(&c), "{c:?} in {:?}", f.data_categories);
    }
    assert_eq!(f.rights, ["access", "correction", "stop-use"]);
    assert_eq!(
        f.identity_verification,
        Some(vec!["drivers_license".to_owned(), "health_insurance_card".to_owned()])
    );
    assert!(f.fee_mentioned);
    assert!(f.fee_text.as_deref().is_some_and(|t| t.contains("1,000円")));
    assert_eq!(f.postal_address.as_deref(), Some("〒150-0001 東京都渋谷区神宮前1-2-3"));
    assert_eq!(f.phone.as_deref(), Some("03-1234-5678"));
    assert_eq!(f.webform_urls, ["https://www.sample.example/privacy/form"]);
}

#[test]
fn laws_are_told_apart() {
    assert_eq!(
        analyze_text("We comply with the UK GDPR and the Data Protection Act 2018.").laws,
        ["uk-gdpr"]
    );
    assert_eq!(
        analyze_text("Under the GDPR (Regulation (EU) 2016/679) and the UK GDPR you have rights.").laws,
        ["uk-gdpr", "gdpr"]
    );
    assert_eq!(
        analyze_text("In Korea, the Personal Information Protection Act applies.").laws,
        ["pipa"]
    );
    assert_eq!(
        analyze_text("California residents have rights under the California Consumer Privacy Act (CCPA), including to opt out of the sale of personal information.").laws,
        ["ccpa"]
    );
    assert!(analyze_text("We follow applicable laws.").laws.is_empty());
}

#[test]
fn rights_need_a_request_not_a_disclosure_to_others() {
    let f = analyze_text(
        "We may disclose your information to third parties when the police request it.\n\
         We delete logs after 90 days.",
    );
    assert!(f.rights.is_empty(), "{:?}", f.rights);
    let f = analyze_text(
        "You have the right to request access to your personal data, to have it rectified or erased, to restrict its processing, \
         to receive it in a machine-readable format, and to object to direct marketing.",
    );
    assert_eq!(
        f.rights,
        [
            "access",
            "correction",
            "deletion",
            "restriction",
            "portability",
            "object-marketing"
        ]
    );
}

#[test]
fn fees_for_requests_only() {
    assert!(!analyze_text("Payment of fees and points for premium streams.").fee_mentioned);
    assert!(!analyze_text("Requests for disclosure are free of charge.").fee_mentioned);
    let f = analyze_text("For a disclosure request we charge a fee of 500 yen.");
    assert!(f.fee_mentioned);
}

#[test]
fn identity_proof_without_a_method_is_unspecified() {
    let f = analyze_text(
        "When we receive a request, we will respond after confirming the identity of the requesting party.",
    );
    assert_eq!(f.identity_verification, Some(vec!["unspecified".to_owned()]));
    assert_eq!(
        analyze_text("We store your driver's license number.").identity_verification,
        None
    );
}

#[test]
fn service_names() {
    assert_eq!(
        analyze_text("Example Holdings Co., Ltd. (hereinafter \"the Company\") values privacy.")
            .service_name
            .as_deref(),
        Some("Example Holdings Co., Ltd.")
    );
    assert_eq!(
        analyze_text("In compliance with the \"Act on the Protection of Personal Information\", we protect your data.")
            .service_name,
        None,
        "a quoted law is not a service"
    );
    assert_eq!(
        analyze_text("In providing the \"PhotoBox\" service, we protect your data.")
            .service_name
            .as_deref(),
        Some("PhotoBox")
    );
    assert_eq!(analyze_text("Privacy Policy\nWe protect your data.").service_name, None);
}

#[test]
fn huge_and_hostile_input_is_handled() {
    let big = "We collect your name. ".repeat(60_000);
    let f = analyze(&big);
    assert_eq!(cats(&f), ["name"]);
    let f = analyze(
        "<html><body><script>var e='evil@attacker.example'</script><p>Write to privacy@ok.example</p><img src=x onerror=alert(1)></body></html>",
    );
    assert_eq!(f.contact_emails, ["privacy@ok.example"], "script content is not text");
    for e in &f.evidence {
        assert!(!e.sentence.contains('<'), "no markup in evidence: {e:?}");
    }
}

/// The five seed policies against what a careful reader finds in them
/// (`tests/fixtures/seeds/*.expected.json`), field by field; lists compare as sets.
#[test]
fn seed_policies_match_their_expected_findings() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/seeds");
    let mut checked = 0;
    let mut wrong = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("seed fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("seed text");
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(path.with_extension("expected.json")).expect("expected file"),
        )
        .expect("expected JSON");
        let got = serde_json::to_value(analyze_text(&text)).expect("findings as JSON");
        for (key, want) in expected.as_object().expect("object") {
            let have = &got[key];
            let same = match (want, have) {
                (serde_json::Value::Array(a), serde_json::Value::Array(b)) => {
                    let mut a: Vec<String> = a.iter().map(ToString::to_string).collect();
                    let mut b: Vec<String> = b.iter().map(ToString::to_string).collect();
                    a.sort();
                    b.sort();
                    a == b
                }
                _ => want == have,
            };
            if !same {
                wrong.push(format!(
                    "{}: {key}: expected {want}, found {have}",
                    path.file_name().unwrap_or_default().to_string_lossy()
                ));
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 5, "five seed policies");
    assert!(
        wrong.is_empty(),
        "findings differ from a careful reading:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn a_policy_s_changes_to_a_service_are_listed_before_anything_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut desk = crate::Desk::open(dir.path(), None).expect("desk");
    let s = desk
        .add_service(crate::desk::ServiceInput {
            display_name: Some("Jsers".into()),
            emails: Some(vec!["privacy@jsers.example".into()]),
            law: Some(Law::Appi),
            ..Default::default()
        })
        .expect("service");
    let f = analyze_text(
        "Jsers, llc. (hereinafter \"the Company\") follows the Act on the Protection of Personal Information.\n\
         Contact: dpo@jsers.example\nTel: 03-1234-5678",
    );
    let input = service_input(
        &f,
        "https://jsers.example/privacy",
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
    );
    let changes = desk.service_changes(s.id, input.clone()).expect("changes");
    let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["legal_name", "emails", "phone"], "{changes:?}");
    assert_eq!(
        (changes[1].before.as_str(), changes[1].after.as_str()),
        ("privacy@jsers.example", "dpo@jsers.example")
    );
    assert_eq!(desk.service(s.id).expect("service"), s, "nothing changed yet");
    let updated = desk.edit_service(s.id, input).expect("apply");
    assert_eq!(updated.policy_source.as_deref(), Some("https://jsers.example/privacy"));
    assert_eq!(
        updated.policy_read_on.map(|d| d.to_string()).as_deref(),
        Some("2026-11-23")
    );
    assert_eq!(updated.source, crate::model::ServiceSource::Policy);
}
