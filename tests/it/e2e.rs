//! The real app under Xvfb, through tauri-driver and WebKitWebDriver. Each test starts on a
//! fresh data directory and saves screenshots in target/e2e-screenshots/.

use std::sync::Mutex;

use pdesk_tests::e2e::{App, tools_missing};
use pdesk_tests::run_with_env;

/// One app at a time: two cores do not run several WebKit windows well.
static SERIAL: Mutex<()> = Mutex::new(());

fn lock() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

/// Prepares a data directory with the `pdesk` command before the app opens it.
fn pdesk(dir: &std::path::Path, args: &[&str]) {
    let r = run_with_env(args, &[("PDESK_DATA_DIR", dir)]);
    assert_eq!(r.code, 0, "pdesk {}: {}", args.join(" "), r.stderr);
}

fn reference_in(text: &str) -> Option<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .find(|w| w.len() == 12 && w.starts_with("PD-") && w.as_bytes()[7] == b'-')
        .map(str::to_owned)
}

fn contains_date(text: &str, y: u32, month: &str, d: u32) -> bool {
    text.contains(&format!("{month} {d}, {y}")) || text.contains(&format!("{d} {month} {y}"))
}

#[test]
fn e2e_first_run_to_an_appi_disclosure_request_for_jsers() {
    if tools_missing().is_some() {
        return;
    }
    let _serial = lock();
    let app = App::launch("1-first-run");
    app.find("welcome");
    app.screenshot("welcome");

    app.find("welcome-profile").click();
    app.find("profile-name").fill("山田 花子");
    app.find("profile-alt-name").fill("ヤマダ ハナコ");
    app.find("profile-emails").fill("hanako@example.jp");
    app.find("profile-address").fill("〒150-0001 東京都渋谷区神宮前1-2-3");
    app.find("profile-country").fill("Japan");
    app.find("profile-save").click();
    let err = app.find("profile-country-error").text();
    assert!(
        err.contains("ISO 3166-1"),
        "a country name is refused with what to type: {err}"
    );
    app.find("profile-country").fill("jp");
    app.find("profile-save").click();
    app.find("profile-saved");

    // A calendar file kept in a folder (for a calendar app subscribed to it).
    let calendar_dir = tempfile::tempdir().expect("tempdir");
    let kept = calendar_dir.path().join("privacy-desk.ics");
    app.go("#/settings");
    app.find("settings-calendar-dir")
        .fill(&format!("{}/missing", calendar_dir.path().display()));
    app.find("settings-save").click();
    app.wait_text("is not an existing folder");
    app.find("settings-calendar-dir")
        .fill(calendar_dir.path().to_str().unwrap_or_default());
    app.find("settings-save").click();
    app.find("settings-saved");
    let empty = std::fs::read_to_string(&kept)
        .unwrap_or_else(|e| panic!("the calendar file is written at once ({}): {e}", kept.display()));
    assert!(
        empty.contains("BEGIN:VCALENDAR") && !empty.contains("BEGIN:VEVENT"),
        "no deadlines yet:\n{empty}"
    );

    // The seed company Jsers, llc. (tests/fixtures/seeds/004_*): no usable e-mail in its policy.
    app.go("#/services/new");
    app.find("service-name").fill("Jsers");
    app.find("service-legal-name").fill("Jsers, llc.");
    app.find("service-law").select("appi");
    for cat in [
        "name",
        "date_of_birth",
        "postal_address",
        "phone",
        "email",
        "bank_account",
        "payment_card",
        "government_id",
    ] {
        app.find(&format!("service-data-{cat}")).click();
    }
    app.find("service-save").click();
    assert!(
        app.find("service-title").text().contains("Jsers"),
        "the new service's page opens"
    );

    app.find("service-new-request").click();
    app.find("new-kind").select("access");
    let preview = app.find("preview");
    app.wait_text("第33条");
    let shown = preview.text();
    assert!(
        shown.contains("第33条第1項"),
        "the preview cites APPI Art. 33(1):\n{shown}"
    );
    assert!(shown.contains("Jsers, llc. 御中"), "addressed to the company:\n{shown}");
    let reference = reference_in(&shown).unwrap_or_else(|| panic!("the preview shows a reference code:\n{shown}"));
    app.screenshot("preview");
    app.find("new-save").click();

    let saved = app.find("request-reference").text();
    assert_eq!(
        saved, reference,
        "the saved request keeps the reference the preview showed"
    );
    app.find("mark-sent-date").fill("2026-04-20");
    app.find("mark-sent-via").select("post");
    app.find("mark-sent").click();
    app.wait_text("APPI Art. 39");
    let ics = std::fs::read_to_string(&kept).expect("calendar file");
    assert!(
        ics.contains(&format!("UID:{reference}-due@privacy-desk"))
            && ics.contains(&format!("UID:{reference}-art39@privacy-desk")),
        "marking the request sent rewrote the kept calendar with its due and Art. 39 dates:\n{ics}"
    );
    let art39 = app.find("request-art39").text();
    assert!(
        contains_date(&art39, 2026, "May", 5),
        "A = 20 Apr 2026: a suit is possible from 5 May 2026: {art39}"
    );
    // Months later with no answer: the next step is the reminder, and the PPC is offered.
    app.wait_text("No answer by the due date: send a reminder");
    let lawsuit = app.find("next-lawsuit").text();
    assert!(
        contains_date(&lawsuit, 2026, "May", 5) && lawsuit.contains("PPC"),
        "the lawsuit date and the PPC consultation: {lawsuit}"
    );
    let ppc = app.find("next-regulator").text();
    assert!(
        ppc.contains("個人情報保護委員会") && ppc.contains("03-6457-9849"),
        "how to reach the PPC's consultation line: {ppc}"
    );
    app.screenshot("sent");
    // The start screen lists it as something to do now, with the same step.
    app.go("#/today");
    let now = app.find("today-now").text();
    assert!(
        now.contains(&reference) && now.contains("Send a reminder"),
        "Today says to send the reminder for {reference}: {now}"
    );
    app.go("#/requests/1");
    app.wait_text("No answer by the due date: send a reminder");

    // The reminder letter, in Japanese, naming the original; sent on 6 May by post.
    app.find("write-followup").click();
    app.wait_text("催告書");
    assert!(
        app.page_text().contains(&format!("参照番号{reference}")),
        "the reminder names the original request"
    );
    app.find("mark-sent-date").fill("2026-05-06");
    app.find("mark-sent-via").select("post");
    app.find("mark-sent").click();
    app.wait_text("Sent");
    // Recorded as sent on 6 May, the letter kept is dated that day and gives two weeks from it.
    app.wait_text("2026年5月20日までに");
    let page = app.page_text();
    assert!(
        page.contains("Follow-up letter (Reminder: no answer by the due date)"),
        "the follow-up names its type in words: {page}"
    );
    // Its two weeks are over (today is months later): what comes next is the original's.
    app.wait_text("the next step is on the original request");
    assert!(
        app.all("[data-testid=\"write-followup\"]").is_empty() && app.all("[data-testid=\"complaint\"]").is_empty(),
        "neither a follow-up of the follow-up nor a complaint about it is offered:\n{}",
        app.page_text()
    );
    app.screenshot("reminder-sent");
    // Two weeks later there is still no answer: the original's next step is the complaint, said
    // once on Today (not again for the reminder letter) with the Art. 39 date.
    app.go("#/today");
    app.wait_text("Complain to the regulator");
    let now = app.find("today-now").text();
    assert!(
        now.contains(&reference) && now.matches("Complain to the regulator").count() == 1,
        "Today lists the complaint once, for {reference}: {now}"
    );
    let art39 = app.find("today-art39").text();
    assert!(
        contains_date(&art39, 2026, "May", 5),
        "Today shows the Art. 39 date: {art39}"
    );
    app.screenshot("today");
    app.go("#/requests/2");
    app.find("next-original").click();
    app.wait_text("The follow-up went unanswered: complain to the regulator");
    assert_eq!(
        app.find("request-reference").text(),
        reference,
        "the link on the reminder opens the original request"
    );
    // The complaint to the PPC, written from the timeline, then recorded as filed.
    app.wait_text("個人情報の取扱いに関する相談・申出書");
    let draft = app.find("complaint-draft").text();
    assert!(
        draft.contains("個人情報保護委員会")
            && draft.contains(&reference)
            && draft.contains("2026年5月6日：催告状を送付"),
        "the draft to the PPC tells the story: {draft}"
    );
    let how = app.find("complaint-no-email").text();
    assert!(
        how.contains("https://www.ppc.go.jp/personalinfo/pipldial/"),
        "the PPC takes no e-mail: the panel names its own channel: {how}"
    );
    app.script(
        "document.querySelector('[data-testid=complaint]').scrollIntoView()",
        serde_json::json!([]),
    );
    app.screenshot("complaint");
    app.find("complaint-filed").click();
    app.wait_text("Complaint filed");

    app.go("#/today");
    app.find("today-now");
    assert!(
        !app.find("today-now").text().contains(&reference),
        "once the complaint is filed, Today has nothing to do for {reference}: {}",
        app.find("today-now").text()
    );

    let webview = app.data_dir().join("webview");
    assert!(
        std::fs::read_dir(&webview).is_ok_and(|mut d| d.next().is_some()),
        "WebKit keeps its storage in this build's data directory ({}), not one shared by dev, test and release builds",
        webview.display()
    );
}

