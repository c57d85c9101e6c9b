//! The commands: state in, one pdesk-core call, typed error out.

use chrono::NaiveDate;
use pdesk_core::desk::{
    FieldChange, NewRequest, ProfileInput, Reminder, RequestRow, RequestView, ServiceInput, Settings, TodayView,
};
use pdesk_core::directory::{CompanyRecord, DirectoryImport, DirectorySource};
use pdesk_core::letters::Letter;
use pdesk_core::mail::{Account, AccountInput, Imported, MessageRow};
use pdesk_core::model::{Channel, EventKind, NewEvent, Outcome, Profile, Request, Service, Status, parse_date};
use pdesk_core::policy::PolicyReading;
use pdesk_core::store::ServiceFilter;
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::{AppState, IpcError};

type Res<T> = Result<T, IpcError>;

/// Where things are kept, for the Settings screen.
#[derive(Debug, Serialize, specta::Type)]
pub struct AppInfo {
    /// The data directory.
    pub data_dir: String,
    /// The user's letter templates folder.
    pub templates_dir: String,
    /// The app's version.
    pub version: String,
}

/// A service with its requests, for the service page.
#[derive(Debug, Serialize, specta::Type)]
pub struct ServiceDetail {
    /// The service.
    pub service: Service,
    /// Its requests, newest first.
    pub requests: Vec<RequestRow>,
}

/// A service-list query from the UI.
#[derive(Debug, Default, Deserialize, specta::Type)]
pub struct ServiceQuery {
    /// Text to search names, website and addresses for.
    pub text: Option<String>,
    /// Only this law.
    pub law: Option<pdesk_core::model::Law>,
}

/// An event as the UI records it.
#[derive(Debug, Deserialize, specta::Type)]
pub struct EventInput {
    /// For `reply-received`.
    pub outcome: Option<Outcome>,
    /// For `extension-notified`: YYYY-MM-DD, checked by the core.
    pub new_date: Option<String>,
    /// A reason or note.
    pub text: Option<String>,
    /// For `followup-sent`.
    pub channel: Option<Channel>,
}

/// Today's date on this machine: the one place the app reads the clock.
fn clock_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

#[tauri::command]
#[specta::specta]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        data_dir: state.dirs.data.display().to_string(),
        templates_dir: state.dirs.templates().display().to_string(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    }
}

#[tauri::command]
#[specta::specta]
pub fn today() -> NaiveDate {
    clock_today()
}

#[tauri::command]
#[specta::specta]
pub fn profiles(state: State<'_, AppState>) -> Res<Vec<Profile>> {
    Ok(state.desk().profiles()?)
}

#[tauri::command]
#[specta::specta]
pub fn set_profile(state: State<'_, AppState>, id: Option<i64>, input: ProfileInput) -> Res<Profile> {
    Ok(state.desk().set_profile(id, input)?)
}

#[tauri::command]
#[specta::specta]
pub fn services(state: State<'_, AppState>, query: ServiceQuery) -> Res<Vec<Service>> {
    Ok(state.desk().services(&ServiceFilter {
        text: query.text,
        law: query.law,
        limit: None,
    })?)
}

#[tauri::command]
#[specta::specta]
pub fn service_detail(state: State<'_, AppState>, id: i64) -> Res<ServiceDetail> {
    let desk = state.desk();
    Ok(ServiceDetail {
        service: desk.service(id)?,
        requests: desk.requests_of_service(id)?,
    })
}

#[tauri::command]
#[specta::specta]
pub fn add_service(state: State<'_, AppState>, input: ServiceInput) -> Res<Service> {
    Ok(state.desk().add_service(input)?)
}

#[tauri::command]
#[specta::specta]
pub fn edit_service(state: State<'_, AppState>, id: i64, input: ServiceInput) -> Res<Service> {
    Ok(state.desk().edit_service(id, input)?)
}

#[tauri::command]
#[specta::specta]
pub fn remove_service(state: State<'_, AppState>, id: i64) -> Res<()> {
    Ok(state.desk().remove_service(id)?)
}

#[tauri::command]
#[specta::specta]
pub fn propose_reference(state: State<'_, AppState>) -> Res<String> {
    Ok(state.desk().propose_reference(clock_today())?)
}

#[tauri::command]
#[specta::specta]
pub fn preview_letter(state: State<'_, AppState>, request: NewRequest) -> Res<Letter> {
    Ok(state.desk().preview_letter(&request, clock_today())?)
}

