// /teams, /team create, /team add, /team remove.
import {
  type Args,
  type ArgsResult,
  accept,
  noArguments,
  quote,
  readHandle,
  readTeamName,
  reject,
} from "../args.js";
import type { CommandSpec } from "./spec.js";

export const parseTeamsArgs = (args: Args) => noArguments(args, { name: "teams" }, "teams");

export function parseTeamArgs(args: Args): ArgsResult {
  const [sub, first, second, ...more] = args.tokens;
  if (sub === undefined) return reject();
  const op = sub.text.toLowerCase();
  if (op !== "create" && op !== "add" && op !== "remove") {
    return reject(`${quote(sub.text)}: use /team create, /team add or /team remove`);
  }
  if (first === undefined) return reject("Which team?");
  if (op === "create") {
    if (second !== undefined) return reject("Team names are one word: letters, digits, _ and -");
    const team = readTeamName(first.text);
    return team === null
      ? reject(`${quote(first.text)} is not a team name`)
      : accept({ name: "team_create", team });
  }
  if (second === undefined) return reject("Give a team and a @handle");
  if (more.length > 0) return reject(`/team ${op} takes a team and one @handle`);
  // "/team add @maria sales" is an obvious swap; the @ makes it unambiguous.
  const [teamToken, handleToken] =
    first.text.startsWith("@") && !second.text.startsWith("@") ? [second, first] : [first, second];
  const team = readTeamName(teamToken.text);
  if (team === null) return reject(`${quote(teamToken.text)} is not a team name`);
  const handle = readHandle(handleToken.text);
  if (handle === null) return reject(`${quote(handleToken.text)} is not a handle`);
  return accept({ name: op === "add" ? "team_add" : "team_remove", team, handle });
}

export const TEAM_SPECS: readonly CommandSpec[] = [
  {
    word: "teams",
    aliases: [],
    usage: "Usage: /teams",
    summary: "the teams and their members",
    family: "teams",
    parseArgs: parseTeamsArgs,
  },
  {
    word: "team",
    aliases: [],
    usage: "Usage: /team create <name> · /team add <name> @handle · /team remove <name> @handle",
    summary: "create a team, add or remove its members",
    family: "teams",
    parseArgs: parseTeamArgs,
  },
];
