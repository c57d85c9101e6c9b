//! Sending and replies against real servers on 127.0.0.1: aiosmtpd (STARTTLS and implicit
//! TLS, AUTH), gnome-keyring's Secret Service on a private bus, and the real `pdesk` binary.

use pdesk_tests::Sandbox;
use pdesk_tests::servers::{SecretService, SmtpServer, TestCa, free_port, mail_tools_missing};

const USER: &str = "hanako@example.jp";
const PASSWORD: &str = "s3cret-app-password-7Q";

struct World {
    desk: Sandbox,
    ca: TestCa,
    smtp: SmtpServer,
    keyring: SecretService,
}

impl World {
    fn start() -> Option<World> {
        if mail_tools_missing().is_some() {
            return None;
        }
        let ca = TestCa::new();
        let smtp = SmtpServer::start(&ca, USER, PASSWORD);
        let keyring = SecretService::start();
        let desk = Sandbox::new();
        desk.ok(&["profile", "set", "--name", "山田 花子", "--email", USER]);
        // The seed company Jsers, llc. (tests/fixtures/seeds/004_*) hides its address in the
        // policy; the user typed the one they found.
        desk.ok(&[
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
        ]);
        desk.ok(&["request", "new", "--service", "1", "--kind", "access"]);
        Some(World {
            desk,
            ca,
            smtp,
            keyring,
        })
    }

    fn env(&self) -> Vec<(&str, &str)> {
        vec![("DBUS_SESSION_BUS_ADDRESS", self.keyring.bus.as_str())]
    }

    fn pdesk(&self, args: &[&str], stdin: &str) -> pdesk_tests::Run {
        self.desk.run_with(args, &self.env(), stdin)
    }

    fn add_account(&self, port: u16, security: &str, password: &str, ca: bool) -> pdesk_tests::Run {
        let port = port.to_string();
        let ca_pem = self.ca.ca_pem();
        let mut args = vec![
            "account",
            "add",
            "--name",
            "Test mail",
            "--from",
            USER,
            "--smtp-host",
            "localhost",
            "--smtp-port",
            &port,
            "--smtp-security",
            security,
            "--user",
            USER,
            "--password-stdin",
        ];
        let ca_arg = ca_pem.to_string_lossy().into_owned();
        if ca {
            args.extend(["--ca-cert", &ca_arg]);
        }
        self.pdesk(&args, &format!("{password}\n"))
    }
}

fn ok(r: &pdesk_tests::Run, what: &str) {
    assert_eq!(r.code, 0, "{what} failed:\nstdout: {}\nstderr: {}", r.stdout, r.stderr);
}

