//! `pdesk`: Privacy Desk on the command line.
//!
//! Each handler parses its arguments, calls one `pdesk_core::Desk` method and prints the
//! result. Errors are one line on stderr; the exit code is 1 for errors and 2 for usage.

mod args;
mod directory;
mod mail;
mod policy;
mod print;

use std::io::Write as _;
use std::process::ExitCode;

use chrono::{Local, NaiveDate};
use clap::Parser as _;
use pdesk_core::Desk;
use pdesk_core::deadline::{self, DeadlineQuery};
use pdesk_core::desk::{NewRequest, ProfileInput, ServiceInput};
use pdesk_core::model::{Channel, EventKind, Law, NewEvent, RequestDetails, RequestKind, Status, parse_date};
use pdesk_core::store::ServiceFilter;

use args::{Cli, Command, ProfileCmd, RequestCmd, ServiceArgs, ServiceCmd};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind as K;
            if matches!(
                e.kind(),
                K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            let rendered = e.render().to_string();
            let first = rendered
                .lines()
                .next()
                .unwrap_or("invalid usage")
                .trim_start_matches("error: ");
            eprintln!("pdesk: {first} (see `pdesk --help`)");
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`pdesk ... | head`) is the reader's choice, not an error.
        Err(Out::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("pdesk: {msg}");
            ExitCode::from(1)
        }
    }
}

/// A handler's error: already one line for the user.
type Fail = String;

fn fail(e: pdesk_core::Error) -> Fail {
    e.to_string()
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn date_arg(field: &'static str, s: Option<&str>) -> Result<Option<NaiveDate>, Fail> {
    s.map(|s| parse_date(field, s)).transpose().map_err(fail)
}

fn parse<T: std::str::FromStr<Err = pdesk_core::Error>>(s: Option<&str>) -> Result<Option<T>, Fail> {
    s.map(str::parse).transpose().map_err(fail)
}

fn list<T: std::str::FromStr<Err = pdesk_core::Error>>(items: &[String]) -> Result<Vec<T>, Fail> {
    items
        .iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().map_err(fail))
        .collect()
}

fn open(cli: &Cli) -> Result<Desk, Fail> {
    let dirs =
        pdesk_platform::dirs(cli.data_dir.as_deref(), pdesk_platform::Flavor::current()).map_err(|e| e.to_string())?;
    Desk::open(&dirs.data, Some(&dirs.templates())).map_err(fail)
}

