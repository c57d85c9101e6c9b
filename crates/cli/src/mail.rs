//! `pdesk account`, `request send|mailto|messages`, `reply` and `mail`: each handler parses,
//! makes one call (into pdesk-core, or a pdesk-platform flow that pairs the store with the
//! network and the keyring) and prints the result.

use std::io::BufRead as _;

use chrono::Local;
use pdesk_core::Desk;
use pdesk_core::mail::{AccountInput, Imported};
use pdesk_platform::mail::{self as pm, FlowError, Keyring};

use crate::args::{AccountArgs, AccountCmd, MailCmd, ReplyCmd};
use crate::{Out, parse};

fn keyring() -> Keyring {
    Keyring::new(pdesk_platform::Flavor::current())
}

fn flow(e: FlowError) -> Out {
    Out::Fail(e.to_string())
}

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    Local::now().fixed_offset()
}

fn json_line(out: &mut impl std::io::Write, v: &impl serde::Serialize) -> Result<(), Out> {
    writeln!(
        out,
        "{}",
        serde_json::to_string(v).map_err(|e| Out::Fail(e.to_string()))?
    )?;
    Ok(())
}

pub fn account(desk: &mut Desk, cmd: &AccountCmd, json: bool, out: &mut impl std::io::Write) -> Result<(), Out> {
    match cmd {
        AccountCmd::Add(a) => {
            let input = account_input(a)?;
            let mut password = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut password)
                .map_err(|e| Out::Fail(format!("cannot read the password from standard input: {e}")))?;
            let password = password.trim_end_matches(['\n', '\r']);
            let account = pm::add_account(desk, &keyring(), input, password).map_err(flow)?;
            if json {
                json_line(out, &account)?;
            } else {
                writeln!(
                    out,
                    "account {}: {} <{}> via {}:{} ({}); password stored in the OS keyring",
                    account.id,
                    account.name,
                    account.from_address,
                    account.smtp_host,
                    account.smtp_port,
                    account.smtp_security.code()
                )?;
            }
        }
        AccountCmd::List => {
            let accounts = desk.accounts()?;
            if json {
                json_line(out, &accounts)?;
            } else if accounts.is_empty() {
                writeln!(out, "no mail accounts; add one with `pdesk account add`")?;
            } else {
                for a in accounts {
                    let imap = a
                        .imap_host
                        .as_deref()
                        .map(|h| format!(", replies from {h}:{} {}", a.imap_port.unwrap_or(993), a.imap_folder))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "{:>4}  {} <{}>  smtp {}:{} {}{imap}",
                        a.id,
                        a.name,
                        a.from_address,
                        a.smtp_host,
                        a.smtp_port,
                        a.smtp_security.code()
                    )?;
                }
            }
        }
        AccountCmd::Test { id } => {
            let a = pm::test_account(desk, &keyring(), *id).map_err(flow)?;
            writeln!(
                out,
                "account {}: logged in to {}{}; nothing was sent",
                a.id,
                a.smtp_host,
                a.imap_host.as_deref().map(|h| format!(" and {h}")).unwrap_or_default()
            )?;
        }
        AccountCmd::Remove { id } => {
            let a = pm::remove_account(desk, &keyring(), *id).map_err(flow)?;
            writeln!(out, "account {} removed, with its password in the OS keyring", a.id)?;
        }
    }
    Ok(())
}

fn account_input(a: &AccountArgs) -> Result<AccountInput, Out> {
    let ca_cert = a
        .ca_cert
        .as_ref()
        .map(|p| {
            std::fs::read_to_string(p).map_err(|e| Out::Fail(format!("ca-cert: cannot read {}: {e}", p.display())))
        })
        .transpose()?;
    Ok(AccountInput {
        name: a.name.clone(),
        from_address: a.from.clone(),
        smtp_host: a.smtp_host.clone(),
        smtp_port: a.smtp_port,
        smtp_security: parse(a.smtp_security.as_deref())?,
        user: a.user.clone(),
        imap_host: a.imap_host.clone(),
        imap_port: a.imap_port,
        imap_security: parse(a.imap_security.as_deref())?,
        imap_folder: a.imap_folder.clone(),
        ca_cert,
    })
}