#[tauri::command]
#[specta::specta]
pub fn create_requests(state: State<'_, AppState>, request: NewRequest) -> Res<Vec<Request>> {
    Ok(state.desk().new_requests(&request, clock_today())?)
}

#[tauri::command]
#[specta::specta]
pub fn requests(state: State<'_, AppState>, status: Option<Status>) -> Res<Vec<RequestRow>> {
    Ok(state.desk().requests(status)?)
}

#[tauri::command]
#[specta::specta]
pub fn request_view(state: State<'_, AppState>, id: i64) -> Res<RequestView> {
    Ok(state.desk().request_view(id)?)
}

#[tauri::command]
#[specta::specta]
pub fn mark_sent(state: State<'_, AppState>, id: i64, on: String, via: Option<Channel>) -> Res<RequestView> {
    // Dates arrive as typed, so a wrong one gets the core's message naming the field.
    let on = parse_date("on", &on)?;
    Ok(state.desk().mark_sent(id, on, via)?)
}

#[tauri::command]
#[specta::specta]
pub fn record_event(
    state: State<'_, AppState>,
    id: i64,
    kind: EventKind,
    on: String,
    event: EventInput,
) -> Res<RequestView> {
    let on = parse_date("on", &on)?;
    let new_date = event
        .new_date
        .as_deref()
        .map(|d| parse_date("new-date", d))
        .transpose()?;
    let e = NewEvent {
        channel: event.channel,
        outcome: event.outcome,
        new_date,
        text: event.text,
    };
    Ok(state.desk().record_event(id, kind, on, e)?)
}

#[tauri::command]
#[specta::specta]
pub fn letter_eml(state: State<'_, AppState>, id: i64) -> Res<String> {
    Ok(state.desk().letter_eml(id, chrono::Local::now().fixed_offset())?)
}

#[tauri::command]
#[specta::specta]
pub fn export_eml(state: State<'_, AppState>, id: i64, path: String) -> Res<()> {
    let eml = state.desk().letter_eml(id, chrono::Local::now().fixed_offset())?;
    let path = std::path::PathBuf::from(path);
    std::fs::write(&path, eml).map_err(|e| IpcError::file(&path, &e))
}

#[tauri::command]
#[specta::specta]
pub fn reminder(state: State<'_, AppState>) -> Res<Option<Reminder>> {
    use chrono::Timelike as _;
    let desk = state.desk();
    // The periodic check also moves the kept calendar file on to the new day.
    if let Err(e) = pdesk_platform::calendar::keep(&desk, clock_today()) {
        eprintln!("privacy-desk: {e}");
    }
    Ok(desk.reminder_at(clock_today(), chrono::Local::now().hour())?)
}

#[tauri::command]
#[specta::specta]
pub fn settings(state: State<'_, AppState>) -> Res<Settings> {
    Ok(state.desk().settings()?)
}

#[tauri::command]
#[specta::specta]
pub fn set_settings(state: State<'_, AppState>, settings: Settings) -> Res<Settings> {
    let mut desk = state.desk();
    let saved = desk.set_settings(&settings)?;
    // A calendar folder is written to at once, so a folder that cannot take the file is said
    // here and not found out later.
    pdesk_platform::calendar::keep(&desk, clock_today()).map_err(|message| IpcError {
        kind: crate::IpcErrorKind::Storage,
        message,
        field: Some("calendar_dir".into()),
    })?;
    Ok(saved)
}

#[tauri::command]
#[specta::specta]
pub fn today_view(state: State<'_, AppState>, within_days: i64) -> Res<TodayView> {
    // The start screen lists the first 50 of each kind and says how many more there are.
    Ok(state.desk().today(clock_today(), within_days, 50)?)
}

/// Shows a reminder notification; clicking it opens `request_id` (event `open-request`).
#[tauri::command]
#[specta::specta]
pub fn show_reminder(state: State<'_, AppState>, title: String, body: String, request_id: Option<i64>) {
    state.notify(title, body, request_id);
}

// ---- mail ---------------------------------------------------------------------------------

fn keyring() -> pdesk_platform::mail::Keyring {
    pdesk_platform::mail::Keyring::new(pdesk_platform::Flavor::current())
}

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::Local::now().fixed_offset()
}

#[tauri::command]
#[specta::specta]
pub fn accounts(state: State<'_, AppState>) -> Res<Vec<Account>> {
    Ok(state.desk().accounts()?)
}

