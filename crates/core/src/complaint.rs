//! Regulators and complaint drafts.
//!
//! The regulators are built in (`data/regulators.json`: Japan's PPC, the UK ICO, every EU/EEA
//! national authority, California's CPPA and Attorney General, Brazil, Canada, Switzerland,
//! Korea, Australia, Singapore) and added to or replaced by the supervisory authorities of a
//! directory import. A complaint draft tells the regulator, from the request's timeline, who was
//! asked what and when, what came back, what is missing, which follow-ups were sent, and which
//! evidence files are attached (the request's evidence bundle).

use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::Serialize;

use crate::desk::Desk;
use crate::directory::RegulatorRecord;
use crate::error::{Error, Result};
use crate::letters::long_date;
use crate::model::{EventKind, Language, Law, Outcome};

static BUILTIN: LazyLock<Vec<RegulatorRecord>> =
    LazyLock::new(|| serde_json::from_str(include_str!("../data/regulators.json")).unwrap_or_default());

/// A complaint to a regulator, ready to send or print.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ComplaintDraft {
    /// To whom.
    pub regulator: RegulatorRecord,
    /// The subject line.
    pub subject: String,
    /// The text.
    pub body: String,
    /// The files of the evidence bundle to attach (`pdesk request evidence`).
    pub evidence: Vec<String>,
}

/// Words for an event in a complaint's language.
fn event_words(kind: EventKind, outcome: Option<Outcome>, lang: Language) -> &'static str {
    use EventKind as E;
    match (lang, kind, outcome) {
        (Language::Ja, E::Sent, _) => "請求を送付",
        (Language::Ja, E::Delivered, _) => "請求が到達",
        (Language::Ja, E::Acknowledged, _) => "受領の連絡",
        (Language::Ja, E::IdentityRequested, _) => "本人確認書類の提出を求められた",
        (Language::Ja, E::IdentitySent, _) => "本人確認書類を提出",
        (Language::Ja, E::ExtensionNotified, _) => "回答期限の延長の通知",
        (Language::Ja, E::ReplyReceived, Some(Outcome::Complete)) => "回答（完全）",
        (Language::Ja, E::ReplyReceived, Some(Outcome::Partial)) => "回答（一部のみ）",
        (Language::Ja, E::ReplyReceived, Some(Outcome::Refused)) => "拒否の回答",
        (Language::Ja, E::ReplyReceived, Some(Outcome::NoData)) => "保有個人データなしとの回答",
        (Language::Ja, E::ReplyReceived, None) => "返信",
        (Language::Ja, E::FollowupSent, _) => "催告状を送付",
        (Language::Ja, E::ComplaintFiled, _) => "申立て",
        (Language::Ja, E::RegulatorReplied, _) => "監督機関からの回答",
        (Language::Ja, _, _) => "記録",
        (Language::De, E::Sent, _) => "Antrag gesendet",
        (Language::De, E::Delivered, _) => "Antrag zugegangen",
        (Language::De, E::Acknowledged, _) => "Eingang bestätigt",
        (Language::De, E::IdentityRequested, _) => "Identitätsnachweis verlangt",
        (Language::De, E::IdentitySent, _) => "Identitätsnachweis gesendet",
        (Language::De, E::ExtensionNotified, _) => "Fristverlängerung mitgeteilt",
        (Language::De, E::ReplyReceived, Some(Outcome::Complete)) => "Antwort (vollständig)",
        (Language::De, E::ReplyReceived, Some(Outcome::Partial)) => "Antwort (unvollständig)",
        (Language::De, E::ReplyReceived, Some(Outcome::Refused)) => "Ablehnung",
        (Language::De, E::ReplyReceived, Some(Outcome::NoData)) => "Antwort: keine Daten gespeichert",
        (Language::De, E::ReplyReceived, None) => "Antwort",
        (Language::De, E::FollowupSent, _) => "Erinnerung / Nachfassschreiben gesendet",
        (Language::De, E::ComplaintFiled, _) => "Beschwerde eingelegt",
        (Language::De, E::RegulatorReplied, _) => "Antwort der Aufsichtsbehörde",
        (Language::De, _, _) => "Vermerk",
        (_, E::Sent, _) => "request sent",
        (_, E::Delivered, _) => "request delivered",
        (_, E::Acknowledged, _) => "receipt acknowledged",
        (_, E::IdentityRequested, _) => "proof of identity asked for",
        (_, E::IdentitySent, _) => "proof of identity sent",
        (_, E::ExtensionNotified, _) => "extension notified",
        (_, E::ReplyReceived, Some(Outcome::Complete)) => "answer (complete)",
        (_, E::ReplyReceived, Some(Outcome::Partial)) => "answer (partial)",
        (_, E::ReplyReceived, Some(Outcome::Refused)) => "refusal",
        (_, E::ReplyReceived, Some(Outcome::NoData)) => "answer: no data held",
        (_, E::ReplyReceived, None) => "reply",
        (_, E::FollowupSent, _) => "follow-up letter sent",
        (_, E::ComplaintFiled, _) => "complaint filed",
        (_, E::RegulatorReplied, _) => "the regulator answered",
        (_, _, _) => "note",
    }
}

