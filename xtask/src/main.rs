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
