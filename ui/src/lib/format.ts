// Dates in the user's locale, and small helpers for forms.

/** Formats an ISO date (YYYY-MM-DD) for `locale`, without time-zone shifts. */
export function formatDate(iso: string | null | undefined, locale: string): string {
  if (!iso) return "–";
  const [y, m, d] = iso.split("-").map(Number);
  if (!y || !m || !d) return iso;
  const date = new Date(Date.UTC(y, m - 1, d));
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", weekday: "short", timeZone: "UTC" }).format(date);
}

/** Lines of a textarea as a clean list: trimmed, no blanks, no repeats. */
export function lines(text: string): string[] {
  const out: string[] = [];
  for (const l of text.split(/\r?\n/)) {
    const v = l.trim();
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

/** Empty strings become null, so the back end stores "not given". */
export function orNull(text: string): string | null {
  const v = text.trim();
  return v === "" ? null : v;
}

/** Days from `from` to `to` (ISO dates). */
export function daysBetween(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000);
}