/// Adds an account; the password goes to the OS keyring and never comes back over IPC.
#[tauri::command]
#[specta::specta]
pub fn add_account(state: State<'_, AppState>, input: AccountInput, password: String) -> Res<Account> {
    Ok(pdesk_platform::mail::add_account(
        &mut state.desk(),
        &keyring(),
        input,
        &password,
    )?)
}

#[tauri::command]
#[specta::specta]
pub fn remove_account(state: State<'_, AppState>, id: i64) -> Res<Account> {
    Ok(pdesk_platform::mail::remove_account(&mut state.desk(), &keyring(), id)?)
}

// Network: off the main thread, so the window stays responsive.
#[tauri::command(async)]
#[specta::specta]
pub fn test_account(state: State<'_, AppState>, id: i64) -> Res<Account> {
    Ok(pdesk_platform::mail::test_account(&state.desk(), &keyring(), id)?)
}

/// Sends request `id` by e-mail with the files at `attachments`; the view shows the receipt.
// Network: off the main thread, so the window stays responsive.
#[tauri::command(async)]
#[specta::specta]
pub fn send_request(
    state: State<'_, AppState>,
    id: i64,
    account: Option<i64>,
    attachments: Vec<String>,
) -> Res<RequestView> {
    let files = attachments
        .iter()
        .map(|p| pdesk_platform::mail::read_attachment(std::path::Path::new(p)))
        .collect::<Result<Vec<_>, _>>()?;
    let (view, _) = pdesk_platform::mail::send_request(&mut state.desk(), &keyring(), id, account, &files, now())?;
    Ok(view)
}

/// Files the complaint about request `id` with `regulator` (the suggested one when `None`) by
/// e-mail, the evidence bundle attached; the view shows it filed.
#[tauri::command(async)]
#[specta::specta]
pub fn send_complaint(
    state: State<'_, AppState>,
    id: i64,
    regulator: Option<String>,
    account: Option<i64>,
) -> Res<RequestView> {
    let (view, _) =
        pdesk_platform::mail::send_complaint(&mut state.desk(), &keyring(), id, regulator.as_deref(), account, now())?;
    Ok(view)
}

/// One request's outcome in a batch send, streamed to the UI as it happens.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SendProgress {
    /// The request.
    pub id: i64,
    /// Its position, from 1.
    pub index: u32,
    /// How many the batch holds.
    pub total: u32,
    /// Whether it was sent.
    pub sent: bool,
    /// The server's reply when sent, or why it was not.
    pub message: String,
}

/// What a batch send did.
#[derive(Debug, Serialize, specta::Type)]
pub struct SendSummary {
    /// Requests sent.
    pub sent: u32,
    /// Requests tried and not sent.
    pub failed: u32,
    /// Requests not tried because a failure (login, keyring, connection, TLS) would repeat.
    pub skipped: u32,
}

/// Sends several requests one by one, telling `progress` each outcome; stops at the first
/// failure that every further send would repeat.
#[tauri::command(async)]
#[specta::specta]
pub fn send_requests(
    state: State<'_, AppState>,
    ids: Vec<i64>,
    account: Option<i64>,
    attachments: Vec<String>,
    progress: tauri::ipc::Channel<SendProgress>,
) -> Res<SendSummary> {
    let files = attachments
        .iter()
        .map(|p| pdesk_platform::mail::read_attachment(std::path::Path::new(p)))
        .collect::<Result<Vec<_>, _>>()?;
    let report = pdesk_platform::mail::send_batch(&mut state.desk(), &keyring(), &ids, account, &files, now, |item| {
        let (sent, message) = match &item.result {
            Ok((_, receipt)) => (true, receipt.reply.clone()),
            Err(e) => (false, e.to_string()),
        };
        // A closed window only loses the progress line; the sends and receipts are stored.
        let _ = progress.send(SendProgress {
            id: item.id,
            index: u32::try_from(item.index).unwrap_or(u32::MAX),
            total: u32::try_from(item.total).unwrap_or(u32::MAX),
            sent,
            message,
        });
    });
    let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    Ok(SendSummary {
        sent: n(report.sent),
        failed: n(report.failed),
        skipped: n(report.skipped),
    })
}

#[tauri::command]
#[specta::specta]
pub fn request_messages(state: State<'_, AppState>, id: i64) -> Res<Vec<MessageRow>> {
    Ok(state.desk().messages(id)?)
}

