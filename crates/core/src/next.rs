//! What to do next about a request, and when: derived from its timeline and deadline on a given
//! date (never the clock).
//!
//! The rules, in order:
//! - a draft is to be sent; a closed request needs nothing;
//! - a complaint filed waits for the regulator (three months, the GDPR Art. 78(2) yardstick);
//!   after that, ask the regulator where it stands; its answer starts another three months;
//! - the company asked for proof of identity: answer it (or, if it asks too much, the
//!   `identity` follow-up);
//! - a reply came in without an outcome: check it;
//! - a complete answer (or "no data held"): close;
//! - a partial answer: the `incomplete` follow-up; a refusal: the `refusal` follow-up;
//! - otherwise the company owes an answer by the due date (extended when an extension counts).
//!   Before it: wait. After it, without a follow-up: the `reminder`. A follow-up sets a new
//!   response period of two weeks; when that passes too: complain to the regulator.
//! - APPI: from the Art. 39 date (two weeks after the request arrived) a lawsuit is possible; the
//!   step says so and points to the PPC's consultation line.
//! - A follow-up letter is part of its original's story: once the company answered it (the
//!   answer is recorded on the original too) or let it pass unanswered, the next step is the
//!   original's, and the follow-up says so instead of repeating it.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::desk::RequestView;
use crate::model::{EventKind, Law, Status};

/// The response period a follow-up sets when the law says nothing else.
pub const FOLLOWUP_PERIOD_DAYS: i64 = 14;
/// How long to wait on a regulator before asking it where the complaint stands.
pub const COMPLAINT_PERIOD_DAYS: i64 = 90;

/// What to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// Send the request.
    Send,
    /// Send the proof of identity the company asked for.
    AnswerIdentity,
    /// Read the reply and record what it amounts to.
    CheckReply,
    /// Send a follow-up letter (see `followup`).
    SendFollowup,
    /// No answer by the due date: send the reminder letter.
    SendReminder,
    /// The follow-up went unanswered too: complain to the regulator.
    FileComplaint,
    /// Three months without word from the regulator: ask it where the complaint stands.
    AskRegulator,
    /// Answered: check it is complete and close the request.
    Close,
    /// Nothing to do until `on`.
    Wait,
    /// Closed: nothing left.
    Done,
    /// A follow-up letter whose answer or silence is now the original request's to act on.
    OnOriginal,
}

impl Step {
    /// The step in a few English words (calendar entries, the command line).
    pub fn words(self) -> &'static str {
        match self {
            Step::Send => "Send the request",
            Step::AnswerIdentity => "Send the identity proof asked for",
            Step::CheckReply => "Read the reply and record its outcome",
            Step::SendFollowup => "Send a follow-up letter",
            Step::SendReminder => "Send a reminder: no answer by the due date",
            Step::FileComplaint => "Complain to the regulator",
            Step::AskRegulator => "Ask the regulator where the complaint stands",
            Step::Close => "Check the answer and close the request",
            Step::Wait => "Wait",
            Step::Done => "Done",
            Step::OnOriginal => "Continue on the original request",
        }
    }
}

pub use crate::model::FollowupType;

/// The next step for one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NextStep {
    /// What to do.
    pub step: Step,
    /// When: the day it becomes due (for `wait`, the day the next step starts).
    pub on: Option<NaiveDate>,
    /// Whether it is due on the as-of date.
    pub due_now: bool,
    /// The follow-up letter it offers.
    pub followup: Option<FollowupType>,
    /// APPI: the first day a lawsuit is possible (Art. 39), once it has come.
    pub lawsuit_possible_from: Option<NaiveDate>,
    /// The regulator to consult or complain to, by slug (`ppc`, `ico` ...), when that is the step
    /// or an option.
    pub regulator: Option<String>,
}

/// The regulator for a law, by slug (the built-in list's keys).
pub fn regulator_for(law: Law) -> Option<&'static str> {
    match law {
        Law::Appi => Some("ppc"),
        Law::UkGdpr => Some("gbico"),
        Law::Ccpa => Some("cppa"),
        Law::Lgpd => Some("anpd"),
        Law::Pipeda => Some("opc"),
        Law::Fadp => Some("chedoeb"),
        Law::Pipa => Some("pipc"),
        Law::Pdpa => Some("pdpc"),
        Law::Gdpr | Law::Generic => None,
    }
}