#[test]
fn e2e_extension_and_partial_reply_change_due_date_and_status() {
    if tools_missing().is_some() {
        return;
    }
    let _serial = lock();
    let dir = tempfile::tempdir().expect("tempdir");
    pdesk(
        dir.path(),
        &[
            "profile",
            "set",
            "--name",
            "Erika Mustermann",
            "--email",
            "erika@example.de",
        ],
    );
    pdesk(
        dir.path(),
        &[
            "service",
            "add",
            "--name",
            "Shop GmbH",
            "--law",
            "gdpr",
            "--lang",
            "en",
            "--country",
            "DE",
            "--email",
            "privacy@shop.example",
        ],
    );
    pdesk(dir.path(), &["request", "new", "--service", "1", "--kind", "access"]);
    pdesk(dir.path(), &["request", "sent", "1", "--on", "2026-01-31"]);
    let app = App::launch_in("2-extension", dir);
    app.go("#/requests/1");
    let due = app.find("request-due").text();
    assert!(
        contains_date(&due, 2026, "Mar", 2),
        "31 Jan + 1 month rolls to Mon 2 Mar: {due}"
    );
    app.find("event-kind").select("extension-notified");
    app.find("event-date").fill("2026-02-20");
    app.find("event-text").fill("complex request");
    app.find("event-record").click();
    let extended = app.find("request-extended").text();
    assert!(
        contains_date(&extended, 2026, "Apr", 30),
        "the extension moves the date at once: {extended}"
    );
    assert_eq!(app.find("request-status").text(), "Extended");
    app.screenshot("extended");

    app.find("event-kind").select("reply-received");
    app.find("event-outcome").select("partial");
    app.find("event-date").fill("2026-04-01");
    app.find("event-record").click();
    app.wait_text("Partial answer");
    assert_eq!(
        app.find("request-status").text(),
        "Partial answer",
        "the status follows the reply"
    );
    assert!(
        app.find("timeline").text().contains("Reply received"),
        "the timeline shows the reply"
    );
    app.screenshot("partial");
}

