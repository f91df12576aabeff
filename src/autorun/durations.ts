// Durations as staff type them (SPEC §17.14): `45m`, `2h`, `1h30m`, `1d`, parts largest first, each a
// whole number. Pure: the settings parse with it and the timers add it to a clock reading.
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../domain/window.js";

/** At most 30 days: a follow-up or warning further out than that is a typo, not a policy. */
export const MAX_DURATION_MS = 30 * DAY_MS;

const GRAMMAR = /^(?:(\d{1,5})d)?(?:(\d{1,6})h)?(?:(\d{1,7})m)?$/;

export type DurationProblem = "not_a_duration" | "zero" | "too_long";

export type DurationResult = { ok: true; ms: number } | { ok: false; problem: DurationProblem };

export function parseDuration(typed: string): DurationResult {
  const text = typed.trim().toLowerCase().replaceAll(" ", "");
  const match = GRAMMAR.exec(text);
  if (text === "" || !match) return { ok: false, problem: "not_a_duration" };
  const [, d, h, m] = match;
  const ms = Number(d ?? 0) * DAY_MS + Number(h ?? 0) * HOUR_MS + Number(m ?? 0) * MINUTE_MS;
  if (ms === 0) return { ok: false, problem: "zero" };
  if (ms > MAX_DURATION_MS) return { ok: false, problem: "too_long" };
  return { ok: true, ms };
}

/** The canonical spelling, largest parts first: 90 minutes is `1h30m`, a day and a half `1d12h`. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / MINUTE_MS);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const text = `${d > 0 ? `${d}d` : ""}${h > 0 ? `${h}h` : ""}${m > 0 ? `${m}m` : ""}`;
  return text === "" ? "0m" : text;
}
