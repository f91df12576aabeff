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
    return reject((t) => t.argTeamSubcommand({ text: quote(sub.text) }));
  }
  if (first === undefined) return reject((t) => t.argWhichTeam({ example: null }));
  if (op === "create") {
    if (second !== undefined) return reject((t) => t.argTeamOneWord());
    const team = readTeamName(first.text);
    return team === null
      ? reject((t) => t.argNotTeam({ text: quote(first.text) }))
      : accept({ name: "team_create", team });
  }
  if (second === undefined) return reject((t) => t.argTeamAndHandle());
  if (more.length > 0) return reject((t) => t.argTeamOpTakes({ command: `/team ${op}` }));
  // "/team add @maria sales" is an obvious swap; the @ makes it unambiguous.
  const [teamToken, handleToken] =
    first.text.startsWith("@") && !second.text.startsWith("@") ? [second, first] : [first, second];
  const team = readTeamName(teamToken.text);
  if (team === null) return reject((t) => t.argNotTeam({ text: quote(teamToken.text) }));
  const handle = readHandle(handleToken.text);
  if (handle === null) return reject((t) => t.argNotHandle({ text: quote(handleToken.text) }));
  return accept({ name: op === "add" ? "team_add" : "team_remove", team, handle });
}

export const TEAM_SPECS: readonly CommandSpec[] = [
  {
    word: "teams",
    aliases: [],
    family: "teams",
    parseArgs: parseTeamsArgs,
  },
  {
    word: "team",
    aliases: [],
    family: "teams",
    parseArgs: parseTeamArgs,
  },
];