#[test]
fn e2e_three_months_after_a_complaint_the_regulator_is_asked_and_its_answer_recorded() {
    if tools_missing().is_some() {
        return;
    }
    let _serial = lock();
    let dir = tempfile::tempdir().expect("tempdir");
    pdesk(
        dir.path(),
        &[
            "profile",
            "set",
            "--name",
            "山田 花子",
            "--email",
            "hanako@example.jp",
            "--country",
            "JP",
        ],
    );
    // The seed company Jsers, llc. (tests/fixtures/seeds/004_*), complained about to the PPC on
    // 1 June 2026: three months passed on 30 August without word.
    pdesk(
        dir.path(),
        &[
            "service",
            "add",
            "--name",
            "Jsers",
            "--legal-name",
            "Jsers, llc.",
            "--law",
            "appi",
        ],
    );
    pdesk(dir.path(), &["request", "new", "--service", "1", "--kind", "access"]);
    pdesk(
        dir.path(),
        &["request", "sent", "1", "--on", "2026-04-20", "--via", "post"],
    );
    pdesk(
        dir.path(),
        &[
            "request",
            "event",
            "1",
            "--type",
            "complaint-filed",
            "--on",
            "2026-06-01",
            "--text",
            "PPC",
        ],
    );
    let app = App::launch_in("12-regulator", dir);
    app.go("#/today");
    let now = app.find("today-now").text();
    assert!(
        now.contains("Ask the regulator") && contains_date(&now, 2026, "Aug", 30),
        "Today says to ask the regulator, since the day three months had passed: {now}"
    );
    app.go("#/requests/1");
    app.wait_text("Three months since the complaint");
    let panel = app.find("complaint").text();
    assert!(
        panel.contains("個人情報保護委員会") && panel.contains("03-6457-9849"),
        "the PPC and its consultation line, to ask: {panel}"
    );
    assert!(
        app.all("[data-testid=\"complaint-filed\"]").is_empty()
            && app.all("[data-testid=\"complaint-send\"]").is_empty(),
        "the complaint is not filed twice"
    );
    app.screenshot("ask");
    app.find("event-kind").select("regulator-replied");
    app.find("event-text").fill("指導を行ったとの連絡");
    app.find("event-record").click();
    app.wait_text("Regulator answered");
    let next = app.find("next-step-text").text();
    assert!(
        next.contains("Nothing to do until"),
        "another three months from the regulator's answer: {next}"
    );
    assert!(
        app.find("timeline").text().contains("指導を行ったとの連絡"),
        "the timeline keeps what the regulator said"
    );
    app.screenshot("answered");
    app.go("#/today");
    app.find("today-now");
    assert!(
        !app.find("today-now").text().contains("Ask the regulator"),
        "nothing to ask now: {}",
        app.find("today-now").text()
    );
}