/// Words for a follow-up letter's kind in a complaint's language.
fn followup_words(kind: Option<crate::model::FollowupType>, lang: Language) -> &'static str {
    use crate::model::FollowupType as F;
    match (lang, kind) {
        (Language::Ja, Some(F::Reminder)) => "回答の催促",
        (Language::Ja, Some(F::Incomplete)) => "回答の不足の指摘",
        (Language::Ja, Some(F::Identity)) => "過大な本人確認への申入れ",
        (Language::Ja, Some(F::Fee)) => "手数料への申入れ",
        (Language::Ja, Some(F::Channel)) => "請求方法への申入れ",
        (Language::Ja, Some(F::Refusal)) => "拒否理由の説明の求め",
        (Language::De, Some(F::Reminder)) => "Erinnerung",
        (Language::De, Some(F::Incomplete)) => "Hinweis auf die unvollständige Antwort",
        (Language::De, Some(F::Identity)) => "Einwand gegen den verlangten Identitätsnachweis",
        (Language::De, Some(F::Fee)) => "Einwand gegen das verlangte Entgelt",
        (Language::De, Some(F::Channel)) => "Einwand gegen die verlangte Form",
        (Language::De, Some(F::Refusal)) => "Bitte um Begründung der Ablehnung",
        (_, Some(F::Reminder)) => "reminder",
        (_, Some(F::Incomplete)) => "notice of an incomplete answer",
        (_, Some(F::Identity)) => "objection to the proof of identity asked for",
        (_, Some(F::Fee)) => "objection to the fee",
        (_, Some(F::Channel)) => "objection to the form required",
        (_, Some(F::Refusal)) => "request for the reasons of the refusal",
        (_, None) => "follow-up",
    }
}

impl Desk {
    /// Every regulator: the built-in ones, with the directory's supervisory authorities added
    /// (one of the same slug replaces the built-in one, keeping its laws).
    pub fn regulators(&self) -> Result<Vec<RegulatorRecord>> {
        let mut all: Vec<RegulatorRecord> = BUILTIN.clone();
        for mut r in self.directory_regulators()? {
            match all.iter_mut().find(|b| b.slug == r.slug) {
                Some(b) => {
                    if r.laws.is_empty() {
                        r.laws = std::mem::take(&mut b.laws);
                    }
                    *b = r;
                }
                None => all.push(r),
            }
        }
        Ok(all)
    }

    /// The regulators overseeing `law` (a law code: appi, gdpr ...), or all when `None`.
    pub fn regulators_for(&self, law: Option<&str>) -> Result<Vec<RegulatorRecord>> {
        let law = law.map(|l| l.trim().to_ascii_lowercase());
        Ok(self
            .regulators()?
            .into_iter()
            .filter(|r| law.as_ref().is_none_or(|l| r.laws.iter().any(|x| x == l)))
            .collect())
    }

    /// One regulator by slug.
    pub fn regulator(&self, slug: &str) -> Result<RegulatorRecord> {
        self.regulators()?
            .into_iter()
            .find(|r| r.slug == slug)
            .ok_or_else(|| Error::NotFound {
                what: "regulator",
                id: slug.to_owned(),
                hint: "pdesk regulator list",
            })
    }

