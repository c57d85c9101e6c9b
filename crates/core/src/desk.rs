//! The application API: one method per user action, each one transaction.
//!
//! The `pdesk` command and the desktop app call these and nothing lower; they parse input,
//! call one method and show the result or the error.

use std::path::Path;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::deadline::{self, Deadline, DeadlineQuery};
use crate::eml;
use crate::error::{Error, Result};
use crate::letters::{Letter, LetterInput, Templates};
use crate::model::{
    Channel, DataCategory, Event, EventKind, Language, Law, NewEvent, Profile, Request, RequestDetails, RequestKind,
    Service, ServiceSource, Status, derive_status, is_usable_email,
};
use crate::store::{RequestFilter, RequestSummary, RequestSummaryRow, ServiceFilter, Store};

/// The longest text accepted in one field (a pasted novel is a mistake, not a letter).
pub const MAX_FIELD_CHARS: usize = 20_000;

/// An open Privacy Desk: the store and the letter templates.
#[derive(Debug)]
pub struct Desk {
    pub(crate) store: Store,
    templates: Templates,
    pub(crate) rng: fastrand::Rng,
}

/// A profile as entered; `None` leaves a field as it is when updating.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct ProfileInput {
    /// Full name.
    pub full_name: Option<String>,
    /// Name in another script.
    pub alt_name: Option<String>,
    /// E-mail addresses (replace the stored ones when given).
    pub emails: Option<Vec<String>>,
    /// Postal address.
    pub postal_address: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Date of birth.
    pub birth_date: Option<NaiveDate>,
    /// Country of residence (ISO 3166-1 alpha-2); an empty text clears it.
    pub country: Option<String>,
}

/// A service as entered; `None` leaves a field as it is when editing.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct ServiceInput {
    /// Display name.
    pub display_name: Option<String>,
    /// Legal entity.
    pub legal_name: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Privacy contact addresses.
    pub emails: Option<Vec<String>>,
    /// Postal address.
    pub postal_address: Option<String>,
    /// Web form URL.
    pub webform_url: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Law.
    pub law: Option<Law>,
    /// Language.
    pub language: Option<Language>,
    /// Holiday calendar country.
    pub country: Option<String>,
    /// Data categories.
    pub data_categories: Option<Vec<DataCategory>>,
    /// Free-text data.
    pub data_other: Option<Vec<String>>,
    /// Account identifiers.
    pub account_ids: Option<Vec<String>>,
    /// Identity documents asked for.
    pub identity_documents: Option<Vec<String>>,
    /// Fees.
    pub fees: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// Where the record came from.
    pub source: Option<ServiceSource>,
    /// The privacy policy the details were read from (a URL or a file name).
    pub policy_source: Option<String>,
    /// The date it was read, YYYY-MM-DD.
    pub policy_read_on: Option<String>,
    /// The company-directory record it was picked from.
    pub directory_slug: Option<String>,
}

impl ServiceInput {
    /// This input with every field `over` sets replacing ours (typed values over a policy's).
    pub fn overlay(self, over: ServiceInput) -> ServiceInput {
        ServiceInput {
            display_name: over.display_name.or(self.display_name),
            legal_name: over.legal_name.or(self.legal_name),
            website: over.website.or(self.website),
            emails: over.emails.or(self.emails),
            postal_address: over.postal_address.or(self.postal_address),
            webform_url: over.webform_url.or(self.webform_url),
            phone: over.phone.or(self.phone),
            law: over.law.or(self.law),
            language: over.language.or(self.language),
            country: over.country.or(self.country),
            data_categories: over.data_categories.or(self.data_categories),
            data_other: over.data_other.or(self.data_other),
            account_ids: over.account_ids.or(self.account_ids),
            identity_documents: over.identity_documents.or(self.identity_documents),
            fees: over.fees.or(self.fees),
            notes: over.notes.or(self.notes),
            source: over.source.or(self.source),
            policy_source: over.policy_source.or(self.policy_source),
            policy_read_on: over.policy_read_on.or(self.policy_read_on),
            directory_slug: over.directory_slug.or(self.directory_slug),
        }
    }
}

/// One field a change would alter.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldChange {
    /// The field, named as in [`ServiceInput`].
    pub field: String,
    /// Its value now, as text.
    pub before: String,
    /// Its value after the change, as text.
    pub after: String,
}

/// A new request to one or more services.
#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewRequest {
    /// The services (the same request goes to each).
    pub service_ids: Vec<i64>,
    /// What is asked.
    pub kind: RequestKind,
    /// The law; the service's when `None`.
    pub law: Option<Law>,
    /// The language; the service's when `None`.
    pub language: Option<Language>,
    /// The channel; e-mail when the service has a usable address, else post.
    pub channel: Option<Channel>,
    /// Details.
    pub details: RequestDetails,
    /// The person; the first profile when `None`.
    pub profile_id: Option<i64>,
    /// The reference for the first service's letter, as shown in a preview
    /// ([`Desk::propose_reference`]); a new one when `None`.
    #[serde(default)]
    pub reference: Option<String>,
}

/// The user's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct Settings {
    /// `system`, `en` or `ja`.
    pub ui_language: String,
    /// Remind this many days before a due date.
    pub reminder_lead_days: u32,
    /// While the app runs, check for replies every this many minutes (0: only when asked).
    pub mail_check_minutes: u32,
    /// Quiet hours: no reminder notifications from this hour (0-23) ...
    pub quiet_from: u32,
    /// ... to this hour; the same hour twice means no quiet hours.
    pub quiet_to: u32,
    /// A folder in which the calendar file ([`CALENDAR_FILE`]) is kept up to date after every
    /// change, for a calendar app that subscribes to a local file; none when not wanted.
    pub calendar_dir: Option<String>,
}

/// The name of the calendar file kept in [`Settings::calendar_dir`].
pub const CALENDAR_FILE: &str = "privacy-desk.ics";

impl Settings {
    /// Whether `hour` (0-23, local time) falls in the quiet hours.
    pub fn quiet_at(&self, hour: u32) -> bool {
        let (from, to) = (self.quiet_from, self.quiet_to);
        match from.cmp(&to) {
            std::cmp::Ordering::Equal => false,
            std::cmp::Ordering::Less => (from..to).contains(&hour),
            std::cmp::Ordering::Greater => hour >= from || hour < to,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            ui_language: "system".to_owned(),
            reminder_lead_days: 3,
            mail_check_minutes: 0,
            quiet_from: 0,
            quiet_to: 0,
            calendar_dir: None,
        }
    }
}