#[test]
fn e2e_the_same_deletion_request_to_three_services() {
    if tools_missing().is_some() {
        return;
    }
    let _serial = lock();
    let dir = tempfile::tempdir().expect("tempdir");
    pdesk(
        dir.path(),
        &["profile", "set", "--name", "Jane Doe", "--email", "jane@example.com"],
    );
    for name in ["Alpha", "Beta", "Gamma"] {
        let email = format!("privacy@{}.example", name.to_lowercase());
        pdesk(
            dir.path(),
            &["service", "add", "--name", name, "--law", "ccpa", "--email", &email],
        );
    }
    let app = App::launch_in("3-three-services", dir);
    app.go("#/new");
    for id in 1..=3 {
        app.find(&format!("new-service-{id}")).click();
    }
    app.find("new-kind").select("deletion");
    app.wait_text("1798.105");
    let save = app.find("new-save");
    assert!(
        save.text().contains('3'),
        "the button says three drafts: {}",
        save.text()
    );
    save.click();
    app.find("requests-table");
    let rows = app.all("[data-testid=requests-row]");
    assert_eq!(rows.len(), 3, "one request per service");
    let table = app.find("requests-table").text();
    for name in ["Alpha", "Beta", "Gamma"] {
        assert!(table.contains(name), "{name} has its request:\n{table}");
    }
    app.screenshot("three");
}

#[test]
fn e2e_a_hostile_service_name_renders_as_text() {
    if tools_missing().is_some() {
        return;
    }
    let _serial = lock();
    let app = App::launch("4-hostile");
    let hostile = "<img src=x onerror=alert(1)>";
    app.go("#/services/new");
    app.find("service-name").fill(hostile);
    app.find("service-law").select("generic");
    app.find("service-save").click();
    assert_eq!(
        app.find("service-title").text(),
        hostile,
        "the title shows the characters typed"
    );
    app.go("#/services");
    let row = app.find("services-row");
    assert!(
        row.text().contains(hostile),
        "the list shows the characters: {}",
        row.text()
    );
    assert!(
        row.html().contains("&lt;img"),
        "the name is escaped text in the page: {}",
        row.html()
    );
    assert!(
        app.all("main img").is_empty(),
        "no image element was created from the name"
    );
    app.screenshot("hostile");
}

#[test]
fn e2e_switching_to_japanese_changes_the_screens() {
    if tools_missing().is_some() {
        return;
    }
    let _serial = lock();
    let app = App::launch("5-japanese");
    assert_eq!(
        app.find("nav-today").text(),
        "Today",
        "English first (the test's system language)"
    );
    app.go("#/settings");
    app.find("settings-language").select("ja");
    app.find("settings-save").click();
    app.wait_text("設定を保存しました");
    assert_eq!(app.find("nav-today").text(), "今日");
    assert_eq!(app.find("nav-services").text(), "サービス");
    app.go("#/today");
    app.wait_text("Privacy Desk へようこそ");
    app.screenshot("japanese");
}

#[test]
fn e2e_a_reminder_for_an_overdue_request_opens_it_when_clicked() {
    if tools_missing().is_some() {
        return;
    }
    let _serial = lock();
    let dir = tempfile::tempdir().expect("tempdir");
    pdesk(
        dir.path(),
        &[
            "profile",
            "set",
            "--name",
            "Erika Mustermann",
            "--email",
            "erika@example.de",
        ],
    );
    pdesk(
        dir.path(),
        &[
            "service",
            "add",
            "--name",
            "Late GmbH",
            "--law",
            "gdpr",
            "--email",
            "privacy@late.example",
        ],
    );
    pdesk(dir.path(), &["request", "new", "--service", "1", "--kind", "access"]);
    pdesk(dir.path(), &["request", "sent", "1", "--on", "2026-01-31"]);
    let app = App::launch_with_notifications("6-reminder", dir);
    // The reminder is shown at start: the request has been overdue since March 2026.
    let start = std::time::Instant::now();
    while app.dunstctl(&["count", "displayed"]) == "0" {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "no reminder was shown; page:\n{}",
            app.page_text()
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    app.dunstctl(&["action", "0"]);
    let reference = app.find("request-reference").text();
    assert!(
        reference.starts_with("PD-"),
        "clicking the reminder opened the request page: {reference}"
    );
    assert!(app.page_text().contains("Late GmbH"), "it is the overdue request");
    app.screenshot("opened");
}

#[test]
fn e2e_ten_thousand_services_scroll_as_a_virtual_list() {
    if tools_missing().is_some() {
        return;
    }
    let _serial = lock();
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let mut desk = pdesk_core::Desk::open(dir.path(), None).expect("store");
        for i in 0..10_000 {
            desk.add_service(pdesk_core::desk::ServiceInput {
                display_name: Some(format!("Service {i:05}")),
                ..Default::default()
            })
            .expect("service");
        }
    }
    let app = App::launch_in("7-ten-thousand", dir);
    app.go("#/services");
    app.wait_text("10,000 services");
    let rows = app.all("[data-testid=services-row]").len();
    assert!(
        (1..=60).contains(&rows),
        "only the rows in view are in the page, not 10,000: {rows}"
    );
    app.script(
        "document.querySelector('[role=list]').scrollTop = 1e9; document.querySelector('[role=list]').dispatchEvent(new Event('scroll'));",
        serde_json::json!([]),
    );
    app.wait_text("Service 09999");
    let rows = app.all("[data-testid=services-row]").len();
    assert!(
        rows <= 60,
        "scrolled to the end, the page still holds only the rows in view: {rows}"
    );
    app.screenshot("end");
}

