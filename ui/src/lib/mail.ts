// Pure helpers for the mail panel.
import type { Account, ImportOutcome, Settings } from "./ipc";

/** How an import went, for one line of text. */
export function importCounts(outcomes: readonly ImportOutcome[]): { matched: number; unmatched: number; duplicates: number; failed: number } {
  const count = (r: string) => outcomes.filter((o) => o.imported?.result === r).length;
  return { matched: count("matched"), unmatched: count("unmatched"), duplicates: count("duplicate"), failed: outcomes.filter((o) => o.error).length };
}

/** How often to check for replies while the app runs, in ms; null when the user did not ask
 * for it or no account reads mail over IMAP. */
export function mailCheckInterval(settings: Settings, accounts: readonly Account[]): number | null {
  if (settings.mail_check_minutes <= 0 || !accounts.some((a) => a.imap_host)) return null;
  return settings.mail_check_minutes * 60 * 1000;
}

/** An RFC 3339 time stamp in the user's locale ("23 Nov 2026, 18:29"); the text as is when it
 * does not parse. */
export function formatStamp(iso: string, locale: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(d);
}

/** The largest message Privacy Desk stores (the core refuses larger ones too). */
export const MAX_MESSAGE_BYTES = 20 * 1024 * 1024;

/** Bytes as standard, padded base64 (how a dropped file crosses to the back end). */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** Which dropped files can be imported as replies, and why the others cannot. */
export function sortDropped(files: readonly { name: string; size: number }[]): { eml: number[]; rejected: { name: string; why: "not_eml" | "too_large" }[] } {
  const eml: number[] = [];
  const rejected: { name: string; why: "not_eml" | "too_large" }[] = [];
  files.forEach((f, i) => {
    if (!/\.eml$/i.test(f.name)) rejected.push({ name: f.name, why: "not_eml" });
    else if (f.size > MAX_MESSAGE_BYTES) rejected.push({ name: f.name, why: "too_large" });
    else eml.push(i);
  });
  return { eml, rejected };
}


/** Checks for replies every `every` ms (nothing when null) and tells how many new ones matched a
 * request; a failed check is skipped quietly (the next one tries again). Returns the stop. */
export function startMailCheck(every: number | null, check: () => Promise<readonly ImportOutcome[]>, tell: (matched: number) => void): () => void {
  if (every === null) return () => {};
  const timer = setInterval(() => {
    check()
      .then((outcomes) => {
        const n = importCounts(outcomes).matched;
        if (n > 0) tell(n);
      })
      .catch(() => {});
  }, every);
  return () => clearInterval(timer);
}