/// A request with its service, status, timeline and deadline.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RequestView {
    /// The request and its letter.
    pub request: Request,
    /// The service's display name.
    pub service_name: String,
    /// Status derived from the timeline.
    pub status: Status,
    /// The timeline.
    pub events: Vec<Event>,
    /// The date the company received it (delivery, else sending), once sent.
    pub received_on: Option<NaiveDate>,
    /// The deadline, once sent.
    pub deadline: Option<Deadline>,
}

/// One line of the request list.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RequestRow {
    /// Request id.
    pub id: i64,
    /// Reference code.
    pub reference: String,
    /// Service id.
    pub service_id: i64,
    /// Service name.
    pub service_name: String,
    /// Kind.
    pub kind: RequestKind,
    /// Law.
    pub law: Law,
    /// Status.
    pub status: Status,
    /// Date sent.
    pub sent_on: Option<NaiveDate>,
    /// The date that applies now (extended if an extension counts).
    pub due_date: Option<NaiveDate>,
    /// APPI: the Art. 39 date.
    pub earliest_lawsuit_date: Option<NaiveDate>,
}

/// How many requests are in one status.
#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StatusCount {
    /// The status.
    pub status: Status,
    /// How many requests have it.
    pub count: u32,
}

/// The start screen's content.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TodayView {
    /// The day it was computed for.
    pub as_of: NaiveDate,
    /// Sent requests whose next step is the user's to take now, the longest waiting first (the
    /// first few): a reminder, a reply to check, a follow-up, a complaint, a request to close.
    pub now: Vec<DueItem>,
    /// How many requests need a step now.
    pub now_total: u32,
    /// Requests whose next step comes within the window (mostly: the due date passes), soonest
    /// first (the first few).
    pub soon: Vec<DueItem>,
    /// How many requests have a step within the window.
    pub soon_total: u32,
    /// Requests not sent yet (the first few).
    pub drafts: Vec<RequestRow>,
    /// How many drafts there are.
    pub drafts_total: u32,
    /// Requests per status.
    pub counts: Vec<StatusCount>,
    /// How many services there are (0 on a first run).
    pub services: u32,
}

/// Whether a reminder is about steps to take now or ones coming soon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ReminderKind {
    /// A step is due now.
    Now,
    /// A step comes within the lead time.
    Soon,
}

/// The notification to show: how many requests, and the most urgent one (a click opens it).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Reminder {
    /// Overdue or due soon.
    pub kind: ReminderKind,
    /// How many requests of that kind.
    pub count: u32,
    /// The most urgent, with its next step.
    pub first: DueItem,
}

/// A request with its next step.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DueItem {
    /// The request.
    #[serde(flatten)]
    pub row: RequestRow,
    /// Days until the due date (negative: overdue by that many days); none without one.
    pub days_left: Option<i64>,
    /// Whether it is past its due date on the as-of date.
    pub overdue: bool,
    /// What to do, and when.
    pub next: crate::next::NextStep,
}

impl Desk {
    /// Opens the store in `data_dir`, with user templates from `templates_dir` when given.
    pub fn open(data_dir: &Path, templates_dir: Option<&Path>) -> Result<Desk> {
        let mut store = Store::open_in(data_dir)?;
        // Version 2 added the request summaries, version 8 their next-step date and version 9
        // the answers to follow-up letters on their originals; older files get them computed once.
        if (1..9).contains(&store.migrated_from()) {
            store.transaction(|tx| {
                for (id, service_id) in Store::request_ids(tx)? {
                    let service = Store::service_in(tx, service_id)?;
                    refresh_summary(tx, id, &service)?;
                }
                Ok(())
            })?;
        }
        Ok(Desk {
            store,
            templates: Templates::new(templates_dir),
            rng: fastrand::Rng::new(),
        })
    }

    /// How many rows this desk has changed since it was opened: a caller compares two counts to
    /// tell whether an action changed anything.
    pub fn changes(&self) -> u64 {
        self.store.changes()
    }

    /// The underlying store (read access for lists and tests).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The templates.
    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    // ---- profiles ---------------------------------------------------------------------------

    /// Sets the profile `id` (the first profile when `None`, creating it if there is none).
    pub fn set_profile(&mut self, id: Option<i64>, input: ProfileInput) -> Result<Profile> {
        let existing = match id {
            Some(id) => Some(self.store.profile(id)?),
            None => self.store.profiles()?.into_iter().next(),
        };
        let mut p = existing.unwrap_or_default();
        apply_profile(&mut p, input)?;
        let id = self.store.transaction(|tx| {
            if p.id == 0 {
                Store::insert_profile(tx, &p)
            } else {
                Store::update_profile(tx, &p).map(|()| p.id)
            }
        })?;
        self.store.profile(id)
    }

    /// Adds another profile (a family member's).
    pub fn add_profile(&mut self, input: ProfileInput) -> Result<Profile> {
        let mut p = Profile::default();
        apply_profile(&mut p, input)?;
        let id = self.store.transaction(|tx| Store::insert_profile(tx, &p))?;
        self.store.profile(id)
    }

    /// Every profile; the first is the default.
    pub fn profiles(&self) -> Result<Vec<Profile>> {
        self.store.profiles()
    }

    // ---- services ---------------------------------------------------------------------------

    /// Adds a service.
    pub fn add_service(&mut self, input: ServiceInput) -> Result<Service> {
        let name = input.display_name.clone().unwrap_or_default();
        let mut s = Service::new(name, input.law.unwrap_or(Law::Generic));
        let law_given = input.law.is_some();
        let lang_given = input.language.is_some();
        apply_service(&mut s, input)?;
        if law_given && !lang_given {
            s.language = s.law.default_language();
        }
        let id = self.store.transaction(|tx| Store::insert_service(tx, &s))?;
        self.store.service(id)
    }

    /// Changes the fields given.
    pub fn edit_service(&mut self, id: i64, input: ServiceInput) -> Result<Service> {
        let mut s = self.store.service(id)?;
        apply_service(&mut s, input)?;
        self.store.transaction(|tx| {
            Store::update_service(tx, &s)?;
            // The holiday calendar may have changed: every due date of this service is redone.
            for rid in Store::request_ids_of_service(tx, id)? {
                refresh_summary(tx, rid, &s)?;
            }
            Ok(())
        })?;
        self.store.service(id)
    }

