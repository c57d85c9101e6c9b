//! Text and JSON output.

use std::io::{Result, Write};

use chrono::NaiveDate;
use pdesk_core::deadline::Deadline;
use pdesk_core::desk::{DueItem, RequestRow, RequestView};
use pdesk_core::model::{Profile, Request, Service};
use serde::Serialize;

fn json<T: Serialize + ?Sized>(out: &mut impl Write, v: &T) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, v)?;
    writeln!(out)
}

fn date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "-".to_owned(), |d| d.to_string())
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("-")
}

pub fn profiles(out: &mut impl Write, ps: &[Profile], as_json: bool) -> Result<()> {
    if as_json {
        return json(out, ps);
    }
    if ps.is_empty() {
        return writeln!(
            out,
            "no profile yet; create one with `pdesk profile set --name NAME --email ADDRESS`"
        );
    }
    for p in ps {
        writeln!(
            out,
            "profile {}: {}{}",
            p.id,
            p.full_name,
            p.alt_name.as_ref().map(|a| format!(" ({a})")).unwrap_or_default()
        )?;
        writeln!(
            out,
            "  email:    {}",
            if p.emails.is_empty() {
                "-".to_owned()
            } else {
                p.emails.join(", ")
            }
        )?;
        writeln!(out, "  address:  {}", opt(&p.postal_address).replace('\n', ", "))?;
        writeln!(out, "  phone:    {}", opt(&p.phone))?;
        writeln!(out, "  born:     {}", date(p.birth_date))?;
        writeln!(out, "  country:  {}", opt(&p.country))?;
    }
    Ok(())
}

pub fn services(out: &mut impl Write, ss: &[Service], as_json: bool) -> Result<()> {
    if as_json {
        return json(out, ss);
    }
    if ss.is_empty() {
        return writeln!(
            out,
            "no services; add one with `pdesk service add --name NAME --law LAW`"
        );
    }
    writeln!(out, "{:>5}  {:<32}  {:<8}  {:<4}  CONTACT", "ID", "NAME", "LAW", "LANG")?;
    for s in ss {
        let contact = s
            .usable_email()
            .map(str::to_owned)
            .or_else(|| s.webform_url.clone())
            .or_else(|| s.postal_address.as_ref().map(|a| a.replace('\n', ", ")))
            .unwrap_or_else(|| "no contact known".to_owned());
        writeln!(
            out,
            "{:>5}  {:<32}  {:<8}  {:<4}  {contact}",
            s.id,
            s.display_name,
            s.law.code(),
            s.language.code()
        )?;
    }
    Ok(())
}

pub fn service(out: &mut impl Write, s: &Service, requests: &[RequestRow], as_json: bool) -> Result<()> {
    if as_json {
        #[derive(Serialize)]
        struct Shown<'a> {
            #[serde(flatten)]
            service: &'a Service,
            requests: &'a [RequestRow],
        }
        return json(out, &Shown { service: s, requests });
    }
    let list = |v: &[String]| {
        if v.is_empty() { "-".to_owned() } else { v.join(", ") }
    };
    writeln!(out, "service {}: {}", s.id, s.display_name)?;
    writeln!(out, "  legal name:   {}", opt(&s.legal_name))?;
    writeln!(
        out,
        "  law:          {} (letters in {}, calendar {})",
        s.law,
        s.language,
        s.calendar_country().unwrap_or("weekends only")
    )?;
    writeln!(out, "  email:        {}", list(&s.emails))?;
    writeln!(out, "  address:      {}", opt(&s.postal_address).replace('\n', ", "))?;
    writeln!(out, "  web form:     {}", opt(&s.webform_url))?;
    writeln!(out, "  website:      {}", opt(&s.website))?;
    writeln!(out, "  phone:        {}", opt(&s.phone))?;
    let mut data: Vec<String> = s.data_categories.iter().map(|c| c.code().to_owned()).collect();
    data.extend(s.data_other.iter().cloned());
    writeln!(out, "  data held:    {}", list(&data))?;
    writeln!(out, "  accounts:     {}", list(&s.account_ids))?;
    writeln!(out, "  ID asked for: {}", list(&s.identity_documents))?;
    writeln!(out, "  fees:         {}", opt(&s.fees))?;
    writeln!(out, "  notes:        {}", opt(&s.notes))?;
    match (&s.policy_source, s.policy_read_on) {
        (Some(p), Some(on)) => writeln!(out, "  source:       {} ({p}, read {on})", s.source)?,
        (Some(p), None) => writeln!(out, "  source:       {} ({p})", s.source)?,
        _ => writeln!(out, "  source:       {}", s.source)?,
    }
    if s.usable_email().is_none() {
        writeln!(out, "  (no usable e-mail address: letters go by post or web form)")?;
    }
    if !requests.is_empty() {
        writeln!(out)?;
        requests_table(out, requests)?;
    }
    Ok(())
}