/// `pdesk request send`: one by one, each outcome on its own line; stops at the first failure
/// that every further send would repeat (login, keyring, connection, TLS).
pub fn send(
    desk: &mut Desk,
    ids: &[i64],
    account: Option<i64>,
    attach: &[std::path::PathBuf],
    json: bool,
    out: &mut impl std::io::Write,
) -> Result<(), Out> {
    let mut attachments = Vec::new();
    for path in attach {
        let a = pm::read_attachment(path).map_err(|e| Out::Fail(e.to_string()))?;
        if pdesk_core::mail::looks_like_identity_document(&a.name) {
            eprintln!(
                "pdesk: warning: {} looks like an identity document; send only what the company needs to identify you and black out the rest (document numbers, photo, address if not needed)",
                a.name
            );
        }
        attachments.push(a);
    }
    let mut first_error = None;
    let mut written = Ok(());
    let report = pm::send_batch(desk, &keyring(), ids, account, &attachments, now, |item| {
        let line = match &item.result {
            Ok((view, receipt)) if json => serde_json::json!({"request": item.id, "sent": true, "server_reply": receipt.reply, "reference": view.request.reference}).to_string(),
            Ok((view, receipt)) => format!(
                "[{}/{}] request {} ({}) sent; server: {}",
                item.index, item.total, item.id, view.request.reference, receipt.reply
            ),
            Err(e) if json => serde_json::json!({"request": item.id, "sent": false, "error": e.to_string()}).to_string(),
            Err(e) => format!("[{}/{}] request {} not sent: {e}", item.index, item.total, item.id),
        };
        if let Err(e) = &item.result {
            first_error.get_or_insert_with(|| e.to_string());
        }
        if written.is_ok() {
            written = writeln!(out, "{line}");
        }
    });
    written?;
    if report.skipped > 0 {
        writeln!(out, "stopped: the remaining {} requests were not tried", report.skipped)?;
    }
    out.flush()?;
    match first_error {
        // One send: its error is the command's error. Several: the lines above said which.
        Some(e) if ids.len() == 1 => Err(Out::Fail(e)),
        Some(_) => Err(Out::Fail(
            "not every request was sent (see above); each can be sent again".into(),
        )),
        None => Ok(()),
    }
}

/// `pdesk request complaint ID --send`: files the complaint by e-mail with the evidence attached.
pub fn send_complaint(
    desk: &mut Desk,
    id: i64,
    regulator: Option<&str>,
    account: Option<i64>,
    json: bool,
    out: &mut impl std::io::Write,
) -> Result<(), Out> {
    let (view, receipt) = pm::send_complaint(desk, &keyring(), id, regulator, account, now()).map_err(flow)?;
    let filed = view
        .events
        .iter()
        .rev()
        .find(|e| e.kind == pdesk_core::model::EventKind::ComplaintFiled);
    let said = filed.and_then(|e| e.text.clone()).unwrap_or_default();
    if json {
        return json_line(
            out,
            &serde_json::json!({"request": id, "filed": true, "server_reply": receipt.reply, "event": said}),
        );
    }
    writeln!(
        out,
        "complaint about request {id} filed: {said}; server: {}",
        receipt.reply
    )?;
    Ok(())
}

pub fn messages(desk: &Desk, id: i64, json: bool, out: &mut impl std::io::Write) -> Result<(), Out> {
    let messages = desk.messages(id)?;
    if json {
        return json_line(out, &messages);
    }
    if messages.is_empty() {
        writeln!(out, "no messages yet for request {id}")?;
    }
    for m in messages {
        let arrow = if m.direction == "out" { "sent" } else { "received" };
        writeln!(
            out,
            "#{} {arrow} {} {}\n    subject: {}\n    sha256: {}",
            m.id,
            m.sent_at.as_deref().unwrap_or(&m.stored_at),
            m.from_address.as_deref().unwrap_or_default(),
            m.subject,
            m.sha256
        )?;
        if let Some(r) = &m.server_reply {
            writeln!(out, "    server: {r}")?;
        }
        for a in &m.attachments {
            writeln!(
                out,
                "    attachment #{}: {} ({}, {} bytes)",
                a.id, a.name, a.mime, a.size
            )?;
        }
    }
    Ok(())
}

