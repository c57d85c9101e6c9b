//! `cargo xtask`: the project's chores, in Rust so they run wherever cargo does.
//!
//! - `cargo xtask test`: installs what the tests need (Debian packages for Tauri, Xvfb and
//!   WebKitWebDriver, tauri-driver, the UI's npm packages), builds the UI, then format check,
//!   clippy with warnings denied, svelte-check, Vitest, the tidy checks and every Rust test
//!   including the end-to-end ones. This is the README's test command and CI's.
//! - `cargo xtask run`: installs what building needs, builds the UI and the app, and opens it
//!   on the default local store.
//! - `cargo xtask cli [-- ARGS]`: builds `pdesk` and runs a walkthrough on a scratch store.
//! - `cargo xtask tidy`: the architecture checks (also run as a test).
//! - `cargo xtask bench-desktop`: startup and memory against a blank Tauri window.

mod bench_desktop;
mod tidy;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("run") => run_app(),
        Some("cli") => run(&args[1..]),
        Some("bench-desktop") => bench_desktop::run(&root()),
        Some("tidy") => tidy::check(&root()).map(|()| println!("tidy: ok")),
        _ => {
            eprintln!("usage: cargo xtask test | run | cli [-- PDESK ARGS] | tidy | bench-desktop");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_owned)
        .unwrap_or_else(|| PathBuf::from("."))
}

pub(crate) fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    c.current_dir(root());
    c
}

