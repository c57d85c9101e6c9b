//! Reading a privacy policy: who the company is, whom to write to, what it holds, which rights
//! it offers, what proof and fee it asks for, how fast it promises to answer, and which laws it
//! names. Each finding keeps the sentence it came from and a confidence, so the user sees why.
//!
//! Rules, not a model: keyword tables in English and Japanese over sentences and clauses, with
//! negation ("we do not collect ..."), distractors (a regulator's or a vendor's address is not a
//! contact) and context (a retention period is not a response time). The tests in this module
//! cover each tricky rule; `tests/fixtures/seeds/*.expected.json` hold what a careful reader finds
//! in the five seed policies.

pub mod html;

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::model::{DataCategory, Law};

/// How sure a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename = "FindingConfidence", rename_all = "lowercase")]
pub enum Confidence {
    /// Said in so many words ("Email: privacy@...", "(hereinafter the Company)").
    High,
    /// Found by a keyword in a fitting sentence.
    Medium,
    /// Found in a definition or a vague sentence; check it.
    Low,
}

/// Why a value was found: the sentence and how sure the finding is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Evidence {
    /// The finding's key (`contact_emails`, `data_categories` ...).
    pub field: String,
    /// The value found.
    pub value: String,
    /// The sentence it came from.
    pub sentence: String,
    /// How sure.
    pub confidence: Confidence,
}

/// What a policy says, with the evidence for each value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PolicyFindings {
    /// How the policy names the company or service; null if it never does.
    pub service_name: Option<String>,
    /// Addresses for privacy contact, requests or opt-outs.
    pub contact_emails: Vec<String>,
    /// Addresses the page hid behind "[email protected]" and that could not be recovered.
    pub hidden_emails: u32,
    /// The postal address given for contact.
    pub postal_address: Option<String>,
    /// The phone number given for contact.
    pub phone: Option<String>,
    /// Web forms for requests or enquiries.
    pub webform_urls: Vec<String>,
    /// The data it says it holds.
    pub data_categories: Vec<DataCategory>,
    /// The rights it offers: access, correction, deletion, stop-use, restriction, portability,
    /// opt-out, object-marketing.
    pub rights: Vec<String>,
    /// The proof of identity it asks for (drivers_license, health_insurance_card, passport,
    /// residence_card, my_number_card, identity_document, account); `unspecified` when it
    /// verifies identity without saying how; null when it says nothing.
    pub identity_verification: Option<Vec<String>>,
    /// Whether it mentions a fee for requests.
    pub fee_mentioned: bool,
    /// The sentence about the fee.
    pub fee_text: Option<String>,
    /// The response time it promises, as written ("without delay", "within 30 days", 遅滞なく).
    pub response_time: Option<String>,
    /// The laws it names or clearly invokes: appi, gdpr, uk-gdpr, ccpa, lgpd, pipeda, fadp, pipa,
    /// pdpa, other.
    pub laws: Vec<String>,
    /// Why: one entry per value.
    pub evidence: Vec<Evidence>,
}

impl PolicyFindings {
    /// The law a request to this service goes under: the first specific law found, APPI first
    /// (the policies this was built for are Japanese), else none.
    pub fn default_law(&self) -> Option<Law> {
        const ORDER: [(&str, Law); 9] = [
            ("appi", Law::Appi),
            ("uk-gdpr", Law::UkGdpr),
            ("gdpr", Law::Gdpr),
            ("ccpa", Law::Ccpa),
            ("lgpd", Law::Lgpd),
            ("pipeda", Law::Pipeda),
            ("fadp", Law::Fadp),
            ("pipa", Law::Pipa),
            ("pdpa", Law::Pdpa),
        ];
        ORDER
            .iter()
            .find(|(code, _)| self.laws.iter().any(|l| l == code))
            .map(|(_, law)| *law)
    }

    /// The evidence for one value of one field.
    pub fn evidence_for(&self, field: &str, value: &str) -> Option<&Evidence> {
        self.evidence.iter().find(|e| e.field == field && e.value == value)
    }
}

/// A policy read for the app: the findings and the service record they suggest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PolicyReading {
    /// What the policy says, with evidence.
    pub findings: PolicyFindings,
    /// The service fields it suggests (nothing is saved until the user confirms).
    pub suggestion: crate::desk::ServiceInput,
    /// Where it came from: the URL after redirects, or the file's name.
    pub source: String,
}

/// Reads a policy the user pasted: refused when empty or larger than 5 MB.
pub fn read_pasted(text: &str, today: chrono::NaiveDate) -> crate::error::Result<PolicyReading> {
    if text.trim().is_empty() {
        return Err(crate::error::Error::invalid("policy", "paste the policy's text first"));
    }
    if text.len() > MAX_POLICY_BYTES {
        return Err(crate::error::Error::invalid(
            "policy",
            "the text is larger than 5 MB; paste only the privacy policy",
        ));
    }
    Ok(read(text, "pasted text", today))
}

/// Reads a policy's text (plain or HTML) from `source` on `today`.
pub fn read(text: &str, source: &str, today: chrono::NaiveDate) -> PolicyReading {
    let findings = analyze(text);
    let suggestion = service_input(&findings, source, today);
    PolicyReading {
        findings,
        suggestion,
        source: source.to_owned(),
    }
}