fn run(cli: Cli) -> Result<(), Out> {
    let json = cli.json;
    let mut out = std::io::stdout().lock();
    match &cli.command {
        Command::Deadline(a) => deadline_cmd(a, json, &mut out)?,
        Command::Policy(args::PolicyCmd::Analyze { source }) => policy::analyze(source, json, &mut out)?,
        Command::Paths => {
            let dirs = pdesk_platform::dirs(cli.data_dir.as_deref(), pdesk_platform::Flavor::current())
                .map_err(|e| e.to_string())?;
            let db = dirs.data.join(pdesk_core::store::DB_FILE);
            if json {
                let v = serde_json::json!({ "data_dir": dirs.data, "database": db, "templates_dir": dirs.templates() });
                writeln!(out, "{v}")?;
            } else {
                writeln!(
                    out,
                    "data:      {}\ndatabase:  {}\ntemplates: {}",
                    dirs.data.display(),
                    db.display(),
                    dirs.templates().display()
                )?;
            }
        }
        command => {
            let mut desk = open(&cli)?;
            let before = desk.changes();
            dispatch(&mut desk, command, json, &mut out)?;
            // The kept calendar file follows every change (the command itself succeeded).
            if desk.changes() != before
                && let Err(e) = pdesk_platform::calendar::keep(&desk, today())
            {
                eprintln!("pdesk: warning: {e}");
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// `pdesk deadline`: computes dates without opening the store.
fn deadline_cmd(a: &args::DeadlineArgs, json: bool, out: &mut impl std::io::Write) -> Result<(), Out> {
    let mut q = DeadlineQuery::new(
        a.law.parse::<Law>().map_err(fail)?,
        a.kind.parse::<RequestKind>().map_err(fail)?,
        parse_date("received", &a.received).map_err(fail)?,
    );
    q.country = a.country.clone();
    q.extension_notice = date_arg("extension-notice", a.extension_notice.as_deref())?;
    q.extension_new_date = date_arg("extension-date", a.extension_date.as_deref())?;
    q.identity_received = date_arg("identity-received", a.identity_received.as_deref())?;
    q.fee_paid = date_arg("fee-paid", a.fee_paid.as_deref())?;
    q.clarification_days = a.clarification_days;
    let d = deadline::compute(&q)?;
    print::deadline(out, &d, json)?;
    Ok(())
}

/// Either a user-facing failure or a write error; both end as one line.
enum Out {
    Fail(Fail),
    Io(std::io::Error),
}

impl std::fmt::Display for Out {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Out::Fail(s) => f.write_str(s),
            Out::Io(e) => write!(f, "cannot write the output: {e}"),
        }
    }
}

impl From<Fail> for Out {
    fn from(s: Fail) -> Self {
        Out::Fail(s)
    }
}

impl From<std::io::Error> for Out {
    fn from(e: std::io::Error) -> Self {
        Out::Io(e)
    }
}

impl From<pdesk_core::Error> for Out {
    fn from(e: pdesk_core::Error) -> Self {
        Out::Fail(e.to_string())
    }
}

fn service_input(a: &ServiceArgs) -> Result<ServiceInput, Fail> {
    let or_list = |v: &Vec<String>| if v.is_empty() { None } else { Some(v.clone()) };
    Ok(ServiceInput {
        display_name: a.name.clone(),
        legal_name: a.legal_name.clone(),
        website: a.website.clone(),
        emails: or_list(&a.email),
        postal_address: a.address.clone(),
        webform_url: a.webform.clone(),
        phone: a.phone.clone(),
        law: parse(a.law.as_deref())?,
        language: parse(a.lang.as_deref())?,
        country: a.country.clone(),
        data_categories: if a.data.is_empty() { None } else { Some(list(&a.data)?) },
        data_other: or_list(&a.data_other),
        account_ids: or_list(&a.account_id),
        identity_documents: or_list(&a.id_document),
        fees: a.fees.clone(),
        notes: a.notes.clone(),
        source: parse(a.source.as_deref())?,
        policy_source: None,
        policy_read_on: None,
        directory_slug: None,
    })
}

/// The service input from the options, over what `--from-policy` read (printed to stderr).
fn service_input_with_policy(desk: &Desk, a: &ServiceArgs) -> Result<ServiceInput, Out> {
    let mut typed = service_input(a)?;
    if let Some(slug) = &a.from_directory {
        typed = desk.service_from_directory(slug)?.overlay(typed);
    }
    let Some(src) = &a.from_policy else { return Ok(typed) };
    let (findings, source) = policy::read(src)?;
    policy::print_findings(&mut std::io::stderr().lock(), &findings)?;
    Ok(pdesk_core::policy::service_input(&findings, &source, today()).overlay(typed))
}

fn dispatch(desk: &mut Desk, command: &Command, json: bool, out: &mut impl std::io::Write) -> Result<(), Out> {
    match command {
        Command::Profile(ProfileCmd::Set(a)) | Command::Profile(ProfileCmd::Add(a)) => {
            let input = ProfileInput {
                full_name: a.name.clone(),
                alt_name: a.alt_name.clone(),
                emails: if a.email.is_empty() {
                    None
                } else {
                    Some(a.email.clone())
                },
                postal_address: a.address.clone(),
                phone: a.phone.clone(),
                birth_date: date_arg("birthdate", a.birthdate.as_deref())?,
                country: a.country.clone(),
            };
            let p = if matches!(command, Command::Profile(ProfileCmd::Add(_))) {
                desk.add_profile(input)?
            } else {
                desk.set_profile(a.id, input)?
            };
            print::profiles(out, &[p], json)?;
        }
        Command::Profile(ProfileCmd::Show) => print::profiles(out, &desk.profiles()?, json)?,
        Command::Service(cmd) => service(desk, cmd, json, out)?,
        Command::Request(cmd) => request(desk, cmd, json, out)?,
        Command::Deadlines { as_of, within } => {
            let as_of = date_arg("as-of", as_of.as_deref())?.unwrap_or_else(today);
            print::due(out, &desk.due(as_of, *within)?, as_of, json)?;
        }
        Command::Deadline(a) => deadline_cmd(a, json, out)?,
        Command::Stats { by_law, csv, as_of } => {
            let as_of = date_arg("as-of", as_of.as_deref())?.unwrap_or_else(today);
            let rows = desk.stats(as_of, *by_law)?;
            match csv {
                Some(path) => {
                    std::fs::write(path, pdesk_core::stats::to_csv(&rows)).map_err(|e| {
                        Out::Fail(format!("cannot write {}: {e}; choose another folder", path.display()))
                    })?;
                    writeln!(out, "wrote {} ({} rows)", path.display(), rows.len())?;
                }
                None => print::stats(out, &rows, json)?,
            }
        }
        Command::Next { as_of } => {
            let as_of = date_arg("as-of", as_of.as_deref())?.unwrap_or_else(today);
            print::next_steps(out, &desk.next_steps(as_of)?, as_of, json)?;
        }
        Command::Calendar(args::CalendarCmd::Export {
            out: path,
            remind,
            as_of,
        }) => {
            let as_of = date_arg("as-of", as_of.as_deref())?.unwrap_or_else(today);
            let ics = desk.calendar(as_of, *remind)?;
            std::fs::write(path, ics.as_bytes())
                .map_err(|e| Out::Fail(format!("cannot write {}: {e}; choose another folder", path.display())))?;
            if json {
                writeln!(out, "{}", serde_json::json!({"written": path, "bytes": ics.len()}))?;
            } else {
                writeln!(
                    out,
                    "wrote {} ({} events)",
                    path.display(),
                    ics.matches("BEGIN:VEVENT").count()
                )?;
            }
        }
        Command::Calendar(args::CalendarCmd::Keep { dir, off }) => {
            let mut settings = desk.settings()?;
            settings.calendar_dir = match (dir, off) {
                (_, true) => None,
                (Some(d), false) => {
                    let d = std::path::absolute(d).map_err(|e| Out::Fail(format!("dir: {e}")))?;
                    Some(d.to_string_lossy().into_owned())
                }
                (None, false) => return Err(Out::Fail("give --dir DIR or --off".into())),
            };
            desk.set_settings(&settings)?;
            match pdesk_platform::calendar::keep(desk, today()).map_err(Out::Fail)? {
                Some(path) if json => writeln!(out, "{}", serde_json::json!({"kept": path}))?,
                Some(path) => writeln!(out, "keeping {} up to date", path.display())?,
                None if json => writeln!(out, "{}", serde_json::json!({"kept": null}))?,
                None => writeln!(out, "no calendar file is kept")?,
            }
        }
        Command::Account(cmd) => mail::account(desk, cmd, json, out)?,
        Command::Reply(cmd) => mail::reply(desk, cmd, json, out)?,
        Command::Mail(cmd) => mail::mail(desk, cmd, json, out)?,
        Command::Directory(cmd) => directory::run(desk, cmd, json, out)?,
        Command::Regulator { law } => {
            let list = desk.regulators_for(law.as_deref())?;
            if json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string(&list).map_err(|e| Out::Fail(e.to_string()))?
                )?;
            } else {
                for r in list {
                    writeln!(
                        out,
                        "{:<10}  {:<8}  {}  {}",
                        r.slug,
                        r.laws.join(","),
                        r.name,
                        r.web.unwrap_or_default()
                    )?;
                }
            }
        }
        Command::Paths | Command::Policy(_) => {
            return Err(Out::Fail("internal: this command needs no store".to_owned()));
        }
    }
    Ok(())
}

