//! Fetching a page the user named (a privacy policy, the company directory): http and https only,
//! a 15 s timeout, at most 5 redirects, at most 5 MB, and only the content types the caller takes.
//! Conditional requests (ETag, Last-Modified) let an unchanged directory cost nothing.

use std::io::Read as _;
use std::time::Duration;

/// At most this many bytes are read.
pub const MAX_BYTES: u64 = 5 * 1024 * 1024;
/// How long a whole fetch may take.
pub const TIMEOUT: Duration = Duration::from_secs(15);
/// At most this many redirects are followed.
pub const MAX_REDIRECTS: usize = 5;

/// Why a fetch failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpErrorKind {
    /// Not an http(s) URL.
    BadUrl,
    /// The server could not be reached, or took too long.
    Connect,
    /// The server answered with an error status.
    Status,
    /// Too many redirects.
    Redirects,
    /// Larger than 5 MB.
    TooLarge,
    /// Not a content type asked for.
    WrongType,
    /// A local file could not be read.
    File,
}

/// A fetch error with a message for the user.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct HttpError {
    /// The kind.
    pub kind: HttpErrorKind,
    /// What happened and what to do.
    pub message: String,
}

fn fail(kind: HttpErrorKind, message: impl Into<String>) -> HttpError {
    HttpError {
        kind,
        message: message.into(),
    }
}

/// What a validator said about an earlier copy, for a conditional request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The ETag the server gave.
    pub etag: Option<String>,
    /// Its Last-Modified date, as sent.
    pub last_modified: Option<String>,
}

/// A fetched page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The server says the earlier copy is current (304).
    NotModified,
    /// The page.
    Page {
        /// The URL after redirects.
        url: String,
        /// The content type (lower case, without parameters).
        content_type: String,
        /// The text, decoded from its charset.
        text: String,
        /// Validators for the next conditional request.
        validators: Validators,
    },
}

/// Checks that `url` is an http or https URL.
pub fn check_url(url: &str) -> Result<reqwest::Url, HttpError> {
    let parsed = reqwest::Url::parse(url.trim()).map_err(|e| {
        fail(
            HttpErrorKind::BadUrl,
            format!("`{url}` is not a web address ({e}); give one starting with https://"),
        )
    })?;
    match parsed.scheme() {
        "http" | "https" if parsed.host().is_some() => Ok(parsed),
        s => Err(fail(
            HttpErrorKind::BadUrl,
            format!("`{url}` uses {s}:, not http: or https:; Privacy Desk only fetches web pages"),
        )),
    }
}

/// Fetches `url`, taking only the content types in `accept` (e.g. `text/html`, `text/plain`).
pub fn fetch(url: &str, accept: &[&str], validators: Option<&Validators>) -> Result<Fetched, HttpError> {
    let parsed = check_url(url)?;
    let tls = crate::mail::rustls_config(None).map_err(|e| fail(HttpErrorKind::Connect, e.message))?;
    let client = reqwest::blocking::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::custom(|attempt| {
            // `previous` holds the first URL and each one redirected to so far.
            if attempt.previous().len() > MAX_REDIRECTS {
                attempt.error("too many redirects")
            } else if !matches!(attempt.url().scheme(), "http" | "https") {
                attempt.error("a redirect left http(s)")
            } else {
                attempt.follow()
            }
        }))
        .tls_backend_preconfigured((*tls).clone())
        .user_agent(concat!("PrivacyDesk/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| fail(HttpErrorKind::Connect, format!("cannot set up the connection: {e}")))?;
    let mut req = client.get(parsed.clone()).header("Accept", accept.join(", "));
    if let Some(v) = validators {
        if let Some(etag) = &v.etag {
            req = req.header("If-None-Match", etag);
        }
        if let Some(lm) = &v.last_modified {
            req = req.header("If-Modified-Since", lm);
        }
    }
    let resp = req.send().map_err(|e| {
        if e.is_redirect() {
            fail(HttpErrorKind::Redirects, format!("{parsed} redirects more than {MAX_REDIRECTS} times; open it in a browser and give the final address"))
        } else if e.is_timeout() {
            fail(HttpErrorKind::Connect, format!("{parsed} did not answer within {} seconds; try again later or save the page and use the file", TIMEOUT.as_secs()))
        } else {
            fail(HttpErrorKind::Connect, format!("cannot reach {}: {}; check the address and your connection, or save the page and use the file", parsed, root_cause(&e)))
        }
    })?;
    let status = resp.status();
    if status == reqwest::StatusCode::NOT_MODIFIED {
        return Ok(Fetched::NotModified);
    }
    if !status.is_success() {
        return Err(fail(
            HttpErrorKind::Status,
            format!("{parsed} answered {status}; check the address"),
        ));
    }
    let final_url = resp.url().to_string();
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type_full = header("content-type").unwrap_or_default();
    let content_type = content_type_full
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if !accept.contains(&content_type.as_str()) {
        return Err(fail(
            HttpErrorKind::WrongType,
            format!(
                "{final_url} is {}, not {}; give the address of the page itself",
                if content_type.is_empty() {
                    "of no stated type"
                } else {
                    content_type.as_str()
                },
                accept.join(" or ")
            ),
        ));
    }
    if resp.content_length().is_some_and(|n| n > MAX_BYTES) {
        return Err(too_large(&final_url));
    }
    let validators = Validators {
        etag: header("etag"),
        last_modified: header("last-modified"),
    };
    let mut body = Vec::new();
    resp.take(MAX_BYTES + 1).read_to_end(&mut body).map_err(|e| {
        fail(
            HttpErrorKind::Connect,
            format!("the download from {final_url} broke off: {e}"),
        )
    })?;
    if body.len() as u64 > MAX_BYTES {
        return Err(too_large(&final_url));
    }
    Ok(Fetched::Page {
        url: final_url,
        text: decode(&body, &content_type_full),
        content_type,
        validators,
    })
}

fn too_large(url: &str) -> HttpError {
    fail(
        HttpErrorKind::TooLarge,
        format!("{url} is larger than 5 MB; that is not a privacy policy page"),
    )
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

/// Decodes a body by the charset in its Content-Type, else a `<meta charset>` near the top,
/// else UTF-8 (Japanese pages are still sometimes Shift_JIS or EUC-JP).
pub fn decode(body: &[u8], content_type: &str) -> String {
    let from_header = content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("charset="))
        .next()
        .map(|c| c.trim_matches('"').to_owned());
    let from_meta = || {
        let head = String::from_utf8_lossy(&body[..body.len().min(2048)]).to_ascii_lowercase();
        let at = head.find("charset=")?;
        let rest = head[at + 8..].trim_start_matches(['"', '\'']);
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        (!name.is_empty()).then_some(name)
    };
    let label = from_header.or_else(from_meta).unwrap_or_else(|| "utf-8".to_owned());
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap_or(encoding_rs::UTF_8);
    encoding.decode(body).0.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses() {
        for bad in [
            "file:///etc/passwd",
            "ftp://example.com/x",
            "javascript:alert(1)",
            "not a url",
            "https://",
        ] {
            assert_eq!(
                check_url(bad).map_err(|e| e.kind).err(),
                Some(HttpErrorKind::BadUrl),
                "{bad}"
            );
        }
        assert!(check_url("https://example.jp/privacy").is_ok());
    }

    #[test]
    fn charsets_are_honoured() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("個人情報保護方針");
        assert_eq!(decode(&sjis, "text/html; charset=Shift_JIS"), "個人情報保護方針");
        let mut page = b"<html><head><meta charset=\"euc-jp\"></head><body>".to_vec();
        page.extend_from_slice(&encoding_rs::EUC_JP.encode("開示請求").0);
        assert!(decode(&page, "text/html").ends_with("<body>開示請求"));
        assert_eq!(decode("über".as_bytes(), "text/plain"), "über");
    }
}