/// The service record a policy suggests: the fields it found, marked as read from `source` on
/// `read_on`. Fields it did not find stay unset, so applying this to an existing service keeps
/// what the user typed there.
pub fn service_input(f: &PolicyFindings, source: &str, read_on: chrono::NaiveDate) -> crate::desk::ServiceInput {
    let legal = f.service_name.as_deref().filter(|n| trailing_company(n).is_some());
    let display = f.service_name.as_deref().map(|n| match legal {
        Some(l) => short_name(l),
        None => n.to_owned(),
    });
    let law = f.default_law();
    let mut notes = Vec::new();
    if f.hidden_emails > 0 {
        notes.push(format!(
            "The policy hides {} e-mail address(es) behind \"[email protected]\": open the page in a browser and type the address here.",
            f.hidden_emails
        ));
    }
    if !f.rights.is_empty() {
        notes.push(format!("Rights the policy offers: {}.", f.rights.join(", ")));
    }
    if let Some(t) = &f.response_time {
        notes.push(format!("It promises to answer: {t}."));
    }
    crate::desk::ServiceInput {
        display_name: display,
        legal_name: legal.map(str::to_owned),
        emails: (!f.contact_emails.is_empty()).then(|| f.contact_emails.clone()),
        postal_address: f.postal_address.clone(),
        webform_url: f.webform_urls.first().cloned(),
        phone: f.phone.clone(),
        law,
        language: law.map(Law::default_language),
        data_categories: (!f.data_categories.is_empty()).then(|| f.data_categories.clone()),
        identity_documents: f
            .identity_verification
            .as_ref()
            .map(|docs| docs.iter().map(|d| id_document_label(d).to_owned()).collect()),
        fees: f.fee_text.clone(),
        notes: (!notes.is_empty()).then(|| notes.join("\n")),
        source: Some(crate::model::ServiceSource::Policy),
        policy_source: Some(source.to_owned()),
        policy_read_on: Some(read_on.to_string()),
        ..crate::desk::ServiceInput::default()
    }
}

/// "Jsers, llc." -> "Jsers"; "IJGN Inc." -> "IJGN".
fn short_name(legal: &str) -> String {
    let lower = legal.to_lowercase();
    for suffix in COMPANY_SUFFIXES {
        if let Some(stripped) = lower.strip_suffix(suffix)
            && lower.len() == legal.len()
            && legal.is_char_boundary(stripped.len())
        {
            let name = legal[..stripped.len()].trim_end_matches([' ', ',']).trim();
            if !name.is_empty() {
                return name.to_owned();
            }
        }
    }
    legal.to_owned()
}

/// Words for an identity-proof code, as the service record keeps them.
pub fn id_document_label(code: &str) -> &str {
    match code {
        "drivers_license" => "driver's licence (copy)",
        "health_insurance_card" => "health insurance card (copy)",
        "passport" => "passport (copy)",
        "residence_card" => "residence card (copy)",
        "my_number_card" => "My Number card (copy)",
        "identity_document" => "identity document (copy)",
        "account" => "the account's e-mail address or login",
        "unspecified" => "identity check (the policy does not say how)",
        other => other,
    }
}

/// The largest policy analysed: longer text is cut here (a policy is rarely over 200 KB).
pub const MAX_POLICY_BYTES: usize = 5 * 1024 * 1024;

/// Analyses a policy given as plain text or HTML (detected).
pub fn analyze(input: &str) -> PolicyFindings {
    let input = cut(input, MAX_POLICY_BYTES);
    if html::looks_like_html(input) {
        let h = html::to_text(input);
        analyze_text(&h.text)
    } else {
        analyze_text(input)
    }
}

fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// One sentence of the policy: the text as shown, and a lower-cased copy to match on.
struct Sentence {
    text: String,
    lower: String,
}

/// Full-width ASCII (ＡＢＣ＠１) to ASCII, odd spaces to spaces.
fn normalize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{00A0}' | '\u{3000}' | '\u{2002}'..='\u{200A}' => ' ',
            '\u{2019}' | '\u{02BC}' => '\'',
            _ => c,
        })
        .collect()
}

fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let mut start = 0;
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        for (k, &(i, c)) in chars.iter().enumerate() {
            let end_here = match c {
                '。' | '！' | '？' => Some(i + c.len_utf8()),
                '.' | '!' | '?' => {
                    // ". " followed by a capital, a digit or an opening bracket ends a sentence;
                    // "etc.", "e.g." and "Inc." inside a sentence rarely are followed by a capital.
                    let next = chars.get(k + 1).map(|x| x.1);
                    let after = chars.get(k + 2).map(|x| x.1);
                    let word: String = line[..i]
                        .chars()
                        .rev()
                        .take_while(|c| c.is_alphanumeric())
                        .collect::<String>()
                        .to_lowercase();
                    // Reversed: inc, ltd, llc, co, corp, mr, ms, dr, no.
                    let abbrev = matches!(
                        word.as_str(),
                        "cni" | "dtl" | "cll" | "oc" | "proc" | "rm" | "sm" | "rd" | "on"
                    );
                    (next == Some(' ')
                        && after.is_some_and(|a| {
                            a.is_uppercase() || a.is_ascii_digit() || a == '(' || a == '“' || a == '"'
                        })
                        && !abbrev)
                        .then_some(i + 1)
                }
                _ => None,
            };
            if let Some(e) = end_here {
                push_sentence(&mut out, &line[start..e]);
                start = e;
            }
        }
        push_sentence(&mut out, &line[start..]);
    }
    out
}

