//! Privacy Desk's OS side. Here: where the data and the user's templates live.
//!
//! The data directory holds the SQLite file; the config directory holds `templates/`, where a
//! file named like a built-in template overrides it. Both come from the `directories` crate
//! (XDG on Linux, `~/Library/Application Support` on macOS, `%APPDATA%` on Windows) and are
//! moved by `--data-dir` or `PDESK_DATA_DIR`.
#![deny(missing_docs)]

pub mod calendar;
pub mod http;
pub mod mail;

use std::path::{Path, PathBuf};

/// The environment variable that moves the data directory.
pub const DATA_DIR_ENV: &str = "PDESK_DATA_DIR";

/// Which build is running. Each keeps its own directories (and, later, keyring namespace), so
/// a test or development build never touches a user's real data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// Released builds.
    Release,
    /// Development builds (`cargo run`).
    Dev,
    /// Automated tests.
    Test,
}

impl Flavor {
    /// The flavor of the running binary: `PDESK_FLAVOR` when set (dev, test, release), else
    /// dev for debug builds and release for release builds.
    pub fn current() -> Flavor {
        match std::env::var("PDESK_FLAVOR").ok().as_deref() {
            Some("test") => Flavor::Test,
            Some("dev") => Flavor::Dev,
            Some("release") => Flavor::Release,
            _ if cfg!(debug_assertions) => Flavor::Dev,
            _ => Flavor::Release,
        }
    }

    /// The application name the directories are derived from.
    pub fn app_name(self) -> &'static str {
        match self {
            Flavor::Release => "Privacy Desk",
            Flavor::Dev => "Privacy Desk Dev",
            Flavor::Test => "Privacy Desk Test",
        }
    }
}

/// The folders Privacy Desk uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    /// Holds the database.
    pub data: PathBuf,
    /// Holds `templates/`.
    pub config: PathBuf,
}

impl Dirs {
    /// The user's override folder for letter templates.
    pub fn templates(&self) -> PathBuf {
        self.config.join("templates")
    }
}

/// Why the directories could not be found.
#[derive(Debug, thiserror::Error)]
#[error("no home directory found to keep Privacy Desk's data in; pass --data-dir DIR or set {DATA_DIR_ENV}")]
pub struct NoHome;

/// The directories: `explicit` (from `--data-dir`) wins, then `PDESK_DATA_DIR`, then the OS
/// defaults for `flavor`. With an explicit data directory, templates live in it as well, so a
/// test or a portable install is one self-contained folder.
pub fn dirs(explicit: Option<&Path>, flavor: Flavor) -> Result<Dirs, NoHome> {
    let from_env = std::env::var_os(DATA_DIR_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    if let Some(data) = explicit.map(Path::to_owned).or(from_env) {
        return Ok(Dirs {
            config: data.clone(),
            data,
        });
    }
    let project = directories::ProjectDirs::from("org", "Privacy Desk", flavor.app_name()).ok_or(NoHome)?;
    Ok(Dirs {
        data: project.data_dir().to_owned(),
        config: project.config_dir().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_directory_wins_and_holds_templates() {
        let d = dirs(Some(Path::new("/tmp/pd-x")), Flavor::Test).expect("explicit dir needs no home");
        assert_eq!(d.data, PathBuf::from("/tmp/pd-x"));
        assert_eq!(d.templates(), PathBuf::from("/tmp/pd-x/templates"));
    }

    #[test]
    fn flavors_never_share_directories() {
        if std::env::var_os(DATA_DIR_ENV).is_some() {
            return; // The variable overrides every flavor on purpose.
        }
        let release = dirs(None, Flavor::Release).expect("home exists on test machines");
        let dev = dirs(None, Flavor::Dev).expect("home exists");
        let test = dirs(None, Flavor::Test).expect("home exists");
        assert_ne!(release.data, dev.data, "dev builds must not touch a user's real data");
        assert_ne!(release.data, test.data);
        assert_ne!(dev.data, test.data);
    }
}