/// A privacy policy's text and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// The page's text or HTML.
    pub text: String,
    /// The URL (after redirects) or the file's path.
    pub source: String,
}

/// Reads a policy from a URL (`http://`, `https://`) or a file: HTML or plain text, 5 MB at most.
pub fn load_policy(source: &str) -> Result<Policy, HttpError> {
    let s = source.trim();
    if s.contains("://") {
        return match fetch(s, &["text/html", "text/plain", "application/xhtml+xml"], None)? {
            Fetched::Page { url, text, .. } => Ok(Policy { text, source: url }),
            Fetched::NotModified => Err(fail(
                HttpErrorKind::Status,
                format!("{s} answered 304 to a plain request"),
            )),
        };
    }
    let path = std::path::Path::new(s);
    let cannot = |e: std::io::Error| fail(HttpErrorKind::File, format!("cannot read {}: {e}", path.display()));
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.len() > MAX_BYTES {
        return Err(fail(
            HttpErrorKind::TooLarge,
            format!("{} is larger than 5 MB; that is not a privacy policy", path.display()),
        ));
    }
    let bytes = std::fs::read(path).map_err(cannot)?;
    policy_from_bytes(&path.display().to_string(), &bytes)
}

/// A policy from a file's bytes (read from disk, or picked or dropped in the app): refused when
/// larger than 5 MB or not text, else decoded by its charset.
pub fn policy_from_bytes(name: &str, bytes: &[u8]) -> Result<Policy, HttpError> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(fail(
            HttpErrorKind::TooLarge,
            format!("{name} is larger than 5 MB; that is not a privacy policy"),
        ));
    }
    if bytes.iter().take(8192).any(|b| *b == 0) {
        return Err(fail(
            HttpErrorKind::WrongType,
            format!("{name} is not text or HTML; save the policy page as HTML or copy its text into a .txt file"),
        ));
    }
    Ok(Policy {
        text: decode(bytes, ""),
        source: name.to_owned(),
    })
}

/// The content types a company directory is taken in.
pub const DIRECTORY_TYPES: &[&str] = &["application/json", "text/plain", "text/json"];

/// Fetches the directory at `url`, asking with `validators` whether it changed; `None` when
/// the server says it did not.
pub fn fetch_directory(url: &str, validators: Option<&Validators>) -> Result<Option<(String, Validators)>, HttpError> {
    Ok(match fetch(url, DIRECTORY_TYPES, validators)? {
        Fetched::NotModified => None,
        Fetched::Page { text, validators, .. } => Some((text, validators)),
    })
}