fn push_sentence(out: &mut Vec<Sentence>, s: &str) {
    let s = s.trim();
    if !s.is_empty() {
        out.push(Sentence {
            text: s.to_owned(),
            lower: s.to_lowercase(),
        });
    }
}

/// Whether any of `needles` occurs in `hay`.
fn any(hay: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| hay.contains(n))
}

fn shorten(s: &str) -> String {
    const MAX: usize = 400;
    if s.len() <= MAX {
        return s.to_owned();
    }
    format!("{}…", cut(s, MAX))
}

struct Collector {
    f: PolicyFindings,
}

impl Collector {
    fn note(&mut self, field: &str, value: &str, sentence: &str, confidence: Confidence) {
        if let Some(e) = self
            .f
            .evidence
            .iter_mut()
            .find(|e| e.field == field && e.value == value)
        {
            // Keep the surest sentence.
            if confidence < e.confidence {
                e.sentence = shorten(sentence);
                e.confidence = confidence;
            }
            return;
        }
        self.f.evidence.push(Evidence {
            field: field.to_owned(),
            value: value.to_owned(),
            sentence: shorten(sentence),
            confidence,
        });
    }
}

/// Analyses plain text.
pub fn analyze_text(text: &str) -> PolicyFindings {
    let text = normalize(cut(text, MAX_POLICY_BYTES));
    let all = sentences(&text);
    let mut c = Collector {
        f: PolicyFindings::default(),
    };
    hidden_emails(&mut c, &all);
    service_name(&mut c, &all);
    contacts(&mut c, &all);
    address_and_phone(&mut c, &all);
    categories(&mut c, &all);
    rights(&mut c, &all);
    identity(&mut c, &all);
    fee(&mut c, &all);
    response_time(&mut c, &all);
    laws(&mut c, &all);
    c.f
}

// ---- contacts ---------------------------------------------------------------------------------

static HIDDEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\[\s*email\s*protected\s*\]").expect("regex"));
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}")
        .expect("regex")
});
static OBF_AT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\s*[\(\[\{<]\s*(?:at|@|アット)\s*[\)\]\}>]\s*").expect("regex"));
static OBF_DOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\s*[\(\[\{<]\s*(?:dot|\.|ドット)\s*[\)\]\}>]\s*").expect("regex"));
static SPELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([a-z0-9][a-z0-9._+-]*)\s+at\s+([a-z0-9-]+(?:\s+dot\s+[a-z0-9-]+)+)\b").expect("regex")
});

fn hidden_emails(c: &mut Collector, all: &[Sentence]) {
    for s in all.iter().filter(|s| s.lower.contains("protected")) {
        let n = HIDDEN.find_iter(&s.text).count();
        if n > 0 {
            c.f.hidden_emails += u32::try_from(n).unwrap_or(u32::MAX);
            let total = c.f.hidden_emails.to_string();
            c.note("hidden_emails", &total, &s.text, Confidence::High);
        }
    }
}

/// The sentence with obfuscated addresses written out.
fn deobfuscate(s: &str) -> String {
    let s = OBF_AT.replace_all(s, "@");
    let s = OBF_DOT.replace_all(&s, ".");
    SPELLED
        .replace_all(&s, |caps: &regex::Captures<'_>| {
            let domain = caps[2]
                .split_whitespace()
                .filter(|w| !w.eq_ignore_ascii_case("dot"))
                .collect::<Vec<_>>()
                .join(".");
            format!("{}@{}", &caps[1], domain)
        })
        .into_owned()
}

/// Addresses that belong to regulators: never the company's contact.
fn regulator_domain(domain: &str) -> bool {
    const DOMAINS: &[&str] = &[
        "ppc.go.jp",
        "ico.org.uk",
        "europa.eu",
        "cnil.fr",
        "bfdi.bund.de",
        "oag.ca.gov",
        "cppa.ca.gov",
        "priv.gc.ca",
        "edoeb.admin.ch",
        "pipc.go.kr",
        "oaic.gov.au",
        "pdpc.gov.sg",
        "anpd.gov.br",
        "dataprotection.ie",
        "aepd.es",
        "garanteprivacy.it",
        "autoriteitpersoonsgegevens.nl",
    ];
    DOMAINS
        .iter()
        .any(|d| domain == *d || domain.ends_with(&format!(".{d}")))
        || domain.ends_with(".gov")
        || domain.ends_with(".go.jp")
        || domain.ends_with(".gov.uk")
        || domain.ends_with(".lg.jp")
}

const CONTACT_CUES: &[&str] = &[
    "contact",
    "inquir",
    "enquir",
    "request",
    "privacy",
    "data protection officer",
    "dpo",
    "opt out",
    "opt-out",
    "unsubscribe",
    "email:",
    "e-mail:",
    "mail:",
    "write to",
    "reach us",
    "お問い合わせ",
    "問合せ",
    "窓口",
    "連絡",
    "ご請求",
];
const DISTRACTOR_CUES: &[&str] = &[
    "supervisory authority",
    "authority",
    "commission",
    "regulator",
    "ombudsman",
    "processor",
    "vendor",
    "service provider",
    "subcontractor",
    "sub-contractor",
    "their own privacy",
    "their privacy policy",
    "委託先",
    "個人情報保護委員会",
    "監督機関",
    "consumer center",
    "bar association",
];

