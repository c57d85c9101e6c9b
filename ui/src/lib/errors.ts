// Errors from the back end as the UI shows them. Commands answer `{kind, message, field}`;
// Tauri itself rejects with a plain string when arguments do not fit (a malformed value), which
// becomes a validation error carrying that text rather than an empty message.
export type ErrorKind = "validation" | "not_found" | "conflict" | "template" | "storage";

export interface AppErrorShape {
  kind: ErrorKind;
  message: string;
  field: string | null;
}

export function toAppError(e: unknown): AppErrorShape {
  if (e && typeof e === "object" && "kind" in e && "message" in e) {
    const o = e as { kind: ErrorKind; message: unknown; field?: unknown };
    return { kind: o.kind, message: String(o.message), field: typeof o.field === "string" ? o.field : null };
  }
  if (typeof e === "string") return { kind: "validation", message: e, field: null };
  return { kind: "storage", message: e instanceof Error ? e.message : String(e), field: null };
}

/** Whether `s` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
