// /away, /back, /whoami: about the person typing.
import { type Args, noArguments } from "../args.js";
import type { CommandSpec } from "./spec.js";

// Extra words are refused rather than ignored: "/away until 3pm" would otherwise suggest the bot
// understood a return time that it does not keep.
export const parseAwayArgs = (args: Args) => noArguments(args, { name: "away" }, "away");
export const parseBackArgs = (args: Args) => noArguments(args, { name: "back" }, "back");
export const parseWhoamiArgs = (args: Args) => noArguments(args, { name: "whoami" }, "whoami");

export const SELF_SPECS: readonly CommandSpec[] = [
  {
    word: "away",
    aliases: [],
    family: "self",
    parseArgs: parseAwayArgs,
  },
  {
    word: "back",
    aliases: [],
    family: "self",
    parseArgs: parseBackArgs,
  },
  {
    word: "whoami",
    aliases: [],
    family: "self",
    parseArgs: parseWhoamiArgs,
  },
];
