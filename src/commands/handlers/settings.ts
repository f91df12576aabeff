// /settings and /set <key> <value>. Each setting is one entry in SETTING_DEFINITIONS
// (../setting-definitions.ts: key, allowed values with their meaning, default); the listing, the
// validation and readSettings all read from it, so adding a setting is adding an entry there.
import { eq } from "drizzle-orm";
import { settings } from "../../store/schema.js";
import { quote } from "../args.js";
import { type CommandContext, type CommandResult, type HandlerMap, Refusal } from "../context.js";
import { allow } from "../lookup.js";
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
  const lines = ["Settings:"];
  for (const definition of SETTING_DEFINITIONS) {
    const value = currentValue(ctx, definition);
    lines.push(
      `${definition.key} = ${value} (default ${definition.defaultValue}): ${definition.meaning}`,
      describeValues(definition),
    );
  }
  lines.push("Admins change one with /set <key> <value>.");
  return { answer: lines.join("\n"), conversationId: null };
}

function changeSetting(ctx: CommandContext, key: string, typed: string): CommandResult {
  allow(ctx, { kind: "settings", op: "write" });
  const definition = SETTING_DEFINITIONS.find((d) => d.key === key);
  if (!definition) {
    const known = SETTING_DEFINITIONS.map((d) => `${d.key} (${allowedValues(d).join("|")})`).join(", ");
    throw new Refusal(`There is no setting ${key}. Settings: ${known}. Send /settings for what they mean.`);
  }
  const value = typed.trim().toLowerCase();
  const allowed = allowedValues(definition);
  if (!allowed.includes(value)) {
    throw new Refusal(
      `${definition.key} cannot be ${quote(typed.trim())}. Allowed: ${allowed.join(", ")} (default ${definition.defaultValue}).\n${describeValues(definition)}`,
    );
  }
  const before = currentValue(ctx, definition);
  if (before === value) {
    return { answer: `${definition.key} is already ${value}. Nothing changed.`, conversationId: null };
  }
  ctx.tx
    .insert(settings)
    .values({ key: definition.key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value } })
    .run();
  return {
    answer: `${definition.key} is now ${value} (was ${before}): ${definition.values[value]}. Nobody else was told.`,
    conversationId: null,
  };
}
