// The start screen's data, asked for before the rest of the UI has loaded: main.ts calls
// `prefetchStart` and then loads the app, so the query runs while the code is parsed.
import { commands } from "./bindings";

/** The Today screen's window: what falls due within this many days. */
export const START_WINDOW_DAYS = 7;

let pending: ReturnType<typeof commands.todayView> | null = null;

/** Asks for the start screen's data now. */
export function prefetchStart(): void {
  pending = commands.todayView(START_WINDOW_DAYS);
}

/** The prefetched answer, once (the next caller asks afresh). */
export function takeStart(): ReturnType<typeof commands.todayView> | null {
  const p = pending;
  pending = null;
  return p;
}
