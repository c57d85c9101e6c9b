//! Request letters: built-in `minijinja` templates per kind, law and language, which a user can
//! override by placing a file of the same name in the config directory's `templates/` folder.
//!
//! A template renders the whole letter; its first line is the subject, the rest the body.
//! Template names are `{kind}.{law}.{language}.txt` (e.g. `access.appi.ja.txt`); partials start
//! with `_` and are included by name. The variables are listed in docs/templates.md.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use minijinja::{Environment, UndefinedBehavior, Value, syntax::SyntaxConfig};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{Channel, FollowupType, Language, Law, Profile, RequestDetails, RequestKind, Service, StopGround};

macro_rules! builtin {
    ($($name:literal),+ $(,)?) => {
        &[ $( ($name, include_str!(concat!("../templates/", $name))) ),+ ]
    };
}

/// Every built-in template: (file name, source).
pub const BUILTIN: &[(&str, &str)] = builtin![
    "_head.ja.txt",
    "_head.en.txt",
    "_head.de.txt",
    "_foot.appi.ja.txt",
    "_foot.appi.en.txt",
    "_foot.gdpr.en.txt",
    "_foot.gdpr.de.txt",
    "_foot.ccpa.en.txt",
    "_foot.generic.en.txt",
    "access.appi.ja.txt",
    "correction.appi.ja.txt",
    "deletion.appi.ja.txt",
    "stop-use.appi.ja.txt",
    "third-party-records.appi.ja.txt",
    "access.appi.en.txt",
    "correction.appi.en.txt",
    "deletion.appi.en.txt",
    "stop-use.appi.en.txt",
    "third-party-records.appi.en.txt",
    "access.gdpr.en.txt",
    "correction.gdpr.en.txt",
    "deletion.gdpr.en.txt",
    "stop-use.gdpr.en.txt",
    "restriction.gdpr.en.txt",
    "portability.gdpr.en.txt",
    "access.gdpr.de.txt",
    "correction.gdpr.de.txt",
    "deletion.gdpr.de.txt",
    "stop-use.gdpr.de.txt",
    "restriction.gdpr.de.txt",
    "portability.gdpr.de.txt",
    "access.ccpa.en.txt",
    "correction.ccpa.en.txt",
    "deletion.ccpa.en.txt",
    "opt-out.ccpa.en.txt",
    "stop-use.ccpa.en.txt",
    "portability.ccpa.en.txt",
    "third-party-records.ccpa.en.txt",
    "access.generic.en.txt",
    "correction.generic.en.txt",
    "deletion.generic.en.txt",
    "stop-use.generic.en.txt",
    "restriction.generic.en.txt",
    "portability.generic.en.txt",
    "opt-out.generic.en.txt",
    "third-party-records.generic.en.txt",
    "custom.generic.en.txt",
    "custom.generic.ja.txt",
    "custom.generic.de.txt",
    "followup-reminder.appi.ja.txt",
    "followup-reminder.appi.en.txt",
    "followup-reminder.gdpr.en.txt",
    "followup-reminder.gdpr.de.txt",
    "followup-reminder.ccpa.en.txt",
    "followup-reminder.generic.en.txt",
    "followup-incomplete.appi.ja.txt",
    "followup-incomplete.appi.en.txt",
    "followup-incomplete.gdpr.en.txt",
    "followup-incomplete.gdpr.de.txt",
    "followup-incomplete.ccpa.en.txt",
    "followup-incomplete.generic.en.txt",
    "complaint.en.txt",
    "complaint.ja.txt",
    "complaint.de.txt",
    "followup-identity.appi.ja.txt",
    "followup-identity.appi.en.txt",
    "followup-identity.gdpr.en.txt",
    "followup-identity.gdpr.de.txt",
    "followup-identity.ccpa.en.txt",
    "followup-identity.generic.en.txt",
    "followup-fee.appi.ja.txt",
    "followup-fee.appi.en.txt",
    "followup-fee.gdpr.en.txt",
    "followup-fee.gdpr.de.txt",
    "followup-fee.ccpa.en.txt",
    "followup-fee.generic.en.txt",
    "followup-channel.appi.ja.txt",
    "followup-channel.appi.en.txt",
    "followup-channel.gdpr.en.txt",
    "followup-channel.gdpr.de.txt",
    "followup-channel.ccpa.en.txt",
    "followup-channel.generic.en.txt",
    "followup-refusal.appi.ja.txt",
    "followup-refusal.appi.en.txt",
    "followup-refusal.gdpr.en.txt",
    "followup-refusal.gdpr.de.txt",
    "followup-refusal.ccpa.en.txt",
    "followup-refusal.generic.en.txt",
];

