//! `cargo xtask`: the project's chores, in Rust so they run wherever cargo does.
//!
//! - `cargo xtask test`: installs what the tests need, then format check, clippy with warnings
//!   denied, the tidy checks and every test. This is the README's test command and CI's.
//! - `cargo xtask run [-- ARGS]`: builds `pdesk`, shows a walkthrough on a scratch store, then
//!   runs `pdesk ARGS` (default: `deadlines`) on the default local store.
//! - `cargo xtask tidy`: the architecture checks (also run as a test).

mod tidy;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("run") => run(&args[1..]),
        Some("tidy") => tidy::check(&root()).map(|()| println!("tidy: ok")),
        _ => {
            eprintln!("usage: cargo xtask test | run [-- PDESK ARGS] | tidy");
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

fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    c.current_dir(root());
    c
}

fn step(what: &str, cmd: &mut Command) -> Result<(), String> {
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

fn test() -> Result<(), String> {
    ensure_rust_component("rustfmt")?;
    ensure_rust_component("clippy")?;
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
    step("tests", cargo().args(["test", "--workspace", "--locked"]))?;
    Ok(())
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