fn step(step: Step, on: Option<NaiveDate>, as_of: NaiveDate) -> NextStep {
    NextStep {
        step,
        on,
        due_now: !matches!(step, Step::Wait | Step::Done | Step::OnOriginal) && on.is_none_or(|d| d <= as_of),
        followup: None,
        lawsuit_possible_from: None,
        regulator: None,
    }
}

/// The next step for a request on `as_of`.
pub fn next_step(v: &RequestView, as_of: NaiveDate) -> NextStep {
    let events = &v.events;
    let last = |kind: EventKind| events.iter().rev().find(|e| e.kind == kind);
    let regulator = regulator_for(v.request.law).map(str::to_owned);
    let lawsuit = v
        .deadline
        .as_ref()
        .and_then(|d| d.earliest_lawsuit_date)
        .filter(|d| *d <= as_of);
    let mut s = match v.status {
        Status::Draft => NextStep {
            // A draft is always ready to send.
            due_now: true,
            ..step(Step::Send, Some(v.request.created_on), as_of)
        },
        Status::Closed => step(Step::Done, None, as_of),
        Status::Escalated => {
            // Three months from the complaint, or from the regulator's latest answer.
            let since = events
                .iter()
                .rev()
                .find(|e| matches!(e.kind, EventKind::ComplaintFiled | EventKind::RegulatorReplied))
                .map(|e| e.on);
            let ask_on = since.map(|f| f + Duration::days(COMPLAINT_PERIOD_DAYS));
            let mut s = match ask_on {
                Some(on) if on <= as_of => step(Step::AskRegulator, Some(on), as_of),
                _ => step(Step::Wait, ask_on, as_of),
            };
            s.regulator = regulator.clone();
            s
        }
        Status::IdentityRequested => {
            let mut s = step(
                Step::AnswerIdentity,
                last(EventKind::IdentityRequested).map(|e| e.on),
                as_of,
            );
            s.followup = Some(FollowupType::Identity);
            s
        }
        _ if last_reply_unread(v) => step(Step::CheckReply, last(EventKind::ReplyReceived).map(|e| e.on), as_of),
        Status::Answered => step(Step::Close, last(EventKind::ReplyReceived).map(|e| e.on), as_of),
        Status::Partial | Status::Refused => {
            let replied = last(EventKind::ReplyReceived).map(|e| e.on);
            let followup_after = last(EventKind::FollowupSent).filter(|f| replied.is_none_or(|r| f.on >= r));
            match followup_after {
                Some(f) => after_followup(f, as_of, regulator.clone()),
                None => {
                    let mut s = step(Step::SendFollowup, replied, as_of);
                    s.followup = Some(if v.status == Status::Partial {
                        FollowupType::Incomplete
                    } else {
                        FollowupType::Refusal
                    });
                    s
                }
            }
        }
        Status::Sent | Status::Acknowledged | Status::Extended => {
            // APPI sets no day count: the answer is owed "without delay", and from the Art. 39
            // date on the company has had its two weeks.
            let due = v.deadline.as_ref().map(|d| {
                let due = d.extended_due_date.unwrap_or(d.due_date);
                match d.earliest_lawsuit_date {
                    Some(l) if v.request.law == Law::Appi => due.min(l - Duration::days(1)),
                    _ => due,
                }
            });
            let followup = last(EventKind::FollowupSent);
            // A follow-up counts once the due date passed, or when it answered a reply (a
            // partial answer or a refusal, after which the request is open again).
            let replied_before = |f: NaiveDate| last(EventKind::ReplyReceived).is_some_and(|r| r.on <= f);
            match (due, followup) {
                (Some(due), Some(f)) if f.on > due || replied_before(f.on) => {
                    after_followup(f, as_of, regulator.clone())
                }
                // An unanswered follow-up letter is not followed up again: the regulator is next.
                (Some(due), _) if as_of > due && v.request.followup.is_some() => {
                    let mut s = step(Step::FileComplaint, Some(due + Duration::days(1)), as_of);
                    s.regulator = regulator.clone();
                    s
                }
                (Some(due), _) if as_of > due => {
                    let mut s = step(Step::SendReminder, Some(due + Duration::days(1)), as_of);
                    s.followup = Some(FollowupType::Reminder);
                    s
                }
                (Some(due), _) => step(Step::Wait, Some(due + Duration::days(1)), as_of),
                (None, _) => step(Step::Wait, None, as_of),
            }
        }
    };
    // What comes of a follow-up letter is acted on from the original request: the complaint
    // (after silence) and the next letter or closing (after an answer, which the original has too).
    if v.request.parent_id.is_some() && matches!(s.step, Step::FileComplaint | Step::SendFollowup | Step::Close) {
        return step(Step::OnOriginal, None, as_of);
    }
    if let Some(l) = lawsuit
        && v.request.law == Law::Appi
        && !matches!(v.status, Status::Answered | Status::Closed | Status::Draft)
    {
        s.lawsuit_possible_from = Some(l);
        s.regulator = regulator;
    }
    s
}