/// A rendered letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Letter {
    /// The subject line, carrying the reference code.
    pub subject: String,
    /// The body as plain text with `\n` line ends.
    pub body: String,
    /// The template that produced it (a user override's full path).
    pub template: String,
}

/// What a letter is made from.
#[derive(Debug, Clone)]
pub struct LetterInput<'a> {
    /// The person writing.
    pub profile: &'a Profile,
    /// The company written to.
    pub service: &'a Service,
    /// What is asked.
    pub kind: RequestKind,
    /// Under which law.
    pub law: Law,
    /// In which language.
    pub language: Language,
    /// How it will be sent.
    pub channel: Channel,
    /// The details the kind needs.
    pub details: &'a RequestDetails,
    /// The reference code.
    pub reference: &'a str,
    /// The letter's date.
    pub date: NaiveDate,
    /// For a follow-up letter: what it follows up.
    pub followup: Option<&'a FollowupContext>,
}

/// What a follow-up letter refers to.
#[derive(Debug, Clone)]
pub struct FollowupContext {
    /// Which follow-up.
    pub kind: FollowupType,
    /// The original request's reference code.
    pub reference: String,
    /// The date it was sent.
    pub sent_on: Option<NaiveDate>,
    /// Its subject.
    pub subject: String,
    /// Its Message-ID, when it was e-mailed.
    pub message_id: Option<String>,
    /// The date the answer to the follow-up is due.
    pub answer_by: NaiveDate,
}

