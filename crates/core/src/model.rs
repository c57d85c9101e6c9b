//! Domain types: profiles, services, requests and their events.
//!
//! Every closed vocabulary is a Rust enum with a stable string code. The code is what the
//! database, the command line, JSON and (later) the IPC bindings use, so it never changes once
//! released; the enum's variants are free to be renamed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Declares a closed vocabulary with its string codes, `FromStr`, `Display` and serde support.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal ),+ $(,)?
        }
    ) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        $(#[$meta])*
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $code)] $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The stable string code used in the store, on the command line and in JSON.
            pub fn code(self) -> &'static str {
                match self { $( $name::$variant => $code ),+ }
            }

            /// The codes joined for an error message or `--help`.
            pub fn codes() -> String {
                Self::ALL.iter().map(|v| v.code()).collect::<Vec<_>>().join(", ")
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                let wanted = s.trim().to_ascii_lowercase().replace('_', "-");
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.code().replace('_', "-") == wanted)
                    .ok_or_else(|| Error::invalid(
                        $what,
                        format!("unknown {} `{}`; use one of: {}", $what, s, Self::codes()),
                    ))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

    };
}

vocabulary! {
    /// The data-protection law a request is made under.
    Law, "law" {
        /// Japan: Act on the Protection of Personal Information.
        Appi = "appi",
        /// EU General Data Protection Regulation.
        Gdpr = "gdpr",
        /// UK GDPR with the Data Protection Act 2018.
        UkGdpr = "uk-gdpr",
        /// California Consumer Privacy Act as amended by the CPRA.
        Ccpa = "ccpa",
        /// Brazil: Lei Geral de Proteção de Dados.
        Lgpd = "lgpd",
        /// Canada: Personal Information Protection and Electronic Documents Act.
        Pipeda = "pipeda",
        /// Switzerland: Federal Act on Data Protection.
        Fadp = "fadp",
        /// South Korea: Personal Information Protection Act.
        Pipa = "pipa",
        /// Singapore: Personal Data Protection Act.
        Pdpa = "pdpa",
        /// Any other law: generic wording, no statutory day count.
        Generic = "generic",
    }
}

impl Law {
    /// The holiday calendar that applies by default when nothing more specific is known.
    pub fn default_country(self) -> Option<&'static str> {
        match self {
            Law::Appi => Some("JP"),
            Law::UkGdpr => Some("GB"),
            Law::Ccpa => Some("US-CA"),
            Law::Lgpd => Some("BR"),
            Law::Pipeda => Some("CA"),
            Law::Fadp => Some("CH"),
            Law::Pipa => Some("KR"),
            Law::Gdpr | Law::Pdpa | Law::Generic => None,
        }
    }

    /// The language a letter under this law is written in when nothing else is said.
    pub fn default_language(self) -> Language {
        match self {
            Law::Appi => Language::Ja,
            _ => Language::En,
        }
    }
}

vocabulary! {
    /// A language letters can be written in.
    Language, "language" {
        /// Japanese.
        Ja = "ja",
        /// English.
        En = "en",
        /// German.
        De = "de",
    }
}

vocabulary! {
    /// What a request asks for.
    RequestKind, "request kind" {
        /// Access / disclosure of the data held.
        Access = "access",
        /// Correction of untrue or incomplete data.
        Correction = "correction",
        /// Deletion / erasure.
        Deletion = "deletion",
        /// Stop using the data (objection, cessation of use).
        StopUse = "stop-use",
        /// Restriction of processing.
        Restriction = "restriction",
        /// A portable copy of the data.
        Portability = "portability",
        /// Opt-out of the sale or sharing of data.
        OptOut = "opt-out",
        /// Records of provision to third parties (APPI Art. 33(5)) or recipients.
        ThirdPartyRecords = "third-party-records",
        /// A free-form request.
        Custom = "custom",
    }
}

vocabulary! {
    /// A follow-up letter's kind.
    FollowupType, "follow-up type" {
        /// No answer by the due date.
        Reminder = "reminder",
        /// The answer leaves out what the law requires.
        Incomplete = "incomplete",
        /// The company asks for more proof of identity than it needs.
        Identity = "identity",
        /// A fee is demanded where the law makes the request free.
        Fee = "fee",
        /// The company insists on its own channel or language.
        Channel = "channel",
        /// A refusal without reasons.
        Refusal = "refusal",
    }
}