#[test]
fn e2e_send_by_email_see_the_receipt_fetch_the_reply_and_record_its_outcome() {
    use pdesk_tests::servers::{ImapServer, SecretService, SmtpServer, TestCa, mail_tools_missing};
    if tools_missing().is_some() || mail_tools_missing().is_some() {
        return;
    }
    let _serial = lock();
    let (user, password) = ("hanako@example.jp", "app-password-e2e-9X");
    let ca = TestCa::new();
    let smtp = SmtpServer::start(&ca, user, password);
    let imap = ImapServer::start(&ca, user, password);
    let keyring = SecretService::start();
    let dir = tempfile::tempdir().expect("tempdir");
    pdesk(dir.path(), &["profile", "set", "--name", "山田 花子", "--email", user]);
    pdesk(
        dir.path(),
        &[
            "service",
            "add",
            "--name",
            "Jsers",
            "--legal-name",
            "Jsers, llc.",
            "--law",
            "appi",
            "--email",
            "privacy@jsers.example",
        ],
    );
    pdesk(dir.path(), &["request", "new", "--service", "1", "--kind", "access"]);
    let app = App::launch_on_bus("8-mail", dir, &keyring.bus);

    app.go("#/settings");
    app.find("acc-name").fill("Test mail");
    app.find("acc-from").fill(user);
    app.find("acc-smtp-host").fill("localhost");
    app.find("acc-smtp-port").fill(&smtp.starttls_port.to_string());
    app.find("acc-security").select("starttls");
    app.find("acc-user").fill(user);
    app.find("acc-password").fill(password);
    app.find("acc-imap-host").fill("localhost");
    app.css("#acc-imap-port").fill(&imap.tls_port.to_string());
    app.find("acc-ca")
        .fill(&std::fs::read_to_string(ca.ca_pem()).expect("ca"));
    app.find("acc-add").click();
    app.wait_text("Test mail <hanako@example.jp>");
    app.screenshot("account");

    app.go("#/requests/1");
    app.find("mail-send").click();
    app.wait_text("queued as TEST0001");
    assert_eq!(app.find("request-status").text(), "Sent", "sending starts the deadline");
    assert!(
        app.find("mail-receipt")
            .text()
            .contains("250 2.0.0 Ok: queued as TEST0001"),
        "the receipt shows the server's reply"
    );
    assert_eq!(smtp.received().len(), 1, "the server got the message");
    app.screenshot("sent");

    let sent_id = String::from_utf8_lossy(&smtp.received()[0])
        .lines()
        .find_map(|l| l.strip_prefix("Message-ID: ").map(str::to_owned))
        .expect("the message has a Message-ID");
    imap.deliver(
        format!(
            "From: Jsers <support@jsers.example>\r\nTo: {user}\r\nSubject: Re: disclosure\r\nDate: Mon, 4 May 2026 10:00:00 +0900\r\n\
             Message-ID: <r1@jsers.example>\r\nIn-Reply-To: {sent_id}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
             <p>Here is part of your data.</p><img src=x onerror=alert(1)>\r\n"
        )
        .as_bytes(),
    );
    app.find("mail-fetch").click();
    app.wait_text("1 matched");
    // The reply is shown, as text.
    app.wait_text("Here is part of your data.");
    let messages = app.find("mail-messages").html();
    assert!(!messages.contains("<img"), "its HTML is never rendered: {messages}");
    assert!(
        app.find("timeline").text().contains("Reply received"),
        "the timeline has the reply"
    );
    assert!(
        app.find("mail-outcome-hint").text().contains("record its outcome"),
        "the user is asked for the reply's outcome"
    );

    app.find("event-kind").select("reply-received");
    app.find("event-outcome").select("partial");
    // The reply came today, the day the request was sent (the receipt's date, from the clock).
    app.find("event-date")
        .fill(&chrono::Local::now().date_naive().to_string());
    app.find("event-record").click();
    app.wait_text("Partial answer");
    assert_eq!(
        app.find("request-status").text(),
        "Partial answer",
        "the outcome changes the status"
    );
    app.screenshot("reply");

    // Then a refusal: the complaint. The PPC takes none by e-mail, so the user picks a
    // regulator that does (the German BfDI here, on the same test server) and e-mails it.
    app.find("event-kind").select("reply-received");
    app.find("event-outcome").select("refused");
    app.find("event-date")
        .fill(&chrono::Local::now().date_naive().to_string());
    app.find("event-record").click();
    app.find("complaint-no-email");
    app.find("complaint-regulator").select("debfdi");
    app.wait_text("with the evidence attached");
    let before = smtp.received().len();
    app.find("complaint-send").click();
    app.wait_text("Complaint filed");
    assert_eq!(
        app.find("request-status").text(),
        "Escalated",
        "the request now waits for the regulator"
    );
    let received = smtp.received();
    assert_eq!(received.len(), before + 1, "the complaint went out once");
    let complaint = pdesk_platform::mail::parse_eml(received.last().expect("message")).expect("parses");
    assert!(
        complaint.attachments.iter().any(|a| a.name.ends_with("-evidence.zip")),
        "with the evidence bundle: {:?}",
        complaint.attachments.iter().map(|a| &a.name).collect::<Vec<_>>()
    );
    app.screenshot("complaint-sent");
    for f in std::fs::read_dir(app.data_dir()).into_iter().flatten().flatten() {
        let bytes = std::fs::read(f.path()).unwrap_or_default();
        assert!(
            !bytes.windows(password.len()).any(|w| w == password.as_bytes()),
            "the password leaked into {}",
            f.path().display()
        );
    }
}

