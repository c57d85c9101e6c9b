//! The command line's shape. Values arrive as strings and are parsed by pdesk-core, so a bad
//! value gets core's one-line message that names it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Privacy Desk: track who holds your data, write access, correction, deletion and stop-use
/// requests, and follow each one to its legal deadline. Everything stays on this machine.
#[derive(Debug, Parser)]
#[command(name = "pdesk", version, max_term_width = 100)]
pub struct Cli {
    /// The data directory (default: the OS's data folder; or set PDESK_DATA_DIR).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The person making requests.
    #[command(subcommand)]
    Profile(ProfileCmd),
    /// Services and companies that hold your data.
    #[command(subcommand)]
    Service(Box<ServiceCmd>),
    /// Requests, their letters and timelines.
    #[command(subcommand)]
    Request(Box<RequestCmd>),
    /// What is due or overdue.
    Deadlines {
        /// The day to look from (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Also list what falls due within this many days.
        #[arg(long, value_name = "DAYS", default_value_t = 7)]
        within: i64,
    },
    /// What to do next about each open request, most urgent first.
    Next {
        /// The day to look from (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// How services answer: requests, in time or late, outcomes, median days to an answer.
    Stats {
        /// Per law instead of per service.
        #[arg(long)]
        by_law: bool,
        /// Write CSV to this file instead of printing a table.
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        /// The day to look from (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Calendar files of deadlines and next steps.
    #[command(subcommand)]
    Calendar(CalendarCmd),
    /// Mail accounts for sending requests and reading replies (passwords in the OS keyring).
    #[command(subcommand)]
    Account(Box<AccountCmd>),
    /// Replies from companies: import .eml files, list the unmatched, assign them.
    #[command(subcommand)]
    Reply(ReplyCmd),
    /// Read new replies from a mail account's IMAP folder.
    #[command(subcommand)]
    Mail(MailCmd),
    /// The company directory (datarequests.org format): import, update, search.
    #[command(subcommand)]
    Directory(DirectoryCmd),
    /// Regulators to complain to: built in, plus the directory's supervisory authorities.
    Regulator {
        /// Only those for this law (appi, gdpr, uk-gdpr, ccpa ...).
        #[arg(long)]
        law: Option<String>,
    },
    /// Read a privacy policy: contacts, data held, rights, ID proof, fees, response time, laws.
    #[command(subcommand)]
    Policy(PolicyCmd),
    /// Show where the data and your letter templates are kept.
    Paths,
    /// Compute a legal deadline without creating anything.
    Deadline(Box<DeadlineArgs>),
}

#[derive(Debug, Subcommand)]
pub enum DirectoryCmd {
    /// Import records: one record, an array, or the offline dump; from a file or an http(s) URL
    /// (a URL is remembered for `directory update`).
    Import {
        /// A JSON file or URL.
        source: String,
    },
    /// Fetch the remembered URL again; nothing is downloaded when the server says it is unchanged.
    Update,
    /// Find companies by name, brand name or web domain (three letters are enough).
    Search {
        /// What to look for.
        text: String,
    },
    /// Show one company's record.
    Show {
        /// Its slug.
        slug: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum CalendarCmd {
    /// Write an iCalendar (.ics) file of every open deadline and next step, with reminders;
    /// importing it again updates the same events.
    Export {
        /// The file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Days before each event to remind (default: the reminder lead time in settings).
        #[arg(long, value_name = "DAYS")]
        remind: Option<i64>,
        /// The day to look from (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Keep privacy-desk.ics up to date in a folder (for a calendar app that subscribes to a
    /// local file): it is rewritten after every change, by pdesk and by the app.
    Keep {
        /// The folder.
        #[arg(long, value_name = "DIR", conflicts_with = "off", required_unless_present = "off")]
        dir: Option<PathBuf>,
        /// Stop keeping the file (it stays where it is).
        #[arg(long)]
        off: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PolicyCmd {
    /// Print what a policy says, each finding with the sentence it came from.
    Analyze {
        /// A file (HTML or text) or an http(s) URL (fetched: 15 s, 5 MB, 5 redirects at most).
        source: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProfileCmd {
    /// Create or change your profile (the first profile unless --id is given).
    Set(ProfileArgs),
    /// Add another profile (for a family member's requests).
    Add(ProfileArgs),
    /// Show the profiles.
    Show,
}

#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// Which profile to change.
    #[arg(long)]
    pub id: Option<i64>,
    /// Full name.
    #[arg(long)]
    pub name: Option<String>,
    /// The name in another script (e.g. kana).
    #[arg(long)]
    pub alt_name: Option<String>,
    /// E-mail address (repeat for several; the first is used as sender).
    #[arg(long)]
    pub email: Vec<String>,
    /// Postal address.
    #[arg(long)]
    pub address: Option<String>,
    /// Phone number.
    #[arg(long)]
    pub phone: Option<String>,
    /// Date of birth, YYYY-MM-DD.
    #[arg(long)]
    pub birthdate: Option<String>,
    /// Country of residence, ISO 3166-1 alpha-2 (JP, DE, GB ...): where complaints can go.
    #[arg(long)]
    pub country: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ServiceCmd {
    /// Add a service.
    Add(ServiceArgs),
    /// List services.
    List {
        /// Only services whose name, website or address contains this text.
        #[arg(long)]
        search: Option<String>,
        /// Only services under this law.
        #[arg(long)]
        law: Option<String>,
    },
    /// Show one service and its requests.
    Show {
        /// Service id.
        id: i64,
    },
    /// Change a service.
    Edit {
        /// Service id.
        id: i64,
        #[command(flatten)]
        args: ServiceArgs,
    },
    /// Remove a service that has no requests.
    Remove {
        /// Service id.
        id: i64,
    },
}

#[derive(Debug, Args)]
pub struct ServiceArgs {
    /// Fill the service in from its privacy policy (a file or an http(s) URL); the other
    /// options given here win over what the policy says.
    #[arg(long, value_name = "FILE|URL")]
    pub from_policy: Option<String>,
    /// Fill the service in from the company directory (see `pdesk directory search`); the other
    /// options given here win.
    #[arg(long, value_name = "SLUG")]
    pub from_directory: Option<String>,
    /// Display name.
    #[arg(long)]
    pub name: Option<String>,
    /// Legal entity name.
    #[arg(long)]
    pub legal_name: Option<String>,
    /// Privacy contact e-mail (repeat for several).
    #[arg(long)]
    pub email: Vec<String>,
    /// Postal address.
    #[arg(long)]
    pub address: Option<String>,
    /// Website.
    #[arg(long)]
    pub website: Option<String>,
    /// Privacy request web form.
    #[arg(long)]
    pub webform: Option<String>,
    /// Phone number.
    #[arg(long)]
    pub phone: Option<String>,
    /// appi, gdpr, uk-gdpr, ccpa, lgpd, pipeda, fadp, pipa, pdpa or generic.
    #[arg(long)]
    pub law: Option<String>,
    /// Language of requests: ja, en or de (default: from the law).
    #[arg(long)]
    pub lang: Option<String>,
    /// Its country, ISO 3166-1 alpha-2: the holiday calendar where there is one (JP, DE, GB, US,
    /// US-CA, CA, BR, CH, KR; default: from the law) and, under the GDPR, the regulator suggested.
    #[arg(long)]
    pub country: Option<String>,
    /// Data categories it holds, comma-separated (name, email, postal_address, phone, ...).
    #[arg(long, value_name = "CAT,CAT,...")]
    pub data: Vec<String>,
    /// Other data it holds, in your words (repeat).
    #[arg(long)]
    pub data_other: Vec<String>,
    /// Your account identifier there (repeat).
    #[arg(long)]
    pub account_id: Vec<String>,
    /// An identity document it asks for (repeat).
    #[arg(long)]
    pub id_document: Vec<String>,
    /// Fees it mentions.
    #[arg(long)]
    pub fees: Option<String>,
    /// Notes.
    #[arg(long)]
    pub notes: Option<String>,
    /// Where the record came from: manual, directory or policy.
    #[arg(long)]
    pub source: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RequestCmd {
    /// Draft a request (to several services with --service 1,2,3); prints id and reference.
    New(NewRequestArgs),
    /// Change a draft's details and render its letter again.
    Edit {
        /// Request id.
        id: i64,
        /// The details (corrections, what to delete, reasons).
        #[arg(long)]
        details: Option<String>,
        /// APPI Art. 35 ground (repeat or comma-separate).
        #[arg(long)]
        ground: Vec<String>,
        /// email, post or webform.
        #[arg(long)]
        via: Option<String>,
    },
    /// Print the letter.
    Letter {
        /// Request id.
        id: i64,
        /// text or eml.
        #[arg(long, default_value = "text")]
        format: String,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Record that the request was sent.
    Sent {
        /// Request id.
        id: i64,
        /// The date it was sent, YYYY-MM-DD.
        #[arg(long)]
        on: String,
        /// email, post or webform (default: the request's channel).
        #[arg(long)]
        via: Option<String>,
    },
    /// Record what happened: delivered, acknowledged, identity-requested, identity-sent,
    /// extension-notified, reply-received, followup-sent, complaint-filed, closed, note.
    Event(EventArgs),
    /// Send the letter by e-mail through a mail account (several ids: one by one, stopping at
    /// the first login or connection failure).
    Send {
        /// Request id(s).
        #[arg(required = true)]
        ids: Vec<i64>,
        /// The account to send with (default: the only one).
        #[arg(long)]
        account: Option<i64>,
        /// A file to attach (repeat for several).
        #[arg(long, value_name = "FILE")]
        attach: Vec<PathBuf>,
    },
    /// Draft a follow-up letter to a sent request: reminder (no answer), incomplete (name what
    /// is missing with --missing), identity (too much proof asked), fee, channel (their own
    /// form or language) or refusal (no reasons given). It is a request of its own: show, send and track it
    /// like any other; sending it records a follow-up on the original.
    Followup {
        /// The request to follow up.
        id: i64,
        /// reminder, incomplete, identity, fee, channel or refusal.
        #[arg(long = "type", value_name = "TYPE")]
        kind: String,
        /// For incomplete: what the answer left out (repeat; e.g. copy, purposes; APPI: data,
        /// form; CCPA: specific-pieces ...).
        #[arg(long, value_name = "ITEM")]
        missing: Vec<String>,
        /// For identity, fee, channel and refusal: what the company asked for or said, quoted
        /// in the letter.
        #[arg(long, value_name = "TEXT")]
        details: Option<String>,
        /// Send it by e-mail at once (through the only mail account, or --account).
        #[arg(long)]
        send: bool,
        /// The account to send with.
        #[arg(long)]
        account: Option<i64>,
    },
    /// Print a complaint to the regulator about the request, written from its timeline (the
    /// suggested regulator unless --regulator); attach the evidence bundle it lists. With
    /// --send, e-mail it to the regulator with the evidence attached and record it as filed.
    Complaint {
        /// Request id.
        id: i64,
        /// The regulator's slug (see `pdesk regulator list`).
        #[arg(long, value_name = "SLUG")]
        regulator: Option<String>,
        /// E-mail it to the regulator's address now (its evidence bundle attached).
        #[arg(long)]
        send: bool,
        /// The account to send with.
        #[arg(long)]
        account: Option<i64>,
    },
    /// Print a mailto: link that opens the letter in your mail app.
    Mailto {
        /// Request id.
        id: i64,
    },
    /// Write the evidence bundle (.zip): messages as .eml, attachments, the timeline as JSON
    /// and as a summary, and a SHA-256 manifest.
    Evidence {
        /// Request id.
        id: i64,
        /// The ZIP file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The messages sent and received for a request, with their receipts.
    Messages {
        /// Request id.
        id: i64,
    },
    /// Show a request: letter, timeline and deadline.
    Show {
        /// Request id.
        id: i64,
    },
    /// List requests.
    List {
        /// Only requests with this status.
        #[arg(long)]
        status: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct NewRequestArgs {
    /// Service id (repeat or comma-separate to send the same request to several).
    #[arg(long, required = true)]
    pub service: Vec<String>,
    /// access, correction, deletion, stop-use, restriction, portability, opt-out,
    /// third-party-records or custom.
    #[arg(long)]
    pub kind: String,
    /// The law (default: the service's).
    #[arg(long)]
    pub law: Option<String>,
    /// The letter's language (default: the service's).
    #[arg(long)]
    pub lang: Option<String>,
    /// email, post or webform (default: email when the service has an address).
    #[arg(long)]
    pub via: Option<String>,
    /// The details the kind needs: the corrections, what to delete, your reasons.
    #[arg(long)]
    pub details: Option<String>,
    /// APPI Art. 35 grounds for stop-use and deletion: beyond-purpose, improper-use,
    /// wrongful-acquisition, unlawful-provision, no-longer-needed, leak, rights-harmed.
    #[arg(long)]
    pub ground: Vec<String>,
    /// The profile making the request (default: the first).
    #[arg(long)]
    pub profile: Option<i64>,
    /// The letter's date, YYYY-MM-DD (default: today).
    #[arg(long)]
    pub date: Option<String>,
}

#[derive(Debug, Args)]
pub struct EventArgs {
    /// Request id.
    pub id: i64,
    /// The event type.
    #[arg(long = "type")]
    pub r#type: String,
    /// The date it happened, YYYY-MM-DD.
    #[arg(long)]
    pub on: String,
    /// reply-received: complete, partial, refused or no-data.
    #[arg(long)]
    pub outcome: Option<String>,
    /// extension-notified: the new date the company gave; followup-sent: the date the letter
    /// asked for an answer by.
    #[arg(long)]
    pub new_date: Option<String>,
    /// The reason given, what the regulator said, or a note.
    #[arg(long, alias = "reason", alias = "note")]
    pub text: Option<String>,
    /// followup-sent: email, post or webform.
    #[arg(long)]
    pub via: Option<String>,
}

#[derive(Debug, Args)]
pub struct DeadlineArgs {
    /// appi, gdpr, uk-gdpr, ccpa, lgpd, pipeda, fadp, pipa, pdpa or generic.
    #[arg(long)]
    pub law: String,
    /// The kind of request.
    #[arg(long)]
    pub kind: String,
    /// The date the company received the request, YYYY-MM-DD.
    #[arg(long)]
    pub received: String,
    /// ISO 3166 code of the holiday calendar (JP, DE, GB, US, US-CA, CA, BR, CH, KR).
    #[arg(long)]
    pub country: Option<String>,
    /// The date the company's extension notice arrived.
    #[arg(long)]
    pub extension_notice: Option<String>,
    /// The new date named in the extension notice.
    #[arg(long)]
    pub extension_date: Option<String>,
    /// UK: the date the identity information arrived.
    #[arg(long)]
    pub identity_received: Option<String>,
    /// UK: the date the fee was paid.
    #[arg(long)]
    pub fee_paid: Option<String>,
    /// UK: days the clock stopped for a clarification.
    #[arg(long, default_value_t = 0)]
    pub clarification_days: u32,
}

#[derive(Debug, Subcommand)]
pub enum AccountCmd {
    /// Add an account; the password is read from standard input into the OS keyring.
    Add(Box<AccountArgs>),
    /// List the accounts.
    List,
    /// Connect and log in to the account's servers; sends nothing.
    Test {
        /// Account id.
        id: i64,
    },
    /// Remove an account and its password from the OS keyring.
    Remove {
        /// Account id.
        id: i64,
    },
}

#[derive(Debug, Args)]
pub struct AccountArgs {
    /// A name for the account.
    #[arg(long)]
    pub name: String,
    /// The From address.
    #[arg(long)]
    pub from: String,
    /// SMTP server.
    #[arg(long)]
    pub smtp_host: String,
    /// SMTP port (465 with tls, 587 with starttls).
    #[arg(long)]
    pub smtp_port: u16,
    /// tls or starttls.
    #[arg(long)]
    pub smtp_security: Option<String>,
    /// User name for logging in.
    #[arg(long)]
    pub user: String,
    /// IMAP server, to fetch replies.
    #[arg(long)]
    pub imap_host: Option<String>,
    /// IMAP port (993 with tls, 143 with starttls).
    #[arg(long)]
    pub imap_port: Option<u16>,
    /// tls or starttls.
    #[arg(long)]
    pub imap_security: Option<String>,
    /// IMAP folder to read (default INBOX).
    #[arg(long)]
    pub imap_folder: Option<String>,
    /// Read the password from standard input (the only way to give it).
    #[arg(long, required = true)]
    pub password_stdin: bool,
    /// A private CA certificate (PEM) your servers use.
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ReplyCmd {
    /// Import replies saved as .eml files and match them to requests.
    Import {
        /// The files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Replies not matched to a request.
    List,
    /// Assign an unmatched reply to a request.
    Assign {
        /// Message id (from `pdesk reply list`).
        message: i64,
        /// Request id.
        #[arg(long)]
        request: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum MailCmd {
    /// Read new messages from the account's IMAP folder (read-only) and match them.
    Fetch {
        /// Account id (default: the only one with IMAP).
        #[arg(long)]
        account: Option<i64>,
    },
}