/// What an answer can leave out, per law: (code, English, Japanese, German). The `incomplete`
/// follow-up names the ticked ones against the article that requires them.
pub fn missing_items(law: Law) -> &'static [(&'static str, &'static str, &'static str, &'static str)] {
    match law {
        Law::Gdpr | Law::UkGdpr => &[
            (
                "copy",
                "a copy of the personal data (Article 15(3))",
                "個人データの写し（第15条第3項）",
                "eine Kopie der personenbezogenen Daten (Art. 15 Abs. 3)",
            ),
            (
                "purposes",
                "the purposes of the processing (Article 15(1)(a))",
                "取扱いの目的（第15条第1項(a)）",
                "die Verarbeitungszwecke (Art. 15 Abs. 1 lit. a)",
            ),
            (
                "categories",
                "the categories of personal data (Article 15(1)(b))",
                "個人データの種類（第15条第1項(b)）",
                "die Kategorien personenbezogener Daten (Art. 15 Abs. 1 lit. b)",
            ),
            (
                "recipients",
                "the recipients or categories of recipients (Article 15(1)(c))",
                "取得者又はその種類（第15条第1項(c)）",
                "die Empfänger oder Kategorien von Empfängern (Art. 15 Abs. 1 lit. c)",
            ),
            (
                "period",
                "the storage period or the criteria for it (Article 15(1)(d))",
                "保存期間又はその基準（第15条第1項(d)）",
                "die geplante Speicherdauer oder die Kriterien dafür (Art. 15 Abs. 1 lit. d)",
            ),
            (
                "rights",
                "my rights to rectification, erasure, restriction and objection (Article 15(1)(e))",
                "訂正・消去・制限・異議の権利（第15条第1項(e)）",
                "meine Rechte auf Berichtigung, Löschung, Einschränkung und Widerspruch (Art. 15 Abs. 1 lit. e)",
            ),
            (
                "complaint",
                "my right to complain to a supervisory authority (Article 15(1)(f))",
                "監督機関への申立ての権利（第15条第1項(f)）",
                "mein Beschwerderecht bei einer Aufsichtsbehörde (Art. 15 Abs. 1 lit. f)",
            ),
            (
                "source",
                "the source of data not collected from me (Article 15(1)(g))",
                "本人以外から取得したデータの取得元（第15条第1項(g)）",
                "die Herkunft der nicht bei mir erhobenen Daten (Art. 15 Abs. 1 lit. g)",
            ),
            (
                "automated",
                "automated decision-making and its logic (Article 15(1)(h))",
                "自動化された意思決定とそのロジック（第15条第1項(h)）",
                "automatisierte Entscheidungsfindung und ihre Logik (Art. 15 Abs. 1 lit. h)",
            ),
            (
                "safeguards",
                "the safeguards for transfers to third countries (Article 15(2))",
                "第三国移転の保護措置（第15条第2項）",
                "die Garantien bei Übermittlung in Drittländer (Art. 15 Abs. 2)",
            ),
        ],
        Law::Appi => &[
            (
                "data",
                "the retained personal data itself (Article 33(1))",
                "保有個人データそのもの（法第33条第1項）",
                "die gespeicherten personenbezogenen Daten selbst (Art. 33 Abs. 1 APPI)",
            ),
            (
                "form",
                "disclosure in the electronic form I asked for (Article 33(1)-(2))",
                "私が指定した電磁的記録の提供による方法での開示（法第33条第1項・第2項）",
                "die Offenlegung in der verlangten elektronischen Form (Art. 33 Abs. 1-2 APPI)",
            ),
            (
                "third-party-records",
                "the records of provision to and receipt from third parties (Article 33(5))",
                "第三者提供記録（法第33条第5項）",
                "die Aufzeichnungen über Weitergaben an Dritte (Art. 33 Abs. 5 APPI)",
            ),
            (
                "purposes",
                "the purposes of use of my retained personal data (Article 32(2))",
                "保有個人データの利用目的（法第32条第2項）",
                "die Nutzungszwecke (Art. 32 Abs. 2 APPI)",
            ),
        ],
        Law::Ccpa => &[
            (
                "specific-pieces",
                "the specific pieces of personal information collected about me (Civ. Code 1798.110(a)(5))",
                "収集された個人情報の具体的な内容",
                "die konkreten erhobenen Angaben",
            ),
            (
                "categories",
                "the categories of personal information collected (1798.110(a)(1))",
                "収集された個人情報の種類",
                "die Kategorien erhobener Daten",
            ),
            (
                "sources",
                "the categories of sources (1798.110(a)(2))",
                "取得元の種類",
                "die Kategorien von Quellen",
            ),
            (
                "purposes",
                "the business or commercial purposes (1798.110(a)(3))",
                "事業上の目的",
                "die geschäftlichen Zwecke",
            ),
            (
                "third-parties",
                "the categories of third parties to whom it is disclosed (1798.110(a)(4))",
                "開示先の第三者の種類",
                "die Kategorien von Dritten, an die sie weitergegeben werden",
            ),
        ],
        _ => &[
            (
                "copy",
                "a copy of my personal data",
                "個人データの写し",
                "eine Kopie meiner personenbezogenen Daten",
            ),
            (
                "purposes",
                "the purposes for which it is used",
                "利用目的",
                "die Zwecke der Verwendung",
            ),
            (
                "recipients",
                "the recipients it was disclosed to",
                "提供先",
                "die Empfänger",
            ),
        ],
    }
}

/// The words for a ticked missing item in the letter's language; unknown codes are kept as typed.
pub(crate) fn missing_label(law: Law, code: &str, lang: Language) -> String {
    missing_items(law).iter().find(|(c, ..)| *c == code).map_or_else(
        || code.to_owned(),
        |(_, en, ja, de)| match lang {
            Language::En => (*en).to_owned(),
            Language::Ja => (*ja).to_owned(),
            Language::De => (*de).to_owned(),
        },
    )
}

/// The template set: built-ins plus the user's overrides.
#[derive(Debug)]
pub struct Templates {
    env: Environment<'static>,
    override_dir: Option<PathBuf>,
}