    /// The regulator suggested for request `id`: the one for its law where a law has one
    /// (APPI: the PPC, CCPA: the CPPA ...). Under the GDPR, the authority of the person's country
    /// of residence (Art. 77(1) lets them complain where they live, work or where it happened),
    /// else of the service's country; under no named law, a regulator of the person's country.
    pub fn suggest_regulator(&self, id: i64) -> Result<Option<RegulatorRecord>> {
        let request = self.store.request(id)?;
        let all = self.regulators()?;
        if let Some(slug) = crate::next::regulator_for(request.law) {
            return Ok(all.into_iter().find(|r| r.slug == slug));
        }
        // The records write countries in lower case, some with a subdivision (`us-ca`): the
        // code as given matches first, then its country alone.
        let codes = |c: Option<String>| -> Vec<String> {
            let c = c.map(|c| c.to_ascii_lowercase()).unwrap_or_default();
            match c.split_once('-') {
                Some((country, _)) => vec![c.clone(), country.to_owned()],
                None if c.is_empty() => Vec::new(),
                None => vec![c],
            }
        };
        let person = codes(self.store.profile(request.profile_id)?.country);
        let of = |codes: &[String], gdpr: bool| {
            codes.iter().find_map(|c| {
                all.iter()
                    .find(|r| r.relevant_countries.contains(c) && (!gdpr || r.laws.iter().any(|l| l == "gdpr")))
                    .cloned()
            })
        };
        Ok(match request.law {
            Law::Gdpr => {
                let service = codes(self.store.service(request.service_id)?.country);
                of(&person, true).or_else(|| of(&service, true))
            }
            _ => of(&person, false),
        })
    }

    /// A complaint about request `id` to `regulator` (the suggested one when `None`), written on
    /// `today` from the request's timeline.
    pub fn complaint(&self, id: i64, regulator: Option<&str>, today: NaiveDate) -> Result<ComplaintDraft> {
        let regulator = match regulator {
            Some(slug) => self.regulator(slug)?,
            None => self.suggest_regulator(id)?.ok_or_else(|| {
                Error::invalid(
                    "regulator",
                    "no regulator is known for this request's law and country; choose one with --regulator (pdesk regulator list)",
                )
            })?,
        };
        let lang = match regulator.complaint_language.as_deref() {
            Some("ja") => Language::Ja,
            Some("de") => Language::De,
            _ => Language::En,
        };
        let view = self.request_view(id)?;
        let r = &view.request;
        let service = self.store.service(r.service_id)?;
        let profile = self.store.profile(r.profile_id)?;
        let messages = self.messages(id)?;
        let message_id = messages
            .iter()
            .find(|m| m.direction == "out")
            .and_then(|m| m.message_id.clone());
        let timeline: Vec<serde_json::Value> = view
            .events
            .iter()
            .filter(|e| !matches!(e.kind, EventKind::Created | EventKind::Edited | EventKind::Note))
            .map(|e| {
                serde_json::json!({
                    "date_long": long_date(e.on, lang),
                    "what": event_words(e.kind, e.outcome, lang),
                    // A follow-up's own line is in the follow-ups below.
                    "text": if e.kind == EventKind::FollowupSent { None } else { e.text.clone() },
                })
            })
            .collect();
        let mut followups = Vec::new();
        let mut missing = Vec::new();
        for child in self.store.followups_of(id)? {
            let v = self.request_view(child.id)?;
            let sent = v
                .events
                .iter()
                .find(|e| e.kind == EventKind::Sent)
                .map(|e| long_date(e.on, lang));
            for m in &child.details.missing {
                let label = crate::letters::missing_label(r.law, m, lang);
                if !missing.contains(&label) {
                    missing.push(label);
                }
            }
            followups.push(serde_json::json!({
                "ref": child.reference,
                "type": followup_words(child.followup, lang),
                "sent_long": sent,
                "answered": v.events.iter().any(|e| e.kind == EventKind::ReplyReceived),
            }));
        }
        let evidence = self.evidence_names(id)?;
        let sent = view.events.iter().find(|e| e.kind == EventKind::Sent).map(|e| e.on);
        let ctx = serde_json::json!({
            "regulator": regulator,
            "me": {
                "name": profile.full_name.trim(),
                "alt_name": profile.alt_name,
                "email": profile.emails.first(),
                "address": profile.postal_address,
                "phone": profile.phone,
            },
            "company": {
                "name": service.addressee(),
                "service": service.display_name,
                "address": service.postal_address,
                "email": service.usable_email(),
                "website": service.website,
            },
            "original": {
                "ref": r.reference,
                "subject": r.subject,
                "kind": r.kind.code(),
                "law": r.law.code(),
                "law_name": crate::letters::law_name(r.law),
                "sent_long": sent.map(|d| long_date(d, lang)),
                "message_id": message_id,
                "due_long": view.deadline.as_ref().map(|d| long_date(d.extended_due_date.unwrap_or(d.due_date), lang)),
                "lawsuit_long": view.deadline.as_ref().and_then(|d| d.earliest_lawsuit_date).map(|d| long_date(d, lang)),
            },
            "status": view.status.code(),
            "timeline": timeline,
            "followups": followups,
            "missing": missing,
            "evidence": evidence,
            "date_long": long_date(today, lang),
        });
        let letter = self
            .templates()
            .render_named(&format!("complaint.{}.txt", lang.code()), &ctx)?;
        Ok(ComplaintDraft {
            regulator,
            subject: letter.subject,
            body: letter.body,
            evidence,
        })
    }
}

