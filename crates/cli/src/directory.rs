//! `pdesk directory`: import (file or URL, remembered with its validators), update, search, show.

use pdesk_core::Desk;
use pdesk_core::directory::{CompanyRecord, DirectoryImport, DirectorySource};
use pdesk_platform::http::{self, Validators};

use crate::Out;
use crate::args::DirectoryCmd;

fn http_fail(e: http::HttpError) -> Out {
    Out::Fail(e.to_string())
}

pub fn run(desk: &mut Desk, cmd: &DirectoryCmd, json: bool, out: &mut impl std::io::Write) -> Result<(), Out> {
    match cmd {
        DirectoryCmd::Import { source } if source.contains("://") => fetch(desk, Some(source), json, out),
        DirectoryCmd::Import { source } => {
            let path = std::path::Path::new(source);
            let meta = std::fs::metadata(path).map_err(|e| Out::Fail(format!("cannot read {source}: {e}")))?;
            if meta.len() > http::MAX_BYTES * 20 {
                return Err(Out::Fail(format!(
                    "{source} is larger than 100 MB; that is not a company directory"
                )));
            }
            let text = std::fs::read_to_string(path).map_err(|e| Out::Fail(format!("cannot read {source}: {e}")))?;
            let report = desk.import_directory(&text)?;
            print_import(out, &report, json)
        }
        DirectoryCmd::Update => fetch(desk, None, json, out),
        DirectoryCmd::Search { text } => {
            let hits = desk.directory_search(text)?;
            if json {
                let companies: Vec<&CompanyRecord> = hits.iter().map(|h| &h.company).collect();
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string(&companies).map_err(|e| Out::Fail(e.to_string()))?
                )?;
                return Ok(());
            }
            if hits.is_empty() {
                writeln!(
                    out,
                    "no company matches `{text}` (the directory holds {})",
                    desk.directory_size()?
                )?;
            }
            for h in hits {
                let c = &h.company;
                let runs = if c.runs.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", c.runs.join(", "))
                };
                writeln!(
                    out,
                    "{:<28} {}{runs}  {}",
                    c.slug,
                    c.name,
                    c.email.as_deref().or(c.web.as_deref()).unwrap_or_default()
                )?;
            }
            Ok(())
        }
        DirectoryCmd::Show { slug } => {
            let c = desk.directory_company(slug)?;
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&c).map_err(|e| Out::Fail(e.to_string()))?
            )?;
            Ok(())
        }
    }
}

/// Fetches the directory (the given URL, or the remembered one, asked whether it changed) and
/// imports it.
fn fetch(desk: &mut Desk, url: Option<&str>, json: bool, out: &mut impl std::io::Write) -> Result<(), Out> {
    let target = desk.directory_target(url)?;
    let validators = Validators {
        etag: target.etag.clone(),
        last_modified: target.last_modified.clone(),
    };
    match http::fetch_directory(&target.url, Some(&validators)).map_err(http_fail)? {
        None => {
            if json {
                writeln!(out, "{}", serde_json::json!({"unchanged": true}))?;
            } else {
                writeln!(
                    out,
                    "the directory at {} has not changed since the last update",
                    target.url
                )?;
            }
            Ok(())
        }
        Some((text, v)) => {
            let source = DirectorySource {
                url: target.url,
                etag: v.etag,
                last_modified: v.last_modified,
            };
            let report = desk.import_directory_from(&text, &source)?;
            print_import(out, &report, json)
        }
    }
}

fn print_import(out: &mut impl std::io::Write, r: &DirectoryImport, json: bool) -> Result<(), Out> {
    if json {
        writeln!(
            out,
            "{}",
            serde_json::to_string(r).map_err(|e| Out::Fail(e.to_string()))?
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "{} added, {} updated, {} unchanged, {} regulators, {} skipped",
        r.added,
        r.updated,
        r.unchanged,
        r.regulators,
        r.skipped.len()
    )?;
    for s in &r.skipped {
        writeln!(out, "skipped {s}")?;
    }
    Ok(())
}
