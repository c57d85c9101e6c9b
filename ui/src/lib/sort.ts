// Sorting the request list by a column; missing dates sort last.
import type { RequestRow } from "./ipc";

export type SortKey = "reference" | "service_name" | "kind" | "status" | "sent_on" | "due_date";

export function sortRows(rows: readonly RequestRow[], key: SortKey, ascending: boolean): RequestRow[] {
  const dir = ascending ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[key] ?? null;
    const y = b[key] ?? null;
    if (x === y) return a.id - b.id;
    if (x === null) return 1;
    if (y === null) return -1;
    return String(x).localeCompare(String(y)) * dir;
  });
}
