// Every command word, gathered from the family files into one lookup. Adding a command means adding a
// spec to its family file; nothing here switches on words.
import { nearestWord } from "../suggest.js";
import { CONVERSATION_SPECS } from "./conversation.js";
import { FORGET_SPECS } from "./forget.js";
import { HELP_SPECS } from "./help.js";
import { REPLY_SPECS } from "./replies.js";
import { SELF_SPECS } from "./self.js";
import { SETTINGS_SPECS } from "./settings.js";
import type { CommandSpec } from "./spec.js";
import { STAFF_SPECS } from "./staff.js";
import { STATS_SPECS } from "./stats.js";
import { TEAM_SPECS } from "./teams.js";
import { VIEW_SPECS } from "./views.js";

/** In /help order: the everyday commands first. */
export const COMMAND_SPECS: readonly CommandSpec[] = [
  ...HELP_SPECS,
  ...VIEW_SPECS,
  ...STATS_SPECS,
  ...CONVERSATION_SPECS,
  ...REPLY_SPECS,
  ...SELF_SPECS,
  ...STAFF_SPECS,
  ...TEAM_SPECS,
  ...SETTINGS_SPECS,
  ...FORGET_SPECS,
];

/** Words and aliases, in registry order (which also breaks ties between suggestions). */
export const COMMAND_WORDS: readonly string[] = COMMAND_SPECS.flatMap((spec) => [spec.word, ...spec.aliases]);

const BY_WORD: ReadonlyMap<string, CommandSpec> = new Map(
  COMMAND_SPECS.flatMap((spec) => [spec.word, ...spec.aliases].map((word) => [word, spec] as const)),
);

/** The spec for a lowercase word or alias, without "/". */
export function lookupCommand(word: string): CommandSpec | null {
  return BY_WORD.get(word) ?? null;
}

/** The nearest command word or alias for a mistyped word, or null when nothing is close. */
export function suggestCommand(word: string): string | null {
  return nearestWord(word, COMMAND_WORDS);
}
