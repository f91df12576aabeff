// /settings and /set <key> <value>. Which keys exist and which values they take is the handler's
// business (it knows the settings table); the grammar only finds the key and keeps the value as typed.
import { type Args, type ArgsResult, accept, noArguments, quote, reject } from "../args.js";
import type { CommandSpec } from "./spec.js";

const KEY = /^[a-z][a-z0-9_]{0,63}$/;

export const parseSettingsArgs = (args: Args) => noArguments(args, { name: "settings" }, "settings");

/** Keys are written like agent_reassign; "Agent-Reassign" is read the same way. */
export function parseSetArgs(args: Args): ArgsResult {
  const [keyToken] = args.tokens;
  if (keyToken === undefined) return reject();
  const key = keyToken.text.toLowerCase().replaceAll("-", "_");
  if (!KEY.test(key)) return reject(`${quote(keyToken.text)} is not a setting name`);
  const value = args.raw.slice(keyToken.end).trim();
  if (value === "") return reject(`What should ${key} be?`);
  return accept({ name: "set", key, value });
}

export const SETTINGS_SPECS: readonly CommandSpec[] = [
  {
    word: "settings",
    aliases: [],
    usage: "Usage: /settings",
    summary: "the inbox settings",
    family: "settings",
    parseArgs: parseSettingsArgs,
  },
  {
    word: "set",
    aliases: [],
    usage: "Usage: /set <key> <value>, e.g. /set agent_reassign none|own|any",
    summary: "change an inbox setting",
    family: "settings",
    parseArgs: parseSetArgs,
  },
];
