//! The SQLite store: one database file in the data directory.
//!
//! Migrations are numbered SQL files embedded in the binary and tracked with
//! `PRAGMA user_version`. Every public method that changes data runs in one transaction, so a
//! failure leaves the file as it was.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use crate::error::{Error, Result};
use crate::model::{
    Channel, Event, EventKind, Language, Law, NewEvent, Profile, Request, RequestDetails, RequestKind, Service,
    ServiceSource, Status,
};

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "privacy-desk.sqlite3";

/// The migrations, in order; migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_request_summary.sql"),
    include_str!("../migrations/0003_settings.sql"),
    include_str!("../migrations/0004_mail.sql"),
    include_str!("../migrations/0005_policy.sql"),
    include_str!("../migrations/0006_directory.sql"),
    include_str!("../migrations/0007_followups.sql"),
    include_str!("../migrations/0008_next_on_country.sql"),
    include_str!("../migrations/0009_followup_answers.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// An open Privacy Desk database.
#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
    migrated_from: i64,
}

/// What the request list shows of a request without reading its timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestSummary {
    /// Derived status.
    pub status: Status,
    /// Date sent.
    pub sent_on: Option<NaiveDate>,
    /// The due date that applies now, while the request is open.
    pub due_on: Option<NaiveDate>,
    /// APPI: the Art. 39 date.
    pub lawsuit_on: Option<NaiveDate>,
    /// The day the next step is the user's to take (see [`crate::next::next_on`]).
    pub next_on: Option<NaiveDate>,
}

/// One row of the request list as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSummaryRow {
    /// Request id.
    pub id: i64,
    /// Reference code.
    pub reference: String,
    /// Service id.
    pub service_id: i64,
    /// Service display name.
    pub service_name: String,
    /// Kind.
    pub kind: RequestKind,
    /// Law.
    pub law: Law,
    /// The summary.
    pub summary: RequestSummary,
}

/// A filter for the request list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestFilter {
    /// Only this status.
    pub status: Option<Status>,
    /// Only this service's requests.
    pub service_id: Option<i64>,
    /// Only requests due on or before this date.
    pub due_by: Option<NaiveDate>,
    /// Only requests due on or after this date.
    pub due_from: Option<NaiveDate>,
    /// Only requests that still wait on the company ([`Status::is_open`]).
    pub open_only: bool,
    /// Only requests whose next step falls due on or before this date.
    pub next_by: Option<NaiveDate>,
    /// Only requests whose next step falls due on or after this date.
    pub next_from: Option<NaiveDate>,
    /// Leave drafts out.
    pub sent_only: bool,
    /// Most urgent first (by due date, then id) instead of newest first.
    pub by_due: bool,
    /// By the day the next step falls due, then id (before `by_due`).
    pub by_next: bool,
    /// At most this many rows.
    pub limit: Option<usize>,
}

