import { describe, expect, it, vi } from "vitest";
import { japanese, keys, resolveLang, systemLang, translate } from "./i18n.svelte";
import { href, parseRoute, type Route } from "./router.svelte";
import { daysBetween, formatDate, lines, orNull } from "./format";
import { reminderText } from "./reminders";
import { MAX_MESSAGE_BYTES, startMailCheck, formatStamp, importCounts, mailCheckInterval, sortDropped, toBase64 } from "./mail";
import { confidenceKey, defaultLanguage, emptyForm, evidenceFor, formFromSuggestion, toInput, validate } from "./service-form";
import { detailsKey, needsGrounds, suggest, toNewRequest } from "./request-form";
import { sortRows } from "./sort";
import { printOnly } from "./print";
import { isIsoDate, toAppError } from "./errors";
import type { Account, DueItem, Evidence, RequestRow, Service, SuggestedService } from "./ipc";

describe("i18n", () => {
  it("has a Japanese string for every English one, with the same placeholders", () => {
    for (const k of keys) {
      const ja = japanese[k];
      expect(ja, k).toBeTruthy();
      const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(vars(ja), `placeholders of ${k}`).toEqual(vars(translate("en", k)));
    }
  });
  it("fills placeholders and follows the system language", () => {
    expect(translate("en", "services.count", { n: 3 })).toBe("3 services");
    expect(translate("en", "services.count", { n: 1 })).toBe("1 service");
    expect(translate("en", "services.count", { n: 10000 })).toBe("10,000 services");
    expect(translate("ja", "services.count", { n: 3 })).toBe("3件のサービス");
    expect(systemLang(["ja-JP", "en"])).toBe("ja");
    expect(systemLang(["de-DE"])).toBe("en");
    expect(resolveLang("system", ["ja"])).toBe("ja");
    expect(resolveLang("en", ["ja"])).toBe("en");
  });
});

describe("router", () => {
  it("round-trips every route", () => {
    const routes: Route[] = [
      { name: "today" }, { name: "services" }, { name: "service", id: 3 }, { name: "service-new" },
      { name: "service-edit", id: 4 }, { name: "new", serviceIds: [1, 2] }, { name: "requests" },
      { name: "request", id: 9 }, { name: "profile" }, { name: "settings" },
      { name: "service-from-policy", id: null }, { name: "service-from-policy", id: 5 },
    ];
    for (const r of routes) expect(parseRoute(href(r))).toEqual(r);
  });
  it("falls back to Today on nonsense", () => {
    expect(parseRoute("#/nowhere")).toEqual({ name: "today" });
    expect(parseRoute("#/requests/abc")).toEqual({ name: "requests" });
    expect(parseRoute("#/new?service=1,x,-2")).toEqual({ name: "new", serviceIds: [1] });
  });
});

describe("format", () => {
  it("formats ISO dates without shifting the day", () => {
    expect(formatDate("2026-05-05", "en-US")).toContain("May 5, 2026");
    expect(formatDate("2026-05-05", "ja-JP")).toContain("2026年5月5日");
    expect(formatDate(null, "en-US")).toBe("–");
  });
  it("cleans textarea lines and empty fields", () => {
    expect(lines(" a \n\n b\na\r\n")).toEqual(["a", "b"]);
    expect(orNull("  ")).toBeNull();
    expect(daysBetween("2026-02-28", "2026-03-02")).toBe(2);
  });
});

const waitStep = { step: "wait", on: "2026-02-02", due_now: false, followup: null, lawsuit_possible_from: null, regulator: null } as const;

function due(overdue: boolean, reference: string, next: DueItem["next"] = waitStep): DueItem {
  return {
    id: 1, reference, service_id: 1, service_name: "S", kind: "access", law: "gdpr", status: "sent",
    sent_on: "2026-01-01", due_date: "2026-02-01", earliest_lawsuit_date: null, days_left: overdue ? -3 : 2, overdue, next,
  };
}

describe("reminders", () => {
  it("names how many, the service, the kind, the reference and the step, in the user's language", () => {
    const remind = { ...waitStep, step: "send-reminder", due_now: true, followup: "reminder" } as const;
    const now = reminderText({ kind: "now", count: 3, first: due(true, "PD-2026-BBBB", remind) }, "en");
    expect(now.body).toBe("To do now (3): S – Access / disclosure (PD-2026-BBBB)\nNo answer by the due date: send a reminder");
    const check = reminderText({ kind: "now", count: 1, first: due(false, "PD-2026-BBBB", { ...waitStep, step: "check-reply", due_now: true }) }, "en");
    expect(check.body).toBe("To do now (1): S – Access / disclosure (PD-2026-BBBB)\nRead the reply and record its outcome below");
    const waiting = reminderText({ kind: "soon", count: 1, first: due(false, "PD-2026-BBBB") }, "en");
    expect(waiting.body).toBe("Coming up (1): S – Access / disclosure (PD-2026-BBBB)");
    const soon = reminderText({ kind: "soon", count: 1, first: due(false, "PD-2026-CCCC") }, "ja");
    expect(soon.body).toContain("期限間近 1件");
    expect(soon.body).toContain("PD-2026-CCCC");
  });
});