vocabulary! {
    /// How a letter reaches the company.
    // `Channel` is taken in the generated TypeScript by Tauri's own IPC channel type.
    #[serde(rename = "SendChannel")]
    Channel, "channel" {
        /// E-mail to the privacy contact.
        Email = "email",
        /// A printed letter sent by post.
        Post = "post",
        /// The company's own web form.
        Webform = "webform",
    }
}

vocabulary! {
    /// Where a service record came from.
    ServiceSource, "service source" {
        /// Typed in by the user.
        Manual = "manual",
        /// Picked from the company directory.
        Directory = "directory",
        /// Read from the service's privacy policy.
        Policy = "policy",
    }
}

vocabulary! {
    /// A category of personal data a service holds.
    DataCategory, "data category" {
        /// Name.
        Name = "name",
        /// E-mail address.
        Email = "email",
        /// Postal address.
        PostalAddress = "postal_address",
        /// Telephone number.
        Phone = "phone",
        /// Date of birth.
        DateOfBirth = "date_of_birth",
        /// Gender.
        Gender = "gender",
        /// Payment card.
        PaymentCard = "payment_card",
        /// Bank account.
        BankAccount = "bank_account",
        /// Government identifier (driving licence, passport, My Number, ...).
        GovernmentId = "government_id",
        /// IP address.
        IpAddress = "ip_address",
        /// Cookies and similar identifiers.
        Cookies = "cookies",
        /// Device identifiers.
        DeviceId = "device_id",
        /// Location.
        Location = "location",
        /// Usage and purchase history.
        UsageHistory = "usage_history",
        /// Messages and other communications.
        Communications = "communications",
        /// Photos, images, video and sound.
        PhotosMedia = "photos_media",
        /// Contacts / address book.
        Contacts = "contacts",
        /// Biometric data.
        Biometric = "biometric",
        /// Health data.
        Health = "health",
        /// Social network profile and linked accounts.
        SocialProfile = "social_profile",
    }
}

impl DataCategory {
    /// A human label in the given language, used in letters.
    pub fn label(self, lang: Language) -> &'static str {
        use DataCategory as C;
        match lang {
            Language::Ja => match self {
                C::Name => "氏名",
                C::Email => "メールアドレス",
                C::PostalAddress => "住所",
                C::Phone => "電話番号",
                C::DateOfBirth => "生年月日",
                C::Gender => "性別",
                C::PaymentCard => "クレジットカード情報",
                C::BankAccount => "銀行口座情報",
                C::GovernmentId => "公的身分証明書の番号",
                C::IpAddress => "IPアドレス",
                C::Cookies => "Cookie等の識別子",
                C::DeviceId => "端末識別子",
                C::Location => "位置情報",
                C::UsageHistory => "利用履歴・取引履歴",
                C::Communications => "通信・メッセージの内容",
                C::PhotosMedia => "写真・画像・動画等",
                C::Contacts => "連絡先情報",
                C::Biometric => "生体情報",
                C::Health => "健康情報",
                C::SocialProfile => "外部サービスのアカウント情報",
            },
            Language::De => match self {
                C::Name => "Name",
                C::Email => "E-Mail-Adresse",
                C::PostalAddress => "Postanschrift",
                C::Phone => "Telefonnummer",
                C::DateOfBirth => "Geburtsdatum",
                C::Gender => "Geschlecht",
                C::PaymentCard => "Zahlungskartendaten",
                C::BankAccount => "Bankverbindung",
                C::GovernmentId => "Ausweisnummern",
                C::IpAddress => "IP-Adressen",
                C::Cookies => "Cookie-Kennungen",
                C::DeviceId => "Gerätekennungen",
                C::Location => "Standortdaten",
                C::UsageHistory => "Nutzungs- und Transaktionsverlauf",
                C::Communications => "Kommunikationsinhalte",
                C::PhotosMedia => "Fotos und Medien",
                C::Contacts => "Kontakte",
                C::Biometric => "biometrische Daten",
                C::Health => "Gesundheitsdaten",
                C::SocialProfile => "Profile in sozialen Netzwerken",
            },
            Language::En => match self {
                C::Name => "name",
                C::Email => "email address",
                C::PostalAddress => "postal address",
                C::Phone => "phone number",
                C::DateOfBirth => "date of birth",
                C::Gender => "gender",
                C::PaymentCard => "payment card details",
                C::BankAccount => "bank account details",
                C::GovernmentId => "government ID numbers",
                C::IpAddress => "IP addresses",
                C::Cookies => "cookie identifiers",
                C::DeviceId => "device identifiers",
                C::Location => "location data",
                C::UsageHistory => "usage and transaction history",
                C::Communications => "communications content",
                C::PhotosMedia => "photos and media",
                C::Contacts => "contacts",
                C::Biometric => "biometric data",
                C::Health => "health data",
                C::SocialProfile => "social network profiles",
            },
        }
    }
}