/// Every file under `dir`, recursively.
fn files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_request_sent_over_starttls_keeps_the_exact_bytes_the_server_received() {
    let Some(w) = World::start() else { return };
    ok(
        &w.add_account(w.smtp.starttls_port, "starttls", PASSWORD, true),
        "account add",
    );
    let test = w.pdesk(&["account", "test", "1"], "");
    ok(&test, "account test");
    assert!(w.smtp.received().is_empty(), "`account test` sends nothing");

    let sent = w.pdesk(&["request", "send", "1"], "");
    ok(&sent, "request send");
    assert!(
        sent.stdout.contains("250 2.0.0 Ok: queued as TEST0001"),
        "the server's final reply is shown: {}",
        sent.stdout
    );
    let received = w.smtp.received();
    assert_eq!(received.len(), 1, "the server got one message");
    let envelope = w.smtp.envelope(1);
    assert_eq!(
        envelope["rcpt_tos"][0], "privacy@jsers.example",
        "sent to the service's address"
    );
    assert_eq!(envelope["mail_from"], USER);

    let messages = w.pdesk(&["--json", "request", "messages", "1"], "");
    ok(&messages, "request messages");
    let m = &messages.json()[0];
    assert_eq!(m["direction"], "out");
    assert_eq!(
        m["server_reply"], "250 2.0.0 Ok: queued as TEST0001",
        "the receipt keeps the reply line"
    );
    let stored = {
        let db = rusqlite::Connection::open(w.desk.path().join(pdesk_core::store::DB_FILE)).expect("db");
        db.query_row("SELECT raw FROM messages WHERE id = 1", [], |r| r.get::<_, Vec<u8>>(0))
            .expect("raw")
    };
    assert_eq!(
        String::from_utf8_lossy(&stored),
        String::from_utf8_lossy(&received[0]),
        "the receipt holds exactly the bytes the server received"
    );
    assert_eq!(
        m["sha256"],
        pdesk_core::mail::sha256_hex(&received[0]),
        "and their SHA-256"
    );
    let text = String::from_utf8_lossy(&received[0]).into_owned();
    assert!(
        text.contains("Subject: =?UTF-8?B?"),
        "the Japanese subject is RFC 2047 encoded:\n{text}"
    );
    assert!(
        text.contains("Message-ID: <PD-"),
        "the Message-ID carries the reference"
    );
    let parsed = pdesk_platform::mail::parse_eml(&received[0]).expect("parses");
    assert!(
        parsed.subject.contains("PD-"),
        "the decoded subject carries the reference code: {}",
        parsed.subject
    );
    assert!(
        parsed.text.contains("第33条"),
        "the body is the APPI disclosure letter:\n{}",
        parsed.text
    );

    let show = w.desk.ok(&["--json", "request", "show", "1"]).json();
    assert_eq!(show["status"], "sent", "the request is sent and its deadline runs");
    assert!(show["deadline"].is_object(), "a deadline is counted");

    let again = w.pdesk(&["request", "send", "1"], "");
    assert_eq!(again.code, 1, "a sent request is not sent twice");
    assert!(again.stderr.contains("already sent"), "{}", again.stderr);
    assert_eq!(w.smtp.received().len(), 1);

    // The password is in the keyring, and nowhere in Privacy Desk's files or output.
    for f in files(w.desk.path()) {
        let bytes = std::fs::read(&f).unwrap_or_default();
        assert!(
            !bytes.windows(PASSWORD.len()).any(|win| win == PASSWORD.as_bytes()),
            "the password leaked into {}",
            f.display()
        );
    }
    for r in [&test, &sent, &messages] {
        assert!(
            !r.stdout.contains(PASSWORD) && !r.stderr.contains(PASSWORD),
            "the password is never printed"
        );
    }
    ok(&w.pdesk(&["account", "remove", "1"], ""), "account remove");
    let list = w.pdesk(&["account", "list"], "");
    assert!(list.stdout.contains("no mail accounts"), "{}", list.stdout);
}

#[test]
fn implicit_tls_sends_with_an_identity_document_attached_and_warns() {
    let Some(w) = World::start() else { return };
    ok(&w.add_account(w.smtp.tls_port, "tls", PASSWORD, true), "account add");
    let dir = tempfile::tempdir().expect("tempdir");
    let id = dir.path().join("drivers-license.jpg");
    std::fs::write(&id, b"\xff\xd8\xff\xe0 not really a jpeg").expect("file");
    let r = w.pdesk(
        &["request", "send", "1", "--attach", id.to_str().unwrap_or_default()],
        "",
    );
    ok(&r, "send with attachment");
    assert!(
        r.stderr.contains("identity document"),
        "the user is warned: {}",
        r.stderr
    );
    let received = w.smtp.received();
    let parsed = pdesk_platform::mail::parse_eml(&received[0]).expect("parses");
    assert_eq!(parsed.attachments.len(), 1, "the attachment arrived");
    assert_eq!(parsed.attachments[0].mime, "image/jpeg");
    assert_eq!(parsed.attachments[0].name, "drivers-license.jpg");
    assert_eq!(parsed.attachments[0].data, b"\xff\xd8\xff\xe0 not really a jpeg");
    let m = w.desk.ok(&["--json", "request", "messages", "1"]).json();
    assert_eq!(
        m[0]["attachments"][0]["name"], "drivers-license.jpg",
        "the receipt lists it"
    );
}

