//! The five seed companies (tests/fixtures/seeds/, copied from the first users' cases): each
//! entered as a careful person would from its policy, and APPI disclosure, correction,
//! deletion and stop-use letters in Japanese and English for each.

use pdesk_tests::{Sandbox, fixture};

/// What a careful reader takes from one policy. Nothing here is invented: a field is filled
/// only where the policy's text shows it (the quotes in the comments).
struct Seed {
    file: &'static str,
    /// The name the policy gives the service or company; the unnamed ones are named by file.
    name: &'static str,
    /// The legal entity, only where the policy names it.
    legal_name: Option<&'static str>,
    data: &'static str,
    id_documents: &'static [&'static str],
    fees: Option<&'static str>,
    notes: &'static str,
}

const SEEDS: &[Seed] = &[
    Seed {
        file: "000_04f664c9933420a8.txt",
        // The policy never names its operator.
        name: "Unnamed service (policy 000)",
        legal_name: None,
        // "Name, user name or nickname", "Email address", "terminal identifiers ... IP addresses",
        // "telephone numbers", "cookies", activity history, communications with "pictures,
        // images, sounds, videos", "IDs users use for external services".
        data: "name,email,phone,device_id,ip_address,cookies,usage_history,communications,photos_media,social_profile",
        id_documents: &[],
        // "we may ask them to bear the cost for user verification and other necessary costs"
        fees: Some("may charge the cost of user verification and other necessary costs (section 6)"),
        notes: "Contact address hidden behind an \"[email protected]\" placeholder in section 8.",
    },
    Seed {
        file: "001_59b863c7b4a95569.txt",
        name: "Unnamed company (policy 001)",
        legal_name: None,
        // "the customer's name, address, telephone number, and e-mail address", "usage history"
        data: "name,postal_address,phone,email,usage_history",
        // "a copy of documentation ... (driver's license, insurance certificate, etc.)"
        id_documents: &["copy of driver's license", "copy of insurance certificate"],
        fees: None,
        notes: "No contact address in the policy.",
    },
    Seed {
        file: "002_d5d8c8592fbef10a.txt",
        // "In providing the "METALIVE" solution": the service is named, its operator is not.
        name: "METALIVE",
        legal_name: None,
        // "name, date of birth", "e-mail addresses", IP address, cookies, device name, access
        // logs, payment via "credit card companies", posters' "address ... telephone number".
        data: "name,date_of_birth,email,ip_address,cookies,device_id,usage_history,payment_card,postal_address,phone",
        id_documents: &[],
        fees: None,
        notes: "Identity is confirmed before disclosure; no contact address in the policy.",
    },
    Seed {
        file: "003_24ef2a7d728e390c.txt",
        name: "IJGN",
        // "IJGN Inc. (hereinafter referred to as "the Company")"
        legal_name: Some("IJGN Inc."),
        // "name, email address", "action history on the communication service", terminal info.
        data: "name,email,usage_history,device_id",
        id_documents: &[],
        fees: None,
        notes: "Answers \"within a reasonable period\"; section 9 names no contact.",
    },
    Seed {
        file: "004_17a7ae113d290628.txt",
        name: "Jsers",
        // "Jsers, llc." / "Representative: Mayo Hori"
        legal_name: Some("Jsers, llc."),
        // "name, date of birth, address, phone number, email address, bank account number,
        // credit card number, and driver's license number", "transaction records".
        data: "name,date_of_birth,postal_address,phone,email,bank_account,payment_card,government_id,usage_history",
        id_documents: &[],
        fees: None,
        notes: "Representative: Mayo Hori. Contact address hidden behind an \"[email protected]\" placeholder.",
    },
];

const ME_EMAIL: &str = "hanako.yamada@example.org";
const ME_ADDRESS: &str = "〒150-0001 東京都渋谷区神宮前1-2-3";

