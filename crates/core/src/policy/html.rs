//! HTML to text for policy analysis. The structure that matters for reading a policy (headings,
//! paragraphs, list items, table cells) becomes line breaks; scripts, styles and comments go;
//! entities are decoded; Cloudflare's `data-cfemail` obfuscation is undone; a `mailto:` link whose
//! text hides its address gets the address after it. Nothing here is ever shown as HTML.
//!
//! A small tolerant scanner rather than a full HTML parser: it never fails, whatever the input,
//! and reads a 100 KB page in well under a millisecond.

/// Elements whose start or end is a line break in the text.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "div",
    "dl",
    "dt",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements whose content is never text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "head", "iframe", "object",
];

/// What [`to_text`] read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct HtmlText {
    /// The text, a line per block.
    pub text: String,
    /// Addresses decoded from `data-cfemail` or `/cdn-cgi/l/email-protection#...` links.
    pub decoded_emails: Vec<String>,
}

/// Whether `s` looks like an HTML document or fragment rather than plain text.
pub fn looks_like_html(s: &str) -> bool {
    let head: String = s.chars().take(2048).collect::<String>().to_ascii_lowercase();
    head.contains("<html")
        || head.contains("<!doctype html")
        || head.contains("<body")
        || head.contains("<p>")
        || head.contains("<div")
        || head.contains("<h1")
}

/// Converts HTML to text (see the module comment).
pub fn to_text(html: &str) -> HtmlText {
    let mut out = HtmlText::default();
    let mut text = String::with_capacity(html.len() / 2);
    // A pending `mailto:` address, written after the link's text unless the text has it.
    let mut link_mail: Option<(String, usize)> = None;
    let mut skip_until: Option<String> = None;
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < html.len() {
        if bytes[i] != b'<' {
            let end = html[i..].find('<').map_or(html.len(), |n| i + n);
            if skip_until.is_none() {
                push_text(&mut text, &decode_entities(&html[i..end]));
            }
            i = end;
            continue;
        }
        // A comment, a declaration or a tag.
        if html[i..].starts_with("<!--") {
            i = html[i + 4..].find("-->").map_or(html.len(), |n| i + 4 + n + 3);
            continue;
        }
        let Some(close) = find_tag_end(&html[i..]) else {
            // A lone '<' in text.
            if skip_until.is_none() {
                push_text(&mut text, "<");
            }
            i += 1;
            continue;
        };
        let tag = &html[i + 1..i + close];
        i += close + 1;
        let (name, closing) = tag_name(tag);
        if let Some(until) = &skip_until {
            if closing && name == *until {
                skip_until = None;
            }
            continue;
        }
        if name.is_empty() {
            continue;
        }
        if !closing && SKIP.contains(&name.as_str()) && !tag.trim_end().ends_with('/') {
            skip_until = Some(name);
            continue;
        }
        if BLOCK.contains(&name.as_str()) {
            newline(&mut text);
        }
        if name == "a" && !closing {
            if let Some(hex) = attr(tag, "data-cfemail") {
                if let Some(addr) = cf_decode(&hex) {
                    out.decoded_emails.push(addr.clone());
                    link_mail = Some((addr, text.len()));
                }
            } else if let Some(href) = attr(tag, "href") {
                let href = decode_entities(&href);
                if let Some(hex) = href.split("/cdn-cgi/l/email-protection#").nth(1) {
                    if let Some(addr) = cf_decode(hex) {
                        out.decoded_emails.push(addr.clone());
                        link_mail = Some((addr, text.len()));
                    }
                } else if let Some(rest) = href.trim().strip_prefix("mailto:") {
                    let addr = percent_decode(rest.split('?').next().unwrap_or_default());
                    link_mail = Some((addr, text.len()));
                }
            }
        } else if name == "span" && !closing {
            // Cloudflare also marks bare spans.
            if let Some(addr) = attr(tag, "data-cfemail").and_then(|h| cf_decode(&h)) {
                out.decoded_emails.push(addr.clone());
                push_text(&mut text, &format!(" {addr} "));
                skip_until = Some("span".into());
            }
        } else if name == "a"
            && closing
            && let Some((addr, start)) = link_mail.take()
        {
            let shown = text.get(start..).unwrap_or_default();
            if shown.contains("[email") && shown.contains("protected]") {
                // Cloudflare's placeholder: replace it with the address.
                let cut = text[start..].find("[email").map_or(start, |n| start + n);
                text.truncate(cut);
                push_text(&mut text, &addr);
            } else if !shown.contains(addr.as_str()) {
                push_text(&mut text, &format!(" <{addr}>"));
            }
        }
    }
    // Tidy: trim each line, drop runs of empty lines.
    let mut tidy = String::with_capacity(text.len());
    let mut blank = true;
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            if !blank {
                tidy.push('\n');
            }
            blank = true;
        } else {
            tidy.push_str(&line);
            tidy.push('\n');
            blank = false;
        }
    }
    out.text = tidy;
    out
}

fn push_text(text: &mut String, s: &str) {
    for c in s.chars() {
        // Whitespace in HTML text is a space; the structure makes the line breaks.
        text.push(if c.is_whitespace() && c != '\u{3000}' { ' ' } else { c });
    }
}

