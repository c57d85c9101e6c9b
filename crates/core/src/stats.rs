//! How services answer: per service and per law, the requests made, answered in time or late,
//! still unanswered past the due date, the outcomes, the median days to an answer, and how many
//! follow-up letters it took. A follow-up letter is part of its original request (an answer to
//! it counts there), not a request of its own.

use chrono::NaiveDate;
use serde::Serialize;

use crate::desk::{Desk, RequestView};
use crate::error::Result;
use crate::model::{EventKind, Outcome, Status};

/// The figures for one service or one law.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Stats {
    /// The service's name or the law's code.
    pub key: String,
    /// The service's id (per-service figures only).
    pub service_id: Option<i64>,
    /// Requests made (drafts included; follow-up letters are counted in `followups`).
    pub requests: u32,
    /// Requests sent.
    pub sent: u32,
    /// Requests with an answer (a reply with its outcome).
    pub answered: u32,
    /// Answered by the due date.
    pub in_time: u32,
    /// Answered after the due date.
    pub late: u32,
    /// Sent, unanswered and past the due date on the as-of date.
    pub overdue: u32,
    /// Answers that gave everything asked for.
    pub complete: u32,
    /// Answers that gave part of it.
    pub partial: u32,
    /// Refusals.
    pub refused: u32,
    /// "No data held".
    pub no_data: u32,
    /// The median of days from arrival to the first answer.
    pub median_days_to_answer: Option<f64>,
    /// Follow-up letters sent (reminders, incomplete answers, identity, fee, channel, refusal).
    pub followups: u32,
}

/// One request's contribution.
struct Fact {
    sent: bool,
    answered_in: Option<i64>,
    in_time: Option<bool>,
    overdue: bool,
    outcome: Option<Outcome>,
}

fn fact(v: &RequestView, as_of: NaiveDate) -> Fact {
    let answer = v
        .events
        .iter()
        .find(|e| e.kind == EventKind::ReplyReceived && e.outcome.is_some());
    let due = v.deadline.as_ref().map(|d| d.extended_due_date.unwrap_or(d.due_date));
    let outcome = v
        .events
        .iter()
        .rev()
        .find(|e| e.kind == EventKind::ReplyReceived && e.outcome.is_some())
        .and_then(|e| e.outcome);
    Fact {
        sent: v.status != Status::Draft,
        answered_in: answer.zip(v.received_on).map(|(a, r)| (a.on - r).num_days()),
        in_time: answer.zip(due).map(|(a, d)| a.on <= d),
        overdue: answer.is_none() && v.status.is_open() && due.is_some_and(|d| d < as_of),
        outcome,
    }
}

fn add(s: &mut Stats, f: &Fact, days: &mut Vec<i64>) {
    s.requests += 1;
    s.sent += u32::from(f.sent);
    if let Some(d) = f.answered_in {
        s.answered += 1;
        days.push(d);
    }
    match f.in_time {
        Some(true) => s.in_time += 1,
        Some(false) => s.late += 1,
        None => {}
    }
    s.overdue += u32::from(f.overdue);
    match f.outcome {
        Some(Outcome::Complete) => s.complete += 1,
        Some(Outcome::Partial) => s.partial += 1,
        Some(Outcome::Refused) => s.refused += 1,
        Some(Outcome::NoData) => s.no_data += 1,
        None => {}
    }
}

fn median(mut v: Vec<i64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2] as f64
    } else {
        (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
    })
}

impl Desk {
    /// Figures per service (by name) or, with `by_law`, per law, on `as_of`.
    pub fn stats(&self, as_of: NaiveDate, by_law: bool) -> Result<Vec<Stats>> {
        let mut groups: std::collections::BTreeMap<String, (Stats, Vec<i64>)> = Default::default();
        for row in self.requests(None)? {
            let v = self.request_view(row.id)?;
            let key = if by_law {
                row.law.code().to_owned()
            } else {
                row.service_name.clone()
            };
            let entry = groups
                .entry(format!("{key}\u{0}{}", if by_law { 0 } else { row.service_id }))
                .or_insert_with(|| {
                    (
                        Stats {
                            key: key.clone(),
                            service_id: (!by_law).then_some(row.service_id),
                            ..Stats::default()
                        },
                        Vec::new(),
                    )
                });
            if v.request.parent_id.is_some() {
                entry.0.followups += u32::from(v.status != Status::Draft);
            } else {
                add(&mut entry.0, &fact(&v, as_of), &mut entry.1);
            }
        }
        Ok(groups
            .into_values()
            .map(|(mut s, days)| {
                s.median_days_to_answer = median(days);
                s
            })
            .collect())
    }
}

impl Desk {
    /// How service `id` has answered, on `as_of` (`None` before its first request).
    pub fn service_stats(&self, as_of: NaiveDate, id: i64) -> Result<Option<Stats>> {
        Ok(self.stats(as_of, false)?.into_iter().find(|s| s.service_id == Some(id)))
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The figures as CSV (RFC 4180, CRLF line ends), one row per service or law.
pub fn to_csv(rows: &[Stats]) -> String {
    let mut out = String::from(
        "name,requests,sent,answered,in_time,late,overdue,complete,partial,refused,no_data,median_days_to_answer,followups\r\n",
    );
    for s in rows {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n",
            csv_field(&s.key),
            s.requests,
            s.sent,
            s.answered,
            s.in_time,
            s.late,
            s.overdue,
            s.complete,
            s.partial,
            s.refused,
            s.no_data,
            s.median_days_to_answer.map(|m| m.to_string()).unwrap_or_default(),
            s.followups
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_csv_quoting() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![5, 1, 3]), Some(3.0));
        assert_eq!(median(vec![4, 1, 3, 10]), Some(3.5));
        let csv = to_csv(&[Stats {
            key: "Shop, \"Inc\"".into(),
            requests: 2,
            median_days_to_answer: Some(3.5),
            ..Stats::default()
        }]);
        assert!(
            csv.ends_with("\"Shop, \"\"Inc\"\"\",2,0,0,0,0,0,0,0,0,0,3.5,0\r\n"),
            "{csv}"
        );
    }
}
