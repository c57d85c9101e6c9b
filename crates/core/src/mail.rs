//! Mail: accounts, the exact message a request is sent as, its receipt, and replies matched
//! to their requests.
//!
//! No network and no secrets here: `pdesk-platform` talks SMTP and IMAP and keeps passwords in
//! the OS keyring (under each account's `secret_key`); this module decides what is sent, keeps
//! the bytes that went out and came in, and matches replies to requests.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{OptionalExtension as _, Transaction, params};
use serde::Serialize;
use sha2::{Digest as _, Sha256};

use crate::desk::{Desk, RequestView};
use crate::eml::{self, Attachment};
use crate::error::{Error, Result};
use crate::model::{Channel, EventKind, NewEvent, is_usable_email};
use crate::store::collect;

/// How a connection to a mail server is secured. Plain connections are not offered: a password
/// never crosses the network unencrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Security {
    /// TLS from the first byte (SMTP port 465, IMAP port 993).
    #[serde(rename = "tls")]
    Tls,
    /// A plain connection upgraded with STARTTLS before anything else (SMTP port 587, IMAP 143).
    #[serde(rename = "starttls")]
    Starttls,
}

impl Security {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Security::Tls => "tls",
            Security::Starttls => "starttls",
        }
    }
}

impl std::str::FromStr for Security {
    type Err = Error;
    fn from_str(s: &str) -> Result<Security> {
        match s.trim().to_ascii_lowercase().as_str() {
            "tls" | "ssl" => Ok(Security::Tls),
            "starttls" => Ok(Security::Starttls),
            _ => Err(Error::invalid(
                "security",
                format!("unknown security `{s}`; use tls or starttls (unencrypted connections are not offered)"),
            )),
        }
    }
}

/// A mail account. Its password is in the OS keyring, never here.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Account {
    /// Row id.
    pub id: i64,
    /// A name the user recognises ("Personal Gmail").
    pub name: String,
    /// The From address.
    pub from_address: String,
    /// SMTP server.
    pub smtp_host: String,
    /// SMTP port.
    pub smtp_port: u16,
    /// SMTP security.
    pub smtp_security: Security,
    /// User name for SMTP and IMAP.
    pub user: String,
    /// IMAP server, when replies are fetched.
    pub imap_host: Option<String>,
    /// IMAP port.
    pub imap_port: Option<u16>,
    /// IMAP security.
    pub imap_security: Option<Security>,
    /// The folder to read replies from.
    pub imap_folder: String,
    /// A private CA certificate (PEM) the user supplied for these servers.
    pub ca_cert: Option<String>,
    /// The keyring entry's name for this account's password (not itself secret).
    pub secret_key: String,
}

/// An account as the user enters it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountInput {
    /// A name the user recognises.
    pub name: String,
    /// The From address.
    pub from_address: String,
    /// SMTP server.
    pub smtp_host: String,
    /// SMTP port.
    pub smtp_port: u16,
    /// SMTP security.
    pub smtp_security: Option<Security>,
    /// User name.
    pub user: String,
    /// IMAP server.
    pub imap_host: Option<String>,
    /// IMAP port.
    pub imap_port: Option<u16>,
    /// IMAP security.
    pub imap_security: Option<Security>,
    /// Folder to read (INBOX when empty).
    pub imap_folder: Option<String>,
    /// A private CA certificate in PEM.
    pub ca_cert: Option<String>,
}

/// A message ready to go: who from, to whom, and its exact bytes.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// The request.
    pub request_id: i64,
    /// The account it goes through.
    pub account_id: i64,
    /// Envelope sender.
    pub from: String,
    /// Envelope recipients.
    pub to: Vec<String>,
    /// The Message-ID, with angle brackets.
    pub message_id: String,
    /// The subject.
    pub subject: String,
    /// The bytes handed to the SMTP server.
    pub bytes: Vec<u8>,
}

/// A received message, as parsed by the platform crate.
#[derive(Debug, Clone, Default)]
pub struct Incoming {
    /// Its Message-ID, with angle brackets.
    pub message_id: Option<String>,
    /// In-Reply-To, with angle brackets.
    pub in_reply_to: Vec<String>,
    /// References, with angle brackets.
    pub references: Vec<String>,
    /// Decoded subject.
    pub subject: String,
    /// The sender's address.
    pub from: Option<String>,
    /// The Date header.
    pub date: Option<DateTime<FixedOffset>>,
    /// The text (the plain part, or the HTML part reduced to text).
    pub text: String,
    /// Attachments.
    pub attachments: Vec<Attachment>,
}

/// How a reply was matched to its request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum MatchedBy {
    /// In-Reply-To or References named a message Privacy Desk sent.
    Thread,
    /// The subject carries the request's reference code.
    Reference,
    /// The sender's domain is the service's.
    SenderDomain,
}

/// What importing one message did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum Imported {
    /// Stored and added to a request's timeline as "reply received".
    Matched {
        /// The stored message.
        message: i64,
        /// The request.
        request_id: i64,
        /// How.
        by: MatchedBy,
    },
    /// Stored; the user assigns it to a request.
    Unmatched {
        /// The stored message.
        message: i64,
    },
    /// Already stored; nothing changed.
    Duplicate {
        /// The message stored before.
        message: i64,
        /// Its request, if assigned.
        request_id: Option<i64>,
    },
}