/// The day the request's next step becomes the user's to take, as kept in its summary: the
/// date of that step (it does not depend on the day asked), none when there is nothing to do or
/// only the regulator to wait for.
pub fn next_on(v: &RequestView) -> Option<NaiveDate> {
    let s = next_step(v, v.request.created_on);
    // The step a wait leads to, on the day it ends.
    let then = match (s.step, s.on) {
        (Step::Wait, Some(on)) => next_step(v, on),
        _ => s.clone(),
    };
    if matches!(s.step, Step::Done | Step::OnOriginal) || then.step == Step::OnOriginal {
        None
    } else {
        s.on
    }
}

/// A follow-up letter sets a date to answer by: the one recorded with it (the follow-up letter's
/// own deadline, when Privacy Desk wrote it), else two weeks from sending. After that, the
/// regulator.
fn after_followup(f: &crate::model::Event, as_of: NaiveDate, regulator: Option<String>) -> NextStep {
    let answer_by = f.new_date.unwrap_or(f.on + Duration::days(FOLLOWUP_PERIOD_DAYS));
    let mut s = if as_of > answer_by {
        step(Step::FileComplaint, Some(answer_by + Duration::days(1)), as_of)
    } else {
        step(Step::Wait, Some(answer_by + Duration::days(1)), as_of)
    };
    s.regulator = regulator;
    s
}

/// Whether the newest reply has no outcome and no reply after it has one.
fn last_reply_unread(v: &RequestView) -> bool {
    let replies: Vec<_> = v.events.iter().filter(|e| e.kind == EventKind::ReplyReceived).collect();
    match replies.last() {
        Some(last) if last.outcome.is_none() => true,
        Some(_) => false,
        None => false,
    }
}

/// One open request and its next step.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NextItem {
    /// The request.
    #[serde(flatten)]
    pub row: crate::desk::RequestRow,
    /// What to do.
    pub next: NextStep,
}

