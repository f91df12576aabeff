// The inbox settings, one entry each: the stored key, the allowed values with what they mean, and the
// default. /settings and /set (handlers/settings.ts) and readSettings (lookup.ts) all read from here, and
// InboxSettings is derived from it, so adding a setting is adding an entry here and nothing else.
//
// Most settings take one of a few words (`values`). A free-form one (a duration, business hours, a time
// zone, a text) has `freeForm` instead: its parser answers the canonical spelling to store, or what is
// wrong with what was typed, and an example the refusal shows (free-form-settings.ts).
import { DEFAULT_AGENT_REASSIGN } from "../domain/policy.js";
import type { Language } from "../texts/catalog.js";
import { FREE_FORM, type FreeForm } from "./free-form-settings.js";

/** `values` maps each allowed value to what it means; a Record over V makes a missing one a type error. */
export type SettingDefinition<V extends string = string> = {
  key: string;
  meaning: string;
  defaultValue: V;
  values: Readonly<Record<V, string>>;
  freeForm?: FreeForm;
};

/** One definition. Its values are the keys of `values` alone, so a default outside them is a type error. */
const setting = <V extends string>(definition: {
  key: string;
  meaning: string;
  defaultValue: NoInfer<V>;
  values: Readonly<Record<V, string>>;
}): SettingDefinition<V> => definition;

/** Keyed by the InboxSettings field each one fills; listed (in /settings) in this order. */
const DEFINITIONS = {
  agentReassign: setting({
    key: "agent_reassign",
    meaning: "which conversations agents may move",
    defaultValue: DEFAULT_AGENT_REASSIGN,
    // What each value allows, short enough for one line on a phone; each reads on its own in /set's answer.
    values: {
      none: "agents keep what they take from New or their teams' queues",
      own: "agents may also hand over their own",
      any: "agents may also take over anyone's, in any team",
    },
  }),
  // SPEC §16: the staff side in another language. The values are the catalog's languages (src/texts).
  language: setting({
    key: "language",
    meaning: "the language of the bot's messages to staff",
    defaultValue: "en",
    values: { en: "English", es: "español" } satisfies Record<Language, string>,
  }),
  // SPEC §12: one tap instead of typing. Off: notices and /assign's choices come as text with commands.
  buttons: setting({
    key: "buttons",
    meaning: "reply buttons and lists in private chats",
    defaultValue: "on",
    values: { on: "notices carry buttons, /assign #N a list", off: "text with the command to type" },
  }),
  seenSignals: setting({
    key: "seen_signals",
    meaning: "customers see their message read when someone takes it or replies",
    defaultValue: "on",
    values: { on: "mark read (typing when someone takes it)", off: "never mark read" },
  }),
  // SPEC §13: the inbox runs itself (src/autorun/). The free-form ones are defined in free-form-settings.ts.
  autoAssign: setting({
    key: "auto_assign",
    meaning: "hand New and team-queue conversations to available agents and managers",
    defaultValue: "off",
    values: {
      off: "people take conversations themselves",
      round_robin: "in turns, in the order people joined the staff",
      balanced: "to whoever has the fewest open conversations",
    },
  }),
  maxOpen: FREE_FORM.maxOpen,
  followUp: FREE_FORM.followUp,
  windowWarning: FREE_FORM.windowWarning,
  hours: FREE_FORM.hours,
  timezone: FREE_FORM.timezone,
  awayMessage: FREE_FORM.awayMessage,
};

type Definitions = typeof DEFINITIONS;

/** The settings in force, one field per definition, typed by its allowed values. */
export type InboxSettings = { [F in keyof Definitions]: Definitions[F]["defaultValue"] };

/** Each definition with the InboxSettings field it fills, in listing order. */
export type SettingEntry = SettingDefinition & { field: keyof InboxSettings };

export const SETTING_DEFINITIONS: readonly SettingEntry[] = (
  Object.keys(DEFINITIONS) as (keyof InboxSettings)[]
).map((field) => ({ field, ...(DEFINITIONS[field] as SettingDefinition) }));

export const allowedValues = (definition: SettingDefinition): string[] => Object.keys(definition.values);

/** Whether a stored or typed value is one this setting takes (a free-form one: as its parser spells it). */
export function isAllowed(definition: SettingDefinition, value: string): boolean {
  if (definition.freeForm) {
    const parsed = definition.freeForm.parse(value);
    return parsed.ok && parsed.value === value;
  }
  return allowedValues(definition).includes(value);
}

/**
 * The value in force for a stored one (undefined when never set). A stored value that is no longer
 * allowed (an older version, a hand edit) reads as the default.
 */
export function settingValue<V extends string>(
  definition: SettingDefinition<V>,
  stored: string | undefined,
): V {
  return stored !== undefined && isAllowed(definition, stored) ? (stored as V) : definition.defaultValue;
}

/** Every setting's value in force, given the stored value of each key. */
export function settingsFrom(stored: (key: string) => string | undefined): InboxSettings {
  const entries = SETTING_DEFINITIONS.map((d) => [d.field, settingValue(d, stored(d.key))]);
  return Object.fromEntries(entries) as InboxSettings;
}