#[test]
fn failures_leave_the_request_unsent_with_one_clear_error() {
    let Some(w) = World::start() else { return };
    let status = |w: &World| w.desk.ok(&["--json", "request", "show", "1"]).json()["status"].clone();

    // Wrong password.
    ok(
        &w.add_account(w.smtp.starttls_port, "starttls", "wrong-password", true),
        "account add",
    );
    let e = w.pdesk(&["request", "send", "1"], "");
    assert_eq!(e.code, 1);
    assert!(
        e.stderr.contains("password"),
        "authentication failure named: {}",
        e.stderr
    );
    assert!(!e.stderr.contains("wrong-password"), "the password is not echoed");
    assert_eq!(status(&w), "draft", "the request stays unsent");
    ok(&w.pdesk(&["account", "remove", "1"], ""), "remove");

    // A certificate from a CA the user did not trust.
    ok(&w.add_account(w.smtp.tls_port, "tls", PASSWORD, false), "account add");
    let e = w.pdesk(&["request", "send", "1", "--account", "2"], "");
    assert_eq!(e.code, 1);
    assert!(
        e.stderr.contains("TLS") && e.stderr.contains("certificate"),
        "TLS failure named: {}",
        e.stderr
    );
    assert_eq!(status(&w), "draft");
    ok(&w.pdesk(&["account", "remove", "2"], ""), "remove");

    // Server down.
    ok(&w.add_account(free_port(), "tls", PASSWORD, true), "account add");
    let e = w.pdesk(&["request", "send", "1", "--account", "3"], "");
    assert_eq!(e.code, 1);
    assert!(
        e.stderr.contains("cannot connect"),
        "connection failure named: {}",
        e.stderr
    );
    assert_eq!(status(&w), "draft");
    ok(&w.pdesk(&["account", "remove", "3"], ""), "remove");

    // Recipient refused.
    ok(
        &w.add_account(w.smtp.starttls_port, "starttls", PASSWORD, true),
        "account add",
    );
    w.desk
        .ok(&["service", "edit", "1", "--email", "refuse-me@jsers.example"]);
    let e = w.pdesk(&["request", "send", "1", "--account", "4"], "");
    assert_eq!(e.code, 1);
    assert!(
        e.stderr.contains("550") && e.stderr.contains("recipient"),
        "refusal named: {}",
        e.stderr
    );
    assert_eq!(status(&w), "draft");
    w.desk.ok(&["service", "edit", "1", "--email", "privacy@jsers.example"]);

    // A 25 MB attachment is refused before anything is sent.
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("scan.pdf");
    std::fs::write(&big, vec![b'x'; 25 * 1024 * 1024]).expect("big file");
    let e = w.pdesk(
        &[
            "request",
            "send",
            "1",
            "--account",
            "4",
            "--attach",
            big.to_str().unwrap_or_default(),
        ],
        "",
    );
    assert_eq!(e.code, 1);
    assert!(e.stderr.contains("25 MB"), "the size is named: {}", e.stderr);
    assert_eq!(status(&w), "draft");

    // 12 MB passes our 20 MB check but not this server's 10 MB limit: it answers 552.
    let mid = dir.path().join("photo.jpg");
    std::fs::write(&mid, vec![b'y'; 12 * 1024 * 1024]).expect("12 MB file");
    let e = w.pdesk(
        &[
            "request",
            "send",
            "1",
            "--account",
            "4",
            "--attach",
            mid.to_str().unwrap_or_default(),
        ],
        "",
    );
    assert_eq!(e.code, 1);
    assert!(
        e.stderr.contains("552") && e.stderr.contains("larger than the server accepts"),
        "the server's size refusal is named: {}",
        e.stderr
    );
    assert_eq!(status(&w), "draft", "a refused message leaves the request unsent");
    assert!(
        w.smtp.received().is_empty(),
        "nothing reached the server in any failure"
    );

    // After all that, it can still be sent.
    ok(&w.pdesk(&["request", "send", "1", "--account", "4"], ""), "retry");
    assert_eq!(status(&w), "sent");
}

#[test]
fn without_a_secret_service_adding_an_account_fails_and_stores_nothing() {
    if mail_tools_missing().is_some() {
        return;
    }
    let desk = Sandbox::new();
    // A bus address where nothing listens: no Secret Service.
    let nowhere = format!("unix:path={}", desk.path().join("no-bus").display());
    let r = desk.run_with(
        &[
            "account",
            "add",
            "--name",
            "x",
            "--from",
            USER,
            "--smtp-host",
            "localhost",
            "--smtp-port",
            "587",
            "--user",
            USER,
            "--password-stdin",
        ],
        &[("DBUS_SESSION_BUS_ADDRESS", &nowhere)],
        "pw\n",
    );
    assert_eq!(r.code, 1, "stdout: {} stderr: {}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("keyring") && r.stderr.contains("unlock"),
        "says what to start: {}",
        r.stderr
    );
    assert_eq!(r.stderr.trim().lines().count(), 1, "one line");
    let list = desk.ok(&["account", "list"]);
    assert!(
        list.stdout.contains("no mail accounts"),
        "no account without its password: {}",
        list.stdout
    );
}