/// A desktop whose default mail program (for `mailto:` links, found the freedesktop way through
/// `mimeapps.list`) is a script that writes down each link it is given.
struct MailHandler {
    dir: tempfile::TempDir,
}

impl MailHandler {
    fn install() -> MailHandler {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("tempdir");
        let script = dir.path().join("mail-app.sh");
        std::fs::write(
            &script,
            "#!/bin/sh\nprintf '%s\\n' \"$1\" >> \"$(dirname \"$0\")/opened.txt\"\n",
        )
        .expect("script");
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let apps = dir.path().join("data/applications");
        std::fs::create_dir_all(&apps).expect("applications dir");
        std::fs::write(
            apps.join("pdesk-test-mail.desktop"),
            format!(
                "[Desktop Entry]\nType=Application\nName=Test mail\nExec={} %u\nMimeType=x-scheme-handler/mailto;\n",
                script.display()
            ),
        )
        .expect("desktop entry");
        std::fs::create_dir_all(dir.path().join("config")).expect("config dir");
        std::fs::write(
            dir.path().join("config/mimeapps.list"),
            "[Default Applications]\nx-scheme-handler/mailto=pdesk-test-mail.desktop\n",
        )
        .expect("mimeapps.list");
        MailHandler { dir }
    }

    fn data(&self) -> std::path::PathBuf {
        self.dir.path().join("data")
    }

    fn config(&self) -> std::path::PathBuf {
        self.dir.path().join("config")
    }

    fn opened(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("opened.txt")).unwrap_or_default()
    }
}

