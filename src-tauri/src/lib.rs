//! Privacy Desk's desktop app: a Tauri 2 window over pdesk-core.
//!
//! Every command is thin: it takes the shared `Desk`, makes one call into pdesk-core and maps
//! the error to `{kind, message}`. The TypeScript bindings in `ui/src/lib/ipc/bindings.ts` are
//! generated from these signatures (`specta_builder`), committed, and checked by a test.

mod commands;
mod error;
mod reminders;

use std::sync::Mutex;

use pdesk_core::Desk;
use tauri::Manager as _;

pub use error::{IpcError, IpcErrorKind};

/// What the commands share: the open store.
pub struct AppState {
    desk: Mutex<Desk>,
    dirs: pdesk_platform::Dirs,
    notifier: Option<Notifier>,
}

/// Shows a reminder (title, body, request to open on click).
type Notifier = Box<dyn Fn(String, String, Option<i64>) + Send + Sync>;

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("dirs", &self.dirs)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// Opens the store in `dirs`.
    pub fn open(dirs: pdesk_platform::Dirs) -> Result<AppState, IpcError> {
        let desk = Desk::open(&dirs.data, Some(&dirs.templates()))?;
        Ok(AppState {
            desk: Mutex::new(desk),
            dirs,
            notifier: None,
        })
    }

    /// The same state, showing reminders through `app`'s window.
    pub fn with_notifications<R: tauri::Runtime>(mut self, app: tauri::AppHandle<R>) -> Self {
        self.notifier = Some(Box::new(move |title, body, id| {
            reminders::show(app.clone(), title, body, id)
        }));
        self
    }

    fn notify(&self, title: String, body: String, request_id: Option<i64>) {
        if let Some(n) = &self.notifier {
            n(title, body, request_id);
        }
    }

    fn desk(&self) -> DeskGuard<'_> {
        // A panic while holding the lock cannot leave the store half-written (every action is
        // one transaction), so a poisoned lock is safe to reuse.
        let desk = self.desk.lock().unwrap_or_else(|p| p.into_inner());
        DeskGuard {
            changes: desk.changes(),
            desk,
        }
    }
}

/// The locked store. When a command changed it, the calendar file kept in the user's calendar
/// folder (if any) is rewritten as the lock is released, so it follows every action.
struct DeskGuard<'a> {
    desk: std::sync::MutexGuard<'a, Desk>,
    changes: u64,
}

impl std::ops::Deref for DeskGuard<'_> {
    type Target = Desk;
    fn deref(&self) -> &Desk {
        &self.desk
    }
}

impl std::ops::DerefMut for DeskGuard<'_> {
    fn deref_mut(&mut self) -> &mut Desk {
        &mut self.desk
    }
}

impl Drop for DeskGuard<'_> {
    fn drop(&mut self) {
        if self.desk.changes() != self.changes {
            // A failure here cannot reach the page; saving the settings reports it instead.
            if let Err(e) = pdesk_platform::calendar::keep(&self.desk, chrono::Local::now().date_naive()) {
                eprintln!("privacy-desk: {e}");
            }
        }
    }
}

/// The command list and the TypeScript export, shared by the app and the bindings test.
pub fn specta_builder<R: tauri::Runtime>() -> tauri_specta::Builder<R> {
    use commands::*;
    tauri_specta::Builder::<R>::new()
        .commands(tauri_specta::collect_commands![
            app_info,
            today,
            profiles,
            set_profile,
            services,
            service_detail,
            add_service,
            edit_service,
            remove_service,
            propose_reference,
            preview_letter,
            create_requests,
            requests,
            request_view,
            mark_sent,
            record_event,
            letter_eml,
            export_eml,
            reminder,
            today_view,
            settings,
            set_settings,
            show_reminder,
            accounts,
            add_account,
            remove_account,
            test_account,
            send_request,
            send_requests,
            request_messages,
            mailto,
            import_replies,
            import_dropped_replies,
            open_in_mail_app,
            fetch_replies,
            unmatched_replies,
            assign_reply,
            export_evidence,
            save_attachment,
            looks_like_identity_document,
            read_policy_text,
            read_policy_file,
            fetch_policy,
            service_changes,
            directory_search,
            directory_company,
            service_from_directory,
            directory_info,
            import_directory_file,
            update_directory,
            next_step,
            export_calendar,
            service_stats,
            export_stats,
            missing_items,
            create_followup,
            regulators,
            complaint_draft,
            send_complaint,
        ])
        // Row ids are SQLite integers far below 2^53, so they cross as plain numbers.
        .dangerously_cast_bigints_to_number()
}

/// The bindings file's header: generated, do not edit.
pub const BINDINGS_HEADER: &str =
    "// Generated by src-tauri (specta_builder) -- do not edit; run `cargo test -p pdesk-desktop` to refresh.";

/// With `PDESK_TRACE_FIRST_IPC` set, prints `first-ipc` once the first command has been answered
/// (`cargo xtask bench-desktop` measures startup with it).
fn first_ipc_marker<R: tauri::Runtime>(
    handler: impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static,
) -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    use std::sync::atomic::{AtomicBool, Ordering};
    let trace = AtomicBool::new(std::env::var_os("PDESK_TRACE_FIRST_IPC").is_some());
    move |invoke| {
        let handled = handler(invoke);
        if trace.swap(false, Ordering::SeqCst) {
            println!("first-ipc");
        }
        handled
    }
}

/// Starts the app.
pub fn run() {
    let builder = specta_builder::<tauri::Wry>();
    let flavor = pdesk_platform::Flavor::current();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(first_ipc_marker(builder.invoke_handler()))
        .setup(move |app| {
            let dirs = pdesk_platform::dirs(None, flavor).map_err(|e| e.to_string())?;
            // The window is made here so its web storage sits in this build's own data
            // directory: dev, test and release builds share nothing, not even WebKit's caches.
            let window = app
                .config()
                .app
                .windows
                .iter()
                .find(|w| w.label == "main")
                .cloned()
                .ok_or("tauri.conf.json has no main window")?;
            let webview_dir = dirs.data.join("webview");
            let state = AppState::open(dirs)
                .map_err(|e| e.message)?
                .with_notifications(app.handle().clone());
            app.manage(state);
            tauri::WebviewWindowBuilder::from_config(app.handle(), &window)?
                .data_directory(webview_dir)
                .build()?;
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("privacy-desk: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    /// The committed bindings must be what the commands generate. A stale file is rewritten and
    /// the test fails, so the fresh file gets reviewed and committed (and CI catches a stale one).
    #[test]
    fn typescript_bindings_are_fresh() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/ipc/bindings.ts");
        let tmp = tempfile::NamedTempFile::new().expect("temp file");
        super::specta_builder::<tauri::Wry>()
            .export(
                specta_typescript::Typescript::default().header(super::BINDINGS_HEADER),
                tmp.path(),
            )
            .expect("bindings export");
        let fresh = std::fs::read_to_string(tmp.path()).expect("exported");
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != fresh {
            std::fs::write(&path, &fresh).expect("bindings written");
            panic!(
                "{} was stale and has been regenerated; review and commit it",
                path.display()
            );
        }
    }
}
