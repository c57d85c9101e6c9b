//! `cargo xtask bench-desktop`: Privacy Desk against a blank Tauri 2 window built from the same
//! toolchain, in one run. Measures the time from process start to the first answered IPC call,
//! and the resident memory of each app's processes (the app and its WebKit helpers) after 5 s
//! idle, Privacy Desk holding 1,000 services and 5,000 requests. Prints medians of 7 runs and
//! the ratios; docs/benchmarks.md keeps the figures.

use std::io::{BufRead as _, BufReader, Read as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use pdesk_core::Desk;
use pdesk_core::desk::{NewRequest, ProfileInput, ServiceInput};
use pdesk_core::model::{Channel, DataCategory, Law, RequestDetails, RequestKind};

const RUNS: usize = 7;

pub fn run(root: &Path) -> Result<(), String> {
    crate::build_ui()?;
    crate::step(
        "build Privacy Desk (release)",
        crate::cargo().args(["build", "--locked", "--release", "-p", "pdesk-desktop"]),
    )?;
    let blank_target = root.join("target/blank-window");
    crate::step(
        "build the blank window (release)",
        crate::cargo()
            .args([
                "build",
                "--release",
                "--manifest-path",
                "benches/blank-window/Cargo.toml",
            ])
            .env("CARGO_TARGET_DIR", &blank_target),
    )?;
    let ours = root.join("target/release/privacy-desk");
    let blank = blank_target.join("release/blank-window");
    let data = std::env::temp_dir().join(format!("pdesk-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    println!("==> fixture: 1,000 services, 5,000 requests in {}", data.display());
    fixture(&data).map_err(|e| e.to_string())?;

    let (display, mut xvfb) = xvfb()?;
    let apps = [("blank window", &blank, None), ("Privacy Desk", &ours, Some(&data))];
    let mut samples: Vec<(Vec<Duration>, Vec<u64>)> = vec![(Vec::new(), Vec::new()); apps.len()];
    // The two apps take turns, so a slow moment of the machine hits both alike.
    for run in 1..=RUNS {
        for ((name, bin, env), (startup, rss)) in apps.iter().zip(samples.iter_mut()) {
            let (s, m) = measure(bin, &display, *env)?;
            println!(
                "    run {run}: {name}: {:.0} ms, {:.1} MiB",
                s.as_secs_f64() * 1000.0,
                m as f64 / 1024.0
            );
            startup.push(s);
            rss.push(m);
        }
    }
    let mut results = Vec::new();
    for ((name, _, _), (mut startup, mut rss)) in apps.iter().zip(samples) {
        startup.sort();
        rss.sort_unstable();
        results.push((*name, startup[RUNS / 2], rss[RUNS / 2]));
    }
    let _ = xvfb.kill();
    let _ = std::fs::remove_dir_all(&data);
    println!("\n| app | first answered IPC call | resident memory at idle |");
    println!("|---|---|---|");
    for (name, s, m) in &results {
        println!(
            "| {name} | {:.0} ms | {:.1} MiB |",
            s.as_secs_f64() * 1000.0,
            *m as f64 / 1024.0
        );
    }
    let (b, o) = (&results[0], &results[1]);
    println!(
        "| ratio | {:.2} | {:.2} |",
        o.1.as_secs_f64() / b.1.as_secs_f64(),
        o.2 as f64 / b.2 as f64
    );
    Ok(())
}

fn fixture(dir: &Path) -> pdesk_core::Result<()> {
    let mut desk = Desk::open(dir, None)?;
    desk.set_profile(
        None,
        ProfileInput {
            full_name: Some("山田 花子".into()),
            emails: Some(vec!["hanako@example.jp".into()]),
            ..Default::default()
        },
    )?;
    let today = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap_or_default();
    let mut ids = Vec::new();
    for i in 0..1000 {
        let s = desk.add_service(ServiceInput {
            display_name: Some(format!("Service {i:04}")),
            legal_name: Some(format!("Company {i:04} K.K.")),
            emails: Some(vec![format!("privacy@company{i}.example")]),
            law: Some(if i % 3 == 0 { Law::Gdpr } else { Law::Appi }),
            data_categories: Some(vec![DataCategory::Name, DataCategory::Email]),
            ..Default::default()
        })?;
        ids.push(s.id);
    }
    for chunk in ids.chunks(200) {
        for kind in [
            RequestKind::Access,
            RequestKind::Deletion,
            RequestKind::Correction,
            RequestKind::StopUse,
            RequestKind::ThirdPartyRecords,
        ] {
            let new = NewRequest {
                service_ids: chunk.to_vec(),
                kind,
                law: None,
                language: None,
                channel: Some(Channel::Email),
                details: RequestDetails::default(),
                profile_id: None,
                reference: None,
            };
            for r in desk.new_requests(&new, today)? {
                if r.id % 2 == 0 {
                    desk.mark_sent(r.id, today, None)?;
                }
            }
        }
    }
    Ok(())
}

fn xvfb() -> Result<(String, std::process::Child), String> {
    let mut child = Command::new("Xvfb")
        .args(["-displayfd", "1", "-screen", "0", "1280x900x24", "-nolisten", "tcp"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("Xvfb: {e} (cargo xtask test installs it)"))?;
    let mut out = child.stdout.take().ok_or("no Xvfb output")?;
    let mut n = Vec::new();
    let mut b = [0u8; 1];
    while out.read(&mut b).map(|k| k == 1).unwrap_or(false) && b[0] != b'\n' {
        n.push(b[0]);
    }
    Ok((format!(":{}", String::from_utf8_lossy(&n).trim()), child))
}

fn measure(bin: &PathBuf, display: &str, data: Option<&PathBuf>) -> Result<(Duration, u64), String> {
    let mut cmd = Command::new(bin);
    cmd.env("DISPLAY", display)
        .env("PDESK_TRACE_FIRST_IPC", "1")
        .env("PDESK_FLAVOR", "test")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(d) = data {
        cmd.env("PDESK_DATA_DIR", d);
    }
    let start = Instant::now();
    let mut child = cmd.spawn().map_err(|e| format!("{}: {e}", bin.display()))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let startup = loop {
        match lines.next() {
            Some(Ok(l)) if l.trim() == "first-ipc" => break start.elapsed(),
            Some(_) => {}
            None => return Err(format!("{} exited before answering an IPC call", bin.display())),
        }
    };
    std::thread::sleep(Duration::from_secs(5));
    let rss = tree_rss_kib(child.id());
    let _ = child.kill();
    let _ = child.wait();
    Ok((startup, rss))
}

/// Resident memory (KiB) of `pid` and all its descendants, from /proc.
fn tree_rss_kib(pid: u32) -> u64 {
    let mut parent_of = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(p) = entry.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        // The parent pid is the 2nd field after the parenthesised command name.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok());
        if let Some(pp) = ppid {
            parent_of.push((p, pp));
        }
    }
    let mut tree = vec![pid];
    let mut i = 0;
    while i < tree.len() {
        let cur = tree[i];
        tree.extend(parent_of.iter().filter(|(_, pp)| *pp == cur).map(|(p, _)| *p));
        i += 1;
    }
    tree.iter()
        .filter_map(|p| std::fs::read_to_string(format!("/proc/{p}/status")).ok())
        .filter_map(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .sum()
}