    /// What `input` would change in service `id`, field by field (keys as in [`ServiceInput`]),
    /// without changing anything: the app shows this before applying a policy's findings.
    pub fn service_changes(&self, id: i64, input: ServiceInput) -> Result<Vec<FieldChange>> {
        let before = self.store.service(id)?;
        let mut after = before.clone();
        apply_service(&mut after, input)?;
        let list = |v: &[String]| v.join(", ");
        let cats = |s: &Service| {
            s.data_categories
                .iter()
                .map(|c| c.code())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let fields: [(&str, String, String); 16] = [
            ("display_name", before.display_name.clone(), after.display_name.clone()),
            ("legal_name", opt(&before.legal_name), opt(&after.legal_name)),
            ("website", opt(&before.website), opt(&after.website)),
            ("emails", list(&before.emails), list(&after.emails)),
            (
                "postal_address",
                opt(&before.postal_address),
                opt(&after.postal_address),
            ),
            ("webform_url", opt(&before.webform_url), opt(&after.webform_url)),
            ("phone", opt(&before.phone), opt(&after.phone)),
            ("law", before.law.code().to_owned(), after.law.code().to_owned()),
            (
                "language",
                before.language.code().to_owned(),
                after.language.code().to_owned(),
            ),
            ("country", opt(&before.country), opt(&after.country)),
            ("data_categories", cats(&before), cats(&after)),
            ("data_other", list(&before.data_other), list(&after.data_other)),
            ("account_ids", list(&before.account_ids), list(&after.account_ids)),
            (
                "identity_documents",
                list(&before.identity_documents),
                list(&after.identity_documents),
            ),
            ("fees", opt(&before.fees), opt(&after.fees)),
            ("notes", opt(&before.notes), opt(&after.notes)),
        ];
        Ok(fields
            .into_iter()
            .filter(|(_, b, a)| b != a)
            .map(|(field, before, after)| FieldChange {
                field: field.to_owned(),
                before,
                after,
            })
            .collect())
    }

    /// Removes a service without requests.
    pub fn remove_service(&mut self, id: i64) -> Result<()> {
        self.store.transaction(|tx| Store::delete_service(tx, id))
    }

    /// One service.
    pub fn service(&self, id: i64) -> Result<Service> {
        self.store.service(id)
    }

    /// Services matching a filter.
    pub fn services(&self, filter: &ServiceFilter) -> Result<Vec<Service>> {
        self.store.services(filter)
    }

    // ---- settings ---------------------------------------------------------------------------

    /// The settings (defaults for what was never set).
    pub fn settings(&self) -> Result<Settings> {
        Ok(match self.store.setting("settings")? {
            Some(json) => serde_json::from_str(&json).unwrap_or_default(),
            None => Settings::default(),
        })
    }

    /// Saves the settings.
    pub fn set_settings(&mut self, settings: &Settings) -> Result<Settings> {
        if !["system", "en", "ja"].contains(&settings.ui_language.as_str()) {
            return Err(Error::invalid("ui_language", "choose system, en or ja"));
        }
        if settings.reminder_lead_days > 60 {
            return Err(Error::invalid("reminder_lead_days", "choose between 0 and 60 days"));
        }
        if settings.mail_check_minutes != 0 && !(5..=1440).contains(&settings.mail_check_minutes) {
            return Err(Error::invalid(
                "mail_check_minutes",
                "check for replies every 5 to 1440 minutes, or 0 to check only when you ask",
            ));
        }
        if settings.quiet_from > 23 || settings.quiet_to > 23 {
            return Err(Error::invalid(
                "quiet_from",
                "quiet hours run from an hour 0-23 to an hour 0-23",
            ));
        }
        let mut settings = settings.clone();
        settings.calendar_dir = settings
            .calendar_dir
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_owned);
        if let Some(dir) = &settings.calendar_dir {
            let path = Path::new(dir);
            if !path.is_absolute() || !path.is_dir() {
                return Err(Error::invalid(
                    "calendar_dir",
                    format!("{dir} is not an existing folder; choose a folder for the calendar file"),
                ));
            }
        }
        let json = serde_json::to_string(&settings).map_err(|e| Error::invalid("settings", e.to_string()))?;
        self.store.transaction(|tx| Store::set_setting(tx, "settings", &json))?;
        self.settings()
    }

    // ---- requests ---------------------------------------------------------------------------

    /// A reference code not yet used, to show in a preview before the request is saved.
    pub fn propose_reference(&mut self, today: NaiveDate) -> Result<String> {
        let rng = &mut self.rng;
        self.store.transaction(|tx| {
            loop {
                let candidate = reference_code(today, rng);
                if !Store::reference_exists(tx, &candidate)? {
                    return Ok(candidate);
                }
            }
        })
    }

    /// The letter the first service of `new` would get, without saving anything.
    pub fn preview_letter(&self, new: &NewRequest, today: NaiveDate) -> Result<Letter> {
        check_text("details", new.details.text.as_deref())?;
        let Some(&sid) = new.service_ids.first() else {
            return Err(Error::invalid("service", "pick at least one service"));
        };
        let profile = self.request_profile(new.profile_id)?;
        let service = self.store.service(sid)?;
        let (law, language, channel) = request_choices(new, &service)?;
        let reference = new
            .reference
            .clone()
            .unwrap_or_else(|| format!("PD-{}-XXXX", chrono::Datelike::year(&today)));
        self.templates.render(&LetterInput {
            profile: &profile,
            service: &service,
            kind: new.kind,
            law,
            language,
            channel,
            details: &new.details,
            reference: &reference,
            date: today,
            followup: None,
        })
    }

    fn request_profile(&self, id: Option<i64>) -> Result<Profile> {
        match id {
            Some(id) => self.store.profile(id),
            None => self.store.profiles()?.into_iter().next().ok_or_else(|| {
                Error::invalid(
                    "profile",
                    "there is no profile yet; create one first with `pdesk profile set --name NAME`",
                )
            }),
        }
    }