fn print_imported(out: &mut impl std::io::Write, what: &str, r: &Imported) -> Result<(), Out> {
    match r {
        Imported::Matched {
            message,
            request_id,
            by,
        } => writeln!(
            out,
            "{what}: message #{message} matched to request {request_id} (by {}); record its outcome with `pdesk request event {request_id} --type reply-received --outcome ...`",
            match by {
                pdesk_core::mail::MatchedBy::Thread => "thread",
                pdesk_core::mail::MatchedBy::Reference => "reference code",
                pdesk_core::mail::MatchedBy::SenderDomain => "sender's domain",
            }
        )?,
        Imported::Unmatched { message } => writeln!(
            out,
            "{what}: message #{message} matches no request; assign it with `pdesk reply assign {message} --request ID`"
        )?,
        Imported::Duplicate { message, .. } => writeln!(out, "{what}: already stored as message #{message}")?,
    }
    Ok(())
}

pub fn reply(desk: &mut Desk, cmd: &ReplyCmd, json: bool, out: &mut impl std::io::Write) -> Result<(), Out> {
    match cmd {
        ReplyCmd::Import { files } => {
            let mut failed = 0;
            for f in files {
                let result = pm::read_eml(f)
                    .map_err(|e| e.to_string())
                    .and_then(|raw| pm::import_eml(desk, &raw, None, now()).map_err(|e| e.to_string()));
                match result {
                    Ok(r) if json => json_line(out, &r)?,
                    Ok(r) => print_imported(out, &f.display().to_string(), &r)?,
                    Err(e) => {
                        failed += 1;
                        writeln!(out, "{}: not imported: {e}", f.display())?;
                    }
                }
            }
            if failed > 0 {
                out.flush()?;
                return Err(Out::Fail(format!(
                    "{failed} of {} files were not imported (see above)",
                    files.len()
                )));
            }
        }
        ReplyCmd::List => {
            let list = desk.unmatched()?;
            if json {
                return json_line(out, &list);
            }
            if list.is_empty() {
                writeln!(out, "every reply belongs to a request")?;
            }
            for m in list {
                writeln!(
                    out,
                    "#{}  {}  {}  {}",
                    m.id,
                    m.sent_at.as_deref().unwrap_or(&m.stored_at),
                    m.from_address.as_deref().unwrap_or("(no sender)"),
                    m.subject
                )?;
            }
        }
        ReplyCmd::Assign { message, request } => {
            let v = desk.assign_reply(*message, *request)?;
            writeln!(
                out,
                "message #{message} assigned to request {} ({})",
                v.request.id, v.request.reference
            )?;
        }
    }
    Ok(())
}

pub fn mail(desk: &mut Desk, cmd: &MailCmd, json: bool, out: &mut impl std::io::Write) -> Result<(), Out> {
    match cmd {
        MailCmd::Fetch { account } => {
            let report = pm::fetch_replies(desk, &keyring(), *account, now()).map_err(flow)?;
            if !json {
                writeln!(out, "{}: {} new messages", report.account.name, report.imported.len())?;
            }
            for (i, r) in report.imported.iter().enumerate() {
                match r {
                    Ok(r) if json => json_line(out, r)?,
                    Ok(r) => print_imported(out, &format!("message {}", i + 1), r)?,
                    Err(e) => writeln!(out, "{e}")?,
                }
            }
        }
    }
    Ok(())
}

/// `pdesk request evidence`: the bundle is written to a temporary file beside `path` and renamed,
/// so a failure never leaves half a file.
pub fn evidence(desk: &Desk, id: i64, path: &std::path::Path, out: &mut impl std::io::Write) -> Result<(), Out> {
    let bytes = desk.evidence(id, now())?;
    let tmp = path.with_extension("zip.partial");
    std::fs::write(&tmp, &bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Out::Fail(format!("out: cannot write {}: {e}", path.display()))
        })?;
    writeln!(
        out,
        "evidence for request {id} written to {} ({} bytes)",
        path.display(),
        bytes.len()
    )?;
    Ok(())
}
