// /settings and /set <key> <value>. Each setting is one entry in SETTING_DEFINITIONS
// (../setting-definitions.ts: key, allowed values with their meaning, default); the listing, the
// validation and readSettings all read from it, so adding a setting is adding an entry there.
import { eq } from "drizzle-orm";
import { settings } from "../../store/schema.js";
import { textsIn } from "../../texts/catalog.js";
import { quote } from "../args.js";
import { type CommandContext, type CommandResult, type HandlerMap, Refusal } from "../context.js";
import { allow, textsOf } from "../lookup.js";
import {
  allowedValues,
  SETTING_DEFINITIONS,
  type SettingDefinition,
  settingValue,
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
function describeValues(definition: SettingDefinition): string {
  return allowedValues(definition)
    .map((value) => `  ${value}: ${definition.values[value]}`)
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
        meaning: definition.meaning,
      }),
      describeValues(definition),
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
    const known = SETTING_DEFINITIONS.map((d) => `${d.key} (${allowedValues(d).join("|")})`).join(", ");
    throw new Refusal(t.noSetting({ key, known }));
  }
  const value = typed.trim().toLowerCase();
  const allowed = allowedValues(definition);
  if (!allowed.includes(value)) {
    const bad = t.badSettingValue({
      key: definition.key,
      typed: quote(typed.trim()),
      allowed: allowed.join(", "),
      fallback: definition.defaultValue,
    });
    throw new Refusal(`${bad}\n${describeValues(definition)}`);
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
  // Answered in the language in force after the change: /set language es is answered in Spanish.
  const after = key === "language" ? textsIn(value) : t;
  const meaning = definition.values[value] ?? "";
  return {
    answer: after.settingChanged({ key: definition.key, value, was: before, meaning }),
    conversationId: null,
  };
}