    /// Creates the same request to each service, all or nothing. Returns the new requests.
    pub fn new_requests(&mut self, new: &NewRequest, today: NaiveDate) -> Result<Vec<Request>> {
        if new.service_ids.is_empty() {
            return Err(Error::invalid("service", "name at least one service"));
        }
        check_text("details", new.details.text.as_deref())?;
        let profile = self.request_profile(new.profile_id)?;
        let mut prepared = Vec::new();
        for &sid in &new.service_ids {
            let service = self.store.service(sid)?;
            let (law, language, channel) = request_choices(new, &service)?;
            prepared.push((service, law, language, channel));
        }
        if let Some(r) = &new.reference {
            check_reference(r)?;
        }
        let rng = &mut self.rng;
        let templates = &self.templates;
        let ids = self.store.transaction(|tx| {
            let mut ids = Vec::new();
            for (i, (service, law, language, channel)) in prepared.iter().enumerate() {
                let proposed = new.reference.clone().filter(|_| i == 0);
                if let Some(r) = &proposed
                    && Store::reference_exists(tx, r)?
                {
                    return Err(Error::Conflict(format!(
                        "reference {r} is already used; preview the letter again"
                    )));
                }
                let reference = if let Some(r) = proposed {
                    r
                } else {
                    loop {
                        let candidate = reference_code(today, rng);
                        if !Store::reference_exists(tx, &candidate)? {
                            break candidate;
                        }
                    }
                };
                let letter = templates.render(&LetterInput {
                    profile: &profile,
                    service,
                    kind: new.kind,
                    law: *law,
                    language: *language,
                    channel: *channel,
                    details: &new.details,
                    reference: &reference,
                    date: today,
                    followup: None,
                })?;
                let req = Request {
                    id: 0,
                    reference,
                    profile_id: profile.id,
                    service_id: service.id,
                    kind: new.kind,
                    law: *law,
                    language: *language,
                    channel: *channel,
                    details: new.details.clone(),
                    subject: letter.subject,
                    body: letter.body,
                    created_on: today,
                    parent_id: None,
                    followup: None,
                };
                let id = Store::insert_request(tx, &req)?;
                Store::insert_event(tx, id, EventKind::Created, today, &NewEvent::default())?;
                refresh_summary(tx, id, service)?;
                ids.push(id);
            }
            Ok(ids)
        })?;
        ids.into_iter().map(|id| self.store.request(id)).collect()
    }

    /// Re-renders a draft with new details (and channel), recording an `edited` event.
    pub fn edit_draft(
        &mut self,
        id: i64,
        details: RequestDetails,
        channel: Option<Channel>,
        today: NaiveDate,
    ) -> Result<Request> {
        check_text("details", details.text.as_deref())?;
        let mut req = self.store.request(id)?;
        let events = self.store.events(id)?;
        if derive_status(&events) != Status::Draft {
            return Err(Error::Conflict(format!(
                "request {id} was already sent; its letter is kept as sent"
            )));
        }
        let profile = self.store.profile(req.profile_id)?;
        let service = self.store.service(req.service_id)?;
        // A follow-up keeps what it names as missing unless new items are given.
        let missing = if details.missing.is_empty() {
            std::mem::take(&mut req.details.missing)
        } else {
            details.missing.clone()
        };
        req.details = RequestDetails { missing, ..details };
        if let Some(c) = channel {
            req.channel = c;
        }
        self.render_letter(&mut req, &profile, &service, today)?;
        self.store.transaction(|tx| {
            Store::update_request_letter(tx, &req)?;
            Store::insert_event(tx, id, EventKind::Edited, today, &NewEvent::default())?;
            refresh_summary(tx, id, &service)
        })?;
        self.store.request(id)
    }

    /// Renders a stored request's letter (a follow-up's with what it refers to) into its
    /// subject and body.
    fn render_letter(&self, req: &mut Request, profile: &Profile, service: &Service, today: NaiveDate) -> Result<()> {
        let followup = self.followup_context(req, today)?;
        let letter = self.templates.render(&LetterInput {
            profile,
            service,
            kind: req.kind,
            law: req.law,
            language: req.language,
            channel: req.channel,
            details: &req.details,
            reference: &req.reference,
            date: today,
            followup: followup.as_ref(),
        })?;
        req.subject = letter.subject;
        req.body = letter.body;
        Ok(())
    }

    /// What a follow-up request's letter refers to (`None` for a first request).
    fn followup_context(&self, req: &Request, today: NaiveDate) -> Result<Option<crate::letters::FollowupContext>> {
        let (Some(parent_id), Some(kind)) = (req.parent_id, req.followup) else {
            return Ok(None);
        };
        let parent = self.store.request(parent_id)?;
        let sent_on = self
            .store
            .events(parent_id)?
            .iter()
            .find(|e| e.kind == EventKind::Sent)
            .map(|e| e.on);
        let message_id = self
            .messages(parent_id)?
            .into_iter()
            .find(|m| m.direction == "out")
            .and_then(|m| m.message_id);
        Ok(Some(crate::letters::FollowupContext {
            kind,
            reference: parent.reference,
            sent_on,
            subject: parent.subject,
            message_id,
            answer_by: today + Duration::days(crate::next::FOLLOWUP_PERIOD_DAYS),
        }))
    }