vocabulary! {
    /// What a company's reply amounted to.
    Outcome, "outcome" {
        /// Everything asked for was given or done.
        Complete = "complete",
        /// Some of it.
        Partial = "partial",
        /// The company refused.
        Refused = "refused",
        /// The company holds no data on the person.
        NoData = "no-data",
    }
}

vocabulary! {
    /// The grounds for an APPI Art. 35 stop-use or deletion request.
    StopGround, "stop-use ground" {
        /// Used beyond the purpose of use (Art. 18) — Art. 35(1).
        BeyondPurpose = "beyond-purpose",
        /// Used in an improper way (Art. 19) — Art. 35(1).
        ImproperUse = "improper-use",
        /// Obtained by deception or other wrongful means (Art. 20) — Art. 35(1).
        WrongfulAcquisition = "wrongful-acquisition",
        /// Provided to a third party without consent (Arts. 27(1), 28) — Art. 35(3).
        UnlawfulProvision = "unlawful-provision",
        /// No longer needed by the company — Art. 35(5).
        NoLongerNeeded = "no-longer-needed",
        /// Involved in a reportable leak (Art. 26(1)) — Art. 35(5).
        Leak = "leak",
        /// Likely to harm the person's rights or legitimate interests — Art. 35(5).
        RightsHarmed = "rights-harmed",
    }
}

impl StopGround {
    /// The paragraph of APPI Art. 35 the ground falls under.
    pub fn appi_paragraph(self) -> u8 {
        match self {
            StopGround::BeyondPurpose | StopGround::ImproperUse | StopGround::WrongfulAcquisition => 1,
            StopGround::UnlawfulProvision => 3,
            StopGround::NoLongerNeeded | StopGround::Leak | StopGround::RightsHarmed => 5,
        }
    }
}

/// The person making requests. Several profiles may exist (a family member's requests).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Profile {
    /// Row id; 0 before the profile is stored.
    pub id: i64,
    /// Full name as used with companies.
    pub full_name: String,
    /// The name in another script, e.g. kana.
    pub alt_name: Option<String>,
    /// E-mail addresses, the first one preferred.
    pub emails: Vec<String>,
    /// Postal address, lines separated by newlines.
    pub postal_address: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
    /// Date of birth.
    pub birth_date: Option<NaiveDate>,
    /// Country of residence (ISO 3166-1 alpha-2, e.g. `JP`): where a complaint can be filed.
    pub country: Option<String>,
}

/// A company or service that holds the person's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Service {
    /// Row id; 0 before the service is stored.
    pub id: i64,
    /// The name people know it by.
    pub display_name: String,
    /// The legal entity (e.g. "Jsers, llc.").
    pub legal_name: Option<String>,
    /// Main website.
    pub website: Option<String>,
    /// Privacy contact e-mail addresses.
    pub emails: Vec<String>,
    /// Postal address, lines separated by newlines.
    pub postal_address: Option<String>,
    /// URL of its privacy request web form.
    pub webform_url: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
    /// The law that applies.
    pub law: Law,
    /// The language it wants requests in.
    pub language: Language,
    /// ISO 3166 code of its holiday calendar (JP, DE, GB, US, US-CA, ...), if known.
    pub country: Option<String>,
    /// Data categories it holds.
    pub data_categories: Vec<DataCategory>,
    /// Further data it holds, in free text.
    pub data_other: Vec<String>,
    /// The person's account identifiers there (user name, customer number, login e-mail).
    pub account_ids: Vec<String>,
    /// Identity documents it asks for.
    pub identity_documents: Vec<String>,
    /// Fees it mentions.
    pub fees: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// Where this record came from.
    pub source: ServiceSource,
    /// The privacy policy its details were read from (a URL or a file name).
    pub policy_source: Option<String>,
    /// The date that policy was read.
    pub policy_read_on: Option<NaiveDate>,
    /// The company-directory record it was picked from.
    pub directory_slug: Option<String>,
}

