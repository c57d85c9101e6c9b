//! The company directory: records in the datarequests.org (Datenanfragen) company format, searched
//! when adding a service, and the supervisory authorities from the same data as regulators.
//!
//! Import takes a single record, an array of records, or the offline dump (an object whose
//! `companies` and `supervisory-authorities` values are JSON-encoded strings). Bad records are
//! reported by slug and skipped; the rest goes in one transaction; importing the same data again
//! changes nothing. Search is SQLite FTS5 with the trigram tokenizer over names, brand names and
//! web domains: substrings in any script, and misspellings that share trigrams with the name.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension as _, params};
use serde::{Deserialize, Serialize};

use crate::desk::{Desk, ServiceInput};
use crate::error::{Error, Result};
use crate::model::{Language, Law, ServiceSource};

/// What a request to the company must contain (`required-elements`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct RequiredElement {
    /// What to give, as the company words it.
    pub desc: String,
    /// input, textarea, email, address, name or birthdate.
    #[serde(rename = "type")]
    pub kind: String,
    /// Whether it may be left out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
}

/// One company, with every field of the datarequests.org record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub struct CompanyRecord {
    /// Permanent id (`^[a-z0-9-]+$`).
    pub slug: String,
    /// Official name with legal suffix.
    pub name: String,
    /// Other brand or service names it runs.
    #[serde(default)]
    pub runs: Vec<String>,
    /// Postal address for privacy requests, one line per line.
    #[serde(default)]
    pub address: Option<String>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// Fax.
    #[serde(default)]
    pub fax: Option<String>,
    /// Privacy contact e-mail.
    #[serde(default)]
    pub email: Option<String>,
    /// Privacy web form.
    #[serde(default)]
    pub webform: Option<String>,
    /// Main website.
    #[serde(default)]
    pub web: Option<String>,
    /// PGP key fingerprint.
    #[serde(default)]
    pub pgp_fingerprint: Option<String>,
    /// Where the PGP key is.
    #[serde(default)]
    pub pgp_url: Option<String>,
    /// Countries it is relevant in (`all`, or ISO codes).
    #[serde(default)]
    pub relevant_countries: Vec<String>,
    /// Categories (commerce, social media ...).
    #[serde(default)]
    pub categories: Vec<String>,
    /// The language requests should be in (ISO 639-1).
    #[serde(default)]
    pub request_language: Option<String>,
    /// What a request must contain.
    #[serde(default)]
    pub required_elements: Vec<RequiredElement>,
    /// Whether it always asks for an identity document.
    #[serde(default)]
    pub needs_id_document: bool,
    /// fax, letter, email or webform.
    #[serde(default)]
    pub suggested_transport_medium: Option<String>,
    /// Its own access template's name.
    #[serde(default)]
    pub custom_access_template: Option<String>,
    /// Its own erasure template's name.
    #[serde(default)]
    pub custom_erasure_template: Option<String>,
    /// Its own rectification template's name.
    #[serde(default)]
    pub custom_rectification_template: Option<String>,
    /// Its own objection template's name.
    #[serde(default)]
    pub custom_objection_template: Option<String>,
    /// Notes for the user.
    #[serde(default)]
    pub comments: Vec<String>,
    /// tested, verified, imported or scraped.
    #[serde(default)]
    pub quality: Option<String>,
    /// URLs backing the record.
    #[serde(default)]
    pub sources: Vec<String>,
    /// `church` or `school`.
    #[serde(default)]
    pub facet_group: Option<String>,
    /// Adult services.
    #[serde(default)]
    pub nsfw: bool,
}

