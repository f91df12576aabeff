// Business hours (SPEC §13, §17.14): parse `mon-fri 09:00-18:00, sat 10:00-14:00` (or `always`), and
// answer "open at this instant?" and "when does it open next?" in an IANA time zone. Pure: the instant
// and the zone are arguments, so tests and the timers drive it with any clock.

export const DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const FULL_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/** Days 0 = Monday … 6 = Sunday; minutes since local midnight; `end` exclusive, 1440 = midnight. */
export type HoursItem = { days: readonly boolean[]; start: number; end: number; text: string };
export type Hours = { always: true } | { always: false; items: readonly HoursItem[] };

export const ALWAYS: Hours = { always: true };

export type HoursProblem =
  | { kind: "empty" }
  | { kind: "item"; item: string }
  | { kind: "day"; item: string; token: string }
  | { kind: "time"; item: string; token: string }
  | { kind: "same"; item: string };

export type HoursResult = { ok: true; hours: Hours; text: string } | { ok: false; problem: HoursProblem };

function dayOf(token: string): number | null {
  const short = DAY_NAMES.indexOf(token as (typeof DAY_NAMES)[number]);
  if (short >= 0) return short;
  const full = FULL_NAMES.indexOf(token);
  return full >= 0 ? full : null;
}

/** `09:00`, `9:00`; `24:00` only as an end (the end is exclusive: up to midnight). */
function minutesOf(token: string, isEnd: boolean): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(token);
  if (!match) return null;
  const h = Number(match[1]);
  const m = Number(match[2]);
  if (m > 59) return null;
  if (h === 24 && m === 0 && isEnd) return 1440;
  if (h > 23) return null;
  return h * 60 + m;
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

function parseItem(raw: string): { ok: true; item: HoursItem } | { ok: false; problem: HoursProblem } {
  const item = raw.trim().replace(/\s+/g, " ");
  const parts = item.split(" ");
  if (parts.length !== 2) return { ok: false, problem: { kind: "item", item } };
  const [daysText = "", timesText = ""] = parts;
  const days = Array.from({ length: 7 }, () => false);
  const dayTokens = daysText.split("-");
  if (dayTokens.length > 2) return { ok: false, problem: { kind: "item", item } };
  const numbers: number[] = [];
  for (const token of dayTokens) {
    const day = dayOf(token);
    if (day === null) return { ok: false, problem: { kind: "day", item, token } };
    numbers.push(day);
  }
  const [from = 0, to = from] = numbers;
  // A range runs forward and may wrap: fri-mon is fri, sat, sun, mon.
  for (let d = from; ; d = (d + 1) % 7) {
    days[d] = true;
    if (d === to) break;
  }
  const times = timesText.split("-");
  if (times.length !== 2) return { ok: false, problem: { kind: "time", item, token: timesText } };
  const [startText = "", endText = ""] = times;
  const start = minutesOf(startText, false);
  if (start === null) return { ok: false, problem: { kind: "time", item, token: startText } };
  const end = minutesOf(endText, true);
  if (end === null) return { ok: false, problem: { kind: "time", item, token: endText } };
  if (start === end % 1440 && end !== 1440) return { ok: false, problem: { kind: "same", item } };
  const daysCanon = dayTokens.map((t) => DAY_NAMES[dayOf(t) ?? 0]).join("-");
  return { ok: true, item: { days, start, end, text: `${daysCanon} ${hhmm(start)}-${hhmm(end)}` } };
}

export function parseHours(typed: string): HoursResult {
  const text = typed.trim().toLowerCase();
  if (text === "") return { ok: false, problem: { kind: "empty" } };
  if (text === "always") return { ok: true, hours: ALWAYS, text: "always" };
  const items: HoursItem[] = [];
  for (const raw of text.split(",")) {
    if (raw.trim() === "") return { ok: false, problem: { kind: "item", item: raw.trim() } };
    const parsed = parseItem(raw);
    if (!parsed.ok) return parsed;
    items.push(parsed.item);
  }
  return { ok: true, hours: { always: false, items }, text: items.map((i) => i.text).join(", ") };
}

/** True when `zone` is a time zone Intl knows; its canonical spelling (europe/berlin → Europe/Berlin). */
export function canonicalZone(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone.trim() }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** The local weekday (0 = Monday) and minute of the day at `instant` in `zone`. */
export function localTime(zone: string, instant: number): { day: number; minute: number } {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(zone, format);
  }
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of format.formatToParts(instant)) {
    if (part.type === "weekday") day = WEEKDAYS[part.value] ?? 0;
    else if (part.type === "hour") hour = Number(part.value) % 24;
    else if (part.type === "minute") minute = Number(part.value);
  }
  return { day, minute: hour * 60 + minute };
}

function itemOpen(item: HoursItem, day: number, minute: number): boolean {
  if (item.start < item.end) return item.days[day] === true && minute >= item.start && minute < item.end;
  // Past midnight (22:00-06:00): the evening of a listed day, and the early hours of the day after it.
  const yesterday = (day + 6) % 7;
  return (
    (item.days[day] === true && minute >= item.start) || (item.days[yesterday] === true && minute < item.end)
  );
}

export function isOpenAt(hours: Hours, zone: string, instant: number): boolean {
  if (hours.always) return true;
  const { day, minute } = localTime(zone, instant);
  return hours.items.some((item) => itemOpen(item, day, minute));
}

const MINUTE = 60_000;

/**
 * The first instant at or after `from` when the hours are open; null only for hours that never open.
 * Walks from one local start time to the next (at most a few per day, over 8 days), then narrows a
 * step that landed inside open hours to the minute it opened: a daylight-saving jump can move an
 * opening off its written time (02:30 on a spring-forward night opens at 03:00).
 */
export function nextOpening(hours: Hours, zone: string, from: number): number | null {
  if (isOpenAt(hours, zone, from)) return from;
  if (hours.always) return from;
  const starts = hours.items.map((i) => i.start);
  let closed = from;
  let t = Math.ceil(from / MINUTE) * MINUTE;
  if (t === from) t += MINUTE;
  for (let step = 0; step < 1000 && t - from <= 9 * 1440 * MINUTE; step++) {
    if (isOpenAt(hours, zone, t)) {
      // Openness is constant within a minute, so the minute `closed` falls in is closed too.
      let lo = Math.floor(closed / MINUTE) * MINUTE;
      let hi = t;
      while (hi - lo > MINUTE) {
        const mid = lo + Math.floor((hi - lo) / MINUTE / 2) * MINUTE;
        if (isOpenAt(hours, zone, mid)) hi = mid;
        else lo = mid;
      }
      return hi;
    }
    const { minute } = localTime(zone, t);
    const waits = starts.map((s) => (s - minute + 1440) % 1440 || 1440);
    closed = t;
    t += Math.min(...waits) * MINUTE;
  }
  return null;
}