describe("service form", () => {
  it("needs a name and real addresses", () => {
    const v = emptyForm();
    expect(validate(v)["name"]).toBeDefined();
    v.display_name = "Jsers";
    v.emails = "[email protected]";
    expect(validate(v)["email"]).toBe("[email protected]");
    v.emails = "privacy@jsers.example\n";
    expect(validate(v)).toEqual({});
  });
  it("sends cleared fields as empty so the core clears them", () => {
    const v = emptyForm();
    v.display_name = " Jsers ";
    v.account_ids = "a\n\nb";
    const input = toInput(v);
    expect(input.display_name).toBe("Jsers");
    expect(input.legal_name).toBe("");
    expect(input.account_ids).toEqual(["a", "b"]);
    expect(defaultLanguage("appi")).toBe("ja");
    expect(defaultLanguage("gdpr")).toBe("en");
  });
  it("is filled from a policy's suggestion and saved with the policy's source and date", () => {
    const suggestion: SuggestedService = {
      display_name: "Jsers", legal_name: "Jsers, llc.", website: null, emails: null, postal_address: null, webform_url: null,
      phone: null, law: null, language: null, country: null, data_categories: ["name", "email"], data_other: null,
      account_ids: null, identity_documents: ["passport (copy)"], fees: null, notes: "note", source: "policy",
      policy_source: "policy.html", policy_read_on: "2026-11-23", directory_slug: null,
    };
    const v = formFromSuggestion(suggestion);
    expect([v.display_name, v.legal_name, v.law, v.language, v.identity_documents]).toEqual(["Jsers", "Jsers, llc.", "appi", "ja", "passport (copy)"]);
    expect(v.data_categories).toEqual(["name", "email"]);
    const gdpr = formFromSuggestion({ ...suggestion, law: "gdpr" });
    expect([gdpr.law, gdpr.language]).toEqual(["gdpr", "en"]);
    const input = toInput(v, { source: "policy.html", readOn: "2026-11-23" });
    expect([input.source, input.policy_source, input.policy_read_on]).toEqual(["policy", "policy.html", "2026-11-23"]);
    expect(toInput(v).source).toBeNull();
    const picked = toInput(v, { slug: "jsers" });
    expect([picked.source, picked.directory_slug]).toEqual(["directory", "jsers"]);
  });
  it("shows the surest evidence for each field", () => {
    const ev: Evidence[] = [
      { field: "data_categories", value: "name", sentence: "a definition", confidence: "low" },
      { field: "service_name", value: "Jsers, llc.", sentence: "Jsers, llc. (hereinafter ...)", confidence: "high" },
      { field: "data_categories", value: "email", sentence: "we collect email", confidence: "medium" },
    ];
    expect(evidenceFor("display_name", ev).map((e) => e.sentence)).toEqual(["Jsers, llc. (hereinafter ...)"]);
    expect(evidenceFor("data_categories", ev, "email").map((e) => e.confidence)).toEqual(["medium"]);
    expect(evidenceFor("data_categories", ev).map((e) => e.value)).toEqual(["email", "name"]);
    expect(evidenceFor("phone", ev)).toEqual([]);
    expect(confidenceKey("low")).toBe("confidence.low");
  });
});

describe("request form", () => {
  it("asks for grounds only for APPI stop-use and deletion", () => {
    expect(needsGrounds("stop-use", "appi")).toBe(true);
    expect(needsGrounds("stop-use", "gdpr")).toBe(false);
    expect(needsGrounds("access", "appi")).toBe(false);
    expect(detailsKey("correction")).toBe("new.details.correction");
    expect(detailsKey("portability")).toBe("new.details.other");
  });
  it("suggests the first service's law and post when it has no address", () => {
    const s = { law: "gdpr", language: "de", emails: [] } as unknown as Service;
    expect(suggest(s)).toEqual({ law: "gdpr", language: "de", channel: "post" });
  });
  it("builds the request the core expects", () => {
    const r = toNewRequest({ serviceIds: [1, 2], kind: "access", law: "gdpr", language: "en", channel: "email", details: "  ", grounds: ["leak"], reference: null });
    expect(r.details).toEqual({ text: null, grounds: [] });
    expect(r.service_ids).toEqual([1, 2]);
  });
});

describe("sorting", () => {
  it("sorts by due date with undated rows last", () => {
    const row = (id: number, due_date: string | null) => ({ id, due_date, reference: `R${id}` }) as unknown as RequestRow;
    const out = sortRows([row(1, null), row(2, "2026-03-01"), row(3, "2026-01-01")], "due_date", true);
    expect(out.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(sortRows(out, "due_date", false).map((r) => r.id)).toEqual([2, 3, 1]);
  });
});

describe("errors", () => {
  it("keeps the back end's kind, message and field", () => {
    expect(toAppError({ kind: "validation", message: "email: bad", field: "email" })).toEqual({ kind: "validation", message: "email: bad", field: "email" });
  });
  it("turns Tauri's plain-string rejections into a message, never an empty one", () => {
    expect(toAppError("invalid args `on` for command `mark_sent`")).toEqual({ kind: "validation", message: "invalid args `on` for command `mark_sent`", field: null });
  });
  it("accepts only real calendar dates", () => {
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("1990-02-30")).toBe(false);
    expect(isIsoDate("2026-4-1")).toBe(false);
  });
});

