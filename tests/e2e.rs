//! End-to-end support: the real app in a real window under Xvfb, driven through tauri-driver
//! and WebKitWebDriver with a small WebDriver client.
//!
//! Each [`App`] gets its own X display, tauri-driver and data directory, and leaves a
//! screenshot under `target/e2e-screenshots/`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
const WAIT: Duration = Duration::from_secs(30);

/// Whether the end-to-end tools are here. Under `CI=true` a missing tool is a failure, never a skip.
pub fn tools_missing() -> Option<String> {
    let missing: Vec<&str> = [
        "Xvfb",
        "WebKitWebDriver",
        "tauri-driver",
        "dbus-daemon",
        "dunst",
        "import",
    ]
    .into_iter()
    .filter(|t| which(t).is_none())
    .collect();
    if missing.is_empty() {
        return None;
    }
    let msg = format!(
        "end-to-end tools missing: {} (`cargo xtask test` installs them)",
        missing.join(", ")
    );
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{msg}");
    Some(msg)
}

fn which(tool: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".cargo/bin"));
    }
    dirs.into_iter().map(|d| d.join(tool)).find(|p| p.is_file())
}

/// The desktop binary built beside the test binary.
pub fn app_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let dir = exe.parent().and_then(Path::parent).expect("target/<profile>");
    let bin = dir.join("privacy-desk");
    assert!(
        bin.exists(),
        "{} is missing: `cargo xtask test` builds the UI and the app first",
        bin.display()
    );
    bin
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

#[derive(Debug)]
struct Reaper(Vec<Child>);

impl Drop for Reaper {
    fn drop(&mut self) {
        for c in self.0.iter_mut().rev() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// One running app with its WebDriver session.
#[derive(Debug)]
pub struct App {
    name: String,
    agent: ureq::Agent,
    base: String,
    session: String,
    data: tempfile::TempDir,
    bus: Option<String>,
    display: String,
    _procs: Reaper,
}

/// A found element.
#[derive(Clone, Debug)]
pub struct El<'a> {
    app: &'a App,
    id: String,
    what: String,
}

impl App {
    /// Starts Xvfb, tauri-driver and the app on a fresh data directory.
    pub fn launch(name: &str) -> App {
        App::launch_in(name, tempfile::tempdir().expect("data dir"))
    }

    /// The same on a data directory prepared beforehand.
    pub fn launch_in(name: &str, data: tempfile::TempDir) -> App {
        App::start(name, data, false)
    }

    /// The same with a D-Bus session and a notification daemon (dunst), so reminders show and
    /// can be clicked with [`App::dunstctl`].
    pub fn launch_with_notifications(name: &str, data: tempfile::TempDir) -> App {
        App::start(name, data, true)
    }

    /// The same on the D-Bus session bus `bus` (a test Secret Service, say).
    pub fn launch_on_bus(name: &str, data: tempfile::TempDir, bus: &str) -> App {
        App::start_with(name, data, false, Some(bus.to_owned()), &[])
    }

    /// The same on the D-Bus session bus `bus`, with more environment for the app (where the
    /// desktop looks up its default mail program, say).
    pub fn launch_on_bus_with_env(name: &str, data: tempfile::TempDir, bus: &str, env: &[(&str, &Path)]) -> App {
        App::start_with(name, data, false, Some(bus.to_owned()), env)
    }

    fn start(name: &str, data: tempfile::TempDir, notifications: bool) -> App {
        App::start_with(name, data, notifications, None, &[])
    }

