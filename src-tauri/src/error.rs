//! The error every command returns: `{kind, message}`, with a closed set of kinds.

use serde::Serialize;

/// What the UI does about an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum IpcErrorKind {
    /// Show the message next to the field it names.
    Validation,
    /// The record is gone: refresh the view.
    NotFound,
    /// The action does not fit the request's state.
    Conflict,
    /// A user letter template is broken: show the file and line.
    Template,
    /// The store or a file could not be read or written.
    Storage,
    /// A mail server could not be reached, refused the login or the message.
    Network,
    /// The OS keyring is missing, locked or has no password for the account.
    Keyring,
}

/// An error as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct IpcError {
    /// What kind of problem.
    pub kind: IpcErrorKind,
    /// One sentence for the user, saying what to do.
    pub message: String,
    /// The field at fault, for validation errors.
    pub field: Option<String>,
}

impl From<pdesk_core::Error> for IpcError {
    fn from(e: pdesk_core::Error) -> Self {
        use pdesk_core::ErrorKind as K;
        let kind = match e.kind() {
            K::Validation => IpcErrorKind::Validation,
            K::NotFound => IpcErrorKind::NotFound,
            K::Conflict => IpcErrorKind::Conflict,
            K::Template => IpcErrorKind::Template,
            K::Storage => IpcErrorKind::Storage,
        };
        let field = match &e {
            pdesk_core::Error::Invalid { field, .. } => Some((*field).to_owned()),
            _ => None,
        };
        IpcError {
            kind,
            message: e.to_string(),
            field,
        }
    }
}

impl From<pdesk_platform::mail::FlowError> for IpcError {
    fn from(e: pdesk_platform::mail::FlowError) -> Self {
        use pdesk_platform::mail::{FlowError, MailErrorKind as M};
        match e {
            FlowError::Core(e) => e.into(),
            FlowError::Mail(m) => IpcError {
                kind: match m.kind {
                    M::Keyring | M::NoPassword => IpcErrorKind::Keyring,
                    M::Input => IpcErrorKind::Validation,
                    _ => IpcErrorKind::Network,
                },
                message: m.message,
                field: None,
            },
        }
    }
}

impl From<pdesk_platform::mail::MailError> for IpcError {
    fn from(e: pdesk_platform::mail::MailError) -> Self {
        pdesk_platform::mail::FlowError::Mail(e).into()
    }
}

impl From<pdesk_platform::http::HttpError> for IpcError {
    fn from(e: pdesk_platform::http::HttpError) -> Self {
        use pdesk_platform::http::HttpErrorKind as H;
        IpcError {
            kind: match e.kind {
                H::BadUrl | H::WrongType | H::TooLarge => IpcErrorKind::Validation,
                H::File => IpcErrorKind::Storage,
                H::Connect | H::Status | H::Redirects => IpcErrorKind::Network,
            },
            message: e.message,
            field: None,
        }
    }
}

impl IpcError {
    /// A storage error for a file the user chose.
    pub fn file(path: &std::path::Path, e: &std::io::Error) -> Self {
        IpcError {
            kind: IpcErrorKind::Storage,
            message: format!("cannot write {}: {e}; choose another folder", path.display()),
            field: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_cross_as_kind_message_and_field() {
        let e: IpcError = pdesk_core::Error::invalid("email", "`x` is not an e-mail address").into();
        let json = serde_json::to_value(&e).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({"kind": "validation", "message": "email: `x` is not an e-mail address", "field": "email"}),
            "the UI reads exactly these keys"
        );
        let nf: IpcError = pdesk_core::Error::NotFound {
            what: "service",
            id: "3".into(),
            hint: "",
        }
        .into();
        assert_eq!(serde_json::to_value(&nf).expect("json")["kind"], "not_found");
    }
}