fn contacts(c: &mut Collector, all: &[Sentence]) {
    let mut prev_is_contact_heading = false;
    for s in all {
        let obfuscated = any(&s.lower, &["at)", "at]", "at}", "at>", " at ", "アット", "(@)", "[@]"]);
        if !s.text.contains('@') && !obfuscated {
            prev_is_contact_heading =
                s.text.len() < 60 && any(&s.lower, &["contact", "お問い合わせ", "窓口", "inquir"]);
            continue;
        }
        let text = if obfuscated {
            deobfuscate(&s.text)
        } else {
            s.text.clone()
        };
        let lower = &s.lower;
        let distractor =
            any(lower, DISTRACTOR_CUES) && !any(lower, &["contact us", "us at", "email us", "write to us"]);
        for m in EMAIL.find_iter(&text) {
            let addr = m.as_str().trim_end_matches('.').to_owned();
            let domain = addr.rsplit('@').next().unwrap_or_default().to_ascii_lowercase();
            if regulator_domain(&domain) || distractor {
                continue;
            }
            let confidence = if any(lower, CONTACT_CUES) || prev_is_contact_heading {
                Confidence::High
            } else {
                Confidence::Medium
            };
            if !c.f.contact_emails.iter().any(|a| a.eq_ignore_ascii_case(&addr)) {
                c.f.contact_emails.push(addr.clone());
            }
            c.note("contact_emails", &addr, &s.text, confidence);
        }
        prev_is_contact_heading = s.text.len() < 60 && any(lower, &["contact", "お問い合わせ", "窓口", "inquir"]);
    }
}

static POSTCODE_JP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"〒\s?\d{3}-?\d{4}").expect("regex"));
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\btel\b|\bphone\b|telephone|電話番号|電話)\s*(?:number)?\s*[:：]?\s*(\+?\(?\d[\d\-\s().]{7,}\d)",
    )
    .expect("regex")
});
static URL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"https?://[^\s<>"'）)」]+"#).expect("regex"));

fn address_and_phone(c: &mut Collector, all: &[Sentence]) {
    for s in all {
        if c.f.postal_address.is_none() && any(&s.lower, &["〒", "address", "所在地", "住所"]) {
            let labelled = ["address:", "所在地", "住所:", "住所："]
                .iter()
                .find_map(|l| s.lower.find(l).map(|i| i + l.len()));
            let value = if let Some(m) = POSTCODE_JP.find(&s.text) {
                Some((s.text[m.start()..].trim().to_owned(), Confidence::High))
            } else {
                labelled
                    .and_then(|i| s.text.get(i..))
                    .map(|v| v.trim_start_matches([':', '：', ' ']).trim().to_owned())
                    .filter(|v| v.len() > 8 && v.chars().any(|c| c.is_ascii_digit()) && !v.contains('@'))
                    .map(|v| (v, Confidence::Medium))
            };
            if let Some((v, conf)) = value {
                c.note("postal_address", &v, &s.text, conf);
                c.f.postal_address = Some(v);
            }
        }
        if c.f.phone.is_none()
            && any(&s.lower, &["tel", "phone", "電話"])
            && let Some(m) = PHONE.captures(&s.text).and_then(|cap| cap.get(1))
        {
            let v = m.as_str().trim().to_owned();
            if v.chars().filter(char::is_ascii_digit).count() >= 9 {
                c.note("phone", &v, &s.text, Confidence::High);
                c.f.phone = Some(v);
            }
        }
        if s.lower.contains("http") && any(&s.lower, &["form", "フォーム", "portal", "窓口", "request page"]) {
            for m in URL.find_iter(&s.text) {
                let url = m.as_str().trim_end_matches(['.', ',', ';']).to_owned();
                if !c.f.webform_urls.contains(&url) {
                    c.f.webform_urls.push(url.clone());
                }
                c.note("webform_urls", &url, &s.text, Confidence::Medium);
            }
        }
    }
}

// ---- the service's name -------------------------------------------------------------------------

const COMPANY_SUFFIXES: &[&str] = &[
    "co., ltd.",
    "co.,ltd.",
    "co. ltd.",
    "ltd.",
    "llc.",
    "llc",
    "inc.",
    "inc",
    "corporation",
    "corp.",
    "k.k.",
    "gmbh",
    "plc",
    "limited",
];

static HEREINAFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\(\s*hereinafter(?: referred to as)?\s*["“'‘]?\s*(?:the )?(?:company|we|us|our company)\b"#)
        .expect("regex")
});
static JA_COMPANY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:株式会社|合同会社|有限会社)[^\s（(「、。]{1,30}|[^\s（(「、。]{1,30}(?:株式会社|合同会社|有限会社))\s*[（(]以下[、,]?\s*「(?:当社|弊社)」").expect("regex")
});
static QUOTED_SERVICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\bthe\s+["“]([^"”]{2,40})["”]\s+(?:solution|service|app|application|platform|website|site)\b"#)
        .expect("regex")
});

