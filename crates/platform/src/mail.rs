//! Mail on the wire: the password in the OS keyring, sending over SMTP (lettre, rustls),
//! reading replies over IMAP, and parsing `.eml` files (mail-parser).
//!
//! Every error says what failed in words a user can act on, and never contains a password.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use pdesk_core::eml::Attachment;
use pdesk_core::mail::{Account, Incoming, Outgoing, Security};

use crate::Flavor;

/// How long a connection, a read or a write may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// What went wrong, by kind: the app and `pdesk` word their advice from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailErrorKind {
    /// No Secret Service (or Keychain, Credential Manager) to keep the password, or it is locked.
    Keyring,
    /// No password stored for the account.
    NoPassword,
    /// The server could not be reached.
    Connect,
    /// The TLS handshake failed (an untrusted or wrong certificate).
    Tls,
    /// The server refused the user name or password.
    Auth,
    /// The server refused a recipient.
    Recipient,
    /// The message is larger than the server takes.
    TooLarge,
    /// Anything else the server said no to, or said wrong.
    Protocol,
    /// A file could not be read or is not a message.
    Input,
}

/// A mail, keyring or parsing error: its kind and a message for the user.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct MailError {
    /// The kind.
    pub kind: MailErrorKind,
    /// What happened and what to do.
    pub message: String,
}

fn err(kind: MailErrorKind, message: impl Into<String>) -> MailError {
    MailError {
        kind,
        message: message.into(),
    }
}

// ---- keyring --------------------------------------------------------------------------------

/// The OS keyring, under a service name of this build's own (dev, test and release builds never
/// see each other's passwords).
#[derive(Debug, Clone)]
pub struct Keyring {
    service: String,
}

impl Keyring {
    /// The keyring namespace of `flavor`.
    pub fn new(flavor: Flavor) -> Keyring {
        let suffix = match flavor {
            Flavor::Release => "",
            Flavor::Dev => ".dev",
            Flavor::Test => ".test",
        };
        Keyring {
            service: format!("org.privacydesk.app{suffix}"),
        }
    }

    /// The service name entries are stored under.
    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, key: &str) -> Result<keyring::Entry, MailError> {
        keyring::Entry::new(&self.service, key).map_err(keyring_error)
    }

    /// Stores `password` under `key`.
    pub fn set(&self, key: &str, password: &str) -> Result<(), MailError> {
        self.entry(key)?.set_password(password).map_err(keyring_error)
    }

    /// The password under `key`.
    pub fn get(&self, key: &str) -> Result<String, MailError> {
        self.entry(key)?.get_password().map_err(keyring_error)
    }

    /// Deletes the entry under `key` (no error when there is none).
    pub fn delete(&self, key: &str) -> Result<(), MailError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(e)),
        }
    }
}

fn keyring_error(e: keyring::Error) -> MailError {
    match e {
        keyring::Error::NoEntry => err(
            MailErrorKind::NoPassword,
            "the OS keyring has no password for this account; remove the account and add it again",
        ),
        keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => err(
            MailErrorKind::Keyring,
            format!(
                "the OS keyring is not available ({e}); start and unlock it (on Linux: GNOME Keyring or KWallet, \
                 through the Secret Service) and try again. Privacy Desk keeps passwords nowhere else"
            ),
        ),
        other => err(MailErrorKind::Keyring, format!("the OS keyring refused: {other}")),
    }
}

// ---- TLS ------------------------------------------------------------------------------------

fn pem_certificates(pem: &str) -> Result<Vec<rustls_pki_types::CertificateDer<'static>>, MailError> {
    use rustls_pki_types::pem::PemObject as _;
    let certs: Vec<_> = rustls_pki_types::CertificateDer::pem_slice_iter(pem.as_bytes())
        .collect::<Result<_, _>>()
        .map_err(|e| {
            err(
                MailErrorKind::Input,
                format!("the CA certificate is not valid PEM: {e}"),
            )
        })?;
    if certs.is_empty() {
        return Err(err(
            MailErrorKind::Input,
            "the CA certificate file holds no certificate",
        ));
    }
    Ok(certs)
}

/// Checks that `pem` holds at least one certificate (for the account form and `--ca-cert`).
pub fn check_ca_certificate(pem: &str) -> Result<(), MailError> {
    pem_certificates(pem).map(|_| ())
}