impl crate::desk::Desk {
    /// Every request that still needs something, with its next step on `as_of`: what is due
    /// now first (oldest first), then what comes next by date.
    pub fn next_steps(&self, as_of: NaiveDate) -> crate::error::Result<Vec<NextItem>> {
        let mut items = Vec::new();
        for row in self.requests(None)? {
            if row.status == Status::Closed {
                continue;
            }
            let view = self.request_view(row.id)?;
            let next = next_step(&view, as_of);
            if next.step == Step::OnOriginal {
                continue;
            }
            items.push(NextItem { next, row });
        }
        items.sort_by_key(|i| (!i.next.due_now, i.next.on.unwrap_or(NaiveDate::MAX), i.row.id));
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::{Desk, NewRequest, ProfileInput, ServiceInput};
    use crate::model::{Channel, NewEvent, Outcome, RequestDetails, RequestKind};

    fn d(s: &str) -> NaiveDate {
        crate::model::parse_date("date", s).expect("date")
    }

    struct Case {
        desk: Desk,
        id: i64,
        _dir: tempfile::TempDir,
    }

    /// A request under `law`, sent on `sent`.
    fn case(law: Law, sent: Option<&str>) -> Case {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut desk = Desk::open(dir.path(), None).expect("desk");
        desk.set_profile(
            None,
            ProfileInput {
                full_name: Some("Hanako Yamada".into()),
                emails: Some(vec!["hanako@example.jp".into()]),
                ..ProfileInput::default()
            },
        )
        .expect("profile");
        let s = desk
            .add_service(ServiceInput {
                display_name: Some("Jsers".into()),
                emails: Some(vec!["privacy@jsers.example".into()]),
                law: Some(law),
                ..ServiceInput::default()
            })
            .expect("service");
        let r = desk
            .new_requests(
                &NewRequest {
                    service_ids: vec![s.id],
                    kind: RequestKind::Access,
                    law: None,
                    language: None,
                    channel: Some(Channel::Email),
                    details: RequestDetails::default(),
                    profile_id: None,
                    reference: None,
                },
                d("2026-01-02"),
            )
            .expect("request");
        let id = r[0].id;
        if let Some(on) = sent {
            desk.mark_sent(id, d(on), None).expect("sent");
        }
        Case { desk, id, _dir: dir }
    }

    impl Case {
        fn event(&mut self, kind: EventKind, on: &str, e: NewEvent) -> &mut Self {
            self.desk.record_event(self.id, kind, d(on), e).expect("event");
            self
        }
        fn reply(&mut self, on: &str, outcome: Option<Outcome>) -> &mut Self {
            // A reply without an outcome is one imported from mail, not yet read.
            let imported = outcome.is_none();
            self.desk
                .record_event_with(
                    self.id,
                    EventKind::ReplyReceived,
                    d(on),
                    NewEvent {
                        outcome,
                        ..NewEvent::default()
                    },
                    imported,
                    |_| Ok(()),
                )
                .expect("reply");
            self
        }
        fn next(&self, as_of: &str) -> NextStep {
            next_step(&self.desk.request_view(self.id).expect("view"), d(as_of))
        }
    }

    #[test]
    fn no_answer_wait_then_reminder_then_complaint() {
        // GDPR: sent 5 Jan, due 5 Feb.
        let mut c = case(Law::Gdpr, Some("2026-01-05"));
        let s = c.next("2026-01-20");
        assert_eq!((s.step, s.on, s.due_now), (Step::Wait, Some(d("2026-02-06")), false));
        let s = c.next("2026-02-10");
        assert_eq!(
            (s.step, s.followup, s.due_now),
            (Step::SendReminder, Some(FollowupType::Reminder), true)
        );
        assert_eq!(s.on, Some(d("2026-02-06")));
        c.event(
            EventKind::FollowupSent,
            "2026-02-10",
            NewEvent {
                channel: Some(Channel::Email),
                ..NewEvent::default()
            },
        );
        let s = c.next("2026-02-20");
        assert_eq!(
            (s.step, s.on),
            (Step::Wait, Some(d("2026-02-25"))),
            "two weeks to answer the reminder"
        );
        let s = c.next("2026-02-25");
        assert_eq!((s.step, s.due_now), (Step::FileComplaint, true));
    }

    #[test]
    fn an_extension_in_time_moves_the_date_and_a_late_one_does_not() {
        let mut c = case(Law::Gdpr, Some("2026-01-05"));
        c.event(
            EventKind::ExtensionNotified,
            "2026-01-30",
            NewEvent {
                new_date: Some(d("2026-04-05")),
                text: Some("many requests".into()),
                ..NewEvent::default()
            },
        );
        assert_eq!(c.next("2026-03-01").step, Step::Wait, "extended in time");
        let mut late = case(Law::Gdpr, Some("2026-01-05"));
        late.event(
            EventKind::ExtensionNotified,
            "2026-02-20",
            NewEvent {
                new_date: Some(d("2026-04-05")),
                text: Some("late".into()),
                ..NewEvent::default()
            },
        );
        assert_eq!(
            late.next("2026-03-01").step,
            Step::SendReminder,
            "a late notice does not extend"
        );
    }

    #[test]
    fn partial_answers_identity_requests_and_refusals() {
        let mut c = case(Law::Gdpr, Some("2026-01-05"));
        c.reply("2026-01-20", Some(Outcome::Partial));
        let s = c.next("2026-01-21");
        assert_eq!(
            (s.step, s.followup),
            (Step::SendFollowup, Some(FollowupType::Incomplete))
        );

        let mut c = case(Law::Gdpr, Some("2026-01-05"));
        c.event(EventKind::IdentityRequested, "2026-01-08", NewEvent::default());
        let s = c.next("2026-01-09");
        assert_eq!(
            (s.step, s.followup),
            (Step::AnswerIdentity, Some(FollowupType::Identity))
        );

        let mut c = case(Law::Gdpr, Some("2026-01-05"));
        c.reply("2026-01-20", Some(Outcome::Refused));
        assert_eq!(c.next("2026-01-21").followup, Some(FollowupType::Refusal));
        c.event(
            EventKind::FollowupSent,
            "2026-01-22",
            NewEvent {
                channel: Some(Channel::Email),
                ..NewEvent::default()
            },
        );
        assert_eq!(c.next("2026-02-01").step, Step::Wait);
        let s = c.next("2026-02-06");
        assert_eq!((s.step, s.on), (Step::FileComplaint, Some(d("2026-02-06"))));
    }

    #[test]
    fn replies_are_checked_and_complete_answers_closed() {
        let mut c = case(Law::Gdpr, Some("2026-01-05"));
        c.reply("2026-01-20", None);
        assert_eq!(c.next("2026-01-21").step, Step::CheckReply);
        c.reply("2026-01-21", Some(Outcome::Complete));
        assert_eq!(c.next("2026-01-21").step, Step::Close);
        c.event(EventKind::Closed, "2026-01-22", NewEvent::default());
        assert_eq!(c.next("2026-01-22").step, Step::Done);
        assert!(
            c.desk.next_steps(d("2026-01-22")).expect("steps").is_empty(),
            "closed requests need nothing"
        );
        let draft = case(Law::Gdpr, None);
        let s = draft.next("2026-01-03");
        assert_eq!((s.step, s.due_now), (Step::Send, true));
    }

    #[test]
    fn appi_after_the_two_weeks_a_lawsuit_is_possible_and_the_ppc_is_offered() {
        // Sent 20 April 2026: the Art. 39 date is 5 May 2026.
        let c = case(Law::Appi, Some("2026-04-20"));
        let before = c.next("2026-05-04");
        assert_eq!(before.lawsuit_possible_from, None);
        let s = c.next("2026-05-06");
        assert_eq!(s.lawsuit_possible_from, Some(d("2026-05-05")));
        assert_eq!(s.regulator.as_deref(), Some("ppc"));
        assert_eq!((s.step, s.followup), (Step::SendReminder, Some(FollowupType::Reminder)));
        assert_eq!(
            s.on,
            Some(d("2026-05-05")),
            "the reminder is due once the two weeks are over"
        );
    }

    #[test]
    fn an_unanswered_follow_up_letter_leads_to_the_regulator_not_another_reminder() {
        let mut c = case(Law::Gdpr, Some("2026-01-05"));
        let f = c
            .desk
            .new_followup(c.id, FollowupType::Reminder, Vec::new(), None, d("2026-02-10"))
            .expect("follow-up");
        c.desk.mark_sent(f.id, d("2026-02-10"), None).expect("sent");
        let v = c.desk.request_view(f.id).expect("view");
        let s = next_step(&v, d("2026-02-25"));
        assert_eq!(
            (s.step, s.followup, s.due_now),
            (Step::OnOriginal, None, false),
            "the complaint is the original's step; the follow-up points there"
        );
        assert_eq!(
            next_step(&v, d("2026-02-20")).step,
            Step::Wait,
            "two weeks to answer it"
        );
        assert_eq!(c.next("2026-02-25").step, Step::FileComplaint, "the original says it");
        // The complaint is said once, on the original: not again on the follow-up letter.
        let listed: Vec<(i64, Step)> = c
            .desk
            .next_steps(d("2026-02-25"))
            .expect("steps")
            .iter()
            .map(|i| (i.row.id, i.next.step))
            .collect();
        assert_eq!(listed, vec![(c.id, Step::FileComplaint)]);
        let today = c.desk.today(d("2026-02-25"), 7, 10).expect("today");
        assert_eq!(
            today.now.iter().map(|i| (i.row.id, i.next.step)).collect::<Vec<_>>(),
            vec![(c.id, Step::FileComplaint)],
            "the start screen agrees"
        );
        let soon = c.desk.today(d("2026-02-20"), 7, 10).expect("today");
        assert_eq!(
            (soon.now_total, soon.soon.iter().map(|i| i.row.id).collect::<Vec<_>>()),
            (0, vec![c.id]),
            "before the two weeks pass, the original's complaint date is coming up"
        );
    }

    #[test]
    fn an_answer_to_a_follow_up_letter_is_an_answer_to_the_original() {
        let mut c = case(Law::Gdpr, Some("2026-01-05"));
        let f = c
            .desk
            .new_followup(c.id, FollowupType::Reminder, Vec::new(), None, d("2026-02-10"))
            .expect("follow-up");
        c.desk.mark_sent(f.id, d("2026-02-10"), None).expect("sent");
        // The company answers the reminder, in part.
        c.desk
            .record_event(
                f.id,
                EventKind::ReplyReceived,
                d("2026-02-18"),
                NewEvent {
                    outcome: Some(Outcome::Partial),
                    text: Some("sent the data, not the recipients".into()),
                    ..NewEvent::default()
                },
            )
            .expect("reply");
        let original = c.desk.request_view(c.id).expect("view");
        assert_eq!(original.status, Status::Partial, "the original was answered in part");
        let mirrored = original.events.last().expect("an event");
        assert_eq!(
            (mirrored.kind, mirrored.on, mirrored.outcome),
            (EventKind::ReplyReceived, d("2026-02-18"), Some(Outcome::Partial))
        );
        assert!(
            mirrored
                .text
                .as_deref()
                .is_some_and(|t| t.contains(&f.reference) && t.contains("recipients")),
            "the original's timeline names the follow-up and keeps what was said: {:?}",
            mirrored.text
        );
        let s = c.next("2026-03-01");
        assert_eq!(
            (s.step, s.followup),
            (Step::SendFollowup, Some(FollowupType::Incomplete)),
            "not a complaint: the company answered, so the next letter says what is missing"
        );
        let listed: Vec<(i64, Step)> = c
            .desk
            .next_steps(d("2026-03-01"))
            .expect("steps")
            .iter()
            .map(|i| (i.row.id, i.next.step))
            .collect();
        assert_eq!(listed, vec![(c.id, Step::SendFollowup)], "one step, on the original");

        // Closing the original closes the follow-up letter with it.
        c.event(EventKind::Closed, "2026-03-02", NewEvent::default());
        let v = c.desk.request_view(f.id).expect("view");
        assert_eq!(
            v.status,
            Status::Closed,
            "the follow-up's story ended with the original's"
        );
        assert!(c.desk.next_steps(d("2026-03-02")).expect("steps").is_empty());
    }

    #[test]
    fn the_original_follows_the_follow_up_letters_own_deadline() {
        let mut c = case(Law::Gdpr, Some("2026-01-05"));
        let f = c
            .desk
            .new_followup(c.id, FollowupType::Reminder, Vec::new(), None, d("2026-02-10"))
            .expect("follow-up");
        assert!(
            f.body.contains("24 February 2026"),
            "the letter names its date: {}",
            f.body
        );
        // Posted three days after it was written: two weeks from sending.
        let v = c.desk.mark_sent(f.id, d("2026-02-13"), None).expect("sent");
        assert_eq!(
            v.deadline.as_ref().map(|d| (d.due_date, d.strict_alt)),
            Some((d("2026-02-27"), None)),
            "two weeks from sending, with no stricter reading"
        );
        let original = c.desk.request_view(c.id).expect("view");
        let sent = original.events.last().expect("event");
        assert_eq!(
            (sent.kind, sent.new_date),
            (EventKind::FollowupSent, Some(d("2026-02-27"))),
            "the original keeps the date the follow-up runs to"
        );
        assert_eq!(c.next("2026-02-27").step, Step::Wait);
        assert_eq!(c.next("2026-02-28").step, Step::FileComplaint);
    }

    #[test]
    fn a_letter_recorded_as_sent_before_it_was_written_is_dated_the_day_it_was_sent() {
        let c = case(Law::Gdpr, Some("2026-01-05"));
        let mut desk = c.desk;
        let f = desk
            .new_followup(c.id, FollowupType::Reminder, Vec::new(), None, d("2026-03-10"))
            .expect("follow-up");
        assert!(f.body.contains("24 March 2026"), "{}", f.body);
        let v = desk.mark_sent(f.id, d("2026-02-10"), None).expect("sent");
        assert!(
            v.request.body.contains("10 February 2026") && v.request.body.contains("24 February 2026"),
            "the letter kept is dated the day it went out and names two weeks from then:\n{}",
            v.request.body
        );
        assert!(!v.request.body.contains("March"), "{}", v.request.body);
        assert_eq!(v.deadline.as_ref().map(|d| d.due_date), Some(d("2026-02-24")));
        // Sent on the day it was written or later: the letter stays as it was written.
        let later = case(Law::Gdpr, None);
        let mut desk = later.desk;
        let before = desk.request_view(later.id).expect("view").request.body;
        let v = desk.mark_sent(later.id, d("2026-01-09"), None).expect("sent");
        assert_eq!(v.request.body, before, "the letter that went out is kept as it is");
    }

    #[test]
    fn a_complaint_waits_three_months_for_the_regulator_then_asks_where_it_stands() {
        let mut c = case(Law::Appi, Some("2026-04-20"));
        let refused = c
            .desk
            .record_event(c.id, EventKind::RegulatorReplied, d("2026-05-01"), NewEvent::default());
        assert!(
            refused.is_err_and(|e| e.to_string().contains("record `complaint-filed` first")),
            "no answer from a regulator that was never asked"
        );
        c.event(EventKind::ComplaintFiled, "2026-06-01", NewEvent::default());
        let s = c.next("2026-07-01");
        assert_eq!((s.step, s.on, s.due_now), (Step::Wait, Some(d("2026-08-30")), false));
        assert_eq!(s.regulator.as_deref(), Some("ppc"));
        let s = c.next("2026-08-30");
        assert_eq!(
            (s.step, s.due_now, s.regulator.as_deref()),
            (Step::AskRegulator, true, Some("ppc")),
            "three months without word: ask the PPC where the complaint stands"
        );
        let today = c.desk.today(d("2026-08-30"), 7, 10).expect("today");
        assert_eq!(
            today.now.iter().map(|i| (i.row.id, i.next.step)).collect::<Vec<_>>(),
            vec![(c.id, Step::AskRegulator)],
            "the start screen says so too"
        );
        assert_eq!(
            c.desk.today(d("2026-08-25"), 7, 10).expect("today").soon.len(),
            1,
            "and shows it coming within the lead time"
        );
        // The regulator answers: another three months from its answer.
        c.event(
            EventKind::RegulatorReplied,
            "2026-09-02",
            NewEvent {
                text: Some("we have contacted the company".into()),
                ..NewEvent::default()
            },
        );
        let s = c.next("2026-09-10");
        assert_eq!((s.step, s.on), (Step::Wait, Some(d("2026-12-01"))));
        assert_eq!(c.desk.request_view(c.id).expect("view").status, Status::Escalated);
        c.event(EventKind::Closed, "2026-09-20", NewEvent::default());
        assert_eq!(c.next("2026-12-02").step, Step::Done, "closed: nothing more to ask");
    }

    #[test]
    fn quiet_hours_hold_reminders_back() {
        let mut c = case(Law::Gdpr, Some("2026-01-05"));
        let mut s = c.desk.settings().expect("settings");
        assert!(
            c.desk.reminder_at(d("2026-02-10"), 23).expect("reminder").is_some(),
            "no quiet hours by default"
        );
        s.quiet_from = 22;
        s.quiet_to = 8;
        c.desk.set_settings(&s).expect("saved");
        for (hour, quiet) in [
            (21, false),
            (22, true),
            (23, true),
            (0, true),
            (7, true),
            (8, false),
            (12, false),
        ] {
            assert_eq!(
                c.desk.reminder_at(d("2026-02-10"), hour).expect("reminder").is_none(),
                quiet,
                "{hour}:00"
            );
        }
        s.quiet_from = 24;
        assert!(c.desk.set_settings(&s).is_err(), "hours are 0-23");
    }

    #[test]
    fn the_list_puts_what_is_due_now_first() {
        let mut c = case(Law::Gdpr, Some("2026-01-05"));
        let second = c
            .desk
            .new_requests(
                &NewRequest {
                    service_ids: vec![1],
                    kind: RequestKind::Deletion,
                    law: None,
                    language: None,
                    channel: None,
                    details: RequestDetails::default(),
                    profile_id: None,
                    reference: None,
                },
                d("2026-01-10"),
            )
            .expect("draft");
        c.desk.mark_sent(second[0].id, d("2026-02-01"), None).expect("sent");
        let steps = c.desk.next_steps(d("2026-02-10")).expect("steps");
        assert_eq!(steps.len(), 2);
        assert_eq!((steps[0].row.id, steps[0].next.step), (c.id, Step::SendReminder));
        assert_eq!(steps[1].next.step, Step::Wait);
    }
}
