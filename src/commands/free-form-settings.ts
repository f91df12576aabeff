// The settings that take more than a word (SPEC §13, §17.14): a number, a duration, business hours, a
// time zone, a text. Each parser answers the canonical spelling to store, or what is wrong with what was
// typed; /set turns the problem into a sentence in the reader's language with this setting's example.
import { type DurationProblem, formatDuration, parseDuration } from "../autorun/durations.js";
import { canonicalZone, type HoursProblem, parseHours } from "../autorun/hours.js";
import type { SettingDefinition } from "./setting-definitions.js";

/** Longer than any sensible away message, well under one WhatsApp message (4,096). */
export const AWAY_MESSAGE_LIMIT = 1000;
/** max_open above this is a typo; `none` says "no limit". */
export const MAX_OPEN_LIMIT = 10_000;

export type SettingProblem =
  | { kind: "number" }
  | { kind: "duration"; problem: DurationProblem }
  | { kind: "hours"; problem: HoursProblem }
  | { kind: "zone" }
  | { kind: "text_long"; limit: number }
  | { kind: "text_empty" };

export type FreeFormResult = { ok: true; value: string } | { ok: false; problem: SettingProblem };

export type FreeForm = {
  /** Gets the value as typed (trimmed, case kept); answers what to store. */
  parse: (typed: string) => FreeFormResult;
  /** The forms it takes, for /settings and for a refusal. */
  forms: string;
  /** A whole command that works, shown with a refusal. */
  example: string;
};

const ok = (value: string): FreeFormResult => ({ ok: true, value });

/** `off` or a duration, spelled canonically (90m is stored as 1h30m). */
function durationOrOff(typed: string): FreeFormResult {
  if (typed.trim().toLowerCase() === "off") return ok("off");
  const parsed = parseDuration(typed);
  return parsed.ok
    ? ok(formatDuration(parsed.ms))
    : { ok: false, problem: { kind: "duration", problem: parsed.problem } };
}

const free = (definition: Omit<SettingDefinition<string>, "values"> & { freeForm: FreeForm }) => ({
  ...definition,
  values: {} as Readonly<Record<string, string>>,
});

export const FREE_FORM = {
  maxOpen: free({
    key: "max_open",
    meaning: "auto-assignment never gives a person more open conversations than this",
    defaultValue: "none",
    freeForm: {
      parse: (typed) => {
        const text = typed.trim().toLowerCase();
        if (text === "none") return ok("none");
        if (!/^\d{1,5}$/.test(text) || Number(text) > MAX_OPEN_LIMIT)
          return { ok: false, problem: { kind: "number" } };
        return ok(String(Number(text)));
      },
      forms: "a number (0 = auto-assignment gives nobody anything), or none",
      example: "/set max_open 5",
    },
  }),
  followUp: free({
    key: "follow_up",
    meaning: "remind an owner who has not answered after this long, hand it back after twice as long",
    defaultValue: "off",
    freeForm: {
      parse: durationOrOff,
      forms: "a duration (15m, 2h, 1h30m, 1d), or off",
      example: "/set follow_up 15m",
    },
  }),
  windowWarning: free({
    key: "window_warning",
    meaning: "warn this long before an unanswered customer's 24-hour window closes",
    defaultValue: "2h",
    freeForm: {
      parse: durationOrOff,
      forms: "a duration (45m, 2h, 1h30m), or off",
      example: "/set window_warning 2h",
    },
  }),
  hours: free({
    key: "hours",
    meaning: "business hours: outside them auto-assignment waits and the away message answers",
    defaultValue: "always",
    freeForm: {
      parse: (typed) => {
        const parsed = parseHours(typed);
        return parsed.ok
          ? ok(parsed.text)
          : { ok: false, problem: { kind: "hours", problem: parsed.problem } };
      },
      forms:
        "days and times, e.g. mon-fri 09:00-18:00, sat 10:00-14:00 (22:00-06:00 runs past midnight), or always",
      example: "/set hours mon-fri 09:00-18:00, sat 10:00-14:00",
    },
  }),
  timezone: free({
    key: "timezone",
    meaning: "the time zone of hours and of /stats days",
    defaultValue: "UTC",
    freeForm: {
      parse: (typed) => {
        const zone = canonicalZone(typed);
        return zone === null ? { ok: false, problem: { kind: "zone" } } : ok(zone);
      },
      forms: "an IANA time zone, e.g. Europe/Berlin, America/Mexico_City, UTC",
      example: "/set timezone Europe/Berlin",
    },
  }),
  awayMessage: free({
    key: "away_message",
    meaning: "sent once to a customer who writes outside business hours",
    defaultValue: "off",
    freeForm: {
      parse: (typed) => {
        const text = typed.trim();
        if (text.toLowerCase() === "off") return ok("off");
        if (text === "") return { ok: false, problem: { kind: "text_empty" } };
        if (text.length > AWAY_MESSAGE_LIMIT)
          return { ok: false, problem: { kind: "text_long", limit: AWAY_MESSAGE_LIMIT } };
        return ok(text);
      },
      forms: "the text to send (the rest of the line), or off",
      example: "/set away_message Thanks for writing! We answer Mon-Fri 9-18.",
    },
  }),
};
