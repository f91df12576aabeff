// The settings that take more than a word (SPEC §13, §17.14): a number, a duration, business hours, a
// time zone, a text. Each parser answers the canonical spelling to store, or what is wrong with what was
// typed; /set turns the problem into a sentence in the reader's language with this setting's example.
// What each one means and the forms it takes are words in the catalog (settingMeanings, settingForms in
// src/texts/en-settings.ts): free() asks for both by type.
import { type DurationProblem, formatDuration, parseDuration } from "../autorun/durations.js";
import { canonicalZone, type HoursProblem, parseHours } from "../autorun/hours.js";
import type { Catalog, Phrase } from "../texts/catalog.js";
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
  /**
   * A whole command that works, shown with a refusal. Commands stay as typed, so it reads the catalog only
   * where it carries free text (away_message).
   */
  example: Phrase;
};

/** A free-form setting's key: one the catalog says the forms of (settingForms), besides its meaning. */
export type FreeFormKey = keyof Catalog["settingForms"];

const ok = (value: string): FreeFormResult => ({ ok: true, value });

/** `off` or a duration, spelled canonically (90m is stored as 1h30m). */
function durationOrOff(typed: string): FreeFormResult {
  if (typed.trim().toLowerCase() === "off") return ok("off");
  const parsed = parseDuration(typed);
  return parsed.ok
    ? ok(formatDuration(parsed.ms))
    : { ok: false, problem: { kind: "duration", problem: parsed.problem } };
}

const free = (definition: { key: FreeFormKey; defaultValue: string; freeForm: FreeForm }) =>
  ({ ...definition, values: [] }) satisfies SettingDefinition;

export const FREE_FORM = {
  maxOpen: free({
    key: "max_open",
    defaultValue: "none",
    freeForm: {
      parse: (typed) => {
        const text = typed.trim().toLowerCase();
        if (text === "none") return ok("none");
        if (!/^\d{1,5}$/.test(text) || Number(text) > MAX_OPEN_LIMIT)
          return { ok: false, problem: { kind: "number" } };
        return ok(String(Number(text)));
      },
      example: () => "/set max_open 5",
    },
  }),
  followUp: free({
    key: "follow_up",
    defaultValue: "off",
    freeForm: {
      parse: durationOrOff,
      example: () => "/set follow_up 15m",
    },
  }),
  windowWarning: free({
    key: "window_warning",
    defaultValue: "2h",
    freeForm: {
      parse: durationOrOff,
      example: () => "/set window_warning 2h",
    },
  }),
  hours: free({
    key: "hours",
    defaultValue: "always",
    freeForm: {
      parse: (typed) => {
        const parsed = parseHours(typed);
        return parsed.ok
          ? ok(parsed.text)
          : { ok: false, problem: { kind: "hours", problem: parsed.problem } };
      },
      example: () => "/set hours mon-fri 09:00-18:00, sat 10:00-14:00",
    },
  }),
  timezone: free({
    key: "timezone",
    defaultValue: "UTC",
    freeForm: {
      parse: (typed) => {
        const zone = canonicalZone(typed);
        return zone === null ? { ok: false, problem: { kind: "zone" } } : ok(zone);
      },
      example: () => "/set timezone Europe/Berlin",
    },
  }),
  awayMessage: free({
    key: "away_message",
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
      example: (t) => t.settingExampleAwayMessage(),
    },
  }),
};