/// The built-in regulators (for tests and listings).
pub fn builtin_regulators() -> &'static [RegulatorRecord] {
    &BUILTIN
}

#[cfg(test)]
mod tests {
    use crate::desk::{Desk, NewRequest, ProfileInput, ServiceInput};
    use crate::model::{Channel, EventKind, FollowupType, Law, NewEvent, Outcome, RequestDetails, RequestKind};

    fn d(s: &str) -> chrono::NaiveDate {
        crate::model::parse_date("date", s).expect("date")
    }

    /// A request with a fixed reference, sent on `sent`, to a new service under `law`.
    fn request(desk: &mut Desk, law: Law, country: Option<&str>, reference: &str, sent: &str) -> i64 {
        let s = desk
            .add_service(ServiceInput {
                display_name: Some("Jsers".into()),
                legal_name: Some("Jsers, llc.".into()),
                emails: Some(vec!["privacy@jsers.example".into()]),
                postal_address: Some("1-2-3 Jingumae\nShibuya-ku, Tokyo".into()),
                law: Some(law),
                country: country.map(str::to_owned),
                ..ServiceInput::default()
            })
            .expect("service");
        let r = desk
            .new_requests(
                &NewRequest {
                    service_ids: vec![s.id],
                    kind: RequestKind::Access,
                    law: None,
                    language: None,
                    channel: Some(Channel::Email),
                    details: RequestDetails::default(),
                    profile_id: None,
                    reference: Some(reference.into()),
                },
                d("2026-03-31"),
            )
            .expect("request");
        desk.mark_sent(r[0].id, d(sent), None).expect("sent");
        r[0].id
    }

