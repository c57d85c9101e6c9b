//! Architecture checks that keep the layout honest. Run by `cargo xtask tidy` and as a test.

use std::path::Path;
use std::process::Command;

/// Crates pdesk-core must never reach, directly or through another crate: the UI shell, the
/// OS keyring, mail, HTTP and the async network stack belong in pdesk-platform or the app.
const FORBIDDEN_IN_CORE: &[&str] = &[
    "tauri",
    "keyring",
    "lettre",
    "reqwest",
    "hyper",
    "ureq",
    "curl",
    "isahc",
    "surf",
    "attohttpc",
    "imap",
    "async-imap",
    "mail-send",
    "mail-parser",
    "tokio",
    "native-tls",
    "openssl",
    "rustls",
    "h2",
    "directories",
    "dirs",
];

/// Runs every check; the error lists every problem found.
pub fn check(root: &Path) -> Result<(), String> {
    let mut problems = Vec::new();
    problems.extend(core_dependencies(root)?);
    problems.extend(member_comments(
        &std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| e.to_string())?,
    ));
    problems.extend(tauri_imports(&root.join("ui/src")));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("tidy found problems:\n  {}", problems.join("\n  ")))
    }
}

fn core_dependencies(root: &Path) -> Result<Vec<String>, String> {
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .current_dir(root)
        .args([
            "tree",
            "-p",
            "pdesk-core",
            "-e",
            "normal,build",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .output()
        .map_err(|e| format!("cannot run cargo tree: {e}"))?;
    if !out.status.success() {
        return Err(format!("cargo tree failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(forbidden_in(&String::from_utf8_lossy(&out.stdout)))
}

/// The forbidden crates in `cargo tree --prefix none` output.
fn forbidden_in(tree: &str) -> Vec<String> {
    let mut found: Vec<String> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| {
            FORBIDDEN_IN_CORE
                .iter()
                .any(|f| name == f || name.starts_with(&format!("{f}-")))
        })
        .map(|name| format!("pdesk-core depends on `{name}`; OS and network code belongs in pdesk-platform"))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// Only `ui/src/lib/ipc/` may import `@tauri-apps/*`: the rest of the UI talks to the back end
/// through that module.
fn tauri_imports(src: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut stack = vec![src.to_owned()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !path.ends_with("lib/ipc") {
                    stack.push(path);
                }
            } else if matches!(path.extension().and_then(|e| e.to_str()), Some("ts" | "svelte" | "js"))
                && std::fs::read_to_string(&path).is_ok_and(|text| imports_tauri(&text))
            {
                problems.push(format!(
                    "{} imports @tauri-apps; only ui/src/lib/ipc/ may",
                    path.display()
                ));
            }
        }
    }
    problems.sort();
    problems
}

fn imports_tauri(text: &str) -> bool {
    [
        "from \"@tauri-apps/",
        "from '@tauri-apps/",
        "import(\"@tauri-apps/",
        "import('@tauri-apps/",
        "import \"@tauri-apps/",
        "import '@tauri-apps/",
    ]
    .iter()
    .any(|pattern| text.contains(pattern))
}

/// Every workspace member must have a comment line saying what it is.
fn member_comments(manifest: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut in_members = false;
    let mut previous = "";
    for line in manifest.lines() {
        let t = line.trim();
        if t.starts_with("members") {
            in_members = true;
        } else if in_members && t.starts_with(']') {
            in_members = false;
        } else if in_members && t.starts_with('"') && !previous.starts_with('#') {
            problems.push(format!("workspace member {t} has no comment line saying what it is"));
        }
        previous = t;
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_is_tidy() {
        check(&crate::root()).unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn forbidden_crates_are_caught() {
        let tree =
            "pdesk-core v0.1.0\nserde v1.0.0\nreqwest v0.12.0\ntauri-utils v2.0.0\nkeyring v3.0.0\nrusqlite v0.43.0\n";
        let found = forbidden_in(tree);
        assert_eq!(
            found.len(),
            3,
            "reqwest, tauri-utils and keyring are all forbidden: {found:?}"
        );
        assert_eq!(
            forbidden_in("tokio-util v0.7.0\n").len(),
            1,
            "crates of a forbidden family are caught"
        );
        assert!(
            forbidden_in("pdesk-core v0.1.0\nminijinja v3.1.0\n").is_empty(),
            "allowed crates pass"
        );
    }

    #[test]
    fn tauri_imports_outside_ipc_are_caught() {
        assert!(imports_tauri("import { invoke } from \"@tauri-apps/api/core\";"));
        assert!(imports_tauri(
            "  const m = await import(\"@tauri-apps/plugin-dialog\");"
        ));
        assert!(!imports_tauri(
            "// talk to @tauri-apps only through lib/ipc\nimport { api } from \"./lib/ipc\";"
        ));
        let dir = std::env::temp_dir().join(format!("xtask-tidy-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("views")).expect("mkdir");
        std::fs::create_dir_all(dir.join("lib/ipc")).expect("mkdir");
        std::fs::write(
            dir.join("lib/ipc/index.ts"),
            "import { invoke } from \"@tauri-apps/api/core\";",
        )
        .expect("write");
        std::fs::write(
            dir.join("views/Bad.svelte"),
            "<script>import { invoke } from \"@tauri-apps/api/core\";</script>",
        )
        .expect("write");
        let found = tauri_imports(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(found.len(), 1, "only the view outside lib/ipc is reported: {found:?}");
    }

    #[test]
    fn uncommented_members_are_caught() {
        let ok = "members = [\n    # the core\n    \"crates/core\",\n]\n";
        assert!(member_comments(ok).is_empty());
        let bad = "members = [\n    # the core\n    \"crates/core\",\n    \"crates/new\",\n]\n";
        assert_eq!(
            member_comments(bad).len(),
            1,
            "the member without a comment is reported"
        );
    }
}