/// A company name ending at byte `end` of `text` (just after its suffix, which starts at
/// `suffix_start`): up to four capitalised words before the suffix.
fn company_before(text: &str, suffix_start: usize, end: usize) -> Option<String> {
    let before = text[..suffix_start].trim_end_matches([' ', ',']);
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut offset = 0;
    for w in before.split(' ') {
        words.push((offset, w));
        offset += w.len() + 1;
    }
    let mut start = None;
    for (at, w) in words.iter().rev().take(4) {
        let bare = w.trim_matches(|c: char| matches!(c, ',' | '"' | '“' | '”' | '(' | ')'));
        if !bare
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        {
            break;
        }
        start = Some(*at + (w.len() - w.trim_start_matches(['"', '“', '(']).len()));
    }
    start.map(|s| text[s..end].trim().to_owned())
}

fn service_name(c: &mut Collector, all: &[Sentence]) {
    // "X Inc. (hereinafter referred to as "the Company")": the surest form. The name may end the
    // previous sentence.
    for (k, s) in all.iter().enumerate() {
        let Some(m) = HEREINAFTER.find(&s.text) else { continue };
        let candidates = [
            Some(&s.text[..m.start()]),
            k.checked_sub(1).map(|p| all[p].text.as_str()),
        ];
        for before in candidates.into_iter().flatten() {
            if let Some(name) = trailing_company(before) {
                let evidence = if before == &s.text[..m.start()] {
                    s.text.clone()
                } else {
                    format!("{before} {}", s.text)
                };
                c.note("service_name", &name, &evidence, Confidence::High);
                c.f.service_name = Some(name);
                return;
            }
            if !before.trim().is_empty() {
                break;
            }
        }
    }
    for s in all {
        if let Some(cap) = JA_COMPANY.captures(&s.text) {
            let name = cap[1].to_owned();
            c.note("service_name", &name, &s.text, Confidence::High);
            c.f.service_name = Some(name);
            return;
        }
    }
    for s in all {
        if let Some(cap) = QUOTED_SERVICE.captures(&s.text) {
            let name = cap[1].trim().to_owned();
            c.note("service_name", &name, &s.text, Confidence::Medium);
            c.f.service_name = Some(name);
            return;
        }
    }
    // A line near the top that is only a company name.
    for s in all.iter().take(8) {
        if s.text.len() < 60
            && let Some(name) = trailing_company(&s.text).filter(|n| n.len() + 2 >= s.text.trim_end_matches('.').len())
        {
            c.note("service_name", &name, &s.text, Confidence::Medium);
            c.f.service_name = Some(name);
            return;
        }
    }
}

/// A company name (with its suffix) that ends `text`.
fn trailing_company(text: &str) -> Option<String> {
    let t = text.trim_end();
    let lower = t.to_lowercase();
    if lower.len() != t.len() {
        return None;
    }
    for suffix in COMPANY_SUFFIXES {
        if let Some(stripped) = lower.strip_suffix(suffix) {
            let boundary = stripped.is_empty() || stripped.ends_with([' ', ',']);
            if boundary && t.is_char_boundary(stripped.len()) {
                return company_before(t, stripped.len(), t.len());
            }
        }
    }
    None
}

// ---- data categories ----------------------------------------------------------------------------

const NEGATIONS: &[&str] = &[
    "do not collect",
    "does not collect",
    "don't collect",
    "never collect",
    "will not collect",
    "won't collect",
    "not collect",
    "no longer collect",
    "is not collected",
    "are not collected",
    "do not obtain",
    "does not obtain",
    "do not acquire",
    "do not ask for",
    "never ask",
    "do not store",
    "do not request",
    "収集しません",
    "取得しません",
    "取得いたしません",
    "収集いたしません",
    "取得することはありません",
    "収集することはありません",
];

/// Keywords per category. A keyword starting with `=` must stand as a whole word.
const CATEGORY_WORDS: &[(DataCategory, &[&str])] = &[
    (
        DataCategory::Name,
        &["=name", "=names", "full name", "氏名", "お名前", "名前", "nickname"],
    ),
    (
        DataCategory::Email,
        &["email address", "e-mail address", "mail address", "メールアドレス"],
    ),
    (
        DataCategory::PostalAddress,
        &["=address", "postal address", "mailing address", "home address", "住所"],
    ),
    (
        DataCategory::Phone,
        &["telephone", "phone number", "mobile number", "電話番号"],
    ),
    (
        DataCategory::DateOfBirth,
        &["date of birth", "birth date", "birthday", "生年月日"],
    ),
    (DataCategory::Gender, &["gender", "=sex", "性別"]),
    (
        DataCategory::PaymentCard,
        &[
            "credit card",
            "debit card",
            "payment card",
            "card number",
            "payment information",
            "クレジットカード",
        ],
    ),
    (DataCategory::BankAccount, &["bank account", "銀行口座", "口座番号"]),
    (
        DataCategory::GovernmentId,
        &[
            "license number",
            "licence number",
            "passport number",
            "social security",
            "my number",
            "individual number",
            "national id",
            "マイナンバー",
            "個人番号",
            "免許証番号",
        ],
    ),
    (
        DataCategory::IpAddress,
        &["ip address", "internet protocol", "ipアドレス"],
    ),
    (DataCategory::Cookies, &["cookie", "クッキー"]),
    (
        DataCategory::DeviceId,
        &[
            "terminal identifier",
            "device identifier",
            "=device id",
            "advertising id",
            "=idfa",
            "name of the device",
            "device name",
            "端末識別",
            "端末id",
            "広告識別子",
        ],
    ),
    (DataCategory::Location, &["location", "=gps", "位置情報"]),
    (
        DataCategory::UsageHistory,
        &[
            "usage history",
            "activity history",
            "action history",
            "browsing history",
            "purchase history",
            "transaction record",
            "access log",
            "log data",
            "log file",
            "page view",
            "利用履歴",
            "閲覧履歴",
            "購入履歴",
            "購買履歴",
            "アクセスログ",
            "行動履歴",
        ],
    ),
    (
        DataCategory::Communications,
        &[
            "communications",
            "=messages",
            "chat",
            "correspondence",
            "メッセージ",
            "通信内容",
        ],
    ),
    (
        DataCategory::PhotosMedia,
        &[
            "photo",
            "picture",
            "image",
            "video",
            "=sounds",
            "audio",
            "voice recording",
            "写真",
            "画像",
            "動画",
        ],
    ),
    (
        DataCategory::Contacts,
        &[
            "address book",
            "contact list",
            "your contacts",
            "phone contacts",
            "アドレス帳",
        ],
    ),
    (
        DataCategory::Biometric,
        &[
            "biometric",
            "fingerprint",
            "face recognition",
            "facial",
            "生体",
            "指紋",
            "顔認証",
        ],
    ),
    (
        DataCategory::Health,
        &[
            "health data",
            "health information",
            "health condition",
            "health record",
            "medical",
            "病歴",
            "健康状態",
            "診療",
        ],
    ),
    (
        DataCategory::SocialProfile,
        &[
            "social media",
            "social network",
            "=sns",
            "facebook",
            "external service",
            "ソーシャル",
        ],
    ),
];