#[tauri::command]
#[specta::specta]
pub fn mailto(state: State<'_, AppState>, id: i64) -> Res<String> {
    Ok(state.desk().mailto(id)?)
}

/// One file's import: what happened, or why it was not imported.
#[derive(Debug, Serialize, specta::Type)]
pub struct ImportOutcome {
    /// The file (or "UID n" for a fetched message).
    pub source: String,
    /// What importing did.
    pub imported: Option<Imported>,
    /// Why it was not imported.
    pub error: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub fn import_replies(state: State<'_, AppState>, paths: Vec<String>) -> Res<Vec<ImportOutcome>> {
    let mut desk = state.desk();
    Ok(paths
        .into_iter()
        .map(|p| {
            let result = pdesk_platform::mail::read_eml(std::path::Path::new(&p))
                .map_err(|e| e.to_string())
                .and_then(|raw| {
                    pdesk_platform::mail::import_eml(&mut desk, &raw, None, now()).map_err(|e| e.to_string())
                });
            ImportOutcome {
                source: p,
                imported: result.as_ref().ok().cloned(),
                error: result.err(),
            }
        })
        .collect())
}

/// A file dropped on the window: its name and its bytes, base64-encoded.
#[derive(Debug, Deserialize, specta::Type)]
pub struct DroppedFile {
    /// The file's name.
    pub name: String,
    /// Its content, base64 (standard alphabet, padded).
    pub data: String,
}

/// Imports `.eml` files dropped on the window; each is matched to a request or left to assign.
#[tauri::command]
#[specta::specta]
pub fn import_dropped_replies(state: State<'_, AppState>, files: Vec<DroppedFile>) -> Res<Vec<ImportOutcome>> {
    use base64::Engine as _;
    let mut desk = state.desk();
    Ok(files
        .into_iter()
        .map(|f| {
            let result = base64::engine::general_purpose::STANDARD
                .decode(f.data.as_bytes())
                .map_err(|_| "the file could not be read; drop it again, or use Import .eml".to_owned())
                .and_then(|raw| {
                    pdesk_platform::mail::import_eml(&mut desk, &raw, None, now()).map_err(|e| e.to_string())
                });
            ImportOutcome {
                source: f.name,
                imported: result.as_ref().ok().cloned(),
                error: result.err(),
            }
        })
        .collect())
}

/// Opens request `id` as a new message in the desktop's mail app (a `mailto:` link).
#[tauri::command(async)]
#[specta::specta]
pub fn open_in_mail_app(state: State<'_, AppState>, id: i64) -> Res<()> {
    let url = state.desk().mailto(id)?;
    Ok(pdesk_platform::mail::open_in_mail_app(&url)?)
}

// Network: off the main thread, so the window stays responsive.
#[tauri::command(async)]
#[specta::specta]
pub fn fetch_replies(state: State<'_, AppState>, account: Option<i64>) -> Res<Vec<ImportOutcome>> {
    let report = pdesk_platform::mail::fetch_replies(&mut state.desk(), &keyring(), account, now())?;
    Ok(report
        .imported
        .into_iter()
        .enumerate()
        .map(|(i, r)| ImportOutcome {
            source: format!("message {}", i + 1),
            imported: r.as_ref().ok().cloned(),
            error: r.err(),
        })
        .collect())
}

#[tauri::command]
#[specta::specta]
pub fn unmatched_replies(state: State<'_, AppState>) -> Res<Vec<MessageRow>> {
    Ok(state.desk().unmatched()?)
}

#[tauri::command]
#[specta::specta]
pub fn assign_reply(state: State<'_, AppState>, message: i64, request: i64) -> Res<RequestView> {
    Ok(state.desk().assign_reply(message, request)?)
}

/// Writes request `id`'s evidence bundle to `path` (chosen in a save dialog).
#[tauri::command]
#[specta::specta]
pub fn export_evidence(state: State<'_, AppState>, id: i64, path: String) -> Res<()> {
    let bytes = state.desk().evidence(id, now())?;
    let path = std::path::PathBuf::from(path);
    std::fs::write(&path, bytes).map_err(|e| IpcError::file(&path, &e))
}

/// Saves a stored attachment to `path` (chosen in a save dialog), byte for byte.
#[tauri::command]
#[specta::specta]
pub fn save_attachment(state: State<'_, AppState>, id: i64, path: String) -> Res<()> {
    let a = state.desk().attachment(id)?;
    let path = std::path::PathBuf::from(path);
    std::fs::write(&path, a.data).map_err(|e| IpcError::file(&path, &e))
}

/// Whether a file to attach looks like an identity document (the app then warns).
#[tauri::command]
#[specta::specta]
pub fn looks_like_identity_document(name: String) -> bool {
    pdesk_core::mail::looks_like_identity_document(&name)
}

// ---- privacy policies ----------------------------------------------------------------------------

/// Reads a policy pasted into the app (text or HTML).
#[tauri::command]
#[specta::specta]
pub fn read_policy_text(text: String) -> Res<PolicyReading> {
    Ok(pdesk_core::policy::read_pasted(&text, today())?)
}

/// Reads a policy file the user picked or dropped: its name and bytes (base64), decoded by its
/// charset.
#[tauri::command]
#[specta::specta]
pub fn read_policy_file(name: String, data: String) -> Res<PolicyReading> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.as_bytes())
        .map_err(|_| pdesk_core::Error::invalid("policy", "the file could not be read; pick it again"))?;
    let policy = pdesk_platform::http::policy_from_bytes(&name, &bytes)?;
    Ok(pdesk_core::policy::read(&policy.text, &policy.source, today()))
}

