//! Real servers for the mail tests, all on 127.0.0.1 and all stopped when dropped: a test CA
//! and server certificate (openssl), an SMTP server (Debian's python3-aiosmtpd, run by
//! /usr/bin/python3) and a Secret Service (gnome-keyring-daemon, unlocked, on a private D-Bus
//! session bus).

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Whether the tools the mail tests need are here; under CI=true a missing one fails the test
/// (the test command installs them).
pub fn mail_tools_missing() -> Option<String> {
    let mut missing = Vec::new();
    for tool in ["openssl", "dbus-daemon", "gnome-keyring-daemon", "dbus-send"] {
        if !on_path(tool) {
            missing.push(tool.to_owned());
        }
    }
    let aiosmtpd = Command::new("/usr/bin/python3")
        .args(["-c", "import aiosmtpd"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !aiosmtpd {
        missing.push("python3-aiosmtpd".into());
    }
    if missing.is_empty() {
        return None;
    }
    let msg = format!(
        "mail test tools missing: {} (`cargo xtask test` installs them)",
        missing.join(", ")
    );
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{msg}");
    eprintln!("skipping: {msg}");
    Some(msg)
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(tool).is_file()))
        .unwrap_or(false)
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Children killed on drop.
#[derive(Debug, Default)]
struct Procs(Vec<Child>);

impl Drop for Procs {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// A test CA and a certificate for `localhost` / 127.0.0.1 signed by it.
#[derive(Debug)]
pub struct TestCa {
    dir: tempfile::TempDir,
}

impl TestCa {
    /// Makes a CA and a server certificate with openssl.
    pub fn new() -> TestCa {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        std::fs::write(
            d.join("server.ext"),
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature\n",
        )
        .expect("ext file");
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
        let steps: Vec<Vec<&str>> = vec![
            [
                &["req", "-x509"][..],
                &ec,
                &[
                    "-keyout",
                    "ca.key",
                    "-out",
                    "ca.pem",
                    "-days",
                    "3",
                    "-subj",
                    "/CN=Privacy Desk Test CA",
                    "-addext",
                    "basicConstraints=critical,CA:TRUE",
                    "-addext",
                    "keyUsage=critical,keyCertSign,cRLSign",
                ],
            ]
            .concat(),
            [
                &["req"][..],
                &ec,
                &["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"],
            ]
            .concat(),
            vec![
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.pem",
                "-days",
                "3",
                "-extfile",
                "server.ext",
            ],
        ];
        for args in steps {
            let out = Command::new("openssl")
                .args(&args)
                .current_dir(d)
                .output()
                .expect("openssl runs");
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        TestCa { dir }
    }

    /// The CA certificate (PEM) a client trusts with --ca-cert.
    pub fn ca_pem(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// The server's certificate.
    pub fn cert(&self) -> PathBuf {
        self.dir.path().join("server.pem")
    }

    /// The server's key.
    pub fn key(&self) -> PathBuf {
        self.dir.path().join("server.key")
    }
}

impl Default for TestCa {
    fn default() -> Self {
        TestCa::new()
    }
}

/// aiosmtpd on two ports: STARTTLS and implicit TLS, AUTH with one user.
#[derive(Debug)]
pub struct SmtpServer {
    /// The STARTTLS port.
    pub starttls_port: u16,
    /// The implicit-TLS port.
    pub tls_port: u16,
    inbox: tempfile::TempDir,
    _procs: Procs,
    _stdin: std::process::ChildStdin,
}

impl SmtpServer {
    /// Starts the server with the test CA's certificate, accepting `user`/`password`.
    pub fn start(ca: &TestCa, user: &str, password: &str) -> SmtpServer {
        let inbox = tempfile::tempdir().expect("tempdir");
        let (starttls_port, tls_port) = (free_port(), free_port());
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("servers/smtp_server.py");
        let mut child = Command::new("/usr/bin/python3")
            .arg(script)
            .arg(inbox.path())
            .arg(ca.cert())
            .arg(ca.key())
            .arg(starttls_port.to_string())
            .arg(tls_port.to_string())
            .args([user, password])
            // aiosmtpd 1.4 warns about its own deprecated API on every login.
            .env("PYTHONWARNINGS", "ignore::DeprecationWarning")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the SMTP server starts");
        let stdin = child.stdin.take().expect("stdin");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the SMTP server reports");
        assert_eq!(line.trim(), "READY", "the SMTP server did not start");
        SmtpServer {
            starttls_port,
            tls_port,
            inbox,
            _procs: Procs(vec![child]),
            _stdin: stdin,
        }
    }

    /// The messages received so far, exactly as received, in order.
    pub fn received(&self) -> Vec<Vec<u8>> {
        (1..)
            .map(|n| self.inbox.path().join(format!("{n}.eml")))
            .take_while(|p| p.exists())
            .map(|p| std::fs::read(p).expect("read"))
            .collect()
    }

    /// The envelope of message `n` (1-based): (MAIL FROM, RCPT TO list).
    pub fn envelope(&self, n: usize) -> serde_json::Value {
        let s = std::fs::read_to_string(self.inbox.path().join(format!("{n}.json"))).expect("envelope");
        serde_json::from_str(&s).expect("json")
    }
}

/// gnome-keyring-daemon's Secret Service, unlocked, on a private D-Bus session bus, with its
/// files in a temporary home.
#[derive(Debug)]
pub struct SecretService {
    /// DBUS_SESSION_BUS_ADDRESS for the programs that use it.
    pub bus: String,
    home: tempfile::TempDir,
    _procs: Procs,
}

impl SecretService {
    /// Starts the bus and the keyring, and waits until the Secret Service answers.
    pub fn start() -> SecretService {
        let home = tempfile::tempdir().expect("tempdir");
        let mut procs = Procs::default();
        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon starts");
        let mut line = String::new();
        BufReader::new(bus.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("bus address");
        procs.0.push(bus);
        let address = line.trim().to_owned();
        let runtime = home.path().join("run");
        std::fs::create_dir_all(&runtime).expect("runtime dir");
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_RUNTIME_DIR", &runtime)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon starts");
        // --unlock reads the login keyring's password from standard input.
        let mut stdin = keyring.stdin.take().expect("stdin");
        stdin.write_all(b"test-keyring-password").expect("unlock password");
        drop(stdin);
        procs.0.push(keyring);
        let start = Instant::now();
        loop {
            let out = Command::new("dbus-send")
                .args([
                    "--session",
                    "--dest=org.freedesktop.DBus",
                    "--type=method_call",
                    "--print-reply",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.secrets",
                ])
                .env("DBUS_SESSION_BUS_ADDRESS", &address)
                .output()
                .expect("dbus-send runs");
            if String::from_utf8_lossy(&out.stdout).contains("boolean true") {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the Secret Service never appeared on the bus"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        SecretService {
            bus: address,
            home,
            _procs: procs,
        }
    }

    /// The keyring's home (its files live there).
    pub fn home(&self) -> &Path {
        self.home.path()
    }
}

/// Dovecot (Debian's dovecot-imapd) on 127.0.0.1 with one user and a Maildir the test writes
/// replies into; IMAPS and IMAP+STARTTLS, plaintext login refused.
#[derive(Debug)]
pub struct ImapServer {
    /// The implicit-TLS port.
    pub tls_port: u16,
    /// The STARTTLS port.
    pub starttls_port: u16,
    dir: tempfile::TempDir,
    user: String,
    delivered: std::cell::Cell<u32>,
}

impl ImapServer {
    /// Starts dovecot for `user`/`password` with the test CA's certificate.
    pub fn start(ca: &TestCa, user: &str, password: &str) -> ImapServer {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        let (tls_port, starttls_port) = (free_port(), free_port());
        std::fs::create_dir_all(d.join("run")).expect("run dir");
        // Dovecot refuses to access mail as root; as root (CI), the mail belongs to nobody.
        let mail_uid = if unix_id("-u") == "0" {
            ("65534".to_owned(), "65534".to_owned())
        } else {
            (unix_id("-u"), unix_id("-g"))
        };
        std::fs::write(d.join("passwd"), format!("{user}:{{PLAIN}}{password}::::::\n")).expect("passwd");
        let config = format!(
            "protocols = imap\nlisten = 127.0.0.1\nbase_dir = {d}/run\nstate_dir = {d}/run\ninstance_name = pdesk-test-{tls_port}\n\
             log_path = {d}/log\nssl = required\nssl_cert = <{cert}\nssl_key = <{key}\ndisable_plaintext_auth = yes\n\
             auth_mechanisms = plain login\npassdb {{\n  driver = passwd-file\n  args = {d}/passwd\n}}\n\
             userdb {{\n  driver = static\n  args = uid={uid} gid={gid} home={d}/home/%u\n}}\n\
             mail_location = maildir:{d}/home/%u/Maildir\nfirst_valid_uid = 0\nfirst_valid_gid = 0\n\
             service imap-login {{\n  chroot =\n  inet_listener imap {{\n    port = {starttls_port}\n  }}\n  inet_listener imaps {{\n    port = {tls_port}\n    ssl = yes\n  }}\n}}\n\
             service anvil {{\n  chroot =\n}}\n",
            d = d.display(),
            cert = ca.cert().display(),
            key = ca.key().display(),
            uid = mail_uid.0,
            gid = mail_uid.1,
        );
        std::fs::write(d.join("dovecot.conf"), config).expect("config");
        let maildir = d.join("home").join(user).join("Maildir");
        for sub in ["new", "cur", "tmp"] {
            std::fs::create_dir_all(maildir.join(sub)).expect("maildir");
        }
        // Open to the mail user: the temporary directory down to the Maildir folders.
        use std::os::unix::fs::PermissionsExt as _;
        let mut p = maildir.join("new");
        loop {
            let mode = if p.starts_with(d.join("home")) { 0o777 } else { 0o755 };
            let _ = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode));
            if p == d || !p.pop() {
                break;
            }
        }
        for sub in ["cur", "tmp"] {
            let _ = std::fs::set_permissions(maildir.join(sub), std::fs::Permissions::from_mode(0o777));
        }
        // dovecot forks into the background; its output would hold a pipe open, so it goes to
        // its log file instead.
        let status = Command::new("dovecot")
            .arg("-c")
            .arg(d.join("dovecot.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("dovecot runs");
        let log = || std::fs::read_to_string(d.join("log")).unwrap_or_default();
        assert!(status.success(), "dovecot failed to start: {}", log());
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", tls_port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "dovecot never listened: {}",
                log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        ImapServer {
            tls_port,
            starttls_port,
            dir,
            user: user.to_owned(),
            delivered: std::cell::Cell::new(0),
        }
    }

    /// Dovecot's log, for failure messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("log")).unwrap_or_default()
    }

    /// Delivers a message into the user's INBOX (as a mail server would).
    pub fn deliver(&self, raw: &[u8]) {
        let n = self.delivered.get() + 1;
        self.delivered.set(n);
        let maildir = self.dir.path().join("home").join(&self.user).join("Maildir");
        let name = format!("{}.test{n}.localhost", 1_700_000_000 + n);
        std::fs::write(maildir.join("tmp").join(&name), raw).expect("deliver");
        std::fs::rename(maildir.join("tmp").join(&name), maildir.join("new").join(&name)).expect("deliver");
    }

    /// The files in the user's Maildir `new` and `cur` folders (to check nothing moved or vanished).
    pub fn maildir_files(&self) -> Vec<String> {
        let maildir = self.dir.path().join("home").join(&self.user).join("Maildir");
        let mut names: Vec<String> = ["new", "cur"]
            .iter()
            .flat_map(|sub| std::fs::read_dir(maildir.join(sub)).into_iter().flatten().flatten())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for ImapServer {
    fn drop(&mut self) {
        let _ = Command::new("doveadm")
            .arg("-c")
            .arg(self.dir.path().join("dovecot.conf"))
            .arg("stop")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

fn unix_id(flag: &str) -> String {
    Command::new("id")
        .arg(flag)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|_| "0".into())
}

/// A response from [`WebServer`].
#[derive(Debug, Clone)]
pub struct WebResponse {
    /// Status line's code and reason, e.g. `200 OK`.
    pub status: String,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// Send no Content-Length (the body ends when the connection closes).
    pub no_length: bool,
}

impl WebResponse {
    /// 200 with a content type and a body.
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> WebResponse {
        WebResponse {
            status: "200 OK".into(),
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            no_length: false,
        }
    }

    /// A redirect to `to`.
    pub fn redirect(to: &str) -> WebResponse {
        WebResponse {
            status: "302 Found".into(),
            headers: vec![("Location".into(), to.into())],
            body: Vec::new(),
            no_length: false,
        }
    }

    /// Any status with no body.
    pub fn status(status: &str) -> WebResponse {
        WebResponse {
            status: status.into(),
            headers: Vec::new(),
            body: Vec::new(),
            no_length: false,
        }
    }
}

/// A small HTTP/1.1 server on 127.0.0.1 in a thread: each request (path and headers, lower-case
/// names) goes to `route`; every request is logged.
#[derive(Debug)]
pub struct WebServer {
    /// Its port.
    pub port: u16,
    log: std::sync::Arc<RequestLog>,
}

/// The requests a [`WebServer`] saw: path and headers.
type RequestLog = std::sync::Mutex<Vec<(String, std::collections::HashMap<String, String>)>>;

type Route = dyn Fn(&str, &std::collections::HashMap<String, String>) -> WebResponse + Send + Sync;

impl WebServer {
    /// Starts serving.
    pub fn start(
        route: impl Fn(&str, &std::collections::HashMap<String, String>) -> WebResponse + Send + Sync + 'static,
    ) -> WebServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("addr").port();
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let route: std::sync::Arc<Route> = std::sync::Arc::new(route);
        let shared = log.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (route, log) = (route.clone(), shared.clone());
                std::thread::spawn(move || serve(stream, &*route, &log));
            }
        });
        WebServer { port, log }
    }

    /// `http://127.0.0.1:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The requests so far: path and headers.
    pub fn requests(&self) -> Vec<(String, std::collections::HashMap<String, String>)> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

fn serve(stream: std::net::TcpStream, route: &Route, log: &RequestLog) {
    use std::io::Write as _;
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    let path = first.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let mut headers = std::collections::HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
        }
    }
    if let Ok(mut l) = log.lock() {
        l.push((path.clone(), headers.clone()));
    }
    let r = route(&path, &headers);
    let mut out = stream;
    let mut head = format!("HTTP/1.1 {}\r\nConnection: close\r\n", r.status);
    for (k, v) in &r.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !r.no_length {
        head.push_str(&format!("Content-Length: {}\r\n", r.body.len()));
    }
    head.push_str("\r\n");
    let _ = out.write_all(head.as_bytes());
    let _ = out.write_all(&r.body);
}