    /// Drafts a follow-up letter to request `parent_id`: a request of its own to the same
    /// service, under the same law and language, that refers to the original (its date, its
    /// reference and, when it was e-mailed, its Message-ID) and gives two weeks to answer. It is
    /// sent, tracked and answered like any request; sending it records a follow-up on the original.
    pub fn new_followup(
        &mut self,
        parent_id: i64,
        kind: crate::model::FollowupType,
        missing: Vec<String>,
        text: Option<String>,
        today: NaiveDate,
    ) -> Result<Request> {
        check_text("details", text.as_deref())?;
        let parent = self.store.request(parent_id)?;
        let status = derive_status(&self.store.events(parent_id)?);
        if matches!(status, Status::Draft | Status::Closed) {
            return Err(Error::Conflict(format!(
                "request {parent_id} is {}: a follow-up needs a request that was sent and is still open",
                status.code()
            )));
        }
        if kind == crate::model::FollowupType::Incomplete && missing.is_empty() {
            return Err(Error::invalid(
                "missing",
                "say what the answer left out (--missing), so the letter can name it",
            ));
        }
        let codes: Vec<&str> = crate::letters::missing_items(parent.law)
            .iter()
            .map(|(c, ..)| *c)
            .collect();
        if let Some(bad) = missing.iter().find(|m| !codes.contains(&m.as_str())) {
            return Err(Error::invalid(
                "missing",
                format!(
                    "`{bad}` is not something a {} answer must contain; use: {}",
                    parent.law,
                    codes.join(", ")
                ),
            ));
        }
        let profile = self.store.profile(parent.profile_id)?;
        let service = self.store.service(parent.service_id)?;
        let reference = reference_code(today, &mut self.rng);
        let mut req = Request {
            id: 0,
            reference,
            profile_id: parent.profile_id,
            service_id: parent.service_id,
            kind: parent.kind,
            law: parent.law,
            language: parent.language,
            channel: parent.channel,
            details: crate::model::RequestDetails {
                missing,
                text: text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()),
                ..crate::model::RequestDetails::default()
            },
            subject: String::new(),
            body: String::new(),
            created_on: today,
            parent_id: Some(parent_id),
            followup: Some(kind),
        };
        self.render_letter(&mut req, &profile, &service, today)?;
        let id = self.store.transaction(|tx| {
            let id = Store::insert_request(tx, &req)?;
            Store::insert_event(tx, id, EventKind::Created, today, &NewEvent::default())?;
            refresh_summary(tx, id, &service)?;
            Ok(id)
        })?;
        self.store.request(id)
    }

    /// The letter as stored (as sent, once sent).
    pub fn letter(&self, id: i64) -> Result<Letter> {
        let r = self.store.request(id)?;
        Ok(Letter {
            subject: r.subject,
            body: r.body,
            template: match r.followup {
                Some(f) => crate::letters::followup_template_name(f, r.law, r.language),
                None => crate::letters::template_name(r.kind, r.law, r.language),
            },
        })
    }

    /// The letter as an RFC 5322 message dated `at`. The To header is left out when the
    /// service has no usable address: no address is ever invented.
    pub fn letter_eml(&mut self, id: i64, at: DateTime<FixedOffset>) -> Result<String> {
        let r = self.store.request(id)?;
        let profile = self.store.profile(r.profile_id)?;
        let service = self.store.service(r.service_id)?;
        let from_addr = profile.emails.iter().find(|e| is_usable_email(e)).cloned();
        let envelope = eml::Envelope {
            from: from_addr.clone().map(|address| eml::Mailbox {
                name: Some(profile.full_name.clone()),
                address,
            }),
            to: service.usable_email().map(|address| eml::Mailbox {
                name: Some(service.addressee().to_owned()),
                address: address.to_owned(),
            }),
            date: at,
            message_id: eml::message_id(&r.reference, from_addr.as_deref(), &mut self.rng),
        };
        Ok(eml::render(&envelope, &r.subject, &r.body))
    }

    /// Records that the request was sent on `on` by `via` (the request's channel when `None`).
    ///
    /// A letter recorded as sent before the day it was written (a request entered afterwards)
    /// is dated the day it was sent, so the letter kept is the one that went out: its date, and a
    /// follow-up's date to answer by, agree with the deadline counted from sending.
    pub fn mark_sent(&mut self, id: i64, on: NaiveDate, via: Option<Channel>) -> Result<RequestView> {
        let req = self.store.request(id)?;
        let channel = via.unwrap_or(req.channel);
        let events = self.store.events(id)?;
        let written = events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Created | EventKind::Edited))
            .map(|e| e.on)
            .max();
        let redated = match written {
            Some(w) if on < w && derive_status(&events) == Status::Draft => {
                let mut r = req;
                let profile = self.store.profile(r.profile_id)?;
                let service = self.store.service(r.service_id)?;
                self.render_letter(&mut r, &profile, &service, on)?;
                Some(r)
            }
            _ => None,
        };
        self.record_event_with(
            id,
            EventKind::Sent,
            on,
            NewEvent {
                channel: Some(channel),
                ..NewEvent::default()
            },
            false,
            |tx| match &redated {
                Some(r) => Store::update_request_letter(tx, r),
                None => Ok(()),
            },
        )
    }

    /// Appends an event to a request's timeline after checking it fits.
    pub fn record_event(&mut self, id: i64, kind: EventKind, on: NaiveDate, e: NewEvent) -> Result<RequestView> {
        self.record_event_with(id, kind, on, e, false, |_| Ok(()))
    }

    /// Records an event and whatever `with` writes (a message, say) in one transaction.
    pub(crate) fn record_event_with(
        &mut self,
        id: i64,
        kind: EventKind,
        on: NaiveDate,
        e: NewEvent,
        imported_reply: bool,
        with: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<()>,
    ) -> Result<RequestView> {
        check_text("text", e.text.as_deref())?;
        let req = self.store.request(id)?;
        let events = self.store.events(id)?;
        // An imported reply is evidence whatever the request's state; its outcome waits for
        // the user to read it.
        if !(imported_reply && kind == EventKind::ReplyReceived) {
            validate_event(&req, &events, kind, on, &e)?;
        }
        let service = self.store.service(req.service_id)?;
        self.store.transaction(|tx| {
            with(tx)?;
            Store::insert_event(tx, id, kind, on, &e)?;
            refresh_summary(tx, id, &service)?;
            if let Some(parent) = req.parent_id {
                on_original(tx, &req, parent, kind, on, &e, &service)?;
            }
            if kind == EventKind::Closed {
                close_followups(tx, &req, on, &service)?;
            }
            Ok(())
        })?;
        self.request_view(id)
    }

    /// A request with everything about it.
    pub fn request_view(&self, id: i64) -> Result<RequestView> {
        let request = self.store.request(id)?;
        let service = self.store.service(request.service_id)?;
        let events = self.store.events(id)?;
        view(request, &service.display_name, service.calendar_country(), events)
    }

    /// Every request, newest first, optionally only those with `status`.
    pub fn requests(&self, status: Option<Status>) -> Result<Vec<RequestRow>> {
        self.rows(&RequestFilter {
            status,
            ..RequestFilter::default()
        })
    }

    /// The requests to one service, newest first.
    pub fn requests_of_service(&self, service_id: i64) -> Result<Vec<RequestRow>> {
        self.rows(&RequestFilter {
            service_id: Some(service_id),
            ..RequestFilter::default()
        })
    }

    fn rows(&self, filter: &RequestFilter) -> Result<Vec<RequestRow>> {
        Ok(self
            .store
            .request_rows(filter)?
            .into_iter()
            .map(row_from_summary)
            .collect())
    }

    /// The start screen: the steps to take now, the ones coming within `within_days`, the
    /// drafts to send, and how many requests are in each status.
    ///
    /// Each list holds at most `shown` items; the totals say how many there are.
    pub fn today(&self, as_of: NaiveDate, within_days: i64, shown: usize) -> Result<TodayView> {
        let horizon = as_of + Duration::days(within_days.max(0));
        // Each list is one limited query on the stored next-step dates plus a count, and only
        // the shown items have their timelines read: the start screen costs the same with 10
        // requests or 10,000.
        let now = RequestFilter {
            next_by: Some(as_of),
            sent_only: true,
            by_next: true,
            limit: Some(shown),
            ..RequestFilter::default()
        };
        let soon = RequestFilter {
            next_by: Some(horizon),
            next_from: as_of.succ_opt(),
            ..now.clone()
        };
        let stored = self.store.status_counts()?;
        let counts: Vec<StatusCount> = Status::ALL
            .iter()
            .map(|s| StatusCount {
                status: *s,
                count: stored.get(s).copied().unwrap_or(0),
            })
            .collect();
        let drafts = self.rows(&RequestFilter {
            status: Some(Status::Draft),
            limit: Some(shown),
            ..RequestFilter::default()
        })?;
        Ok(TodayView {
            as_of,
            now: self.due_items(&now, as_of)?,
            now_total: self.store.request_count(&now)?,
            soon: self.due_items(&soon, as_of)?,
            soon_total: self.store.request_count(&soon)?,
            drafts,
            drafts_total: stored.get(&Status::Draft).copied().unwrap_or(0),
            counts,
            services: self.store.service_count()?,
        })
    }

    /// Open requests due on or before `as_of + within_days`, most urgent first, with their next
    /// steps.
    pub fn due(&self, as_of: NaiveDate, within_days: i64) -> Result<Vec<DueItem>> {
        let filter = RequestFilter {
            due_by: Some(as_of + Duration::days(within_days.max(0))),
            open_only: true,
            by_due: true,
            ..RequestFilter::default()
        };
        self.due_items(&filter, as_of)
    }

    /// The reminder to show at `hour` (0-23, local) on `as_of`: none in the quiet hours, else
    /// as [`Desk::reminder`] with the lead time from the settings.
    pub fn reminder_at(&self, as_of: NaiveDate, hour: u32) -> Result<Option<Reminder>> {
        let settings = self.settings()?;
        if settings.quiet_at(hour) {
            return Ok(None);
        }
        self.reminder(as_of, i64::from(settings.reminder_lead_days))
    }

    /// The reminder to show on `as_of` with a lead time of `lead_days`: the steps to take now if
    /// there are any, else those coming within the lead time; `None` when nothing is due.
    pub fn reminder(&self, as_of: NaiveDate, lead_days: i64) -> Result<Option<Reminder>> {
        let today = self.today(as_of, lead_days, 1)?;
        let pick =
            |kind, count, items: Vec<DueItem>| items.into_iter().next().map(|first| Reminder { kind, count, first });
        Ok(pick(ReminderKind::Now, today.now_total, today.now)
            .or_else(|| pick(ReminderKind::Soon, today.soon_total, today.soon)))
    }

    /// The rows `filter` selects, each with its next step from its timeline.
    fn due_items(&self, filter: &RequestFilter, as_of: NaiveDate) -> Result<Vec<DueItem>> {
        self.store
            .request_rows(filter)?
            .into_iter()
            .map(|r| {
                let row = row_from_summary(r);
                let next = crate::next::next_step(&self.request_view(row.id)?, as_of);
                Ok(DueItem {
                    days_left: row.due_date.map(|d| (d - as_of).num_days()),
                    overdue: row.due_date.is_some_and(|d| d < as_of),
                    next,
                    row,
                })
            })
            .collect()
    }
}