fn service(desk: &mut Desk, cmd: &ServiceCmd, json: bool, out: &mut impl std::io::Write) -> Result<(), Out> {
    match cmd {
        ServiceCmd::Add(a) => {
            let input = service_input_with_policy(desk, a)?;
            let s = desk.add_service(input)?;
            print::service(out, &s, &[], json)?;
        }
        ServiceCmd::Edit { id, args } => {
            let input = service_input_with_policy(desk, args)?;
            let s = desk.edit_service(*id, input)?;
            print::service(out, &s, &[], json)?;
        }
        ServiceCmd::Remove { id } => {
            desk.remove_service(*id)?;
            if json {
                writeln!(out, "{}", serde_json::json!({ "removed": id }))?;
            } else {
                writeln!(out, "removed service {id}")?;
            }
        }
        ServiceCmd::List { search, law } => {
            let filter = ServiceFilter {
                text: search.clone(),
                law: parse(law.as_deref())?,
                limit: None,
            };
            print::services(out, &desk.services(&filter)?, json)?;
        }
        ServiceCmd::Show { id } => {
            let s = desk.service(*id)?;
            let requests: Vec<_> = desk
                .requests(None)?
                .into_iter()
                .filter(|r| r.service_id == *id)
                .collect();
            print::service(out, &s, &requests, json)?;
        }
    }
    Ok(())
}