/// A stored message, without its bytes.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MessageRow {
    /// Row id.
    pub id: i64,
    /// Its request, when matched or assigned.
    pub request_id: Option<i64>,
    /// "out" (sent by Privacy Desk) or "in" (a reply).
    pub direction: String,
    /// Message-ID.
    pub message_id: Option<String>,
    /// Subject.
    pub subject: String,
    /// Sender.
    pub from_address: Option<String>,
    /// When it was sent (its Date header, or the send time).
    pub sent_at: Option<String>,
    /// When Privacy Desk stored it.
    pub stored_at: String,
    /// SHA-256 of the exact bytes, hex.
    pub sha256: String,
    /// For sent messages: the SMTP server's final reply.
    pub server_reply: Option<String>,
    /// The account it went through or came from.
    pub account_id: Option<i64>,
    /// The text (shown as text, never as HTML).
    pub text: String,
    /// Its attachments.
    pub attachments: Vec<AttachmentRow>,
}

/// An attachment, without its bytes.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AttachmentRow {
    /// Row id.
    pub id: i64,
    /// File name.
    pub name: String,
    /// MIME type.
    pub mime: String,
    /// Size in bytes.
    pub size: u32,
    /// SHA-256, hex.
    pub sha256: String,
}

/// SHA-256 of `data` in lower-case hex.
pub fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data).iter().map(|b| format!("{b:02x}")).collect()
}

/// The largest message Privacy Desk sends: 20 MiB of bytes, about 15 MiB of attachments.
pub const MAX_MESSAGE_BYTES: usize = 20 * 1024 * 1024;

/// Identity documents are what a company may over-ask for; the app warns before sending one.
pub fn looks_like_identity_document(name: &str) -> bool {
    let n = name.to_lowercase();
    [
        "passport",
        "licen",
        "license",
        "id-card",
        "idcard",
        "id_card",
        "identity",
        "ausweis",
        "免許",
        "パスポート",
        "マイナンバー",
        "保険証",
        "在留カード",
    ]
    .iter()
    .any(|k| n.contains(k))
}

fn check_host(field: &'static str, host: &str) -> Result<()> {
    let ok = !host.is_empty()
        && host.len() <= 253
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == ':');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            format!("`{host}` is not a host name; write it like smtp.example.com"),
        ))
    }
}

fn account_from_input(input: AccountInput, secret_key: String, id: i64) -> Result<Account> {
    let name = input.name.trim().to_owned();
    if name.is_empty() {
        return Err(Error::invalid(
            "name",
            "give the account a name, e.g. \"Personal mail\"",
        ));
    }
    let from = input.from_address.trim().to_owned();
    if !is_usable_email(&from) {
        return Err(Error::invalid(
            "from",
            format!("`{from}` is not an e-mail address; write the address you send from"),
        ));
    }
    let smtp_host = input.smtp_host.trim().to_ascii_lowercase();
    check_host("smtp-host", &smtp_host)?;
    if input.smtp_port == 0 {
        return Err(Error::invalid(
            "smtp-port",
            "the SMTP port is a number from 1 to 65535 (often 465 or 587)",
        ));
    }
    let user = input.user.trim().to_owned();
    if user.is_empty() {
        return Err(Error::invalid(
            "user",
            "the user name is needed to log in (often the e-mail address)",
        ));
    }
    let smtp_security = input.smtp_security.unwrap_or(if input.smtp_port == 465 {
        Security::Tls
    } else {
        Security::Starttls
    });
    let imap_host = input
        .imap_host
        .map(|h| h.trim().to_ascii_lowercase())
        .filter(|h| !h.is_empty());
    if let Some(h) = &imap_host {
        check_host("imap-host", h)?;
    }
    let imap_port = imap_host.as_ref().map(|_| {
        input
            .imap_port
            .filter(|p| *p != 0)
            .unwrap_or(if input.imap_security == Some(Security::Starttls) {
                143
            } else {
                993
            })
    });
    let imap_security = imap_host.as_ref().map(|_| {
        input.imap_security.unwrap_or(if imap_port == Some(143) {
            Security::Starttls
        } else {
            Security::Tls
        })
    });
    let ca_cert = input.ca_cert.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    if let Some(c) = &ca_cert
        && !c.contains("-----BEGIN CERTIFICATE-----")
    {
        return Err(Error::invalid(
            "ca-cert",
            "the CA certificate must be a PEM file (it starts with -----BEGIN CERTIFICATE-----)",
        ));
    }
    Ok(Account {
        id,
        name,
        from_address: from,
        smtp_host,
        smtp_port: input.smtp_port,
        smtp_security,
        user,
        imap_host,
        imap_port,
        imap_security,
        imap_folder: input
            .imap_folder
            .map(|f| f.trim().to_owned())
            .filter(|f| !f.is_empty())
            .unwrap_or_else(|| "INBOX".to_owned()),
        ca_cert,
        secret_key,
    })
}

const ACCOUNT_COLUMNS: &str = "id, name, from_address, smtp_host, smtp_port, smtp_security, user, imap_host, imap_port, \
     imap_security, imap_folder, ca_cert, secret_key";

