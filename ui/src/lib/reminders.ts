// Which reminder to show, as a pure function of the due list; the timer lives in App.svelte.
import type { DueItem } from "./ipc";

export interface Reminder {
  kind: "overdue" | "due";
  count: number;
  first: DueItem;
}

/** The notification to show for `items` (overdue first), or null when nothing is due. */
export function pickReminder(items: readonly DueItem[]): Reminder | null {
  const overdue = items.filter((i) => i.overdue);
  if (overdue.length > 0) return { kind: "overdue", count: overdue.length, first: overdue[0]! };
  const due = items.filter((i) => !i.overdue);
  if (due.length > 0) return { kind: "due", count: due.length, first: due[0]! };
  return null;
}

/** Every few hours while the app is open. */
export const REMINDER_INTERVAL_MS = 4 * 60 * 60 * 1000;