impl Default for Templates {
    fn default() -> Self {
        Templates::new(None)
    }
}

impl Templates {
    /// Built-in templates, overridden by files in `override_dir` when given.
    pub fn new(override_dir: Option<&Path>) -> Templates {
        let mut env = Environment::new();
        let syntax = SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build();
        if let Ok(syntax) = syntax {
            env.set_syntax(syntax);
        }
        env.set_undefined_behavior(UndefinedBehavior::Chainable);
        let dir = override_dir.map(Path::to_owned);
        let loader_dir = dir.clone();
        env.set_loader(move |name| {
            if let Some(dir) = &loader_dir {
                let path = dir.join(name);
                if !name.contains(['/', '\\']) && path.is_file() {
                    return std::fs::read_to_string(&path).map(Some).map_err(|e| {
                        minijinja::Error::new(
                            minijinja::ErrorKind::InvalidOperation,
                            format!("cannot read {}: {e}", path.display()),
                        )
                    });
                }
            }
            Ok(BUILTIN
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, src)| (*src).to_owned()))
        });
        Templates { env, override_dir: dir }
    }

    /// The folder user overrides are read from.
    pub fn override_dir(&self) -> Option<&Path> {
        self.override_dir.as_deref()
    }

    fn exists(&self, name: &str) -> bool {
        self.override_dir.as_ref().is_some_and(|d| d.join(name).is_file()) || BUILTIN.iter().any(|(n, _)| *n == name)
    }

    /// The template used for a kind, law and language: the law's own, the GDPR's for the UK
    /// GDPR, else the generic one.
    pub fn resolve(&self, kind: RequestKind, law: Law, language: Language) -> Result<String> {
        let mut laws = vec![law];
        if law == Law::UkGdpr {
            laws.push(Law::Gdpr);
        }
        laws.push(Law::Generic);
        for l in laws {
            let name = template_name(kind, l, language);
            if self.exists(&name) {
                return Ok(name);
            }
        }
        let have: Vec<&str> = Language::ALL
            .iter()
            .filter(|lang| {
                [law, Law::Gdpr, Law::Generic]
                    .iter()
                    .any(|l| self.exists(&template_name(kind, *l, **lang)))
            })
            .map(|l| l.code())
            .collect();
        Err(Error::invalid(
            "language",
            format!(
                "there is no {} letter for a {kind} request under {law}; available languages: {}, or add {} to the templates folder",
                language_name(language),
                if have.is_empty() {
                    "none".to_owned()
                } else {
                    have.join(", ")
                },
                template_name(kind, law, language)
            ),
        ))
    }

    /// The template for a follow-up letter: the law's own, the GDPR's for the UK GDPR, else the
    /// generic one.
    pub fn resolve_followup(&self, kind: FollowupType, law: Law, language: Language) -> Result<String> {
        let mut laws = vec![law];
        if law == Law::UkGdpr {
            laws.push(Law::Gdpr);
        }
        laws.push(Law::Generic);
        laws.into_iter()
            .map(|l| followup_template_name(kind, l, language))
            .find(|n| self.exists(n))
            .ok_or_else(|| {
                Error::invalid(
                    "type",
                    format!(
                        "there is no {} {kind} follow-up letter under {law} yet; write it to the templates folder as {}",
                        language_name(language),
                        followup_template_name(kind, law, language)
                    ),
                )
            })
    }

    /// Renders template `name` with `ctx` into a subject and a body (a complaint, say).
    pub fn render_named(&self, name: &str, ctx: &serde_json::Value) -> Result<Letter> {
        let rendered = self
            .env
            .get_template(name)
            .and_then(|t| t.render(ser(ctx)))
            .map_err(|e| self.template_error(name, &e))?;
        let (subject, body) = split_letter(&rendered);
        Ok(Letter {
            subject,
            body,
            template: self.display_name(name),
        })
    }

    /// Renders a letter.
    pub fn render(&self, input: &LetterInput<'_>) -> Result<Letter> {
        let name = match input.followup {
            Some(f) => self.resolve_followup(f.kind, input.law, input.language)?,
            None => self.resolve(input.kind, input.law, input.language)?,
        };
        let ctx = context(input);
        let rendered = self
            .env
            .get_template(&name)
            .and_then(|t| t.render(&ctx))
            .map_err(|e| self.template_error(&name, &e))?;
        let (subject, body) = split_letter(&rendered);
        if subject.is_empty() {
            return Err(Error::Template {
                file: self.display_name(&name),
                line: Some(1),
                message: "the first line (the subject) is empty".to_owned(),
            });
        }
        Ok(Letter {
            subject,
            body,
            template: self.display_name(&name),
        })
    }

    fn display_name(&self, name: &str) -> String {
        match &self.override_dir {
            Some(dir) if dir.join(name).is_file() => dir.join(name).display().to_string(),
            _ => name.to_owned(),
        }
    }

    fn template_error(&self, name: &str, e: &minijinja::Error) -> Error {
        let file = e.name().unwrap_or(name);
        Error::Template {
            file: self.display_name(file),
            line: e.line(),
            message: e.detail().map_or_else(|| e.kind().to_string(), str::to_owned),
        }
    }
}