    /// The complaint letters, per language, against golden files in `crates/core/golden/`
    /// (PDESK_BLESS=1 writes them); the follow-up's random reference is masked.
    #[test]
    fn complaint_letters_match_their_golden_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut desk = Desk::open(dir.path(), None).expect("desk");
        desk.set_profile(
            None,
            ProfileInput {
                full_name: Some("山田 花子".into()),
                alt_name: Some("Hanako Yamada".into()),
                emails: Some(vec!["hanako@example.jp".into()]),
                ..ProfileInput::default()
            },
        )
        .expect("profile");
        let appi = request(&mut desk, Law::Appi, None, "PD-2026-7K3Q", "2026-04-20");
        let f = desk
            .new_followup(appi, FollowupType::Reminder, Vec::new(), None, d("2026-05-06"))
            .expect("reminder");
        desk.mark_sent(f.id, d("2026-05-06"), None).expect("sent");
        let gdpr = request(&mut desk, Law::Gdpr, Some("DE"), "PD-2026-8ABC", "2026-04-01");
        desk.record_event(
            gdpr,
            EventKind::ReplyReceived,
            d("2026-04-20"),
            NewEvent {
                outcome: Some(Outcome::Partial),
                ..NewEvent::default()
            },
        )
        .expect("reply");
        let g = desk
            .new_followup(
                gdpr,
                FollowupType::Incomplete,
                vec!["copy".into(), "recipients".into()],
                None,
                d("2026-04-21"),
            )
            .expect("incomplete");
        desk.mark_sent(g.id, d("2026-04-21"), None).expect("sent");
        let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("golden");
        let bless = std::env::var("PDESK_BLESS").is_ok();
        for (id, regulator, file, masked) in [
            (appi, None, "complaint.appi.ppc.ja.txt", f.reference.as_str()),
            (gdpr, None, "complaint.gdpr.debfdi.de.txt", g.reference.as_str()),
            (gdpr, Some("iedpc"), "complaint.gdpr.iedpc.en.txt", g.reference.as_str()),
        ] {
            let c = desk.complaint(id, regulator, d("2026-06-01")).expect("complaint");
            let text = format!("{}\n\n{}", c.subject, c.body).replace(masked, "PD-FOLLOWUP");
            let path = golden.join(file);
            if bless {
                std::fs::write(&path, &text).expect("write golden");
            }
            let want = std::fs::read_to_string(&path)
                .unwrap_or_else(|_| panic!("{} is missing; run with PDESK_BLESS=1 and review it", path.display()));
            assert_eq!(text, want, "{file} differs from its golden file");
        }
    }

    /// Art. 77(1) GDPR: the person may complain where they live; the service's country is the
    /// fallback, and a request under no named law goes to the person's own regulator.
    #[test]
    fn the_regulator_follows_the_law_then_the_persons_country_then_the_services() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut desk = Desk::open(dir.path(), None).expect("desk");
        let live_in = |desk: &mut Desk, country: &str| {
            desk.set_profile(
                None,
                ProfileInput {
                    full_name: Some("Camille Martin".into()),
                    emails: Some(vec!["camille@example.fr".into()]),
                    country: Some(country.into()),
                    ..ProfileInput::default()
                },
            )
            .expect("profile")
        };
        live_in(&mut desk, "");
        let gdpr_ie = request(&mut desk, Law::Gdpr, Some("IE"), "PD-2026-2222", "2026-04-01");
        let generic = request(&mut desk, Law::Generic, None, "PD-2026-3333", "2026-04-01");
        let appi = request(&mut desk, Law::Appi, Some("JP"), "PD-2026-4444", "2026-04-01");
        let slug = |desk: &Desk, id| desk.suggest_regulator(id).expect("suggest").map(|r| r.slug);
        assert_eq!(
            slug(&desk, gdpr_ie).as_deref(),
            Some("iedpc"),
            "no country of residence: the service's"
        );
        assert_eq!(slug(&desk, generic), None, "nothing to go on");
        assert_eq!(
            live_in(&mut desk, "fr").country.as_deref(),
            Some("FR"),
            "stored upper-case"
        );
        assert_eq!(
            slug(&desk, gdpr_ie).as_deref(),
            Some("frcnil"),
            "living in France: the CNIL"
        );
        assert_eq!(
            slug(&desk, appi).as_deref(),
            Some("ppc"),
            "the APPI has one regulator wherever one lives"
        );
        live_in(&mut desk, "GB");
        assert_eq!(
            slug(&desk, gdpr_ie).as_deref(),
            Some("iedpc"),
            "the ICO does not take GDPR complaints: the service's country again"
        );
        assert_eq!(
            slug(&desk, generic).as_deref(),
            Some("gbico"),
            "no named law: the person's regulator"
        );
        live_in(&mut desk, "US-CA");
        assert_eq!(
            slug(&desk, generic).as_deref(),
            Some("cppa"),
            "a subdivision matches first"
        );
        let err = desk
            .set_profile(
                None,
                ProfileInput {
                    country: Some("France".into()),
                    ..ProfileInput::default()
                },
            )
            .expect_err("a country name is not a code");
        assert!(err.to_string().contains("ISO 3166-1"), "{err}");
    }

    #[test]
    fn the_built_in_regulators_parse_and_each_names_its_laws_and_website() {
        let all = super::builtin_regulators();
        assert_eq!(all.len(), 40, "the file parses whole");
        for r in all {
            assert!(
                !r.laws.is_empty() && r.web.as_deref().is_some_and(|w| w.starts_with("http")),
                "{}",
                r.slug
            );
            assert!(!r.relevant_countries.is_empty(), "{}", r.slug);
        }
    }
}