pub fn created(out: &mut impl Write, rs: &[Request], as_json: bool) -> Result<()> {
    if as_json {
        #[derive(Serialize)]
        struct Created<'a> {
            id: i64,
            reference: &'a str,
            service_id: i64,
            subject: &'a str,
        }
        let v: Vec<_> = rs
            .iter()
            .map(|r| Created {
                id: r.id,
                reference: &r.reference,
                service_id: r.service_id,
                subject: &r.subject,
            })
            .collect();
        return json(out, &v);
    }
    for r in rs {
        writeln!(out, "{} {}", r.id, r.reference)?;
    }
    Ok(())
}

fn requests_table(out: &mut impl Write, rs: &[RequestRow]) -> Result<()> {
    writeln!(
        out,
        "{:>5}  {:<12}  {:<24}  {:<19}  {:<18}  {:<10}  DUE",
        "ID", "REFERENCE", "SERVICE", "KIND", "STATUS", "SENT"
    )?;
    for r in rs {
        writeln!(
            out,
            "{:>5}  {:<12}  {:<24}  {:<19}  {:<18}  {:<10}  {}",
            r.id,
            r.reference,
            r.service_name,
            r.kind.code(),
            r.status.code(),
            date(r.sent_on),
            date(r.due_date)
        )?;
    }
    Ok(())
}

pub fn requests(out: &mut impl Write, rs: &[RequestRow], as_json: bool) -> Result<()> {
    if as_json {
        return json(out, rs);
    }
    if rs.is_empty() {
        return writeln!(
            out,
            "no requests; draft one with `pdesk request new --service ID --kind access`"
        );
    }
    requests_table(out, rs)
}

pub fn request(out: &mut impl Write, v: &RequestView, as_json: bool) -> Result<()> {
    if as_json {
        return json(out, v);
    }
    let r = &v.request;
    writeln!(
        out,
        "request {} {}: {} to {} under {}",
        r.id, r.reference, r.kind, v.service_name, r.law
    )?;
    writeln!(out, "  status:   {}", v.status)?;
    writeln!(out, "  channel:  {}  language: {}", r.channel, r.language)?;
    if let Some(d) = &v.deadline {
        writeln!(out, "  received: {}", date(v.received_on))?;
        deadline_lines(out, d, "  ")?;
    }
    writeln!(out, "\ntimeline:")?;
    for e in &v.events {
        let mut extra = Vec::new();
        if let Some(c) = e.channel {
            extra.push(format!("via {c}"));
        }
        if let Some(o) = e.outcome {
            extra.push(format!("outcome {o}"));
        }
        if let Some(n) = e.new_date {
            extra.push(format!("new date {n}"));
        }
        if let Some(t) = &e.text {
            extra.push(t.clone());
        }
        writeln!(
            out,
            "  {}  {}{}",
            e.on,
            e.kind,
            if extra.is_empty() {
                String::new()
            } else {
                format!(" ({})", extra.join("; "))
            }
        )?;
    }
    writeln!(out, "\nSubject: {}\n\n{}", r.subject, r.body)
}

fn deadline_lines(out: &mut impl Write, d: &Deadline, indent: &str) -> Result<()> {
    writeln!(out, "{indent}rule:     {:?} ({})", d.rule, d.citation)?;
    writeln!(out, "{indent}statutory date: {}", date(d.statutory_date))?;
    writeln!(out, "{indent}due date:       {}", d.due_date)?;
    if let Some(e) = d.extended_due_date {
        writeln!(out, "{indent}extended to:    {e}")?;
    }
    writeln!(out, "{indent}overdue from:   {}", d.overdue_from)?;
    if let Some(a) = d.acknowledge_by {
        writeln!(out, "{indent}acknowledge by: {a}")?;
    }
    if let Some(s) = d.strict_alt {
        writeln!(out, "{indent}strict reading: {s}")?;
    }
    if let Some(l) = d.earliest_lawsuit_date {
        writeln!(
            out,
            "{indent}Art. 39 lawsuit possible from: {l} (conservative: {})",
            date(d.earliest_lawsuit_date_conservative)
        )?;
    }
    writeln!(
        out,
        "{indent}holidays applied: {}",
        if d.holidays_applied { "yes" } else { "no" }
    )?;
    for n in &d.notes {
        writeln!(out, "{indent}note: {}", n.text)?;
    }
    Ok(())
}

pub fn deadline(out: &mut impl Write, d: &Deadline, as_json: bool) -> Result<()> {
    if as_json {
        json(out, d)
    } else {
        deadline_lines(out, d, "")
    }
}

