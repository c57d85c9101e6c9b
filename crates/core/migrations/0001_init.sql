-- Privacy Desk schema, version 1.
-- Lists are JSON arrays of strings; dates are ISO 8601 `YYYY-MM-DD` text.

CREATE TABLE profiles (
    id             INTEGER PRIMARY KEY,
    full_name      TEXT NOT NULL CHECK (length(trim(full_name)) > 0),
    alt_name       TEXT,
    emails         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(emails)),
    postal_address TEXT,
    phone          TEXT,
    birth_date     TEXT
);

CREATE TABLE services (
    id                 INTEGER PRIMARY KEY,
    display_name       TEXT NOT NULL CHECK (length(trim(display_name)) > 0),
    legal_name         TEXT,
    website            TEXT,
    emails             TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(emails)),
    postal_address     TEXT,
    webform_url        TEXT,
    phone              TEXT,
    law                TEXT NOT NULL,
    language           TEXT NOT NULL,
    country            TEXT,
    data_categories    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(data_categories)),
    data_other         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(data_other)),
    account_ids        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(account_ids)),
    identity_documents TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(identity_documents)),
    fees               TEXT,
    notes              TEXT,
    source             TEXT NOT NULL DEFAULT 'manual'
);
CREATE INDEX services_by_name ON services (display_name COLLATE NOCASE);

CREATE TABLE requests (
    id         INTEGER PRIMARY KEY,
    reference  TEXT NOT NULL UNIQUE,
    profile_id INTEGER NOT NULL REFERENCES profiles (id),
    service_id INTEGER NOT NULL REFERENCES services (id),
    kind       TEXT NOT NULL,
    law        TEXT NOT NULL,
    language   TEXT NOT NULL,
    channel    TEXT NOT NULL,
    details    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_on TEXT NOT NULL
);
CREATE INDEX requests_by_service ON requests (service_id);

-- The timeline. Rows are never changed or removed: the triggers below refuse it.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests (id),
    kind       TEXT NOT NULL,
    on_date    TEXT NOT NULL,
    channel    TEXT,
    outcome    TEXT,
    new_date   TEXT,
    text       TEXT
);
CREATE INDEX events_by_request ON events (request_id, id);

CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
