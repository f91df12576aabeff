// /stats [today|7d|30d] [@handle|team <name>] (SPEC §14) and /expiring [page] (SPEC §13).

import type { StatsPeriod } from "../../domain/stats-period.js";
import {
  type Args,
  type ArgsResult,
  accept,
  quote,
  readHandle,
  readPositiveInt,
  readTeamName,
  reject,
} from "../args.js";
import type { StatsFilter } from "../command.js";
import type { CommandSpec } from "./spec.js";

const PERIODS: Readonly<Record<string, StatsPeriod>> = { today: "today", "7d": "7d", "30d": "30d" };

/** Period and filter in either order, each at most once. "me" is the person typing. */
export function parseStatsArgs(args: Args): ArgsResult {
  let period: StatsPeriod | null = null;
  let filter: StatsFilter | null = null;
  const tokens = args.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === undefined) break;
    const lower = token.text.toLowerCase();
    const named = PERIODS[lower];
    if (named !== undefined) {
      if (period !== null) return reject("Give one period: today, 7d or 30d");
      period = named;
      continue;
    }
    if (filter !== null) return reject("Give one @handle or team <name>");
    if (lower === "team") {
      const next = tokens[i + 1];
      const team = next === undefined ? null : readTeamName(next.text);
      if (team === null)
        return reject(next === undefined ? "team needs a name" : `${quote(next.text)} is not a team name`);
      filter = { kind: "team", team };
      i++;
    } else if (lower === "me" || lower === "@me") {
      filter = { kind: "me" };
    } else {
      const handle = token.text.startsWith("@") ? readHandle(token.text) : null;
      if (handle === null)
        return reject(`${quote(token.text)} is not today, 7d, 30d, @handle or team <name>`);
      filter = { kind: "handle", handle };
    }
  }
  return accept({ name: "stats", period: period ?? "today", filter });
}

export function parseExpiringArgs(args: Args): ArgsResult {
  const [first, ...more] = args.tokens;
  if (first === undefined) return accept({ name: "expiring", page: 1 });
  const page = readPositiveInt(first.text);
  if (page === null) return reject(`${quote(first.text)} is not a page number`);
  return more.length === 0
    ? accept({ name: "expiring", page })
    : reject("/expiring takes only a page number");
}

export const STATS_SPECS: readonly CommandSpec[] = [
  {
    word: "expiring",
    aliases: [],
    usage: "Usage: /expiring [page]",
    summary: "waiting customers whose window closes soonest",
    family: "views",
    parseArgs: parseExpiringArgs,
  },
  {
    word: "stats",
    aliases: [],
    usage: "Usage: /stats [today|7d|30d] [@handle|team <name>]",
    summary: "the inbox now and over a period",
    family: "views",
    parseArgs: parseStatsArgs,
  },
];