pub fn due(out: &mut impl Write, items: &[DueItem], as_of: NaiveDate, as_json: bool) -> Result<()> {
    if as_json {
        return json(out, items);
    }
    if items.is_empty() {
        return writeln!(out, "nothing due or overdue as of {as_of}");
    }
    writeln!(
        out,
        "{:<10}  {:>6}  {:<12}  {:<24}  {:<19}  NEXT",
        "DUE", "DAYS", "REFERENCE", "SERVICE", "KIND"
    )?;
    for i in items {
        writeln!(
            out,
            "{:<10}  {:>6}  {:<12}  {:<24}  {:<19}  {}{}",
            date(i.row.due_date),
            i.days_left.map_or_else(|| "-".to_owned(), |d| d.to_string()),
            i.row.reference,
            i.row.service_name,
            i.row.kind.code(),
            serde_json::to_value(i.next.step)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            if i.overdue { "  (overdue)" } else { "" }
        )?;
    }
    Ok(())
}

/// `pdesk next`: one line per open request, most urgent first, with the command that takes
/// the step.
pub fn next_steps(
    out: &mut impl Write,
    items: &[pdesk_core::next::NextItem],
    as_of: NaiveDate,
    as_json: bool,
) -> Result<()> {
    use pdesk_core::next::Step;
    if as_json {
        return json(out, items);
    }
    if items.is_empty() {
        return writeln!(out, "nothing to do as of {as_of}");
    }
    writeln!(
        out,
        "{:<10}  {:<12}  {:<24}  {:<15}  NEXT",
        "WHEN", "REFERENCE", "SERVICE", "STATUS"
    )?;
    let indent = " ".repeat(10 + 2 + 12 + 2 + 24 + 2 + 15 + 2);
    for i in items {
        let n = &i.next;
        let id = i.row.id;
        let what = match (n.step, n.on) {
            (Step::Wait, Some(on)) => format!("wait until {on}"),
            (step, _) => step.words().to_owned(),
        };
        let regulator = n
            .regulator
            .as_deref()
            .filter(|_| matches!(n.step, Step::FileComplaint | Step::AskRegulator))
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        writeln!(
            out,
            "{:<10}  {:<12}  {:<24}  {:<15}  {}{what}{regulator}",
            date(n.on),
            i.row.reference,
            i.row.service_name,
            i.row.status.code(),
            if n.due_now { "NOW " } else { "" },
        )?;
        if let Some(l) = n.lawsuit_possible_from {
            let ppc = n
                .regulator
                .as_deref()
                .map(|r| format!("; consult the regulator ({r})"))
                .unwrap_or_default();
            writeln!(out, "{indent}APPI Art. 39: a lawsuit is possible from {l}{ppc}")?;
        }
        let how = match n.step {
            Step::Send => Some(format!(
                "pdesk request send {id}, or once posted: pdesk request sent {id} --on DATE"
            )),
            Step::AnswerIdentity => Some(format!(
                "pdesk request event {id} --type identity-sent --on DATE, or: pdesk request followup {id} --type identity"
            )),
            Step::CheckReply => Some(format!(
                "pdesk request messages {id}, then: pdesk request event {id} --type reply-received --on DATE --outcome OUTCOME"
            )),
            Step::SendFollowup | Step::SendReminder => n
                .followup
                .map(|f| format!("pdesk request followup {id} --type {}", f.code())),
            Step::FileComplaint => Some(format!("pdesk request complaint {id}")),
            Step::AskRegulator => Some(format!(
                "ask it, then: pdesk request event {id} --type regulator-replied --on DATE --text \"what it said\""
            )),
            Step::Close => Some(format!("pdesk request event {id} --type closed --on DATE")),
            Step::Wait | Step::Done | Step::OnOriginal => None,
        };
        if let Some(how) = how
            && n.due_now
        {
            writeln!(out, "{indent}{how}")?;
        }
    }
    Ok(())
}

/// `pdesk stats`: a row per service or law.
pub fn stats(out: &mut impl Write, rows: &[pdesk_core::stats::Stats], as_json: bool) -> Result<()> {
    if as_json {
        return json(out, rows);
    }
    if rows.is_empty() {
        return writeln!(out, "no requests yet");
    }
    writeln!(
        out,
        "{:<24}  {:>4}  {:>4}  {:>8}  {:>7}  {:>4}  {:>7}  {:>8}  {:>7}  {:>7}  {:>7}  {:>12}  {:>9}",
        "NAME",
        "REQ",
        "SENT",
        "ANSWERED",
        "IN TIME",
        "LATE",
        "OVERDUE",
        "COMPLETE",
        "PARTIAL",
        "REFUSED",
        "NO DATA",
        "MEDIAN DAYS",
        "FOLLOW-UPS"
    )?;
    for s in rows {
        writeln!(
            out,
            "{:<24}  {:>4}  {:>4}  {:>8}  {:>7}  {:>4}  {:>7}  {:>8}  {:>7}  {:>7}  {:>7}  {:>12}  {:>9}",
            s.key,
            s.requests,
            s.sent,
            s.answered,
            s.in_time,
            s.late,
            s.overdue,
            s.complete,
            s.partial,
            s.refused,
            s.no_data,
            s.median_days_to_answer
                .map(|m| format!("{m:.1}"))
                .unwrap_or_else(|| "-".into()),
            s.followups
        )?;
    }
    Ok(())
}
