//! Privacy Desk's integration tests: one binary, a module per topic.

mod cli; // the `pdesk` command, run as a user runs it
mod seeds; // the five seed companies' letters
mod store; // real SQLite files: migrations, transactions, append-only timelines