/// The file name of a follow-up template.
pub fn followup_template_name(kind: FollowupType, law: Law, language: Language) -> String {
    format!("followup-{}.{}.{}.txt", kind.code(), law.code(), language.code())
}

/// The file name of a template.
pub fn template_name(kind: RequestKind, law: Law, language: Language) -> String {
    format!("{}.{}.{}.txt", kind.code(), law.code(), language.code())
}

fn language_name(l: Language) -> &'static str {
    match l {
        Language::Ja => "Japanese",
        Language::En => "English",
        Language::De => "German",
    }
}

/// Splits rendered output into the subject (first line) and the body, tidying blank lines.
fn split_letter(rendered: &str) -> (String, String) {
    let text = rendered.replace("\r\n", "\n");
    let mut lines = text.lines();
    let subject = lines.next().unwrap_or("").trim().to_owned();
    let mut body = String::new();
    let mut blank_run = 0;
    for line in lines {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !body.is_empty() && blank_run > 0 {
            body.push('\n');
        }
        blank_run = 0;
        body.push_str(line);
        body.push('\n');
    }
    (subject, body)
}

/// A date in the letter's language.
pub fn long_date(d: NaiveDate, lang: Language) -> String {
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const DE: [&str; 12] = [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ];
    let m = d.month0() as usize;
    match lang {
        Language::Ja => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Language::En => format!("{} {} {}", d.day(), EN[m], d.year()),
        Language::De => format!("{}. {} {}", d.day(), DE[m], d.year()),
    }
}

fn stop_ground_label(g: StopGround, lang: Language) -> &'static str {
    match (g, lang) {
        (StopGround::BeyondPurpose, Language::Ja) => {
            "あらかじめ公表された利用目的の達成に必要な範囲を超えて取り扱われていること（法第18条違反）"
        }
        (StopGround::ImproperUse, Language::Ja) => {
            "違法又は不当な行為を助長し、又は誘発するおそれがある方法により利用されていること（法第19条違反）"
        }
        (StopGround::WrongfulAcquisition, Language::Ja) => "偽りその他不正の手段により取得されたこと（法第20条違反）",
        (StopGround::UnlawfulProvision, Language::Ja) => {
            "本人の同意なく第三者に提供されていること（法第27条第1項又は第28条違反）"
        }
        (StopGround::NoLongerNeeded, Language::Ja) => "貴社が当該保有個人データを利用する必要がなくなったこと",
        (StopGround::Leak, Language::Ja) => {
            "当該保有個人データに係る法第26条第1項本文に規定する漏えい等の事態が生じたこと"
        }
        (StopGround::RightsHarmed, Language::Ja) => {
            "当該保有個人データの取扱いにより私の権利又は正当な利益が害されるおそれがあること"
        }
        (StopGround::BeyondPurpose, _) => {
            "it is handled beyond the scope necessary for the purposes of use you published (contrary to Article 18)"
        }
        (StopGround::ImproperUse, _) => {
            "it is used in a way that may encourage or induce illegal or unjust acts (contrary to Article 19)"
        }
        (StopGround::WrongfulAcquisition, _) => {
            "it was obtained by deception or other wrongful means (contrary to Article 20)"
        }
        (StopGround::UnlawfulProvision, _) => {
            "it is provided to third parties without my consent (contrary to Article 27(1) or Article 28)"
        }
        (StopGround::NoLongerNeeded, _) => "you no longer need to use it",
        (StopGround::Leak, _) => "it was involved in a leak or similar incident reportable under Article 26(1)",
        (StopGround::RightsHarmed, _) => "handling it is likely to harm my rights or legitimate interests",
    }
}