    fn start_with(
        name: &str,
        data: tempfile::TempDir,
        notifications: bool,
        given_bus: Option<String>,
        env: &[(&str, &Path)],
    ) -> App {
        let mut procs = Reaper(Vec::new());
        let display = start_xvfb(&mut procs);
        let bus = given_bus.or_else(|| notifications.then(|| start_bus_and_dunst(&mut procs, &display)));
        let port = free_port();
        let native = free_port();
        let driver = Command::new(which("tauri-driver").expect("tauri-driver"))
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("DISPLAY", &display)
            .env("PDESK_DATA_DIR", data.path())
            .env("PDESK_FLAVOR", "test")
            .env("LANG", "en_US.UTF-8")
            .env("LANGUAGE", "en")
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                bus.clone().unwrap_or_else(|| "disabled:".to_owned()),
            )
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver starts");
        procs.0.push(driver);
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        while agent.get(&format!("{base}/status")).call().is_err() {
            assert!(start.elapsed() < WAIT, "tauri-driver did not answer on port {port}");
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {"tauri:options": {"application": app_bin()}}}});
        let v = post(&agent, &format!("{base}/session"), &caps);
        let session = v["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {v}"))
            .to_owned();
        let app = App {
            name: name.to_owned(),
            agent,
            base,
            session,
            data,
            bus,
            display: display.clone(),
            _procs: procs,
        };
        app.find("nav-today");
        app
    }

    /// Runs `dunstctl ARGS` against this app's notification daemon and returns its output.
    pub fn dunstctl(&self, args: &[&str]) -> String {
        let bus = self.bus.as_deref().expect("launched with notifications");
        let out = Command::new("dunstctl")
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", bus)
            .output()
            .expect("dunstctl runs");
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// The app's data directory.
    pub fn data_dir(&self) -> &Path {
        self.data.path()
    }

    fn url(&self, rest: &str) -> String {
        format!("{}/session/{}{}", self.base, self.session, rest)
    }

    fn try_find(&self, css: &str) -> Option<String> {
        let v = post(
            &self.agent,
            &self.url("/element"),
            &json!({"using": "css selector", "value": css}),
        );
        v[ELEMENT].as_str().map(str::to_owned)
    }

    /// Waits for the element with `data-testid=testid`.
    pub fn find(&self, testid: &str) -> El<'_> {
        self.css(&format!("[data-testid=\"{testid}\"]"))
    }

    /// Waits for the first element matching a CSS selector.
    pub fn css(&self, css: &str) -> El<'_> {
        let start = Instant::now();
        loop {
            if let Some(id) = self.try_find(css) {
                return El {
                    app: self,
                    id,
                    what: css.to_owned(),
                };
            }
            if start.elapsed() > WAIT {
                self.screenshot("failure");
                panic!(
                    "{}: no element {css} after {WAIT:?}; page text:\n{}",
                    self.name,
                    self.page_text()
                );
            }
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// Every element matching a CSS selector now.
    pub fn all(&self, css: &str) -> Vec<El<'_>> {
        let v = post(
            &self.agent,
            &self.url("/elements"),
            &json!({"using": "css selector", "value": css}),
        );
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT].as_str())
                    .map(|id| El {
                        app: self,
                        id: id.to_owned(),
                        what: css.to_owned(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Runs JavaScript in the page.
    pub fn script(&self, js: &str, args: Value) -> Value {
        post(
            &self.agent,
            &self.url("/execute/sync"),
            &json!({"script": js, "args": args}),
        )
    }

    /// The whole page's visible text.
    pub fn page_text(&self) -> String {
        self.script("return document.body.innerText;", json!([]))
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Waits until the page text contains `needle`.
    pub fn wait_text(&self, needle: &str) {
        let start = Instant::now();
        while !self.page_text().contains(needle) {
            if start.elapsed() > WAIT {
                self.screenshot("failure");
                panic!(
                    "{}: the page never showed {needle:?}; it shows:\n{}",
                    self.name,
                    self.page_text()
                );
            }
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// Goes to a route (`#/services` ...), as a link click would.
    pub fn go(&self, hash: &str) {
        self.script("location.hash = arguments[0];", json!([hash]));
    }

    /// Saves a screenshot as `target/e2e-screenshots/{test}-{label}.png` and returns its path.
    pub fn screenshot(&self, label: &str) -> PathBuf {
        use base64::Engine as _;
        // A screenshot is evidence, not the test: a failure to take one must not hide the real error.
        let dir = crate::workspace().join("target/e2e-screenshots");
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join(format!("{}-{label}.png", self.name));
        let v = self
            .agent
            .get(&self.url("/screenshot"))
            .config()
            .timeout_global(Some(Duration::from_secs(5)))
            .build()
            .call()
            .ok()
            .and_then(|mut r| {
                r.body_mut()
                    .with_config()
                    .limit(64 * 1024 * 1024)
                    .read_json::<Value>()
                    .ok()
            })
            .map(|v| v["value"].clone())
            .unwrap_or(Value::Null);
        let png = base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap_or_default())
            .unwrap_or_default();
        if png.starts_with(b"\x89PNG") {
            let _ = std::fs::write(&path, png);
        } else {
            // WebKitWebDriver sometimes never answers a screenshot under Xvfb; grab the display.
            let _ = std::fs::remove_file(&path);
            let _ = Command::new("import")
                .args(["-display", &self.display, "-window", "root"])
                .arg(&path)
                .status();
        }
        let ok = std::fs::read(&path).is_ok_and(|b| b.starts_with(b"\x89PNG"));
        assert!(ok, "{}: no screenshot could be saved to {}", self.name, path.display());
        path
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.agent.delete(&self.url("")).call();
    }
}

impl El<'_> {
    fn url(&self, rest: &str) -> String {
        self.app.url(&format!("/element/{}{rest}", self.id))
    }

    /// Clicks it.
    pub fn click(&self) -> &Self {
        let v = post(&self.app.agent, &self.url("/click"), &json!({}));
        assert!(
            v.is_null() || v.get("error").is_none(),
            "click on {} failed: {v}",
            self.what
        );
        self
    }

    /// Replaces its value with `text`, as typing would (input events fire).
    pub fn fill(&self, text: &str) -> &Self {
        self.app.script(
            "const el = arguments[0]; el.focus(); el.value = arguments[1];
             el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true}));",
            json!([{ELEMENT: self.id}, text]),
        );
        self
    }

    /// Types `text` into it with real key events.
    pub fn type_keys(&self, text: &str) -> &Self {
        post(&self.app.agent, &self.url("/value"), &json!({"text": text}));
        self
    }

    /// Picks an option of a `<select>` by value.
    pub fn select(&self, value: &str) -> &Self {
        self.fill(value)
    }

    /// Its visible text.
    pub fn text(&self) -> String {
        get(&self.app.agent, &self.url("/text"))
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Its `value` (inputs) or whether it is checked (checkboxes), as the page sees it.
    pub fn prop(&self, name: &str) -> Value {
        self.app
            .script("return arguments[0][arguments[1]];", json!([{ELEMENT: self.id}, name]))
    }

    /// Drops files (name, text) on it as the OS hands a drop to the page: a `drop` event whose
    /// DataTransfer holds the files.
    pub fn drop_files(&self, files: &[(&str, &str)]) {
        let v = self.app.script(
            "const dt = new DataTransfer();
             for (const [name, text] of arguments[1]) dt.items.add(new File([text], name));
             const init = { dataTransfer: dt, bubbles: true, cancelable: true };
             arguments[0].dispatchEvent(new DragEvent('dragover', init));
             arguments[0].dispatchEvent(new DragEvent('drop', init));
             return dt.files.length;",
            json!([{ELEMENT: self.id}, files]),
        );
        assert_eq!(v.as_u64(), Some(files.len() as u64), "the page built the drop: {v}");
    }

    /// Whether it is disabled.
    pub fn attr_disabled(&self) -> bool {
        self.app
            .script("return arguments[0].disabled === true;", json!([{ELEMENT: self.id}]))
            .as_bool()
            .unwrap_or(false)
    }

    /// Its `innerHTML`.
    pub fn html(&self) -> String {
        self.app
            .script("return arguments[0].innerHTML;", json!([{ELEMENT: self.id}]))
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

fn start_xvfb(procs: &mut Reaper) -> String {
    use std::io::Read as _;
    let mut child = Command::new("Xvfb")
        .args(["-displayfd", "1", "-screen", "0", "1280x900x24", "-nolisten", "tcp"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb starts");
    let mut out = child.stdout.take().expect("stdout");
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while out.read(&mut byte).map(|n| n == 1).unwrap_or(false) && byte[0] != b'\n' {
        buf.push(byte[0]);
    }
    procs.0.push(child);
    let n = String::from_utf8_lossy(&buf).trim().to_owned();
    assert!(!n.is_empty(), "Xvfb gave no display number");
    format!(":{n}")
}

/// A private D-Bus session bus and dunst on it; returns the bus address.
fn start_bus_and_dunst(procs: &mut Reaper, display: &str) -> String {
    use std::io::BufRead as _;
    let mut bus = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-daemon starts");
    let mut line = String::new();
    std::io::BufReader::new(bus.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("bus address");
    procs.0.push(bus);
    let address = line.trim().to_owned();
    let dunst = Command::new("dunst")
        .env("DISPLAY", display)
        .env("DBUS_SESSION_BUS_ADDRESS", &address)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("dunst starts");
    procs.0.push(dunst);
    address
}

fn post(agent: &ureq::Agent, url: &str, body: &Value) -> Value {
    let mut r = agent
        .post(url)
        .send_json(body)
        .unwrap_or_else(|e| panic!("POST {url}: {e}"));
    let v: Value = r.body_mut().read_json().unwrap_or(Value::Null);
    v["value"].clone()
}

fn get(agent: &ureq::Agent, url: &str) -> Value {
    let mut r = agent.get(url).call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let v: Value = r
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_json()
        .unwrap_or(Value::Null);
    v["value"].clone()
}
