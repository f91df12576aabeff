// The arithmetic of /stats (SPEC §14): which hours a period covers in the inbox's timezone, and medians
// read from duration bins. Pure: the caller passes `now` and the settings.
import { DAY_MS, HOUR_MS, MINUTE_MS } from "./window.js";

export type StatsPeriod = "today" | "7d" | "30d";
export const STATS_PERIODS: readonly StatsPeriod[] = ["today", "7d", "30d"];
const DAYS: Record<StatsPeriod, number> = { today: 1, "7d": 7, "30d": 30 };

/**
 * The zone /stats counts days in: the `timezone` setting when there is one and it names a zone this
 * runtime knows, else UTC. Read defensively: the setting may not exist (yet) or hold a stale value.
 */
export function statsTimezone(settings: object): string {
  const value = (settings as { timezone?: unknown }).timezone;
  if (typeof value !== "string" || value === "") return "UTC";
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return value;
  } catch {
    return "UTC";
  }
}

/** How far `zone` is ahead of UTC at instant `at`, in ms (negative west of Greenwich). */
export function zoneOffset(zone: string, at: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return local - Math.floor(at / 1000) * 1000;
}

/**
 * The instant the period starts: local midnight `days - 1` days before today in `zone` ("today" starts at
 * this morning's midnight, "7d" six midnights earlier). Found twice because the offset at midnight may
 * differ from the offset now (a daylight-saving change in between).
 */
export function periodStart(now: number, period: StatsPeriod, zone: string): number {
  const local = new Date(now + zoneOffset(zone, now));
  const midnight = Date.UTC(
    local.getUTCFullYear(),
    local.getUTCMonth(),
    local.getUTCDate() - (DAYS[period] - 1),
  );
  let start = midnight - zoneOffset(zone, midnight);
  start = midnight - zoneOffset(zone, start);
  return start;
}

/**
 * The UTC hours (stats_hours.hour) the period reads, first and last included. Counts are kept per UTC
 * hour, so in a zone whose offset is not whole hours (India, Nepal) the first hour starts up to 45 minutes
 * before local midnight.
 */
export function periodHours(now: number, period: StatsPeriod, zone: string): { from: number; to: number } {
  return { from: Math.floor(periodStart(now, period, zone) / HOUR_MS), to: Math.floor(now / HOUR_MS) };
}

/**
 * The bin a duration is counted in: rounded down to the unit it is shown in (minutes under an hour, hours
 * under a day, days), exactly as the triggers of migrations/0009 compute it. Because rounding down keeps
 * the order, a percentile read from the bins is the exact percentile, rounded down as shown.
 */
export function durationBin(ms: number): number {
  const d = Math.max(0, Math.floor(ms));
  if (d < HOUR_MS) return Math.floor(d / MINUTE_MS) * MINUTE_MS;
  if (d < DAY_MS) return Math.floor(d / HOUR_MS) * HOUR_MS;
  return Math.floor(d / DAY_MS) * DAY_MS;
}

/** "<1m", "12m", "5h", "3d": a bin as people read it. */
export function formatBin(bin: number): string {
  if (bin < MINUTE_MS) return "<1m";
  if (bin < HOUR_MS) return `${Math.floor(bin / MINUTE_MS)}m`;
  if (bin < DAY_MS) return `${Math.floor(bin / HOUR_MS)}h`;
  return `${Math.floor(bin / DAY_MS)}d`;
}

export type Bins = ReadonlyMap<number, number>;

/**
 * The nearest-rank percentile (p in (0, 1]) of the durations counted in `bins` (bin → how many): the
 * smallest bin at or below which at least p of them lie. Null when nothing was counted.
 */
export function percentileOf(bins: Bins, p: number): number | null {
  let total = 0;
  for (const n of bins.values()) total += n;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const bin of [...bins.keys()].sort((a, b) => a - b)) {
    seen += bins.get(bin) ?? 0;
    if (seen >= rank) return bin;
  }
  return null;
}

/** Adds `more` into `into` (bin → count). */
export function addBins(into: Map<number, number>, more: Iterable<readonly [number, number]>): void {
  for (const [bin, n] of more) into.set(bin, (into.get(bin) ?? 0) + n);
}
