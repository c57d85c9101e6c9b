//! The command layer on Tauri's mock runtime: real commands, a real database file, the JSON
//! the UI receives. (Also makes `cargo test --workspace` build the `privacy-desk` binary that
//! the end-to-end tests drive.)

use pdesk_desktop::{AppState, specta_builder};
use serde_json::{Value, json};
use tauri::Manager as _;
use tauri::test::{MockRuntime, mock_builder, mock_context, noop_assets};

struct Harness {
    _app: tauri::App<MockRuntime>,
    window: tauri::WebviewWindow<MockRuntime>,
    _dir: tempfile::TempDir,
}

fn harness() -> Harness {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = mock_builder()
        .invoke_handler(specta_builder::<MockRuntime>().invoke_handler())
        .build(mock_context(noop_assets()))
        .expect("mock app builds");
    let dirs = pdesk_platform::Dirs {
        data: dir.path().to_owned(),
        config: dir.path().to_owned(),
    };
    app.manage(AppState::open(dirs).expect("store opens"));
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    Harness {
        _app: app,
        window,
        _dir: dir,
    }
}

impl Harness {
    fn call(&self, cmd: &str, body: Value) -> Result<Value, Value> {
        let request = tauri::webview::InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: tauri::ipc::InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: tauri::test::INVOKE_KEY.to_string(),
        };
        tauri::test::get_ipc_response(&self.window, request).map(|b| b.deserialize::<Value>().expect("json reply"))
    }

    fn ok(&self, cmd: &str, body: Value) -> Value {
        self.call(cmd, body).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}

#[test]
fn a_request_through_the_commands() {
    let h = harness();
    h.ok(
        "set_profile",
        json!({"id": null, "input": {"full_name": "山田 花子", "emails": ["hanako@example.jp"]}}),
    );
    let svc = h.ok(
        "add_service",
        json!({"input": {"display_name": "Jsers", "legal_name": "Jsers, llc.", "law": "appi"}}),
    );
    assert_eq!(svc["language"], "ja", "APPI services write in Japanese");
    let id = svc["id"].as_i64().expect("id");
    let reference = h.ok("propose_reference", json!({}));
    let draft = json!({"request": {"service_ids": [id], "kind": "access", "details": {"text": null, "grounds": []}, "reference": reference}});
    let preview = h.ok("preview_letter", draft.clone());
    assert!(
        preview["body"].as_str().unwrap_or_default().contains("第33条第1項"),
        "{preview}"
    );
    assert!(
        preview["subject"]
            .as_str()
            .unwrap_or_default()
            .contains(reference.as_str().unwrap_or("?")),
        "{preview}"
    );
    let created = h.ok("create_requests", draft);
    assert_eq!(
        created[0]["reference"], reference,
        "the saved draft keeps the previewed reference"
    );
    let rid = created[0]["id"].as_i64().expect("id");
    let view = h.ok("mark_sent", json!({"id": rid, "on": "2026-04-20", "via": "post"}));
    assert_eq!(view["status"], "sent");
    assert_eq!(
        view["deadline"]["earliest_lawsuit_date"], "2026-05-05",
        "the Art. 39 date comes back with the view"
    );
    let today = h.ok("today_view", json!({"withinDays": 7}));
    assert_eq!(today["services"], 1);
    let rows = h.ok("requests", json!({"status": "sent"}));
    assert_eq!(rows.as_array().map(Vec::len), Some(1));
}

