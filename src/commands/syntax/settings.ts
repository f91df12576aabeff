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
  if (!KEY.test(key)) return reject((t) => t.argNotSetting({ text: quote(keyToken.text) }));
  const value = args.raw.slice(keyToken.end).trim();
  if (value === "") return reject((t) => t.argSettingValue({ key }));
  return accept({ name: "set", key, value });
}

export const SETTINGS_SPECS: readonly CommandSpec[] = [
  {
    word: "settings",
    aliases: [],
    family: "settings",
    parseArgs: parseSettingsArgs,
  },
  {
    word: "set",
    aliases: [],
    family: "settings",
    parseArgs: parseSetArgs,
  },
];