fn reply_eml(in_reply_to: Option<&str>, subject: &str, from: &str, html: Option<&str>) -> String {
    let mut s = format!(
        "From: Jsers Privacy <{from}>\r\nTo: {USER}\r\nSubject: {subject}\r\nDate: Mon, 27 Apr 2026 10:00:00 +0900\r\nMessage-ID: <reply-{}@jsers.example>\r\n",
        subject.len()
    );
    if let Some(id) = in_reply_to {
        s.push_str(&format!("In-Reply-To: {id}\r\nReferences: {id}\r\n"));
    }
    s.push_str("MIME-Version: 1.0\r\n");
    match html {
        Some(h) => s.push_str(&format!("Content-Type: text/html; charset=utf-8\r\n\r\n{h}\r\n")),
        None => s.push_str("Content-Type: text/plain; charset=utf-8\r\n\r\nWe received your request.\r\n"),
    }
    s
}

#[test]
fn replies_match_by_thread_are_stored_once_and_bad_files_are_refused() {
    let Some(w) = World::start() else { return };
    ok(
        &w.add_account(w.smtp.starttls_port, "starttls", PASSWORD, true),
        "account add",
    );
    ok(&w.pdesk(&["request", "send", "1"], ""), "send");
    let sent_id = w.desk.ok(&["--json", "request", "messages", "1"]).json()[0]["message_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let dir = tempfile::tempdir().expect("tempdir");
    let reply = dir.path().join("reply.eml");
    std::fs::write(
        &reply,
        reply_eml(Some(&sent_id), "Re: your request", "support@mail.jsers.example", None),
    )
    .expect("write");
    let r = w.desk.ok(&["reply", "import", reply.to_str().unwrap_or_default()]);
    assert!(r.stdout.contains("matched to request 1 (by thread)"), "{}", r.stdout);
    let again = w.desk.ok(&["reply", "import", reply.to_str().unwrap_or_default()]);
    assert!(
        again.stdout.contains("already stored"),
        "a duplicate is stored once: {}",
        again.stdout
    );
    let msgs = w.desk.ok(&["--json", "request", "messages", "1"]).json();
    assert_eq!(msgs.as_array().map(Vec::len), Some(2), "one sent, one received");
    let show = w.desk.ok(&["--json", "request", "show", "1"]).json();
    let kinds: Vec<&str> = show["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "reply-received").count(),
        1,
        "one reply event: {kinds:?}"
    );

    // Hostile HTML is kept as text, never as markup.
    let hostile = dir.path().join("hostile.eml");
    std::fs::write(
        &hostile,
        reply_eml(
            None,
            "Your data PD-0000-ZZZZ",
            "x@elsewhere.example",
            Some("<p>Hello</p><script>alert(1)</script><img src=x onerror=alert(2)>"),
        ),
    )
    .expect("write");
    let r = w.desk.ok(&["reply", "import", hostile.to_str().unwrap_or_default()]);
    assert!(
        r.stdout.contains("matches no request"),
        "an unknown sender and code: {}",
        r.stdout
    );
    let list = w.desk.ok(&["--json", "reply", "list"]).json();
    let text = list[0]["text"].as_str().unwrap_or_default();
    assert!(
        text.contains("Hello") && !text.contains("<script") && !text.contains("<img"),
        "text only: {text:?}"
    );
    w.desk
        .ok(&["reply", "assign", &list[0]["id"].to_string(), "--request", "1"]);
    assert!(
        w.desk.ok(&["reply", "list"]).stdout.contains("every reply belongs"),
        "assigned"
    );

    // A 21 MB "reply" is refused by its size, before it is read, and nothing is stored.
    let huge = dir.path().join("huge.eml");
    std::fs::write(&huge, vec![b'z'; 21 * 1024 * 1024]).expect("huge file");
    let r = w.desk.run(&["reply", "import", huge.to_str().unwrap_or_default()]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains("huge.eml: not imported: it is 21 MB"),
        "the size is named: {}",
        r.stdout
    );
    assert!(
        w.desk.ok(&["reply", "list"]).stdout.contains("every reply belongs"),
        "nothing was stored"
    );

    // The evidence bundle: the exact bytes, the timeline, and a manifest that checks out.
    let zip_path = dir.path().join("evidence.zip");
    w.desk.ok(&[
        "request",
        "evidence",
        "1",
        "--out",
        zip_path.to_str().unwrap_or_default(),
    ]);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).expect("zip")).expect("a valid ZIP file");
    let mut entries = std::collections::BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).expect("read");
        let name = f.name().split_once('/').map(|(_, n)| n.to_owned()).unwrap_or_default();
        entries.insert(name, data);
    }
    assert_eq!(
        entries.get("messages/01-sent.eml"),
        w.smtp.received().first(),
        "the bundle holds exactly what the server received: {:?}",
        entries.keys().collect::<Vec<_>>()
    );
    assert!(entries.contains_key("messages/02-received.eml") && entries.contains_key("timeline.json"));
    let summary = String::from_utf8_lossy(&entries["summary.txt"]).into_owned();
    assert!(
        summary.contains("Jsers") && summary.contains("reply-received"),
        "readable summary:\n{summary}"
    );
    let sums = String::from_utf8_lossy(&entries["SHA256SUMS"]).into_owned();
    for line in sums.lines() {
        let (hash, name) = line.split_once("  ").expect("hash  name");
        assert_eq!(
            hash,
            pdesk_core::mail::sha256_hex(&entries[name]),
            "manifest entry for {name}"
        );
    }
    assert_eq!(
        sums.lines().count(),
        entries.len() - 1,
        "the manifest covers every other file"
    );

    // Not an e-mail at all.
    let junk = dir.path().join("junk.eml");
    std::fs::write(&junk, b"\x89PNG\r\n\x1a\n\x00\x00binary").expect("write");
    let r = w.desk.run(&["reply", "import", junk.to_str().unwrap_or_default()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("not an e-mail message"),
        "the problem is named: {}",
        r.stdout
    );
}