impl Service {
    /// A new manual service under the given law with everything else empty.
    pub fn new(display_name: impl Into<String>, law: Law) -> Self {
        Service {
            id: 0,
            display_name: display_name.into(),
            legal_name: None,
            website: None,
            emails: Vec::new(),
            postal_address: None,
            webform_url: None,
            phone: None,
            law,
            language: law.default_language(),
            country: None,
            data_categories: Vec::new(),
            data_other: Vec::new(),
            account_ids: Vec::new(),
            identity_documents: Vec::new(),
            fees: None,
            notes: None,
            source: ServiceSource::Manual,
            policy_source: None,
            policy_read_on: None,
            directory_slug: None,
        }
    }

    /// The name letters are addressed to: the legal entity if known.
    pub fn addressee(&self) -> &str {
        self.legal_name.as_deref().unwrap_or(&self.display_name)
    }

    /// The first privacy contact address that is a real, usable e-mail address.
    pub fn usable_email(&self) -> Option<&str> {
        self.emails.iter().map(String::as_str).find(|e| is_usable_email(e))
    }

    /// The holiday calendar to use for this service's deadlines.
    pub fn calendar_country(&self) -> Option<&str> {
        // A country without a holiday calendar counts weekends only, like none.
        match self.country.as_deref() {
            Some(c) if crate::deadline::Calendar::for_country(c).is_ok() => Some(c),
            _ => self.law.default_country(),
        }
    }
}

/// A country code as typed: `None` when empty, else an ISO 3166-1 alpha-2 code, optionally with
/// a subdivision (`US-CA`), upper-cased; `UK` is read as `GB`.
pub fn country_code(field: &'static str, s: &str) -> Result<Option<String>> {
    let c = s.trim().to_ascii_uppercase().replace('_', "-");
    if c.is_empty() {
        return Ok(None);
    }
    let (country, sub) = c.split_once('-').map_or((c.as_str(), None), |(a, b)| (a, Some(b)));
    let letters = |t: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    if country.len() != 2
        || !country.bytes().all(|b| b.is_ascii_alphabetic())
        || sub.is_some_and(|s| !letters(s, 1..=3))
    {
        return Err(Error::invalid(
            field,
            format!(
                "`{}` is not a country code; use the two letters of ISO 3166-1, e.g. JP, DE, GB, US-CA",
                s.trim()
            ),
        ));
    }
    let country = if country == "UK" { "GB" } else { country };
    Ok(Some(match sub {
        Some(sub) => format!("{country}-{sub}"),
        None => country.to_owned(),
    }))
}

/// Whether `s` is an address mail can be sent to (and not a placeholder such as
/// "[email protected]", which Cloudflare puts where it hid an address).
pub fn is_usable_email(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() || s.len() > 254 || s.contains(char::is_whitespace) || s.contains(['[', ']', '<', '>', ',', ';']) {
        return false;
    }
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !local.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-')
}

/// What a request carries beyond its kind: the corrections, the grounds, what to delete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct RequestDetails {
    /// Free text: what exactly is asked (the corrections, what to delete, a custom request).
    pub text: Option<String>,
    /// For stop-use and deletion under APPI: the grounds.
    pub grounds: Vec<StopGround>,
    /// For an `incomplete` follow-up: what the answer left out (codes of
    /// [`crate::letters::missing_items`]).
    pub missing: Vec<String>,
}

/// A request to one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Request {
    /// Row id.
    pub id: i64,
    /// The reference code printed in every letter's subject, e.g. `PD-2026-7K3Q`.
    pub reference: String,
    /// The person making it.
    pub profile_id: i64,
    /// The company it goes to.
    pub service_id: i64,
    /// What it asks for.
    pub kind: RequestKind,
    /// The law it is made under.
    pub law: Law,
    /// The letter's language.
    pub language: Language,
    /// How it is (to be) sent.
    pub channel: Channel,
    /// The details the kind needs.
    pub details: RequestDetails,
    /// The letter's subject as rendered (and, once sent, as sent).
    pub subject: String,
    /// The letter's body as rendered (and, once sent, as sent).
    pub body: String,
    /// The date the request was created.
    pub created_on: NaiveDate,
    /// For a follow-up letter: the request it follows up.
    pub parent_id: Option<i64>,
    /// For a follow-up letter: which kind.
    pub followup: Option<FollowupType>,
}

