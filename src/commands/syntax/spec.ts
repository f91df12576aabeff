// What the registry knows about one command word: its aliases, its family and the parser of its
// arguments. What it is for and how to write it are texts, in the catalog's helpTopics (handlers/help.ts).
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
  family: CommandFamily;
  parseArgs: (args: Args) => ArgsResult;
};
