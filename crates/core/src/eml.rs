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

/// A file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name shown to the recipient.
    pub name: String,
    /// Its MIME type (`application/pdf`, `image/jpeg`, ...).
    pub mime: String,
    /// Its bytes.
    pub data: Vec<u8>,
}

/// Renders the message with CRLF line ends.
pub fn render(envelope: &Envelope, subject: &str, body: &str) -> String {
    render_with(envelope, subject, body, &[])
}

/// Renders the message with `attachments` (multipart/mixed when there are any).
pub fn render_with(envelope: &Envelope, subject: &str, body: &str, attachments: &[Attachment]) -> String {
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
    if attachments.is_empty() {
        out.push_str(&text_part(body));
        return out;
    }
    // The boundary is derived from the Message-ID's random part, which no body contains.
    let boundary: String = format!(
        "=_pdesk_{}",
        envelope
            .message_id
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
    );
    out.push_str(&format!(
        "Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n"
    ));
    out.push_str("This is a message in MIME format.\r\n");
    out.push_str(&format!("--{boundary}\r\n"));
    out.push_str(&text_part(body));
    for a in attachments {
        out.push_str(&format!("--{boundary}\r\n"));
        let mime = if is_mime_type(&a.mime) {
            a.mime.as_str()
        } else {
            "application/octet-stream"
        };
        let name = encode_param(&a.name);
        out.push_str(&format!("Content-Type: {mime}; name{name}\r\n"));
        out.push_str(&format!("Content-Disposition: attachment; filename{name}\r\n"));
        out.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
        base64_lines(&mut out, &a.data);
    }
    out.push_str(&format!("--{boundary}--\r\n"));
    out
}

/// The text body's Content-Type and encoding headers, a blank line, and the body.
fn text_part(body: &str) -> String {
    let mut out = String::from("Content-Type: text/plain; charset=utf-8\r\n");
    let body = body.replace("\r\n", "\n");
    if body.is_ascii() && body.lines().all(|l| l.len() <= 998) {
        out.push_str("Content-Transfer-Encoding: 7bit\r\n\r\n");
        for line in body.lines() {
            out.push_str(line);
            out.push_str("\r\n");
        }
    } else {
        out.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
        base64_lines(&mut out, body.replace('\n', "\r\n").as_bytes());
    }
    out
}

fn base64_lines(out: &mut String, data: &[u8]) {
    let encoded = B64.encode(data);
    for chunk in encoded.as_bytes().chunks(76) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push_str("\r\n");
    }
}

fn is_mime_type(m: &str) -> bool {
    let Some((a, b)) = m.split_once('/') else { return false };
    let token = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c));
    token(a) && token(b)
}

/// A file name parameter: `="name"` for plain ASCII, RFC 2231 `*=UTF-8''...` otherwise.
fn encode_param(name: &str) -> String {
    let plain = name
        .chars()
        .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ');
    if plain {
        format!("=\"{name}\"")
    } else {
        let mut out = String::from("*=UTF-8''");
        for b in name.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }
}

/// A `mailto:` URL (RFC 6068) for `to` with this subject and body; non-ASCII text is UTF-8
/// percent-encoded, line ends become %0D%0A.
pub fn mailto(to: Option<&str>, subject: &str, body: &str) -> String {
    fn enc(s: &str) -> String {
        let mut out = String::new();
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~!$'()*,;:@/".contains(&b) {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }
    let body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!(
        "mailto:{}?subject={}&body={}",
        to.map(enc).unwrap_or_default(),
        enc(subject),
        enc(&body)
    )
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