/// A supervisory authority from the directory: a regulator to complain to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub struct RegulatorRecord {
    /// Permanent id.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Postal address.
    #[serde(default)]
    pub address: Option<String>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// Fax.
    #[serde(default)]
    pub fax: Option<String>,
    /// E-mail.
    #[serde(default)]
    pub email: Option<String>,
    /// Complaint web form.
    #[serde(default)]
    pub webform: Option<String>,
    /// Website.
    #[serde(default)]
    pub web: Option<String>,
    /// PGP key fingerprint.
    #[serde(default)]
    pub pgp_fingerprint: Option<String>,
    /// Where the PGP key is.
    #[serde(default)]
    pub pgp_url: Option<String>,
    /// Countries it covers.
    #[serde(default)]
    pub relevant_countries: Vec<String>,
    /// The language complaints are written in.
    #[serde(default)]
    pub complaint_language: Option<String>,
    /// fax, letter or email.
    #[serde(default)]
    pub suggested_transport_medium: Option<String>,
    /// Notes.
    #[serde(default)]
    pub comments: Vec<String>,
    /// URLs backing the record.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The laws it oversees (Privacy Desk's own field; empty in directory records).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub laws: Vec<String>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DirectoryImport {
    /// New companies.
    pub added: u32,
    /// Companies whose record changed.
    pub updated: u32,
    /// Companies already stored as they are.
    pub unchanged: u32,
    /// Regulators added or changed.
    pub regulators: u32,
    /// Records not imported: `slug: why`.
    pub skipped: Vec<String>,
}

/// A search hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DirectoryHit {
    /// The record.
    pub company: CompanyRecord,
}

/// At most this many hits are returned.
pub const MAX_HITS: usize = 20;

fn check_slug(slug: &str) -> std::result::Result<(), String> {
    if slug.is_empty()
        || !slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(format!(
            "the slug `{slug}` is not lower-case letters, digits and hyphens"
        ));
    }
    Ok(())
}

/// The records in `json`: companies and regulators, each parsed or the reason it was not.
type Parsed = (
    Vec<std::result::Result<CompanyRecord, String>>,
    Vec<std::result::Result<RegulatorRecord, String>>,
);

fn label(v: &serde_json::Value, i: usize) -> String {
    v.get("slug")
        .and_then(|s| s.as_str())
        .map_or_else(|| format!("record {}", i + 1), str::to_owned)
}

fn parse_list<T: serde::de::DeserializeOwned>(
    list: &[serde_json::Value],
    check: impl Fn(&T) -> std::result::Result<(), String>,
) -> Vec<std::result::Result<T, String>> {
    list.iter()
        .enumerate()
        .map(|(i, v)| {
            let who = label(v, i);
            serde_json::from_value::<T>(v.clone())
                .map_err(|e| format!("{who}: {e}"))
                .and_then(|r| check(&r).map(|()| r).map_err(|e| format!("{who}: {e}")))
        })
        .collect()
}

fn check_company(c: &CompanyRecord) -> std::result::Result<(), String> {
    check_slug(&c.slug)?;
    if c.name.trim().is_empty() {
        return Err("the record has no name".into());
    }
    Ok(())
}

fn check_regulator(r: &RegulatorRecord) -> std::result::Result<(), String> {
    check_slug(&r.slug)?;
    if r.name.trim().is_empty() {
        return Err("the record has no name".into());
    }
    Ok(())
}

/// Reads any of the three shapes.
pub fn parse(json: &str) -> Result<Parsed> {
    let v: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        Error::invalid(
            "directory",
            format!(
                "the file is not JSON ({e}); give a datarequests.org record, an array of records, or their offline dump"
            ),
        )
    })?;
    let embedded = |key: &str| -> std::result::Result<Vec<serde_json::Value>, String> {
        match v.get(key) {
            None | Some(serde_json::Value::Null) => Ok(Vec::new()),
            Some(serde_json::Value::String(s)) => match serde_json::from_str::<serde_json::Value>(s) {
                Ok(serde_json::Value::Array(a)) => Ok(a),
                Ok(_) => Err(format!("`{key}` in the dump is not a list of records")),
                Err(e) => Err(format!("`{key}` in the dump is broken JSON ({e})")),
            },
            Some(serde_json::Value::Array(a)) => Ok(a.clone()),
            Some(_) => Err(format!("`{key}` in the dump is neither a JSON string nor a list")),
        }
    };
    match &v {
        serde_json::Value::Array(list) => Ok((parse_list(list, check_company), Vec::new())),
        serde_json::Value::Object(o) if o.contains_key("companies") || o.contains_key("supervisory-authorities") => {
            let mut companies = Vec::new();
            let mut regulators = Vec::new();
            match embedded("companies") {
                Ok(list) => companies = parse_list(&list, check_company),
                Err(e) => companies.push(Err(e)),
            }
            match embedded("supervisory-authorities") {
                Ok(list) => regulators = parse_list(&list, check_regulator),
                Err(e) => regulators.push(Err(e)),
            }
            Ok((companies, regulators))
        }
        serde_json::Value::Object(_) => Ok((parse_list(std::slice::from_ref(&v), check_company), Vec::new())),
        _ => Err(Error::invalid(
            "directory",
            "the JSON is neither a record, a list of records, nor the offline dump",
        )),
    }
}

