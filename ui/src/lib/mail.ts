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
