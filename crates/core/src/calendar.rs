//! iCalendar (RFC 5545) export of every open deadline and next step: all-day events with a
//! reminder alarm, and UIDs made from the request's reference code, so importing the file again
//! updates the same events instead of adding new ones.

use chrono::{Duration, NaiveDate};

use crate::desk::Desk;
use crate::error::Result;
use crate::model::{Law, Status};
use crate::next::{Step, next_step};

/// Escapes a TEXT value (RFC 5545 3.3.11).
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded at 75 octets without splitting a character (3.1).
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

struct Event {
    uid: String,
    on: NaiveDate,
    summary: String,
    description: String,
    sequence: usize,
}

fn write_event(out: &mut String, e: &Event, stamp: NaiveDate, remind_days: i64) {
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{}", e.uid));
    line(out, &format!("DTSTAMP:{}T000000Z", ymd(stamp)));
    line(out, &format!("SEQUENCE:{}", e.sequence));
    line(out, &format!("DTSTART;VALUE=DATE:{}", ymd(e.on)));
    line(out, &format!("DTEND;VALUE=DATE:{}", ymd(e.on + Duration::days(1))));
    line(out, &format!("SUMMARY:{}", text(&e.summary)));
    line(out, &format!("DESCRIPTION:{}", text(&e.description)));
    line(out, "TRANSP:TRANSPARENT");
    line(out, "BEGIN:VALARM");
    line(out, "ACTION:DISPLAY");
    line(out, &format!("DESCRIPTION:{}", text(&e.summary)));
    line(out, &format!("TRIGGER:-P{}D", remind_days.max(0)));
    line(out, "END:VALARM");
    line(out, "END:VEVENT");
}

impl Desk {
    /// The calendar on `as_of`: for each request still open, its due date, its next step (when
    /// there is something to do) and, under the APPI, the Art. 39 date; each with an alarm
    /// `remind_days` before (the reminder lead time in the settings when `None`).
    pub fn calendar(&self, as_of: NaiveDate, remind_days: Option<i64>) -> Result<String> {
        let remind_days = match remind_days {
            Some(d) => d,
            None => i64::from(self.settings()?.reminder_lead_days),
        };
        let mut out = String::new();
        line(&mut out, "BEGIN:VCALENDAR");
        line(&mut out, "VERSION:2.0");
        line(&mut out, "PRODID:-//Privacy Desk//pdesk//EN");
        line(&mut out, "CALSCALE:GREGORIAN");
        line(&mut out, "METHOD:PUBLISH");
        line(&mut out, "X-WR-CALNAME:Privacy Desk");
        for row in self.requests(None)? {
            if matches!(row.status, Status::Closed | Status::Draft) {
                continue;
            }
            let v = self.request_view(row.id)?;
            let sequence = v.events.len();
            let who = format!("{} ({}, {})", v.service_name, row.reference, row.kind.code());
            if let (true, Some(due)) = (row.status.is_open(), row.due_date) {
                write_event(
                    &mut out,
                    &Event {
                        uid: format!("{}-due@privacy-desk", row.reference),
                        on: due,
                        summary: format!("Answer due: {who}"),
                        description: format!(
                            "The answer to request {} to {} is due on {due}.",
                            row.reference, v.service_name
                        ),
                        sequence,
                    },
                    as_of,
                    remind_days,
                );
            }
            let mut next = next_step(&v, as_of);
            // A complaint has no due date of its own: the day to ask the regulator is the entry.
            if let (Status::Escalated, Step::Wait, Some(on)) = (row.status, next.step, next.on) {
                next = next_step(&v, on);
            }
            if let (false, Some(on)) = (matches!(next.step, Step::Wait | Step::Done), next.on) {
                write_event(
                    &mut out,
                    &Event {
                        uid: format!("{}-next@privacy-desk", row.reference),
                        on: on.max(as_of),
                        summary: format!("{}: {who}", next.step.words()),
                        description: format!("Next step for request {}: {}.", row.reference, next.step.words()),
                        sequence,
                    },
                    as_of,
                    remind_days,
                );
            }
            if let (Law::Appi, Some(l)) = (row.law, row.earliest_lawsuit_date)
                && row.status.is_open()
            {
                write_event(
                    &mut out,
                    &Event {
                        uid: format!("{}-art39@privacy-desk", row.reference),
                        on: l,
                        summary: format!("APPI Art. 39: a lawsuit is possible from today: {who}"),
                        description: "Two weeks have passed since the request arrived. You may also consult the PPC (個人情報保護委員会)."
                            .into(),
                        sequence,
                    },
                    as_of,
                    remind_days,
                );
            }
        }
        line(&mut out, "END:VCALENDAR");
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_long_lines_folded_on_character_boundaries() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let mut out = String::new();
        line(&mut out, &format!("SUMMARY:{}", "開示請求".repeat(10)));
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "開示請求".repeat(10)));
    }
}
