-- Version 6: the company directory (records in the datarequests.org format), its full-text index,
-- regulators (supervisory authorities), and the directory record a service was picked from.

CREATE TABLE directory (
    id      INTEGER PRIMARY KEY,
    slug    TEXT NOT NULL UNIQUE CHECK (slug <> ''),
    name    TEXT NOT NULL CHECK (name <> ''),
    record  TEXT NOT NULL CHECK (json_valid(record))
);

-- Names, brand names (`runs`) and web domains; trigram, so any three characters match, in any
-- script, and a misspelt name still shares most of its trigrams with the right one.
-- Its rowid is the directory row's id.
CREATE VIRTUAL TABLE directory_fts USING fts5(name, runs, domains, tokenize = 'trigram');
-- Names weigh most, then brand names, then domains.
INSERT INTO directory_fts (directory_fts, rank) VALUES ('rank', 'bm25(10.0, 5.0, 3.0)');

CREATE TABLE regulators (
    slug    TEXT PRIMARY KEY CHECK (slug <> ''),
    name    TEXT NOT NULL CHECK (name <> ''),
    origin  TEXT NOT NULL CHECK (origin IN ('builtin', 'directory')),
    record  TEXT NOT NULL CHECK (json_valid(record))
);

ALTER TABLE services ADD COLUMN directory_slug TEXT;
