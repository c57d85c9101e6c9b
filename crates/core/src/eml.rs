//! RFC 5322 messages (`.eml`): headers with RFC 2047 encoded words, a UTF-8 text body.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::{DateTime, FixedOffset};

/// A mailbox: an optional display name and an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    /// The display name ("Hanako Yamada").
    pub name: Option<String>,
    /// The address.
    pub address: String,
}

/// The headers of a message.
#[derive(Debug, Clone)]
pub struct Envelope {
    /// Sender; `None` leaves the From header to the user's mail client.
    pub from: Option<Mailbox>,
    /// Recipient; `None` when the company publishes no usable address.
    pub to: Option<Mailbox>,
    /// The Date header.
    pub date: DateTime<FixedOffset>,
    /// The Message-ID, with its angle brackets.
    pub message_id: String,
}

/// A fresh Message-ID: `<REFERENCE.RANDOM@DOMAIN>`, the domain taken from the sender's address.
pub fn message_id(reference: &str, from: Option<&str>, rng: &mut fastrand::Rng) -> String {
    let domain = from
        .and_then(|a| a.rsplit_once('@'))
        .map(|(_, d)| d.trim().to_ascii_lowercase())
        .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .unwrap_or_else(|| "privacy-desk.invalid".to_owned());
    let token: String = (0..16)
        .map(|_| char::from(b"0123456789abcdef"[rng.usize(..16)]))
        .collect();
    let reference: String = reference
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("<{reference}.{token}@{domain}>")
}

/// Renders the message with CRLF line ends.
pub fn render(envelope: &Envelope, subject: &str, body: &str) -> String {
    let mut out = String::new();
    let mut header = |name: &str, value: &str| {
        out.push_str(name);
        out.push_str(": ");
        out.push_str(value);
        out.push_str("\r\n");
    };
    header("Date", &envelope.date.to_rfc2822());
    if let Some(from) = &envelope.from {
        header("From", &mailbox(from));
    }
    if let Some(to) = &envelope.to {
        header("To", &mailbox(to));
    }
    header("Message-ID", &envelope.message_id);
    header("Subject", &encode_header_text(subject, "Subject: ".len()));
    header("MIME-Version", "1.0");
    let body = body.replace("\r\n", "\n");
    let ascii = body.is_ascii() && body.lines().all(|l| l.len() <= 998);
    if ascii {
        header("Content-Type", "text/plain; charset=utf-8");
        header("Content-Transfer-Encoding", "7bit");
        out.push_str("\r\n");
        for line in body.lines() {
            out.push_str(line);
            out.push_str("\r\n");
        }
    } else {
        header("Content-Type", "text/plain; charset=utf-8");
        header("Content-Transfer-Encoding", "base64");
        out.push_str("\r\n");
        let normalised = body.replace('\n', "\r\n");
        let encoded = B64.encode(normalised.as_bytes());
        for chunk in encoded.as_bytes().chunks(76) {
            out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
            out.push_str("\r\n");
        }
    }
    out
}

fn mailbox(m: &Mailbox) -> String {
    match m.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        None => m.address.clone(),
        Some(name) if name.is_ascii() => {
            let needs_quotes = name.chars().any(|c| "()<>[]:;@\\,.\"".contains(c));
            if needs_quotes {
                format!(
                    "\"{}\" <{}>",
                    name.replace('\\', "\\\\").replace('"', "\\\""),
                    m.address
                )
            } else {
                format!("{name} <{}>", m.address)
            }
        }
        Some(name) => format!("{} <{}>", encode_words(name, 0), m.address),
    }
}

/// Encodes header text: ASCII stays as is (folded at spaces), anything else becomes RFC 2047
/// `=?UTF-8?B?...?=` words, each at most 75 characters, on folded lines.
pub fn encode_header_text(text: &str, first_line_used: usize) -> String {
    let text: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if text.is_ascii() {
        fold_ascii(&text, first_line_used)
    } else {
        encode_words(&text, first_line_used)
    }
}

fn fold_ascii(text: &str, first_line_used: usize) -> String {
    let mut out = String::new();
    let mut line_len = first_line_used;
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            if line_len + 1 + word.len() > 78 {
                out.push_str("\r\n ");
                line_len = 1;
            } else {
                out.push(' ');
                line_len += 1;
            }
        }
        out.push_str(word);
        line_len += word.len();
    }
    out
}

fn encode_words(text: &str, _first_line_used: usize) -> String {
    // "=?UTF-8?B?" + "?=" is 12 characters; 45 bytes of UTF-8 encode to 60 base64 characters,
    // keeping each word within the 75-character limit of RFC 2047 section 2.
    const MAX_BYTES: usize = 45;
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        if chunk.len() + c.len_utf8() > MAX_BYTES {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(chunk);
    }
    words
        .iter()
        .map(|w| format!("=?UTF-8?B?{}?=", B64.encode(w.as_bytes())))
        .collect::<Vec<_>>()
        .join("\r\n ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_words(header: &str) -> String {
        header
            .split("\r\n ")
            .map(|w| {
                let inner = w
                    .strip_prefix("=?UTF-8?B?")
                    .and_then(|w| w.strip_suffix("?="))
                    .expect("an encoded word");
                String::from_utf8(B64.decode(inner).expect("base64")).expect("utf-8")
            })
            .collect()
    }

    #[test]
    fn japanese_subjects_are_encoded_words_within_limits() {
        let subject = "保有個人データの開示請求（参照番号：PD-2026-7K3Q）とても長い件名でも正しく分割されること";
        let enc = encode_header_text(subject, 9);
        assert!(enc.is_ascii(), "headers are ASCII");
        for word in enc.split("\r\n ") {
            assert!(word.len() <= 75, "RFC 2047 limits a word to 75 characters: {word}");
        }
        assert_eq!(
            decode_words(&enc),
            subject,
            "decoding gives back the subject, no character split"
        );
    }

    #[test]
    fn ascii_subjects_fold_at_78() {
        let subject = "Subject access request under Article 15 GDPR for the account of a person with a rather long name (ref. PD-2026-AAAA)";
        let enc = encode_header_text(subject, 9);
        for (i, line) in enc.split("\r\n").enumerate() {
            let used = if i == 0 { 9 } else { 0 };
            assert!(line.len() + used <= 78, "line too long: {line}");
        }
        assert_eq!(enc.replace("\r\n", ""), subject, "unfolding gives back the subject");
    }

    #[test]
    fn message_ids_are_unique_and_well_formed() {
        let mut rng = fastrand::Rng::with_seed(7);
        let a = message_id("PD-2026-7K3Q", Some("hanako@example.jp"), &mut rng);
        let b = message_id("PD-2026-7K3Q", Some("hanako@example.jp"), &mut rng);
        assert_ne!(a, b);
        assert!(a.starts_with("<PD-2026-7K3Q.") && a.ends_with("@example.jp>"), "{a}");
        let c = message_id("PD-2026-7K3Q", None, &mut rng);
        assert!(c.ends_with("@privacy-desk.invalid>"), "no invented domain: {c}");
    }
}