pub(crate) fn rustls_config(ca: Option<&str>) -> Result<Arc<rustls::ClientConfig>, MailError> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    if let Some(pem) = ca {
        for cert in pem_certificates(pem)? {
            roots
                .add(cert)
                .map_err(|e| err(MailErrorKind::Input, format!("the CA certificate cannot be used: {e}")))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| err(MailErrorKind::Tls, e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

// ---- SMTP -----------------------------------------------------------------------------------

/// What the SMTP server answered when it took the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpReceipt {
    /// The server's final reply, e.g. `250 2.0.0 Ok: queued as 1234`.
    pub reply: String,
}

fn smtp_transport(account: &Account, password: &str) -> Result<lettre::SmtpTransport, MailError> {
    use lettre::transport::smtp::authentication::{Credentials, Mechanism};
    use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
    let mut params = TlsParameters::builder(account.smtp_host.clone());
    if let Some(pem) = &account.ca_cert {
        for cert in pem_certificates(pem)? {
            let one = Certificate::from_der(cert.to_vec())
                .map_err(|e| err(MailErrorKind::Input, format!("the CA certificate cannot be used: {e}")))?;
            params = params.add_root_certificate(one);
        }
    }
    let params = params
        .build_rustls()
        .map_err(|e| err(MailErrorKind::Tls, format!("TLS set-up failed: {e}")))?;
    // Never Tls::None or Tls::Opportunistic: the password only crosses an encrypted connection.
    let tls = match account.smtp_security {
        Security::Tls => Tls::Wrapper(params),
        Security::Starttls => Tls::Required(params),
    };
    Ok(lettre::SmtpTransport::builder_dangerous(&account.smtp_host)
        .port(account.smtp_port)
        .tls(tls)
        .credentials(Credentials::new(account.user.clone(), password.to_owned()))
        .authentication(vec![Mechanism::Plain, Mechanism::Login])
        .timeout(Some(TIMEOUT))
        .build())
}

fn smtp_error(account: &Account, e: &lettre::transport::smtp::Error) -> MailError {
    let server = format!("{}:{}", account.smtp_host, account.smtp_port);
    let said = e.to_string();
    if e.is_tls() || said.contains("certificate") || said.contains("InvalidCertificate") {
        return err(
            MailErrorKind::Tls,
            format!(
                "the TLS connection to {server} failed ({said}); check the host name and security setting, or give the server's CA certificate"
            ),
        );
    }
    if let Some(code) = e.status() {
        let code = code.to_string();
        let kind = match code.as_str() {
            "535" | "534" | "530" | "538" => MailErrorKind::Auth,
            "552" | "523" => MailErrorKind::TooLarge,
            "550" | "551" | "553" | "554" | "501" => MailErrorKind::Recipient,
            _ => MailErrorKind::Protocol,
        };
        let advice = match kind {
            MailErrorKind::Auth => "check the user name and password (many providers need an app password)",
            MailErrorKind::TooLarge => "the message is larger than the server accepts; attach smaller files",
            MailErrorKind::Recipient => "the server refused the message or its recipient; check the service's address",
            _ => "the request stays unsent; try again later",
        };
        return err(kind, format!("{server} answered {said}; {advice}"));
    }
    if e.is_timeout() || said.contains("onnection") || said.contains("os error") || said.contains("resolve") {
        return err(
            MailErrorKind::Connect,
            format!("cannot connect to {server} ({said}); check the host, the port and the network"),
        );
    }
    err(MailErrorKind::Protocol, format!("{server}: {said}"))
}

/// Connects to the account's SMTP server and logs in; sends nothing.
pub fn smtp_test(account: &Account, password: &str) -> Result<(), MailError> {
    let transport = smtp_transport(account, password)?;
    match transport.test_connection() {
        Ok(true) => Ok(()),
        Ok(false) => Err(err(
            MailErrorKind::Connect,
            format!(
                "{}:{} did not answer as an SMTP server",
                account.smtp_host, account.smtp_port
            ),
        )),
        Err(e) => Err(smtp_error(account, &e)),
    }
}

/// Sends `out` exactly as its bytes are, over the account's SMTP server.
pub fn smtp_send(account: &Account, password: &str, out: &Outgoing) -> Result<SmtpReceipt, MailError> {
    use lettre::Transport as _;
    let transport = smtp_transport(account, password)?;
    let parse = |a: &str| {
        a.parse::<lettre::Address>().map_err(|e| {
            err(
                MailErrorKind::Recipient,
                format!("`{a}` is not an address the server can take: {e}"),
            )
        })
    };
    let to = out.to.iter().map(|a| parse(a)).collect::<Result<Vec<_>, _>>()?;
    let envelope = lettre::address::Envelope::new(Some(parse(&out.from)?), to)
        .map_err(|e| err(MailErrorKind::Recipient, e.to_string()))?;
    // SMTP ends the data with CRLF "." CRLF, and lettre always writes that CRLF itself: the
    // message's own last CRLF is left to it, so the server receives exactly `out.bytes`.
    let body = out.bytes.strip_suffix(b"\r\n").unwrap_or(&out.bytes);
    let response = transport
        .send_raw(&envelope, body)
        .map_err(|e| smtp_error(account, &e))?;
    let last = response.message().last().unwrap_or_default().to_owned();
    Ok(SmtpReceipt {
        reply: format!("{} {last}", response.code()).trim().to_owned(),
    })
}

// ---- IMAP -----------------------------------------------------------------------------------

/// One message read from the server.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// Its UID in the folder.
    pub uid: u32,
    /// Its exact bytes.
    pub raw: Vec<u8>,
}

/// What a fetch found: the folder's UIDVALIDITY, and the messages after `since_uid`.
#[derive(Debug, Clone)]
pub struct FetchResult {
    /// The folder's UIDVALIDITY.
    pub uidvalidity: u32,
    /// New messages, in UID order.
    pub messages: Vec<Fetched>,
}

type TlsStream = rustls::StreamOwned<rustls::ClientConnection, TcpStream>;

fn imap_connect(account: &Account) -> Result<imap::Client<TlsStream>, MailError> {
    let host = account.imap_host.clone().ok_or_else(|| {
        err(
            MailErrorKind::Input,
            "this account has no IMAP server; add one to fetch replies",
        )
    })?;
    let port = account.imap_port.unwrap_or(993);
    let server = format!("{host}:{port}");
    let connect_err = |e: std::io::Error| {
        err(
            MailErrorKind::Connect,
            format!("cannot connect to {server} ({e}); check the host, the port and the network"),
        )
    };
    let addr = std::net::ToSocketAddrs::to_socket_addrs(&(host.as_str(), port))
        .map_err(connect_err)?
        .next()
        .ok_or_else(|| err(MailErrorKind::Connect, format!("{host} has no address")))?;
    let mut tcp = TcpStream::connect_timeout(&addr, TIMEOUT).map_err(connect_err)?;
    tcp.set_read_timeout(Some(TIMEOUT)).map_err(connect_err)?;
    tcp.set_write_timeout(Some(TIMEOUT)).map_err(connect_err)?;
    if account.imap_security == Some(Security::Starttls) {
        // Greeting, then STARTTLS before anything else is said.
        let mut reader = BufReader::new(tcp.try_clone().map_err(connect_err)?);
        let mut line = String::new();
        reader.read_line(&mut line).map_err(connect_err)?;
        tcp.write_all(b"a0 STARTTLS\r\n").map_err(connect_err)?;
        loop {
            line.clear();
            if reader.read_line(&mut line).map_err(connect_err)? == 0 {
                return Err(err(
                    MailErrorKind::Tls,
                    format!("{server} closed the connection at STARTTLS"),
                ));
            }
            if line.starts_with("a0 ") {
                break;
            }
        }
        if !line.starts_with("a0 OK") {
            return Err(err(
                MailErrorKind::Tls,
                format!(
                    "{server} refused STARTTLS ({}); Privacy Desk does not log in unencrypted",
                    line.trim()
                ),
            ));
        }
    }
    let name = rustls_pki_types::ServerName::try_from(host.clone())
        .map_err(|e| err(MailErrorKind::Input, format!("`{host}`: {e}")))?;
    let conn = rustls::ClientConnection::new(rustls_config(account.ca_cert.as_deref())?, name)
        .map_err(|e| err(MailErrorKind::Tls, e.to_string()))?;
    let mut stream = rustls::StreamOwned::new(conn, tcp);
    // Finish the handshake now, so a certificate problem is reported as one.
    while stream.conn.is_handshaking() {
        stream.conn.complete_io(&mut stream.sock).map_err(|e| {
            err(
                MailErrorKind::Tls,
                format!(
                    "the TLS connection to {server} failed ({e}); check the host name and security setting, or give the server's CA certificate"
                ),
            )
        })?;
    }
    let mut client = imap::Client::new(stream);
    if account.imap_security != Some(Security::Starttls) {
        client
            .read_greeting()
            .map_err(|e| err(MailErrorKind::Protocol, format!("{server}: {e}")))?;
    }
    Ok(client)
}

fn imap_login(account: &Account, password: &str) -> Result<imap::Session<TlsStream>, MailError> {
    let client = imap_connect(account)?;
    client.login(&account.user, password).map_err(|(e, _)| {
        let server = format!(
            "{}:{}",
            account.imap_host.as_deref().unwrap_or_default(),
            account.imap_port.unwrap_or(993)
        );
        match e {
            imap::Error::No(_) | imap::Error::Bad(_) => err(
                MailErrorKind::Auth,
                format!(
                    "{server} refused the login; check the user name and password (many providers need an app password)"
                ),
            ),
            other => err(MailErrorKind::Protocol, format!("{server}: {other}")),
        }
    })
}

/// Connects to the account's IMAP server and logs in; reads nothing.
pub fn imap_test(account: &Account, password: &str) -> Result<(), MailError> {
    let mut session = imap_login(account, password)?;
    let _ = session.logout();
    Ok(())
}

/// Reads the messages after `since` (UIDVALIDITY, last UID) from the account's folder. The
/// folder is opened read-only (EXAMINE) and bodies are read with BODY.PEEK, so nothing on the
/// server is deleted, moved or flagged, not even as seen. When the folder's UIDVALIDITY
/// changed, every message is read again (imports are idempotent).
pub fn imap_fetch(account: &Account, password: &str, since: Option<(u32, u32)>) -> Result<FetchResult, MailError> {
    let mut session = imap_login(account, password)?;
    let proto = |e: imap::Error| err(MailErrorKind::Protocol, format!("IMAP: {e}"));
    let mailbox = session.examine(&account.imap_folder).map_err(|e| {
        err(
            MailErrorKind::Protocol,
            format!(
                "cannot open the folder `{}` ({e}); check its name in the account",
                account.imap_folder
            ),
        )
    })?;
    let uidvalidity = mailbox.uid_validity.unwrap_or(0);
    let after = match since {
        Some((v, last)) if v == uidvalidity => last,
        _ => 0,
    };
    let mut uids: Vec<u32> = session
        .uid_search(format!("UID {}:*", after + 1))
        .map_err(proto)?
        .into_iter()
        .filter(|u| *u > after)
        .collect();
    uids.sort_unstable();
    let mut messages = Vec::new();
    for uid in uids {
        let fetches = session.uid_fetch(uid.to_string(), "(UID BODY.PEEK[])").map_err(proto)?;
        for f in fetches.iter() {
            if let Some(body) = f.body() {
                messages.push(Fetched {
                    uid: f.uid.unwrap_or(uid),
                    raw: body.to_vec(),
                });
            }
        }
    }
    let _ = session.logout();
    Ok(FetchResult { uidvalidity, messages })
}

// ---- parsing --------------------------------------------------------------------------------

/// Parses an RFC 5322 message. Anything that is not one (no From, Subject, Date or
/// Message-ID header) is an error naming the problem. HTML bodies become text.
pub fn parse_eml(raw: &[u8]) -> Result<Incoming, MailError> {
    use mail_parser::MimeHeaders as _;
    let not_mail = || {
        err(
            MailErrorKind::Input,
            "this is not an e-mail message (.eml): it has no From, Subject, Date or Message-ID header",
        )
    };
    let msg = mail_parser::MessageParser::default().parse(raw).ok_or_else(not_mail)?;
    let has_headers =
        msg.from().is_some() || msg.subject().is_some() || msg.message_id().is_some() || msg.date().is_some();
    if !has_headers {
        return Err(not_mail());
    }
    let ids = |v: &mail_parser::HeaderValue<'_>| -> Vec<String> {
        match v {
            mail_parser::HeaderValue::Text(t) => vec![format!("<{t}>")],
            mail_parser::HeaderValue::TextList(l) => l.iter().map(|t| format!("<{t}>")).collect(),
            _ => Vec::new(),
        }
    };
    let attachments = msg
        .attachments()
        .map(|p| {
            let mime = p
                .content_type()
                .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or("octet-stream")))
                .unwrap_or_else(|| "application/octet-stream".to_owned());
            Attachment {
                name: p.attachment_name().unwrap_or("attachment").to_owned(),
                mime,
                data: p.contents().to_vec(),
            }
        })
        .collect();
    Ok(Incoming {
        message_id: msg.message_id().map(|m| format!("<{m}>")),
        in_reply_to: ids(msg.in_reply_to()),
        references: ids(msg.references()),
        subject: msg.subject().unwrap_or_default().to_owned(),
        from: msg
            .from()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .map(str::to_owned),
        date: msg
            .date()
            .and_then(|d| chrono::DateTime::parse_from_rfc3339(&d.to_rfc3339()).ok()),
        text: msg.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
        attachments,
    })
}