/// Words that, just before "name"/"address", make it something else ("domain names", "IP address").
const NOT_PERSONAL_BEFORE: &[&str] = &[
    "domain",
    "file",
    "device",
    "brand",
    "company",
    "product",
    "trade",
    "host",
    "user",
    "e-mail",
    "email",
    "mail",
    "ip",
    "web",
    "url",
    "mac",
    "protocol)",
];

/// Phrases removed before matching: they name a category word without being data.
const NOT_DATA: &[&str] = &[
    "public health",
    "distributing videos",
    "distribution of videos",
    "streaming services",
    "addressed",
    "contact information",
    "e-mail transmissions",
    "email transmissions",
];

fn whole_word_at(hay: &str, at: usize, len: usize) -> bool {
    let before = hay[..at].chars().next_back();
    let after = hay[at + len..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

fn finds(clause: &str, word: &str) -> bool {
    if let Some(w) = word.strip_prefix('=') {
        let mut from = 0;
        while let Some(i) = clause[from..].find(w) {
            let at = from + i;
            if whole_word_at(clause, at, w.len()) {
                let prev_word = clause[..at].split_whitespace().next_back().unwrap_or_default();
                if !(matches!(w, "name" | "names" | "address") && NOT_PERSONAL_BEFORE.contains(&prev_word)) {
                    return true;
                }
            }
            from = at + w.len();
        }
        false
    } else {
        clause.contains(word)
    }
}

fn is_definition(lower: &str) -> bool {
    any(lower, &["is defined as", " means ", "refers to", "とは、", "とは"])
}

static CLAUSE_SEPARATORS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::new([";", " but ", " however", "、ただし", "ただし、"]).expect("separators")
});

/// A sentence's clauses: negation in one ("we do not sell it; we collect your name") does not
/// reach the others.
fn clauses(lower: &str) -> impl Iterator<Item = &str> {
    let mut last = 0;
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for m in CLAUSE_SEPARATORS.find_iter(lower) {
        cuts.push((last, m.start()));
        last = m.end();
    }
    cuts.push((last, lower.len()));
    cuts.into_iter().map(move |(a, b)| &lower[a..b])
}

/// Every category keyword in one automaton: (category index, whole word?) per pattern.
static CATEGORY_MATCHER: LazyLock<(aho_corasick::AhoCorasick, Vec<(usize, bool)>)> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    let mut meta = Vec::new();
    for (i, (_, words)) in CATEGORY_WORDS.iter().enumerate() {
        for w in *words {
            let whole = w.starts_with('=');
            patterns.push(w.trim_start_matches('='));
            meta.push((i, whole));
        }
    }
    (
        aho_corasick::AhoCorasick::new(patterns).expect("category keywords"),
        meta,
    )
});

static NEGATION_MATCHER: LazyLock<aho_corasick::AhoCorasick> =
    LazyLock::new(|| aho_corasick::AhoCorasick::new(NEGATIONS).expect("negations"));
static NOT_DATA_MATCHER: LazyLock<aho_corasick::AhoCorasick> =
    LazyLock::new(|| aho_corasick::AhoCorasick::new(NOT_DATA).expect("phrases"));