/// Fetches a policy from the web address the user gave (http/https, 15 s, 5 MB, 5 redirects).
#[tauri::command]
#[specta::specta]
pub async fn fetch_policy(url: String) -> Res<PolicyReading> {
    // reqwest's blocking client must not run on the async runtime's own threads.
    let policy = tauri::async_runtime::spawn_blocking(move || pdesk_platform::http::load_policy(&url))
        .await
        .map_err(|e| pdesk_core::Error::Conflict(format!("the fetch stopped: {e}; try again")))??;
    Ok(pdesk_core::policy::read(&policy.text, &policy.source, today()))
}

/// What applying `input` would change in service `id`.
#[tauri::command]
#[specta::specta]
pub fn service_changes(state: State<'_, AppState>, id: i64, input: ServiceInput) -> Res<Vec<FieldChange>> {
    Ok(state.desk().service_changes(id, input)?)
}

// ---- company directory -----------------------------------------------------------------------------

/// Companies matching `text` (names, brand names, web domains; three letters are enough).
#[tauri::command]
#[specta::specta]
pub fn directory_search(state: State<'_, AppState>, text: String) -> Res<Vec<CompanyRecord>> {
    Ok(state
        .desk()
        .directory_search(&text)?
        .into_iter()
        .map(|h| h.company)
        .collect())
}

/// One directory record (shown with a request's addressee).
#[tauri::command]
#[specta::specta]
pub fn directory_company(state: State<'_, AppState>, slug: String) -> Res<CompanyRecord> {
    Ok(state.desk().directory_company(&slug)?)
}

/// The service a directory company suggests; nothing is saved.
#[tauri::command]
#[specta::specta]
pub fn service_from_directory(state: State<'_, AppState>, slug: String) -> Res<ServiceInput> {
    Ok(state.desk().service_from_directory(&slug)?)
}