/// What an event on a follow-up letter means for the request it follows up, written in the
/// same transaction: sending it is a follow-up there, with the date the letter asked for an
/// answer by; an answer to it (a reply with its outcome) is an answer there too. A closed
/// original takes nothing more.
fn on_original(
    tx: &rusqlite::Transaction<'_>,
    followup: &Request,
    parent: i64,
    kind: EventKind,
    on: NaiveDate,
    e: &NewEvent,
    service: &Service,
) -> Result<()> {
    let mirrored = match kind {
        EventKind::Sent => {
            let v = view(
                Store::request_in(tx, followup.id)?,
                &service.display_name,
                service.calendar_country(),
                Store::events_in(tx, followup.id)?,
            )?;
            NewEvent {
                channel: e.channel,
                new_date: v.deadline.as_ref().map(Deadline::effective_due_date),
                text: Some(format!("follow-up letter {}", followup.reference)),
                ..NewEvent::default()
            }
        }
        EventKind::ReplyReceived if e.outcome.is_some() => NewEvent {
            outcome: e.outcome,
            text: Some(match e.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                Some(t) => format!("reply to follow-up letter {}: {t}", followup.reference),
                None => format!("reply to follow-up letter {}", followup.reference),
            }),
            ..NewEvent::default()
        },
        _ => return Ok(()),
    };
    if derive_status(&Store::events_in(tx, parent)?) == Status::Closed {
        return Ok(());
    }
    let kind = if kind == EventKind::Sent {
        EventKind::FollowupSent
    } else {
        kind
    };
    Store::insert_event(tx, parent, kind, on, &mirrored)?;
    refresh_summary(tx, parent, service)
}

/// Closing a request closes the follow-up letters sent about it that are still open: their
/// story ends with it.
fn close_followups(tx: &rusqlite::Transaction<'_>, req: &Request, on: NaiveDate, service: &Service) -> Result<()> {
    for child in Store::followup_ids_in(tx, req.id)? {
        let status = derive_status(&Store::events_in(tx, child)?);
        if matches!(status, Status::Draft | Status::Closed) {
            continue;
        }
        let closed = NewEvent {
            text: Some(format!("closed with {}", req.reference)),
            ..NewEvent::default()
        };
        Store::insert_event(tx, child, EventKind::Closed, on, &closed)?;
        refresh_summary(tx, child, service)?;
    }
    Ok(())
}

/// Recomputes a request's stored summary from its timeline, inside the action's transaction.
fn refresh_summary(tx: &rusqlite::Transaction<'_>, id: i64, service: &Service) -> Result<()> {
    let request = Store::request_in(tx, id)?;
    let events = Store::events_in(tx, id)?;
    let v = view(request, &service.display_name, service.calendar_country(), events)?;
    let r = row(&v);
    Store::set_summary(
        tx,
        id,
        &RequestSummary {
            status: r.status,
            sent_on: r.sent_on,
            due_on: r.due_date,
            lawsuit_on: r.earliest_lawsuit_date,
            next_on: crate::next::next_on(&v),
        },
    )
}