fn categories(c: &mut Collector, all: &[Sentence]) {
    let (matcher, meta) = &*CATEGORY_MATCHER;
    for s in all {
        let conf = if is_definition(&s.lower) {
            Confidence::Low
        } else {
            Confidence::Medium
        };
        for clause in clauses(&s.lower) {
            if NEGATION_MATCHER.is_match(clause) {
                continue;
            }
            let clause: std::borrow::Cow<'_, str> = if NOT_DATA_MATCHER.is_match(clause) {
                NOT_DATA_MATCHER.replace_all(clause, &[" "; NOT_DATA.len()]).into()
            } else {
                clause.into()
            };
            let clause: &str = &clause;
            let mut found = [false; 32];
            for m in matcher.find_overlapping_iter(clause) {
                let (i, whole) = meta[m.pattern().as_usize()];
                if found[i] {
                    continue;
                }
                let ok = if whole {
                    let w = &clause[m.start()..m.end()];
                    whole_word_at(clause, m.start(), m.len()) && {
                        let prev_word = clause[..m.start()].split_whitespace().next_back().unwrap_or_default();
                        !(matches!(w, "name" | "names" | "address") && NOT_PERSONAL_BEFORE.contains(&prev_word))
                    }
                } else {
                    true
                };
                found[i] = ok;
            }
            for (i, (cat, _)) in CATEGORY_WORDS.iter().enumerate() {
                if found[i] {
                    if !c.f.data_categories.contains(cat) {
                        c.f.data_categories.push(*cat);
                    }
                    c.note("data_categories", cat.code(), &s.text, conf);
                }
            }
        }
    }
}

// ---- rights, identity, fee, response time -------------------------------------------------------

const REQUEST_CUES: &[&str] = &[
    "request",
    "=ask",
    "right to",
    "right of",
    "you can",
    "you may",
    "allow",
    "求め",
    "請求",
    "権利",
    "申し出",
    "できます",
];

const RIGHT_WORDS: &[(&str, &[&str])] = &[
    (
        "access",
        &[
            "disclos",
            "access to your",
            "access to their",
            "right of access",
            "copy of your",
            "開示",
        ],
    ),
    ("correction", &["correct", "rectif", "amend", "modify", "訂正"]),
    ("deletion", &["delet", "erase", "erasure", "eliminat", "消去", "削除"]),
    (
        "stop-use",
        &[
            "stop using",
            "stop use",
            "suspend the use",
            "suspension of use",
            "suspend or",
            "cease using",
            "利用停止",
            "利用の停止",
        ],
    ),
    ("restriction", &["restrict"]),
    ("portability", &["portab", "machine-readable"]),
    (
        "opt-out",
        &[
            "opt out",
            "opt-out",
            "do not sell",
            "sale of your personal",
            "sell or share",
            "第三者提供の停止",
        ],
    ),
    (
        "object-marketing",
        &["object to", "unsubscribe", "direct marketing", "配信停止"],
    ),
];

fn has_request_cue(lower: &str) -> bool {
    REQUEST_CUES.iter().any(|w| finds(lower, w))
}

fn rights(c: &mut Collector, all: &[Sentence]) {
    for s in all {
        if !has_request_cue(&s.lower) {
            continue;
        }
        let third_party = any(&s.lower, &["third part", "investigation", "court", "police", "第三者"]);
        for (right, words) in RIGHT_WORDS {
            if !any(&s.lower, words) {
                continue;
            }
            // "disclosure to a third party" or "when the police request disclosure" is not the
            // person's right of access.
            if *right == "access" && third_party {
                continue;
            }
            if *right == "object-marketing" && !any(&s.lower, &["marketing", "unsubscribe", "配信", "advertis"]) {
                continue;
            }
            if !c.f.rights.iter().any(|r| r == right) {
                c.f.rights.push((*right).to_owned());
            }
            c.note("rights", right, &s.text, Confidence::Medium);
        }
    }
}

const ID_DOCUMENTS: &[(&str, &[&str])] = &[
    (
        "drivers_license",
        &[
            "driver's license",
            "driver's licence",
            "drivers license",
            "driving licence",
            "driving license",
            "運転免許証",
        ],
    ),
    (
        "health_insurance_card",
        &["insurance certificate", "insurance card", "健康保険証", "保険証"],
    ),
    ("passport", &["passport", "パスポート"]),
    ("residence_card", &["residence card", "在留カード"]),
    (
        "my_number_card",
        &[
            "my number card",
            "individual number card",
            "マイナンバーカード",
            "個人番号カード",
        ],
    ),
    (
        "identity_document",
        &[
            "identity document",
            "identification document",
            "photo id",
            "proof of identity",
            "本人確認書類",
        ],
    ),
    (
        "account",
        &[
            "registered email",
            "registered e-mail",
            "log in to your account",
            "sign in to your account",
            "登録メールアドレス",
        ],
    ),
];

const IDENTITY_CUES: &[&str] = &[
    "identity",
    "identification",
    "verif",
    "confirm",
    "actual user",
    "the user himself",
    "本人確認",
    "本人であること",
    "ご本人",
];

fn identity(c: &mut Collector, all: &[Sentence]) {
    let mut docs: Vec<String> = Vec::new();
    let mut verified = false;
    for (k, s) in all.iter().enumerate() {
        let here = any(&s.lower, IDENTITY_CUES);
        let near = here || k.checked_sub(1).is_some_and(|p| any(&all[p].lower, IDENTITY_CUES));
        for (code, words) in ID_DOCUMENTS {
            // The documents it asks for as proof (a licence *number* it collects is data).
            if near && any(&s.lower, words) && !any(&s.lower, &["license number", "licence number", "passport number"])
            {
                if !docs.iter().any(|d| d == code) {
                    docs.push((*code).to_owned());
                }
                c.note("identity_verification", code, &s.text, Confidence::High);
            }
        }
        if here
            && any(
                &s.lower,
                &["request", "disclos", "correct", "delet", "開示", "請求", "求め"],
            )
        {
            verified = true;
            c.note("identity_verification", "unspecified", &s.text, Confidence::Medium);
        }
    }
    if !docs.is_empty() {
        c.f.evidence
            .retain(|e| !(e.field == "identity_verification" && e.value == "unspecified"));
        c.f.identity_verification = Some(docs);
    } else if verified {
        c.f.identity_verification = Some(vec!["unspecified".to_owned()]);
    }
}