#[test]
fn e2e_send_drafts_in_a_batch_drop_replies_assign_one_and_open_the_mail_app() {
    use pdesk_tests::servers::{SecretService, SmtpServer, TestCa, mail_tools_missing};
    if tools_missing().is_some() || mail_tools_missing().is_some() {
        return;
    }
    let _serial = lock();
    let (user, password) = ("hanako@example.jp", "app-password-batch-4K");
    let ca = TestCa::new();
    let smtp = SmtpServer::start(&ca, user, password);
    let keyring = SecretService::start();
    let handler = MailHandler::install();
    let dir = tempfile::tempdir().expect("tempdir");
    pdesk(dir.path(), &["profile", "set", "--name", "山田 花子", "--email", user]);
    // Two of the seed companies: Jsers, llc. and the METALIVE operator.
    for (name, email) in [
        ("Jsers", "privacy@jsers.example"),
        ("METALIVE", "privacy@metalive.example"),
    ] {
        pdesk(
            dir.path(),
            &["service", "add", "--name", name, "--law", "appi", "--email", email],
        );
    }
    pdesk(
        dir.path(),
        &["request", "new", "--service", "1,2", "--kind", "deletion"],
    );
    pdesk(dir.path(), &["request", "new", "--service", "1", "--kind", "access"]);
    let add = pdesk_tests::run_in(
        dir.path(),
        &[
            "account",
            "add",
            "--name",
            "Test mail",
            "--from",
            user,
            "--smtp-host",
            "localhost",
            "--smtp-port",
            &smtp.tls_port.to_string(),
            "--smtp-security",
            "tls",
            "--user",
            user,
            "--password-stdin",
            "--ca-cert",
            &ca.ca_pem().to_string_lossy(),
        ],
        &[("DBUS_SESSION_BUS_ADDRESS", keyring.bus.as_str())],
        &format!("{password}\n"),
    );
    assert_eq!(add.code, 0, "account add: {}", add.stderr);
    let app = App::launch_on_bus_with_env(
        "9-batch",
        dir,
        &keyring.bus,
        &[
            ("XDG_DATA_HOME", &handler.data()),
            ("XDG_CONFIG_HOME", &handler.config()),
        ],
    );

    // Batch: tick the two deletion drafts and send them; each row says how it went.
    app.go("#/requests");
    app.find("requests-send-selected");
    let boxes = app.all("[data-testid=requests-select]");
    assert_eq!(boxes.len(), 3, "each draft can be ticked");
    let rows = app.all("[data-testid=requests-row]");
    for (row, b) in rows.iter().zip(&boxes) {
        if row.text().contains("Deletion") {
            b.click();
        }
    }
    assert!(
        app.find("requests-send-selected").text().contains("(2)"),
        "two are selected"
    );
    app.find("requests-send-selected").click();
    app.wait_text("2 sent, 0 not sent, 0 not tried.");
    assert_eq!(smtp.received().len(), 2, "the server got both messages");
    let outcomes = app.all("[data-testid=requests-outcome]");
    assert_eq!(outcomes.len(), 2, "each sent row shows its outcome as it came");
    assert!(
        outcomes.iter().all(|o| o.text().contains("250 2.0.0 Ok: queued as")),
        "both rows show the server's reply"
    );
    assert_eq!(
        app.all("[data-testid=requests-select]").len(),
        1,
        "only the access draft is left to send"
    );
    app.screenshot("batch-sent");

    // Replies dropped on the window: one answers a sent message, one matches nothing, and a PDF
    // is not a reply.
    let sent = String::from_utf8_lossy(&smtp.received()[0]).into_owned();
    let sent_id = sent
        .lines()
        .find_map(|l| l.strip_prefix("Message-ID: "))
        .expect("the message has a Message-ID")
        .to_owned();
    let matched = format!(
        "From: Jsers <support@jsers.example>\r\nTo: {user}\r\nSubject: Re: your request\r\nMessage-ID: <d1@jsers.example>\r\n\
         In-Reply-To: {sent_id}\r\nDate: Tue, 24 Nov 2026 09:00:00 +0900\r\n\r\nWe deleted your account.\r\n"
    );
    let stray = format!(
        "From: Help desk <help@unknown.example>\r\nTo: {user}\r\nSubject: Your enquiry\r\nMessage-ID: <s1@unknown.example>\r\n\
         Date: Tue, 24 Nov 2026 10:00:00 +0900\r\n\r\nPlease tell us which service you mean.\r\n"
    );
    app.css("body").drop_files(&[
        ("matched.eml", matched.as_str()),
        ("stray.eml", stray.as_str()),
        ("scan.pdf", "%PDF-1.4"),
    ]);
    app.wait_text("1 matched, 1 unmatched, 0 already stored, 0 not imported.");
    assert!(
        app.find("drop-result").text().contains("scan.pdf is not an .eml file"),
        "the PDF is named with the reason"
    );
    app.screenshot("dropped");

    // The unmatched one is listed in Requests (this page refreshes) and assigned by the user.
    app.wait_text("Please tell us which service you mean.");
    assert!(
        app.find("reply-assign").attr_disabled(),
        "nothing is assigned before the user picks a request"
    );
    app.find("reply-request").select("2");
    app.find("reply-assign").click();
    app.wait_text("Assigned to");
    assert!(
        app.all("[data-testid=reply-unmatched]").is_empty(),
        "no reply is left to assign"
    );
    app.go("#/requests/2");
    app.wait_text("Please tell us which service you mean.");
    app.go("#/requests/1");
    app.wait_text("We deleted your account.");
    assert!(
        app.find("timeline").text().contains("Reply received"),
        "the matched reply is in the timeline"
    );

    // No SMTP for the access request: the desktop's mail program gets the letter.
    app.go("#/requests/3");
    app.find("mail-open-app").click();
    app.wait_text("Opened in your mail app");
    let opened = handler.opened();
    assert!(
        opened.starts_with("mailto:privacy@jsers.example?subject="),
        "the mail program got the request as a mailto link: {opened:?}"
    );
    assert!(opened.contains("&body="), "with the letter as its body: {opened:?}");
    assert_eq!(
        app.find("request-status").text(),
        "Draft",
        "opening the mail app does not mark it sent; the user records the date"
    );
    app.screenshot("mail-app");
}