// ---- flows ----------------------------------------------------------------------------------

/// An error from the store (pdesk-core) or from the mail side.
#[derive(Debug, thiserror::Error)]
pub enum FlowError {
    /// The store refused (validation, not found, conflict ...).
    #[error(transparent)]
    Core(#[from] pdesk_core::Error),
    /// The keyring, a server or a file.
    #[error(transparent)]
    Mail(#[from] MailError),
}

/// Adds a mail account and stores its password in the OS keyring. When the keyring refuses,
/// the account is removed again: there is never an account without its password, and the
/// password is never kept anywhere else.
pub fn add_account(
    desk: &mut pdesk_core::Desk,
    keyring: &Keyring,
    input: pdesk_core::mail::AccountInput,
    password: &str,
) -> Result<Account, FlowError> {
    if password.is_empty() {
        return Err(MailError {
            kind: MailErrorKind::Input,
            message: "the password is empty; give the account's password (or app password)".into(),
        }
        .into());
    }
    if let Some(pem) = &input.ca_cert {
        check_ca_certificate(pem)?;
    }
    let account = desk.add_account(input)?;
    if let Err(e) = keyring.set(&account.secret_key, password) {
        desk.remove_account(account.id)?;
        return Err(e.into());
    }
    Ok(account)
}

/// Removes an account and its keyring entry.
pub fn remove_account(desk: &mut pdesk_core::Desk, keyring: &Keyring, id: i64) -> Result<Account, FlowError> {
    let account = desk.account(id)?;
    keyring.delete(&account.secret_key)?;
    Ok(desk.remove_account(id)?)
}

/// Connects to the account's servers and logs in; sends and reads nothing.
pub fn test_account(desk: &pdesk_core::Desk, keyring: &Keyring, id: i64) -> Result<Account, FlowError> {
    let account = desk.account(id)?;
    let password = keyring.get(&account.secret_key)?;
    smtp_test(&account, &password)?;
    if account.imap_host.is_some() {
        imap_test(&account, &password)?;
    }
    Ok(account)
}

/// Sends request `id` over SMTP and keeps the receipt: the exact bytes, their SHA-256, the
/// server's reply, the time and the account; the request becomes sent on `now`'s date. On any
/// failure the request stays unsent.
pub fn send_request(
    desk: &mut pdesk_core::Desk,
    keyring: &Keyring,
    id: i64,
    account: Option<i64>,
    attachments: &[Attachment],
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<(pdesk_core::desk::RequestView, SmtpReceipt), FlowError> {
    let account = desk.sending_account(account)?;
    let out = desk.outgoing(id, &account, attachments, now)?;
    let password = keyring.get(&account.secret_key)?;
    let receipt = smtp_send(&account, &password, &out)?;
    let view = desk.record_sent_mail(&out, attachments, &receipt.reply, now)?;
    Ok((view, receipt))
}

/// Files the complaint about request `id` with `regulator` (the suggested one when `None`) by
/// e-mail, the evidence bundle attached, and keeps the receipt like a request's; the request
/// becomes escalated on `now`'s date. On any failure nothing is recorded.
pub fn send_complaint(
    desk: &mut pdesk_core::Desk,
    keyring: &Keyring,
    id: i64,
    regulator: Option<&str>,
    account: Option<i64>,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<(pdesk_core::desk::RequestView, SmtpReceipt), FlowError> {
    let account = desk.sending_account(account)?;
    let (out, name) = desk.complaint_outgoing(id, regulator, &account, now)?;
    let password = keyring.get(&account.secret_key)?;
    let receipt = smtp_send(&account, &password, &out)?;
    let view = desk.record_complaint_mail(&out, &name, &receipt.reply, now)?;
    Ok((view, receipt))
}

/// Whether a failure means every further send would fail the same way.
pub fn stops_a_batch(e: &FlowError) -> bool {
    matches!(
        e,
        FlowError::Mail(MailError {
            kind: MailErrorKind::Auth
                | MailErrorKind::Keyring
                | MailErrorKind::NoPassword
                | MailErrorKind::Tls
                | MailErrorKind::Connect,
            ..
        })
    )
}

/// One request's outcome in a batch send.
#[derive(Debug)]
pub struct BatchItem {
    /// The request.
    pub id: i64,
    /// Its position, from 1.
    pub index: usize,
    /// How many requests the batch holds.
    pub total: usize,
    /// The request after sending and the server's reply, or why it was not sent.
    pub result: Result<(pdesk_core::desk::RequestView, SmtpReceipt), FlowError>,
}

/// What a batch send did: each request tried, in order, and how many were not tried because an
/// earlier failure (login, keyring, connection, TLS) would have repeated for every one of them.
#[derive(Debug, Default)]
pub struct BatchReport {
    /// Requests sent.
    pub sent: usize,
    /// Requests tried and not sent.
    pub failed: usize,
    /// Requests not tried.
    pub skipped: usize,
}

/// Sends several requests one by one with the same account and attachments, telling
/// `progress` each outcome as it happens. Each send is its own transaction: a failure leaves the
/// requests already sent sent and the failed one unsent, ready to be retried.
pub fn send_batch(
    desk: &mut pdesk_core::Desk,
    keyring: &Keyring,
    ids: &[i64],
    account: Option<i64>,
    attachments: &[Attachment],
    now: impl Fn() -> chrono::DateTime<chrono::FixedOffset>,
    mut progress: impl FnMut(&BatchItem),
) -> BatchReport {
    let mut report = BatchReport::default();
    for (i, id) in ids.iter().enumerate() {
        let result = send_request(desk, keyring, *id, account, attachments, now());
        let stop = result.as_ref().err().is_some_and(stops_a_batch);
        if result.is_ok() {
            report.sent += 1;
        } else {
            report.failed += 1;
        }
        progress(&BatchItem {
            id: *id,
            index: i + 1,
            total: ids.len(),
            result,
        });
        if stop {
            report.skipped = ids.len() - i - 1;
            break;
        }
    }
    report
}

/// Imports one `.eml` file's bytes: parses, stores and matches it.
pub fn import_eml(
    desk: &mut pdesk_core::Desk,
    raw: &[u8],
    account: Option<i64>,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<pdesk_core::mail::Imported, FlowError> {
    let mail = parse_eml(raw)?;
    Ok(desk.import_reply(raw, &mail, account, now)?)
}

/// What a fetch did.
#[derive(Debug)]
pub struct FetchReport {
    /// The account read.
    pub account: Account,
    /// One outcome per new message (an unreadable one is an error naming its UID).
    pub imported: Vec<Result<pdesk_core::mail::Imported, String>>,
}

/// Reads new messages from the account's IMAP folder and imports each; remembers how far it
/// read only after they are all stored.
pub fn fetch_replies(
    desk: &mut pdesk_core::Desk,
    keyring: &Keyring,
    account: Option<i64>,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<FetchReport, FlowError> {
    let account = match account {
        Some(id) => desk.account(id)?,
        None => {
            let with_imap: Vec<Account> = desk.accounts()?.into_iter().filter(|a| a.imap_host.is_some()).collect();
            match with_imap.len() {
                1 => with_imap
                    .into_iter()
                    .next()
                    .ok_or_else(|| pdesk_core::Error::Conflict(String::new()))?,
                0 => {
                    return Err(pdesk_core::Error::Conflict(
                        "no mail account has an IMAP server; add one with `pdesk account add ... --imap-host HOST`"
                            .into(),
                    )
                    .into());
                }
                n => {
                    return Err(pdesk_core::Error::invalid(
                        "account",
                        format!("{n} accounts read mail; choose one with --account ID"),
                    )
                    .into());
                }
            }
        }
    };
    let password = keyring.get(&account.secret_key)?;
    let since = desk.imap_position(account.id)?;
    let result = imap_fetch(&account, &password, since)?;
    let mut imported = Vec::new();
    let mut last = since.filter(|(v, _)| *v == result.uidvalidity).map_or(0, |(_, u)| u);
    for m in &result.messages {
        imported
            .push(import_eml(desk, &m.raw, Some(account.id), now).map_err(|e| format!("message UID {}: {e}", m.uid)));
        last = last.max(m.uid);
    }
    desk.set_imap_position(account.id, result.uidvalidity, last)?;
    Ok(FetchReport { account, imported })
}

/// Hands a `mailto:` link to the desktop's default mail program (`xdg-open` on Linux, `open` on
/// macOS, the URL handler on Windows). Only `mailto:` links are taken: the app never asks the OS
/// to open anything else.
pub fn open_in_mail_app(url: &str) -> Result<(), MailError> {
    use std::process::{Command, Stdio};
    if !url.starts_with("mailto:") {
        return Err(err(
            MailErrorKind::Input,
            "only mailto: links are opened in the mail app",
        ));
    }
    let mut command = if cfg!(target_os = "windows") {
        let mut c = Command::new("rundll32");
        c.args(["url.dll,FileProtocolHandler", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(url);
        c
    };
    let no_handler = "no mail app is set to open mailto: links; choose a default mail app in your system settings, or use \"Save as .eml\" and open the file in your mail program";
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| {
            err(
                MailErrorKind::Input,
                format!("{no_handler} (cannot start the opener: {e})"),
            )
        })?;
    // The opener hands the link over and exits; a mail program it starts may keep running, so
    // wait a little for a failure and then let it be.
    let until = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(_)) => return Err(err(MailErrorKind::Input, no_handler)),
            Ok(None) if std::time::Instant::now() < until => std::thread::sleep(Duration::from_millis(50)),
            Ok(None) | Err(_) => {
                std::thread::spawn(move || child.wait());
                return Ok(());
            }
        }
    }
}

/// The MIME type for a file name, from its extension.
pub fn mime_for(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "heic" => "image/heic",
        "webp" => "image/webp",
        "tif" | "tiff" => "image/tiff",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "json" => "application/json",
        "zip" => "application/zip",
        "eml" => "message/rfc822",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}

/// Reads an `.eml` file to import; a file larger than any message Privacy Desk keeps is refused
/// before it is read.
pub fn read_eml(path: &std::path::Path) -> Result<Vec<u8>, MailError> {
    let cannot = |e: std::io::Error| err(MailErrorKind::Input, format!("cannot read it: {e}"));
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.len() > pdesk_core::mail::MAX_MESSAGE_BYTES as u64 {
        return Err(err(
            MailErrorKind::TooLarge,
            format!(
                "it is {} MB, larger than any mail message (20 MB at most); is it really a saved e-mail?",
                meta.len() / (1024 * 1024)
            ),
        ));
    }
    std::fs::read(path).map_err(cannot)
}

/// Reads a file to attach; too large a file is refused before anything is sent.
pub fn read_attachment(path: &std::path::Path) -> Result<Attachment, MailError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "attachment".into());
    let meta = std::fs::metadata(path)
        .map_err(|e| err(MailErrorKind::Input, format!("cannot read {}: {e}", path.display())))?;
    if meta.len() > pdesk_core::mail::MAX_MESSAGE_BYTES as u64 {
        return Err(err(
            MailErrorKind::TooLarge,
            format!(
                "{} is {} MB; most mail servers take at most 20 MB per message, so attach a smaller file (a scan at lower resolution) or send it by post",
                path.display(),
                meta.len() / (1024 * 1024)
            ),
        ));
    }
    let data =
        std::fs::read(path).map_err(|e| err(MailErrorKind::Input, format!("cannot read {}: {e}", path.display())))?;
    Ok(Attachment {
        mime: mime_for(&name).to_owned(),
        name,
        data,
    })
}

#[cfg(test)]
mod open_tests {
    #[test]
    fn only_mailto_links_are_handed_to_the_os() {
        for url in ["https://example.com", "file:///etc/passwd", "javascript:alert(1)", ""] {
            let e = super::open_in_mail_app(url).expect_err(url);
            assert_eq!(e.kind, super::MailErrorKind::Input, "{url}");
        }
    }
}
