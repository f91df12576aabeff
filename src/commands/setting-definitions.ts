// The inbox settings, one entry each: the stored key, the allowed values and the default. /settings and
// /set (handlers/settings.ts) and readSettings (lookup.ts) all read from here, and InboxSettings is derived
// from it, so adding a setting is adding an entry here and its words in the catalog (SPEC §16:
// settingMeanings and settingValueMeanings in src/texts/en-settings.ts and es-settings.ts). The types ask
// for those words: a key or value without a text in the catalog is a type error.
//
// Most settings take one of a few words (`values`). A free-form one (a duration, business hours, a time
// zone, a text) has `freeForm` instead: its parser answers the canonical spelling to store, or what is
// wrong with what was typed, and an example the refusal shows (free-form-settings.ts).
import { DEFAULT_AGENT_REASSIGN } from "../domain/policy.js";
import { type Catalog, LANGUAGES } from "../texts/catalog.js";
import { FREE_FORM, type FreeForm } from "./free-form-settings.js";

/** A setting's key, as stored and typed: one the catalog says the meaning of. */
export type SettingKey = keyof Catalog["settingMeanings"];

/** The values of setting K that the catalog has words for ("K.value" in settingValueMeanings). */
type ValuesWithWords<K extends string> = {
  [P in keyof Catalog["settingValueMeanings"]]: P extends `${K}.${infer V}` ? V : never;
}[keyof Catalog["settingValueMeanings"]];

/** `values` lists the allowed values; what each means is in the reader's catalog (settingValueText). */
export type SettingDefinition<V extends string = string> = {
  key: SettingKey;
  defaultValue: V;
  values: readonly V[];
  freeForm?: FreeForm;
};

/**
 * One definition. Its values are those listed alone, so a default outside them is a type error, and each
 * must have its words in the catalog.
 */
const setting = <K extends SettingKey, const V extends ValuesWithWords<K>>(definition: {
  key: K;
  defaultValue: NoInfer<V>;
  values: readonly V[];
}): SettingDefinition<V> => definition;

/** Keyed by the InboxSettings field each one fills; listed (in /settings) in this order. */
const DEFINITIONS = {
  agentReassign: setting({
    key: "agent_reassign",
    defaultValue: DEFAULT_AGENT_REASSIGN,
    values: ["none", "own", "any"],
  }),
  // SPEC §16: the staff side in another language. The values are the catalog's languages (src/texts).
  language: setting({ key: "language", defaultValue: "en", values: LANGUAGES }),
  // SPEC §12: one tap instead of typing. Off: notices and /assign's choices come as text with commands.
  buttons: setting({ key: "buttons", defaultValue: "on", values: ["on", "off"] }),
  seenSignals: setting({ key: "seen_signals", defaultValue: "on", values: ["on", "off"] }),
  // SPEC §13: the inbox runs itself (src/autorun/). The free-form ones are defined in free-form-settings.ts.
  autoAssign: setting({
    key: "auto_assign",
    defaultValue: "off",
    values: ["off", "round_robin", "balanced"],
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

export const allowedValues = (definition: SettingDefinition): readonly string[] => definition.values;

/** What a setting is for, in the reader's language. */
export const settingMeaning = (t: Catalog, definition: SettingDefinition): string =>
  t.settingMeanings[definition.key];

/** What one allowed value of a one-word setting does, in the reader's language ("" for another value). */
export function settingValueText(t: Catalog, definition: SettingDefinition, value: string): string {
  const texts: Readonly<Record<string, string>> = t.settingValueMeanings;
  return texts[`${definition.key}.${value}`] ?? "";
}

/** The forms a free-form setting takes, in the reader's language ("" for a one-word setting). */
export function settingFormsText(t: Catalog, definition: SettingDefinition): string {
  const texts: Readonly<Record<string, string>> = t.settingForms;
  return texts[definition.key] ?? "";
}

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