#[test]
fn errors_cross_as_kind_message_and_field() {
    let h = harness();
    let err = h
        .call(
            "add_service",
            json!({"input": {"display_name": "X", "emails": ["[email protected]"]}}),
        )
        .expect_err("placeholder");
    assert_eq!(err["kind"], "validation");
    assert_eq!(err["field"], "email", "the UI shows it next to the e-mail field");
    assert!(
        err["message"]
            .as_str()
            .unwrap_or_default()
            .contains("is not an e-mail address"),
        "{err}"
    );
    let err = h.call("service_detail", json!({"id": 999})).expect_err("missing");
    assert_eq!(err["kind"], "not_found");
    h.ok("set_profile", json!({"id": null, "input": {"full_name": "A"}}));
    h.ok("add_service", json!({"input": {"display_name": "S", "law": "gdpr"}}));
    h.ok(
        "create_requests",
        json!({"request": {"service_ids": [1], "kind": "access", "channel": "post", "details": {}}}),
    );
    h.ok("mark_sent", json!({"id": 1, "on": "2026-01-31", "via": null}));
    let err = h
        .call("mark_sent", json!({"id": 1, "on": "2026-02-01", "via": null}))
        .expect_err("sent twice");
    assert_eq!(err["kind"], "conflict");
    let err = h
        .call(
            "record_event",
            json!({"id": 1, "kind": "delivered", "on": "2026-02-30", "event": {}}),
        )
        .expect_err("no 30 Feb");
    assert_eq!(err["kind"], "validation");
    assert_eq!(err["field"], "on", "shown next to the date field");
    assert!(
        err["message"].as_str().unwrap_or_default().contains("YYYY-MM-DD"),
        "says how to write it: {err}"
    );
    let err = h
        .call(
            "set_settings",
            json!({"settings": {"ui_language": "fr", "reminder_lead_days": 3}}),
        )
        .expect_err("no French UI");
    assert_eq!(err["kind"], "validation");
    let err = h
        .call(
            "set_settings",
            json!({"settings": {"ui_language": "en", "reminder_lead_days": 3, "mail_check_minutes": 1}}),
        )
        .expect_err("checking the mail every minute is too often");
    assert_eq!(err["field"], "mail_check_minutes", "{err}");
    let ok = h
        .call(
            "set_settings",
            json!({"settings": {"ui_language": "en", "reminder_lead_days": 3, "mail_check_minutes": 30}}),
        )
        .expect("every 30 minutes");
    assert_eq!(ok["mail_check_minutes"], 30);
    let old = h
        .call(
            "set_settings",
            json!({"settings": {"ui_language": "en", "reminder_lead_days": 2}}),
        )
        .expect("settings saved before this field still load");
    assert_eq!(old["mail_check_minutes"], 0, "absent means: only when asked");
}

#[test]
fn a_dropped_reply_with_an_attachment_is_stored_and_the_attachment_saved_byte_for_byte() {
    use base64::Engine as _;
    let h = harness();
    let pdf: Vec<u8> = (0u8..=255).cycle().take(3000).collect();
    let b64 = base64::engine::general_purpose::STANDARD;
    let eml = format!(
        "From: Jsers <support@jsers.example>\r\nTo: hanako@example.jp\r\nSubject: Your data\r\nMessage-ID: <a1@jsers.example>\r\n\
         Date: Tue, 24 Nov 2026 09:00:00 +0900\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAttached.\r\n\
         --b\r\nContent-Type: application/pdf; name=\"data.pdf\"\r\nContent-Disposition: attachment; filename=\"data.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--b--\r\n",
        b64.encode(&pdf)
    );
    let out = h.ok(
        "import_dropped_replies",
        json!({"files": [{"name": "reply.eml", "data": b64.encode(eml.as_bytes())}, {"name": "junk.eml", "data": "%%%"}]}),
    );
    assert_eq!(out[0]["imported"]["result"], "unmatched", "{out}");
    assert!(
        out[1]["error"]
            .as_str()
            .unwrap_or_default()
            .contains("could not be read"),
        "{out}"
    );
    let unmatched = h.ok("unmatched_replies", json!({}));
    let attachment = &unmatched[0]["attachments"][0];
    assert_eq!(attachment["name"], "data.pdf");
    assert_eq!(attachment["mime"], "application/pdf");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("saved.pdf");
    h.ok("save_attachment", json!({"id": attachment["id"], "path": path}));
    assert_eq!(
        std::fs::read(&path).expect("saved file"),
        pdf,
        "the attachment is saved as received"
    );
    let e = h
        .call(
            "save_attachment",
            json!({"id": attachment["id"], "path": "/no/such/dir/x.pdf"}),
        )
        .expect_err("an unwritable path fails");
    assert_eq!(e["kind"], "storage", "{e}");
}