vocabulary! {
    /// The kinds of timeline event.
    EventKind, "event type" {
        /// The request was created.
        Created = "created",
        /// The draft was edited.
        Edited = "edited",
        /// The request was sent.
        Sent = "sent",
        /// The request was delivered (post: delivery date; drives the deadline).
        Delivered = "delivered",
        /// The company acknowledged receipt.
        Acknowledged = "acknowledged",
        /// The company asked for proof of identity.
        IdentityRequested = "identity-requested",
        /// Proof of identity was sent.
        IdentitySent = "identity-sent",
        /// The company gave notice of an extension.
        ExtensionNotified = "extension-notified",
        /// A reply was received.
        ReplyReceived = "reply-received",
        /// A follow-up letter was sent.
        FollowupSent = "followup-sent",
        /// A complaint was filed with the regulator.
        ComplaintFiled = "complaint-filed",
        /// The regulator answered the complaint (what it said, as text).
        RegulatorReplied = "regulator-replied",
        /// The request was closed.
        Closed = "closed",
        /// A free note.
        Note = "note",
    }
}

/// One entry on a request's timeline. Events are append-only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Event {
    /// Row id.
    pub id: i64,
    /// The request it belongs to.
    pub request_id: i64,
    /// What happened.
    pub kind: EventKind,
    /// The date it happened.
    pub on: NaiveDate,
    /// For `sent`: the channel used.
    pub channel: Option<Channel>,
    /// For `reply-received`: what the reply amounted to.
    pub outcome: Option<Outcome>,
    /// For `extension-notified`: the new date the company gave; for `followup-sent`: the date
    /// the follow-up letter asked for an answer by.
    pub new_date: Option<NaiveDate>,
    /// For `extension-notified` (the reason given) and `note`: free text.
    pub text: Option<String>,
}

/// A new event as given by the user, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewEvent {
    /// For `sent`: the channel used.
    pub channel: Option<Channel>,
    /// For `reply-received`.
    pub outcome: Option<Outcome>,
    /// For `extension-notified`.
    pub new_date: Option<NaiveDate>,
    /// Reason or note.
    pub text: Option<String>,
}

vocabulary! {
    /// Where a request stands, derived from its events.
    Status, "status" {
        /// Not sent yet.
        Draft = "draft",
        /// Sent, no answer yet.
        Sent = "sent",
        /// The company confirmed receipt.
        Acknowledged = "acknowledged",
        /// The company wants proof of identity that has not been sent yet.
        IdentityRequested = "identity-requested",
        /// The company extended the period.
        Extended = "extended",
        /// A partial answer came.
        Partial = "partial",
        /// The company refused.
        Refused = "refused",
        /// A complete answer (or "no data held") came.
        Answered = "answered",
        /// A complaint was filed with the regulator.
        Escalated = "escalated",
        /// Closed by the user.
        Closed = "closed",
    }
}

impl Status {
    /// Whether the request still waits on the company (a deadline applies).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Sent
                | Status::Acknowledged
                | Status::IdentityRequested
                | Status::Extended
                | Status::Partial
                | Status::Escalated
        )
    }
}

/// Derives a request's status from its timeline (events in the order they were recorded).
pub fn derive_status(events: &[Event]) -> Status {
    let mut status = Status::Draft;
    for e in events {
        status = match e.kind {
            EventKind::Created | EventKind::Edited | EventKind::Note => status,
            EventKind::Sent | EventKind::Delivered if status == Status::Draft => Status::Sent,
            EventKind::Sent | EventKind::Delivered => status,
            EventKind::Acknowledged if matches!(status, Status::Draft | Status::Sent) => Status::Acknowledged,
            EventKind::Acknowledged => status,
            EventKind::IdentityRequested => Status::IdentityRequested,
            EventKind::IdentitySent if status == Status::IdentityRequested => Status::Sent,
            EventKind::IdentitySent => status,
            EventKind::ExtensionNotified if status.is_open() || status == Status::Draft => Status::Extended,
            EventKind::ExtensionNotified => status,
            EventKind::ReplyReceived => match e.outcome {
                Some(Outcome::Partial) => Status::Partial,
                Some(Outcome::Refused) => Status::Refused,
                Some(Outcome::Complete) | Some(Outcome::NoData) => Status::Answered,
                None => status,
            },
            EventKind::FollowupSent if matches!(status, Status::Partial | Status::Refused) => Status::Sent,
            EventKind::FollowupSent => status,
            EventKind::ComplaintFiled => Status::Escalated,
            EventKind::RegulatorReplied => status,
            EventKind::Closed => Status::Closed,
        };
    }
    status
}