fn emails_in(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || "<>()（）「」、，,;:：".contains(c))
        .filter(|w| w.contains('@'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
        .collect()
}

/// Article citations each kind of letter must carry, in Japanese and English.
fn citations(kind: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        "access" => (
            &["第33条第1項", "第33条第2項", "第39条第1項"],
            &["Article 33(1)", "Article 33(2)", "Article 39(1)"],
        ),
        "correction" => (
            &["第34条第1項", "第34条第3項", "第39条第1項"],
            &["Article 34(1)", "Article 34(3)", "Article 39(1)"],
        ),
        "deletion" | "stop-use" => (
            &["第35条", "第35条第5項", "第7項", "第39条第1項"],
            &["Article 35", "Article 35(5)", "Article 35(7)", "Article 39(1)"],
        ),
        _ => (&[], &[]),
    }
}

#[test]
fn seed_companies_get_correct_appi_letters() {
    let s = Sandbox::new();
    s.ok(&[
        "profile",
        "set",
        "--name",
        "山田 花子",
        "--alt-name",
        "ヤマダ ハナコ",
        "--email",
        ME_EMAIL,
        "--address",
        ME_ADDRESS,
    ]);
    for seed in SEEDS {
        let policy = std::fs::read_to_string(fixture(&format!("seeds/{}", seed.file))).expect("seed fixture exists");
        let mut args = vec![
            "service", "add", "--name", seed.name, "--law", "appi", "--data", seed.data, "--source", "policy",
        ];
        if let Some(l) = seed.legal_name {
            assert!(
                policy.contains(l),
                "{}: the legal name must come from the policy text",
                seed.file
            );
            args.extend(["--legal-name", l]);
        }
        for doc in seed.id_documents {
            args.extend(["--id-document", doc]);
        }
        if let Some(f) = seed.fees {
            args.extend(["--fees", f]);
        }
        args.extend(["--notes", seed.notes, "--account-id", ME_EMAIL, "--json"]);
        let svc = s.ok(&args).json();
        let id = svc["id"].as_i64().expect("id").to_string();
        assert_eq!(
            svc["language"], "ja",
            "{}: APPI services write in Japanese by default",
            seed.file
        );
        assert!(
            svc["emails"].as_array().is_some_and(Vec::is_empty),
            "{}: no seed policy shows a usable address, so none is entered",
            seed.file
        );
        let addressee = seed.legal_name.unwrap_or(seed.name);

        for kind in ["access", "correction", "deletion", "stop-use"] {
            for lang in ["ja", "en"] {
                let mut new = vec![
                    "request",
                    "new",
                    "--service",
                    &id,
                    "--kind",
                    kind,
                    "--lang",
                    lang,
                    "--date",
                    "2026-11-23",
                ];
                if kind == "correction" {
                    new.extend(["--details", "登録住所を「東京都渋谷区神宮前1-2-3」に訂正してください。"]);
                }
                if kind == "stop-use" {
                    new.extend(["--ground", "beyond-purpose,no-longer-needed"]);
                }
                let out = s.ok(&new).stdout;
                let mut it = out.split_whitespace();
                let (rid, reference) = (
                    it.next().expect("id").to_owned(),
                    it.next().expect("reference").to_owned(),
                );
                let letter = s.ok(&["request", "letter", &rid]).stdout;
                let ctx = format!("{} {kind} {lang}:\n{letter}", seed.file);
                let subject = letter.lines().next().unwrap_or_default();
                assert!(subject.contains(&reference), "the subject carries the reference, {ctx}");
                assert!(
                    letter.matches(&reference).count() >= 2,
                    "the body repeats the reference, {ctx}"
                );

                let (ja, en) = citations(kind);
                if lang == "ja" {
                    assert!(
                        letter.contains(&format!("{addressee} 御中")),
                        "addressed to {addressee}, {ctx}"
                    );
                    assert!(letter.contains("個人情報の保護に関する法律"), "names the Act, {ctx}");
                    for c in ja {
                        assert!(letter.contains(c), "cites {c}, {ctx}");
                    }
                    assert!(
                        letter.contains("郵送にてお送りします"),
                        "says it goes by post (no address published), {ctx}"
                    );
                    assert!(letter.contains("遅滞なく"), "states the APPI response period, {ctx}");
                } else {
                    assert!(
                        letter.contains(&format!("To: {addressee}")),
                        "addressed to {addressee}, {ctx}"
                    );
                    assert!(
                        letter.contains("Act on the Protection of Personal Information"),
                        "names the Act, {ctx}"
                    );
                    for c in en {
                        assert!(letter.contains(c), "cites {c}, {ctx}");
                    }
                    assert!(letter.contains("by post"), "says it goes by post, {ctx}");
                    assert!(
                        letter.contains("without delay"),
                        "states the APPI response period, {ctx}"
                    );
                }
                if kind == "access" {
                    let method = if lang == "ja" {
                        "電磁的記録の提供"
                    } else {
                        "provision of electronic records"
                    };
                    assert!(
                        letter.contains(method),
                        "names the electronic form of disclosure (Art. 33(1)), {ctx}"
                    );
                    assert!(
                        !letter.contains("第28条") && !letter.contains("Article 28(1)"),
                        "no pre-2022 numbering, {ctx}"
                    );
                }
                if kind == "correction" {
                    assert!(letter.contains("神宮前1-2-3」に訂正"), "carries the correction, {ctx}");
                }
                if kind == "stop-use" {
                    assert!(
                        letter.contains("第35条第1項・第5項") || letter.contains("Article 35(1) and (5)"),
                        "cites the grounds' paragraphs, {ctx}"
                    );
                }
                for e in emails_in(&letter) {
                    assert!(
                        e == ME_EMAIL || policy.contains(&e),
                        "{e} appears in the letter but neither in the policy nor the profile, {ctx}"
                    );
                }
                assert!(
                    !letter.contains("[email protected]"),
                    "the placeholder is never used as an address, {ctx}"
                );
                let postcodes = letter.matches('〒').count();
                assert_eq!(
                    postcodes,
                    letter.matches(ME_ADDRESS).count(),
                    "the only postal address is the sender's own, {ctx}"
                );

                let eml = s.ok(&["request", "letter", &rid, "--format", "eml"]).stdout;
                assert!(
                    !eml.contains("\r\nTo:"),
                    "no To header: no address is invented, {}",
                    seed.file
                );
                assert!(
                    eml.contains("\r\nFrom: ") && eml.contains(&format!("<{ME_EMAIL}>")),
                    "sent from the profile"
                );
                if lang == "ja" {
                    assert!(
                        eml.contains("Subject: =?UTF-8?B?"),
                        "Japanese subjects are RFC 2047 encoded"
                    );
                }
            }
        }
    }
    let list = s.ok(&["request", "list", "--json"]).json();
    assert_eq!(
        list.as_array().map(Vec::len),
        Some(SEEDS.len() * 8),
        "five companies, four kinds, two languages"
    );
}

#[test]
fn identity_documents_the_policy_names_reach_the_letter() {
    let s = Sandbox::new();
    s.ok(&["profile", "set", "--name", "Hanako Yamada", "--email", ME_EMAIL]);
    let seed = &SEEDS[1];
    let mut args = vec!["service", "add", "--name", seed.name, "--law", "appi"];
    for doc in seed.id_documents {
        args.extend(["--id-document", doc]);
    }
    s.ok(&args);
    s.ok(&["request", "new", "--service", "1", "--kind", "access", "--lang", "en"]);
    let letter = s.ok(&["request", "letter", "1"]).stdout;
    assert!(
        letter.contains("copy of driver's license, copy of insurance certificate"),
        "{letter}"
    );
    assert!(
        letter.contains("Article 37(1)"),
        "procedure and fees under Art. 37: {letter}"
    );
}
