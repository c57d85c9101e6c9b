//! Privacy Desk's core: the domain of data-protection requests, kept on the user's machine.
//!
//! - [`model`]: profiles, services, requests and their append-only timelines;
//! - [`store`]: the SQLite file they live in;
//! - [`letters`] and [`eml`]: request letters from templates, as text and as RFC 5322 messages;
//! - [`deadline`]: legal deadlines as pure functions of dates;
//! - [`desk`]: one method per user action, the API the command line and the app call.
//!
//! This crate does no network I/O and never reads the clock: callers pass dates in.
#![deny(missing_docs)]

pub mod calendar;
pub mod complaint;
pub mod deadline;
pub mod desk;
pub mod directory;
pub mod eml;
pub mod error;
pub mod letters;
pub mod mail;
pub mod model;
pub mod next;
pub mod policy;
pub mod stats;
pub mod store;

pub use desk::Desk;
pub use error::{Error, ErrorKind, Result};