pub(crate) fn step(what: &str, cmd: &mut Command) -> Result<(), String> {
    println!("==> {what}");
    let status = cmd.status().map_err(|e| format!("{what}: cannot start: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

fn ensure_rust_component(component: &str) -> Result<(), String> {
    let probe = if component == "rustfmt" {
        ["fmt", "--version"]
    } else {
        ["clippy", "--version"]
    };
    let ok = cargo().args(probe).output().is_ok_and(|o| o.status.success());
    if ok {
        return Ok(());
    }
    step(
        &format!("install {component}"),
        Command::new("rustup").args(["component", "add", component]),
    )
}

/// Debian packages the desktop app needs to build (Tauri's Linux prerequisites).
const BUILD_PACKAGES: &[&str] = &[
    "build-essential",
    "curl",
    "file",
    "pkg-config",
    "libwebkit2gtk-4.1-dev",
    "libxdo-dev",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    // The OS keyring (keyring crate, Secret Service over libdbus).
    "libdbus-1-dev",
    "nodejs",
    "npm",
];

/// Debian packages the end-to-end tests need on top: a virtual display and WebKit's WebDriver.
/// (dunst shows reminders so a test can click one; imagemagick grabs the display when
/// WebKitWebDriver gives no screenshot; gnome-keyring is the Secret Service the mail
/// tests' Secret Service; python3-aiosmtpd and openssl run the mail tests' SMTP server.)
const TEST_PACKAGES: &[&str] = &[
    "python3-icalendar",
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "dbus-x11",
    "dbus-daemon",
    "dunst",
    "imagemagick",
    "gnome-keyring",
    // The mail tests: a real SMTP server (run by /usr/bin/python3) and a test CA.
    "python3-aiosmtpd",
    "openssl",
    "dovecot-imapd",
    // A Japanese font, so the screenshots of Japanese letters and screens show the text.
    "fonts-ipafont-gothic",
];

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

fn ensure_packages(packages: &[&str]) -> Result<(), String> {
    if !cfg!(target_os = "linux") || Command::new("dpkg-query").arg("--version").output().is_err() {
        println!("==> not a Debian-like system: install the Tauri prerequisites yourself (see README)");
        return Ok(());
    }
    // node and npm may come from elsewhere than Debian; what matters is that they run.
    let have_node = Command::new("npm")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| !(have_node && (*p == "nodejs" || *p == "npm")))
        .filter(|p| !installed(p))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let apt = |args: &[&str]| {
        let mut c = if root {
            Command::new("apt-get")
        } else {
            Command::new("sudo")
        };
        if !root {
            c.arg("apt-get");
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    step("apt-get update", &mut apt(&["update", "-q"]))?;
    let mut args = vec!["install", "-y", "-q", "--no-install-recommends"];
    args.extend(&missing);
    step(&format!("install {}", missing.join(" ")), &mut apt(&args))
}

fn ensure_tauri_driver() -> Result<(), String> {
    let home_bin = std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo/bin/tauri-driver"));
    let on_path = Command::new("tauri-driver").arg("--help").output().is_ok();
    if on_path || home_bin.is_some_and(|p| p.is_file()) {
        return Ok(());
    }
    step(
        "install tauri-driver",
        cargo().args(["install", "tauri-driver", "--locked", "--version", "2.1.0"]),
    )
}

fn npm(what: &str, args: &[&str]) -> Result<(), String> {
    step(what, Command::new("npm").args(args).current_dir(root().join("ui")))
}

/// Installs the UI's packages (when the lock file changed) and builds it into ui/dist, which
/// the desktop crate embeds.
pub(crate) fn build_ui() -> Result<(), String> {
    let ui = root().join("ui");
    let stamp = ui.join("node_modules/.package-lock.json");
    let fresh = |a: &Path, b: &Path| {
        let m = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        matches!((m(a), m(b)), (Some(x), Some(y)) if x >= y)
    };
    if !fresh(&stamp, &ui.join("package-lock.json")) {
        // `npm install` rather than `npm ci`: with this machine's npm settings the lock file keeps
        // no download addresses, which `npm ci` refuses; versions are pinned exactly either way.
        npm("npm install", &["install", "--no-audit", "--no-fund"])?;
    }
    npm("build the UI", &["run", "build"])
}

fn test() -> Result<(), String> {
    ensure_rust_component("rustfmt")?;
    ensure_rust_component("clippy")?;
    let mut packages = BUILD_PACKAGES.to_vec();
    packages.extend(TEST_PACKAGES);
    ensure_packages(&packages)?;
    ensure_tauri_driver()?;
    build_ui()?;
    npm("svelte-check", &["run", "check"])?;
    npm("vitest", &["test"])?;
    step("format check", cargo().args(["fmt", "--all", "--check"]))?;
    step(
        "clippy",
        cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    println!("==> tidy");
    tidy::check(&root())?;
    let (passed, failed) = counted_tests(cargo().args(["test", "--workspace", "--locked"]))?;
    // One closing line for the whole run, whatever order cargo ran the test binaries in.
    println!("\n{passed} passed, {failed} failed");
    if failed > 0 || passed == 0 {
        return Err(format!("tests: {failed} failed, {passed} passed"));
    }
    Ok(())
}

/// Runs `cargo test`, echoing its output, and adds up its `test result:` lines.
fn counted_tests(cmd: &mut Command) -> Result<(usize, usize), String> {
    use std::io::BufRead as _;
    println!("==> tests");
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start cargo test: {e}"))?;
    let (mut passed, mut failed) = (0, 0);
    if let Some(stdout) = child.stdout.take() {
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(rest) = line.strip_prefix("test result: ") {
                let number_before = |word: &str| {
                    rest.split(';')
                        .find_map(|part| {
                            part.trim()
                                .strip_suffix(word)
                                .and_then(|n| n.trim().rsplit(' ').next()?.parse::<usize>().ok())
                        })
                        .unwrap_or(0)
                };
                passed += number_before(" passed");
                failed += number_before(" failed");
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!(
            "cargo test failed ({status}); {failed} failed, {passed} passed"
        ));
    }
    Ok((passed, failed))
}

fn run_app() -> Result<(), String> {
    if cfg!(target_os = "linux")
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
    {
        return Err("no display: DISPLAY and WAYLAND_DISPLAY are unset; run this in a desktop session".to_owned());
    }
    ensure_packages(BUILD_PACKAGES)?;
    build_ui()?;
    step(
        "build the app",
        cargo().args(["build", "--locked", "--release", "-p", "pdesk-desktop"]),
    )?;
    let app = root()
        .join("target/release")
        .join(format!("privacy-desk{}", std::env::consts::EXE_SUFFIX));
    step("Privacy Desk", Command::new(app).env("PDESK_FLAVOR", "release"))
}

fn run(args: &[String]) -> Result<(), String> {
    step("build pdesk", cargo().args(["build", "--locked", "-p", "pdesk-cli"]))?;
    let pdesk = root()
        .join("target/debug")
        .join(format!("pdesk{}", std::env::consts::EXE_SUFFIX));
    let demo = std::env::temp_dir().join(format!("pdesk-walkthrough-{}", std::process::id()));
    println!("==> walkthrough on a scratch store in {}", demo.display());
    let walkthrough: &[&[&str]] = &[
        &["profile", "set", "--name", "山田 花子", "--email", "hanako@example.jp"],
        &[
            "service",
            "add",
            "--name",
            "Jsers",
            "--legal-name",
            "Jsers, llc.",
            "--law",
            "appi",
            "--data",
            "name,email,phone",
        ],
        &["request", "new", "--service", "1", "--kind", "access"],
        &["request", "sent", "1", "--on", "2026-04-20"],
        &["deadlines", "--as-of", "2026-05-06"],
    ];
    for a in walkthrough {
        println!("$ pdesk {}", a.join(" "));
        step("pdesk", Command::new(&pdesk).arg("--data-dir").arg(&demo).args(*a))?;
    }
    let _ = std::fs::remove_dir_all(&demo);
    let args: Vec<&str> = args.iter().map(String::as_str).skip_while(|a| *a == "--").collect();
    let args = if args.is_empty() { vec!["deadlines"] } else { args };
    println!("==> pdesk {} (default local store)", args.join(" "));
    step("pdesk", Command::new(&pdesk).args(&args))
}