#[test]
fn a_reply_with_only_the_reference_in_its_subject_finds_its_request() {
    let Some(w) = World::start() else { return };
    let reference = w.desk.ok(&["--json", "request", "show", "1"]).json()["request"]["reference"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    w.desk
        .ok(&["request", "sent", "1", "--on", "2026-04-20", "--via", "post"]);
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("r.eml");
    std::fs::write(
        &f,
        reply_eml(
            None,
            &format!("開示請求 {reference} について"),
            "someone@other.example",
            None,
        ),
    )
    .expect("write");
    let r = w.desk.ok(&["reply", "import", f.to_str().unwrap_or_default()]);
    assert!(r.stdout.contains("(by reference code)"), "{}", r.stdout);
    let f2 = dir.path().join("r2.eml");
    std::fs::write(&f2, reply_eml(None, "Follow-up", "legal@jsers.example", None)).expect("write");
    let r = w.desk.ok(&["reply", "import", f2.to_str().unwrap_or_default()]);
    assert!(r.stdout.contains("(by sender's domain)"), "{}", r.stdout);
    let mailto = w.desk.ok(&["request", "mailto", "1"]).stdout;
    assert!(mailto.starts_with("mailto:privacy@jsers.example?subject="), "{mailto}");
}

#[test]
fn replies_are_fetched_over_imap_read_only_and_only_once() {
    let Some(w) = World::start() else { return };
    if !std::path::Path::new("/usr/sbin/dovecot").exists() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "dovecot-imapd is missing (`cargo xtask test` installs it)"
        );
        return;
    }
    let imap = pdesk_tests::servers::ImapServer::start(&w.ca, USER, PASSWORD);
    let (smtp_port, imap_port) = (w.smtp.starttls_port.to_string(), imap.tls_port.to_string());
    let ca = w.ca.ca_pem().to_string_lossy().into_owned();
    let add = w.pdesk(
        &[
            "account",
            "add",
            "--name",
            "Test mail",
            "--from",
            USER,
            "--smtp-host",
            "localhost",
            "--smtp-port",
            &smtp_port,
            "--smtp-security",
            "starttls",
            "--user",
            USER,
            "--imap-host",
            "localhost",
            "--imap-port",
            &imap_port,
            "--imap-security",
            "tls",
            "--password-stdin",
            "--ca-cert",
            &ca,
        ],
        &format!("{PASSWORD}\n"),
    );
    ok(&add, "account add with IMAP");
    ok(
        &w.pdesk(&["account", "test", "1"], ""),
        "account test logs in to SMTP and IMAP",
    );
    ok(&w.pdesk(&["request", "send", "1"], ""), "send");
    let sent_id = w.desk.ok(&["--json", "request", "messages", "1"]).json()[0]["message_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    imap.deliver(b"From: someone@unrelated.example\r\nSubject: newsletter\r\nMessage-ID: <n1@unrelated.example>\r\n\r\nHello\r\n");
    imap.deliver(reply_eml(Some(&sent_id), "Re: request", "support@jsers.example", None).as_bytes());
    let before = imap.maildir_files();
    let f = w.pdesk(&["mail", "fetch"], "");
    ok(&f, &format!("mail fetch (dovecot's log:\n{})", imap.log()));
    assert!(f.stdout.contains("2 new messages"), "{}", f.stdout);
    assert!(f.stdout.contains("matched to request 1 (by thread)"), "{}", f.stdout);
    assert!(
        f.stdout.contains("matches no request"),
        "the newsletter is listed for the user: {}",
        f.stdout
    );
    assert_eq!(
        imap.maildir_files(),
        before,
        "nothing on the server was moved, deleted or flagged"
    );

    let again = w.pdesk(&["mail", "fetch"], "");
    ok(&again, "second fetch");
    assert!(
        again.stdout.contains("0 new messages"),
        "UIDs already read are not read again: {}",
        again.stdout
    );
    imap.deliver(reply_eml(None, "Second reply", "legal@jsers.example", None).as_bytes());
    let third = w.pdesk(&["mail", "fetch"], "");
    assert!(
        third.stdout.contains("1 new messages"),
        "only the new one: {}",
        third.stdout
    );

    // Wrong password over IMAP: one clear error.
    let bad = w.pdesk(
        &[
            "account",
            "add",
            "--name",
            "Bad",
            "--from",
            USER,
            "--smtp-host",
            "localhost",
            "--smtp-port",
            &smtp_port,
            "--user",
            USER,
            "--imap-host",
            "localhost",
            "--imap-port",
            &imap_port,
            "--password-stdin",
            "--ca-cert",
            &ca,
        ],
        "nope\n",
    );
    ok(&bad, "account add");
    let e = w.pdesk(&["mail", "fetch", "--account", "2"], "");
    assert_eq!(e.code, 1);
    assert!(e.stderr.contains("refused the login"), "{}", e.stderr);

    // IMAP with STARTTLS (port 143 style) logs in too.
    let starttls_port = imap.starttls_port.to_string();
    let add = w.pdesk(
        &[
            "account",
            "add",
            "--name",
            "STARTTLS",
            "--from",
            USER,
            "--smtp-host",
            "localhost",
            "--smtp-port",
            &smtp_port,
            "--user",
            USER,
            "--imap-host",
            "localhost",
            "--imap-port",
            &starttls_port,
            "--imap-security",
            "starttls",
            "--password-stdin",
            "--ca-cert",
            &ca,
        ],
        &format!("{PASSWORD}\n"),
    );
    ok(&add, "account add");
    ok(&w.pdesk(&["account", "test", "3"], ""), "IMAP over STARTTLS");
}

