// /help [command]
import { type Args, type ArgsResult, accept } from "../args.js";
import type { CommandSpec } from "./spec.js";

/**
 * Lenient on purpose: "/help /assign", "/help ASSIGN" and "/help staff add" all ask about one command,
 * and help must never answer a request for help with an error. Whether the topic exists is the handler's
 * question (it has the registry and the person's role).
 */
export function parseHelpArgs(args: Args): ArgsResult {
  const first = args.tokens[0];
  const topic = first === undefined ? "" : first.text.replace(/^\/+/u, "").toLowerCase();
  return accept({ name: "help", topic: topic === "" ? null : topic });
}

export const HELP_SPECS: readonly CommandSpec[] = [
  {
    word: "help",
    aliases: [],
    family: "help",
    parseArgs: parseHelpArgs,
  },
];
