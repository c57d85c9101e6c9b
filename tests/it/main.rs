//! Privacy Desk's integration tests: one binary, a module per topic.

mod cli; // the `pdesk` command, run as a user runs it
mod directory; // the company directory: import, search, update over HTTP from 127.0.0.1
mod e2e; // the real desktop app under Xvfb through tauri-driver
mod followthrough; // next steps and the calendar file, parsed by a real iCalendar parser
mod mail; // sending and replies against real SMTP and Secret Service on 127.0.0.1
mod policy; // reading privacy policies from files and from a web server on 127.0.0.1
mod seeds; // the five seed companies' letters
mod store; // real SQLite files: migrations, transactions, append-only timelines