fn account_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Account> {
    let sec = |col: usize| -> rusqlite::Result<Option<Security>> {
        let s: Option<String> = r.get(col)?;
        s.map(|s| {
            s.parse::<Security>()
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e)))
        })
        .transpose()
    };
    Ok(Account {
        id: r.get(0)?,
        name: r.get(1)?,
        from_address: r.get(2)?,
        smtp_host: r.get(3)?,
        smtp_port: r.get(4)?,
        smtp_security: sec(5)?.unwrap_or(Security::Tls),
        user: r.get(6)?,
        imap_host: r.get(7)?,
        imap_port: r.get(8)?,
        imap_security: sec(9)?,
        imap_folder: r.get(10)?,
        ca_cert: r.get(11)?,
        secret_key: r.get(12)?,
    })
}

const MESSAGE_COLUMNS: &str = "id, request_id, direction, message_id, subject, from_address, sent_at, stored_at, sha256, server_reply, account_id, text";

fn message_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MessageRow> {
    Ok(MessageRow {
        id: r.get(0)?,
        request_id: r.get(1)?,
        direction: r.get(2)?,
        message_id: r.get(3)?,
        subject: r.get(4)?,
        from_address: r.get(5)?,
        sent_at: r.get(6)?,
        stored_at: r.get(7)?,
        sha256: r.get(8)?,
        server_reply: r.get(9)?,
        account_id: r.get(10)?,
        text: r.get(11)?,
        attachments: Vec::new(),
    })
}

/// The reference codes (`PD-2026-ABCD`) in `text`.
fn reference_codes(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for i in 0..chars.len() {
        let w: String = chars[i..chars.len().min(i + 12)].iter().collect();
        let b = w.as_bytes();
        if w.len() == 12
            && w.starts_with("PD-")
            && b[3..7].iter().all(u8::is_ascii_digit)
            && b[7] == b'-'
            && b[8..12].iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            out.push(w);
        }
    }
    out
}

fn domain_of(address: &str) -> Option<String> {
    let a = address.trim().trim_matches(['<', '>']);
    a.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase())
}

/// Whether `sender` is `service_domain` or a subdomain of it.
fn same_organisation(sender: &str, service_domain: &str) -> bool {
    sender == service_domain || sender.ends_with(&format!(".{service_domain}"))
}

impl Desk {
    // ---- accounts ---------------------------------------------------------------------------

    /// Adds a mail account. Its password goes to the OS keyring under the returned
    /// `secret_key`, which the caller (the platform side) stores.
    pub fn add_account(&mut self, input: AccountInput) -> Result<Account> {
        let key: String = (0..16)
            .map(|_| char::from(b"0123456789abcdef"[self.rng.usize(..16)]))
            .collect();
        let mut account = account_from_input(input, format!("account-{key}"), 0)?;
        let a = &account;
        account.id = self.store.transaction(|tx| {
            tx.execute(
                "INSERT INTO accounts (name, from_address, smtp_host, smtp_port, smtp_security, user, imap_host, imap_port,
                     imap_security, imap_folder, ca_cert, secret_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    a.name,
                    a.from_address,
                    a.smtp_host,
                    a.smtp_port,
                    a.smtp_security.code(),
                    a.user,
                    a.imap_host,
                    a.imap_port,
                    a.imap_security.map(Security::code),
                    a.imap_folder,
                    a.ca_cert,
                    a.secret_key
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })?;
        Ok(account)
    }

    /// Every account.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        let mut stmt = self
            .store
            .conn
            .prepare_cached(&format!("SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY id"))?;
        collect(stmt.query_map([], account_row)?)
    }