/// The directory's size and where it updates from.
#[derive(Debug, Serialize, specta::Type)]
pub struct DirectoryInfo {
    /// Companies held.
    pub companies: u32,
    /// The URL it updates from, if set.
    pub url: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub fn directory_info(state: State<'_, AppState>) -> Res<DirectoryInfo> {
    let desk = state.desk();
    Ok(DirectoryInfo {
        companies: desk.directory_size()?,
        url: desk.directory_source()?.map(|s| s.url),
    })
}

/// Imports a directory file the user picked (its bytes, base64).
#[tauri::command]
#[specta::specta]
pub fn import_directory_file(state: State<'_, AppState>, data: String) -> Res<DirectoryImport> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.as_bytes())
        .map_err(|_| pdesk_core::Error::invalid("directory", "the file could not be read; pick it again"))?;
    let text =
        String::from_utf8(bytes).map_err(|_| pdesk_core::Error::invalid("directory", "the file is not UTF-8 JSON"))?;
    Ok(state.desk().import_directory(&text)?)
}

/// Updates the directory from `url` (remembered), or from the remembered URL; asks the server
/// whether it changed first (ETag, Last-Modified). `None` in the answer: unchanged.
#[tauri::command]
#[specta::specta]
pub async fn update_directory(state: State<'_, AppState>, url: Option<String>) -> Res<Option<DirectoryImport>> {
    let target = state.desk().directory_target(url.as_deref())?;
    let validators = pdesk_platform::http::Validators {
        etag: target.etag.clone(),
        last_modified: target.last_modified.clone(),
    };
    let fetch_url = target.url.clone();
    // The store stays unlocked while the network answers.
    let fetched = tauri::async_runtime::spawn_blocking(move || {
        pdesk_platform::http::fetch_directory(&fetch_url, Some(&validators))
    })
    .await
    .map_err(|e| pdesk_core::Error::Conflict(format!("the update stopped: {e}; try again")))??;
    let Some((text, v)) = fetched else { return Ok(None) };
    let source = DirectorySource {
        url: target.url,
        etag: v.etag,
        last_modified: v.last_modified,
    };
    Ok(Some(state.desk().import_directory_from(&text, &source)?))
}

// ---- follow-through ------------------------------------------------------------------------------

/// Request `id`'s next step today.
#[tauri::command]
#[specta::specta]
pub fn next_step(state: State<'_, AppState>, id: i64) -> Res<pdesk_core::next::NextStep> {
    let view = state.desk().request_view(id)?;
    Ok(pdesk_core::next::next_step(&view, today()))
}

/// Writes the calendar of open deadlines and next steps to `path` (chosen in a save dialog),
/// with alarms the reminder lead time before each.
#[tauri::command]
#[specta::specta]
pub fn export_calendar(state: State<'_, AppState>, path: String) -> Res<u32> {
    let ics = state.desk().calendar(today(), None)?;
    let path = std::path::PathBuf::from(path);
    std::fs::write(&path, ics.as_bytes()).map_err(|e| IpcError::file(&path, &e))?;
    Ok(u32::try_from(ics.matches("BEGIN:VEVENT").count()).unwrap_or(u32::MAX))
}

/// How service `id` has answered (today).
#[tauri::command]
#[specta::specta]
pub fn service_stats(state: State<'_, AppState>, id: i64) -> Res<Option<pdesk_core::stats::Stats>> {
    Ok(state.desk().service_stats(today(), id)?)
}

/// Writes the statistics per service, or per law, as CSV to `path` (chosen in a save dialog).
#[tauri::command]
#[specta::specta]
pub fn export_stats(state: State<'_, AppState>, path: String, by_law: bool) -> Res<()> {
    let rows = state.desk().stats(today(), by_law)?;
    let path = std::path::PathBuf::from(path);
    std::fs::write(&path, pdesk_core::stats::to_csv(&rows)).map_err(|e| IpcError::file(&path, &e))
}

/// Something an answer can leave out, for the boxes the user ticks.
#[derive(Debug, Serialize, specta::Type)]
pub struct MissingItem {
    /// Its code.
    pub code: String,
    /// In English.
    pub en: String,
    /// In Japanese.
    pub ja: String,
}

/// What an answer under `law` must contain.
#[tauri::command]
#[specta::specta]
pub fn missing_items(law: pdesk_core::model::Law) -> Vec<MissingItem> {
    pdesk_core::letters::missing_items(law)
        .iter()
        .map(|(code, en, ja, _)| MissingItem {
            code: (*code).to_owned(),
            en: (*en).to_owned(),
            ja: (*ja).to_owned(),
        })
        .collect()
}

/// Drafts a follow-up letter to request `id` (see `Desk::new_followup`).
#[tauri::command]
#[specta::specta]
pub fn create_followup(
    state: State<'_, AppState>,
    id: i64,
    kind: pdesk_core::model::FollowupType,
    missing: Vec<String>,
    text: Option<String>,
) -> Res<Request> {
    Ok(state.desk().new_followup(id, kind, missing, text, today())?)
}

/// Every regulator (built in, and from the directory).
#[tauri::command]
#[specta::specta]
pub fn regulators(state: State<'_, AppState>) -> Res<Vec<pdesk_core::directory::RegulatorRecord>> {
    Ok(state.desk().regulators()?)
}

/// A complaint about request `id` to `regulator` (the suggested one when `None`).
#[tauri::command]
#[specta::specta]
pub fn complaint_draft(
    state: State<'_, AppState>,
    id: i64,
    regulator: Option<String>,
) -> Res<pdesk_core::complaint::ComplaintDraft> {
    Ok(state.desk().complaint(id, regulator.as_deref(), today())?)
}
