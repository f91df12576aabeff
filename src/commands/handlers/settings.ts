// /settings and /set <key> <value>. Each setting is one entry in SETTING_DEFINITIONS
// (../setting-definitions.ts: key, allowed values, default); the listing, the validation and readSettings
// all read from it, so adding a setting is adding an entry there. What each setting and value means is
// worded in the reader's catalog (settingMeanings, settingValueMeanings, settingForms; SPEC §16).
import { eq } from "drizzle-orm";
import { autorunConfig } from "../../autorun/config.js";
import { rearmAll } from "../../autorun/rearm.js";
import { settings, settingsHistory } from "../../store/schema.js";
import { type Catalog, textsIn } from "../../texts/catalog.js";
import { quote } from "../args.js";
import { type CommandContext, type CommandResult, type HandlerMap, Refusal } from "../context.js";
import type { SettingProblem } from "../free-form-settings.js";
import { allow, readSettings, textsOf } from "../lookup.js";
import {
  allowedValues,
  SETTING_DEFINITIONS,
  type SettingDefinition,
  settingFormsText,
  settingMeaning,
  settingValue,
  settingValueText,
} from "../setting-definitions.js";

export const SETTINGS_HANDLERS: Pick<HandlerMap, "settings" | "set"> = {
  settings: (ctx) => listSettings(ctx),
  set: (ctx, command) => changeSetting(ctx, command.key, command.value),
};

/** The value in force: the stored one while it is allowed, else the default. */
function currentValue(ctx: CommandContext, definition: SettingDefinition): string {
  return settingValue(
    definition,
    ctx.tx.select().from(settings).where(eq(settings.key, definition.key)).get()?.value,
  );
}

/** One indented line per value, saying what it allows: a phone screen reads lines, not a run-on list. */
function describeValues(t: Catalog, definition: SettingDefinition): string {
  if (definition.freeForm) return `  ${settingFormsText(t, definition)}`;
  return allowedValues(definition)
    .map((value) => `  ${value}: ${settingValueText(t, definition, value)}`)
    .join("\n");
}

function listSettings(ctx: CommandContext): CommandResult {
  allow(ctx, { kind: "settings", op: "read" });
  const t = textsOf(ctx);
  const lines = [t.settingsHeader()];
  for (const definition of SETTING_DEFINITIONS) {
    const value = currentValue(ctx, definition);
    lines.push(
      t.settingLine({
        key: definition.key,
        value,
        fallback: definition.defaultValue,
        meaning: settingMeaning(t, definition),
      }),
      describeValues(t, definition),
    );
  }
  lines.push(t.settingsFooter());
  return { answer: lines.join("\n"), conversationId: null };
}

function changeSetting(ctx: CommandContext, key: string, typed: string): CommandResult {
  allow(ctx, { kind: "settings", op: "write" });
  const t = textsOf(ctx);
  const definition = SETTING_DEFINITIONS.find((d) => d.key === key);
  if (!definition) {
    const known = SETTING_DEFINITIONS.map((d) =>
      d.freeForm ? d.key : `${d.key} (${allowedValues(d).join("|")})`,
    ).join(", ");
    throw new Refusal(t.noSetting({ key, known }));
  }
  const value = definition.freeForm ? freeFormValue(ctx, definition, typed) : typed.trim().toLowerCase();
  const allowed = allowedValues(definition);
  if (!definition.freeForm && !allowed.includes(value)) {
    const bad = t.badSettingValue({
      key: definition.key,
      typed: quote(typed.trim()),
      allowed: allowed.join(", "),
      fallback: definition.defaultValue,
    });
    throw new Refusal(`${bad}\n${describeValues(t, definition)}`);
  }
  const before = currentValue(ctx, definition);
  if (before === value) {
    return { answer: t.settingAlready({ key: definition.key, value }), conversationId: null };
  }
  ctx.tx
    .insert(settings)
    .values({ key: definition.key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value } })
    .run();
  // SPEC §13: every change in the settings history, who and when, from what to what.
  ctx.tx
    .insert(settingsHistory)
    .values({
      key: definition.key,
      oldValue: before,
      newValue: value,
      staffId: ctx.actor.id,
      commandWamid: ctx.message.wamid,
      at: ctx.now,
    })
    .run();
  // The waiting conversations' timers follow a new follow_up or window_warning at once.
  rearmAll(ctx.tx, definition.key, autorunConfig(readSettings(ctx.tx)), ctx.now);
  // Answered in the language in force after the change: /set language es is answered in Spanish.
  const after = key === "language" ? textsIn(value) : t;
  if (definition.freeForm) {
    return {
      answer: after.settingChangedTo({ key: definition.key, value, was: before }),
      conversationId: null,
    };
  }
  return {
    answer: after.settingChanged({
      key: definition.key,
      value,
      was: before,
      meaning: settingValueText(after, definition, value),
    }),
    conversationId: null,
  };
}

/** The value to store for a free-form setting, or a refusal saying what is wrong, with an example. */
function freeFormValue(ctx: CommandContext, definition: SettingDefinition, typed: string): string {
  const freeForm = definition.freeForm;
  if (!freeForm) throw new Error(`${definition.key} is not free-form`);
  const parsed = freeForm.parse(typed.trim());
  if (parsed.ok) return parsed.value;
  const t = textsOf(ctx);
  throw new Refusal(
    t.badFreeSetting({
      key: definition.key,
      typed: quote(typed.trim()),
      why: problemText(t, parsed.problem),
      example: freeForm.example(t),
    }),
  );
}

function problemText(t: Catalog, problem: SettingProblem): string {
  switch (problem.kind) {
    case "number":
      return t.problemNumber();
    case "zone":
      return t.problemZone();
    case "text_empty":
      return t.problemTextEmpty();
    case "text_long":
      return t.problemTextLong({ limit: problem.limit });
    case "duration":
      if (problem.problem === "zero") return t.problemDurationZero();
      return problem.problem === "too_long" ? t.problemDurationLong() : t.problemDuration();
    case "hours": {
      const p = problem.problem;
      if (p.kind === "empty") return t.problemHoursEmpty();
      if (p.kind === "day") return t.problemHoursDay({ token: p.token });
      if (p.kind === "time") return t.problemHoursTime({ token: p.token });
      if (p.kind === "same") return t.problemHoursSame({ item: p.item });
      return t.problemHoursItem({ item: p.item });
    }
  }
}