fn row_from_summary(s: RequestSummaryRow) -> RequestRow {
    RequestRow {
        id: s.id,
        reference: s.reference,
        service_id: s.service_id,
        service_name: s.service_name,
        kind: s.kind,
        law: s.law,
        status: s.summary.status,
        sent_on: s.summary.sent_on,
        due_date: s.summary.due_on,
        earliest_lawsuit_date: s.summary.lawsuit_on,
    }
}

fn row(v: &RequestView) -> RequestRow {
    RequestRow {
        id: v.request.id,
        reference: v.request.reference.clone(),
        service_id: v.request.service_id,
        service_name: v.service_name.clone(),
        kind: v.request.kind,
        law: v.request.law,
        status: v.status,
        sent_on: v.events.iter().find(|e| e.kind == EventKind::Sent).map(|e| e.on),
        due_date: v
            .deadline
            .as_ref()
            .filter(|_| v.status.is_open())
            .map(Deadline::effective_due_date),
        earliest_lawsuit_date: v.deadline.as_ref().and_then(|d| d.earliest_lawsuit_date),
    }
}

fn view(request: Request, service_name: &str, country: Option<&str>, events: Vec<Event>) -> Result<RequestView> {
    let status = derive_status(&events);
    let sent = events.iter().find(|e| e.kind == EventKind::Sent).map(|e| e.on);
    let delivered = events
        .iter()
        .rev()
        .find(|e| e.kind == EventKind::Delivered)
        .map(|e| e.on);
    let received_on = delivered.or(sent);
    let deadline = match received_on {
        None => None,
        Some(received) => {
            let mut q = DeadlineQuery::new(request.law, request.kind, received);
            q.country = country.map(str::to_owned);
            q.followup = request.followup.is_some();
            if let Some(ext) = events.iter().rev().find(|e| e.kind == EventKind::ExtensionNotified) {
                q.extension_notice = Some(ext.on);
                q.extension_new_date = ext.new_date;
            }
            if request.law == Law::UkGdpr {
                q.identity_received = events
                    .iter()
                    .rev()
                    .find(|e| e.kind == EventKind::IdentitySent)
                    .map(|e| e.on);
            }
            let mut d = deadline::compute(&q)?;
            if sent.is_some() && delivered.is_none() && request.channel == Channel::Post {
                d.notes.push(deadline::Note::new(
                    deadline::NoteCode::PostedNotDelivered,
                    "counted from the posting date; record the delivery date for the exact deadline",
                ));
            }
            Some(d)
        }
    };
    Ok(RequestView {
        request,
        service_name: service_name.to_owned(),
        status,
        events,
        received_on,
        deadline,
    })
}

/// A reference code `PD-YYYY-XXXX` from an alphabet without look-alike characters.
pub fn reference_code(today: NaiveDate, rng: &mut fastrand::Rng) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let code: String = (0..4)
        .map(|_| char::from(ALPHABET[rng.usize(..ALPHABET.len())]))
        .collect();
    format!("PD-{}-{code}", chrono::Datelike::year(&today))
}

/// The law, language and channel a request to `service` gets: the ones asked for, else the
/// service's (and e-mail only where the service has a usable address).
fn request_choices(new: &NewRequest, service: &Service) -> Result<(Law, Language, Channel)> {
    let law = new.law.unwrap_or(service.law);
    let language = new.language.unwrap_or(if new.law.is_some_and(|l| l != service.law) {
        law.default_language()
    } else {
        service.language
    });
    let channel = new.channel.unwrap_or(if service.usable_email().is_some() {
        Channel::Email
    } else {
        Channel::Post
    });
    if channel == Channel::Email && service.usable_email().is_none() {
        return Err(Error::invalid(
            "via",
            format!(
                "{} has no usable e-mail address; send by post or web form, or add the address with `pdesk service edit {} --email ADDRESS`",
                service.display_name, service.id
            ),
        ));
    }
    Ok((law, language, channel))
}

fn check_reference(r: &str) -> Result<()> {
    let ok = r.len() == 12
        && r.starts_with("PD-")
        && r[3..7].chars().all(|c| c.is_ascii_digit())
        && r.as_bytes()[7] == b'-'
        && r[8..].chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "reference",
            format!("`{r}` is not a reference like PD-2026-7K3Q"),
        ))
    }
}

fn validate_event(req: &Request, events: &[Event], kind: EventKind, on: NaiveDate, e: &NewEvent) -> Result<()> {
    let status = derive_status(events);
    let sent_on = events.iter().find(|ev| ev.kind == EventKind::Sent).map(|ev| ev.on);
    match kind {
        EventKind::Created | EventKind::Edited => {
            return Err(Error::invalid(
                "type",
                format!("`{kind}` events are recorded by Privacy Desk itself"),
            ));
        }
        EventKind::Sent => {
            if let Some(s) = sent_on {
                return Err(Error::Conflict(format!(
                    "request {} was already sent on {s}; record a follow-up with `--type followup-sent`",
                    req.id
                )));
            }
        }
        EventKind::Note => {
            if e.text.as_deref().is_none_or(|t| t.trim().is_empty()) {
                return Err(Error::invalid("text", "a note needs its text"));
            }
        }
        _ => {
            let Some(s) = sent_on else {
                return Err(Error::Conflict(format!(
                    "request {} has not been sent yet; record `sent` first (pdesk request sent {} --on DATE)",
                    req.id, req.id
                )));
            };
            if on < s {
                return Err(Error::invalid(
                    "date",
                    format!("{on} is before the request was sent ({s}); check the date"),
                ));
            }
            if status == Status::Closed {
                return Err(Error::Conflict(format!(
                    "request {} is closed; add a note instead",
                    req.id
                )));
            }
        }
    }
    match kind {
        EventKind::ReplyReceived if e.outcome.is_none() => {
            return Err(Error::invalid(
                "outcome",
                "a reply needs its outcome: complete, partial, refused or no-data",
            ));
        }
        EventKind::ExtensionNotified if e.new_date.is_some_and(|new| new <= on) => {
            return Err(Error::invalid(
                "new-date",
                format!("the new date must be after the notice date {on}"),
            ));
        }
        EventKind::FollowupSent if e.new_date.is_some_and(|new| new <= on) => {
            return Err(Error::invalid(
                "new-date",
                format!("the date the follow-up asked for an answer by must be after the day it was sent ({on})"),
            ));
        }
        EventKind::ExtensionNotified | EventKind::FollowupSent => {}
        _ if e.new_date.is_some() => {
            return Err(Error::invalid(
                "new-date",
                format!("a new date belongs to `extension-notified` or `followup-sent`, not to `{kind}`"),
            ));
        }
        EventKind::RegulatorReplied if !events.iter().any(|ev| ev.kind == EventKind::ComplaintFiled) => {
            return Err(Error::Conflict(format!(
                "request {}: no complaint was filed about it; record `complaint-filed` first",
                req.id
            )));
        }
        EventKind::IdentitySent if !events.iter().any(|ev| ev.kind == EventKind::IdentityRequested) => {
            return Err(Error::Conflict(format!(
                "request {}: the company has not asked for identity proof; record `identity-requested` first",
                req.id
            )));
        }
        _ => {}
    }
    if e.outcome.is_some() && kind != EventKind::ReplyReceived {
        return Err(Error::invalid(
            "outcome",
            "an outcome belongs to a `reply-received` event",
        ));
    }
    if e.new_date.is_some() && kind != EventKind::ExtensionNotified {
        return Err(Error::invalid(
            "new-date",
            "a new date belongs to an `extension-notified` event",
        ));
    }
    Ok(())
}