fn newline(text: &mut String) {
    if !text.ends_with('\n') {
        text.push('\n');
    }
}

/// The index of the `>` that ends the tag starting at `s[0] == '<'`, respecting quotes.
fn find_tag_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.len() < 2 || !(b[1].is_ascii_alphabetic() || b[1] == b'/' || b[1] == b'!' || b[1] == b'?') {
        return None;
    }
    let mut quote = None;
    for (i, &c) in b.iter().enumerate().skip(1) {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn tag_name(tag: &str) -> (String, bool) {
    let t = tag.trim_start();
    let (closing, t) = match t.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let name: String = t
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    (name, closing)
}

/// The value of attribute `name` in a tag's text.
fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(name) {
        let at = from + pos;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - rest.len() + 1;
        let v = tag[value_start..].trim_start();
        let value = match v.chars().next() {
            Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or_default(),
            _ => v
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or_default(),
        };
        return Some(value.to_owned());
    }
    None
}

/// Decodes Cloudflare's e-mail obfuscation: hex pairs, the first the key XORed with the rest.
pub fn cf_decode(hex: &str) -> Option<String> {
    let hex = hex.trim();
    if hex.len() < 4 || !hex.len().is_multiple_of(2) || hex.len() > 512 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect();
    let bytes = bytes?;
    let key = bytes[0];
    let decoded: Vec<u8> = bytes[1..].iter().map(|b| b ^ key).collect();
    let s = String::from_utf8(decoded).ok()?;
    (s.contains('@') && !s.chars().any(char::is_control)).then_some(s)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).trim().to_owned()
}

/// Decodes the named entities a policy uses and every numeric one.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| c == ';' || c == '&' || c.is_whitespace())
            .map(|n| n + 1);
        let decoded = end
            .filter(|&e| rest.as_bytes().get(e) == Some(&b';') && e <= 12)
            .and_then(|e| {
                let name = &rest[1..e];
                let c = if let Some(num) = name.strip_prefix('#') {
                    let v = match num.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok(),
                        None => num.parse().ok(),
                    };
                    v.and_then(char::from_u32)
                        .filter(|c| !c.is_control() || c.is_whitespace())
                } else {
                    match name {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        "nbsp" => Some(' '),
                        "copy" => Some('©'),
                        "reg" => Some('®'),
                        "ndash" => Some('–'),
                        "mdash" => Some('—'),
                        "lsquo" => Some('‘'),
                        "rsquo" => Some('’'),
                        "ldquo" => Some('“'),
                        "rdquo" => Some('”'),
                        "hellip" => Some('…'),
                        "middot" => Some('·'),
                        "commat" => Some('@'),
                        "period" => Some('.'),
                        _ => None,
                    }
                };
                c.map(|c| (c, e))
            });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_becomes_lines_and_scripts_go() {
        let h = to_text(
            "<html><head><title>x</title><style>p{}</style></head><body><h1>Privacy&nbsp;Policy</h1>\
             <p>We collect<br>your name.</p><ul><li>one</li><li>two</li></ul>\
             <table><tr><td>Email</td><td>privacy@example.jp</td></tr></table>\
             <script>document.write('<p>evil</p>')</script><!-- <p>hidden</p> --></body></html>",
        );
        assert_eq!(
            h.text,
            "Privacy Policy\nWe collect\nyour name.\none\ntwo\nEmail\nprivacy@example.jp\n"
        );
    }

    #[test]
    fn cloudflare_addresses_are_decoded() {
        // "privacy@example.jp" XOR 0x42, with the key first.
        let key = 0x42u8;
        let hex: String = std::iter::once(key)
            .chain("privacy@example.jp".bytes().map(|b| b ^ key))
            .map(|b| format!("{b:02x}"))
            .collect();
        let page = format!(
            "<p>Contact: <a href=\"/cdn-cgi/l/email-protection\" class=\"__cf_email__\" data-cfemail=\"{hex}\">[email&#160;protected]</a>.</p>\
             <p>Or <a href=\"/cdn-cgi/l/email-protection#{hex}\">write to us</a></p>"
        );
        let h = to_text(&page);
        assert_eq!(h.decoded_emails, vec!["privacy@example.jp"; 2]);
        assert!(h.text.contains("Contact: privacy@example.jp."), "{}", h.text);
        assert!(h.text.contains("write to us <privacy@example.jp>"), "{}", h.text);
        assert_eq!(cf_decode("zz"), None);
        assert_eq!(cf_decode("4243"), None, "not an address");
    }

    #[test]
    fn mailto_links_show_their_address_and_entities_decode() {
        let h =
            to_text("<p><a href='mailto:dpo%40example.com?subject=x'>our DPO</a> &amp; &#x6F22;&#23383; &bogus; &</p>");
        assert_eq!(h.text, "our DPO <dpo@example.com> & 漢字 &bogus; &\n");
    }

    #[test]
    fn broken_html_never_fails() {
        for s in [
            "<",
            "<<<>>>",
            "<a href=\"",
            "<p",
            "&#xFFFFFFFF;",
            "<script>never closed",
            "<a data-cfemail=zz>",
            "\u{0}<é>",
        ] {
            let _ = to_text(s);
        }
        assert_eq!(to_text("1 < 2 and 3 > 2").text, "1 < 2 and 3 > 2\n");
    }
}