/// Parses a `YYYY-MM-DD` date with an error that names the field.
pub fn parse_date(field: &'static str, s: &str) -> Result<NaiveDate> {
    let s = s.trim();
    let ok_shape = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) if ok_shape => Ok(d),
        _ => Err(Error::invalid(
            field,
            format!("`{s}` is not a date; write it as YYYY-MM-DD, e.g. 2026-04-01"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_accept_underscores() {
        for law in Law::ALL {
            assert_eq!(law.code().parse::<Law>().ok(), Some(*law), "every law code parses back");
        }
        assert_eq!(
            "uk_gdpr".parse::<Law>().ok(),
            Some(Law::UkGdpr),
            "underscores are accepted for dashes"
        );
        assert_eq!(
            "postal-address".parse::<DataCategory>().ok(),
            Some(DataCategory::PostalAddress)
        );
        let err = "ccpa2".parse::<Law>().expect_err("unknown law is an error");
        assert!(
            err.to_string().contains("appi, gdpr"),
            "the error lists the valid codes: {err}"
        );
    }

    #[test]
    fn placeholders_are_not_usable_addresses() {
        assert!(
            !is_usable_email("[email protected]"),
            "Cloudflare's placeholder is not an address"
        );
        assert!(!is_usable_email("privacy(at)example.com"));
        assert!(is_usable_email("privacy@example.co.jp"));
        assert!(!is_usable_email("a@b"));
    }

    #[test]
    fn dates_must_be_iso() {
        assert!(parse_date("date", "2026-02-29").is_err(), "2026 is no leap year");
        assert!(parse_date("date", "2028-02-29").is_ok());
        assert!(parse_date("date", "2026-4-1").is_err(), "the form is YYYY-MM-DD");
        assert!(parse_date("date", "01/04/2026").is_err());
    }

    fn ev(kind: EventKind, outcome: Option<Outcome>) -> Event {
        Event {
            id: 0,
            request_id: 1,
            kind,
            on: NaiveDate::from_ymd_opt(2026, 1, 1).expect("valid"),
            channel: None,
            outcome,
            new_date: None,
            text: None,
        }
    }

    #[test]
    fn status_follows_the_timeline() {
        use EventKind as K;
        type Timeline<'a> = &'a [(EventKind, Option<Outcome>)];
        let cases: &[(Timeline<'_>, Status)] = &[
            (&[(K::Created, None)], Status::Draft),
            (&[(K::Created, None), (K::Sent, None)], Status::Sent),
            (
                &[(K::Created, None), (K::Sent, None), (K::Acknowledged, None)],
                Status::Acknowledged,
            ),
            (
                &[(K::Sent, None), (K::IdentityRequested, None)],
                Status::IdentityRequested,
            ),
            (
                &[(K::Sent, None), (K::IdentityRequested, None), (K::IdentitySent, None)],
                Status::Sent,
            ),
            (&[(K::Sent, None), (K::ExtensionNotified, None)], Status::Extended),
            (
                &[(K::Sent, None), (K::ReplyReceived, Some(Outcome::Partial))],
                Status::Partial,
            ),
            (
                &[(K::Sent, None), (K::ReplyReceived, Some(Outcome::NoData))],
                Status::Answered,
            ),
            (
                &[
                    (K::Sent, None),
                    (K::ReplyReceived, Some(Outcome::Refused)),
                    (K::ComplaintFiled, None),
                ],
                Status::Escalated,
            ),
            (
                &[
                    (K::Sent, None),
                    (K::ReplyReceived, Some(Outcome::Complete)),
                    (K::Closed, None),
                ],
                Status::Closed,
            ),
            (
                &[
                    (K::Sent, None),
                    (K::ReplyReceived, Some(Outcome::Partial)),
                    (K::FollowupSent, None),
                ],
                Status::Sent,
            ),
        ];
        for (events, want) in cases {
            let events: Vec<Event> = events.iter().map(|(k, o)| ev(*k, *o)).collect();
            let kinds: Vec<_> = events.iter().map(|e| e.kind.code()).collect();
            assert_eq!(derive_status(&events), *want, "timeline {kinds:?}");
        }
    }
}