/// A filter for the service list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceFilter {
    /// Case-insensitive text matched against names, website and e-mail addresses.
    pub text: Option<String>,
    /// Only services under this law.
    pub law: Option<Law>,
    /// At most this many rows (all when `None`).
    pub limit: Option<usize>,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir` and brings its schema up to date.
    pub fn open_in(data_dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            Error::Store(format!(
                "directory {} cannot be created: {e}; choose another --data-dir",
                data_dir.display()
            ))
        })?;
        Store::open(&data_dir.join(DB_FILE))
    }

    /// Opens (creating if needed) the database file at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Store> {
        let conn =
            Connection::open(path).map_err(|e| Error::Store(format!("{} cannot be opened: {e}", path.display())))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // journal_mode returns a row; WAL keeps readers and the writer out of each other's way.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
            migrated_from: 0,
        };
        store.migrated_from = store.migrate()?;
        Ok(store)
    }

    /// The database file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// How many rows this connection has inserted, updated or deleted since it was opened.
    pub fn changes(&self) -> u64 {
        self.conn.total_changes()
    }

    /// The schema version the file had when it was opened (0 for a new file).
    pub fn migrated_from(&self) -> i64 {
        self.migrated_from
    }

    /// A stored setting's JSON value.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Stores a setting's JSON value.
    pub fn set_setting(tx: &Transaction<'_>, key: &str, json_value: &str) -> Result<()> {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, json_value],
        )?;
        Ok(())
    }

    /// The follow-up letters of request `id`, oldest first.
    pub fn followups_of(&self, id: i64) -> Result<Vec<Request>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {REQUEST_COLUMNS} FROM requests WHERE parent_id = ?1 ORDER BY id"
        ))?;
        let rows = stmt.query_map([id], request_from_row)?;
        collect(rows)
    }

    /// The ids of the follow-up letters to request `id`, oldest first.
    pub fn followup_ids_in(conn: &Connection, id: i64) -> Result<Vec<i64>> {
        let mut stmt = conn.prepare_cached("SELECT id FROM requests WHERE parent_id = ?1 ORDER BY id")?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        collect(rows)
    }

    /// Every request id (for rebuilding summaries).
    pub fn request_ids(tx: &Transaction<'_>) -> Result<Vec<(i64, i64)>> {
        let mut stmt = tx.prepare_cached("SELECT id, service_id FROM requests")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        collect(rows)
    }

    fn migrate(&mut self) -> Result<i64> {
        let current = self.schema_version()?;
        if current > SCHEMA_VERSION {
            return Err(Error::Store(format!(
                "{} was written by a newer Privacy Desk (schema {current}, this one knows {SCHEMA_VERSION}); update Privacy Desk",
                self.path.display()
            )));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()?;
        }
        Ok(current)
    }

    /// Runs `f` in one transaction: committed if it returns `Ok`, rolled back otherwise.
    pub fn transaction<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    // ---- profiles -------------------------------------------------------------------------

    /// Stores a new profile and returns its id.
    pub fn insert_profile(tx: &Transaction<'_>, p: &Profile) -> Result<i64> {
        tx.execute(
            "INSERT INTO profiles (full_name, alt_name, emails, postal_address, phone, birth_date, country) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![p.full_name, p.alt_name, json(&p.emails), p.postal_address, p.phone, p.birth_date.map(|d| d.to_string()), p.country],
        )?;
        Ok(tx.last_insert_rowid())
    }

    /// Replaces a stored profile.
    pub fn update_profile(tx: &Transaction<'_>, p: &Profile) -> Result<()> {
        let n = tx.execute(
            "UPDATE profiles SET full_name = ?2, alt_name = ?3, emails = ?4, postal_address = ?5, phone = ?6, birth_date = ?7, country = ?8 WHERE id = ?1",
            params![p.id, p.full_name, p.alt_name, json(&p.emails), p.postal_address, p.phone, p.birth_date.map(|d| d.to_string()), p.country],
        )?;
        if n == 0 {
            return Err(not_found("profile", p.id, "pdesk profile list"));
        }
        Ok(())
    }

    /// Every profile, oldest first (the first is the default).
    pub fn profiles(&self) -> Result<Vec<Profile>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, full_name, alt_name, emails, postal_address, phone, birth_date, country FROM profiles ORDER BY id",
        )?;
        let rows = stmt.query_map([], profile_from_row)?;
        collect(rows)
    }

    /// One profile.
    pub fn profile(&self, id: i64) -> Result<Profile> {
        self.conn
            .query_row(
                "SELECT id, full_name, alt_name, emails, postal_address, phone, birth_date, country FROM profiles WHERE id = ?1",
                [id],
                profile_from_row,
            )
            .optional()?
            .ok_or_else(|| not_found("profile", id, "pdesk profile list"))
    }

    // ---- services -------------------------------------------------------------------------

    /// Stores a new service and returns its id.
    pub fn insert_service(tx: &Transaction<'_>, s: &Service) -> Result<i64> {
        tx.execute(
            "INSERT INTO services (id, display_name, legal_name, website, emails, postal_address, webform_url, phone, law,
                 language, country, data_categories, data_other, account_ids, identity_documents, fees, notes, source,
                 policy_source, policy_read_on, directory_slug)
             VALUES (nullif(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
            rusqlite::params_from_iter(service_values(s)),
        )?;
        Ok(tx.last_insert_rowid())
    }

    /// Replaces a stored service.
    pub fn update_service(tx: &Transaction<'_>, s: &Service) -> Result<()> {
        let n = tx.execute(
            "UPDATE services SET display_name = ?2, legal_name = ?3, website = ?4, emails = ?5, postal_address = ?6,
                 webform_url = ?7, phone = ?8, law = ?9, language = ?10, country = ?11, data_categories = ?12,
                 data_other = ?13, account_ids = ?14, identity_documents = ?15, fees = ?16, notes = ?17, source = ?18,
                 policy_source = ?19, policy_read_on = ?20, directory_slug = ?21
             WHERE id = ?1",
            rusqlite::params_from_iter(service_values(s)),
        )?;
        if n == 0 {
            return Err(not_found("service", s.id, "pdesk service list"));
        }
        Ok(())
    }

    /// Removes a service that has no requests.
    pub fn delete_service(tx: &Transaction<'_>, id: i64) -> Result<()> {
        let requests: i64 = tx.query_row("SELECT count(*) FROM requests WHERE service_id = ?1", [id], |r| {
            r.get(0)
        })?;
        if requests > 0 {
            return Err(Error::Conflict(format!(
                "service {id} has {requests} request(s) whose timeline must be kept; close them instead of removing the service"
            )));
        }
        if tx.execute("DELETE FROM services WHERE id = ?1", [id])? == 0 {
            return Err(not_found("service", id, "pdesk service list"));
        }
        Ok(())
    }

    /// How many services there are.
    pub fn service_count(&self) -> Result<u32> {
        Ok(self.conn.query_row("SELECT count(*) FROM services", [], |r| r.get(0))?)
    }

    /// One service.
    pub fn service(&self, id: i64) -> Result<Service> {
        Store::service_in(&self.conn, id)
    }

    /// One service, read through `conn`.
    pub fn service_in(conn: &Connection, id: i64) -> Result<Service> {
        conn.query_row(
            &format!("SELECT {SERVICE_COLUMNS} FROM services WHERE id = ?1"),
            [id],
            service_from_row,
        )
        .optional()?
        .ok_or_else(|| not_found("service", id, "pdesk service list"))
    }

    /// Services matching the filter, by name.
    pub fn services(&self, filter: &ServiceFilter) -> Result<Vec<Service>> {
        let pattern = filter.text.as_ref().map(|t| {
            format!(
                "%{}%",
                t.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
            )
        });
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SERVICE_COLUMNS} FROM services
             WHERE (?1 IS NULL OR display_name LIKE ?1 ESCAPE '\\' OR legal_name LIKE ?1 ESCAPE '\\'
                    OR website LIKE ?1 ESCAPE '\\' OR emails LIKE ?1 ESCAPE '\\')
               AND (?2 IS NULL OR law = ?2)
             ORDER BY display_name COLLATE NOCASE, id
             LIMIT ?3"
        ))?;
        let limit = filter.limit.map_or(-1, |l| l as i64);
        let rows = stmt.query_map(params![pattern, filter.law.map(Law::code), limit], service_from_row)?;
        collect(rows)
    }

    // ---- requests and events --------------------------------------------------------------

    /// Stores a new request and returns its id.
    pub fn insert_request(tx: &Transaction<'_>, r: &Request) -> Result<i64> {
        tx.execute(
            "INSERT INTO requests (reference, profile_id, service_id, kind, law, language, channel, details, subject, body, created_on,
                 parent_id, followup)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                r.reference,
                r.profile_id,
                r.service_id,
                r.kind.code(),
                r.law.code(),
                r.language.code(),
                r.channel.code(),
                json(&r.details),
                r.subject,
                r.body,
                r.created_on.to_string(),
                r.parent_id,
                r.followup.map(|f| f.code()),
            ],
        )?;
        Ok(tx.last_insert_rowid())
    }

    /// Replaces a draft's letter (subject, body, channel and details).
    pub fn update_request_letter(tx: &Transaction<'_>, r: &Request) -> Result<()> {
        tx.execute(
            "UPDATE requests SET channel = ?2, details = ?3, subject = ?4, body = ?5, language = ?6 WHERE id = ?1",
            params![
                r.id,
                r.channel.code(),
                json(&r.details),
                r.subject,
                r.body,
                r.language.code()
            ],
        )?;
        Ok(())
    }

    /// Whether a reference code is taken.
    pub fn reference_exists(tx: &Transaction<'_>, reference: &str) -> Result<bool> {
        Ok(tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM requests WHERE reference = ?1)",
            [reference],
            |r| r.get(0),
        )?)
    }

    /// One request.
    pub fn request(&self, id: i64) -> Result<Request> {
        Store::request_in(&self.conn, id)
    }

    /// One request, read through `conn`.
    pub fn request_in(conn: &Connection, id: i64) -> Result<Request> {
        conn.query_row(
            &format!("SELECT {REQUEST_COLUMNS} FROM requests WHERE id = ?1"),
            [id],
            request_from_row,
        )
        .optional()?
        .ok_or_else(|| not_found("request", id, "pdesk request list"))
    }

    /// Every request, newest first; of one service when `service_id` is given.
    pub fn requests(&self, service_id: Option<i64>) -> Result<Vec<Request>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {REQUEST_COLUMNS} FROM requests WHERE (?1 IS NULL OR service_id = ?1) ORDER BY id DESC"
        ))?;
        let rows = stmt.query_map([service_id], request_from_row)?;
        collect(rows)
    }

    /// Appends an event to a request's timeline and returns its id.
    pub fn insert_event(
        tx: &Transaction<'_>,
        request_id: i64,
        kind: EventKind,
        on: NaiveDate,
        e: &NewEvent,
    ) -> Result<i64> {
        tx.execute(
            "INSERT INTO events (request_id, kind, on_date, channel, outcome, new_date, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                request_id,
                kind.code(),
                on.to_string(),
                e.channel.map(Channel::code),
                e.outcome.map(|o| o.code()),
                e.new_date.map(|d| d.to_string()),
                e.text,
            ],
        )?;
        Ok(tx.last_insert_rowid())
    }

    /// A request's timeline, in the order it was recorded.
    pub fn events(&self, request_id: i64) -> Result<Vec<Event>> {
        Store::events_in(&self.conn, request_id)
    }

    /// A request's timeline, read through `conn` (the store's connection or a transaction).
    pub fn events_in(conn: &Connection, request_id: i64) -> Result<Vec<Event>> {
        let mut stmt = conn.prepare_cached(
            "SELECT id, request_id, kind, on_date, channel, outcome, new_date, text FROM events WHERE request_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([request_id], event_from_row)?;
        collect(rows)
    }

    /// How many requests are in each status.
    pub fn status_counts(&self) -> Result<std::collections::HashMap<Status, u32>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT status, count(*) FROM requests GROUP BY status")?;
        let rows = stmt.query_map([], |r| Ok((parse_col::<Status>(r, 0)?, r.get::<_, u32>(1)?)))?;
        Ok(collect(rows)?.into_iter().collect())
    }

    /// Rewrites a request's summary (derived from its timeline) inside the action's transaction.
    pub fn set_summary(tx: &Transaction<'_>, id: i64, summary: &RequestSummary) -> Result<()> {
        tx.execute(
            "UPDATE requests SET status = ?2, sent_on = ?3, due_on = ?4, lawsuit_on = ?5, next_on = ?6 WHERE id = ?1",
            params![
                id,
                summary.status.code(),
                summary.sent_on.map(|d| d.to_string()),
                summary.due_on.map(|d| d.to_string()),
                summary.lawsuit_on.map(|d| d.to_string()),
                summary.next_on.map(|d| d.to_string())
            ],
        )?;
        Ok(())
    }

    /// Ids of the requests to one service (to refresh their summaries when it changes).
    pub fn request_ids_of_service(tx: &Transaction<'_>, service_id: i64) -> Result<Vec<i64>> {
        let mut stmt = tx.prepare_cached("SELECT id FROM requests WHERE service_id = ?1")?;
        let rows = stmt.query_map([service_id], |r| r.get(0))?;
        collect(rows)
    }

    /// The request list from the summaries: newest first, filtered in SQL.
    pub fn request_rows(&self, filter: &RequestFilter) -> Result<Vec<RequestSummaryRow>> {
        let (clause, mut values) = request_where(filter);
        let order = if filter.by_next {
            "r.next_on, r.id"
        } else if filter.by_due {
            "r.due_on, r.id"
        } else {
            "r.id DESC"
        };
        let sql = format!(
            "SELECT r.id, r.reference, r.service_id, s.display_name, r.kind, r.law, r.status, r.sent_on, r.due_on, r.lawsuit_on, r.next_on
             FROM requests r JOIN services s ON s.id = r.service_id
             WHERE {clause} ORDER BY {order} LIMIT ?"
        );
        values.push(rusqlite::types::Value::Integer(filter.limit.map_or(-1, |l| l as i64)));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(values), |row| {
            Ok(RequestSummaryRow {
                id: row.get(0)?,
                reference: row.get(1)?,
                service_id: row.get(2)?,
                service_name: row.get(3)?,
                kind: parse_col(row, 4)?,
                law: parse_col(row, 5)?,
                summary: RequestSummary {
                    status: parse_col(row, 6)?,
                    sent_on: opt_date(row, 7)?,
                    due_on: opt_date(row, 8)?,
                    lawsuit_on: opt_date(row, 9)?,
                    next_on: opt_date(row, 10)?,
                },
            })
        })?;
        collect(rows)
    }

    /// How many requests `filter` matches (its limit and order aside).
    pub fn request_count(&self, filter: &RequestFilter) -> Result<u32> {
        let (clause, values) = request_where(filter);
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM requests r WHERE {clause}"))?;
        Ok(stmt.query_row(rusqlite::params_from_iter(values), |r| r.get(0))?)
    }
}

/// The WHERE clause of `filter` over `requests r` and its parameters. Only the conditions in
/// use are written, so SQLite can use the (status, due_on) index.
fn request_where(filter: &RequestFilter) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value as V;
    let mut clause = vec!["1".to_owned()];
    let mut values = Vec::new();
    if let Some(s) = filter.status {
        // Newest first walks the table backwards; the index would only add a sort.
        clause.push(if filter.by_due { "r.status = ?" } else { "+r.status = ?" }.into());
        values.push(V::Text(s.code().to_owned()));
    }
    if filter.open_only {
        // Status codes are fixed identifiers, safe to write into the SQL.
        let open: Vec<String> = Status::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| format!("'{}'", s.code()))
            .collect();
        clause.push(format!("r.status IN ({})", open.join(", ")));
    }
    if let Some(id) = filter.service_id {
        clause.push("r.service_id = ?".into());
        values.push(V::Integer(id));
    }
    if let Some(d) = filter.due_by {
        clause.push("r.due_on <= ?".into());
        values.push(V::Text(d.to_string()));
    }
    if let Some(d) = filter.due_from {
        clause.push("r.due_on >= ?".into());
        values.push(V::Text(d.to_string()));
    }
    if let Some(d) = filter.next_by {
        clause.push("r.next_on <= ?".into());
        values.push(V::Text(d.to_string()));
    }
    if let Some(d) = filter.next_from {
        clause.push("r.next_on >= ?".into());
        values.push(V::Text(d.to_string()));
    }
    if filter.sent_only {
        clause.push("r.status <> 'draft'".into());
    }
    (clause.join(" AND "), values)
}

const SERVICE_COLUMNS: &str = "id, display_name, legal_name, website, emails, postal_address, webform_url, phone, law, language, \
     country, data_categories, data_other, account_ids, identity_documents, fees, notes, source, policy_source, policy_read_on, directory_slug";

const REQUEST_COLUMNS: &str = "id, reference, profile_id, service_id, kind, law, language, channel, details, subject, body, created_on, \
     parent_id, followup";

/// A service's columns in table order, id first (parameters ?1 to ?21).
fn service_values(s: &Service) -> Vec<rusqlite::types::Value> {
    use rusqlite::types::Value as V;
    let text = |t: &str| V::Text(t.to_owned());
    let opt = |o: &Option<String>| o.clone().map_or(V::Null, V::Text);
    vec![
        V::Integer(s.id),
        text(&s.display_name),
        opt(&s.legal_name),
        opt(&s.website),
        V::Text(json(&s.emails)),
        opt(&s.postal_address),
        opt(&s.webform_url),
        opt(&s.phone),
        text(s.law.code()),
        text(s.language.code()),
        opt(&s.country),
        V::Text(json(&s.data_categories)),
        V::Text(json(&s.data_other)),
        V::Text(json(&s.account_ids)),
        V::Text(json(&s.identity_documents)),
        opt(&s.fees),
        opt(&s.notes),
        text(s.source.code()),
        opt(&s.policy_source),
        s.policy_read_on.map_or(V::Null, |d| V::Text(d.to_string())),
        opt(&s.directory_slug),
    ]
}

pub(crate) fn json<T: serde::Serialize>(v: &T) -> String {
    // Serialising plain vectors and structs of strings cannot fail.
    serde_json::to_string(v).unwrap_or_else(|_| "[]".to_owned())
}

fn not_found(what: &'static str, id: i64, hint: &'static str) -> Error {
    Error::NotFound {
        what,
        id: id.to_string(),
        hint,
    }
}

pub(crate) fn collect<T>(rows: impl Iterator<Item = rusqlite::Result<T>>) -> Result<Vec<T>> {
    rows.collect::<rusqlite::Result<Vec<T>>>().map_err(Error::from)
}

/// A column that failed to decode: the file was changed outside Privacy Desk.
fn bad_column(col: usize, what: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, what.to_string().into())
}

pub(crate) fn parse_col<T: std::str::FromStr>(row: &Row<'_>, col: usize) -> rusqlite::Result<T>
where
    T::Err: std::fmt::Display,
{
    let s: String = row.get(col)?;
    s.parse().map_err(|e| bad_column(col, e))
}

pub(crate) fn opt_date(row: &Row<'_>, col: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let s: Option<String> = row.get(col)?;
    s.map(|s| s.parse::<NaiveDate>().map_err(|e| bad_column(col, e)))
        .transpose()
}

fn json_col<T: serde::de::DeserializeOwned>(row: &Row<'_>, col: usize) -> rusqlite::Result<T> {
    let s: String = row.get(col)?;
    serde_json::from_str(&s).map_err(|e| bad_column(col, e))
}

fn profile_from_row(row: &Row<'_>) -> rusqlite::Result<Profile> {
    Ok(Profile {
        id: row.get(0)?,
        full_name: row.get(1)?,
        alt_name: row.get(2)?,
        emails: json_col(row, 3)?,
        postal_address: row.get(4)?,
        phone: row.get(5)?,
        birth_date: opt_date(row, 6)?,
        country: row.get(7)?,
    })
}

fn service_from_row(row: &Row<'_>) -> rusqlite::Result<Service> {
    Ok(Service {
        id: row.get(0)?,
        display_name: row.get(1)?,
        legal_name: row.get(2)?,
        website: row.get(3)?,
        emails: json_col(row, 4)?,
        postal_address: row.get(5)?,
        webform_url: row.get(6)?,
        phone: row.get(7)?,
        law: parse_col::<Law>(row, 8)?,
        language: parse_col::<Language>(row, 9)?,
        country: row.get(10)?,
        data_categories: json_col(row, 11)?,
        data_other: json_col(row, 12)?,
        account_ids: json_col(row, 13)?,
        identity_documents: json_col(row, 14)?,
        fees: row.get(15)?,
        notes: row.get(16)?,
        source: parse_col::<ServiceSource>(row, 17)?,
        policy_source: row.get(18)?,
        policy_read_on: opt_date(row, 19)?,
        directory_slug: row.get(20)?,
    })
}

fn request_from_row(row: &Row<'_>) -> rusqlite::Result<Request> {
    Ok(Request {
        id: row.get(0)?,
        reference: row.get(1)?,
        profile_id: row.get(2)?,
        service_id: row.get(3)?,
        kind: parse_col::<RequestKind>(row, 4)?,
        law: parse_col::<Law>(row, 5)?,
        language: parse_col::<Language>(row, 6)?,
        channel: parse_col::<Channel>(row, 7)?,
        details: json_col::<RequestDetails>(row, 8)?,
        subject: row.get(9)?,
        body: row.get(10)?,
        created_on: parse_col::<NaiveDate>(row, 11)?,
        parent_id: row.get(12)?,
        followup: {
            let code: Option<String> = row.get(13)?;
            code.map(|c| {
                c.parse::<crate::model::FollowupType>().map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(13, rusqlite::types::Type::Text, Box::new(e))
                })
            })
            .transpose()?
        },
    })
}

fn event_from_row(row: &Row<'_>) -> rusqlite::Result<Event> {
    let channel: Option<String> = row.get(4)?;
    let outcome: Option<String> = row.get(5)?;
    Ok(Event {
        id: row.get(0)?,
        request_id: row.get(1)?,
        kind: parse_col::<EventKind>(row, 2)?,
        on: parse_col::<NaiveDate>(row, 3)?,
        channel: channel.map(|c| c.parse().map_err(|e| bad_column(4, e))).transpose()?,
        outcome: outcome.map(|o| o.parse().map_err(|e| bad_column(5, e))).transpose()?,
        new_date: opt_date(row, 6)?,
        text: row.get(7)?,
    })
}
