//! Reminder notifications that open their request when clicked.
//!
//! tauri-plugin-notification shows desktop notifications but reports no clicks on desktop, so
//! the reminder is raised here with notify-rust (the library the plugin uses) and its "default"
//! action (a click on the notification body, Freedesktop spec) brings the window forward and
//! tells the UI which request to open. Where the platform has no such action the notification
//! still shows; a click then only does what the OS does.

use tauri::{AppHandle, Emitter as _, Manager as _, Runtime};

/// The event the UI listens to; its payload is the request id.
pub const OPEN_REQUEST: &str = "open-request";

/// Shows `title`/`body`; a click opens request `request_id` in the main window.
pub fn show<R: Runtime>(app: AppHandle<R>, title: String, body: String, request_id: Option<i64>) {
    std::thread::spawn(move || {
        let mut n = notify_rust::Notification::new();
        // A legal deadline is worth keeping on screen until the user acts on it.
        n.appname("Privacy Desk")
            .summary(&title)
            .body(&body)
            .timeout(notify_rust::Timeout::Never);
        #[cfg(all(unix, not(target_os = "macos")))]
        {
            n.action("default", "Open");
            if let Ok(handle) = n.show() {
                handle.wait_for_action(|action| {
                    if action == "default" {
                        open(&app, request_id);
                    }
                });
            }
        }
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        {
            let _ = n.show();
            let _ = (&app, request_id);
        }
    });
}

fn open<R: Runtime>(app: &AppHandle<R>, request_id: Option<i64>) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
    if let Some(id) = request_id {
        let _ = app.emit(OPEN_REQUEST, id);
    }
}
