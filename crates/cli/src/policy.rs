//! `pdesk policy analyze` and `service add|edit --from-policy`: read a policy (file or URL, through
//! pdesk-platform), analyse it (pdesk-core), print the findings with their evidence.

use pdesk_core::policy::{Confidence, PolicyFindings};

use crate::Out;

/// Loads and analyses a policy; returns the findings and where they came from.
pub fn read(source: &str) -> Result<(PolicyFindings, String), Out> {
    let policy = pdesk_platform::http::load_policy(source).map_err(|e| Out::Fail(e.to_string()))?;
    Ok((pdesk_core::policy::analyze(&policy.text), policy.source))
}

pub fn analyze(source: &str, json: bool, out: &mut impl std::io::Write) -> Result<(), Out> {
    let (findings, _) = read(source)?;
    if json {
        let v = serde_json::to_string_pretty(&findings).map_err(|e| Out::Fail(e.to_string()))?;
        writeln!(out, "{v}")?;
        return Ok(());
    }
    print_findings(out, &findings)?;
    Ok(())
}

fn confidence(c: Confidence) -> &'static str {
    match c {
        Confidence::High => "sure",
        Confidence::Medium => "likely",
        Confidence::Low => "check",
    }
}

/// The findings as text: a line per value with its confidence, and the sentence it came from.
pub fn print_findings(out: &mut impl std::io::Write, f: &PolicyFindings) -> std::io::Result<()> {
    let mut line = |label: &str, field: &str, value: &str| -> std::io::Result<()> {
        match f.evidence_for(field, value) {
            Some(e) => writeln!(
                out,
                "{label:<22}{value}  [{}]\n{:<22}“{}”",
                confidence(e.confidence),
                "",
                e.sentence
            ),
            None => writeln!(out, "{label:<22}{value}"),
        }
    };
    let none = "(not found)";
    match &f.service_name {
        Some(n) => line("service", "service_name", n)?,
        None => line("service", "", none)?,
    }
    if f.contact_emails.is_empty() {
        line("contact e-mail", "", none)?;
    }
    for e in &f.contact_emails {
        line("contact e-mail", "contact_emails", e)?;
    }
    if f.hidden_emails > 0 {
        line(
            "hidden e-mail",
            "",
            &format!(
                "{} address(es) hidden behind \"[email protected]\": open the page in a browser and type the address",
                f.hidden_emails
            ),
        )?;
    }
    if let Some(a) = &f.postal_address {
        line("postal address", "postal_address", a)?;
    }
    if let Some(p) = &f.phone {
        line("phone", "phone", p)?;
    }
    for u in &f.webform_urls {
        line("web form", "webform_urls", u)?;
    }
    for c in &f.data_categories {
        line("data held", "data_categories", c.code())?;
    }
    for r in &f.rights {
        line("rights offered", "rights", r)?;
    }
    match &f.identity_verification {
        Some(docs) => {
            for d in docs {
                line("identity proof", "identity_verification", d)?;
            }
        }
        None => line("identity proof", "", none)?,
    }
    match &f.fee_text {
        Some(t) => line("fee", "fee_text", t)?,
        None => line("fee", "", "none mentioned")?,
    }
    match &f.response_time {
        Some(t) => line("answers", "response_time", t)?,
        None => line("answers", "", none)?,
    }
    if f.laws.is_empty() {
        line("laws", "", "none named")?;
    }
    for l in &f.laws {
        line("laws", "laws", l)?;
    }
    Ok(())
}