/// A complaint e-mailed to the regulator carries the evidence bundle, is kept like a sent
/// request, and makes the request wait for the regulator; a regulator without an address is
/// named with its own channel, and nothing is sent.
#[test]
fn a_complaint_is_e_mailed_to_the_regulator_with_the_evidence_and_tracked() {
    let Some(w) = World::start() else { return };
    ok(
        &w.add_account(w.smtp.starttls_port, "starttls", PASSWORD, true),
        "account add",
    );
    ok(&w.pdesk(&["request", "send", "1"], ""), "request send");
    let ppc = w.pdesk(&["request", "complaint", "1", "--send"], "");
    assert_eq!(ppc.code, 1, "the PPC takes no complaints by e-mail: {}", ppc.stdout);
    assert!(
        ppc.stderr.contains("takes no complaints by e-mail")
            && ppc.stderr.contains("https://www.ppc.go.jp/personalinfo/pipldial/"),
        "the error names the PPC's own channel: {}",
        ppc.stderr
    );
    assert_eq!(w.smtp.received().len(), 1, "nothing more was sent");

    // A German company under the GDPR: the complaint goes to the BfDI by e-mail.
    w.desk.ok(&[
        "service",
        "add",
        "--name",
        "Beispiel",
        "--law",
        "gdpr",
        "--country",
        "DE",
        "--email",
        "datenschutz@beispiel.example",
    ]);
    w.desk.ok(&["request", "new", "--service", "2", "--kind", "access"]);
    ok(&w.pdesk(&["request", "send", "2"], ""), "request send");
    let regulator = w.desk.ok(&["--json", "regulator", "--law", "gdpr"]).json();
    let bfdi = regulator
        .as_array()
        .and_then(|a| a.iter().find(|r| r["slug"] == "debfdi"))
        .expect("the BfDI is built in")
        .clone();
    let to = bfdi["email"].as_str().expect("the BfDI has an e-mail address");
    let filed = w.pdesk(&["request", "complaint", "2", "--send"], "");
    ok(&filed, "complaint --send");
    assert!(filed.stdout.contains("filed"), "{}", filed.stdout);
    let received = w.smtp.received();
    assert_eq!(received.len(), 3, "the complaint is the third message");
    assert_eq!(w.smtp.envelope(3)["rcpt_tos"][0], to, "sent to the regulator's address");
    let mail = pdesk_platform::mail::parse_eml(&received[2]).expect("parses");
    let show = w.desk.ok(&["--json", "request", "show", "2"]).json();
    let reference = show["request"]["reference"].as_str().expect("reference").to_owned();
    assert!(
        mail.subject.contains(&reference) && mail.text.contains("Beispiel"),
        "the complaint names the request and the company: {}\n{}",
        mail.subject,
        mail.text
    );
    assert_eq!(show["status"], "escalated", "the request now waits for the regulator");
    let zip = mail
        .attachments
        .iter()
        .find(|a| a.name == format!("{reference}-evidence.zip"))
        .unwrap_or_else(|| {
            panic!(
                "the evidence bundle is attached: {:?}",
                mail.attachments.iter().map(|a| &a.name).collect::<Vec<_>>()
            )
        });
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.data.clone())).expect("a ZIP file");
    let mut sent = Vec::new();
    std::io::Read::read_to_end(
        &mut archive
            .by_name(&format!("{reference}/messages/01-sent.eml"))
            .expect("the request as sent"),
        &mut sent,
    )
    .expect("read");
    assert_eq!(
        sent, received[1],
        "the bundle holds the exact bytes of the request the server got"
    );
    assert!(
        archive.by_name(&format!("{reference}/SHA256SUMS")).is_ok(),
        "with its checksums"
    );

    let messages = w.pdesk(&["--json", "request", "messages", "2"], "").json();
    let kept = messages.as_array().map(Vec::len);
    assert_eq!(kept, Some(2), "the request and the complaint are both kept: {messages}");
    assert_eq!(
        messages[1]["sha256"],
        pdesk_core::mail::sha256_hex(&received[2]),
        "the complaint's receipt holds the bytes the server got"
    );
    let next = w.desk.ok(&["--json", "next"]).json();
    let step = next
        .as_array()
        .and_then(|a| a.iter().find(|i| i["reference"] == reference.as_str()))
        .map(|i| i["next"]["step"].clone());
    assert_eq!(
        step,
        Some(serde_json::json!("wait")),
        "three months for the regulator: {next}"
    );
    let again = w.pdesk(&["request", "complaint", "2", "--send"], "");
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("already filed"), "{}", again.stderr);
    assert_eq!(w.smtp.received().len(), 3, "a complaint is not sent twice");
}