fn clean(field: &'static str, s: Option<String>) -> Result<Option<String>> {
    check_text(field, s.as_deref())?;
    Ok(s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()))
}

fn check_text(field: &'static str, s: Option<&str>) -> Result<()> {
    if let Some(s) = s {
        let n = s.chars().count();
        if n > MAX_FIELD_CHARS {
            return Err(Error::invalid(
                field,
                format!("is {n} characters long; at most {MAX_FIELD_CHARS} are kept"),
            ));
        }
        if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
            return Err(Error::invalid(field, "contains control characters; paste plain text"));
        }
    }
    Ok(())
}

fn clean_list(field: &'static str, items: Vec<String>) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if let Some(i) = clean(field, Some(i))?
            && !out.contains(&i)
        {
            out.push(i);
        }
    }
    Ok(out)
}

fn check_emails(field: &'static str, emails: &[String]) -> Result<()> {
    for e in emails {
        if !is_usable_email(e) {
            return Err(Error::invalid(
                field,
                format!(
                    "`{e}` is not an e-mail address (if the policy hides it, leave it out and send by post or web form)"
                ),
            ));
        }
    }
    Ok(())
}

fn check_url(field: &'static str, url: &Option<String>) -> Result<()> {
    if let Some(u) = url {
        let lower = u.to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://"))
            || u.contains(char::is_whitespace)
            || u.len() < 11
        {
            return Err(Error::invalid(
                field,
                format!("`{u}` is not a web address; write it as https://example.com/..."),
            ));
        }
    }
    Ok(())
}

fn apply_profile(p: &mut Profile, input: ProfileInput) -> Result<()> {
    if let Some(n) = input.full_name {
        p.full_name = clean("name", Some(n))?.unwrap_or_default();
    }
    if p.full_name.is_empty() {
        return Err(Error::invalid("name", "the profile needs a name (--name)"));
    }
    if input.alt_name.is_some() {
        p.alt_name = clean("alt-name", input.alt_name)?;
    }
    if let Some(emails) = input.emails {
        let emails = clean_list("email", emails)?;
        check_emails("email", &emails)?;
        p.emails = emails;
    }
    if input.postal_address.is_some() {
        p.postal_address = clean("address", input.postal_address)?;
    }
    if input.phone.is_some() {
        p.phone = clean("phone", input.phone)?;
    }
    if input.birth_date.is_some() {
        p.birth_date = input.birth_date;
    }
    if let Some(c) = input.country {
        p.country = crate::model::country_code("country", &c)?;
    }
    Ok(())
}

fn apply_service(s: &mut Service, input: ServiceInput) -> Result<()> {
    if let Some(n) = input.display_name {
        s.display_name = clean("name", Some(n))?.unwrap_or_default();
    }
    if s.display_name.is_empty() {
        return Err(Error::invalid("name", "the service needs a name (--name)"));
    }
    if input.legal_name.is_some() {
        s.legal_name = clean("legal-name", input.legal_name)?;
    }
    if input.website.is_some() {
        s.website = clean("website", input.website)?;
        check_url("website", &s.website)?;
    }
    if let Some(emails) = input.emails {
        let emails = clean_list("email", emails)?;
        check_emails("email", &emails)?;
        s.emails = emails;
    }
    if input.postal_address.is_some() {
        s.postal_address = clean("address", input.postal_address)?;
    }
    if input.webform_url.is_some() {
        s.webform_url = clean("webform", input.webform_url)?;
        check_url("webform", &s.webform_url)?;
    }
    if input.phone.is_some() {
        s.phone = clean("phone", input.phone)?;
    }
    if let Some(l) = input.law {
        s.law = l;
    }
    if let Some(l) = input.language {
        s.language = l;
    }
    if let Some(c) = input.country {
        s.country = crate::model::country_code("country", &c)?;
    }
    if let Some(mut cats) = input.data_categories {
        cats.sort();
        cats.dedup();
        s.data_categories = cats;
    }
    if let Some(d) = input.data_other {
        s.data_other = clean_list("data", d)?;
    }
    if let Some(a) = input.account_ids {
        s.account_ids = clean_list("account-id", a)?;
    }
    if let Some(d) = input.identity_documents {
        s.identity_documents = clean_list("id-document", d)?;
    }
    if input.fees.is_some() {
        s.fees = clean("fees", input.fees)?;
    }
    if input.notes.is_some() {
        s.notes = clean("notes", input.notes)?;
    }
    if let Some(src) = input.source {
        s.source = src;
    }
    if input.policy_source.is_some() {
        s.policy_source = clean("policy", input.policy_source)?;
    }
    if input.directory_slug.is_some() {
        s.directory_slug = clean("directory", input.directory_slug)?;
    }
    if let Some(d) = input.policy_read_on {
        s.policy_read_on = Some(crate::model::parse_date("policy-read-on", &d)?);
    }
    Ok(())
}
