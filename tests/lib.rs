//! Support for the integration tests: fresh data directories, the real `pdesk` binary, fixtures.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_owned)
        .unwrap_or_default()
}

/// A file under `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(rel)
}

/// The `pdesk` binary built beside this test binary (`cargo test --workspace` builds it).
pub fn pdesk_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary knows its path");
    // target/<profile>/deps/integration-HASH -> target/<profile>/pdesk
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("test binaries live in target/<profile>/deps");
    let bin = dir.join(format!("pdesk{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is missing: run the tests with `cargo xtask test` or `cargo test --workspace`, which build it",
        bin.display()
    );
    bin
}

/// A fresh data directory, removed when dropped.
#[derive(Debug)]
pub struct Sandbox {
    dir: tempfile::TempDir,
}

/// What one run of `pdesk` printed.
#[derive(Debug)]
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    /// Standard output parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

impl Default for Sandbox {
    fn default() -> Self {
        Sandbox::new()
    }
}

impl Sandbox {
    /// A new empty data directory.
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("a temporary directory can be made"),
        }
    }

    /// The data directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `pdesk --data-dir DIR ARGS...`.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(pdesk_bin())
            .arg("--data-dir")
            .arg(self.path())
            .args(args)
            .env_remove("PDESK_DATA_DIR")
            .env("PDESK_FLAVOR", "test")
            .output()
            .expect("pdesk runs");
        Run::from(out)
    }

    /// Runs `pdesk --data-dir DIR ARGS...` with extra environment and `stdin` as its input.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Run {
        run_in(self.path(), args, env, stdin)
    }

    /// Runs `pdesk` and fails the test unless it exits 0.
    pub fn ok(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(
            r.code,
            0,
            "`pdesk {}` failed:\nstdout: {}\nstderr: {}",
            args.join(" "),
            r.stdout,
            r.stderr
        );
        r
    }

    /// Runs `pdesk` expecting exit code `code` and a one-line error on stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let r = self.run(args);
        assert_eq!(
            r.code,
            code,
            "`pdesk {}` should exit {code}:\nstdout: {}\nstderr: {}",
            args.join(" "),
            r.stdout,
            r.stderr
        );
        assert_eq!(
            r.stderr.trim_end().lines().count(),
            1,
            "errors are one line, got:\n{}",
            r.stderr
        );
        r.stderr.trim().to_owned()
    }
}

/// Runs `pdesk --data-dir DIR ARGS` with more environment and `stdin` as its input.
pub fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Run {
    use std::io::Write as _;
    let mut cmd = Command::new(pdesk_bin());
    cmd.arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("PDESK_DATA_DIR")
        .env("PDESK_FLAVOR", "test")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("pdesk runs");
    if let Some(mut i) = child.stdin.take() {
        let _ = i.write_all(stdin.as_bytes());
    }
    Run::from(child.wait_with_output().expect("pdesk ends"))
}

/// Runs `pdesk` with only the given environment (for PDESK_DATA_DIR tests).
pub fn run_with_env(args: &[&str], env: &[(&str, &Path)]) -> Run {
    let mut cmd = Command::new(pdesk_bin());
    cmd.args(args).env_remove("PDESK_DATA_DIR").env("PDESK_FLAVOR", "test");
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run::from(cmd.output().expect("pdesk runs"))
}

pub mod e2e;
pub mod servers;