/// The Japanese and English citation of the Art. 35 paragraphs the grounds fall under,
/// e.g. `第1項・第5項` and `(1) and (5)`.
fn paragraphs(grounds: &[StopGround]) -> (String, String) {
    let mut ps: Vec<u8> = grounds.iter().map(|g| g.appi_paragraph()).collect();
    ps.sort_unstable();
    ps.dedup();
    let ja = ps.iter().map(|p| format!("第{p}項")).collect::<Vec<_>>().join("・");
    let en = ps.iter().map(|p| format!("({p})")).collect::<Vec<_>>().join(" and ");
    (ja, en)
}

pub(crate) fn law_name(law: Law) -> &'static str {
    match law {
        Law::Appi => "Japan's Act on the Protection of Personal Information",
        Law::Gdpr => "the General Data Protection Regulation (EU) 2016/679",
        Law::UkGdpr => "the UK GDPR and the Data Protection Act 2018",
        Law::Ccpa => "the California Consumer Privacy Act",
        Law::Lgpd => "Brazil's General Data Protection Law (Lei 13.709/2018)",
        Law::Pipeda => "Canada's Personal Information Protection and Electronic Documents Act (PIPEDA)",
        Law::Fadp => "Switzerland's Federal Act on Data Protection (FADP)",
        Law::Pipa => "Korea's Personal Information Protection Act (PIPA)",
        Law::Pdpa => "Singapore's Personal Data Protection Act 2012 (PDPA)",
        Law::Generic => "the data protection law that applies to you",
    }
}

fn period(law: Law, kind: RequestKind) -> Option<&'static str> {
    use RequestKind as K;
    Some(match (law, kind) {
        (Law::Lgpd, K::Access) => "15 days from the request, Article 19 II",
        (Law::Pipeda, K::Access | K::ThirdPartyRecords) => "30 days after receipt, section 8(3)",
        (Law::Fadp, K::Access | K::Portability) => "30 days, Article 25(7) FADP and Article 18 DPO",
        (
            Law::Pipa,
            K::Access
            | K::Portability
            | K::Correction
            | K::Deletion
            | K::StopUse
            | K::Restriction
            | K::ThirdPartyRecords,
        ) => "10 days, Enforcement Decree Articles 41 to 44",
        (Law::Pdpa, K::Access | K::ThirdPartyRecords) => "30 days, PDP Regulations 2021 regulation 5",
        _ => return None,
    })
}

#[derive(Serialize)]
struct Ground {
    code: &'static str,
    paragraph: u8,
    label_ja: &'static str,
    label_en: &'static str,
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn ser<T: Serialize>(v: T) -> Value {
    Value::from(minijinja::value::Serde(v))
}

fn context(input: &LetterInput<'_>) -> Value {
    let p = input.profile;
    let s = input.service;
    let lang = input.language;
    let mut grounds = input.details.grounds.clone();
    if grounds.is_empty() && matches!(input.kind, RequestKind::Deletion | RequestKind::StopUse) {
        grounds.push(StopGround::NoLongerNeeded);
    }
    let (paragraphs_ja, paragraphs_en) = paragraphs(&grounds);
    let grounds: Vec<Ground> = grounds
        .iter()
        .map(|g| Ground {
            code: g.code(),
            paragraph: g.appi_paragraph(),
            label_ja: stop_ground_label(*g, Language::Ja),
            label_en: stop_ground_label(*g, Language::En),
        })
        .collect();
    let mut data: Vec<String> = s.data_categories.iter().map(|c| c.label(lang).to_owned()).collect();
    data.extend(
        s.data_other
            .iter()
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty()),
    );

