//! Typed errors. Each message tells the user what went wrong and what to do about it.

use serde::Serialize;

/// Everything pdesk-core can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: the field and what is wrong with it.
    #[error("{field}: {message}")]
    Invalid {
        /// The field or argument at fault, as the user knows it.
        field: &'static str,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A record that does not exist.
    #[error("{what} {id} does not exist; `{hint}` lists them")]
    NotFound {
        /// "service", "request", ...
        what: &'static str,
        /// The id asked for.
        id: String,
        /// The command that lists the existing ones.
        hint: &'static str,
    },
    /// The action conflicts with what is stored.
    #[error("{0}")]
    Conflict(String),
    /// A letter template could not be read or rendered.
    #[error("template {file}{}: {message}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    Template {
        /// The template's file name (a user override's full path).
        file: String,
        /// The line of the error, when known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// The database could not be opened, read or written.
    #[error("the database {0}")]
    Store(String),
}

/// The closed set of error kinds a user interface can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Fix the input named in the message.
    Validation,
    /// The record is gone; refresh the list.
    NotFound,
    /// The action does not fit the current state.
    Conflict,
    /// A (user) letter template is broken.
    Template,
    /// The store failed: disk, permissions, corruption.
    Storage,
}

impl Error {
    /// A validation error for `field`.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::Invalid {
            field,
            message: message.into(),
        }
    }

    /// Which kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Invalid { .. } => ErrorKind::Validation,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Conflict(_) => ErrorKind::Conflict,
            Error::Template { .. } => ErrorKind::Template,
            Error::Store(_) => ErrorKind::Storage,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        let msg = match &e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DatabaseBusy => {
                "is busy: another Privacy Desk is writing to it; try again in a moment".to_owned()
            }
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
                "file is not a Privacy Desk database (or it is damaged); choose another data directory".to_owned()
            }
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ReadOnly => {
                "is read-only; check the data directory's permissions".to_owned()
            }
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DiskFull => {
                "cannot be written: the disk is full".to_owned()
            }
            other => format!("failed: {other}"),
        };
        Error::Store(msg)
    }
}

/// pdesk-core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
