//! Privacy Desk's integration tests: one binary, a module per topic.

mod cli; // the `pdesk` command, run as a user runs it
mod e2e;
mod seeds; // the five seed companies' letters
mod store; // real SQLite files: migrations, transactions, append-only timelines // the real desktop app under Xvfb through tauri-driver
