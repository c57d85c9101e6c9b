-- Version 4: mail accounts (no passwords: those live in the OS keyring under `secret_key`),
-- every message sent or received with its exact bytes, and their attachments.

-- AUTOINCREMENT: an account id is never reused, so a receipt's account stays unambiguous.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    from_address TEXT NOT NULL,
    smtp_host TEXT NOT NULL,
    smtp_port INTEGER NOT NULL,
    smtp_security TEXT NOT NULL,
    user TEXT NOT NULL,
    imap_host TEXT,
    imap_port INTEGER,
    imap_security TEXT,
    imap_folder TEXT NOT NULL DEFAULT 'INBOX',
    ca_cert TEXT,
    secret_key TEXT NOT NULL UNIQUE,
    imap_uidvalidity INTEGER,
    imap_last_uid INTEGER
);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    request_id INTEGER REFERENCES requests (id),
    direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
    message_id TEXT,
    in_reply_to TEXT,
    refs TEXT NOT NULL DEFAULT '[]',
    subject TEXT NOT NULL DEFAULT '',
    from_address TEXT,
    to_addresses TEXT NOT NULL DEFAULT '[]',
    sent_at TEXT,
    stored_at TEXT NOT NULL,
    raw BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    account_id INTEGER,
    server_reply TEXT,
    text TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX messages_once ON messages (direction, sha256);
CREATE INDEX messages_by_request ON messages (request_id, id);
CREATE INDEX messages_by_message_id ON messages (message_id);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages (id),
    name TEXT NOT NULL,
    mime TEXT NOT NULL,
    data BLOB NOT NULL,
    sha256 TEXT NOT NULL
);
CREATE INDEX attachments_by_message ON attachments (message_id);

-- Stored bytes are evidence: they never change. Only an unmatched reply may be assigned to a request.
CREATE TRIGGER messages_keep_bytes BEFORE UPDATE OF raw, sha256, direction, message_id, sent_at ON messages
BEGIN
    SELECT RAISE(ABORT, 'messages are evidence and cannot be changed');
END;
CREATE TRIGGER attachments_append_only BEFORE UPDATE ON attachments
BEGIN
    SELECT RAISE(ABORT, 'attachments are evidence and cannot be changed');
END;