fn request(desk: &mut Desk, cmd: &RequestCmd, json: bool, out: &mut impl std::io::Write) -> Result<(), Out> {
    match cmd {
        RequestCmd::Send { ids, account, attach } => mail::send(desk, ids, *account, attach, json, out)?,
        RequestCmd::Followup {
            id,
            kind,
            missing,
            details,
            send,
            account,
        } => {
            let kind = kind.parse::<pdesk_core::model::FollowupType>().map_err(fail)?;
            let r = desk.new_followup(*id, kind, missing.clone(), details.clone(), today())?;
            print::created(out, std::slice::from_ref(&r), json)?;
            if *send {
                mail::send(desk, &[r.id], *account, &[], json, out)?;
            }
        }
        RequestCmd::Complaint {
            id,
            regulator,
            send: true,
            account,
        } => mail::send_complaint(desk, *id, regulator.as_deref(), *account, json, out)?,
        RequestCmd::Complaint { id, regulator, .. } => {
            let c = desk.complaint(*id, regulator.as_deref(), today())?;
            if json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string(&c).map_err(|e| Out::Fail(e.to_string()))?
                )?;
            } else {
                writeln!(out, "{}\n\n{}", c.subject, c.body)?;
                writeln!(
                    out,
                    "(attach the evidence bundle: pdesk request evidence {id} --out FILE.zip)"
                )?;
            }
        }
        RequestCmd::Mailto { id } => writeln!(out, "{}", desk.mailto(*id)?)?,
        RequestCmd::Messages { id } => mail::messages(desk, *id, json, out)?,
        RequestCmd::Evidence { id, out: path } => mail::evidence(desk, *id, path, out)?,
        RequestCmd::New(a) => {
            let new = NewRequest {
                service_ids: a
                    .service
                    .iter()
                    .flat_map(|s| s.split(','))
                    .map(|s| {
                        s.trim()
                            .parse::<i64>()
                            .map_err(|_| format!("service: `{s}` is not a service id; `pdesk service list` shows them"))
                    })
                    .collect::<Result<_, _>>()?,
                kind: a.kind.parse::<RequestKind>().map_err(fail)?,
                law: parse(a.law.as_deref())?,
                language: parse(a.lang.as_deref())?,
                channel: parse::<Channel>(a.via.as_deref())?,
                details: RequestDetails {
                    text: a.details.clone(),
                    grounds: list(&a.ground)?,
                    missing: Vec::new(),
                },
                profile_id: a.profile,
                reference: None,
            };
            let date = date_arg("date", a.date.as_deref())?.unwrap_or_else(today);
            let created = desk.new_requests(&new, date)?;
            print::created(out, &created, json)?;
        }
        RequestCmd::Edit {
            id,
            details,
            ground,
            via,
        } => {
            let details = RequestDetails {
                text: details.clone(),
                grounds: list(ground)?,
                missing: Vec::new(),
            };
            let r = desk.edit_draft(*id, details, parse(via.as_deref())?, today())?;
            print::created(out, &[r], json)?;
        }
        RequestCmd::Letter { id, format, out: file } => {
            let text = match format.as_str() {
                "text" if json => format!(
                    "{}\n",
                    serde_json::to_string_pretty(&desk.letter(*id)?).unwrap_or_default()
                ),
                "eml" if json => {
                    format!(
                        "{}\n",
                        serde_json::json!({ "eml": desk.letter_eml(*id, Local::now().fixed_offset())? })
                    )
                }
                "text" => {
                    let l = desk.letter(*id)?;
                    format!("Subject: {}\n\n{}", l.subject, l.body)
                }
                "eml" => desk.letter_eml(*id, Local::now().fixed_offset())?,
                other => {
                    return Err(Out::Fail(format!("format: `{other}` is not a format; use text or eml")));
                }
            };
            match file {
                Some(path) => std::fs::write(path, text.as_bytes())
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
                None => out.write_all(text.as_bytes())?,
            }
        }
        RequestCmd::Sent { id, on, via } => {
            let on = parse_date("on", on).map_err(fail)?;
            let v = desk.mark_sent(*id, on, parse(via.as_deref())?)?;
            print::request(out, &v, json)?;
        }
        RequestCmd::Event(a) => {
            let kind = a.r#type.parse::<EventKind>().map_err(fail)?;
            let on = parse_date("on", &a.on).map_err(fail)?;
            let e = NewEvent {
                channel: parse(a.via.as_deref())?,
                outcome: parse(a.outcome.as_deref())?,
                new_date: date_arg("new-date", a.new_date.as_deref())?,
                text: a.text.clone(),
            };
            let v = desk.record_event(a.id, kind, on, e)?;
            print::request(out, &v, json)?;
        }
        RequestCmd::Show { id } => print::request(out, &desk.request_view(*id)?, json)?,
        RequestCmd::List { status } => {
            let status = parse::<Status>(status.as_deref())?;
            print::requests(out, &desk.requests(status)?, json)?;
        }
    }
    Ok(())
}