#[test]
fn e2e_a_service_from_its_policy_file_then_updated_from_its_web_page() {
    use pdesk_tests::servers::{WebResponse, WebServer};
    if tools_missing().is_some() {
        return;
    }
    let _serial = lock();
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds/004_17a7ae113d290628.txt"),
    )
    .expect("Jsers seed");
    // Later the company publishes its page with a phone number and a privacy address.
    let page = "<html><body><h1>Privacy Policy</h1><p>Jsers, llc. (hereinafter referred to as \"the Company\") complies with the Act on the Protection of Personal Information.</p>\
                <h2>Contact</h2><p>Email: <a href=\"mailto:dpo@jsers.example\">our privacy desk</a></p><p>Tel: 03-1234-5678</p></body></html>";
    let server = WebServer::start(move |path, _| match path {
        "/privacy" => WebResponse::ok("text/html; charset=utf-8", page),
        _ => WebResponse::status("404 Not Found"),
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().to_owned();
    let app = App::launch_in("10-policy", dir);

    app.go("#/services");
    app.find("services-from-policy").click();
    app.find("policy-drop")
        .drop_files(&[("jsers-privacy.txt", seed.as_str())]);
    app.wait_text("What the policy says");
    assert!(
        app.find("policy-hidden").text().contains("hides 2 e-mail address(es)"),
        "the hidden addresses are pointed out"
    );
    assert!(
        app.all("[data-testid=drop-result]").is_empty(),
        "the reply importer left this drop alone"
    );
    assert_eq!(app.find("service-name").prop("value"), "Jsers");
    assert_eq!(app.find("service-legal-name").prop("value"), "Jsers, llc.");
    for cat in ["name", "date_of_birth", "bank_account", "payment_card", "government_id"] {
        assert_eq!(
            app.find(&format!("service-data-{cat}")).prop("checked"),
            true,
            "{cat} is ticked"
        );
    }
    assert!(
        app.find("evidence-display_name")
            .text()
            .contains("(hereinafter referred to as"),
        "the name shows the sentence it came from"
    );
    app.screenshot("prefilled");
    let listed = run_with_env(&["--json", "service", "list"], &[("PDESK_DATA_DIR", data.as_path())]);
    assert_eq!(
        listed.stdout.trim(),
        "[]",
        "nothing is saved before the user confirms: {}",
        listed.stdout
    );

    app.find("service-emails").fill("privacy@jsers.example");
    app.find("service-save").click();
    app.wait_text("Read from its privacy policy (jsers-privacy.txt)");
    assert_eq!(app.find("service-title").text(), "Jsers");

    // Update from the web page: empty fields are ticked, what the user typed is not.
    app.find("service-from-policy").click();
    app.find("policy-url").fill(&server.url("/privacy"));
    app.find("policy-fetch").click();
    app.wait_text("What the policy would change");
    assert_eq!(
        app.find("policy-change-phone").prop("checked"),
        true,
        "an empty field takes the policy's value"
    );
    assert_eq!(
        app.find("policy-change-emails").prop("checked"),
        false,
        "the typed address is kept unless ticked"
    );
    assert!(
        app.find("policy-changes").text().contains("dpo@jsers.example"),
        "the change is shown"
    );
    app.screenshot("changes");
    app.find("policy-apply").click();
    app.wait_text("03-1234-5678");
    let page_text = app.page_text();
    assert!(
        page_text.contains("privacy@jsers.example") && !page_text.contains("dpo@jsers.example"),
        "{page_text}"
    );
    assert!(
        app.find("service-policy-source")
            .text()
            .contains(&server.url("/privacy")),
        "the service keeps the page it was read from"
    );
    app.screenshot("updated");
}

#[test]
fn e2e_the_directory_updates_from_a_url_and_a_service_is_picked_from_it() {
    use pdesk_tests::servers::{WebResponse, WebServer};
    if tools_missing().is_some() {
        return;
    }
    let _serial = lock();
    let dump = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/directory/offline-data.json"),
    )
    .expect("directory fixture");
    let server = WebServer::start(move |path, _| match path {
        "/offline-data.json" => WebResponse {
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("ETag".into(), "\"d1\"".into()),
            ],
            ..WebResponse::ok("application/json", dump.clone())
        },
        _ => WebResponse::status("404 Not Found"),
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().to_owned();
    pdesk(
        dir.path(),
        &["profile", "set", "--name", "山田 花子", "--email", "hanako@example.jp"],
    );
    let app = App::launch_in("11-directory", dir);

    app.go("#/settings");
    app.find("directory-url").fill(&server.url("/offline-data.json"));
    app.find("directory-update").click();
    app.wait_text("4 added, 0 updated, 0 unchanged, 2 regulators, 1 skipped.");
    assert!(
        app.find("directory-count").text().contains("4 companies"),
        "the count follows"
    );
    app.screenshot("updated");

    app.go("#/services/new");
    app.find("directory-search").type_keys("jse");
    app.wait_text("Jsers, llc.");
    app.find("directory-hit").click();
    app.wait_text("Filled in from the directory");
    assert_eq!(app.find("service-name").prop("value"), "Jsers");
    assert_eq!(app.find("service-emails").prop("value"), "privacy@jsers.example");
    assert_eq!(app.find("service-law").prop("value"), "appi");
    assert!(
        app.all("[data-testid=directory-hits]").is_empty(),
        "the list closes once picked"
    );
    app.find("service-save").click();
    app.wait_text("Update from privacy policy");
    assert_eq!(app.find("service-title").text(), "Jsers");

    // A request to it shows what the directory says a request must contain.
    pdesk(&data, &["request", "new", "--service", "1", "--kind", "access"]);
    app.go("#/requests/1");
    app.wait_text("From the company directory: Jsers, llc.");
    let block = app.find("addressee-directory").text();
    assert!(
        block.contains("Customer number") && block.contains("Always asks for an identity document"),
        "{block}"
    );
    app.screenshot("addressee");
    app.go("#/services/1");
    app.wait_text("How it answers");
    assert!(
        app.find("service-stats").text().contains("1 requests, 0 sent"),
        "the service's figures"
    );
}