    let mut ctx: BTreeMap<&str, Value> = BTreeMap::new();
    ctx.insert("ref", Value::from(input.reference));
    ctx.insert("date", Value::from(input.date.to_string()));
    ctx.insert("date_long", Value::from(long_date(input.date, lang)));
    ctx.insert("kind", Value::from(input.kind.code()));
    ctx.insert("law", Value::from(input.law.code()));
    ctx.insert("law_name", Value::from(law_name(input.law)));
    ctx.insert("period", Value::from(period(input.law, input.kind)));
    ctx.insert("uk", Value::from(input.law == Law::UkGdpr));
    ctx.insert(
        "gdpr",
        Value::from(if input.law == Law::UkGdpr { "UK GDPR" } else { "GDPR" }),
    );
    ctx.insert("language", Value::from(lang.code()));
    if let Some(f) = input.followup {
        ctx.insert(
            "original",
            ser(serde_json::json!({
                "ref": f.reference,
                "sent_long": f.sent_on.map(|d| long_date(d, lang)),
                "subject": f.subject,
                "message_id": f.message_id,
            })),
        );
        ctx.insert("answer_by_long", Value::from(long_date(f.answer_by, lang)));
        let missing: Vec<String> = input
            .details
            .missing
            .iter()
            .map(|m| missing_label(input.law, m, lang))
            .collect();
        ctx.insert("missing", ser(serde_json::json!(missing)));
    }
    ctx.insert("channel", Value::from(input.channel.code()));
    ctx.insert(
        "me",
        ser(serde_json::json!({
            "name": p.full_name.trim(),
            "alt_name": non_empty(&p.alt_name),
            "email": p.emails.first().map(|e| e.trim()),
            "emails": p.emails,
            "address": non_empty(&p.postal_address),
            "phone": non_empty(&p.phone),
            "birth_date": p.birth_date.map(|d| long_date(d, lang)),
        })),
    );
    ctx.insert(
        "to",
        ser(serde_json::json!({
            "name": s.addressee().trim(),
            "service": s.display_name.trim(),
            "email": if input.channel == Channel::Email { s.usable_email() } else { None },
            "address": non_empty(&s.postal_address),
            "webform": non_empty(&s.webform_url),
        })),
    );
    ctx.insert("has_email", Value::from(s.usable_email().is_some()));
    ctx.insert("accounts", ser(&s.account_ids));
    ctx.insert("identity_documents", ser(&s.identity_documents));
    ctx.insert("data", ser(&data));
    ctx.insert("details", Value::from(non_empty(&input.details.text)));
    ctx.insert(
        "third_party_ground",
        Value::from(grounds.iter().any(|g| g.paragraph == 3)),
    );
    ctx.insert("grounds", ser(&grounds));
    ctx.insert("paragraphs_ja", Value::from(paragraphs_ja));
    ctx.insert("paragraphs_en", Value::from(paragraphs_en));
    ser(&ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid")
    }

    #[test]
    fn every_builtin_template_parses() {
        let t = Templates::default();
        for (name, _) in BUILTIN {
            assert!(
                t.env.get_template(name).is_ok(),
                "built-in template {name} must compile"
            );
        }
    }

    #[test]
    fn long_dates() {
        assert_eq!(long_date(date(), Language::Ja), "2026年11月23日");
        assert_eq!(long_date(date(), Language::En), "23 November 2026");
        assert_eq!(long_date(date(), Language::De), "23. November 2026");
    }

