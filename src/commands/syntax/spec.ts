// What the registry knows about one command word: its usage line and summary as data (for /help and
// for usage answers), and the parser of its arguments.
import type { Args, ArgsResult } from "../args.js";

export type CommandFamily =
  | "help"
  | "views"
  | "conversation"
  | "replies"
  | "self"
  | "staff"
  | "teams"
  | "settings";

export type CommandSpec = {
  /** Without "/", lowercase: what people type. */
  word: string;
  aliases: readonly string[];
  /** "Usage: /assign …"; several forms of one word are joined with " · ". */
  usage: string;
  /** One line for /help. */
  summary: string;
  family: CommandFamily;
  parseArgs: (args: Args) => ArgsResult;
};
