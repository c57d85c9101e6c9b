-- Version 3: the user's settings (UI language, reminder lead time), as key and JSON value.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL CHECK (json_valid(value))
);