    /// One account.
    pub fn account(&self, id: i64) -> Result<Account> {
        let mut stmt = self
            .store
            .conn
            .prepare_cached(&format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ?1"))?;
        stmt.query_row([id], account_row).optional()?.ok_or(Error::NotFound {
            what: "account",
            id: id.to_string(),
            hint: "pdesk account list",
        })
    }

    /// The account to send with: `id`, or the only one there is.
    pub fn sending_account(&self, id: Option<i64>) -> Result<Account> {
        if let Some(id) = id {
            return self.account(id);
        }
        let mut all = self.accounts()?;
        match all.len() {
            0 => Err(Error::Conflict(
                "there is no mail account yet; add one with `pdesk account add` (or send by post or from your mail app)"
                    .to_owned(),
            )),
            1 => Ok(all.remove(0)),
            n => Err(Error::invalid(
                "account",
                format!("there are {n} mail accounts; choose one with --account ID (`pdesk account list`)"),
            )),
        }
    }

    /// Removes an account (its messages stay as evidence). Returns it, so the caller can
    /// delete its keyring entry.
    pub fn remove_account(&mut self, id: i64) -> Result<Account> {
        let account = self.account(id)?;
        self.store.transaction(|tx| {
            tx.execute("DELETE FROM accounts WHERE id = ?1", [id])?;
            Ok(())
        })?;
        Ok(account)
    }

    /// Remembers how far an account's IMAP folder has been read.
    pub fn set_imap_position(&mut self, account_id: i64, uidvalidity: u32, last_uid: u32) -> Result<()> {
        self.account(account_id)?;
        self.store.transaction(|tx| {
            tx.execute(
                "UPDATE accounts SET imap_uidvalidity = ?2, imap_last_uid = ?3 WHERE id = ?1",
                params![account_id, uidvalidity, last_uid],
            )?;
            Ok(())
        })
    }

    /// How far the account's IMAP folder has been read: (UIDVALIDITY, last UID seen).
    pub fn imap_position(&self, account_id: i64) -> Result<Option<(u32, u32)>> {
        Ok(self
            .store
            .conn
            .query_row(
                "SELECT imap_uidvalidity, imap_last_uid FROM accounts WHERE id = ?1",
                [account_id],
                |r| Ok((r.get::<_, Option<u32>>(0)?, r.get::<_, Option<u32>>(1)?)),
            )
            .optional()?
            .and_then(|(v, u)| Some((v?, u.unwrap_or(0)))))
    }

    // ---- sending ----------------------------------------------------------------------------

    /// The message that sends request `id` through `account`, dated `at`, with `attachments`.
    /// Refuses a request already sent, and one whose service has no usable address.
    pub fn outgoing(
        &mut self,
        id: i64,
        account: &Account,
        attachments: &[Attachment],
        at: DateTime<FixedOffset>,
    ) -> Result<Outgoing> {
        let view = self.request_view(id)?;
        if let Some(sent) = view.events.iter().find(|e| e.kind == EventKind::Sent) {
            return Err(Error::Conflict(format!(
                "request {id} was already sent on {}; a follow-up is a new letter",
                sent.on
            )));
        }
        let r = view.request;
        let service = self.store.service(r.service_id)?;
        let Some(to) = service.usable_email() else {
            return Err(Error::invalid(
                "to",
                format!(
                    "{} has no usable e-mail address; add the privacy contact's address to the service, or send the letter by post or web form",
                    service.display_name
                ),
            ));
        };
        let profile = self.store.profile(r.profile_id)?;
        let envelope = self.envelope(&r.reference, &profile, account, service.addressee(), to, at);
        let bytes = eml::render_with(&envelope, &r.subject, &r.body, attachments).into_bytes();
        if bytes.len() > MAX_MESSAGE_BYTES {
            return Err(Error::invalid(
                "attach",
                format!(
                    "the message would be {} MB; most mail servers take at most 20 MB, so attach smaller files (a scan at lower resolution) or send them by post",
                    bytes.len() / (1024 * 1024)
                ),
            ));
        }
        Ok(Outgoing {
            request_id: id,
            account_id: account.id,
            from: account.from_address.clone(),
            to: vec![to.to_owned()],
            message_id: envelope.message_id,
            subject: r.subject,
            bytes,
        })
    }

    /// The envelope of a message from `profile` through `account` to `to_name <to>`, dated
    /// `at`, with a new Message-ID carrying `reference`.
    fn envelope(
        &mut self,
        reference: &str,
        profile: &crate::model::Profile,
        account: &Account,
        to_name: &str,
        to: &str,
        at: DateTime<FixedOffset>,
    ) -> eml::Envelope {
        eml::Envelope {
            from: Some(eml::Mailbox {
                name: Some(profile.full_name.clone()),
                address: account.from_address.clone(),
            }),
            to: Some(eml::Mailbox {
                name: Some(to_name.to_owned()),
                address: to.to_owned(),
            }),
            date: at,
            message_id: eml::message_id(reference, Some(&account.from_address), &mut self.rng),
        }
    }

    /// Records that `out` was accepted by the SMTP server with `server_reply` at `at`: the exact
    /// bytes, their SHA-256 and the reply are kept, and the request is sent (its deadline
    /// starts), in one transaction.
    pub fn record_sent_mail(
        &mut self,
        out: &Outgoing,
        attachments: &[Attachment],
        server_reply: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<RequestView> {
        let text = format!("sent by e-mail as {}", out.message_id);
        self.record_mail(out, attachments, server_reply, at, EventKind::Sent, text)
    }

    /// The message that files the complaint about request `id` with `regulator` (the suggested
    /// one when `None`) by e-mail through `account`, dated `at`: the complaint letter in the
    /// regulator's language with the evidence bundle attached as `<reference>-evidence.zip`.
    /// Refuses a request already complained about, and a regulator without an e-mail address.
    /// Returns the message and the regulator's name.
    pub fn complaint_outgoing(
        &mut self,
        id: i64,
        regulator: Option<&str>,
        account: &Account,
        at: DateTime<FixedOffset>,
    ) -> Result<(Outgoing, String)> {
        let view = self.request_view(id)?;
        if let Some(filed) = view.events.iter().find(|e| e.kind == EventKind::ComplaintFiled) {
            return Err(Error::Conflict(format!(
                "a complaint about request {id} was already filed on {}; wait for the regulator's answer",
                filed.on
            )));
        }
        let draft = self.complaint(id, regulator, at.date_naive())?;
        let reg = &draft.regulator;
        let Some(to) = reg.email.as_deref().filter(|a| is_usable_email(a)) else {
            let other = reg
                .webform
                .as_deref()
                .map(|w| format!("its complaint form ({w})"))
                .or_else(|| reg.phone.as_deref().map(|p| format!("phone ({p})")))
                .unwrap_or_else(|| "post".to_owned());
            return Err(Error::invalid(
                "regulator",
                format!(
                    "{} takes no complaints by e-mail here; file it through {other} with the letter copied or printed, then record it as filed",
                    reg.name
                ),
            ));
        };
        let r = view.request;
        let profile = self.store.profile(r.profile_id)?;
        let attachments = vec![Attachment {
            name: format!("{}-evidence.zip", r.reference),
            mime: "application/zip".into(),
            data: self.evidence(id, at)?,
        }];
        let envelope = self.envelope(&r.reference, &profile, account, &reg.name, to, at);
        let bytes = eml::render_with(&envelope, &draft.subject, &draft.body, &attachments).into_bytes();
        if bytes.len() > MAX_MESSAGE_BYTES {
            return Err(Error::invalid(
                "attach",
                format!(
                    "with its evidence the complaint would be {} MB; most mail servers take at most 20 MB, so save the evidence bundle and send it as the regulator asks",
                    bytes.len() / (1024 * 1024)
                ),
            ));
        }
        Ok((
            Outgoing {
                request_id: id,
                account_id: account.id,
                from: account.from_address.clone(),
                to: vec![to.to_owned()],
                message_id: envelope.message_id,
                subject: draft.subject,
                bytes,
            },
            draft.regulator.name,
        ))
    }

    /// Records that the complaint `out` to `regulator` (its name) was accepted by the SMTP
    /// server: the message is kept like a sent request's, and the request becomes escalated
    /// (the regulator's answer period starts), in one transaction.
    pub fn record_complaint_mail(
        &mut self,
        out: &Outgoing,
        regulator: &str,
        server_reply: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<RequestView> {
        let text = format!("{regulator}: e-mailed to {} as {}", out.to.join(", "), out.message_id);
        // The attached bundle is kept inside the message's exact bytes; kept again as an
        // attachment, every later bundle would carry it twice.
        self.record_mail(out, &[], server_reply, at, EventKind::ComplaintFiled, text)
    }

    /// Stores the sent message `out` with its attachments and records `kind` on its request.
    fn record_mail(
        &mut self,
        out: &Outgoing,
        attachments: &[Attachment],
        server_reply: &str,
        at: DateTime<FixedOffset>,
        kind: EventKind,
        text: String,
    ) -> Result<RequestView> {
        let e = NewEvent {
            channel: Some(Channel::Email),
            text: Some(text),
            ..NewEvent::default()
        };
        self.record_event_with(out.request_id, kind, at.date_naive(), e, false, |tx| {
            let id = insert_message(
                tx,
                &StoredMessage {
                    request_id: Some(out.request_id),
                    direction: "out",
                    message_id: Some(&out.message_id),
                    in_reply_to: None,
                    references: &[],
                    subject: &out.subject,
                    from: Some(&out.from),
                    to: &out.to,
                    sent_at: Some(at.to_rfc3339()),
                    stored_at: at.to_rfc3339(),
                    raw: &out.bytes,
                    account_id: Some(out.account_id),
                    server_reply: Some(server_reply),
                    text: "",
                },
            )?;
            insert_attachments(tx, id, attachments)
        })
    }

    // ---- replies ----------------------------------------------------------------------------

    /// Stores a received message (`raw`, parsed as `mail`) and matches it to a request: by
    /// In-Reply-To/References against the messages sent, then by a reference code in the
    /// subject, then by the sender's domain against the services'. A match adds "reply
    /// received" (without an outcome: the user reads the reply and says) on the day it was
    /// sent, or `received` when it has no date. The same message twice is stored once.
    pub fn import_reply(
        &mut self,
        raw: &[u8],
        mail: &Incoming,
        account_id: Option<i64>,
        now: DateTime<FixedOffset>,
    ) -> Result<Imported> {
        if raw.is_empty() {
            return Err(Error::invalid("file", "the message is empty"));
        }
        if let Some(dup) = self.stored_message(raw, mail.message_id.as_deref())? {
            return Ok(Imported::Duplicate {
                message: dup.0,
                request_id: dup.1,
            });
        }
        let found = self.match_reply(mail)?;
        let stored = StoredMessage {
            request_id: found.map(|f| f.0),
            direction: "in",
            message_id: mail.message_id.as_deref(),
            in_reply_to: mail.in_reply_to.first().map(String::as_str),
            references: &mail.references,
            subject: &mail.subject,
            from: mail.from.as_deref(),
            to: &[],
            sent_at: mail.date.map(|d| d.to_rfc3339()),
            stored_at: now.to_rfc3339(),
            raw,
            account_id,
            server_reply: None,
            text: &mail.text,
        };
        let Some((request_id, by)) = found else {
            let message = self.store.transaction(|tx| {
                let id = insert_message(tx, &stored)?;
                insert_attachments(tx, id, &mail.attachments)?;
                Ok(id)
            })?;
            return Ok(Imported::Unmatched { message });
        };
        let mut message = 0;
        let on = self.reply_date(
            request_id,
            mail.date.map(|d| d.date_naive()).unwrap_or(now.date_naive()),
        )?;
        self.record_event_with(
            request_id,
            EventKind::ReplyReceived,
            on,
            NewEvent {
                text: Some(format!("reply: {}", mail.subject)),
                ..NewEvent::default()
            },
            true,
            |tx| {
                message = insert_message(tx, &stored)?;
                insert_attachments(tx, message, &mail.attachments)
            },
        )?;
        Ok(Imported::Matched {
            message,
            request_id,
            by,
        })
    }

    /// Assigns an unmatched reply to request `request_id` and adds "reply received".
    pub fn assign_reply(&mut self, message: i64, request_id: i64) -> Result<RequestView> {
        let row = self.message(message)?;
        if row.direction != "in" {
            return Err(Error::invalid(
                "message",
                format!("message {message} was sent, not received"),
            ));
        }
        if let Some(r) = row.request_id {
            return Err(Error::Conflict(format!(
                "message {message} already belongs to request {r}"
            )));
        }
        let date = row
            .sent_at
            .as_deref()
            .and_then(|d| DateTime::parse_from_rfc3339(d).ok())
            .or_else(|| DateTime::parse_from_rfc3339(&row.stored_at).ok())
            .map(|d| d.date_naive())
            .unwrap_or_default();
        let on = self.reply_date(request_id, date)?;
        self.record_event_with(
            request_id,
            EventKind::ReplyReceived,
            on,
            NewEvent {
                text: Some(format!("reply: {}", row.subject)),
                ..NewEvent::default()
            },
            true,
            |tx| {
                tx.execute(
                    "UPDATE messages SET request_id = ?2 WHERE id = ?1 AND request_id IS NULL",
                    params![message, request_id],
                )?;
                Ok(())
            },
        )
    }

    /// A reply cannot predate the request's sending (clock skew, a wrong Date header): it is
    /// then dated the day the request was sent.
    fn reply_date(&self, request_id: i64, date: NaiveDate) -> Result<NaiveDate> {
        let sent = self
            .store
            .events(request_id)?
            .into_iter()
            .find(|e| e.kind == EventKind::Sent)
            .map(|e| e.on);
        Ok(sent.map_or(date, |s| date.max(s)))
    }

    fn stored_message(&self, raw: &[u8], message_id: Option<&str>) -> Result<Option<(i64, Option<i64>)>> {
        let by_hash = self
            .store
            .conn
            .query_row(
                "SELECT id, request_id FROM messages WHERE direction = 'in' AND sha256 = ?1",
                [sha256_hex(raw)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if by_hash.is_some() {
            return Ok(by_hash);
        }
        let Some(mid) = message_id else { return Ok(None) };
        Ok(self
            .store
            .conn
            .query_row(
                "SELECT id, request_id FROM messages WHERE direction = 'in' AND message_id = ?1",
                [mid],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    fn match_reply(&self, mail: &Incoming) -> Result<Option<(i64, MatchedBy)>> {
        let conn = &self.store.conn;
        for id in mail.in_reply_to.iter().chain(mail.references.iter().rev()) {
            let found: Option<Option<i64>> = conn
                .query_row(
                    "SELECT request_id FROM messages WHERE direction = 'out' AND message_id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(Some(r)) = found {
                return Ok(Some((r, MatchedBy::Thread)));
            }
        }
        for code in reference_codes(&mail.subject) {
            let found: Option<i64> = conn
                .query_row("SELECT id FROM requests WHERE reference = ?1", [&code], |r| r.get(0))
                .optional()?;
            if let Some(r) = found {
                return Ok(Some((r, MatchedBy::Reference)));
            }
        }
        let Some(sender) = mail.from.as_deref().and_then(domain_of) else {
            return Ok(None);
        };
        // The most recently sent, still open request to a service at the sender's domain.
        let mut stmt = conn.prepare_cached(
            "SELECT r.id, s.emails, s.website FROM requests r JOIN services s ON s.id = r.service_id
             WHERE r.sent_on IS NOT NULL ORDER BY r.sent_on DESC, r.id DESC",
        )?;
        let rows = collect(stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?)?;
        for (id, emails, website) in rows {
            let emails: Vec<String> = serde_json::from_str(&emails).unwrap_or_default();
            let site = website.as_deref().map(|w| {
                w.trim_start_matches("https://")
                    .trim_start_matches("http://")
                    .split(['/', ':'])
                    .next()
                    .unwrap_or_default()
                    .trim_start_matches("www.")
                    .to_ascii_lowercase()
            });
            let domains = emails.iter().filter_map(|e| domain_of(e)).chain(site);
            if domains
                .into_iter()
                .any(|d| !d.is_empty() && same_organisation(&sender, &d))
            {
                return Ok(Some((id, MatchedBy::SenderDomain)));
            }
        }
        Ok(None)
    }

    // ---- reading ----------------------------------------------------------------------------

    /// The messages of request `id` in the order they were stored, with their attachments.
    pub fn messages(&self, request_id: i64) -> Result<Vec<MessageRow>> {
        self.store.request(request_id)?;
        self.message_rows("request_id = ?1", request_id)
    }

    /// Received messages not matched to any request, for the user to assign.
    pub fn unmatched(&self) -> Result<Vec<MessageRow>> {
        self.message_rows("request_id IS NULL AND direction = 'in' AND ?1 = ?1", 0)
    }

    /// One stored message.
    pub fn message(&self, id: i64) -> Result<MessageRow> {
        self.message_rows("id = ?1", id)?.pop().ok_or(Error::NotFound {
            what: "message",
            id: id.to_string(),
            hint: "pdesk reply list",
        })
    }

    /// A stored message's exact bytes.
    pub fn message_raw(&self, id: i64) -> Result<Vec<u8>> {
        self.store
            .conn
            .query_row("SELECT raw FROM messages WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or(Error::NotFound {
                what: "message",
                id: id.to_string(),
                hint: "pdesk reply list",
            })
    }

    /// A stored attachment's name, MIME type and bytes.
    pub fn attachment(&self, id: i64) -> Result<Attachment> {
        self.store
            .conn
            .query_row("SELECT name, mime, data FROM attachments WHERE id = ?1", [id], |r| {
                Ok(Attachment {
                    name: r.get(0)?,
                    mime: r.get(1)?,
                    data: r.get(2)?,
                })
            })
            .optional()?
            .ok_or(Error::NotFound {
                what: "attachment",
                id: id.to_string(),
                hint: "pdesk request show ID",
            })
    }

    fn message_rows(&self, condition: &str, arg: i64) -> Result<Vec<MessageRow>> {
        let conn = &self.store.conn;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE {condition} ORDER BY id"
        ))?;
        let mut rows = collect(stmt.query_map([arg], message_row)?)?;
        let mut att = conn.prepare_cached(
            "SELECT id, name, mime, length(data), sha256 FROM attachments WHERE message_id = ?1 ORDER BY id",
        )?;
        for m in &mut rows {
            m.attachments = collect(att.query_map([m.id], |r| {
                Ok(AttachmentRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    mime: r.get(2)?,
                    size: r.get(3)?,
                    sha256: r.get(4)?,
                })
            })?)?;
        }
        Ok(rows)
    }

    /// A `mailto:` URL (RFC 6068) that opens request `id` in the user's mail app.
    pub fn mailto(&self, id: i64) -> Result<String> {
        let r = self.store.request(id)?;
        let service = self.store.service(r.service_id)?;
        Ok(eml::mailto(service.usable_email(), &r.subject, &r.body))
    }
}

impl Desk {
    /// The messages and attachments in the evidence bundle of request `id`, by file name in
    /// the bundle: its own under `messages/` and `attachments/`, those of its follow-up letters
    /// under `followups/<reference>/`.
    fn evidence_parts(&self, id: i64) -> Result<Vec<(String, EvidencePart)>> {
        let mut parts = Vec::new();
        let mut add = |prefix: &str, messages: &[MessageRow]| {
            for (i, m) in messages.iter().enumerate() {
                let dir = if m.direction == "out" { "sent" } else { "received" };
                parts.push((
                    format!("{prefix}messages/{:02}-{dir}.eml", i + 1),
                    EvidencePart::Message(m.id),
                ));
                for a in &m.attachments {
                    let safe: String = a
                        .name
                        .chars()
                        .map(|c| {
                            if c.is_alphanumeric() || ".-_".contains(c) {
                                c
                            } else {
                                '_'
                            }
                        })
                        .collect();
                    parts.push((
                        format!("{prefix}attachments/{:02}-{}-{safe}", i + 1, a.id),
                        EvidencePart::Attachment(a.id),
                    ));
                }
            }
        };
        add("", &self.messages(id)?);
        for child in self.store.followups_of(id)? {
            add(&format!("followups/{}/", child.reference), &self.messages(child.id)?);
        }
        Ok(parts)
    }

    /// The names of the files in the evidence bundle of request `id`, as
    /// [`Desk::evidence`] writes them under the request's reference code.
    pub fn evidence_names(&self, id: i64) -> Result<Vec<String>> {
        let mut names: Vec<String> = self.evidence_parts(id)?.into_iter().map(|(n, _)| n).collect();
        names.extend(["timeline.json", "summary.txt", "SHA256SUMS"].map(str::to_owned));
        Ok(names)
    }

    /// The evidence bundle of request `id` as a ZIP file: every message as `.eml` (the exact
    /// bytes sent or received), their attachments, those of its follow-up letters, the
    /// timeline as JSON and as a readable summary, and `SHA256SUMS` over all of it. `made_at`
    /// is written into the summary.
    pub fn evidence(&self, id: i64, made_at: DateTime<FixedOffset>) -> Result<Vec<u8>> {
        let view = self.request_view(id)?;
        let messages = self.messages(id)?;
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        for (name, part) in self.evidence_parts(id)? {
            let data = match part {
                EvidencePart::Message(m) => self.message_raw(m)?,
                EvidencePart::Attachment(a) => self.attachment(a)?.data,
            };
            files.push((name, data));
        }
        let timeline = serde_json::json!({ "request": view, "messages": messages });
        files.push((
            "timeline.json".into(),
            serde_json::to_vec_pretty(&timeline).map_err(|e| Error::Store(e.to_string()))?,
        ));
        files.push((
            "summary.txt".into(),
            evidence_summary(&view, &messages, made_at).into_bytes(),
        ));
        let sums: String = files
            .iter()
            .map(|(name, data)| format!("{}  {name}\n", sha256_hex(data)))
            .collect();
        files.push(("SHA256SUMS".into(), sums.into_bytes()));

        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        let zerr = |e: zip::result::ZipError| Error::Store(format!("cannot write the evidence file: {e}"));
        for (name, data) in &files {
            zip.start_file(format!("{}/{name}", view.request.reference), options)
                .map_err(zerr)?;
            std::io::Write::write_all(&mut zip, data).map_err(|e| Error::Store(e.to_string()))?;
        }
        Ok(zip.finish().map_err(zerr)?.into_inner())
    }
}

/// Where a file of the evidence bundle comes from.
enum EvidencePart {
    /// A stored message's exact bytes.
    Message(i64),
    /// A stored attachment.
    Attachment(i64),
}

fn evidence_summary(view: &RequestView, messages: &[MessageRow], made_at: DateTime<FixedOffset>) -> String {
    use std::fmt::Write as _;
    let r = &view.request;
    let mut s = String::new();
    let _ = writeln!(s, "Privacy Desk evidence bundle for request {}", r.reference);
    let _ = writeln!(s, "Made on {}\n", made_at.to_rfc3339());
    let _ = writeln!(s, "Company: {}", view.service_name);
    let _ = writeln!(s, "Request: {} under {} ({})", r.kind, r.law, r.language);
    let _ = writeln!(s, "Subject: {}", r.subject);
    let _ = writeln!(s, "Status: {}", view.status);
    if let Some(d) = &view.deadline {
        let _ = writeln!(s, "Due: {}", d.due_date);
        if let Some(l) = d.earliest_lawsuit_date {
            let _ = writeln!(s, "Lawsuit possible from: {l} (APPI Art. 39)");
        }
    }
    let _ = writeln!(s, "\nTimeline:");
    for e in &view.events {
        let extra = [
            e.channel.map(|c| format!("by {c}")),
            e.outcome.map(|o| format!("outcome {o}")),
            e.new_date.map(|d| format!("new date {d}")),
            e.text.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("; ");
        let _ = writeln!(
            s,
            "  {}  {}{}",
            e.on,
            e.kind,
            if extra.is_empty() {
                String::new()
            } else {
                format!(" ({extra})")
            }
        );
    }
    let _ = writeln!(s, "\nMessages (files in messages/, hashes in SHA256SUMS):");
    for (i, m) in messages.iter().enumerate() {
        let _ = writeln!(
            s,
            "  {:02} {} {} {} \"{}\"{}",
            i + 1,
            if m.direction == "out" { "sent" } else { "received" },
            m.sent_at.as_deref().unwrap_or(&m.stored_at),
            m.from_address.as_deref().unwrap_or_default(),
            m.subject,
            m.server_reply
                .as_deref()
                .map(|r| format!(", server: {r}"))
                .unwrap_or_default()
        );
    }
    s
}

struct StoredMessage<'a> {
    request_id: Option<i64>,
    direction: &'static str,
    message_id: Option<&'a str>,
    in_reply_to: Option<&'a str>,
    references: &'a [String],
    subject: &'a str,
    from: Option<&'a str>,
    to: &'a [String],
    sent_at: Option<String>,
    stored_at: String,
    raw: &'a [u8],
    account_id: Option<i64>,
    server_reply: Option<&'a str>,
    text: &'a str,
}

fn insert_message(tx: &Transaction<'_>, m: &StoredMessage<'_>) -> Result<i64> {
    tx.execute(
        "INSERT INTO messages (request_id, direction, message_id, in_reply_to, refs, subject, from_address, to_addresses,
             sent_at, stored_at, raw, sha256, account_id, server_reply, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            m.request_id,
            m.direction,
            m.message_id,
            m.in_reply_to,
            serde_json::to_string(m.references).unwrap_or_else(|_| "[]".into()),
            m.subject,
            m.from,
            serde_json::to_string(m.to).unwrap_or_else(|_| "[]".into()),
            m.sent_at,
            m.stored_at,
            m.raw,
            sha256_hex(m.raw),
            m.account_id,
            m.server_reply,
            m.text
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn insert_attachments(tx: &Transaction<'_>, message: i64, attachments: &[Attachment]) -> Result<()> {
    for a in attachments {
        tx.execute(
            "INSERT INTO attachments (message_id, name, mime, data, sha256) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![message, a.name, a.mime, a.data, sha256_hex(&a.data)],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_documents_are_recognised_by_their_file_names() {
        assert!(looks_like_identity_document("Drivers-License-front.jpg"));
        assert!(looks_like_identity_document("運転免許証.pdf"));
        assert!(!looks_like_identity_document("invoice-2026.pdf"));
    }

    #[test]
    fn reference_codes_are_found_in_subjects() {
        assert_eq!(
            reference_codes("Re: 個人情報開示請求 (PD-2026-9ZQF) / PD-2026-abcd"),
            vec!["PD-2026-9ZQF".to_owned()],
            "only well-formed codes count"
        );
    }

    #[test]
    fn sender_domains_match_the_service_or_its_subdomains() {
        assert!(same_organisation("mail.example.co.jp", "example.co.jp"));
        assert!(
            !same_organisation("notexample.co.jp", "example.co.jp"),
            "a suffix is not a subdomain"
        );
    }

    #[test]
    fn mailto_encodes_japanese_and_line_ends() {
        let url = eml::mailto(Some("privacy@example.jp"), "開示請求 PD-2026-AAAA", "前略\n以上");
        assert!(
            url.starts_with("mailto:privacy@example.jp?subject=%E9%96%8B%E7%A4%BA"),
            "{url}"
        );
        assert!(
            url.contains("&body=%E5%89%8D%E7%95%A5%0D%0A%E4%BB%A5%E4%B8%8A"),
            "{url}"
        );
        assert!(!url.contains(' '), "spaces are percent-encoded: {url}");
    }
}
