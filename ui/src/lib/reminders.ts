// The words of a reminder notification; which requests it is about is decided by the core
// (`reminder` command) and the timer lives in App.svelte.
import type { Reminder } from "./ipc";
import { translate, type Key, type Lang } from "./i18n.svelte";
import { kinds, label } from "./labels";

/** The notification's title and body for `reminder` in `lang`. */
export function reminderText(reminder: Reminder, lang: Lang): { title: string; body: string } {
  const r = reminder.first;
  const first = `${r.service_name} – ${label(kinds, r.kind, lang)} (${r.reference})`;
  const key = reminder.kind === "now" ? "reminder.now" : "reminder.soon";
  let body = translate(lang, key, { n: reminder.count, first });
  // What to do about it, as the core derived it (waiting needs no words in a reminder).
  const step = r.next.step;
  if (step !== "wait" && step !== "done") body += `\n${translate(lang, `next.${step}` as Key)}`;
  return { title: translate(lang, "reminder.title"), body };
}

/** Every few hours while the app is open. */
export const REMINDER_INTERVAL_MS = 4 * 60 * 60 * 1000;