    #[test]
    fn resolution_falls_back_to_gdpr_then_generic() {
        let t = Templates::default();
        assert_eq!(
            t.resolve(RequestKind::Access, Law::UkGdpr, Language::En)
                .ok()
                .as_deref(),
            Some("access.gdpr.en.txt")
        );
        assert_eq!(
            t.resolve(RequestKind::Access, Law::Lgpd, Language::En).ok().as_deref(),
            Some("access.generic.en.txt")
        );
        let err = t
            .resolve(RequestKind::Portability, Law::Appi, Language::Ja)
            .expect_err("no Japanese portability letter");
        assert!(err.to_string().contains("available languages: en"), "{err}");
    }

    /// Every follow-up letter against its golden file in `crates/core/golden/` (written with
    /// PDESK_BLESS=1, then read and committed): the wording is reviewed as text, and any change
    /// to it shows in the diff.
    #[test]
    fn followup_letters_match_their_golden_files() {
        let t = Templates::default();
        let profile = Profile {
            id: 1,
            full_name: "山田 花子".into(),
            alt_name: Some("Hanako Yamada".into()),
            emails: vec!["hanako@example.jp".into()],
            postal_address: Some("〒150-0001 東京都渋谷区神宮前1-2-3".into()),
            phone: None,
            birth_date: None,
            country: Some("JP".into()),
        };
        let mut service = Service::new("Jsers", Law::Appi);
        service.legal_name = Some("Jsers, llc.".into());
        service.emails = vec!["privacy@jsers.example".into()];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("golden");
        let bless = std::env::var("PDESK_BLESS").is_ok();
        let mut checked = 0;
        for (name, _) in BUILTIN.iter().filter(|(n, _)| n.starts_with("followup-")) {
            let parts: Vec<&str> = name.trim_end_matches(".txt").split('.').collect();
            let kind: FollowupType = parts[0].trim_start_matches("followup-").parse().expect("type");
            let law: Law = parts[1].parse().expect("law");
            let language: Language = parts[2].parse().expect("language");
            let missing: Vec<String> = missing_items(law)
                .iter()
                .take(2)
                .map(|(c, ..)| (*c).to_owned())
                .collect();
            let details = RequestDetails {
                missing: if kind == FollowupType::Incomplete {
                    missing
                } else {
                    Vec::new()
                },
                text: matches!(
                    kind,
                    FollowupType::Identity | FollowupType::Fee | FollowupType::Channel | FollowupType::Refusal
                )
                .then(|| "The company's own words, as the user copied them.".to_owned()),
                ..RequestDetails::default()
            };
            let followup = FollowupContext {
                kind,
                reference: "PD-2026-7K3Q".into(),
                sent_on: NaiveDate::from_ymd_opt(2026, 10, 1),
                subject: "Original request (ref. PD-2026-7K3Q)".into(),
                message_id: Some("<PD-2026-7K3Q.abc@example.jp>".into()),
                answer_by: date() + chrono::Duration::days(14),
            };
            let letter = t
                .render(&LetterInput {
                    profile: &profile,
                    service: &service,
                    kind: RequestKind::Access,
                    law,
                    language,
                    channel: Channel::Email,
                    details: &details,
                    reference: "PD-2026-9ABC",
                    date: date(),
                    followup: Some(&followup),
                })
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let text = format!("{}\n\n{}", letter.subject, letter.body);
            for must in ["PD-2026-7K3Q", "PD-2026-9ABC", "<PD-2026-7K3Q.abc@example.jp>"] {
                assert!(text.contains(must), "{name} names {must}");
            }
            let golden = dir.join(name);
            if bless {
                std::fs::create_dir_all(&dir).expect("golden dir");
                std::fs::write(&golden, &text).expect("write golden");
            }
            let want = std::fs::read_to_string(&golden)
                .unwrap_or_else(|_| panic!("{} is missing; run with PDESK_BLESS=1 and review it", golden.display()));
            assert_eq!(text, want, "{name} differs from its golden file");
            checked += 1;
        }
        assert_eq!(checked, 36, "six follow-up types in six law/language pairs");
    }

    #[test]
    fn split_keeps_single_blank_lines() {
        let (s, b) = split_letter("Subject\n\n\nA\n\n\n\nB\n  \nC\n");
        assert_eq!(s, "Subject");
        assert_eq!(b, "A\n\nB\n\nC\n");
    }
}