describe("mail", () => {
  it("counts what an import did", () => {
    const c = importCounts([
      { source: "a", imported: { result: "matched", message: 1, request_id: 1, by: "thread" }, error: null },
      { source: "b", imported: { result: "duplicate", message: 1, request_id: 1 }, error: null },
      { source: "c", imported: null, error: "not an e-mail" },
    ]);
    expect(c).toEqual({ matched: 1, unmatched: 0, duplicates: 1, failed: 1 });
  });
  it("checks for replies on a timer only when asked and an account reads IMAP", () => {
    const s = { ui_language: "en", reminder_lead_days: 3, mail_check_minutes: 15, quiet_from: 0, quiet_to: 0, calendar_dir: null };
    const imap = { imap_host: "imap.example.jp" } as Account;
    const smtpOnly = { imap_host: null } as Account;
    expect(mailCheckInterval(s, [smtpOnly, imap])).toBe(15 * 60 * 1000);
    expect(mailCheckInterval(s, [smtpOnly])).toBeNull();
    expect(mailCheckInterval({ ...s, mail_check_minutes: 0 }, [imap])).toBeNull();
  });
  it("shows message times in the user's locale", () => {
    expect(formatStamp("2026-04-27T10:00:00+09:00", "en-US")).toContain("2026");
    expect(formatStamp("not a date", "en-US")).toBe("not a date");
  });
});

describe("dropped replies", () => {
  it("encodes bytes as the back end decodes them, including large files", () => {
    expect(toBase64(new TextEncoder().encode("Man"))).toBe("TWFu");
    expect(toBase64(new TextEncoder().encode("開"))).toBe("6ZaL");
    expect(toBase64(new TextEncoder().encode("ab"))).toBe("YWI=");
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    const back = Uint8Array.from(atob(toBase64(big)), (c) => c.charCodeAt(0));
    expect(back).toEqual(big);
    expect(toBase64(new Uint8Array())).toBe("");
  });
  it("takes .eml files up to the size limit and names the others with the reason", () => {
    const r = sortDropped([
      { name: "reply.EML", size: 10 },
      { name: "scan.pdf", size: 10 },
      { name: "huge.eml", size: MAX_MESSAGE_BYTES + 1 },
      { name: "edge.eml", size: MAX_MESSAGE_BYTES },
    ]);
    expect(r.eml).toEqual([0, 3]);
    expect(r.rejected).toEqual([
      { name: "scan.pdf", why: "not_eml" },
      { name: "huge.eml", why: "too_large" },
    ]);
  });
});

describe("periodic check for replies", () => {
  it("checks every N minutes, tells of matched replies, survives failures and stops", async () => {
    vi.useFakeTimers();
    try {
      const told: number[] = [];
      let calls = 0;
      const outcome = (result: "matched" | "unmatched") =>
        ({ source: "m", error: null, imported: { result, message_id: 1, request_id: 1, matched_by: null } }) as unknown as import("./ipc").ImportOutcome;
      const answers = [() => Promise.resolve([outcome("matched"), outcome("unmatched")]), () => Promise.reject(new Error("offline")), () => Promise.resolve([])];
      const stop = startMailCheck(5 * 60 * 1000, () => (answers[calls++] ?? answers[2]!)(), (n) => told.push(n));
      await vi.advanceTimersByTimeAsync(5 * 60 * 1000 - 1);
      expect(calls).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      expect([calls, ...told]).toEqual([1, 1]);
      await vi.advanceTimersByTimeAsync(10 * 60 * 1000);
      expect(calls).toBe(3);
      expect(told).toEqual([1]);
      stop();
      await vi.advanceTimersByTimeAsync(60 * 60 * 1000);
      expect(calls).toBe(3);
      const none = startMailCheck(null, () => Promise.resolve([]), () => {});
      none();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("printing one letter", () => {
  it("marks only that element while the print dialog is open, and clears the marks after", () => {
    document.body.innerHTML = `<pre id="a">letter</pre><pre id="b">complaint</pre>`;
    const a = document.getElementById("a") as HTMLElement;
    const b = document.getElementById("b") as HTMLElement;
    let seen: string[] = [];
    const print = vi.spyOn(window, "print").mockImplementation(() => {
      seen = [...document.querySelectorAll(".printing")].map((e) => e.id);
    });
    printOnly(a);
    printOnly(b);
    expect(seen).toEqual(["b"]);
    expect(document.body.classList.contains("print-one")).toBe(true);
    window.dispatchEvent(new Event("afterprint"));
    expect(document.querySelectorAll(".printing").length).toBe(0);
    expect(document.body.classList.contains("print-one")).toBe(false);
    expect(print).toHaveBeenCalledTimes(2);
  });
});