/// The web domain of a URL, without `www.`.
fn domain(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1).unwrap_or(url);
    let host = rest.split(['/', '?', '#', ':']).next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    (!host.is_empty()).then_some(host)
}

fn domains(c: &CompanyRecord) -> String {
    let mut d: Vec<String> = [&c.web, &c.webform]
        .iter()
        .filter_map(|u| u.as_deref().and_then(domain))
        .collect();
    if let Some((_, host)) = c.email.as_deref().and_then(|e| e.rsplit_once('@')) {
        d.push(host.to_ascii_lowercase());
    }
    d.dedup();
    d.join(" ")
}

impl Desk {
    /// Imports directory data (see the module comment) in one transaction.
    pub fn import_directory(&mut self, json: &str) -> Result<DirectoryImport> {
        self.import_directory_with(json, |_| Ok(()))
    }

    fn import_directory_with(
        &mut self,
        json: &str,
        also: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<()>,
    ) -> Result<DirectoryImport> {
        let (companies, regulators) = parse(json)?;
        let mut report = DirectoryImport::default();
        self.store.transaction(|tx| {
            also(tx)?;
            let mut get = tx.prepare_cached("SELECT id, record FROM directory WHERE slug = ?1")?;
            let mut insert = tx.prepare_cached("INSERT INTO directory (slug, name, record) VALUES (?1, ?2, ?3)")?;
            let mut update = tx.prepare_cached("UPDATE directory SET name = ?2, record = ?3 WHERE id = ?1")?;
            let mut unindex = tx.prepare_cached("DELETE FROM directory_fts WHERE rowid = ?1")?;
            let mut index =
                tx.prepare_cached("INSERT INTO directory_fts (rowid, name, runs, domains) VALUES (?1, ?2, ?3, ?4)")?;
            for c in companies {
                let c = match c {
                    Ok(c) => c,
                    Err(why) => {
                        report.skipped.push(why);
                        continue;
                    }
                };
                let record = serde_json::to_string(&c).map_err(|e| Error::Store(e.to_string()))?;
                let old: Option<(i64, String)> = get.query_row([&c.slug], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
                let id = match old {
                    Some((_, o)) if o == record => {
                        report.unchanged += 1;
                        continue;
                    }
                    Some((id, _)) => {
                        report.updated += 1;
                        update.execute(params![id, c.name, record])?;
                        unindex.execute([id])?;
                        id
                    }
                    None => {
                        report.added += 1;
                        insert.execute(params![c.slug, c.name, record])?;
                        tx.last_insert_rowid()
                    }
                };
                index.execute(params![id, c.name, c.runs.join(" | "), domains(&c)])?;
            }
            let mut get_reg = tx.prepare_cached("SELECT record FROM regulators WHERE slug = ?1")?;
            let mut put_reg = tx.prepare_cached(
                "INSERT INTO regulators (slug, name, origin, record) VALUES (?1, ?2, 'directory', ?3)
                 ON CONFLICT (slug) DO UPDATE SET name = excluded.name, origin = 'directory', record = excluded.record",
            )?;
            for r in regulators {
                let r = match r {
                    Ok(r) => r,
                    Err(why) => {
                        report.skipped.push(why);
                        continue;
                    }
                };
                let record = serde_json::to_string(&r).map_err(|e| Error::Store(e.to_string()))?;
                let old: Option<String> = get_reg.query_row([&r.slug], |row| row.get(0)).optional()?;
                if old.as_deref() != Some(record.as_str()) {
                    put_reg.execute(params![r.slug, r.name, record])?;
                    report.regulators += 1;
                }
            }
            Ok(())
        })?;
        Ok(report)
    }

    /// Companies matching `text`: names, brand names and web domains, by trigram; a misspelt
    /// name still finds the company when most of its three-letter pieces match. Needs at least
    /// two characters; best matches first.
    pub fn directory_search(&self, text: &str) -> Result<Vec<DirectoryHit>> {
        let q: String = text.trim().to_lowercase();
        let chars: Vec<char> = q.chars().filter(|c| !c.is_control()).collect();
        if chars.len() < 2 {
            return Ok(Vec::new());
        }
        let conn = &self.store.conn;
        let slugs: Vec<String> = if chars.len() < 3 {
            // Two characters (a short Japanese name, say): too short for trigrams.
            let like = format!("%{}%", q.replace(['%', '_'], ""));
            let mut stmt = conn.prepare_cached(
                "SELECT d.slug FROM directory_fts f JOIN directory d ON d.id = f.rowid
                 WHERE f.name LIKE ?1 OR f.runs LIKE ?1 OR f.domains LIKE ?1 LIMIT ?2",
            )?;
            stmt.query_map(params![like, MAX_HITS as i64], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        } else {
            // Every trigram of the query as an OR'd phrase; rows sharing more of them, and rarer
            // ones, rank first (bm25), so a misspelt name still finds its company.
            // Pieces across a space say little ("y 0") and cost a lot on a large directory.
            let mut grams: Vec<String> = chars
                .windows(3)
                .filter(|w| !w.iter().any(|c| c.is_whitespace()))
                .map(|w| w.iter().collect::<String>())
                .collect();
            if grams.is_empty() {
                return Ok(Vec::new());
            }
            grams.sort();
            grams.dedup();
            let expr = grams
                .iter()
                .map(|g| format!("\"{}\"", g.replace('"', "\"\"")))
                .collect::<Vec<_>>()
                .join(" OR ");
            let mut stmt = conn.prepare_cached(
                "SELECT d.slug FROM directory_fts f JOIN directory d ON d.id = f.rowid
                 WHERE directory_fts MATCH ?1 ORDER BY rank LIMIT ?2",
            )?;
            stmt.query_map(params![expr, MAX_HITS as i64], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        slugs
            .iter()
            .map(|s| self.directory_company(s).map(|company| DirectoryHit { company }))
            .collect()
    }

    /// One directory record.
    pub fn directory_company(&self, slug: &str) -> Result<CompanyRecord> {
        let record: Option<String> = self
            .store
            .conn
            .query_row("SELECT record FROM directory WHERE slug = ?1", [slug], |r| r.get(0))
            .optional()?;
        let record = record.ok_or_else(|| Error::NotFound {
            what: "directory company",
            id: slug.to_owned(),
            hint: "pdesk directory search NAME",
        })?;
        serde_json::from_str(&record).map_err(|e| Error::Store(format!("directory record {slug}: {e}")))
    }

    /// How many companies the directory holds.
    pub fn directory_size(&self) -> Result<u32> {
        Ok(self
            .store
            .conn
            .query_row("SELECT count(*) FROM directory", [], |r| r.get(0))?)
    }

    /// The regulators imported from the directory.
    pub fn directory_regulators(&self) -> Result<Vec<RegulatorRecord>> {
        let mut stmt = self
            .store
            .conn
            .prepare_cached("SELECT record FROM regulators ORDER BY slug")?;
        let rows: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        rows.iter()
            .map(|r| serde_json::from_str(r).map_err(|e| Error::Store(format!("regulator record: {e}"))))
            .collect()
    }

    /// The service record a directory company suggests (nothing is saved).
    pub fn service_from_directory(&self, slug: &str) -> Result<ServiceInput> {
        Ok(service_input(&self.directory_company(slug)?))
    }

    /// The stored directory URL and its validators (ETag, Last-Modified), if one was set.
    pub fn directory_source(&self) -> Result<Option<DirectorySource>> {
        match self.store.setting("directory_source")? {
            Some(json) => Ok(serde_json::from_str(&json).ok()),
            None => Ok(None),
        }
    }

    /// Where an update fetches from: `url` when given (with the stored validators only if it is
    /// the stored address, so a new address is fetched whole), else the stored address.
    pub fn directory_target(&self, url: Option<&str>) -> Result<DirectorySource> {
        let saved = self.directory_source()?;
        match (url.map(str::trim).filter(|u| !u.is_empty()), saved) {
            (Some(u), Some(s)) if u == s.url => Ok(s),
            (Some(u), _) => Ok(DirectorySource {
                url: u.to_owned(),
                ..DirectorySource::default()
            }),
            (None, Some(s)) => Ok(s),
            (None, None) => Err(Error::invalid(
                "directory-url",
                "no directory address is set; give one (pdesk directory import URL, or Settings > Company directory)",
            )),
        }
    }

    /// Imports directory data fetched from `source` and remembers the source with its
    /// validators, in one transaction.
    pub fn import_directory_from(&mut self, json: &str, source: &DirectorySource) -> Result<DirectoryImport> {
        let record = serde_json::to_string(source).map_err(|e| Error::Store(e.to_string()))?;
        self.import_directory_with(json, |tx| {
            crate::store::Store::set_setting(tx, "directory_source", &record)
        })
    }
}

/// Where the directory updates from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DirectorySource {
    /// The URL the user set.
    pub url: String,
    /// The server's ETag for the last copy.
    pub etag: Option<String>,
    /// The server's Last-Modified for the last copy.
    pub last_modified: Option<String>,
}

/// A service from a directory record: contacts, the language it wants, the channel, ID and
/// required elements in the notes.
pub fn service_input(c: &CompanyRecord) -> ServiceInput {
    let language = match c.request_language.as_deref() {
        Some("ja") => Some(Language::Ja),
        Some("de") => Some(Language::De),
        Some("en") => Some(Language::En),
        _ => None,
    };
    let countries: Vec<&str> = c.relevant_countries.iter().map(String::as_str).collect();
    let law = if countries.contains(&"jp") {
        Some(Law::Appi)
    } else if countries == ["gb"] {
        Some(Law::UkGdpr)
    } else if !countries.is_empty() {
        Some(Law::Gdpr)
    } else {
        None
    };
    let mut notes = Vec::new();
    if !c.required_elements.is_empty() {
        let list: Vec<String> = c
            .required_elements
            .iter()
            .map(|e| {
                if e.optional {
                    format!("{} (optional)", e.desc)
                } else {
                    e.desc.clone()
                }
            })
            .collect();
        notes.push(format!("A request must contain: {}.", list.join("; ")));
    }
    if let Some(m) = &c.suggested_transport_medium {
        notes.push(format!("Suggested channel: {m}."));
    }
    notes.extend(c.comments.iter().cloned());
    ServiceInput {
        display_name: Some(c.runs.first().cloned().unwrap_or_else(|| c.name.clone())),
        legal_name: Some(c.name.clone()),
        website: c.web.clone(),
        emails: c.email.clone().map(|e| vec![e]),
        postal_address: c.address.clone(),
        webform_url: c.webform.clone(),
        phone: c.phone.clone(),
        law,
        language: language.or(law.map(Law::default_language)),
        identity_documents: c
            .needs_id_document
            .then(|| vec!["identity document (copy): always asked for".to_owned()]),
        notes: (!notes.is_empty()).then(|| notes.join("\n")),
        source: Some(ServiceSource::Directory),
        directory_slug: Some(c.slug.clone()),
        ..ServiceInput::default()
    }
}

/// Custom templates by kind, for display.
pub fn custom_templates(c: &CompanyRecord) -> BTreeMap<&'static str, &str> {
    let mut m = BTreeMap::new();
    for (kind, t) in [
        ("access", &c.custom_access_template),
        ("erasure", &c.custom_erasure_template),
        ("rectification", &c.custom_rectification_template),
        ("objection", &c.custom_objection_template),
    ] {
        if let Some(t) = t {
            m.insert(kind, t.as_str());
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_asks_conditionally_only_at_the_stored_address_and_stores_it_with_the_data() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut desk = Desk::open(dir.path(), None).expect("desk");
        assert!(desk.directory_target(None).is_err(), "no address yet");
        let source = DirectorySource {
            url: "https://a.example/dump.json".into(),
            etag: Some("\"v1\"".into()),
            last_modified: None,
        };
        // Broken data: nothing is imported and the address is not remembered either.
        assert!(desk.import_directory_from("{broken", &source).is_err());
        assert_eq!(desk.directory_source().expect("read"), None);
        let r = desk
            .import_directory_from(r#"[{"slug":"a","name":"A Ltd."}]"#, &source)
            .expect("import");
        assert_eq!(r.added, 1);
        assert_eq!(desk.directory_target(None).expect("target"), source);
        assert_eq!(
            desk.directory_target(Some(" https://a.example/dump.json "))
                .expect("same"),
            source
        );
        let other = desk
            .directory_target(Some("https://b.example/dump.json"))
            .expect("other");
        assert_eq!(
            (other.etag, other.url.as_str()),
            (None, "https://b.example/dump.json"),
            "a new address is fetched whole"
        );
    }
}