fn fee(c: &mut Collector, all: &[Sentence]) {
    for s in all {
        let fee = ["=fee", "=fees", "charge", "=cost", "=costs", "手数料", "費用", "実費"]
            .iter()
            .any(|w| finds(&s.lower, w));
        if !fee || !any(&s.lower, &["request", "disclos", "開示", "請求", "求め"]) {
            continue;
        }
        if any(
            &s.lower,
            &["free of charge", "no fee", "no charge", "無料", "without charge"],
        ) {
            continue;
        }
        c.note("fee_text", &s.text, &s.text, Confidence::Medium);
        c.f.fee_mentioned = true;
        c.f.fee_text = Some(s.text.clone());
        return;
    }
}

static RESPONSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)without undue delay|without delay|promptly|as soon as (?:possible|practicable)|within a reasonable (?:period|time)(?: of time)?|within \d+ (?:business |working |calendar )?days|within (?:one|two|three|\d+) (?:months?|weeks?)|遅滞なく|速やかに|\d+(?:営業)?日以内|相当の期間内",
    )
    .expect("regex")
});

fn response_time(c: &mut Collector, all: &[Sentence]) {
    for s in all {
        if !any(
            &s.lower,
            &[
                "delay",
                "prompt",
                "soon as",
                "within",
                "遅滞",
                "速やか",
                "以内",
                "相当の期間",
            ],
        ) {
            continue;
        }
        let Some(m) = RESPONSE.find(&s.text) else { continue };
        let answers = any(
            &s.lower,
            &[
                "respond", "reply", "notify", "disclos", "correct", "delet", "request", "answer", "回答", "通知",
                "対応", "開示",
            ],
        );
        let retention = any(
            &s.lower,
            &[
                "retain",
                "retention",
                "store",
                "dispose",
                "keep ",
                "保存",
                "保管",
                "保有期間",
                "廃棄",
                "breach",
                "leak",
            ],
        );
        if answers && !retention {
            let phrase = m.as_str().to_owned();
            c.note("response_time", &phrase, &s.text, Confidence::High);
            c.f.response_time = Some(phrase);
            return;
        }
    }
}

// ---- laws ---------------------------------------------------------------------------------------

const LAW_WORDS: &[(&str, &[&str])] = &[
    (
        "appi",
        &[
            "act on the protection of personal information",
            "personal information protection act",
            "personal information protection law",
            "private information protection law",
            "=appi",
            "個人情報保護法",
            "個人情報の保護に関する法律",
        ],
    ),
    ("uk-gdpr", &["uk gdpr", "data protection act 2018"]),
    (
        "gdpr",
        &[
            "=gdpr",
            "general data protection regulation",
            "2016/679",
            "一般データ保護規則",
        ],
    ),
    (
        "ccpa",
        &[
            "=ccpa",
            "=cpra",
            "california consumer privacy act",
            "california privacy rights act",
        ],
    ),
    ("lgpd", &["=lgpd", "lei geral de proteção de dados"]),
    (
        "pipeda",
        &[
            "=pipeda",
            "personal information protection and electronic documents act",
        ],
    ),
    ("fadp", &["=fadp", "federal act on data protection", "=ndsg", "=revdsg"]),
    ("pipa", &["=pipa"]),
    ("pdpa", &["=pdpa", "personal data protection act"]),
    (
        "other",
        &["privacy act 1988", "=popia", "=pipl", "australian privacy principles"],
    ),
];

static LAW_MATCHER: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    let words: Vec<&str> = LAW_WORDS
        .iter()
        .flat_map(|(_, w)| w.iter().map(|w| w.trim_start_matches('=')))
        .collect();
    aho_corasick::AhoCorasick::new(words).expect("law names")
});

fn laws(c: &mut Collector, all: &[Sentence]) {
    for s in all {
        if !LAW_MATCHER.is_match(&s.lower) {
            continue;
        }
        let korea = any(&s.lower, &["korea", "韓国"]);
        for (law, words) in LAW_WORDS {
            let mut hit = words.iter().any(|w| finds(&s.lower, w));
            if *law == "gdpr" && hit && s.lower.contains("uk gdpr") {
                // "UK GDPR" alone is not the EU regulation.
                hit = s.lower.replace("uk gdpr", "").contains("gdpr")
                    || s.lower.contains("general data protection regulation");
            }
            // Korea's Personal Information Protection Act shares its English name with Japan's.
            let (law, hit) = if *law == "appi" && hit && korea {
                ("pipa", true)
            } else {
                (*law, hit)
            };
            if hit {
                if !c.f.laws.iter().any(|l| l == law) {
                    c.f.laws.push(law.to_owned());
                }
                let conf = if s.lower.contains("private information protection law") {
                    Confidence::Medium
                } else {
                    Confidence::High
                };
                c.note("laws", law, &s.text, conf);
            }
        }
    }
}

#[cfg(test)]
mod tests;
